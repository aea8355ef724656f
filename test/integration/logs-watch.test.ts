// kcurl logs, get --watch, get --raw, auth can-i and create token against the real sandbox, next to kubectl
// v1.32: the same stdout, stderr notes and exit codes; streams printed as they arrive and ended cleanly by
// the server, --request-timeout or Ctrl-C.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl, spawnKcurl as spawnBuiltKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, startProcess } from '../helpers/spawn.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { writeKubeconfig } from '../helpers/write-kubeconfig.js';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { normaliseAges } from '../helpers/ages.js';

const NS = 'logs-watch';
let t: TestSandbox;
let cacheDir: string;
let home: string;

const busybox = (name: string, script: string) => ({ name, image: 'busybox:1.36', command: ['sh', '-c', script] });
const pod = (name: string, containers: object[], extra: { annotations?: Record<string, string>; labels?: Record<string, string>; spec?: object } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS, labels: extra.labels ?? { app: name }, annotations: extra.annotations },
  spec: { containers, terminationGracePeriodSeconds: 0, ...(extra.spec ?? {}) },
});

async function create(path: string, body: object): Promise<void> {
  const res = await t.request('POST', path, { body });
  expect(res.status, res.text).toBe(201);
}

const logOf = async (name: string, container: string) => (await t.request('GET', `/api/v1/namespaces/${NS}/pods/${name}/log?container=${container}`)).text;

beforeAll(async () => {
  t = await startTestSandbox();
  cacheDir = tempDir('kcurl-logs-cache-');
  home = tempDir('kcurl-logs-home-');
  await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await create(
    `/api/v1/namespaces/${NS}/pods`,
    pod('duo', [busybox('first', 'echo from first; sleep 3600'), busybox('second', 'echo from second; sleep 3600')], {
      spec: { initContainers: [busybox('setup', 'echo set up')] },
    }),
  );
  await create(
    `/api/v1/namespaces/${NS}/pods`,
    pod('annotated', [busybox('a', 'echo I am a; sleep 3600'), busybox('b', 'echo I am b; sleep 3600')], {
      annotations: { 'kubectl.kubernetes.io/default-container': 'b' },
    }),
  );
  for (const name of ['web-1', 'web-2']) {
    await create(`/api/v1/namespaces/${NS}/pods`, pod(name, [busybox('web', `echo ${name} says hi; sleep 3600`)], { labels: { app: 'web' } }));
  }
  await create(`/api/v1/namespaces/${NS}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'nobody' },
    spec: { selector: { app: 'nobody' }, ports: [{ port: 80 }] },
  });
  await create(`/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { k: 'v' } });
  await eventually(async () => ((await logOf('duo', 'second')).includes('from second') ? true : undefined), 'duo to log');
  await eventually(async () => ((await logOf('annotated', 'b')).includes('I am b') ? true : undefined), 'annotated to log');
  await eventually(
    async () => ((await logOf('web-2', 'web')).includes('says hi') && (await logOf('web-1', 'web')).includes('says hi') ? true : undefined),
    'web pods to log',
  );
}, 60_000);

afterAll(async () => {
  await t?.close();
});

// `auth can-i -q` is can-i's own --quiet (print nothing): there the REST lines are left in and filtered out.
const kcurl = async (args: string[]) => {
  const canI = args[0] === 'auth';
  const r = await runKcurl([...args, ...(canI ? [] : ['-q']), '--cache-dir', cacheDir], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
  return canI ? { ...r, stderr: r.stderr.replace(/^(GET|POST) https:\/\/\S+( \(discovery\))?\n/gm, '') } : r;
};

describe('kcurl prints what kubectl v1.32 prints', () => {
  it.each([
    // logs: container choice and its stderr note, the deprecated CONTAINER argument, client-side refusals.
    [['logs', 'duo']],
    [['logs', 'duo', 'second']],
    [['logs', 'duo', '-c', 'setup']],
    [['logs', 'annotated']],
    [['logs', 'duo', '--all-pods']],
    [['logs', 'duo', '-c', 'nope']],
    [['logs', 'missing']],
    [['logs', 'cm/settings']],
    [['logs', 'svc/nobody', '--pod-running-timeout=1s']],
    [['logs', '-l', 'app=nobody']],
    [['logs', '-f', '-l', 'app=web', '--max-log-requests=1']],
    [['logs', 'duo', '--since=5m', '--since-time=2024-01-01T00:00:00Z']],
    [['logs', 'duo', '--tail=-2']],
    [['logs']],
    // get --watch refusals: several types before anything is sent, several names after printing them.
    [['get', 'cm,pods', '-w']],
    [['get', 'cm', 'settings', 'kube-root-ca.crt', '-w']],
    // get --raw: the body as sent, the server's error.
    [['get', '--raw', `/api/v1/namespaces/${NS}/configmaps/settings`]],
    [['get', '--raw', '/no/such/path']],
    [['get', '--raw', '/api', '-o', 'json']],
    // auth can-i: warnings on stderr, the answer on stdout, the exit code.
    [['auth', 'can-i', 'get', 'nodes']],
    [['auth', 'can-i', 'frobnicate', 'pods']],
    [['auth', 'can-i', 'get', 'nosuchthings']],
    [['auth', 'can-i', 'get', 'secrets', '--as=jane']],
    [['auth', 'can-i', 'get', '/healthz', '--subresource=x']],
    [['auth', 'can-i', '--list']],
    [['auth', 'can-i', '--list', '--as=jane', '--no-headers']],
    [['auth', 'can-i', '--list', '-A']],
    // create token: refusals and the server's answer.
    [['create', 'token', 'ghost']],
    [['create', 'token', 'default', '--duration=90s']],
    [['create', 'token', 'default', '--bound-object-kind=Deployment', '--bound-object-name=x']],
  ])(
    '%j',
    async (args) => {
      const withNs = [...args, '-n', NS];
      const k = await t.kubectl(withNs);
      const c = await kcurl(withNs);
      // Ages (the last column of get's tables) move on between the two runs.
      expect(normaliseAges(c.stdout)).toBe(normaliseAges(k.stdout));
      expect(c.code).toBe(k.code);
      // kubectl's usage errors add its own help pointer; kcurl names its own on the same line.
      const firstLine = (s: string) => s.split('\n')[0].replace(/\.$/, '');
      if (k.stderr.includes("See 'kubectl")) expect(c.stderr.split('\n')[0]).toContain(firstLine(k.stderr));
      else expect(c.stderr).toBe(k.stderr);
    },
    30_000,
  );

  it('reads the logs of one pod of a label selector with the last 10 lines, in the pod list order', async () => {
    const k = await t.kubectl(['logs', '-l', 'app=web', '--prefix', '-n', NS]);
    const c = await kcurl(['logs', '-l', 'app=web', '--prefix', '-n', NS]);
    expect(c.code).toBe(0);
    // kubectl reads the pods in Go map order (random); kcurl in list order.
    expect(c.stdout).toBe('[pod/web-1/web] web-1 says hi\n[pod/web-2/web] web-2 says hi\n');
    expect(c.stdout.split('\n').sort()).toEqual(k.stdout.split('\n').sort());
  }, 30_000);

  it('reads every pod of a selector with --all-pods, each line prefixed', async () => {
    const k = await t.kubectl(['logs', '-l', 'app=web', '--all-pods', '-n', NS]);
    const c = await kcurl(['logs', '-l', 'app=web', '--all-pods', '-n', NS]);
    expect(c.stdout).toBe('[pod/web-1/web] web-1 says hi\n[pod/web-2/web] web-2 says hi\n');
    expect(c.stdout.split('\n').sort()).toEqual(k.stdout.split('\n').sort());
    expect(c.stderr).toBe(k.stderr);
  }, 30_000);

  it('reads every container of a pod with --all-containers, init containers first', async () => {
    const c = await kcurl(['logs', 'duo', '--all-containers', '--prefix', '-n', NS]);
    expect(c.stdout).toBe('[pod/duo/setup] set up\n[pod/duo/first] from first\n[pod/duo/second] from second\n');
  }, 30_000);
});

/** The built kcurl left running with the suite's HOME. */
const spawnKcurl = (args: string[], env: Record<string, string>) => spawnBuiltKcurl(args, { HOME: home, ...env });

describe('a busy writer', () => {
  // A shell loop without sleeps writes as fast as the sandbox lets it (the log goes out in chunks, not a turn of the
  // event loop per few lines): every line still arrives once and in order, followed while it is written, read back
  // afterwards, and with a timestamp of its own.
  const LINES = 5000;
  const expected = Array.from({ length: LINES }, (_, i) => (i % 1000 === 999 ? `to stderr ${i}\n` : `line ${i}\n`)).join('');
  const script = `i=0; while [ $i -lt ${LINES} ]; do if [ $((i % 1000)) -eq 999 ]; then echo "to stderr $i" >&2; else echo "line $i"; fi; i=$((i+1)); done`;

  it('logs every line once, in order, followed or read back', async () => {
    await create(`/api/v1/namespaces/${NS}/pods`, pod('busy-writer', [busybox('w', script)], { spec: { restartPolicy: 'Never' } }));
    const phase = async () => (await t.request('GET', `/api/v1/namespaces/${NS}/pods/busy-writer`)).json().status?.phase;
    await eventually(async () => (['Running', 'Succeeded'].includes(await phase()) ? true : undefined), 'the writer to start');
    const followed = await kcurl(['logs', '-f', 'busy-writer', '-n', NS]);
    expect(followed.stderr).toBe('');
    expect(
      followed.stdout === expected,
      `followed log differs from line ${followed.stdout.split('\n').findIndex((l, i) => l !== expected.split('\n')[i])}`,
    ).toBe(true);
    await eventually(async () => ((await phase()) === 'Succeeded' ? true : undefined), 'the writer to finish');
    expect((await logOf('busy-writer', 'w')) === expected).toBe(true);
    const stamped = (await t.request('GET', `/api/v1/namespaces/${NS}/pods/busy-writer/log?timestamps=true`)).text.split('\n').slice(0, -1);
    expect(stamped.map((l) => l.slice(l.indexOf(' ') + 1)).join('\n') + '\n' === expected).toBe(true);
    const times = stamped.map((l) => Date.parse(l.slice(0, l.indexOf(' '))));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
  }, 120_000);
});

describe('get --watch', () => {
  it('prints each event as it happens and exits 0 on Ctrl-C', async () => {
    const run = spawnKcurl(['get', 'configmaps', '-w', '-n', NS, '-q', '--cache-dir', cacheDir], { KUBECONFIG: t.sb.kubeconfigPath });
    await eventually(() => (run.out().includes('settings') ? true : undefined), 'the list to be printed');
    await create(`/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'arrives' }, data: { a: '1', b: '2' } });
    // The new row is on stdout while the watch is still open.
    await eventually(() => (/\narrives\s+2\s+\d+s\n/.test(run.out()) ? true : undefined), 'the ADDED row');
    expect(run.child.exitCode).toBeNull();
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.out().split('\n')[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
    expect(run.out().match(/NAME/g)).toHaveLength(1);
    await t.request('DELETE', `/api/v1/namespaces/${NS}/configmaps/arrives`);
  }, 30_000);

  it('prints what kubectl prints, events and all, and ends at --request-timeout with exit 0', async () => {
    const args = ['get', 'cm', '--watch-only', '--output-watch-events', '-n', NS, '--request-timeout=3s'];
    const runBoth = async () => {
      const k = startProcess('/usr/lib/google-cloud-sdk/bin/kubectl.1.32', args, { env: { PATH: CLEAN_PATH, HOME: home, KUBECONFIG: t.sb.kubeconfigPath } });
      const kExit = k.exited.then((e) => e.code);
      const c = spawnKcurl([...args, '-q', '--cache-dir', cacheDir], { KUBECONFIG: t.sb.kubeconfigPath });
      // Both watches are open once both have read the list: give them a moment, then change things.
      await new Promise((r) => setTimeout(r, 1200));
      await create(`/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'passing' }, data: { k: 'v' } });
      await t.request('DELETE', `/api/v1/namespaces/${NS}/configmaps/passing`);
      const kcode = await kExit;
      const cExit = await c.exited;
      return { kout: k.out(), kcode, c: cExit, cout: c.out() };
    };
    const r = await runBoth();
    expect(r.kcode).toBe(0);
    expect(r.c).toEqual({ code: 0, signal: null });
    expect(r.cout).toMatch(/^EVENT {6}NAME {6}DATA {3}AGE\nADDED {6}passing {3}1 {6}\d+s\nDELETED {4}passing {3}1 {6}\d+s\n$/);
    expect(normaliseAges(r.cout)).toBe(normaliseAges(r.kout));
  }, 30_000);
});

describe('logs -f', () => {
  let server: RecordingServer;
  let kubeconfig: string;
  const podJson = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'streamer', namespace: 'default' }, spec: { containers: [{ name: 'main' }] } };

  beforeAll(async () => {
    server = await startRecordingServer();
    kubeconfig = writeKubeconfig(server.dir, { server: server.url, caFile: server.caFile, token: 'not-a-real-token' });
    server.route('GET', '/api/v1/namespaces/default/pods/streamer', { body: podJson });
    // Discovery for the pods type, as the server would answer it.
    server.route('GET', '/api', { headers: { 'content-type': 'application/json' }, body: { kind: 'APIVersions', versions: ['v1'] } });
    server.route('GET', '/apis', { headers: { 'content-type': 'application/json' }, body: { kind: 'APIGroupList', groups: [] } });
    server.route('GET', '/api/v1', {
      body: {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [
          { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'] },
          { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
        ],
      },
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('writes each chunk as it arrives, and exits 0 when the server ends the stream', async () => {
    server.reset();
    const log = server.streamRoute('GET', '/api/v1/namespaces/default/pods/streamer/log', { headers: { 'content-type': 'text/plain' } });
    const run = spawnKcurl(['logs', '-f', '--tail=2', 'streamer', '-q', '--cache-dir', join(server.dir, 'cache')], { KUBECONFIG: kubeconfig });
    const req = await log.opened;
    expect(req.target).toBe('/api/v1/namespaces/default/pods/streamer/log?container=main&follow=true&tailLines=2');
    log.write('first line\n');
    await eventually(() => (run.out() === 'first line\n' ? true : undefined), 'the first line before the stream ends');
    log.write('second ');
    log.write('line\n');
    await eventually(() => (run.out() === 'first line\nsecond line\n' ? true : undefined), 'the second line');
    log.end('no newline at the end');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.out()).toBe('first line\nsecond line\nno newline at the end');
  }, 30_000);

  it('ends cleanly on Ctrl-C', async () => {
    server.reset();
    const log = server.streamRoute('GET', '/api/v1/namespaces/default/pods/streamer/log', { headers: { 'content-type': 'text/plain' } });
    const run = spawnKcurl(['logs', '-f', 'streamer', '-q', '--cache-dir', join(server.dir, 'cache')], { KUBECONFIG: kubeconfig });
    await log.opened;
    log.write('hello\n');
    await eventually(() => (run.out() === 'hello\n' ? true : undefined), 'the line');
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.err()).toBe('');
    log.end();
  }, 30_000);
});

describe('streams that fail', () => {
  let server: RecordingServer;
  let kubeconfig: string;

  beforeAll(async () => {
    server = await startRecordingServer();
    kubeconfig = writeKubeconfig(server.dir, { server: server.url, caFile: server.caFile, token: 'not-a-real-token' });
    server.route('GET', '/api', { body: { kind: 'APIVersions', versions: ['v1'] } });
    server.route('GET', '/apis', { body: { kind: 'APIGroupList', groups: [] } });
    server.route('GET', '/api/v1', {
      body: {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [
          { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'] },
          { name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list', 'watch'], shortNames: ['cm'] },
        ],
      },
    });
    server.route('GET', '/api/v1/namespaces/default/pods/streamer', {
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'streamer' }, spec: { containers: [{ name: 'main' }] } },
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('reports a watch that the server ends with an ERROR event (resourceVersion too old) and exits 1', async () => {
    server.route('GET', '/api/v1/namespaces/default/configmaps', (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (!req.target.includes('watch=true')) {
        res.end(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: [{ metadata: { name: 'a' } }] }));
        return;
      }
      const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version: 7 (9)', reason: 'Expired', code: 410 };
      res.end(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
    });
    const r = await runKcurl(['get', 'cm', '-w', '-o', 'name', '-q', '--cache-dir', join(server.dir, 'cache-watch')], {
      env: { KUBECONFIG: kubeconfig, HOME: home },
    });
    expect(r.stdout, r.stderr).toBe('configmap/a\n');
    expect(r.stderr).toBe('Error from server (Expired): the watch ended with an error: too old resource version: 7 (9)\n');
    expect(r.code).toBe(1);
    expect(server.requests.map((q) => q.target).filter((x) => x.includes('configmaps'))).toEqual([
      '/api/v1/namespaces/default/configmaps?limit=500',
      '/api/v1/namespaces/default/configmaps?resourceVersion=7&watch=true',
    ]);
  }, 30_000);

  it('reports a follow that the server cuts off, after printing what arrived, and exits 1', async () => {
    server.route('GET', '/api/v1/namespaces/default/pods/streamer/log', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('before the cut\n');
      setTimeout(() => res.socket?.destroy(), 200);
    });
    const r = await runKcurl(['logs', '-f', 'streamer', '-q', '--cache-dir', join(server.dir, 'cache-logs')], { env: { KUBECONFIG: kubeconfig, HOME: home } });
    expect(r.stdout).toBe('before the cut\n');
    expect(r.stderr).toMatch(/^error: the connection to the server 127\.0\.0\.1:\d+ was closed unexpectedly \(.+\)\n$/);
    expect(r.code).toBe(1);
  }, 30_000);
});

describe('--offline snippets run as printed', () => {
  const offline = async (args: string[]) => {
    const r = await runKcurl([...args, '-n', NS, '--offline', '--cache-dir', cacheDir], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(r.code, r.stderr).toBe(0);
    return runSnippet(r.stdout, { env: { KUBECONFIG: t.sb.kubeconfigPath } });
  };

  it('logs: the pod GET, then the log of the named container', async () => {
    const out = await offline(['logs', 'duo', '-c', 'second']);
    expect(out.code).toBe(0);
    expect(out.stdout.endsWith('from second\n')).toBe(true);
    expect(JSON.parse(out.stdout.slice(0, out.stdout.lastIndexOf('from second'))).metadata.name).toBe('duo');
  }, 30_000);

  it('create token: a TokenRequest sent as JSON, the token in the answer', async () => {
    const script = (await runKcurl(['create', 'token', 'default', '-n', NS, '--offline'], { env: { KUBECONFIG: t.sb.kubeconfigPath } })).stdout;
    expect(script).toContain('# note: kubectl sends this TokenRequest as protobuf');
    const out = await runSnippet(script, { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    const answer = JSON.parse(out.stdout);
    expect(answer.kind).toBe('TokenRequest');
    expect(answer.status.token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  }, 30_000);

  it('auth can-i: the SelfSubjectAccessReview answer', async () => {
    const out = await offline(['auth', 'can-i', 'list', 'pods']);
    expect(JSON.parse(out.stdout).status.allowed).toBe(true);
  }, 30_000);

  it('get --raw: the same body kcurl prints', async () => {
    const path = `/api/v1/namespaces/${NS}/configmaps/settings`;
    const out = await offline(['get', '--raw', path]);
    const direct = await kcurl(['get', '--raw', path]);
    // The same object; curl's User-Agent gets it indented (apiserver's pretty rule), kcurl's compact.
    expect(JSON.parse(out.stdout)).toEqual(JSON.parse(direct.stdout));
    expect(out.stdout).toBe(JSON.stringify(JSON.parse(direct.stdout), null, 2));
  }, 30_000);
});
