// --record on kcurl's own commands and `kcurl record -- CLIENT`: real binary, real sandbox, real
// kubectl v1.32. Files are scanned for the literal token and Secret values; HAR is checked against
// HAR 1.2; the calls `record -- kubectl get pods` lists are exactly the ones `kubectl -v=8` logs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/record/journal.js';
import { CLEAN_PATH, KCURL_BIN, runKcurl } from '../helpers/run-kcurl.js';
import { eventually } from './sandbox-helpers.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { harErrors } from '../unit/record/har-schema.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let dir: string;
const SECRET_VALUE = 'correct-horse-battery-staple';

beforeAll(async () => {
  t = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'kcurl-record-it-'));
  const res = await t.request('POST', '/api/v1/namespaces/default/secrets', {
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, type: 'Opaque', data: { password: Buffer.from(SECRET_VALUE).toString('base64') } },
  });
  expect(res.status).toBe(201);
  // A pod whose container prints a line every 0.2 s, for the logs -f tests.
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'ticker' },
    spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done'] }] },
  };
  expect((await t.request('POST', '/api/v1/namespaces/default/pods', { body: pod })).status).toBe(201);
  for (const name of ['alpha', 'beta']) {
    expect((await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } } })).status).toBe(201);
  }
});

afterAll(async () => {
  await t?.close();
});

const env = () => ({ KUBECONFIG: t.sb.kubeconfigPath });
const secretB64 = () => Buffer.from(SECRET_VALUE).toString('base64');

/** Every literal that must never appear in a recording made without --reveal. */
function leaks(text: string): string[] {
  return [t.sb.adminToken, SECRET_VALUE, secretB64()].filter((v) => text.includes(v));
}

describe('kcurl --record', () => {
  it('journals every exchange of kcurl get (discovery included) with the command line and credential source, redacted', async () => {
    const file = join(dir, 'get.jsonl');
    const r = await runKcurl(['get', 'secrets', '-o', 'json', '--record', file], { env: env() });
    expect(r.stderr).toBe('GET ' + t.sb.url + '/api?timeout=32s (discovery)\nGET ' + t.sb.url + '/apis?timeout=32s (discovery)\nGET ' + t.sb.url + '/api/v1/namespaces/default/secrets?limit=500\n');
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(leaks(text)).toEqual([]);
    const { exchanges, warnings } = parseJournal(text, file);
    expect(warnings).toEqual([]);
    expect(exchanges.map((e) => `${e.role} ${e.request.method} ${e.request.url} ${e.response?.status}`)).toEqual([
      `discovery GET ${t.sb.url}/api?timeout=32s 200`,
      `discovery GET ${t.sb.url}/apis?timeout=32s 200`,
      `call GET ${t.sb.url}/api/v1/namespaces/default/secrets?limit=500 200`,
    ]);
    const call = exchanges[2];
    expect(call.command).toBe(`kcurl get secrets -o json --record ${file}`);
    expect(call.credentials).toBe(`kubeconfig context "kcurl-sandbox" user "kcurl-sandbox-admin"; bearer token from users["kcurl-sandbox-admin"].user.token in ${t.sb.kubeconfigPath}`);
    expect(call.request.headers).toContainEqual(['authorization', '<redacted: bearer token>']);
    const list = JSON.parse(call.response!.body.text);
    expect(list.items.find((s: { metadata: { name: string } }) => s.metadata.name === 'db').data.password).toBe(`<redacted: Secret data value, ${SECRET_VALUE.length} bytes>`);
    expect(call.timings.waitMs).toBeGreaterThan(0);
    // stdout is untouched by recording: the real values are printed as asked.
    expect(r.stdout).toContain(secretB64());
  });

  it('writes a valid HAR 1.2 file with no credential or Secret value in it', async () => {
    const file = join(dir, 'get.har');
    const r = await runKcurl(['get', 'secret', 'db', '-o', 'yaml', '--record', file], { env: env() });
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(leaks(text)).toEqual([]);
    const har = JSON.parse(text);
    expect(harErrors(har)).toEqual([]);
    expect(har.log.creator.name).toBe('kcurl');
    const last = har.log.entries.at(-1);
    expect(last.request.url).toBe(`${t.sb.url}/api/v1/namespaces/default/secrets/db`);
    expect(last.response.status).toBe(200);
    expect(last.response.content.mimeType).toBe('application/json');
    expect(JSON.parse(last.response.content.text).data.password).toMatch(/^<redacted: Secret data value/);
    expect(last._kcurl.command).toBe(`kcurl get secret db -o yaml --record ${file}`);
  });

  it('--reveal keeps the token and the Secret values', async () => {
    const file = join(dir, 'reveal.har');
    const r = await runKcurl(['get', 'secret', 'db', '-o', 'json', '--record', file, '--reveal'], { env: env() });
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(t.sb.adminToken);
    expect(text).toContain(secretB64());
    expect(JSON.parse(text).log.entries.at(-1)._kcurl.revealed).toBe(true);
  });

  it('redacts Secret values in request bodies (create -f) and TokenRequest tokens (create token)', async () => {
    const file = join(dir, 'writes.jsonl');
    const manifest = join(dir, 'secret.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: written\nstringData:\n  password: written-value-987\n');
    const created = await runKcurl(['create', '-f', manifest, '--record', file, '-q'], { env: env() });
    expect(created.code).toBe(0);
    const token = await runKcurl(['create', 'token', 'default', '--record', file, '-q'], { env: env() });
    expect(token.code).toBe(0);
    const issued = token.stdout.trim();
    expect(issued.length).toBeGreaterThan(20);
    const text = readFileSync(file, 'utf8');
    for (const literal of ['written-value-987', Buffer.from('written-value-987').toString('base64'), issued, t.sb.adminToken]) expect(text).not.toContain(literal);
    const { exchanges } = parseJournal(text, file);
    const post = exchanges.find((e) => e.request.method === 'POST' && e.request.url.includes('/secrets'))!;
    expect(JSON.parse(post.request.body!.text).stringData.password).toBe('<redacted: Secret stringData value, 17 bytes>');
    expect(JSON.parse(post.response!.body.text).data.password).toBe('<redacted: Secret data value, 17 bytes>');
    const tr = exchanges.find((e) => e.request.url.includes('/serviceaccounts/default/token'))!;
    expect(JSON.parse(tr.response!.body.text).status.token).toBe('<redacted: service account token>');
  });

  it('an unwritable record path fails with one line before any request is sent', async () => {
    const server: RecordingServer = await startRecordingServer();
    try {
      const kubeconfig = join(server.dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server.url}\n    certificate-authority: ${server.caFile}\nusers:\n- name: u\n  user:\n    token: abc\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\n`,
      );
      const file = join(dir, 'missing-dir', 'x.har');
      const r = await runKcurl(['get', 'pods', '--record', file], { env: { KUBECONFIG: kubeconfig } });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`error: --record ${file}: cannot write the recording: the directory does not exist; choose a writable file path; nothing was sent\n`);
      expect(server.requests).toEqual([]);
      const bad = await runKcurl(['get', 'pods', '--record', join(dir, 'x.txt')], { env: { KUBECONFIG: kubeconfig } });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('the file name must end in .jsonl (a journal written as it happens) or .har (HAR 1.2)');
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

/** The request targets kubectl -v=8 logs (`round_trippers.go:NNN] GET https://host/target`). */
function kubectlCalls(log: string, server: string): string[] {
  return [...log.matchAll(/round_trippers\.go:\d+\] (GET|POST|PUT|PATCH|DELETE|HEAD) (\S+)$/gm)].map((m) => `${m[1]} ${m[2].replace(server, '')}`);
}

/** The calls `kcurl record` lists (`# N. GET https://server/target … → status`). */
function recordedCalls(report: string, server: string): string[] {
  return [...report.matchAll(/^# \d+\. (GET|POST|PUT|PATCH|DELETE|HEAD) (\S+)/gm)].map((m) => `${m[1]} ${m[2].replace(server, '')}`);
}

describe('kcurl logs -f --record', () => {
  it('kill -9 mid-follow leaves a journal holding every chunk received so far', async () => {
    await eventually(async () => ((await t.request('GET', '/api/v1/namespaces/default/pods/ticker')).json().status?.phase === 'Running' ? true : undefined), 'the pod to run');
    const file = join(dir, 'follow.jsonl');
    const child = spawn(process.execPath, [KCURL_BIN, 'logs', '-f', 'ticker', '--record', file, '-q'], {
      env: { PATH: CLEAN_PATH, HOME: dir, KUBECONFIG: t.sb.kubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await eventually(() => (printed.includes('line 3\n') ? true : undefined), 'four log lines');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const { exchanges, warnings } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(warnings).toEqual([]);
    const follow = exchanges.find((e) => e.request.url.includes('/pods/ticker/log'))!;
    expect(follow.request.url).toBe(`${t.sb.url}/api/v1/namespaces/default/pods/ticker/log?container=c&follow=true`);
    expect(follow.streamed).toBe(true);
    expect(follow.complete).toBe(false);
    // Each chunk is recorded before it is printed, so everything printed is in the journal.
    expect(follow.response!.body.text.startsWith(printed)).toBe(true);
    const har = join(dir, 'follow.har');
    const conv = await runKcurl(['replay', file, '--to-har', har]);
    expect(conv.code).toBe(0);
    expect(harErrors(JSON.parse(readFileSync(har, 'utf8')))).toEqual([]);
  });
});

describe('kcurl logs -f --record FILE.har', () => {
  it('Ctrl-C mid-follow writes a valid HAR with the lines received, marked incomplete', async () => {
    await eventually(async () => ((await t.request('GET', '/api/v1/namespaces/default/pods/ticker')).json().status?.phase === 'Running' ? true : undefined), 'the pod to run');
    const file = join(dir, 'follow.har');
    const child = spawn(process.execPath, [KCURL_BIN, 'logs', '-f', 'ticker', '--record', file, '-q'], {
      env: { PATH: CLEAN_PATH, HOME: dir, KUBECONFIG: t.sb.kubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await eventually(() => (printed.includes('line 2\n') ? true : undefined), 'three log lines');
    child.kill('SIGINT');
    await exited;
    const har = JSON.parse(readFileSync(file, 'utf8'));
    expect(harErrors(har)).toEqual([]);
    const entry = har.log.entries.find((e: { request: { url: string } }) => e.request.url.includes('/pods/ticker/log'));
    expect(entry._kcurl).toMatchObject({ streamed: true, complete: false });
    expect(entry.response.content.text.startsWith(printed)).toBe(true);
    expect(entry.response.content.mimeType).toMatch(/^text\/plain/);
  });
});

describe('kcurl record -- CLIENT', () => {
  const kubectl = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

  it.each([[['get', 'pods']], [['get', 'configmaps', '-o', 'yaml']], [['get', 'configmap', 'alpha', 'nope']], [['get', 'cm,secrets', '-A']]])(
    'record -- kubectl %j lists exactly the calls kubectl -v=8 logs, with the same output and exit code',
    async (args) => {
      const direct = await t.kubectl([...args, '-v=8'], { env: { KUBECACHEDIR: mkdtempSync(join(tmpdir(), 'kcurl-kc-')) } });
      const direct8 = kubectlCalls(direct.stderr, t.sb.url);
      expect(direct8.length).toBeGreaterThan(0);
      const rec = await runKcurl(['record', '--', kubectl, ...args], { env: env() });
      expect(recordedCalls(rec.stderr, t.sb.url)).toEqual(direct8);
      const plain = await t.kubectl(args, { env: { KUBECACHEDIR: mkdtempSync(join(tmpdir(), 'kcurl-kc-')) } });
      // Ages are relative to "now" and may tick between the two runs.
      const age = (s: string) => s.replace(/\b\d+[smhd](\d+[smh])?\b/g, 'AGE');
      expect(age(rec.stdout)).toBe(age(plain.stdout));
      expect(rec.code).toBe(plain.code);
      // Discovery is labelled; every call has a runnable curl line with the credential variables.
      expect(rec.stderr).toContain(`# 1. GET ${t.sb.url}/api?timeout=32s (discovery) → 200 OK`);
      const curls = rec.stderr.split('\n').filter((l) => l.startsWith('curl '));
      expect(curls).toHaveLength(direct8.length);
      for (const c of curls) expect(c).toContain('-H "Authorization: Bearer $TOKEN"');
      expect(rec.stderr).not.toContain(t.sb.adminToken);
    },
  );

  it('saves the client exchanges with --record and returns the client exit code', async () => {
    const file = join(dir, 'kubectl.har');
    const rec = await runKcurl(['record', '--record', file, '--', kubectl, 'get', 'secret', 'db', '-o', 'json'], { env: env() });
    expect(rec.code).toBe(0);
    expect(rec.stdout).toContain(secretB64());
    const text = readFileSync(file, 'utf8');
    expect(leaks(text)).toEqual([]);
    const har = JSON.parse(text);
    expect(harErrors(har)).toEqual([]);
    const entry = har.log.entries.at(-1);
    expect(entry.request.url).toBe(`${t.sb.url}/api/v1/namespaces/default/secrets/db`);
    expect(entry._kcurl.command).toBe(`kcurl record --record ${file} -- ${kubectl} get secret db -o json`);
    expect(entry._kcurl.client).toBe('127.0.0.1');
    // kubectl asked for gzip; the HAR keeps the decoded text.
    expect(JSON.parse(entry.response.content.text).kind).toBe('Secret');
  });

  it.each([
    [['sh', '-c', 'exit 3'], 3],
    [['sh', '-c', 'kill -TERM $$'], 143],
  ])('exits with the client status: %j → %i', async (argv, code) => {
    const rec = await runKcurl(['record', '--', ...argv], { env: env() });
    expect(rec.code).toBe(code);
    expect(rec.stderr).toContain('made 0 REST calls');
  });

  it('writes the HAR file when kcurl gets SIGTERM while the client still runs', async () => {
    const file = join(dir, 'interrupted.har');
    const script = `echo pid=$$; ${kubectl} get configmap alpha -o name; echo done; exec sleep 30`;
    const child = spawn(process.execPath, [KCURL_BIN, 'record', '--record', file, '--', 'sh', '-c', script], {
      env: { PATH: CLEAN_PATH, HOME: dir, KUBECONFIG: t.sb.kubeconfigPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await eventually(() => (out.includes('done\n') ? true : undefined), 'the client to finish its kubectl call');
    expect(existsSync(file)).toBe(false);
    child.kill('SIGTERM');
    await eventually(() => (existsSync(file) ? true : undefined), 'the HAR file');
    const har = JSON.parse(readFileSync(file, 'utf8'));
    expect(harErrors(har)).toEqual([]);
    expect(har.log.entries.at(-1).request.url).toBe(`${t.sb.url}/api/v1/namespaces/default/configmaps/alpha`);
    // The client keeps running until it exits; then kcurl reports and exits with its status.
    process.kill(Number(/pid=(\d+)/.exec(out)![1]), 'SIGTERM');
    expect(await exited).toBe(143);
    expect(err).toContain('made 3 REST calls');
  });

  it('names a client that cannot be started', async () => {
    const rec = await runKcurl(['record', '--', 'no-such-client-program'], { env: env() });
    expect(rec.code).toBe(1);
    expect(rec.stderr).toBe('error: kcurl record: cannot run "no-such-client-program": not found on PATH; give the client program and its arguments after --\n');
  });

  it('needs a command', async () => {
    const rec = await runKcurl(['record'], { env: env() });
    expect(rec.code).toBe(1);
    expect(rec.stderr).toContain('kcurl record needs the command to run after --');
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});
