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

describe('the process boundary', () => {
  it('no module under src/ but io.ts uses process.* or console.*', () => {
    const uses: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const rel = relative(SRC, file);
      if (rel === 'io.ts') continue;
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
