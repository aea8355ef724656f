#!/usr/bin/env node
// Live container log throughput: a pod runs `sh -c 'while true; do echo LINE; done'` in the sandbox and the bench
// follows its log from now on (`pods/{name}/log?follow=true&tailLines=0`, as `kubectl logs -f --tail=0` asks) for some seconds, counting bytes
// and checking every byte is the line the loop echoes. Baseline, measured in the same run: a plain node https
// server in its own process writing the same bytes as fast as the socket takes them. While the log streams, the
// bench GETs a pod now and then and reports the latency, against the same GETs before the writer started; the
// bench's own process also reads and checks the log, so a second prober in a process of its own GETs the same pod
// meanwhile (the latency the sandbox gives a client that is not busy itself).
// Usage: node bench/sandbox-logs.mjs [seconds]   (default 5 s per measurement); needs `npm run build`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, readyLine, request, requireBuild, selfSigned, startBenchSandbox } from './lib/sandbox-process.mjs';
const LINES = { short: 'line', long: 'x'.repeat(99) };

// ---- baseline mode: a plain https server streaming `line\n` forever, 64 kB at a time, honouring backpressure.
if (process.argv[2] === '--baseline') {
  const { key, cert } = JSON.parse(process.argv[3]);
  const server = https.createServer({ key, cert }, (req, res) => {
    const line = `${LINES[new URL(req.url, 'https://x').searchParams.get('line')]}\n`;
    const chunk = line.repeat(Math.ceil(65536 / line.length));
    res.writeHead(200, { 'content-type': 'text/plain' });
    let open = true;
    res.on('close', () => (open = false));
    const pump = () => {
      while (open && res.write(chunk));
      if (open) res.once('drain', pump);
    };
    pump();
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
  process.on('SIGTERM', () => process.exit(0));
} else if (process.argv[2] === '--probe') {
  // ---- probe mode: the GETs of `latencies` from a process that does nothing else; prints the result as JSON.
  const { url, token, ca, seconds } = JSON.parse(process.argv[3]);
  const agent = new https.Agent({ ca, keepAlive: true });
  const call = (method, p) => request(agent, `${url}${p}`, { method, token });
  process.stdout.write(`${JSON.stringify(await latencies(call, seconds))}\n`);
  agent.destroy();
} else {
  await main();
}

async function main() {
  const seconds = Number(process.argv[2] ?? 5);
  requireBuild();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kcurl-bench-logs-'));
  const children = [];
  try {
    const { child: sandbox, url: sbUrl, token, ca, agent, call } = await startBenchSandbox(dir, children);
    const probe = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probe' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } };
    await call('POST', '/api/v1/namespaces/bench/pods', probe);
    const [idle, idleApart] = await Promise.all([latencies(call, seconds), probeApart({ url: sbUrl, token, ca, seconds })]);

    const tls = selfSigned();
    const baseline = spawn(process.execPath, [fileURLToPath(import.meta.url), '--baseline', JSON.stringify(tls)], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(baseline);
    const bUrl = `https://127.0.0.1:${await readyLine(baseline, /listening (\d+)/)}`;
    const bAgent = new https.Agent({ ca: tls.cert, keepAlive: false });

    const rows = [];
    for (const [kind, line] of Object.entries(LINES)) {
      const name = `writer-${kind}`;
      await call('POST', '/api/v1/namespaces/bench/pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', `while true; do echo ${line}; done`] }] },
      });
      for (;;) {
        const r = await call('GET', `/api/v1/namespaces/bench/pods/${name}`);
        if (JSON.parse(r.body).status?.phase === 'Running') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const cpu0 = cpuSeconds(sandbox.pid);
      const [sb, busy, apart] = await Promise.all([
        follow(agent, `${sbUrl}/api/v1/namespaces/bench/pods/${name}/log?follow=true&tailLines=0`, token, `${line}\n`, seconds),
        latencies(call, seconds),
        probeApart({ url: sbUrl, token, ca, seconds }),
      ]);
      const cpu = cpuSeconds(sandbox.pid) - cpu0;
      await call('DELETE', `/api/v1/namespaces/bench/pods/${name}?gracePeriodSeconds=0`);
      const base = await follow(bAgent, `${bUrl}/?line=${kind}`, undefined, `${line}\n`, seconds);
      rows.push([
        `\`echo\` of ${line.length + 1}-byte lines, \`logs -f\` for ${seconds} s`,
        `${sb.mbps.toFixed(1)} MB/s`,
        `${base.mbps.toFixed(1)} MB/s`,
        `${(sb.mbps / base.mbps).toFixed(2)}×`,
      ]);
      rows.push([`the same, per CPU second of the sandbox (${cpu.toFixed(1)} s CPU)`, `${((sb.mbps * seconds) / cpu).toFixed(1)} MB/s`, '', '']);
      rows.push([`GET a pod meanwhile: p50 / max (${busy.count} GETs)`, `${busy.p50.toFixed(1)} / ${busy.max.toFixed(1)} ms`, '', '']);
      rows.push([`the same from another process (${apart.count} GETs)`, `${apart.p50.toFixed(1)} / ${apart.max.toFixed(1)} ms`, '', '']);
    }
    rows.push([`GET a pod, no writer: p50 / max (${idle.count} GETs)`, `${idle.p50.toFixed(1)} / ${idle.max.toFixed(1)} ms`, '', '']);
    rows.push([`the same from another process (${idleApart.count} GETs)`, `${idleApart.p50.toFixed(1)} / ${idleApart.max.toFixed(1)} ms`, '', '']);
    agent.destroy();
    bAgent.destroy();
    console.log(
      [
        `node bench/sandbox-logs.mjs ${seconds} on ${os.cpus()[0]?.model ?? 'this machine'} (${os.cpus().length} CPUs), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
        '',
        '| measurement | sandbox | baseline | ratio |',
        '|---|---|---|---|',
        ...rows.map((r) => `| ${r.join(' | ')} |`),
      ].join('\n'),
    );
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a streamed body for `seconds` (timed from its first byte), checking every byte is `line` repeated. */
function follow(agent, url, token, line, seconds) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`${url}: status ${res.statusCode}`));
      res.setEncoding('utf8');
      let bytes = 0;
      let carry = '';
      let t0;
      let timer;
      res.on('data', (chunk) => {
        if (t0 === undefined) {
          t0 = performance.now();
          timer = setTimeout(() => {
            const mbps = bytes / 1e6 / ((performance.now() - t0) / 1000);
            req.destroy();
            resolve({ mbps });
          }, seconds * 1000);
        }
        bytes += chunk.length;
        const text = carry + chunk;
        const whole = text.length - (text.length % line.length);
        for (let i = 0; i < whole; i += line.length)
          if (!text.startsWith(line, i)) {
            clearTimeout(timer);
            req.destroy();
            return reject(new Error(`${url}: unexpected log text at byte ${bytes}: ${JSON.stringify(text.slice(i, i + 40))}`));
          }
        carry = text.slice(whole);
      });
    });
    req.on('error', (e) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
  });
}

/** `latencies` run by a process of its own (probe mode of this script). */
async function probeApart(opts) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--probe', JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`GET probe process: exit ${code}`);
  return JSON.parse(out);
}

/** GETs a pod every 20 ms for `seconds`: p50 and max latency. */
async function latencies(call, seconds) {
  const times = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const t0 = performance.now();
    const r = await call('GET', '/api/v1/namespaces/bench/pods/probe');
    if (r.status !== 200) throw new Error(`GET probe: ${r.status}`);
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  times.sort((a, b) => a - b);
  return { count: times.length, p50: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}
