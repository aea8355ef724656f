#!/usr/bin/env node
// Start-up benchmark: `kcurl get pods --offline --show-curl` against `node -e ''`, run alternately
// in the same session (these machines are noisy, so only the ratio means anything).
// Usage: node bench/startup.mjs [runs]   (default 20 runs of each, after 3 warm-ups)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runs = Math.max(10, Number(process.argv[2] ?? 20));
const env = { ...process.env, KUBECONFIG: path.join(root, 'bench/kubeconfig.yaml'), HOME: '/nonexistent' };

const commands = {
  kcurl: [process.execPath, [path.join(root, 'bin/kcurl'), 'get', 'pods', '--offline', '--show-curl']],
  baseline: [process.execPath, ['-e', '']],
};

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
const samples = { kcurl: [], baseline: [], ratio: [] };
for (let i = 0; i < runs; i++) {
  const a = time(commands.kcurl);
  const b = time(commands.baseline);
  samples.kcurl.push(a);
  samples.baseline.push(b);
  samples.ratio.push(a / b);
}
const fmt = (x) => x.toFixed(1);
console.log(`runs: ${runs} of each, alternating`);
console.log(`kcurl get pods --offline --show-curl  median ${fmt(median(samples.kcurl))} ms  (min ${fmt(Math.min(...samples.kcurl))}, max ${fmt(Math.max(...samples.kcurl))})`);
console.log(`node -e ''                            median ${fmt(median(samples.baseline))} ms  (min ${fmt(Math.min(...samples.baseline))}, max ${fmt(Math.max(...samples.baseline))})`);
console.log(`ratio (median of pairwise ratios)     ${median(samples.ratio).toFixed(2)}x   target <= 1.30x`);
