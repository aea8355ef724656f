// Recordings are shared data: a HAR or journal from someone else must not run anything when its
// `replay --to-script` output (or a `kcurl record` report) is run by bash, must not carry credential flags
// of old command lines, and a malformed method, header or target is refused on load in one line naming the
// file, the entry and the value. Recordings and their conversions are created owner-only (0600).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCalls } from '../../src/commands/record/run.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { requireTool } from '../helpers/require-tool.js';
import { kindCredentials } from '../helpers/credentials.js';

let dir: string;
let stubBin: string;
let kubeconfig: string;
const ADMIN_TOKEN = 'admin-canary-token-0123';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcurl-hostile-'));
  // A curl that only prints its arguments, one per line: the script runs without a server, and what
  // curl would have been given is visible.
  stubBin = join(dir, 'bin');
  mkdirSync(stubBin);
  writeFileSync(join(stubBin, 'curl'), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: ${ADMIN_TOKEN}\n`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a text with bash in a fresh directory (curl stubbed) and returns what it left there. */
async function runWithBash(text: string) {
  const bash = requireTool('bash');
  const cwd = mkdtempSync(join(dir, 'run-'));
  writeFileSync(join(cwd, 'script.sh'), text);
  const run = await runProcess(bash, ['script.sh'], { env: { PATH: `${stubBin}:${CLEAN_PATH}`, HOME: cwd, KUBECONFIG: kubeconfig }, cwd });
  return { ...run, files: readdirSync(cwd).filter((f) => f !== 'script.sh') };
}

function harEntry(over: {
  method?: string;
  url?: string;
  headers?: { name: string; value: string }[];
  statusText?: string;
  command?: string;
  respHeaders?: { name: string; value: string }[];
}) {
  return {
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 1,
    request: {
      method: over.method ?? 'GET',
      url: over.url ?? 'https://127.0.0.1:1/api/v1/namespaces/default/configmaps',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: over.headers ?? [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: over.statusText ?? 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: over.respHeaders ?? [{ name: 'Content-Type', value: 'application/json' }],
      content: { size: 2, mimeType: 'application/json', text: '{}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 2,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
    _kcurl: { id: 'x-1', command: over.command ?? 'kcurl get configmaps', credentials: 'kubeconfig', client: 'kcurl', streamed: false, complete: true },
  };
}

const writeHar = (name: string, entries: unknown[]) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries } }));
  return file;
};

describe('replay --to-script of a hostile recording', () => {
  it('prints every recorded value as a comment line or a quoted word: bash runs nothing of it', async () => {
    const file = writeHar('hostile.har', [
      harEntry({
        // Backquotes and $ are token characters: a valid method that a shell would run unquoted.
        method: "POST`touch$IFS''pwned-method`",
        url: "https://127.0.0.1:1/api/v1/namespaces/default/configmaps/x'$(touch$IFS./pwned-target)'",
        headers: [{ name: "X-A`touch$IFS''pwned-header-name`", value: "v'$(touch ./pwned-header-value)'" }],
        statusText: 'OK $(touch ./pwned-status) `touch ./pwned-status2`',
        command: `kcurl get configmaps --token sekrit-canary --server https://x\n touch ./pwned-command`,
      }),
    ]);
    const script = await runKcurl(['replay', file, '--to-script'], { env: { KUBECONFIG: kubeconfig } });
    expect(script.stderr).toBe('');
    expect(script.code).toBe(0);
    // The recorded command line of an old recording loses its credential flag values on load.
    expect(script.stdout).not.toContain('sekrit-canary');
    expect(script.stdout).toContain("# recorded from: kcurl get configmaps --token '<redacted>' --server https://x touch ./pwned-command");
    const run = await runWithBash(script.stdout);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.files).toEqual([]);
    // curl gets the recorded values back as single words.
    const args = run.stdout.split('\n');
    expect(args).toContain("POST`touch$IFS''pwned-method`");
    // (the header name as Go canonicalises it)
    expect(args.filter((a) => a.startsWith('X-A`touch$') && a.endsWith(": v'$(touch ./pwned-header-value)'"))).toHaveLength(1);
    expect(args).toContain("https://127.0.0.1:1/api/v1/namespaces/default/configmaps/x'$(touch$IFS./pwned-target)'");
  });

  it.each([
    ['a method that is not a token', { method: 'GET $(touch pwned)' }, `log.entries[0]: request.method "GET $(touch pwned)" is not an HTTP method`],
    ['a method with a line break', { method: 'GET\ntouch pwned' }, 'log.entries[0]: request.method "GET\\ntouch pwned" is not an HTTP method'],
    ['a header name with a space', { headers: [{ name: 'X A', value: 'v' }] }, 'log.entries[0]: request.headers[0].name "X A" is not a header name'],
    [
      'a header value with a line break',
      { headers: [{ name: 'X-A', value: 'v\r\nX-B: w' }] },
      'log.entries[0]: request.headers[0].value "v\\r\\nX-B: w" is not a header value',
    ],
    ['a target with a space', { url: 'https://h/api/v1/pods x' }, 'log.entries[0]: request.url "https://h/api/v1/pods x" is not an http or https URL'],
    ['a target that is not http', { url: 'file:///etc/passwd' }, 'log.entries[0]: request.url "file:///etc/passwd" is not an http or https URL'],
    ['a status text with a line break', { statusText: 'OK\nX: y' }, 'log.entries[0]: response.statusText "OK\\nX: y" is not a status text'],
    [
      'a response header name that is not a token',
      { respHeaders: [{ name: 'Content Type', value: 'x' }] },
      'log.entries[0]: response.headers[0].name "Content Type" is not a header name',
    ],
  ])('refuses %s on load, in one line naming the file, the entry and the value', async (_name, over, message) => {
    const file = writeHar('bad.har', [harEntry(over)]);
    for (const mode of [['--to-script'], ['--to-har', join(dir, 'out.har')], ['--serve', '--port', '0']]) {
      const r = await runKcurl(['replay', file, ...mode], { env: { KUBECONFIG: kubeconfig } });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`error: ${file}: ${message}`);
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('error:')),
      ).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(dir, 'out.har'))).toBe(false);
  });

  it.each([
    ['an exchange without a request URL', { id: 'a-1', request: { method: 'GET', headers: [] } }, ':2: exchange record without request.url (a string)'],
    [
      'an exchange without an id',
      { request: { method: 'GET', url: 'http://h/', headers: [] } },
      ':2: exchange record without id (a string naming the exchange)',
    ],
    [
      'an exchange whose headers are not pairs',
      { id: 'a-1', request: { method: 'GET', url: 'http://h/', headers: {} } },
      ':2: exchange record without request.headers (a list of [name, value] pairs)',
    ],
    [
      'an exchange with a command that is not text',
      { id: 'a-1', command: 3, request: { method: 'GET', url: 'http://h/', headers: [] } },
      ':2: exchange record without command (a string)',
    ],
    ['a chunk without data', { id: 'a-1' }, ':2: chunk record without id or data (strings)'],
  ])('refuses a journal with %s in one line naming the file, the line and the field', async (name, record, message) => {
    const file = join(dir, 'bad.jsonl');
    const rec = { record: name.startsWith('a chunk') ? 'chunk' : 'exchange', ...record };
    writeFileSync(file, `{"record":"kcurl-journal","version":1}\n${JSON.stringify(rec)}\n`);
    const r = await runKcurl(['replay', file, '--to-script'], { env: { KUBECONFIG: kubeconfig } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${file}${message}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('kcurl record report', () => {
  it('prints the client command line redacted, and every recorded value as a comment or a quoted word', async () => {
    const report = renderCalls(
      ['kubectl', 'get', 'cm', '--token', 'sekrit-canary', "x'\n touch ./pwned-argv"],
      [
        {
          method: 'POST',
          target: "/api/v1/namespaces/default/secrets?x='$(touch$IFS./pwned-target)'",
          headers: [
            ['content-type', 'application/json'],
            ['x-a', '$(touch ./pwned-header)'],
          ],
          body: Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'stringdata-canary' } })),
          status: 201,
          statusText: 'Created',
          ms: 1,
          client: '127.0.0.1',
          error: 'reset\n touch ./pwned-error',
          streaming: false,
        },
      ],
      kindCredentials(),
      false,
    );
    expect(report).not.toContain('sekrit-canary');
    expect(report).not.toContain('stringdata-canary');
    expect(report).toContain("# kubectl get cm --token '<redacted>'");
    const run = await runWithBash(report);
    expect(run.files).toEqual([]);
    expect(run.code).toBe(0);
  });
});

describe('recordings are created owner-only', () => {
  it.each(['a.jsonl', 'a.har'])('--record %s and replay --to-har are 0600', async (name) => {
    const file = join(dir, name);
    // The server is unreachable: the recording still holds the failed exchange.
    const r = await runKcurl(['get', 'configmaps', '--record', file, '--request-timeout', '2s'], { env: { KUBECONFIG: kubeconfig } });
    expect(r.code).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const out = join(dir, `converted-${name}.har`);
    expect((await runKcurl(['replay', file, '--to-har', out], { env: { KUBECONFIG: kubeconfig } })).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});
