// systemIo().keepHeapSmall (long-running commands: proxy, get -w, logs -f) sets V8 flags while running and puts the
// ones it can back before exit, so that a code cache written at exit is one the next run accepts: checked with the
// built bundle in child processes, as bin/code-cache.cjs makes and checks caches (vm.Script cachedData).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-kcurl.js';

const LOADER = join(REPO_ROOT, 'bin', 'code-cache.cjs');
const SOURCE = 'function twice(x) { return x * 2 } twice(1)';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcurl-io-heap-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs keepHeapSmall(options) in a child, calls the function it returns when `restore`, then writes a code cache. */
function makeCache(options: object, restore: boolean, env: Record<string, string> = {}): string {
  const cache = join(dir, 'cache.bin');
  const script = join(dir, 'make.cjs');
  writeFileSync(
    script,
    `const io = require(${JSON.stringify(LOADER)}).loadKcurl().exports.systemIo();\n` +
      `const vm = require('node:vm');\n` +
      `io.keepHeapSmall(${JSON.stringify(options)}).then((restoreHeap) => {\n` +
      `  if (${restore}) restoreHeap();\n` +
      `  const s = new vm.Script(${JSON.stringify(SOURCE)}, { filename: 'twice.js' });\n` +
      `  s.runInThisContext();\n` +
      `  require('node:fs').writeFileSync(${JSON.stringify(cache)}, s.createCachedData());\n` +
      `});\n`,
  );
  const r = spawnSync(process.execPath, [script], { env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return cache;
}

/** Whether a fresh process with V8's default flags rejects the cache. */
function rejected(cache: string): boolean {
  const check =
    `const s = new (require('node:vm').Script)(${JSON.stringify(SOURCE)}, { filename: 'twice.js', cachedData: require('node:fs').readFileSync(${JSON.stringify(cache)}) });\n` +
    'process.stdout.write(String(s.cachedDataRejected));';
  const r = spawnSync(process.execPath, ['-e', check], { env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8' });
  return r.stdout === 'true';
}

describe('keepHeapSmall', () => {
  it('changes the flags V8 stamps on a code cache while it is in force (a cache made then is rejected later)', () => {
    expect(rejected(makeCache({ optimizingCompiler: false }, false))).toBe(true);
  });

  it('puts the young-generation and compiler flags back: a cache made after that is accepted', () => {
    expect(rejected(makeCache({ optimizingCompiler: false }, true))).toBe(false);
  });

  it("puts the old generation's growing factor back too: a cache made after that is accepted", () => {
    expect(rejected(makeCache({ oldGeneration: 'slow-growth' }, true))).toBe(false);
  });

  it('leaves a process started with V8 options of its own as it is', () => {
    expect(rejected(makeCache({ optimizingCompiler: false, oldGeneration: 'small' }, false, { NODE_OPTIONS: '--no-warnings' }))).toBe(false);
  });
});
