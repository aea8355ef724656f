#!/usr/bin/env node
// The shell loop of bench/sandbox-logs.mjs without the API server: `sh -c 'while true; do echo LINE; done'` run in
// this process by the container interpreter, writing into a container log (line split, timestamps) for some
// seconds, then killed as kubelet kills it. Reports loop passes (log lines) per CPU second, so a profile of the
// interpreter alone is one command away: `node --cpu-prof bench/sandbox-shell-loop.mjs 3`.
// Usage: node bench/sandbox-shell-loop.mjs [seconds] [line]   (default 3 s, a 99-character line); bundles
// src/ with esbuild on the fly, so it needs no `npm run build`.
import { build } from 'esbuild';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const seconds = Number(process.argv[2] ?? 3);
const line = process.argv[3] ?? 'x'.repeat(99);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'kcurl-bench-shell-'));
try {
  const out = path.join(dir, 'entry.mjs');
  const src = (f) => JSON.stringify(path.join(root, 'src/sandbox', f));
  await build({
    stdin: {
      contents: `export { runProcess } from ${src('container/interpreter.ts')}; export { ContainerLog, logClock } from ${src('workloads/logs.ts')};`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    sourcemap: 'inline',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const { runProcess, ContainerLog, logClock } = await import(pathToFileURL(out).href);
  const log = new ContainerLog(
    logClock(() => new Date()),
    'bench',
  );
  let lines = 0;
  let bytes = 0;
  log.subscribe((e) => {
    if (e) {
      lines++;
      bytes += e.text.length;
    }
  });
  const abort = new AbortController();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  setTimeout(() => abort.abort(), seconds * 1000);
  const result = await runProcess(['sh', '-c', `while true; do echo ${line}; done`], {
    env: new Map([['PATH', '/usr/bin:/bin']]),
    fs: undefined,
    hostname: 'bench',
    now: () => new Date(),
    write: (s, t) => log.write(s, t),
    signal: abort.signal,
    sleep: (ms, signal) =>
      new Promise((r) => {
        const t = setTimeout(r, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          r();
        });
      }),
  });
  const cpu = process.cpuUsage(cpu0);
  delay.disable();
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `exit ${result.code}; ${lines} lines (${(bytes / 1e6).toFixed(1)} MB) in ${wall.toFixed(2)} s, ${cpuS.toFixed(2)} s CPU: ` +
      `${Math.round(lines / cpuS / 1000)} k lines per CPU s, ${((cpuS / lines) * 1e6).toFixed(2)} µs per pass, ${(bytes / 1e6 / cpuS).toFixed(1)} MB per CPU s; event loop delay p50 / p99 / max ` +
      `${(delay.percentile(50) / 1e6).toFixed(1)} / ${(delay.percentile(99) / 1e6).toFixed(1)} / ${(delay.max / 1e6).toFixed(1)} ms`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
