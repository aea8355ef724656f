// --record on kcurl's other commands, against the real sandbox with the built binary: a watch cut off by
// kill -9 (journal) or Ctrl-C (HAR), apply (client- and server-side) and create --content-type yaml of a
// Secret with stringData (no value anywhere in the file), a logs -f that runs to its end, and for every
// command that talks to the API server the journal holds exactly the requests kcurl announced.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/record/exchange.js';
import { parseJournal } from '../../src/record/journal.js';
import { runKcurl, spawnKcurl } from '../helpers/run-kcurl.js';
import { harErrors } from '../unit/record/har-schema.js';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

const NS = 'rec-cmds';
let t: TestSandbox;
let dir: string;

beforeAll(async () => {
  t = await startTestSandbox();
  dir = tempDir('kcurl-record-cmds-');
  expect((await t.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } })).status).toBe(201);
  expect((await t.request('POST', `/api/v1/namespaces/${NS}/pods`, { body: pod('before', 'sleep 3600') })).status).toBe(201);
});

afterAll(async () => {
  await t?.close();
});

function pod(name: string, script: string, restartPolicy = 'Always') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', script] }] },
  };
}

const env = () => ({ KUBECONFIG: t.sb.kubeconfigPath });

/** `METHOD URL` of each exchange, in order. */
const calls = (exchanges: readonly Exchange[]) => exchanges.map((e) => `${e.request.method} ${e.request.url}`);

/** `METHOD URL` of each request kcurl announced on stderr (`GET https://… (discovery)`). */
const announced = (stderr: string) => [...stderr.matchAll(/^(GET|POST|PUT|PATCH|DELETE|HEAD) (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);

/** The watch events in a recorded watch body: [type, name, status] of each Table row event. */
function recordedEvents(body: string): string[][] {
  return body
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { type: string; object: { rows: { cells: string[] }[] } })
    .filter((e) => e.type !== 'BOOKMARK')
    .map((e) => [e.type, e.object.rows[0].cells[0], e.object.rows[0].cells[2]]);
}

/** [name, status] of each row the table printer printed for events: after the header and the listed rows. */
function printedRows(stdout: string, listed: number): string[][] {
  return stdout
    .split('\n')
    .slice(1 + listed)
    .filter((l) => l !== '')
    .map((l) => {
      const cols = l.split(/\s+/);
      return [cols[0], cols[2]];
    });
}

/** Starts `kcurl get pods -n NS -w --record file`, collecting its output. */
function startWatch(file: string) {
  return spawnKcurl(['get', 'pods', '-n', NS, '-w', '--record', file], { KUBECONFIG: t.sb.kubeconfigPath });
}

/**
 * Runs a watch until the list is printed and the watch request is out, creates a pod, and waits until
 * its first event is printed.
 */
async function watchUntilEvent(file: string, name: string) {
  // Pods created earlier settle first, so the watch sees events of the new pod only.
  await eventually(async () => {
    const pods = (await t.request('GET', `/api/v1/namespaces/${NS}/pods`)).json().items as { status?: { phase?: string } }[];
    return pods.every((p) => p.status?.phase === 'Running') ? true : undefined;
  }, `the pods in ${NS} to run`);
  const w = startWatch(file);
  await eventually(() => (/ \S+watch=true\n/.test(w.err()) && w.out().includes('\nbefore ') ? true : undefined), 'the list printed and the watch sent');
  expect((await t.request('POST', `/api/v1/namespaces/${NS}/pods`, { body: pod(name, 'sleep 3600') })).status).toBe(201);
  await eventually(() => (w.out().includes(`\n${name} `) ? true : undefined), `the first event of pod ${name} printed`);
  return w;
}

describe('kcurl get -w --record', () => {
  it('kill -9 mid-watch leaves a journal with the list, the watch request and every event printed so far', async () => {
    const file = join(dir, 'watch.jsonl');
    const w = await watchUntilEvent(file, 'during');
    w.child.kill('SIGKILL');
    expect(await w.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const { exchanges, warnings } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(warnings).toEqual([]);
    // Everything kcurl announced before it was killed is in the journal, in order.
    expect(calls(exchanges)).toEqual(announced(w.err()));
    const [list, watch] = exchanges.slice(-2);
    expect(list.request.url).toBe(`${t.sb.url}/api/v1/namespaces/${NS}/pods?limit=500`);
    expect(list).toMatchObject({ streamed: false, complete: true, response: { status: 200 } });
    const listed = JSON.parse(list.response!.body.text);
    expect(listed.kind).toBe('Table');
    expect(listed.rows.map((r: { cells: string[] }) => r.cells[0])).toEqual(['before']);
    expect(watch.request.url).toBe(`${t.sb.url}/api/v1/namespaces/${NS}/pods?resourceVersion=${listed.metadata.resourceVersion}&watch=true`);
    expect(watch).toMatchObject({ streamed: true, complete: false, response: { status: 200 } });
    // Each event is journaled before it is printed: the printed rows are a prefix of the recorded events.
    const events = recordedEvents(watch.response!.body.text);
    const printed = printedRows(w.out(), listed.rows.length);
    expect(printed.length).toBeGreaterThan(0);
    expect(events.map((e) => e[1])).toEqual(events.map(() => 'during'));
    expect(events[0].slice(0, 2)).toEqual(['ADDED', 'during']);
    expect(events.slice(0, printed.length).map((e) => e.slice(1))).toEqual(printed);
  });

  it('Ctrl-C mid-watch writes a valid HAR 1.2 file with the list and the events received, the watch marked incomplete', async () => {
    const file = join(dir, 'watch.har');
    const w = await watchUntilEvent(file, 'during-har');
    w.child.kill('SIGINT');
    // kcurl get -w ends a watch interrupted by Ctrl-C normally.
    expect(await w.exited).toEqual({ code: 0, signal: null });
    const har = JSON.parse(readFileSync(file, 'utf8'));
    expect(harErrors(har)).toEqual([]);
    // Written atomically: no temporary file is left next to it.
    expect(readdirSync(dir).filter((f) => f.startsWith('.watch.har'))).toEqual([]);
    const entries = har.log.entries as {
      request: { url: string };
      response: { status: number; content: { text: string; mimeType: string } };
      _kcurl: Record<string, unknown>;
    }[];
    expect(entries.map((e) => `GET ${e.request.url}`)).toEqual(announced(w.err()));
    const [list, watch] = entries.slice(-2);
    expect(list.request.url).toBe(`${t.sb.url}/api/v1/namespaces/${NS}/pods?limit=500`);
    expect(list._kcurl).toMatchObject({ streamed: false, complete: true });
    expect(watch.request.url).toMatch(new RegExp(`/api/v1/namespaces/${NS}/pods\\?resourceVersion=\\d+&watch=true$`));
    expect(watch._kcurl).toMatchObject({ streamed: true, complete: false, error: 'cancelled before the stream ended' });
    expect(watch.response.status).toBe(200);
    expect(watch.response.content.mimeType).toBe('application/json');
    const events = recordedEvents(watch.response.content.text);
    const printed = printedRows(w.out(), JSON.parse(list.response.content.text).rows.length);
    expect(printed.length).toBeGreaterThan(0);
    expect(events.map((e) => e[1])).toEqual(events.map(() => 'during-har'));
    expect(events[0].slice(0, 2)).toEqual(['ADDED', 'during-har']);
    expect(events.slice(0, printed.length).map((e) => e.slice(1))).toEqual(printed);
  });
});

describe('Secrets written with --record', () => {
  const values = ['first-value-123', 'second-value-456', 'extra-value-789', 'yaml-value-321', 'yaml-data-654'];
  const literals = () => [t.sb.adminToken, ...values, ...values.map((v) => Buffer.from(v).toString('base64'))];

  it('apply (create, then a client-side patch, then server-side) of a Secret with stringData keeps no value in the journal', async () => {
    const file = join(dir, 'apply.jsonl');
    const manifest = (values: Record<string, string>) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: applied\n  namespace: ${NS}\nstringData:\n${Object.entries(values)
        .map(([k, v]) => `  ${k}: ${v}\n`)
        .join('')}`;
    const first = join(dir, 'first.yaml');
    const second = join(dir, 'second.yaml');
    writeFileSync(first, manifest({ password: 'first-value-123' }));
    writeFileSync(second, manifest({ password: 'second-value-456', extra: 'extra-value-789' }));
    const runs = [
      ['apply', '-f', first],
      ['apply', '-f', second],
      ['apply', '-f', first, '--server-side'],
    ];
    let journaled = 0;
    const writes: string[] = [];
    for (const args of runs) {
      const r = await runKcurl([...args, '--record', file], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      const { exchanges, warnings } = parseJournal(readFileSync(file, 'utf8'), file);
      expect(warnings).toEqual([]);
      // Each run appends exactly the requests it announced.
      expect(calls(exchanges.slice(journaled))).toEqual(announced(r.stderr));
      for (const e of exchanges.slice(journaled)) {
        if (e.request.method !== 'GET')
          writes.push(`${e.request.method} ${new URL(e.request.url).pathname} ${e.request.headers.find(([k]) => k === 'content-type')?.[1]}`);
      }
      journaled = exchanges.length;
    }
    expect(writes.slice(0, 2)).toEqual([
      `POST /api/v1/namespaces/${NS}/secrets application/json`,
      `PATCH /api/v1/namespaces/${NS}/secrets/applied application/strategic-merge-patch+json`,
    ]);
    // --server-side (on an object last written client-side, so kubectl also migrates field ownership).
    expect(writes).toContain(`PATCH /api/v1/namespaces/${NS}/secrets/applied application/apply-patch+yaml`);
    // The values really were sent: the server has them.
    const stored = (await t.request('GET', `/api/v1/namespaces/${NS}/secrets/applied`)).json();
    expect(Buffer.from(stored.data.password, 'base64').toString()).toBe('first-value-123');
    const text = readFileSync(file, 'utf8');
    expect(literals().filter((l) => text.includes(l))).toEqual([]);
    const { exchanges } = parseJournal(text, file);
    const patch = exchanges.find((e) => e.request.method === 'PATCH' && e.request.headers.some(([, v]) => v === 'application/strategic-merge-patch+json'))!;
    const body = JSON.parse(patch.request.body!.text);
    expect(body.stringData).toEqual({ extra: '<redacted: Secret stringData value, 15 bytes>', password: '<redacted: Secret stringData value, 16 bytes>' });
    expect(JSON.parse(body.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).stringData.password).toBe(
      '<redacted: Secret stringData value, 16 bytes>',
    );
  });

  it('create --content-type yaml sends the YAML as written; the recording holds it redacted (HAR)', async () => {
    const file = join(dir, 'create-yaml.har');
    const manifest = join(dir, 'yaml-secret.yaml');
    writeFileSync(
      manifest,
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: yaml-secret\nstringData:\n  password: yaml-value-321\ndata:\n  other: ${Buffer.from('yaml-data-654').toString('base64')}\n`,
    );
    const r = await runKcurl(['create', '-n', NS, '-f', manifest, '--content-type', 'yaml', '--record', file, '-q'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(literals().filter((l) => text.includes(l))).toEqual([]);
    const har = JSON.parse(text);
    expect(harErrors(har)).toEqual([]);
    const post = har.log.entries.find((e: { request: { method: string } }) => e.request.method === 'POST');
    expect(post.request.postData.mimeType).toBe('application/yaml');
    expect(post.request.postData.text).toContain("password: '<redacted: Secret stringData value, 14 bytes>'");
    expect(post.request.postData.text).toContain("other: '<redacted: Secret data value, 13 bytes>'");
    expect(JSON.parse(post.response.content.text).data.password).toBe('<redacted: Secret data value, 14 bytes>');
  });
});

describe('logs -f --record to the end of the stream', () => {
  it('journals the whole follow as one complete stream whose body is what was printed', async () => {
    const script = 'for i in 1 2 3 4; do echo "tick $i"; sleep 0.2; done';
    expect((await t.request('POST', `/api/v1/namespaces/${NS}/pods`, { body: pod('short', script, 'Never') })).status).toBe(201);
    await eventually(
      async () => (['Running', 'Succeeded'].includes((await t.request('GET', `/api/v1/namespaces/${NS}/pods/short`)).json().status?.phase) ? true : undefined),
      'the pod to start',
    );
    const file = join(dir, 'follow-end.jsonl');
    const r = await runKcurl(['logs', '-f', 'short', '-n', NS, '--record', file], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('tick 1\ntick 2\ntick 3\ntick 4\n');
    const { exchanges, warnings } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(warnings).toEqual([]);
    expect(calls(exchanges)).toEqual(announced(r.stderr));
    const follow = exchanges.at(-1)!;
    expect(follow.request.url).toBe(`${t.sb.url}/api/v1/namespaces/${NS}/pods/short/log?container=c&follow=true`);
    expect(follow).toMatchObject({ streamed: true, complete: true, response: { status: 200 } });
    expect(follow.error).toBeUndefined();
    expect(follow.response!.body).toEqual({ text: r.stdout, size: Buffer.byteLength(r.stdout) });
  });
});

describe('--record on every command that talks to the API server', () => {
  beforeAll(async () => {
    for (const name of ['doomed', 'described']) {
      expect(
        (
          await t.request('POST', `/api/v1/namespaces/${NS}/configmaps`, {
            body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } },
          })
        ).status,
      ).toBe(201);
    }
  });

  it.each([
    [['get', 'configmaps', '-n', NS]],
    [['describe', 'configmap', 'described', '-n', NS]],
    [['delete', 'configmap', 'doomed', '-n', NS]],
    [['logs', 'before', '-n', NS]],
    [['get', '--raw', '/version']],
    [['api-resources']],
    [['api-versions']],
    [['auth', 'can-i', 'list', 'pods', '-n', NS]],
    [['auth', 'can-i', '--list', '-n', NS]],
    [['create', 'token', 'default', '-n', NS]],
  ])('kcurl %j --record: the journal holds exactly the requests announced, each answered', async (args) => {
    const file = join(dir, `${args.join('-').replace(/[^a-z0-9-]/gi, '_')}.jsonl`);
    const r = await runKcurl([...args, '--record', file], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const { exchanges, warnings } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(warnings).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(0);
    expect(calls(exchanges)).toEqual(announced(r.stderr));
    for (const e of exchanges) {
      expect(e.response?.status).toBeGreaterThanOrEqual(200);
      expect(e.complete).toBe(true);
      expect(e.command).toBe(`kcurl ${args.join(' ')} --record ${file}`);
      expect(e.request.headers).toContainEqual(['authorization', '<redacted: bearer token>']);
    }
    expect(readFileSync(file, 'utf8')).not.toContain(t.sb.adminToken);
  });
});
