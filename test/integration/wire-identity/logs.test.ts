// kubectl logs and kcurl logs, row by row: the pod GET and the log GET with the same parameters, the same
// log text, and a snippet that receives the same log; the follow row streams a container until it ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWireEnv, type WireEnv } from './harness.js';
import { LOGS_NS, LOGS_ROWS, seedLogs } from './table-logs.js';

let env: WireEnv;

beforeAll(async () => {
  env = await startWireEnv({ namespaces: [LOGS_NS] });
  await seedLogs(env.ops);
});

afterAll(async () => {
  await env?.close();
});

describe('logs: kcurl sends and prints what kubectl v1.32 does', () => {
  it.each(LOGS_ROWS.map((row) => [row.args.join(' '), row] as const))('%s', async (_name, row) => {
    const result = await env.runRow(row);
    expect(result.mismatches.join('\n\n')).toBe('');
  });
});
