// kubectl describe and kcurl describe, row by row: the same GETs (protobuf Accept and the events
// fieldSelector term order excepted), the same text, and a snippet that receives what kcurl received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWireEnv, type WireEnv } from './harness.js';
import { DESCRIBE_NS, DESCRIBE_ROWS, seedDescribe } from './table-describe.js';

let env: WireEnv;

beforeAll(async () => {
  env = await startWireEnv({ namespaces: [DESCRIBE_NS] });
  await seedDescribe(env.ops);
});

afterAll(async () => {
  await env?.close();
});

describe('describe: kcurl sends and prints what kubectl v1.32 does', () => {
  it.each(DESCRIBE_ROWS.map((row) => [row.args.join(' '), row] as const))('%s', async (_name, row) => {
    const result = await env.runRow(row);
    expect(result.mismatches.join('\n\n')).toBe('');
  });
});
