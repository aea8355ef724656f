// kcurl replay against the real sandbox: --to-script run by bash reproduces the recorded responses,
// the default re-send reports what changed, --serve answers real kubectl offline, --to-har converts,
// and damaged or foreign recordings are refused naming the line or entry.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/record/journal.js';
import { withoutVolatile } from '../../src/record/compare.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runProcess, CLEAN_PATH } from '../helpers/spawn.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { harErrors } from '../unit/record/har-schema.js';
import { httpRequest, jsonDocuments, startKcurlServer } from './record-helpers.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { normaliseAges } from '../helpers/ages.js';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
let t: TestSandbox;
let dir: string;

beforeAll(async () => {
  t = await startTestSandbox();
  dir = tempDir('kcurl-replay-it-');
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

describe('kcurl replay --to-script', () => {
  it('is a bash script whose curl lines get the recorded responses again', async () => {
    const file = join(dir, 'script.jsonl');
    expect((await runKcurl(['get', 'configmap', 'alpha', '-o', 'json', '--record', file], { env: env() })).code).toBe(0);
    expect((await runKcurl(['get', 'configmaps', '-o', 'yaml', '--record', file], { env: env() })).code).toBe(0);
    const { exchanges } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(exchanges.length).toBe(6);
    const script = await runKcurl(['replay', file, '--to-script'], { env: env() });
    expect(script.code).toBe(0);
    expect(script.stdout.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script.stdout).toContain('TOKEN=$(kubectl config view --raw');
    expect(script.stdout).not.toContain(t.sb.adminToken);
    const run = await runSnippet(script.stdout, { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The script's output is the recorded bodies again (indented for curl, back to back).
    const replayed = jsonDocuments(run.stdout).map((d) => withoutVolatile(JSON.parse(d)));
    const recorded = exchanges.map((e) => withoutVolatile(JSON.parse(e.response!.body.text)));
    expect(replayed).toEqual(recorded);
  });
});

describe('kcurl replay (re-send and compare)', () => {
  it('reports same, then the differences once the cluster changed, ignoring volatile fields', async () => {
    const file = join(dir, 'diff.har');
    expect((await runKcurl(['get', 'configmap', 'beta', '-o', 'json', '--record', file], { env: env() })).code).toBe(0);
    const same = await runKcurl(['replay', file], { env: env() });
    expect(same.stdout).toBe(
      'same     GET /api?timeout=32s  200\nsame     GET /apis?timeout=32s  200\nsame     GET /api/v1/namespaces/default/configmaps/beta  200\n3 same, 0 differ, 0 skipped\n',
    );
    expect(same.code).toBe(0);
    // Re-created with other data: uid, resourceVersion and creationTimestamp change too, but only data is reported.
    expect((await t.request('DELETE', '/api/v1/namespaces/default/configmaps/beta')).status).toBe(200);
    expect(
      (
        await t.request('POST', '/api/v1/namespaces/default/configmaps', {
          body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'beta' }, data: { k: 'changed' } },
        })
      ).status,
    ).toBe(201);
    const changed = await runKcurl(['replay', file], { env: env() });
    expect(changed.stdout).toContain('differs  GET /api/v1/namespaces/default/configmaps/beta  .data.k: "beta" → "changed"\n');
    expect(changed.stdout).toContain('2 same, 1 differ, 0 skipped\n');
    expect(changed.code).toBe(1);
    expect((await t.request('DELETE', '/api/v1/namespaces/default/configmaps/beta')).status).toBe(200);
    const gone = await runKcurl(['replay', file], { env: env() });
    expect(gone.stdout).toContain('differs  GET /api/v1/namespaces/default/configmaps/beta  status 200 → 404\n');
  });
});

describe('kcurl replay --record', () => {
  it('fails with one line naming the cause when the cluster cannot be reached', async () => {
    const file = join(dir, 'unreachable.jsonl');
    expect((await runKcurl(['get', 'configmap', 'alpha', '-o', 'json', '--record', file], { env: env() })).code).toBe(0);
    // Port 1 on loopback: nothing listens there.
    const r = await runKcurl(['replay', file, '--server', 'https://127.0.0.1:1'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n');
  });

  it('records the re-sent requests and the answers they got now', async () => {
    const file = join(dir, 'source.jsonl');
    expect((await runKcurl(['get', 'configmap', 'alpha', '-o', 'json', '--record', file], { env: env() })).code).toBe(0);
    const out = join(dir, 'resent.jsonl');
    const r = await runKcurl(['replay', file, '--record', out], { env: env() });
    expect(r.code).toBe(0);
    const source = parseJournal(readFileSync(file, 'utf8'), file).exchanges;
    const { exchanges, warnings } = parseJournal(readFileSync(out, 'utf8'), out);
    expect(warnings).toEqual([]);
    expect(exchanges.map((e) => `${e.role} ${e.request.method} ${e.request.url} ${e.response?.status}`)).toEqual(
      source.map((e) => `${e.role} ${e.request.method} ${e.request.url} 200`),
    );
    for (const e of exchanges) {
      expect(e.command).toBe(`kcurl replay ${file} --record ${out}`);
      expect(e.complete).toBe(true);
      expect(e.request.headers).toContainEqual(['authorization', '<redacted: bearer token>']);
    }
    expect(JSON.parse(exchanges[2].response!.body.text).data).toEqual({ k: 'alpha' });
    expect(readFileSync(out, 'utf8')).not.toContain(t.sb.adminToken);
  });
});

describe('kcurl replay --serve', () => {
  it('answers kubectl get offline from a recording of kubectl get, and names the nearest request for others', async () => {
    const file = join(dir, 'kubectl.har');
    const rec = await runKcurl(['record', '--record', file, '--', KUBECTL, 'get', 'configmaps'], { env: env() });
    expect(rec.code).toBe(0);
    const online = rec.stdout;
    expect(online).toContain('alpha');
    const serve = await startKcurlServer(['replay', file, '--serve', '--port', '0'], {});
    try {
      expect(serve.stdout()).toBe(`Serving 3 recorded responses from ${file} on ${serve.base}\n`);
      const home = tempDir('kcurl-offline-home-');
      const kubectl = (args: string[]) =>
        runProcess(KUBECTL, ['--server', serve.base, ...args], { env: { PATH: CLEAN_PATH, HOME: home, KUBECONFIG: join(home, 'none') } });
      // Ages are relative to now, so compare with them normalised.
      const offline = await kubectl(['get', 'configmaps']);
      expect(offline.stderr).toBe('');
      expect(normaliseAges(offline.stdout)).toBe(normaliseAges(online));
      const missing = await kubectl(['get', 'secrets']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(
        `Error from server (NotFound): Unable to list "/v1, Resource=secrets": kcurl replay: ${file} has no recorded response for GET /api/v1/namespaces/default/secrets?limit=500; the nearest recorded request is GET /api/v1/namespaces/default/configmaps?limit=500\n`,
      );
      // A malformed escape is a miss like any other, and the server goes on answering.
      const malformed = await httpRequest(`${serve.base}/api/v1/namespaces/default/configmaps%zz`);
      expect(malformed.status).toBe(404);
      expect(JSON.parse(malformed.text).message).toBe(
        `kcurl replay: ${file} has no recorded response for GET /api/v1/namespaces/default/configmaps%zz; the nearest recorded request is GET /api/v1/namespaces/default/configmaps?limit=500`,
      );
      expect(normaliseAges((await kubectl(['get', 'configmaps'])).stdout)).toBe(normaliseAges(online));
    } finally {
      expect((await serve.stop()).code).toBe(0);
    }
  });

  it('fails with one line when the port is in use', async () => {
    const file = join(dir, 'kubectl.har');
    const serve = await startKcurlServer(['replay', file, '--serve', '--port', '0'], {});
    try {
      const r = await runKcurl(['replay', file, '--serve', '--port', String(serve.port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`error: listen tcp 127.0.0.1:${serve.port}: bind: address already in use; choose another --port (0 picks a free one)\n`);
    } finally {
      await serve.stop();
    }
  });
});

describe('kcurl replay --to-har and bad input', () => {
  it('converts a journal to valid HAR 1.2', async () => {
    const file = join(dir, 'conv.jsonl');
    expect((await runKcurl(['get', 'namespaces', '--record', file], { env: env() })).code).toBe(0);
    const out = join(dir, 'conv.har');
    const r = await runKcurl(['replay', file, '--to-har', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote 3 entries to ${out} (HAR 1.2)\n`);
    const har = JSON.parse(readFileSync(out, 'utf8'));
    expect(harErrors(har)).toEqual([]);
    expect(har.log.entries.map((e: { request: { url: string } }) => e.request.url)).toEqual(
      parseJournal(readFileSync(file, 'utf8'), file).exchanges.map((e) => e.request.url),
    );
  });

  it.each([
    [
      'foreign.jsonl',
      '{"level":"info","msg":"started"}\n{"level":"info","msg":"done"}\n',
      'error: FILE:1: not a kcurl journal record (no "record" field); kcurl replay reads files written by --record FILE.jsonl or HAR 1.2 files\n',
    ],
    [
      'damaged.jsonl',
      '{"record":"kcurl-journal","version":1}\n{"record":"exchange",\n{"record":"kcurl-journal","version":1}\n',
      'error: FILE:2: not valid JSON',
    ],
    ['foreign.har', '{"hello":"world"}', 'error: FILE: not a HAR file (no "log" object); kcurl replay reads HAR 1.2 files and --record .jsonl journals\n'],
    [
      'bad-entry.har',
      JSON.stringify({
        log: {
          version: '1.2',
          creator: { name: 'x', version: '1' },
          entries: [{ request: { method: 'GET', url: 'not a url', headers: [] }, response: { status: 200, headers: [], content: {} } }],
        },
      }),
      'error: FILE: log.entries[0].request.url is missing or invalid; the HAR entry does not follow HAR 1.2\n',
    ],
  ])('%s is refused naming the line or entry', async (name, text, message) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const r = await runKcurl(['replay', file, '--to-script'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(message.replace('FILE', file))).toBe(true);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('names a missing recording', async () => {
    const r = await runKcurl(['replay', join(dir, 'nope.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${join(dir, 'nope.jsonl')}: cannot read the recording: no such file\n`);
  });
});
