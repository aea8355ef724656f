// kubectl get --watch and kcurl get --watch, row by row: the list, then the watch from its resourceVersion
// (a ConfigMap arrives while each client watches), the same output, and a snippet that watches from its
// own list's resourceVersion and ends at --request-timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWireEnv, type WireEnv } from './harness.js';
import { WATCH_NS, WATCH_ROWS, seedWatch } from './table-get-watch.js';

let env: WireEnv;

beforeAll(async () => {
  env = await startWireEnv({ namespaces: [WATCH_NS] });
  await seedWatch(env.ops);
});

afterAll(async () => {
  await env?.close();
});

describe('get --watch: kcurl sends and prints what kubectl v1.32 does', () => {
  it.each(WATCH_ROWS.map((row) => [row.args.join(' '), row] as const))('%s', async (_name, row) => {
    const result = await env.runRow(row);
    expect(result.mismatches.join('\n\n')).toBe('');
    // The snippet ended by itself at --request-timeout: curl --max-time, exit 28 ("Operation timed out").
    expect(result.snippetRun.out.signal).toBeNull();
    expect(result.snippetRun.out.code).toBe(28);
  });
});
