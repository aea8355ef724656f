// kubectl delete and kcurl delete, row by row, each from a fresh state: the same DELETE (body included)
// and the same wait, the same result lines, and a snippet that reaches the same outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWireEnv, type WireEnv } from './harness.js';
import { DELETE_FILES, DELETE_NS, DELETE_ROWS } from './table-delete.js';

let env: WireEnv;

beforeAll(async () => {
  env = await startWireEnv({ namespaces: [DELETE_NS] });
  for (const [path, text] of Object.entries(DELETE_FILES)) env.writeFile(path, text);
});

afterAll(async () => {
  await env?.close();
});

describe('delete: kcurl sends and prints what kubectl v1.32 does', () => {
  it.each(DELETE_ROWS.map((row) => [row.args.join(' '), row] as const))('%s', async (_name, row) => {
    const result = await env.runRow(row);
    expect(result.mismatches.join('\n\n')).toBe('');
  });
});
