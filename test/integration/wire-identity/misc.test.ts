// kubectl and kcurl, row by row, for create token, auth can-i, api-versions and api-resources: the same requests on
// the wire (protobuf bodies decoded), the same output, and a snippet that receives what kcurl received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWireEnv, type WireEnv } from './harness.js';
import { MISC_NS, MISC_ROWS, TOKEN_ROWS, seedMisc } from './table-misc.js';

let env: WireEnv;

beforeAll(async () => {
  env = await startWireEnv({ namespaces: [MISC_NS] });
  await seedMisc(env.ops);
});

afterAll(async () => {
  await env?.close();
});

describe('create token: kcurl sends and prints what kubectl v1.32 does', () => {
  it.each(TOKEN_ROWS.map((row) => [row.args.join(' '), row] as const))('%s', async (_name, row) => {
    const result = await env.runRow(row);
    expect(result.mismatches.join('\n\n')).toBe('');
  });
});

describe('auth can-i, api-versions, api-resources: kcurl sends and prints what kubectl v1.32 does', () => {
  it.each(MISC_ROWS.map((row) => [row.args.join(' '), row] as const))('%s', async (_name, row) => {
    const result = await env.runRow(row);
    expect(result.mismatches.join('\n\n')).toBe('');
  });
});
