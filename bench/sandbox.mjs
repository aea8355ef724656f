#!/usr/bin/env node
// Sandbox benchmark: lists 5,000 pods as JSON and as a server-side Table (time, peak server memory) and
// measures sustained GETs per second from a second process, each against a baseline measured in the same
// run: a plain node https server answering the same bytes. These machines are noisy: read the ratios.
// Usage: node bench/sandbox.mjs [pods] [seconds]   (default 5000 pods, 5 s of GETs); needs `npm run build`.
// Writes the figures into docs/benchmarks.md, section "sandbox".
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT as root, cpuSeconds, memory, readyLine, request, requireBuild, selfSigned, startBenchSandbox } from './lib/sandbox-process.mjs';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

// ---- client mode: `node bench/sandbox.mjs --client <json>` runs the sustained GET loop in its own process.
if (process.argv[2] === '--client') {
  const { url, token, ca, seconds, concurrency } = JSON.parse(process.argv[3]);
  const agent = new https.Agent({ ca, keepAlive: true, maxSockets: concurrency });
  const get = () =>
    new Promise((resolve, reject) => {
      const req = https.get(url, { agent, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
    });
  const until = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        await get();
        count++;
      }
    }),
  );
  agent.destroy();
  process.stdout.write(JSON.stringify({ perSecond: count / seconds }));
  process.exit(0);
}

// ---- baseline mode: a plain https server answering fixed bytes.
if (process.argv[2] === '--baseline') {
  const { key, cert, bodies } = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  const server = https.createServer({ key, cert }, (req, res) => {
    const body = bodies[req.url] ?? '{}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const pods = Number(process.argv[2] ?? 5000);
  const seconds = Number(process.argv[3] ?? 5);
  requireBuild();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kcurl-bench-'));
  const children = [];
  try {
    const { child: sandbox, url: sbUrl, ca, token, agent, call } = await startBenchSandbox(dir, children, { maxSockets: 64 });
    let created = 0;
    const writeStart = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async (_, worker) => {
        for (let i = worker; i < pods; i += 32) {
          const r = await call('POST', '/api/v1/namespaces/bench/pods', pod(i));
          if (r.status !== 201) throw new Error(`creating pod ${i}: ${r.status} ${r.body.slice(0, 200)}`);
          created++;
        }
      }),
    );
    const writeSeconds = (performance.now() - writeStart) / 1000;
    const rssAfterCreate = memory(sandbox.pid);
    const listPath = '/api/v1/namespaces/bench/pods';

    // A chunked list (limit=500, as kubectl pages), every page in turn: the sandbox's CPU against the client's
    // (this process: TLS, reading and JSON.parse of each page, the least any client does with it).
    const pages = async () => {
      let cont = '';
      let count = 0;
      let n = 0;
      do {
        const r = await call('GET', `${listPath}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
        if (r.status !== 200) throw new Error(`chunked list: ${r.status}`);
        const page = JSON.parse(r.body);
        count += page.items.length;
        cont = page.metadata.continue ?? '';
        n++;
      } while (cont);
      if (count !== pods) throw new Error(`chunked list returned ${count} pods, not ${pods}`);
      return n;
    };
    await pages();
    const sbCpu0 = cpuSeconds(sandbox.pid);
    const clientCpu0 = process.cpuUsage();
    const chunkStart = performance.now();
    const pageCount = await pages();
    const chunked = {
      ms: performance.now() - chunkStart,
      sandboxCpu: cpuSeconds(sandbox.pid) - sbCpu0,
      clientCpu: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(clientCpu0)),
      hwm: memory(sandbox.pid).hwm,
    };

    const jsonList = await timed(() => call('GET', listPath));
    const hwmJson = memory(sandbox.pid).hwm;
    const tableList = await timed(() => call('GET', listPath, undefined, TABLE_ACCEPT));
    const hwmTable = memory(sandbox.pid).hwm;
    const onePath = '/api/v1/namespaces/bench/pods/pod-00001';
    const one = await call('GET', onePath);

    // The baseline: same bytes from a plain https server in its own process.
    const tls = selfSigned();
    const bodiesFile = path.join(dir, 'baseline.json');
    writeFileSync(bodiesFile, JSON.stringify({ ...tls, bodies: { '/list': jsonList.body, '/table': tableList.body, '/one': one.body } }));
    const baseline = spawn(process.execPath, [fileURLToPath(import.meta.url), '--baseline', bodiesFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(baseline);
    const port = await readyLine(baseline, /listening (\d+)/);
    const bUrl = `https://127.0.0.1:${port}`;
    const bAgent = new https.Agent({ ca: tls.cert, keepAlive: true });
    const bMem0 = memory(baseline.pid);
    const bList = await timed(() => request(bAgent, `${bUrl}/list`, { method: 'GET' }));
    const bTable = await timed(() => request(bAgent, `${bUrl}/table`, { method: 'GET' }));
    const bMem = memory(baseline.pid);

    const gets = await clientRun({ url: `${sbUrl}${onePath}`, token, ca, seconds, concurrency: 16 });
    const bGets = await clientRun({ url: `${bUrl}/one`, token: 'x', ca: tls.cert, seconds, concurrency: 16 });

    agent.destroy();
    bAgent.destroy();
    const mb = (kb) => (kb / 1024).toFixed(0);
    const rows = [
      ['create pods (32 concurrent POSTs)', `${(created / writeSeconds).toFixed(0)} pods/s`, '', ''],
      [
        `list ${pods} pods, JSON (${(jsonList.bytes / 1e6).toFixed(1)} MB)`,
        `${jsonList.ms.toFixed(0)} ms`,
        `${bList.ms.toFixed(0)} ms`,
        `${(jsonList.ms / bList.ms).toFixed(1)}×`,
      ],
      [
        `list ${pods} pods, Table (${(tableList.bytes / 1e6).toFixed(1)} MB)`,
        `${tableList.ms.toFixed(0)} ms`,
        `${bTable.ms.toFixed(0)} ms`,
        `${(tableList.ms / bTable.ms).toFixed(1)}×`,
      ],
      [
        `chunked list of ${pods} pods (limit=500, ${pageCount} pages): CPU, sandbox vs client`,
        `${chunked.sandboxCpu.toFixed(2)} s`,
        `${chunked.clientCpu.toFixed(2)} s (client)`,
        `${(chunked.sandboxCpu / chunked.clientCpu).toFixed(2)}×`,
      ],
      [`chunked list: wall; server peak RSS so far`, `${chunked.ms.toFixed(0)} ms; ${mb(chunked.hwm)} MB`, '', ''],
      ['server RSS after creating the pods', `${mb(rssAfterCreate.rss)} MB`, `${mb(bMem0.rss)} MB (idle)`, ''],
      ['server peak RSS after the JSON lists', `${mb(hwmJson)} MB`, `${mb(bMem.hwm)} MB`, `${(hwmJson / bMem.hwm).toFixed(1)}×`],
      ['server peak RSS after the Table lists', `${mb(hwmTable)} MB`, `${mb(bMem.hwm)} MB`, `${(hwmTable / bMem.hwm).toFixed(1)}×`],
      [
        `GET one pod, 16 concurrent, ${seconds} s, second process`,
        `${gets.perSecond.toFixed(0)} req/s`,
        `${bGets.perSecond.toFixed(0)} req/s`,
        `${(bGets.perSecond / gets.perSecond).toFixed(1)}× slower`,
      ],
    ];
    const table = ['| measurement | sandbox | baseline | ratio |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    console.log(table);
    writeSection(table, { pods, seconds });
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function pod(i) {
  const name = `pod-${String(i).padStart(5, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench', shard: String(i % 10) } },
    // A scheduler nobody runs: the pods stay Pending, so the figures measure the API server, not the simulated
    // scheduler and kubelets working through 5,000 pods (a node holds 110) while the lists run.
    spec: {
      schedulerName: 'bench-unscheduled',
      containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }], env: [{ name: 'INDEX', value: String(i) }] }],
    },
  };
}

/** Median of 5 runs after one warm-up. */
async function timed(fn) {
  let last;
  await fn();
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
    if (last.status !== undefined && last.status !== 200) throw new Error(`status ${last.status}`);
  }
  times.sort((a, b) => a - b);
  return { ms: times[2], body: last.body, bytes: last.bytes };
}

function clientRun(opts) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [fileURLToPath(import.meta.url), '--client', JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`client exited ${code}`))));
  });
}

function writeSection(table, { pods, seconds }) {
  const file = path.join(root, 'docs', 'benchmarks.md');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = [
    '## sandbox',
    '',
    `\`node bench/sandbox.mjs ${pods} ${seconds}\` on ${os.cpus()[0]?.model ?? 'this machine'} (${os.cpus().length} CPUs), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    'The sandbox (`kcurl sandbox`) and the baseline (a plain node https server answering the same bytes) each run in their',
    'own process; lists are the median of 5 after a warm-up; GETs come from a third process over 16 keep-alive connections.',
    "Peak RSS is the server process's VmHWM. Only the ratios are meaningful on these shared machines.",
    'The chunked list pages through every pod with limit=500 (as kubectl does), after one warm-up pass, before the',
    'unchunked lists; its client is the bench process (TLS, reading, JSON.parse of each page), CPU is user+system.',
    'The pods name a scheduler nobody runs, so they stay Pending and the figures measure the API server alone.',
    '',
    table,
    '',
  ].join('\n');
  const re = /## sandbox\n[\s\S]*?(?=\n## |$)/;
  const next = re.test(existing) ? existing.replace(re, section.trimEnd() + '\n') : `${existing.trimEnd()}\n\n${section}`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}
