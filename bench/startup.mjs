#!/usr/bin/env node
// Start-up benchmark: `kcurl get pods --offline --show-curl` (and `kcurl version`) against `node -e ''`,
// run in turn in the same session. These machines are shared and noisy, so only ratios mean anything:
// the median of pairwise ratios (each kcurl run against the baseline run next to it) is the figure to
// quote; the ratio of the minimums (noise only ever adds time) is printed as a cross-check.
// Usage: node bench/startup.mjs [runs]   (default 20 runs of each, after 3 warm-ups)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runs = Math.max(10, Number(process.argv[2] ?? 20));
const env = { ...process.env, KUBECONFIG: path.join(root, 'bench/kubeconfig.yaml'), HOME: '/nonexistent' };
delete env.NODE_OPTIONS; // would key a separate code cache (see bin/code-cache.cjs) and skew both sides
const kcurl = path.join(root, 'bin/kcurl');

const commands = {
  'kcurl get pods --offline --show-curl': [process.execPath, [kcurl, 'get', 'pods', '--offline', '--show-curl']],
  'kcurl version': [process.execPath, [kcurl, 'version']],
  "node -e ''": [process.execPath, ['-e', '']],
};
const baseline = "node -e ''";

function time([cmd, args]) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

for (let i = 0; i < 3; i++) for (const c of Object.values(commands)) time(c);
const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
const ratios = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  const round = {};
  for (const [name, c] of Object.entries(commands)) samples[name].push((round[name] = time(c)));
  for (const name of Object.keys(commands)) ratios[name].push(round[name] / round[baseline]);
}
const fmt = (x) => x.toFixed(1);
const width = Math.max(...Object.keys(commands).map((k) => k.length));
console.log(`runs: ${runs} of each, in turn; Node ${process.version}`);
for (const [name, xs] of Object.entries(samples)) {
  const line = `${name.padEnd(width)}  median ${fmt(median(xs))} ms  (min ${fmt(Math.min(...xs))}, max ${fmt(Math.max(...xs))})`;
  const ratio = name === baseline ? '' : `  ratio ${median(ratios[name]).toFixed(2)}x (of minimums ${(Math.min(...xs) / Math.min(...samples[baseline])).toFixed(2)}x)`;
  console.log(line + ratio);
}
console.log(`target: kcurl get pods --offline --show-curl <= 1.30x node -e ''`);
