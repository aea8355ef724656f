// kubectl cluster-info and kcurl cluster-info with stdout on a terminal (a pty made by python3's pty module): the same
// bytes. kubectl v1.32 prints no colours there either, so kcurl prints none.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PINNED_KUBECTL, requireTool } from '../helpers/require-tool.js';
import { KCURL_BIN } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
});

afterAll(async () => {
  await t?.close();
});

// Runs argv with a pty as stdin, stdout and stderr, and prints what the terminal received.
const ON_A_PTY = `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
`;

async function onTerminal(argv: string[]): Promise<string> {
  const env = { PATH: CLEAN_PATH, KUBECONFIG: t.sb.kubeconfigPath, TERM: 'xterm-256color', HOME: '/tmp' };
  const r = await runProcess(requireTool('python3'), ['-c', ON_A_PTY, ...argv], { env });
  expect(r.code).toBe(0);
  return r.stdout;
}

it('prints what kubectl v1.32 prints on a terminal, without colours', async () => {
  const kubectl = await onTerminal([requireTool(PINNED_KUBECTL), 'cluster-info']);
  const kcurl = await onTerminal([process.execPath, KCURL_BIN, 'cluster-info', '-q']);
  expect(kubectl).toContain('CoreDNS is running at');
  expect(kubectl).not.toContain('\x1b[');
  expect(kcurl).toBe(kubectl);
});
