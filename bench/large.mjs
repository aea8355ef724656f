#!/usr/bin/env node
// Large-list benchmark (also a ~10 MB container log, and get -w of 10,000 events): `get pods` of N pods (default 20,000) in every output kubectl users reach for — Table,
// -o json, -o yaml, jsonpath, --sort-by — kcurl against kubectl on one sandbox, run in turn (A B A B …) so machine
// drift hits both alike. Each client process runs under getrusage (wall, user+sys CPU, peak RSS); kcurl also runs
// once more with a PerformanceObserver preloaded to report the share of its wall time spent in GC. The sandbox's
// CPU for each list (read from /proc between runs) is set against the client's, and its peak RSS is reported.
// Usage: node bench/large.mjs [pods] [runs] [--only=lists,logs,watch] [--cases=Table,...] [--write]   (default 20000 pods, 3 runs, all parts;
// needs `npm run build`, kubectl). `node bench/large.mjs 0 5 --only=logs,watch` measures the log and the watch in about
// a minute, without seeding pods.
// --cases=NAME,… runs only those list cases (Table, -o json, -o yaml, jsonpath, --sort-by). KCURL_BEFORE_BIN=path/bin/kcurl
// runs a second kcurl build (a copy of bin/ and dist/ taken before a change) in turn with the other two, against the
// same sandbox, and reports it next to kcurl; KCURL_SANDBOX_BIN picks the build that runs the sandbox.
// With --write the table replaces the "large lists" section of docs/benchmarks.md. These machines are noisy: read
// the ratios.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { cpuSeconds, memoryMB as memory, readyLine } from './lib/sandbox-process.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// KCURL_BIN runs another build (a copy of bin/ and dist/ taken before a change, say) against the same sandbox.
const KCURL = process.env.KCURL_BIN ?? path.join(root, 'bin', 'kcurl');
const KCURL_BEFORE = process.env.KCURL_BEFORE_BIN;
const SANDBOX = process.env.KCURL_SANDBOX_BIN ?? KCURL;

// ---- gc probe: preloaded (`node --import bench/large.mjs?gc`) into a kcurl run; prints GC time / wall on exit.
if (import.meta.url.endsWith('?gc')) {
  const { PerformanceObserver, performance } = await import('node:perf_hooks');
  let gc = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gc += e.duration;
  }).observe({ entryTypes: ['gc'] });
  process.on('exit', () => process.stderr.write(`@@GC ${gc.toFixed(1)} ${performance.now().toFixed(1)}\n`));
}

async function main() {
  const numbers = process.argv
    .slice(2)
    .filter((a) => /^\d+$/.test(a))
    .map(Number);
  const pods = numbers[0] ?? 20000;
  const runs = numbers[1] ?? 3;
  const write = process.argv.includes('--write');
  // --only=lists,logs,watch runs some of the parts.
  const only = new Set((process.argv.find((a) => a.startsWith('--only='))?.slice(7) ?? 'lists,logs,watch').split(','));
  if (!existsSync(path.join(root, 'dist', 'kcurl.cjs'))) throw new Error('run `npm run build` first');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kcurl-large-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const sandbox = spawn(process.execPath, [SANDBOX, 'sandbox', '--port', '0', '--kubeconfig', kubeconfig], {
    env: { ...process.env, HOME: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await readyLine(sandbox, /listening on (https:\/\/\S+)/);
    const seedSeconds = await seed(url, kubeconfig, pods);
    process.stderr.write(`seeded ${pods} pods in ${seedSeconds.toFixed(1)} s\n`);
    const sandboxAfterSeed = memory(sandbox.pid);
    const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir };
    const ns = ['-n', 'bench'];
    const cases = [
      { name: 'Table', age: true, args: ['get', 'pods', ...ns] },
      { name: '-o json', args: ['get', 'pods', ...ns, '-o', 'json'] },
      { name: '-o yaml', args: ['get', 'pods', ...ns, '-o', 'yaml'] },
      { name: 'jsonpath', args: ['get', 'pods', ...ns, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\\n"}{end}'] },
      { name: '--sort-by', age: true, args: ['get', 'pods', ...ns, '--sort-by=.metadata.name'] },
    ];
    const rows = [];
    const chosen = process.argv
      .find((a) => a.startsWith('--cases='))
      ?.slice(8)
      .split(',');
    for (const c of only.has('lists') ? cases.filter((c) => !chosen || chosen.includes(c.name)) : []) {
      const commands = { kcurl: ['node', KCURL, ...c.args], kubectl: ['kubectl', ...c.args] };
      if (KCURL_BEFORE) commands['kcurl-before'] = ['node', KCURL_BEFORE, ...c.args];
      // Warm-up: discovery caches, code caches; also checks the outputs agree byte for byte.
      const outs = {};
      for (const [k, argv] of Object.entries(commands)) outs[k] = timed(argv, env, sandbox.pid, { capture: true }).out;
      // The AGE column moves on between runs: tables are compared without their last column.
      const same = (a, b) => (c.age ? withoutAge(a) === withoutAge(b) : a.equals(b));
      const identical = same(outs.kcurl, outs.kubectl) && (!KCURL_BEFORE || same(outs['kcurl-before'], outs.kubectl));
      const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
      for (let i = 0; i < runs; i++) for (const [k, argv] of Object.entries(commands)) samples[k].push(timed(argv, env, sandbox.pid));
      const gc = gcShare(c.args, env);
      rows.push({ name: c.name, samples, gc, identical, bytes: outs.kubectl.length });
      process.stderr.write(`${c.name}: ${summary(samples)}, kcurl GC ${(gc * 100).toFixed(0)}%, identical ${identical}\n`);
      if (KCURL_BEFORE) process.stderr.write(`${beforeAfter(c.name, samples)}\n`);
    }
    // The sandbox's peak after the lists, before the log writer and the watches add their own.
    const peakAfterLists = memory(sandbox.pid);
    const logs = only.has('logs') ? await logsCase(url, kubeconfig, env, sandbox.pid, runs, dir) : '';
    const watch = [];
    for (const client of only.has('watch') ? ['kcurl', 'kubectl'] : []) watch.push(await watchCase(url, kubeconfig, env, client, 10000));
    const watchText = [
      '| get -w, 10,000 ADDED events | client peak RSS | seconds to the last event |',
      '|---|---|---|',
      ...watch.map((w) => `| ${w.client} | ${mb(w.hwm)} MB | ${w.seconds.toFixed(1)} |`),
    ].join('\n');
    process.stderr.write(`${watchText}\n`);
    const peak = memory(sandbox.pid);
    const table = `${renderTable(rows, { pods, seedSeconds, sandboxAfterSeed, peakAfterLists, peak })}\n\n${logs}\n\n${watchText}`;
    process.stdout.write(`${table}\n`);
    if (write) writeSection(table, pods, runs);
  } finally {
    sandbox.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const withoutAge = (buf) => buf.toString().replace(/\s+\S+$/gm, '');

/**
 * One container writing ~10 MB of log (100,000 lines of 100 bytes) from a shell loop: how fast the sandbox's writer
 * goes, then `logs` of it by kcurl, kubectl and curl (the same GET) in turn, stdout /dev/null and then a pipe.
 */
async function logsCase(url, kubeconfig, env, sandboxPid, runs, dir) {
  const manifest = path.join(dir, 'writer.yaml');
  const line = 'x'.repeat(90);
  writeFileSync(
    manifest,
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: writer\n  namespace: default\nspec:\n  containers:\n  - name: app\n    image: busybox\n' +
      `    command: ["sh", "-c", "i=0; while [ $i -lt 100000 ]; do echo \\"${line} $i\\"; i=$((i+1)); done; echo END; sleep 3600"]\n`,
  );
  const t0 = performance.now();
  run(['kubectl', 'apply', '-f', manifest], env);
  for (;;) {
    const r = spawnSync('kubectl', ['logs', 'writer', '--tail=1'], { env, encoding: 'utf8' });
    if (r.stdout === 'END\n') break;
    if (performance.now() - t0 > 600_000) throw new Error('the log writer did not finish in 10 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
  const writeSeconds = (performance.now() - t0) / 1000;
  const kc = parseYaml(readFileSync(kubeconfig, 'utf8'));
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64'));
  const token = kc.users.find((u) => u.user?.token)?.user.token;
  // The floor for a Node CLI: a minimal node:https client sending kcurl's and kubectl's two requests (the pod, then
  // its log) over one connection and writing the log as it arrives (bench/online.mjs --floor).
  const creds = path.join(dir, 'logs-creds.json');
  writeFileSync(creds, JSON.stringify({ server: url, ca: readFileSync(caFile, 'utf8'), token }));
  const pod = '/api/v1/namespaces/default/pods/writer';
  const commands = {
    kcurl: ['node', KCURL, 'logs', 'writer'],
    kubectl: ['kubectl', 'logs', 'writer'],
    curl: [
      'curl',
      '-sS',
      '--fail',
      '--cacert',
      caFile,
      '-H',
      `Authorization: Bearer ${token}`,
      `${url}/api/v1/namespaces/default/pods/writer/log?container=app`,
    ],
    'node floor': ['node', path.join(root, 'bench', 'online.mjs'), '--floor', creds, JSON.stringify([[pod], [`${pod}/log?container=app`]])],
  };
  // NODE_EXTRA_CA_CERTS makes every Node process read and parse that CA bundle as it starts (~40-60 ms of CPU here,
  // before any of kcurl's code runs; kubectl does not read it): the Node clients run once more without it.
  const unset = 'NODE_EXTRA_CA_CERTS unset';
  if (process.env.NODE_EXTRA_CA_CERTS) {
    commands[`kcurl, ${unset}`] = ['env', '-u', 'NODE_EXTRA_CA_CERTS', ...commands.kcurl];
    commands[`node floor, ${unset}`] = ['env', '-u', 'NODE_EXTRA_CA_CERTS', ...commands['node floor']];
  }
  // The same three commands for a one-line log: what each pays before and around the stream (start-up, the pod GET,
  // TLS), so that the difference is what streaming 10 MB costs each.
  writeFileSync(
    manifest,
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: oneline\n  namespace: default\nspec:\n  containers:\n  - name: app\n    image: busybox\n' +
      '    command: ["sh", "-c", "echo END; sleep 3600"]\n',
  );
  run(['kubectl', 'apply', '-f', manifest], env);
  while (spawnSync('kubectl', ['logs', 'oneline'], { env, encoding: 'utf8' }).stdout !== 'END\n') await new Promise((r) => setTimeout(r, 200));
  const small = Object.fromEntries(Object.entries(commands).map(([k, argv]) => [k, argv.map((a) => a.replaceAll('writer', 'oneline'))]));
  const outs = {};
  for (const [k, argv] of Object.entries(commands)) outs[k] = timed(argv, env, sandboxPid, { capture: true }).out;
  const bytes = outs.kubectl.length;
  const identical = Object.values(outs).every((o) => o.equals(outs.kubectl));
  const clients = () => Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const samples = clients();
  const oneLine = clients();
  // The same log with stdout a pipe that the timing process reads to the end (kubectl writes line by line there too).
  const piped = clients();
  for (let i = 0; i < Math.max(runs, 3); i++) {
    for (const [k, argv] of Object.entries(commands)) samples[k].push(timed(argv, env, sandboxPid));
    for (const [k, argv] of Object.entries(small)) oneLine[k].push(timed(argv, env, sandboxPid));
    for (const [k, argv] of Object.entries(commands)) piped[k].push(timed(argv, env, sandboxPid, { capture: true }));
  }
  const mbps = (s) => (bytes / 1e6 / s.wall).toFixed(0);
  // Streaming throughput: the bytes over the wall time the big log adds to the one-line log (medians).
  const streamed = (k) => bytes / 1e6 / Math.max(1e-3, median(samples[k].map((x) => x.wall)) - median(oneLine[k].map((x) => x.wall)));
  const rows = [
    `| one container, ${(bytes / 1e6).toFixed(1)} MB | wall s (min / median / max) | CPU s (median) | peak MB | MB/s (median) | one-line log: wall s, CPU s (medians) | streaming MB/s | sandbox CPU s (median) |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const [k, s] of Object.entries(samples)) {
    rows.push(
      `| ${k} logs | ${span(s, 'wall', sec)} | ${sec(median(s.map((x) => x.cpu)))} | ${mb(median(s.map((x) => x.rss)))} | ${mbps({ wall: median(s.map((x) => x.wall)) })} | ` +
        `${sec(median(oneLine[k].map((x) => x.wall)))}, ${sec(median(oneLine[k].map((x) => x.cpu)))} | ${streamed(k).toFixed(0)} | ${sec(median(s.map((x) => x.server)))} |`,
    );
  }
  rows.push('', '| the same log to a pipe | wall s (min / median / max) | CPU s (median) |', '|---|---|---|');
  for (const [k, s] of Object.entries(piped)) rows.push(`| ${k} logs | ${span(s, 'wall', sec)} | ${sec(median(s.map((x) => x.cpu)))} |`);
  const text = [
    ...rows,
    '',
    `kcurl/kubectl wall ${ratio(samples.kcurl, samples.kubectl, 'wall').toFixed(2)}× (one-line log ${ratio(oneLine.kcurl, oneLine.kubectl, 'wall').toFixed(2)}×, ` +
      `to a pipe ${ratio(piped.kcurl, piped.kubectl, 'wall').toFixed(2)}×); ` +
      `kcurl throughput / curl's ${(1 / ratio(samples.kcurl, samples.curl, 'wall')).toFixed(2)}× over the whole run, ${(streamed('kcurl') / streamed('curl')).toFixed(2)}× streaming; ` +
      `the node floor/kubectl wall ${ratio(samples['node floor'], samples.kubectl, 'wall').toFixed(2)}×, kcurl/the node floor wall ${ratio(samples.kcurl, samples['node floor'], 'wall').toFixed(2)}×, ` +
      `CPU ${ratio(samples.kcurl, samples['node floor'], 'cpu').toFixed(2)}×` +
      (samples[`kcurl, ${unset}`]
        ? `; with ${unset}: kcurl/kubectl wall ${ratio(samples[`kcurl, ${unset}`], samples.kubectl, 'wall').toFixed(2)}×, ` +
          `to a pipe ${ratio(piped[`kcurl, ${unset}`], piped.kubectl, 'wall').toFixed(2)}×, the node floor/kubectl wall ${ratio(samples[`node floor, ${unset}`], samples.kubectl, 'wall').toFixed(2)}×`
        : '') +
      `; outputs identical: ${identical ? 'yes' : '**no**'}.`,
    `The sandbox's shell wrote the log (100,000 \`echo\` lines) at ${(bytes / 1e6 / writeSeconds).toFixed(1)} MB/s (${writeSeconds.toFixed(1)} s from \`apply\` to the last line).`,
  ].join('\n');
  process.stderr.write(`${text}\n`);
  return text;
}

/**
 * `get configmaps -w` in a fresh namespace while `events` ConfigMaps are created there (32 concurrent POSTs):
 * the watcher's peak RSS (from /proc, read just before it is stopped) once it has printed every one.
 */
async function watchCase(url, kubeconfig, env, client, events) {
  const ns = `watch-${client}`;
  const api = apiClient(url, kubeconfig);
  await api.post('/api/v1/namespaces', { metadata: { name: ns } });
  const argv = client === 'kcurl' ? [process.execPath, KCURL] : ['kubectl'];
  const child = spawn(argv[0], [...argv.slice(1), 'get', 'configmaps', '-w', '-n', ns, '--no-headers'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  let lines = 0;
  const seen = new Promise((resolve) => {
    child.stdout.on('data', (d) => {
      for (const b of d) if (b === 10) lines++;
      // kube-root-ca.crt, then the created ones.
      if (lines >= events + 1) resolve();
    });
  });
  // The watch is open once the namespace's existing ConfigMap has been listed.
  while (lines < 1) await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async (_, worker) => {
      for (let i = worker; i < events; i += 32)
        await api.post(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: `cm-${String(i).padStart(5, '0')}` }, data: { index: String(i) } });
    }),
  );
  await seen;
  const seconds = (performance.now() - t0) / 1000;
  const { hwm } = memory(child.pid);
  child.kill();
  api.close();
  return { client, hwm, seconds };
}

function apiClient(url, kubeconfig) {
  const kc = parseYaml(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token = kc.users.find((u) => u.user?.token)?.user.token;
  const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 32 });
  const post = (p, body) =>
    new Promise((resolve, reject) => {
      const data = Buffer.from(JSON.stringify(body));
      const req = https.request(
        `${url}${p}`,
        { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': data.length } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`POST ${p}: ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  return { post, close: () => agent.destroy() };
}

function run(argv, env) {
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
}

/** N Pending pods in namespace bench (32 concurrent POSTs); returns the seconds it took. */
async function seed(url, kubeconfig, pods) {
  const { post, close } = apiClient(url, kubeconfig);
  const t0 = performance.now();
  await post('/api/v1/namespaces', { metadata: { name: 'bench' } });
  await Promise.all(
    Array.from({ length: 32 }, async (_, worker) => {
      for (let i = worker; i < pods; i += 32) await post('/api/v1/namespaces/bench/pods', pod(i));
    }),
  );
  close();
  return (performance.now() - t0) / 1000;
}

function pod(i) {
  const name = `pod-${String(i).padStart(5, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { app: 'bench', shard: String(i % 10) },
      annotations: { 'bench/note': `pod number ${i} of the large-list benchmark, with a sentence long enough to fold` },
    },
    // A scheduler nobody runs: the pods stay Pending and cost the sandbox nothing after they are stored.
    spec: {
      schedulerName: 'bench-unscheduled',
      containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }], env: [{ name: 'INDEX', value: String(i) }] }],
    },
  };
}

// Runs one command and reports its wall time and the kernel's accounting of the finished child (getrusage
// RUSAGE_CHILDREN: CPU, peak RSS), which Node does not expose.
const RUSAGE = `
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[2:], stdout=(subprocess.PIPE if sys.argv[1] == "1" else subprocess.DEVNULL), stderr=subprocess.PIPE)
wall = time.monotonic() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
if r.stdout: sys.stdout.buffer.write(r.stdout)
sys.stderr.buffer.write(r.stderr)
sys.stderr.write("@@TIME %f %f %d %d\\n" % (wall, u.ru_utime + u.ru_stime, u.ru_maxrss, r.returncode))
`;

/** One run: wall and CPU seconds, peak RSS in MB, and the sandbox's CPU seconds meanwhile. */
function timed(argv, env, sandboxPid, { capture = false } = {}) {
  const before = cpuSeconds(sandboxPid);
  const r = spawnSync('/usr/bin/python3', ['-c', RUSAGE, capture ? '1' : '0', ...argv], { env, maxBuffer: 1 << 30 });
  const server = cpuSeconds(sandboxPid) - before;
  const err = r.stderr.toString();
  const m = /@@TIME ([\d.]+) ([\d.]+) (\d+) (-?\d+)/.exec(err);
  if (r.status !== 0 || !m || m[4] !== '0') throw new Error(`${argv.join(' ')} failed: ${err.slice(-500)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]), rss: Number(m[3]) / 1024, server, out: r.stdout };
}

/** The share of kcurl's wall time spent in GC pauses, from one run with the probe preloaded. */
function gcShare(args, env) {
  const probe = `${pathToUrl(fileURLToPath(import.meta.url))}?gc`;
  const r = spawnSync(process.execPath, ['--import', probe, KCURL, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const m = /@@GC ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (!m) throw new Error(`gc probe: ${r.stderr.slice(-300)}`);
  return Number(m[1]) / Number(m[2]);
}

function pathToUrl(p) {
  return `file://${p}`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratio = (a, b, key) => median(a.map((s, i) => s[key] / b[i][key]));
const span = (s, key, f) => `${f(Math.min(...s.map((x) => x[key])))} / ${f(median(s.map((x) => x[key])))} / ${f(Math.max(...s.map((x) => x[key])))}`;
const sec = (x) => x.toFixed(2);
const mb = (x) => x.toFixed(0);

function summary(samples) {
  return Object.entries(samples)
    .map(([k, s]) => `${k} ${sec(median(s.map((x) => x.wall)))} s ${mb(median(s.map((x) => x.rss)))} MB`)
    .join(', ');
}

/** kcurl against the build before a change, run in turn in the same case: wall, CPU and the sandbox's CPU. */
function beforeAfter(name, samples) {
  const { kcurl, kubectl } = samples;
  const before = samples['kcurl-before'];
  const cpu = (s) => s.map((x) => ({ ...x, both: x.cpu + x.server }));
  return [
    `${name}, before → after (min / median / max):`,
    `  kcurl wall ${span(before, 'wall', sec)} → ${span(kcurl, 'wall', sec)} s; CPU ${span(before, 'cpu', sec)} → ${span(kcurl, 'cpu', sec)} s; ` +
      `sandbox CPU ${span(before, 'server', sec)} → ${span(kcurl, 'server', sec)} s; peak ${mb(median(before.map((x) => x.rss)))} → ${mb(median(kcurl.map((x) => x.rss)))} MB`,
    `  kcurl/kubectl wall ${ratio(before, kubectl, 'wall').toFixed(2)}× → ${ratio(kcurl, kubectl, 'wall').toFixed(2)}×; ` +
      `(kcurl + sandbox CPU) / (kubectl + sandbox CPU) ${ratio(cpu(before), cpu(kubectl), 'both').toFixed(2)}× → ${ratio(cpu(kcurl), cpu(kubectl), 'both').toFixed(2)}×; ` +
      `kubectl wall ${span(kubectl, 'wall', sec)} s, CPU ${sec(median(kubectl.map((x) => x.cpu)))} s, sandbox CPU ${sec(median(kubectl.map((x) => x.server)))} s; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  ].join('\n');
}

function renderTable(rows, { pods, seedSeconds, sandboxAfterSeed, peakAfterLists, peak }) {
  const out = [
    `| ${pods} pods | kubectl wall s (min / median / max) | kubectl peak MB | kcurl wall s (min / median / max) | kcurl peak MB | kcurl/kubectl wall, peak | kcurl GC share | sandbox CPU / kcurl CPU | output identical |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { name, samples, gc, identical, bytes } of rows) {
    const { kcurl, kubectl } = samples;
    out.push(
      `| ${name} (${(bytes / 1e6).toFixed(1)} MB) | ${span(kubectl, 'wall', sec)} | ${mb(median(kubectl.map((x) => x.rss)))} | ${span(kcurl, 'wall', sec)} | ${span(kcurl, 'rss', mb)} | ` +
        `${ratio(kcurl, kubectl, 'wall').toFixed(2)}×, ${ratio(kcurl, kubectl, 'rss').toFixed(2)}× | ${(gc * 100).toFixed(0)}% | ` +
        `${median(kcurl.map((s) => s.server / s.cpu)).toFixed(2)}× | ${identical ? 'yes' : '**no**'} |`,
    );
  }
  out.push('');
  out.push(
    `Seeding ${pods} pods took ${seedSeconds.toFixed(1)} s; sandbox RSS after seeding ${mb(sandboxAfterSeed.rss)} MB, peak after the lists ${mb(peakAfterLists.hwm)} MB, over the whole run (with the log writer and the watches) ${mb(peak.hwm)} MB.`,
  );
  return out.join('\n');
}

function writeSection(table, pods, runs) {
  const file = path.join(root, 'docs', 'benchmarks.md');
  const existing = readFileSync(file, 'utf8');
  const section = [
    '## large lists',
    '',
    `\`node bench/large.mjs ${pods} ${runs}\` on ${os.cpus()[0]?.model ?? 'this machine'} (${os.cpus().length} CPUs, shared with other jobs: noisy), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    'One sandbox holding Pending pods; kcurl and kubectl run in turn after a warm-up (both read the list in pages of 500,',
    "as kubectl does). Peak is the client's max RSS; GC share is from one more kcurl run with a PerformanceObserver",
    "preloaded; sandbox CPU is the server's utime+stime during the kcurl run over the kcurl process's own CPU.",
    '',
    table,
    '',
  ].join('\n');
  const re = /## large lists\n[\s\S]*?(?=\n## |$)/;
  const next = re.test(existing) ? existing.replace(re, section.trimEnd() + '\n') : `${existing.trimEnd()}\n\n${section}`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

if (!import.meta.url.endsWith('?gc') && process.argv[1] === fileURLToPath(import.meta.url)) await main();
