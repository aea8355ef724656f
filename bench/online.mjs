#!/usr/bin/env node
// Online benchmark: the everyday single call, kcurl against kubectl and against the floor for a Node CLI (a minimal
// node:https client sending the same requests; also reported: the floor of the first request alone), all against one sandbox, in turn (A B C A B C …) so machine drift hits each
// alike. Every process's wall, user+sys CPU and peak RSS are measured (getrusage of the finished child); figures are min/median/max over the
// runs, and ratios are taken run by run, then their median. These machines are noisy: read the ratios.
// Usage: node bench/online.mjs [runs] [--write]   (default 9 runs; needs `npm run build`, kubectl on PATH).
// With --write the table replaces the "online" section of docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const KCURL = path.join(root, 'bin', 'kcurl');
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

// ---- floor mode: `node bench/online.mjs --floor CREDS.json REQUESTS.json` sends the requests in turn with node:https
// over one keep-alive connection (as kcurl and kubectl do) and prints the last one's body, as it arrives (the others
// are read and dropped, as kcurl and kubectl print only what they make of them). REQUESTS is a JSON array of
// [path, method?, body?]; a path ending in ?limit=500 asks for a Table. It reads the server, CA and client
// credentials from a JSON file written once, so it parses no YAML: the floor is Node's own cost of the HTTPS requests.
function floor() {
  const { server, ca, token, cert, key } = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  const requests = JSON.parse(process.argv[4]);
  const agent = new https.Agent({ keepAlive: true, ca, cert, key });
  const send = (i) => {
    if (i === requests.length) return agent.destroy();
    const [path, method = 'GET', body] = requests[i];
    const headers = { accept: path.endsWith('?limit=500') ? TABLE_ACCEPT : 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body) headers['content-type'] = 'application/json';
    https
      .request(server + path, { method, agent, headers }, (res) => {
        if (i === requests.length - 1) res.on('data', (d) => process.stdout.write(d));
        else res.resume();
        res.on('end', () => send(i + 1));
      })
      .end(body);
  };
  send(0);
}

async function main() {
  const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 9);
  const write = process.argv.includes('--write');
  if (!existsSync(path.join(root, 'dist', 'kcurl.cjs'))) throw new Error('run `npm run build` first');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kcurl-online-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const sandbox = await startSandbox(kubeconfig, dir);
  try {
    const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir };
    seed(env, dir);
    const creds = path.join(dir, 'creds.json');
    writeFileSync(creds, await floorCredentials(kubeconfig));
    // floor: the case's (first) request, as a minimal node:https client sends it.
    // Each case's floor sends the requests kcurl and kubectl send for it (the wire-identity suite checks that
    // those are the same), in order; `floor1` only the first of them, as this bench's floor did before.
    const pod = '/api/v1/namespaces/default/pods/bench';
    const uid = run(['kubectl', 'get', 'pod', 'bench', '-o', 'jsonpath={.metadata.uid}'], env);
    const events = `/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(`involvedObject.name=bench,involvedObject.namespace=default,involvedObject.uid=${uid}`)}&limit=500`;
    const review = {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
    };
    const tokenRequest = { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', spec: {} };
    const doomed = '/api/v1/namespaces/default/configmaps/doomed';
    const cases = [
      { name: 'get pods (empty namespace)', args: ['get', 'pods', '-n', 'empty'], floor: [['/api/v1/namespaces/empty/pods?limit=500']] },
      { name: 'get pod X -o json', args: ['get', 'pod', 'bench', '-o', 'json'], floor: [[pod]] },
      { name: 'logs X', args: ['logs', 'bench'], floor: [[pod], [`${pod}/log?container=app`]] },
      {
        name: 'auth can-i list pods',
        args: ['auth', 'can-i', 'list', 'pods'],
        floor: [['/api/v1'], ['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'POST', JSON.stringify(review)]],
      },
      {
        name: 'create token default',
        args: ['create', 'token', 'default'],
        floor: [['/api/v1/namespaces/default/serviceaccounts/default/token', 'POST', JSON.stringify(tokenRequest)]],
      },
      { name: 'describe pod X', args: ['describe', 'pod', 'bench'], floor: [[pod], [pod], [events]] },
      {
        name: 'delete cm X',
        args: ['delete', 'cm', 'doomed'],
        floor: [[doomed, 'DELETE'], [doomed]],
        // Each run deletes a ConfigMap made for it (untimed, with kubectl).
        before: ['kubectl', 'create', 'configmap', 'doomed'],
      },
      { name: 'apply -f (unchanged)', args: ['apply', '-f', path.join(dir, 'cm.yaml')] },
    ];
    const rows = [];
    for (const extraCa of [true, false]) {
      const e = { ...env };
      if (!extraCa) delete e.NODE_EXTRA_CA_CERTS;
      for (const c of cases) {
        const commands = { kcurl: ['node', KCURL, ...c.args], kubectl: ['kubectl', ...c.args] };
        if (c.floor) {
          commands.floor = ['node', fileURLToPath(import.meta.url), '--floor', creds, JSON.stringify(c.floor)];
          if (c.floor.length > 1) commands.floor1 = ['node', fileURLToPath(import.meta.url), '--floor', creds, JSON.stringify(c.floor.slice(0, 1))];
        }
        const once = (argv) => {
          if (c.before) run(c.before, e);
          return timed(argv, e);
        };
        // Warm-up: discovery caches, code caches, the page cache.
        for (const argv of Object.values(commands)) once(argv);
        const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
        for (let i = 0; i < runs; i++) for (const [k, argv] of Object.entries(commands)) samples[k].push(once(argv));
        rows.push({ name: c.name, extraCa, samples });
        process.stderr.write(`${c.name}${extraCa ? '' : ' (no NODE_EXTRA_CA_CERTS)'}: ${summary(samples)}\n`);
      }
      if (!process.env.NODE_EXTRA_CA_CERTS) break;
    }
    const table = renderTable(rows);
    process.stdout.write(`${table}\n`);
    if (write) writeSection(table, runs);
  } finally {
    sandbox.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Runs one command and reports its wall time (monotonic clock around the child) and the kernel's accounting of the
// finished child (getrusage(RUSAGE_CHILDREN): CPU to the microsecond, peak RSS), which Node does not expose.
const RUSAGE = `
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.monotonic() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.buffer.write(r.stderr)
sys.stderr.write("@@TIME %f %f %d %d\\n" % (wall, u.ru_utime + u.ru_stime, u.ru_maxrss, r.returncode))
`;

/** One run of argv: wall and CPU seconds, peak RSS in MB. Fails loudly on a non-zero exit. */
function timed(argv, env) {
  const r = spawnSync('/usr/bin/python3', ['-c', RUSAGE, ...argv], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const m = /@@TIME ([\d.]+) ([\d.]+) (\d+) (-?\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m || m[4] !== '0') throw new Error(`${argv.join(' ')} failed: ${r.stderr.slice(-500)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]), rss: Number(m[3]) / 1024 };
}

function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** The median of the run-by-run ratios a/b of one figure. */
function ratio(a, b, key) {
  return median(a.map((s, i) => s[key] / b[i][key]));
}

function summary(samples) {
  return Object.entries(samples)
    .map(([k, s]) => `${k} ${(median(s.map((x) => x.wall)) * 1000).toFixed(0)} ms ${median(s.map((x) => x.rss)).toFixed(0)} MB`)
    .join(', ');
}

function renderTable(rows) {
  const out = [
    '| case | NODE_EXTRA_CA_CERTS | kubectl wall / CPU / peak | kcurl wall / CPU / peak | kcurl/kubectl wall, CPU | floor (same requests) wall / CPU / peak | kcurl/floor wall, CPU | kcurl/floor of the first request only, CPU |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const fig = (s) =>
    `${(median(s.map((x) => x.wall)) * 1000).toFixed(0)} ms / ${(median(s.map((x) => x.cpu)) * 1000).toFixed(0)} ms / ${median(s.map((x) => x.rss)).toFixed(0)} MB`;
  for (const { name, extraCa, samples } of rows) {
    const { kcurl, kubectl, floor, floor1 } = samples;
    const cells = [
      name,
      extraCa ? 'set' : 'unset',
      fig(kubectl),
      fig(kcurl),
      `${ratio(kcurl, kubectl, 'wall').toFixed(2)}×, ${ratio(kcurl, kubectl, 'cpu').toFixed(2)}×`,
    ];
    if (floor) {
      cells.push(fig(floor), `${ratio(kcurl, floor, 'wall').toFixed(2)}×, ${ratio(kcurl, floor, 'cpu').toFixed(2)}×`);
      cells.push(`${ratio(kcurl, floor1 ?? floor, 'cpu').toFixed(2)}×`);
    } else cells.push('', '', '');
    out.push(`| ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

/** The sandbox kubeconfig's server and credentials as JSON for floor mode (PEM text, token). */
async function floorCredentials(kubeconfig) {
  const { parse } = await import('yaml');
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  const cluster = kc.clusters[0].cluster;
  const user = kc.users[0].user;
  const pem = (b64) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : undefined);
  return JSON.stringify({
    server: cluster.server,
    ca: pem(cluster['certificate-authority-data']),
    token: user.token,
    cert: pem(user['client-certificate-data']),
    key: pem(user['client-key-data']),
  });
}

function startSandbox(kubeconfig, dir) {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [KCURL, 'sandbox', '--port', '0', '--kubeconfig', kubeconfig], {
      env: { ...process.env, HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const onData = (d) => {
      text += d;
      if (/listening on/.test(text)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`sandbox exited (${code}): ${text}`)));
  });
}

/** A namespace with no pods, a running pod with a few log lines, a ConfigMap applied once. */
function seed(env, dir) {
  const manifest = path.join(dir, 'seed.yaml');
  writeFileSync(
    manifest,
    [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: empty',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bench\n  namespace: default\nspec:\n  containers:\n  - name: app\n    image: busybox\n' +
        '    command: ["sh", "-c", "for i in 1 2 3 4 5; do echo line $i; done; sleep infinity"]',
    ].join('\n---\n'),
  );
  writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench\n  namespace: default\ndata:\n  key: value\n');
  run(['kubectl', 'apply', '-f', manifest], env);
  run(['kubectl', 'apply', '-f', path.join(dir, 'cm.yaml')], env);
  run(['kubectl', 'wait', '--for=condition=Ready', 'pod/bench', '--timeout=60s'], env);
}

/** Runs argv (it must succeed) and returns its stdout. */
function run(argv, env) {
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function writeSection(table, runs) {
  const file = path.join(root, 'docs', 'benchmarks.md');
  const existing = readFileSync(file, 'utf8');
  const section = [
    '## online',
    '',
    `\`node bench/online.mjs ${runs}\` on ${os.cpus()[0]?.model ?? 'this machine'} (${os.cpus().length} CPUs), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    'One sandbox; kcurl, kubectl and the floor — a minimal `node:https` client sending the same requests over one',
    'keep-alive connection (and, for the last column, only the first of them) — run in turn after a warm-up, with warm',
    'discovery and code caches. Medians; ratios are taken run by run.',
    'This machine sets `NODE_EXTRA_CA_CERTS`, which costs every Node process the parsing of the system CA bundle: rows',
    'are given with it set and unset.',
    '',
    table,
    '',
  ].join('\n');
  const re = /## online\n[\s\S]*?(?=\n## |$)/;
  const next = re.test(existing) ? existing.replace(re, section.trimEnd() + '\n') : `${existing.trimEnd()}\n\n${section}`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

if (process.argv[2] === '--floor') floor();
else await main();
