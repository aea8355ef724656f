#!/usr/bin/env node
// Start-up benchmark: `kcurl get pods --offline --show-curl` (and `kcurl version`) against `node -e ''`,
// run in turn in the same session. These machines are shared and noisy, so only ratios mean anything:
// the median of pairwise ratios (each kcurl run against the baseline run next to it) is the figure to
// quote; the ratio of the minimums (noise only ever adds time) is printed as a cross-check. Each figure is given
// for wall time and for CPU time (user+sys, from python3's wait4), which other jobs on the machine disturb less.
// With --online it also starts a sandbox (`kcurl sandbox --port 0`) and times an online `kcurl get pods`
// against it (no discovery cache: HOME does not exist), the run that loads the client bundle.
// Usage: node bench/startup.mjs [runs] [--online]   (default 20 runs of each, after 3 warm-ups)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const online = args.includes('--online');
const runs = Math.max(10, Number(args.find((a) => a !== '--online') ?? 20));
const env = { ...process.env, KUBECONFIG: path.join(root, 'bench/kubeconfig.yaml'), HOME: '/nonexistent' };
delete env.NODE_OPTIONS; // would key a separate code cache (see bin/code-cache.cjs) and skew both sides
const kcurl = path.join(root, 'bin/kcurl');

const commands = {
  'kcurl get pods --offline --show-curl': [process.execPath, [kcurl, 'get', 'pods', '--offline', '--show-curl']],
  'kcurl version': [process.execPath, [kcurl, 'version']],
};
let sandbox;
let scratch;
if (online) {
  scratch = mkdtempSync(path.join(tmpdir(), 'kcurl-bench-'));
  const kubeconfig = path.join(scratch, 'kubeconfig');
  sandbox = spawn(process.execPath, [kcurl, 'sandbox', '--port', '0', '--kubeconfig', kubeconfig], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    sandbox.stdout.on('data', (c) => (out += c).includes('listening on') && resolve());
    sandbox.on('exit', (code) => reject(new Error(`kcurl sandbox exited ${code} before listening: ${out}`)));
  });
  commands['kcurl get pods (online, sandbox)'] = [process.execPath, [kcurl, 'get', 'pods', '--kubeconfig', kubeconfig]];
}
const baseline = "node -e ''";
commands[baseline] = [process.execPath, ['-e', '']];

// One run under a small Python wrapper: the wall time around the child (monotonic clock) and the kernel's account
// of its CPU time (user+sys from wait4), which Node does not expose. On a machine other jobs load, CPU time varies far
// less than wall time. stdout and stderr are pipes, as in a shell pipeline.
const RUSAGE = `
import os, subprocess, sys, threading, time
t = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
err = []
readers = [threading.Thread(target=p.stdout.read), threading.Thread(target=lambda: err.append(p.stderr.read()))]
for r in readers: r.start()
for r in readers: r.join()
_, status, ru = os.wait4(p.pid, 0)
wall = time.monotonic() - t
sys.stdout.write("%f %f %d\\n" % (wall * 1000, (ru.ru_utime + ru.ru_stime) * 1000, status))
sys.stderr.buffer.write(err[0])
`;

/** One run: wall and CPU milliseconds. */
function time([cmd, cmdArgs]) {
  const r = spawnSync('/usr/bin/python3', ['-c', RUSAGE, cmd, ...cmdArgs], { env, encoding: 'utf8' });
  const [wall, cpu, status] = r.stdout.trim().split(' ').map(Number);
  if (r.status !== 0 || status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${status}): ${r.stderr}`);
  return { wall, cpu };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function measure() {
  for (let i = 0; i < 3; i++) for (const c of Object.values(commands)) time(c);
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [name, c] of Object.entries(commands)) samples[name].push(time(c));
  const fmt = (x) => x.toFixed(1);
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  console.log(`runs: ${runs} of each, in turn; Node ${process.version}; wall time, then CPU time (user+sys)`);
  for (const [name, xs] of Object.entries(samples)) {
    const parts = ['wall', 'cpu'].map((key) => {
      const v = xs.map((x) => x[key]);
      const base = samples[baseline].map((x) => x[key]);
      const figures = `${key} median ${fmt(median(v))} ms (min ${fmt(Math.min(...v))}, max ${fmt(Math.max(...v))})`;
      if (name === baseline) return figures;
      // The median of pairwise ratios (each run against the baseline run next to it), and the ratio of the minimums.
      const ratio = median(v.map((x, i) => x / base[i]));
      return `${figures} ratio ${ratio.toFixed(2)}x (of minimums ${(Math.min(...v) / Math.min(...base)).toFixed(2)}x)`;
    });
    console.log(`${name.padEnd(width)}  ${parts.join('  |  ')}`);
  }
  console.log(`target: kcurl get pods --offline --show-curl <= 1.30x node -e ''`);
}

try {
  measure();
} finally {
  sandbox?.kill();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
