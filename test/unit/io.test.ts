// src/io.ts is the process boundary: no other module under src/ uses `process.` or `console.`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// Generators of programs for other runtimes: the text they emit names that runtime's process (a Node program's
// process.env), the generator itself never touches kcurl's.
const EMITS_PROGRAMS = new Set(['snippet/lang/javascript.ts', 'snippet/lang/client-javascript.ts']);

describe('the process boundary', () => {
  it('no module under src/ but io.ts uses process.* or console.*', () => {
    const uses: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const rel = relative(SRC, file);
      if (rel === 'io.ts' || EMITS_PROGRAMS.has(rel.split('\\').join('/'))) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^\s*(\/\/|\*)/.test(line)) return; // comments may talk about the process
          if (/(?<![\w.'"`])(?:process|console)\.[A-Za-z_]/.test(line)) uses.push(`src/${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(uses).toEqual([]);
  });
});
