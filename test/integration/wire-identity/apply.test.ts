// kubectl apply/create -f and kcurl apply/create -f, row by row, each from a fresh state: the same GETs,
// POSTs and PATCHes (bodies compared by value), the same result lines, and a snippet that reaches the
// same outcome when bash runs it against the same starting state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWireEnv, type WireEnv } from './harness.js';
import { APPLY_FILES, APPLY_NS, APPLY_ROWS } from './table-apply.js';

let env: WireEnv;

beforeAll(async () => {
  env = await startWireEnv({ namespaces: [APPLY_NS] });
  for (const [path, text] of Object.entries(APPLY_FILES)) env.writeFile(path, text);
});

afterAll(async () => {
  await env?.close();
});

describe('apply and create -f: kcurl sends and prints what kubectl v1.32 does', () => {
  it.each(APPLY_ROWS.map((row) => [row.args.join(' '), row] as const))('%s', async (_name, row) => {
    const result = await env.runRow(row);
    expect(result.mismatches.join('\n\n')).toBe('');
  });
});
