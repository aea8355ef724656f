// Runs kcurl in this process: main(argv, testIo, {transport}) with an HttpRegistry standing in for the API
// server. For command tests that need no real server: fast, and every request is checked against the registry.
import { main } from '../../src/main.js';
import { type TestIo, testIo } from '../../src/io.js';
import { HttpRegistry, type SeenRequest } from './http-registry.js';

/** The kubeconfig a run reads unless env.KUBECONFIG says otherwise: one cluster, a bearer token, namespace default. */
export const TEST_KUBECONFIG_PATH = '/in-process/kubeconfig';
export const TEST_SERVER = 'https://127.0.0.1:6443';
export const TEST_TOKEN = 'in-process-test-token';
const TEST_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: ${TEST_SERVER}
contexts:
- name: test
  context: {cluster: test, user: test, namespace: default}
current-context: test
users:
- name: test
  user: {token: ${TEST_TOKEN}}
`;

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  requests: SeenRequest[];
  io: TestIo;
}

/**
 * Runs `kcurl ...argv`. Without a registry any request fails the test (right for --offline and usage errors).
 * Afterwards the registry is verified: an unexpected request, a failed body assertion or an expected request
 * that was never made throws, whatever the exit code was. files are in-memory files (they shadow the disk).
 */
export async function runKcurl(
  argv: string[],
  opts: { registry?: HttpRegistry; env?: Record<string, string>; files?: Record<string, string>; tty?: boolean; stdin?: string; now?: Date } = {},
): Promise<InProcessRun> {
  const registry = opts.registry ?? new HttpRegistry();
  const io = testIo({
    env: { KUBECONFIG: TEST_KUBECONFIG_PATH, ...opts.env },
    files: { [TEST_KUBECONFIG_PATH]: TEST_KUBECONFIG, ...opts.files },
    tty: opts.tty,
    stdin: opts.stdin,
    now: opts.now,
  });
  const code = await main(argv, io, { transport: () => registry.transport() });
  try {
    registry.verify();
  } catch (err) {
    (err as Error).message += `\nkcurl ${argv.join(' ')} exited ${code}; its stderr:\n${io.err()}`;
    throw err;
  }
  return { code, stdout: io.out(), stderr: io.err(), requests: registry.requests, io };
}
