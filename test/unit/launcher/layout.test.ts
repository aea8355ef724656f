// src/sandbox is a separate world: nothing outside it imports it except the commands that start it
// (src/commands/sandbox/**, src/commands/demo/**). Code both sides need lives in a shared module outside
// src/sandbox that the sandbox imports. This scans every import (static, `export ... from`, `import type`
// and dynamic `import('...')`) of src/**/*.ts, type-only ones included: a type the commands need from
// the sandbox belongs in a shared module too.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SRC = path.join(ROOT, 'src');
const SANDBOX = 'src/sandbox/';
const ALLOWED = ['src/commands/sandbox/', 'src/commands/demo/'];

// `from '...'` ends static imports and re-exports (also multi-line ones); import('...') is dynamic.
const SPECIFIER = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Relative module specifiers in `source`, in order. */
function specifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? m[3]).filter((s) => s.startsWith('.'));
}

/** "file: specifier" for each import of `source` (at repo path `file`) that resolves into src/sandbox from outside it. */
function violations(file: string, source: string): string[] {
  if (file.startsWith(SANDBOX) || ALLOWED.some((dir) => file.startsWith(dir))) return [];
  return specifiers(source)
    .filter((spec) => `${path.posix.join(path.posix.dirname(file), spec)}/`.startsWith(SANDBOX))
    .map((spec) => `${file}: ${spec}`);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [path.relative(ROOT, full).split(path.sep).join('/')] : [];
  });
}

describe('the src/sandbox boundary', () => {
  it('finds static, re-export, type-only, side-effect and dynamic imports into src/sandbox, and only those', () => {
    const source = [
      "import { a } from '../sandbox/a.js';",
      "import type { B } from '../sandbox/b.js';",
      'import {',
      '  c,',
      "} from '../sandbox/c.js';",
      "export { d } from '../sandbox/d.js';",
      "import '../sandbox/e.js';",
      "const f = await import('../sandbox/f.js');",
      "import { g } from '../kube/sandbox-like.js';",
      "import { h } from './sandbox/h.js';",
      "import { i } from 'sandbox/i.js';",
    ].join('\n');
    expect(violations('src/cli/x.ts', source)).toEqual(
      ['../sandbox/a.js', '../sandbox/b.js', '../sandbox/c.js', '../sandbox/d.js', '../sandbox/e.js', '../sandbox/f.js'].map((s) => `src/cli/x.ts: ${s}`),
    );
    expect(violations('src/commands/logs/plan.ts', "import { x } from '../../sandbox/printers/x.js';")).toEqual([
      'src/commands/logs/plan.ts: ../../sandbox/printers/x.js',
    ]);
  });

  it('lets the sandbox itself and the commands that start it import it', () => {
    expect(violations('src/sandbox/api/writes.ts', "import { x } from '../store.js';")).toEqual([]);
    expect(violations('src/commands/sandbox/exec.ts', "import { x } from '../../sandbox/types.js';")).toEqual([]);
    expect(violations('src/commands/demo/run.ts', "const s = await import('../../sandbox/server.js');")).toEqual([]);
  });

  it('holds for every module under src/', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((file) => violations(file, fs.readFileSync(path.join(ROOT, file), 'utf8')))).toEqual([]);
  });
});
