// kcurl run -it on a terminal (a pty made by `script`), as kubectl run -it: the attach in raw mode to the new pod's
// shell, its prompt and output, the pod deleted after (--rm), the container's exit code (--restart=Never), and
// kubectl's "Session ended, resume using …" line for a pod that restarts its container.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PINNED_KUBECTL, requireTool } from '../helpers/require-tool.js';
import { KCURL_BIN } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, startProcess } from '../helpers/spawn.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox({ kubeletTimings: { stepMs: 5 } });
});

afterAll(async () => {
  await t?.close();
});

const CLIENTS = {
  kubectl: () => [requireTool(PINNED_KUBECTL)],
  kcurl: () => [process.execPath, KCURL_BIN],
};

/** The client under `script`: stdin, stdout and stderr on a pty. */
function session(client: keyof typeof CLIENTS, args: string[]) {
  requireTool('script');
  const cmd = [...CLIENTS[client](), '--kubeconfig', t.sb.kubeconfigPath, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  return startProcess('script', ['-qec', cmd, '/dev/null'], { env: { PATH: CLEAN_PATH, HOME: t.dir, TERM: 'xterm' }, stdin: 'pipe' });
}

describe('run -it on a terminal', () => {
  it.each(['kubectl', 'kcurl'] as const)("%s run -it --rm --restart=Never: the pod's shell, its exit code, the pod deleted", async (client) => {
    const name = `${client}-never`;
    const p = session(client, ['run', '-it', '--rm', name, '--image=busybox', '--restart=Never', '--', 'sh']);
    await p.waitForOutput(/If you don't see a command prompt, try pressing enter\.\r\n/);
    p.child.stdin!.write('echo in $HOSTNAME\r');
    await p.waitForOutput(new RegExp(`in ${name}\\r\\n`));
    p.child.stdin!.write('exit 4\r');
    await p.waitForOutput(new RegExp(`pod "${name}" deleted`));
    expect((await p.exited).code).toBe(4);
    expect(p.out()).toContain(`pod default/${name} terminated (Error)`);
    expect((await t.request('GET', `/api/v1/namespaces/default/pods/${name}`)).status).toBe(404);
  });

  it.each(['kubectl', 'kcurl'] as const)('%s run -it --rm (restart Always): the resume hint, then the pod deleted', async (client) => {
    const name = `${client}-always`;
    const p = session(client, ['run', '-it', '--rm', name, '--image=busybox', '--', 'sh']);
    await p.waitForOutput(/If you don't see a command prompt, try pressing enter\.\r\n/);
    p.child.stdin!.write('exit\r');
    await p.waitForOutput(new RegExp(`pod "${name}" deleted`));
    expect((await p.exited).code).toBe(0);
    // kcurl's REST-call lines share the terminal: the hint is the line after the shell's, before the deletion.
    const out = p.out();
    const hint = out.indexOf(`/ # exit\r\nSession ended, resume using 'kubectl attach ${name} -c ${name} -i -t' command when the pod is running\r\n`);
    expect(hint).toBeGreaterThan(0);
    expect(out.indexOf(`pod "${name}" deleted`)).toBeGreaterThan(hint);
  });
});
