// `kcurl sandbox exec` with the real kcurl binary: a local command with a pod's environment and its
// serviceaccount mount, so kcurl's in-cluster path runs as the pod's ServiceAccount (403, RoleBinding, 200).
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KCURL_BIN, runKcurl, spawnKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH } from '../helpers/spawn.js';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let bin: string;

beforeAll(async () => {
  t = await startTestSandbox({ kubeletTimings: { stepMs: 5 } });
  // `kcurl` on the PATH of the command run "inside" the pod.
  bin = mkdtempSync(join(tmpdir(), 'kcurl-bin-'));
  writeFileSync(join(bin, 'kcurl'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(KCURL_BIN)} "$@"\n`);
  chmodSync(join(bin, 'kcurl'), 0o755);
  const r = await t.kubectl(['run', 'fedora', '--image=fedora', '--labels=app=shell', '--env=GREETING=hello from the pod', '--', 'sleep', 'infinity']);
  expect(r.code).toBe(0);
  await eventually(
    async () => ((await t.request('GET', '/api/v1/namespaces/default/pods/fedora')).json().status?.phase === 'Running' ? true : undefined),
    'fedora Running',
  );
}, 30_000);
afterAll(async () => {
  await t?.close();
  if (bin) rmSync(bin, { recursive: true, force: true });
});

const exec = (args: string[]) => runKcurl(['--kubeconfig', t.sb.kubeconfigPath, 'sandbox', 'exec', ...args], { env: { PATH: `${bin}:${CLEAN_PATH}` } });

describe('kcurl sandbox exec', () => {
  it("gives the command the pod's environment, with the kubernetes service at the sandbox", async () => {
    const r = await exec(['fedora', '--', 'env']);
    expect(r.stderr).toContain('GET https://');
    expect(r.code).toBe(0);
    const env = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const url = new URL(t.sb.url);
    expect(env).toMatchObject({
      GREETING: 'hello from the pod',
      HOSTNAME: 'fedora',
      KUBERNETES_SERVICE_HOST: url.hostname,
      KUBERNETES_SERVICE_PORT: url.port,
      KUBERNETES_PORT: `tcp://${url.hostname}:${url.port}`,
    });
    expect(env.KCURL_SERVICEACCOUNT_DIR).toMatch(/serviceaccount$/);
    expect(existsSync(env.KCURL_SERVICEACCOUNT_DIR)).toBe(false);
  });

  it('materialises token, ca.crt and namespace, and returns the exit code of the command', async () => {
    const r = await exec([
      'fedora',
      '--',
      'sh',
      '-c',
      'cat "$KCURL_SERVICEACCOUNT_DIR/namespace"; echo; head -c 20 "$KCURL_SERVICEACCOUNT_DIR/ca.crt"; echo; cut -d. -f2 "$KCURL_SERVICEACCOUNT_DIR/token" | base64 -d 2>/dev/null; exit 7',
    ]);
    expect(r.code).toBe(7);
    const [ns, ca, claims] = r.stdout.split('\n');
    expect(ns).toBe('default');
    expect(ca).toBe('-----BEGIN CERTIFICA');
    expect(claims).toContain('"sub":"system:serviceaccount:default:default"');
  });

  it('runs kcurl in-cluster as the pod ServiceAccount: 403 until a RoleBinding grants it, then 200', async () => {
    const denied = await exec(['fedora', '--', 'kcurl', 'get', 'pods']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    const bind = await t.kubectl(['create', 'rolebinding', 'default-view', '--clusterrole=view', '--serviceaccount=default:default']);
    expect(bind.code).toBe(0);
    const allowed = await exec(['fedora', '--', 'kcurl', 'get', 'pods']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nfedora\s+1\/1\s+Running\s+0\s+/);
  });

  it('passes stdin through to the command', async () => {
    const r = await runKcurl(['--kubeconfig', t.sb.kubeconfigPath, 'sandbox', 'exec', 'fedora', '--', 'sh', '-c', 'tr a-z A-Z'], {
      env: { PATH: `${bin}:${CLEAN_PATH}` },
      stdin: 'typed in\n',
    });
    expect(r).toMatchObject({ code: 0, stdout: 'TYPED IN\n' });
  });

  it('streams output as the command writes it; SIGTERM ends the command and removes the mount', async () => {
    const p = spawnKcurl(
      ['--kubeconfig', t.sb.kubeconfigPath, 'sandbox', 'exec', 'fedora', '--', 'sh', '-c', 'echo "$$ $KCURL_SERVICEACCOUNT_DIR"; exec sleep 1000'],
      { PATH: `${bin}:${CLEAN_PATH}` },
    );
    const [, pid, dir] = await p.waitForOutput(/^(\d+) (\S+)\n/);
    expect(existsSync(join(dir, 'token'))).toBe(true);
    p.child.kill('SIGTERM');
    const end = await p.exited;
    expect(end.code).toBe(143);
    expect(existsSync(dir)).toBe(false);
    // The command (sleep, exec'd in place of the shell) is gone too.
    expect(() => process.kill(Number(pid), 0)).toThrow(/ESRCH/);
  });

  it('fails clearly for a missing pod, a missing command or an unknown container', async () => {
    const missing = await exec(['nope', '--', 'env']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): pods "nope" not found');
    const noCommand = await exec(['fedora']);
    expect(noCommand.code).toBe(1);
    expect(noCommand.stderr).toContain('you must specify at least one command for the container');
    const badContainer = await exec(['fedora', '-c', 'nope', '--', 'env']);
    expect(badContainer.code).toBe(1);
    expect(badContainer.stderr).toContain('container nope not found in pod fedora');
    const notFound = await exec(['fedora', '--', 'no-such-program-xyz']);
    expect(notFound.code).toBe(127);
    expect(notFound.stderr).toContain('error: exec: "no-such-program-xyz": executable file not found in $PATH');
  });
});
