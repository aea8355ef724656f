#!/usr/bin/env node
// Proxy benchmark: what `kcurl proxy` adds to a request, against `kubectl proxy` on the same sandbox. One sandbox,
// both proxies on free ports; a Node client sends keep-alive GETs (one connection per target, one request at a
// time) to the sandbox directly, then through each proxy, in turn request by request, so machine drift hits all
// three alike.
// Reported per proxy: added latency (median and p99 of its round over the direct round's), its CPU per request
// (utime+stime from /proc/PID/stat across the round), and its peak RSS (VmHWM) at the end; ratios kcurl/kubectl
// with min / median / max over the rounds.
// Usage: node bench/proxy.mjs [requests per round] [rounds] [--path=/api/v1/...] [--write]
// (default 2000 requests, 5 rounds, GET /api/v1/namespaces/default/configmaps/kube-root-ca.crt; needs
// `npm run build` and kubectl). KCURL_BEFORE_BIN=path/to/bin/kcurl adds a third proxy, that build's `kcurl proxy`,
// to the same turns (a before/after comparison under the same load), with the ratio kcurl/before per round. kcurl proxy runs as a user starts it (its one log line per request goes to stderr,
// here /dev/null). With --write the result replaces the "proxy" section of docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { cpuSeconds, memoryMB as memory, readyLine } from './lib/sandbox-process.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// KCURL_BIN runs another build (a copy of bin/ and dist/ taken before a change, say).
const KCURL = process.env.KCURL_BIN ?? path.join(root, 'bin', 'kcurl');
const BEFORE = process.env.KCURL_BEFORE_BIN;

async function main() {
  const numbers = process.argv
    .slice(2)
    .filter((a) => /^\d+$/.test(a))
    .map(Number);
  const perRound = numbers[0] ?? 2000;
  const rounds = numbers[1] ?? 5;
  const target = process.argv.find((a) => a.startsWith('--path='))?.slice(7) ?? '/api/v1/namespaces/default/configmaps/kube-root-ca.crt';
  const write = process.argv.includes('--write');
  if (!existsSync(path.join(root, 'dist', 'kcurl.cjs'))) throw new Error('run `npm run build` first');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kcurl-proxy-bench-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir };
  const children = [];
  const start = (argv, re) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    return readyLine(child, re).then((m) => ({ child, m }));
  };
  try {
    const sandbox = await start([process.execPath, KCURL, 'sandbox', '--port', '0', '--kubeconfig', kubeconfig], /listening on (https:\/\/\S+)/);
    const kc = parseYaml(readFileSync(kubeconfig, 'utf8'));
    const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
    const token = kc.users.find((u) => u.user?.token)?.user.token;
    const kcurl = await start([process.execPath, KCURL, 'proxy', '--port', '0'], /Starting to serve on (\S+)/);
    const kubectl = await start(['kubectl', 'proxy', '--port=0'], /Starting to serve on (\S+)/);
    const before = BEFORE ? await start([process.execPath, BEFORE, 'proxy', '--port', '0'], /Starting to serve on (\S+)/) : undefined;
    const targets = {
      direct: client(`${sandbox.m}${target}`, { ca, headers: { authorization: `Bearer ${token}` } }),
      kcurl: client(`http://${kcurl.m}${target}`),
      kubectl: client(`http://${kubectl.m}${target}`),
      ...(before ? { before: client(`http://${before.m}${target}`) } : {}),
    };
    const pids = { kcurl: kcurl.child.pid, kubectl: kubectl.child.pid, ...(before ? { before: before.child.pid } : {}) };
    const proxies = Object.keys(pids);
    // Warm-up: connections, discovery, JIT.
    for (const t of Object.values(targets)) for (let i = 0; i < 200; i++) await t.get();
    const samples = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
    const cpu = Object.fromEntries(proxies.map((k) => [k, []]));
    let bytes = 0;
    for (let r = 0; r < rounds; r++) {
      // Request by request in turn (direct, kcurl, kubectl), so a busy moment of the machine hits all three.
      const start = Object.fromEntries(proxies.map((k) => [k, cpuSeconds(pids[k])]));
      const times = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
      for (let i = 0; i < perRound; i++) {
        for (const [name, t] of Object.entries(targets)) {
          const t0 = performance.now();
          bytes = await t.get();
          times[name].push(performance.now() - t0);
        }
      }
      for (const name of proxies) cpu[name].push((cpuSeconds(pids[name]) - start[name]) / perRound);
      for (const [name, xs] of Object.entries(times)) samples[name].push(xs.sort((a, b) => a - b));
      process.stderr.write(
        `round ${r + 1}/${rounds}: ${Object.entries(samples)
          .map(([k, s]) => `${k} ${ms(pct(s[r], 0.5))}`)
          .join(', ')}\n`,
      );
    }
    const peak = Object.fromEntries(proxies.map((k) => [k, memory(pids[k])]));
    for (const t of Object.values(targets)) t.close();
    const table = render({ samples, cpu, peak, perRound, rounds, target, bytes });
    process.stdout.write(`${table}\n`);
    if (write) writeSection(table, perRound, rounds, target);
  } finally {
    for (const c of children) c.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A keep-alive client with one connection; get() resolves with the body's length once it has been read. */
function client(url, { ca, headers = {} } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: 1, ...(ca ? { ca } : {}) });
  const get = () =>
    new Promise((resolve, reject) => {
      const req = mod.get(url, { agent, headers }, (res) => {
        let n = 0;
        res.on('data', (c) => (n += c.length));
        res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`GET ${url}: ${res.statusCode}`))));
      });
      req.on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}

/** The p-quantile of sorted numbers. */
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const span = (xs, f) => `${f(Math.min(...xs))} / ${f(median(xs))} / ${f(Math.max(...xs))}`;
const ms = (x) => x.toFixed(2);

function render({ samples, cpu, peak, perRound, rounds, target, bytes }) {
  const added = (name, p) => samples[name].map((s, r) => pct(s, p) - pct(samples.direct[r], p));
  const rows = [
    `| ${perRound} keep-alive GETs × ${rounds} rounds (${bytes} B answer) | added latency median ms (min / median / max) | added p99 ms | CPU per request ms | peak RSS MB |`,
    '|---|---|---|---|---|',
    `| direct to the sandbox | ${span(
      samples.direct.map((s) => pct(s, 0.5)),
      ms,
    )} (the request itself) | ${span(
      samples.direct.map((s) => pct(s, 0.99)),
      ms,
    )} (the request itself) | | |`,
  ];
  for (const name of ['kubectl', 'kcurl', ...(cpu.before ? ['before'] : [])]) {
    rows.push(
      `| ${name === 'before' ? 'kcurl proxy, KCURL_BEFORE_BIN' : `${name} proxy`} | ${span(added(name, 0.5), ms)} | ${span(added(name, 0.99), ms)} | ${span(
        cpu[name].map((c) => c * 1000),
        ms,
      )} | ${peak[name].hwm.toFixed(0)} |`,
    );
  }
  const ratio = (a, b) =>
    span(
      a.map((x, i) => x / b[i]),
      (x) => `${x.toFixed(2)}×`,
    );
  const text = [
    ...rows,
    '',
    `kcurl/kubectl, min / median / max over the rounds: added latency (median) ${ratio(added('kcurl', 0.5), added('kubectl', 0.5))}, ` +
      `added p99 ${ratio(added('kcurl', 0.99), added('kubectl', 0.99))}, CPU per request ${ratio(cpu.kcurl, cpu.kubectl)}, peak RSS ${(peak.kcurl.hwm / peak.kubectl.hwm).toFixed(2)}×.`,
    ...(cpu.before
      ? [
          `kcurl/before (KCURL_BEFORE_BIN), min / median / max over the rounds: CPU per request ${ratio(cpu.kcurl, cpu.before)}, ` +
            `added latency (median) ${ratio(added('kcurl', 0.5), added('before', 0.5))}, peak RSS ${(peak.kcurl.hwm / peak.before.hwm).toFixed(2)}×; ` +
            `before/kubectl CPU per request ${ratio(cpu.before, cpu.kubectl)}.`,
        ]
      : []),
    `Target: GET ${target}.`,
  ].join('\n');
  process.stderr.write(`${text}\n`);
  return text;
}

function writeSection(table, perRound, rounds) {
  const file = path.join(root, 'docs', 'benchmarks.md');
  const existing = readFileSync(file, 'utf8');
  const section = [
    '## proxy',
    '',
    `\`node bench/proxy.mjs ${perRound} ${rounds}\` on ${os.cpus()[0]?.model ?? 'this machine'} (${os.cpus().length} CPUs, shared with other jobs: noisy), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    'One sandbox; `kcurl proxy` and `kubectl proxy` on free ports; a Node client sends keep-alive GETs one at a time, in',
    'turn request by request: to the sandbox directly, then through each proxy. Added latency is the median (p99) of a',
    "round's requests through the proxy less that of its direct requests; CPU is the proxy process's utime+stime over",
    'the round; peak is its VmHWM at the end.',
    '',
    table,
    '',
  ].join('\n');
  const re = /## proxy\n[\s\S]*?(?=\n## |$)/;
  const next = re.test(existing) ? existing.replace(re, section.trimEnd() + '\n') : `${existing.trimEnd()}\n\n${section}`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
