// `kcurl sandbox`: the ready line, the kubeconfig it writes (never ~/.kube/config), and a clean stop on
// an interrupt.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { testIo } from '../../src/io.js';
import { defaultKubeconfigPath, runSandboxCommand } from '../../src/commands/sandbox/command.js';

const dir = mkdtempSync(join(tmpdir(), 'kcurl-sbx-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kcurl sandbox', () => {
  it.each([
    [{ XDG_CACHE_HOME: '/x/cache' }, '/home/u', '/x/cache/kcurl/sandbox/kubeconfig'],
    [{}, '/home/u', '/home/u/.cache/kcurl/sandbox/kubeconfig'],
    [{ XDG_CACHE_HOME: 'relative' }, '/home/u', '/home/u/.cache/kcurl/sandbox/kubeconfig'],
  ])('default kubeconfig with %j and home %s', (env, homedir, expected) => {
    expect(defaultKubeconfigPath({ env, homedir })).toBe(expected);
  });

  it('prints one ready line, writes a 0600 kubeconfig with both admins, and stops on an interrupt', async () => {
    let interrupt: (() => void) | undefined;
    const io = {
      ...testIo({ env: { XDG_CACHE_HOME: dir }, homedir: join(dir, 'home') }),
      onInterrupt: (h: () => void) => ((interrupt = h), () => (interrupt = undefined)),
    };
    const done = runSandboxCommand(io, { port: 0, address: '127.0.0.1' });
    while (!io.out()) await new Promise((r) => setTimeout(r, 10));
    const kubeconfig = join(dir, 'kcurl', 'sandbox', 'kubeconfig');
    expect(io.out()).toMatch(
      new RegExp(`^kcurl sandbox listening on https://127\\.0\\.0\\.1:\\d+ \\(kubeconfig: ${kubeconfig.replace(/[.]/g, '\\.')}, context kcurl-sandbox\\)\\n$`),
    );
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
    const kc = parseYaml(readFileSync(kubeconfig, 'utf8'));
    expect(kc['current-context']).toBe('kcurl-sandbox');
    expect(kc.contexts[0]).toEqual({ name: 'kcurl-sandbox', context: { cluster: 'kcurl-sandbox', user: 'kcurl-sandbox-admin', namespace: 'default' } });
    expect(kc.clusters[0].cluster['certificate-authority-data']).toBeTruthy();
    expect(kc.users.map((u: { name: string }) => u.name)).toEqual(['kcurl-sandbox-admin', 'kcurl-sandbox-admin-cert']);
    expect(kc.users[0].user.token).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(kc.users[1].user['client-certificate-data'], 'base64').toString()).toContain('BEGIN CERTIFICATE');
    interrupt?.();
    await expect(done).resolves.toBe(0);
  });

  it('--address 0.0.0.0 prints the address it listens on, the one the kubeconfig uses, and a warning', async () => {
    let interrupt: (() => void) | undefined;
    const kubeconfig = join(dir, 'all-interfaces', 'kubeconfig');
    const io = { ...testIo({ homedir: join(dir, 'home') }), onInterrupt: (h: () => void) => ((interrupt = h), () => (interrupt = undefined)) };
    const done = runSandboxCommand(io, { port: 0, address: '0.0.0.0', kubeconfig });
    while (!io.out()) await new Promise((r) => setTimeout(r, 10));
    const port = /:(\d+) /.exec(io.out())?.[1];
    expect(io.out()).toBe(
      `kcurl sandbox listening on https://0.0.0.0:${port} (kubeconfig: ${kubeconfig} uses https://127.0.0.1:${port}, context kcurl-sandbox)\n`,
    );
    expect(io.err()).toBe(
      `warning: --address 0.0.0.0 accepts connections from other machines: anyone who can reach port ${port} can call the sandbox's API with any credentials it issues; use --address 127.0.0.1 to keep it local\n`,
    );
    expect(parseYaml(readFileSync(kubeconfig, 'utf8')).clusters[0].cluster.server).toBe(`https://127.0.0.1:${port}`);
    interrupt?.();
    await expect(done).resolves.toBe(0);
  });

  it.each([[-1], [70000], [1.5]])('refuses --port %s', async (port) => {
    await expect(runSandboxCommand(testIo(), { port, address: '127.0.0.1' })).rejects.toThrow(/--port must be a number from 0 to 65535/);
  });
});
