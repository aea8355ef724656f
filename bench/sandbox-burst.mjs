#!/usr/bin/env node
// Sandbox burst benchmark: POSTs N pods over 8 keep-alive connections to a `kcurl sandbox` process while its
// scheduler and simulated kubelet run them (each pod echoes a line and exits after 2 s), and prints the time,
// the longest answer and any errors (a reset shows up as ECONNRESET). Usage: node bench/sandbox-burst.mjs [pods]
// (default 3000); needs `npm run build`. Figures: docs/benchmarks.md, section "workshop load".
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { startSandboxProcess } from './lib/sandbox-process.mjs';

const pods = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'kcurl-bench-burst-'));
const { child, url, ca, token } = await startSandboxProcess(dir);
const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 8 });
const errors = {};
let next = 0;
let created = 0;
let longest = 0;
const post = (i) =>
  new Promise((resolve) => {
    const body = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}` },
      spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo hi; sleep 2'] }] },
    });
    const started = Date.now();
    const req = https.request(
      `${url}/api/v1/namespaces/default/pods`,
      { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => {
          longest = Math.max(longest, Date.now() - started);
          if (res.statusCode === 201) created++;
          else errors[res.statusCode] = (errors[res.statusCode] ?? 0) + 1;
          resolve();
        });
      },
    );
    req.on('error', (e) => {
      errors[e.code ?? e.message] = (errors[e.code ?? e.message] ?? 0) + 1;
      resolve();
    });
    req.end(body);
  });
const t0 = Date.now();
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < pods) await post(next++);
  }),
);
process.stdout.write(`${JSON.stringify({ pods, created, errors, seconds: (Date.now() - t0) / 1000, longestAnswerMs: longest })}\n`);
agent.destroy();
child.kill('SIGTERM');
child.on('exit', () => rmSync(dir, { recursive: true, force: true }));
