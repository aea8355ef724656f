// kubectl get and kcurl get, row by row: the same requests on the wire, the same output, and a snippet
// that receives what kcurl received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWireEnv, type WireEnv } from './harness.js';
import { GET_NS, GET_ROWS, seedGet } from './table-get.js';

let env: WireEnv;

beforeAll(async () => {
  env = await startWireEnv({ namespaces: [GET_NS] });
  await seedGet(env.ops);
});

afterAll(async () => {
  await env?.close();
});

describe('get: kcurl sends and prints what kubectl v1.32 does', () => {
  it.each(GET_ROWS.map((row) => [row.args.join(' '), row] as const))('%s', async (_name, row) => {
    const result = await env.runRow(row);
    expect(result.mismatches.join('\n\n')).toBe('');
  });
});
