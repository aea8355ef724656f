// --record on kcurl's own commands and `kcurl record -- CLIENT`: real binary, real sandbox, real
// kubectl v1.32. Files are scanned for the literal token and Secret values; HAR is checked against
// HAR 1.2; the calls `record -- kubectl get pods` lists are exactly the ones `kubectl -v=8` logs.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/record/journal.js';
import { KCURL_BIN, runKcurl, spawnKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH } from '../helpers/spawn.js';
import { eventually } from './sandbox-helpers.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { harErrors } from '../unit/record/har-schema.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { requireTool } from '../helpers/require-tool.js';
import { withoutVolatile } from '../../src/record/compare.js';
import { jsonDocuments } from './record-helpers.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { normaliseAges } from '../helpers/ages.js';

let t: TestSandbox;
let dir: string;
const SECRET_VALUE = 'correct-horse-battery-staple';

beforeAll(async () => {
  t = await startTestSandbox();
  dir = tempDir('kcurl-record-it-');
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
    expect(
      (
        await t.request('POST', '/api/v1/namespaces/default/configmaps', {
          body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } },
        })
      ).status,
    ).toBe(201);
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
    expect(r.stderr).toBe(
      'GET ' +
        t.sb.url +
        '/api?timeout=32s (discovery)\nGET ' +
        t.sb.url +
        '/apis?timeout=32s (discovery)\nGET ' +
        t.sb.url +
        '/api/v1/namespaces/default/secrets?limit=500\n',
    );
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
    expect(call.credentials).toBe(
      `kubeconfig context "kcurl-sandbox" user "kcurl-sandbox-admin"; bearer token from users["kcurl-sandbox-admin"].user.token in ${t.sb.kubeconfigPath}`,
    );
    expect(call.request.headers).toContainEqual(['authorization', '<redacted: bearer token>']);
    const list = JSON.parse(call.response!.body.text);
    expect(list.items.find((s: { metadata: { name: string } }) => s.metadata.name === 'db').data.password).toBe(
      `<redacted: Secret data value, ${SECRET_VALUE.length} bytes>`,
    );
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
    for (const literal of ['written-value-987', Buffer.from('written-value-987').toString('base64'), issued, t.sb.adminToken])
      expect(text).not.toContain(literal);
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
      expect(r.stderr).toBe(
        `error: --record ${file}: cannot write the recording: the directory does not exist; choose a writable file path; nothing was sent\n`,
      );
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

/**
 * kubectl describe builds the events field selector from a Go map, so its terms come in a different order
 * on every run: they are sorted before two runs are compared.
 */
const sortedFieldSelector = (target: string) =>
  target.replace(/fieldSelector=([^&]*)/, (_m, v: string) => `fieldSelector=${v.split('%2C').sort().join('%2C')}`);

/** The request targets kubectl -v=8 logs (`round_trippers.go:NNN] GET https://host/target`). */
function kubectlCalls(log: string, server: string): string[] {
  return [...log.matchAll(/round_trippers\.go:\d+\] (GET|POST|PUT|PATCH|DELETE|HEAD) (\S+)$/gm)].map(
    (m) => `${m[1]} ${sortedFieldSelector(m[2].replace(server, ''))}`,
  );
}

/** The calls `kcurl record` lists (`# N. GET https://server/target … → status`). */
function recordedCalls(report: string, server: string): string[] {
  return [...report.matchAll(/^# \d+\. (GET|POST|PUT|PATCH|DELETE|HEAD) (\S+)/gm)].map((m) => `${m[1]} ${sortedFieldSelector(m[2].replace(server, ''))}`);
}

/** `kcurl logs -f ticker --record FILE -q`, left running. */
const followTicker = (file: string) => spawnKcurl(['logs', '-f', 'ticker', '--record', file, '-q'], { HOME: dir, KUBECONFIG: t.sb.kubeconfigPath });

describe('kcurl logs -f --record', () => {
  it('kill -9 mid-follow leaves a journal holding every chunk received so far', async () => {
    await eventually(
      async () => ((await t.request('GET', '/api/v1/namespaces/default/pods/ticker')).json().status?.phase === 'Running' ? true : undefined),
      'the pod to run',
    );
    const file = join(dir, 'follow.jsonl');
    const run = followTicker(file);
    await eventually(() => (run.out().includes('line 3\n') ? true : undefined), 'four log lines');
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const printed = run.out();
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
    await eventually(
      async () => ((await t.request('GET', '/api/v1/namespaces/default/pods/ticker')).json().status?.phase === 'Running' ? true : undefined),
      'the pod to run',
    );
    const file = join(dir, 'follow.har');
    const run = followTicker(file);
    await eventually(() => (run.out().includes('line 2\n') ? true : undefined), 'three log lines');
    run.child.kill('SIGINT');
    await run.exited;
    const printed = run.out();
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

  it.each([
    [['get', 'pods']],
    [['get', 'configmaps', '-o', 'yaml']],
    [['get', 'configmap', 'alpha', 'nope']],
    [['get', 'cm,secrets', '-A']],
    [['describe', 'configmap', 'alpha']],
    [['api-resources', '--namespaced=false']],
    [['auth', 'can-i', 'delete', 'secrets']],
  ])('record -- kubectl %j lists exactly the calls kubectl -v=8 logs, with the same output and exit code', async (args) => {
    const direct = await t.kubectl([...args, '-v=8'], { env: { KUBECACHEDIR: tempDir('kcurl-kc-') } });
    const direct8 = kubectlCalls(direct.stderr, t.sb.url);
    expect(direct8.length).toBeGreaterThan(0);
    const rec = await runKcurl(['record', '--', kubectl, ...args], { env: env() });
    expect(recordedCalls(rec.stderr, t.sb.url)).toEqual(direct8);
    const plain = await t.kubectl(args, { env: { KUBECACHEDIR: tempDir('kcurl-kc-') } });
    // Ages are relative to "now" and may tick between the two runs.
    expect(normaliseAges(rec.stdout)).toBe(normaliseAges(plain.stdout));
    expect(rec.code).toBe(plain.code);
    // Discovery is labelled; every call has a runnable curl line with the credential variables.
    expect(rec.stderr).toContain(`# 1. GET ${t.sb.url}/api?timeout=32s (discovery) → 200 OK`);
    const curls = rec.stderr.split('\n').filter((l) => l.startsWith('curl '));
    expect(curls).toHaveLength(direct8.length);
    for (const c of curls) expect(c).toContain('-H "Authorization: Bearer $TOKEN"');
    expect(rec.stderr).not.toContain(t.sb.adminToken);
  });

  it('prints a report that bash runs: its curl lines get the responses the client got', async () => {
    const file = join(dir, 'report.jsonl');
    const rec = await runKcurl(['record', '--record', file, '--', kubectl, 'get', 'configmaps', '-o', 'json'], { env: env() });
    expect(rec.code).toBe(0);
    const { exchanges } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(exchanges).toHaveLength(3);
    const run = await runSnippet(rec.stderr, { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The report's output is the recorded bodies again: indented for curl (as a real server indents them),
    // one after the other without a separator (json.MarshalIndent writes no trailing newline).
    const replayed = jsonDocuments(run.stdout).map((d) => withoutVolatile(JSON.parse(d)));
    expect(replayed).toEqual(exchanges.map((e) => withoutVolatile(JSON.parse(e.response!.body.text))));
  });

  it('records any client that reads $KUBECONFIG: a Python script with only its standard library', async () => {
    const script = join(dir, 'client.py');
    writeFileSync(
      script,
      [
        'import base64, json, os, re, ssl, sys, urllib.request',
        'kubeconfig = open(os.environ["KUBECONFIG"]).read()',
        'server = re.search(r\'server: "?([^"\\s]+)\', kubeconfig).group(1)',
        // The recording endpoint is HTTPS with the CA the temporary kubeconfig names.
        'ca = base64.b64decode(re.search(r"certificate-authority-data: (\\S+)", kubeconfig).group(1)).decode()',
        'https = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ssl.create_default_context(cadata=ca)))',
        'cm = json.load(https.open(server + "/api/v1/namespaces/default/configmaps/alpha"))',
        'print(cm["data"]["k"])',
        'body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "from-python"}, "data": {"k": "v"}}).encode()',
        'req = urllib.request.Request(server + "/api/v1/namespaces/default/configmaps", data=body, method="POST", headers={"Content-Type": "application/json"})',
        'print(https.open(req).status)',
        'sys.exit(4)',
        '',
      ].join('\n'),
    );
    const file = join(dir, 'python.jsonl');
    const rec = await runKcurl(['record', '--record', file, '--', requireTool('python3'), script], { env: env() });
    expect(rec.stdout).toBe('alpha\n201\n');
    expect(rec.code).toBe(4);
    expect(recordedCalls(rec.stderr, t.sb.url)).toEqual(['GET /api/v1/namespaces/default/configmaps/alpha', 'POST /api/v1/namespaces/default/configmaps']);
    expect(rec.stderr).toContain(`# 2. POST ${t.sb.url}/api/v1/namespaces/default/configmaps → 201 Created\n`);
    expect(rec.stderr).toContain(
      `\ncurl -sS -X POST --cacert "$CACERT" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-raw '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "from-python"}, "data": {"k": "v"}}' "$APISERVER"/api/v1/namespaces/default/configmaps\n`,
    );
    const { exchanges } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(exchanges.map((e) => `${e.client} ${e.request.method} ${e.request.url} ${e.response?.status}`)).toEqual([
      `127.0.0.1 GET ${t.sb.url}/api/v1/namespaces/default/configmaps/alpha 200`,
      `127.0.0.1 POST ${t.sb.url}/api/v1/namespaces/default/configmaps 201`,
    ]);
    expect((await t.request('GET', '/api/v1/namespaces/default/configmaps/from-python')).status).toBe(200);
  });

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

  /** Starts `kcurl record [--record file] -- sh -c script`; `ready` resolves once the client printed "ready". */
  function recordShell(script: string, file?: string) {
    const args = [KCURL_BIN, 'record', ...(file ? ['--record', file] : []), '--', 'sh', '-c', script];
    const child = spawn(process.execPath, args, { env: { PATH: CLEAN_PATH, HOME: dir, KUBECONFIG: t.sb.kubeconfigPath }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const ready = eventually(() => (out.includes('ready\n') ? true : undefined), 'the client to be ready');
    return { child, exited, ready, out: () => out, err: () => err };
  }

  it('passes SIGTERM on to the client, writes the HAR file and exits 128+15 when the client dies of it', async () => {
    const file = join(dir, 'interrupted.har');
    const run = recordShell(`${kubectl} get configmap alpha -o name; echo ready; exec sleep 30`, file);
    await run.ready;
    expect(existsSync(file)).toBe(false);
    run.child.kill('SIGTERM');
    // kcurl itself exits normally with the client's status: the shell's 128 + 15 for a client killed by SIGTERM.
    expect(await run.exited).toEqual({ code: 143, signal: null });
    const har = JSON.parse(readFileSync(file, 'utf8'));
    expect(harErrors(har)).toEqual([]);
    expect(har.log.entries.at(-1).request.url).toBe(`${t.sb.url}/api/v1/namespaces/default/configmaps/alpha`);
    expect(run.err()).toContain('made 3 REST calls');
    expect(run.out()).toBe('configmap/alpha\nready\n');
  });

  it.each([
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('passes %s on to the client, writes the HAR file and exits 128 + its number', async (signal, code) => {
    const file = join(dir, `${signal}.har`);
    const run = recordShell(`${kubectl} get configmap beta -o name; echo ready; exec sleep 30`, file);
    await run.ready;
    run.child.kill(signal);
    expect(await run.exited).toEqual({ code, signal: null });
    expect(run.err()).toContain('made 3 REST calls');
    const har = JSON.parse(readFileSync(file, 'utf8'));
    expect(harErrors(har)).toEqual([]);
    expect(har.log.entries.at(-1).request.url).toBe(`${t.sb.url}/api/v1/namespaces/default/configmaps/beta`);
  });

  it('Ctrl-C during record -- kubectl get pods -w: kubectl ends as it does alone, the watch is journaled and reported', async () => {
    /**
     * Runs argv until kubectl (at -v=6) logs the watch's response, then sends SIGINT to it. kubectl installs
     * its interrupt handler once the watch is open; a signal before that kills it outright.
     */
    const interrupted = async (argv: string[]) => {
      const child = spawn(argv[0], argv.slice(1), {
        env: { PATH: CLEAN_PATH, HOME: tempDir('kcurl-home-'), KUBECONFIG: t.sb.kubeconfigPath },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      await eventually(() => (out.includes('\nticker ') && /watch=true 200 OK/.test(err) ? true : undefined), 'the pod list and the watch open');
      child.kill('SIGINT');
      return { ...(await exited), out, err };
    };
    const alone = await interrupted([kubectl, 'get', 'pods', '-w', '-v=6']);
    const file = join(dir, 'kubectl-watch.jsonl');
    const rec = await interrupted([process.execPath, KCURL_BIN, 'record', '--record', file, '--', kubectl, 'get', 'pods', '-w', '-v=6']);
    // kubectl get -w's interrupt handler cancels the watch and kubectl exits 1; under kcurl record too.
    expect(alone).toMatchObject({ code: 1, signal: null });
    expect(rec).toMatchObject({ code: 1, signal: null });
    const { exchanges, warnings } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(warnings).toEqual([]);
    const watch = exchanges.at(-1)!;
    expect(watch.request.url).toMatch(/\/api\/v1\/namespaces\/default\/pods\?resourceVersion=\d+&watch=true$/);
    expect(watch).toMatchObject({ streamed: true, complete: false, error: 'the client closed the connection before the stream ended' });
    expect(recordedCalls(rec.err, t.sb.url)).toEqual(exchanges.map((e) => `GET ${e.request.url.replace(t.sb.url, '')}`));
    expect(rec.err).toContain(`# 4. GET ${watch.request.url} → 200 OK\n`);
  });

  it('waits for a client that handles the signal, then records its calls and exits with its status', async () => {
    const file = join(dir, 'trapped.jsonl');
    // The client catches SIGINT, makes one more call while kcurl waits, and exits 7.
    const script = `trap '${kubectl} get configmap beta -o name; exit 7' INT; echo ready; while :; do sleep 0.1; done`;
    const run = recordShell(script, file);
    await run.ready;
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 7, signal: null });
    expect(run.out()).toBe('ready\nconfigmap/beta\n');
    const { exchanges } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(exchanges.at(-1)!.request.url).toBe(`${t.sb.url}/api/v1/namespaces/default/configmaps/beta`);
    expect(run.err()).toContain(`# 3. GET ${t.sb.url}/api/v1/namespaces/default/configmaps/beta → 200 OK`);
  });

  it('names a client that cannot be started', async () => {
    const rec = await runKcurl(['record', '--', 'no-such-client-program'], { env: env() });
    expect(rec.code).toBe(1);
    expect(rec.stderr).toBe(
      'error: kcurl record: cannot run "no-such-client-program": not found on PATH; give the client program and its arguments after --\n',
    );
  });

  it('needs a command', async () => {
    const rec = await runKcurl(['record'], { env: env() });
    expect(rec.code).toBe(1);
    expect(rec.stderr).toContain('kcurl record needs the command to run after --');
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});
