#!/usr/bin/env node
// Start-up benchmark: `kcurl get pods --offline --show-curl` (and `kcurl version`) against `node -e ''`,
// run in turn in the same session. These machines are shared and noisy, so only ratios mean anything:
// the median of pairwise ratios (each kcurl run against the baseline run next to it) is the figure to
// quote; the ratio of the minimums (noise only ever adds time) is printed as a cross-check.
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

function time([cmd, cmdArgs]) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function measure() {
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
    const ratio =
      name === baseline ? '' : `  ratio ${median(ratios[name]).toFixed(2)}x (of minimums ${(Math.min(...xs) / Math.min(...samples[baseline])).toFixed(2)}x)`;
    console.log(line + ratio);
  }
  console.log(`target: kcurl get pods --offline --show-curl <= 1.30x node -e ''`);
}

try {
  measure();
} finally {
  sandbox?.kill();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
