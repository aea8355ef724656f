// The exec credential plugin runner, with a real plugin script (fixtures/exec-plugins/exec-credential.sh):
// KUBERNETES_EXEC_INFO as client-go marshals it, v1 and v1beta1, the disk cache (reused while valid,
// refreshed when expired, mode 0600), and one line for every way a plugin can fail.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KcurlError } from '../../../src/errors.js';
import { systemIo, testIo, type Io, type TestIo } from '../../../src/io.js';
import type { ExecConfig } from '../../../src/kube/credentials-types.js';
import { materializeCredentials, resolveCredentials } from '../../../src/kube/credentials.js';
import { execCacheKey, execInfo, runExecPlugin, type ExecClusterInfo } from '../../../src/kube/exec-plugin.js';
import { fixturePath } from '../../helpers/fixtures.js';

const PLUGIN = fixturePath('exec-plugins/exec-credential.sh');
const FIX = fixturePath('kubeconfig');
const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const CLUSTER: ExecClusterInfo = { server: 'https://127.0.0.1:6443', caData: new Uint8Array(Buffer.from('PEM')), insecure: false };

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kcurl-exec-test-'));
  temps.push(d);
  return d;
}

function plugin(over: Partial<ExecConfig> = {}, env: Record<string, string> = {}): ExecConfig {
  return {
    apiVersion: V1,
    command: PLUGIN,
    args: [],
    env: Object.entries(env).map(([name, value]) => ({ name, value })),
    provideClusterInfo: false,
    interactiveMode: 'Never',
    ...over,
  };
}

/** A fresh "process" at time `now` that shares the files (and so the disk cache) of `previous`. */
function processAt(now: string, env: Record<string, string>, previous?: TestIo): TestIo {
  const io = testIo({ now: new Date(now), env: { PATH: process.env.PATH, ...env } });
  for (const [k, v] of previous?.files ?? []) io.files.set(k, v);
  return io;
}

const runs = (counter: string) => readFileSync(counter, 'utf8').split('\n').filter(Boolean).length;

describe('KUBERNETES_EXEC_INFO', () => {
  it.each([
    ['without cluster info', plugin(), CLUSTER, '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}\n'],
    [
      'with cluster info (client-go field order, omitempty, config null)',
      plugin({ provideClusterInfo: true, apiVersion: V1BETA1 }),
      { ...CLUSTER, insecure: true, tlsServerName: 'api', proxyUrl: 'socks5://p:1080', disableCompression: true },
      '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"cluster":{"server":"https://127.0.0.1:6443","tls-server-name":"api","insecure-skip-tls-verify":true,"certificate-authority-data":"UEVN","proxy-url":"socks5://p:1080","disable-compression":true,"config":null},"interactive":false}}\n',
    ],
    [
      'with cluster info and nothing optional',
      plugin({ provideClusterInfo: true }),
      { server: 'https://h', insecure: false },
      '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"server":"https://h","config":null},"interactive":false}}\n',
    ],
  ])('%s, ending in a newline as the Go encoder writes it', (_name, exec, cluster, json) => {
    expect(execInfo(exec, cluster)).toBe(json);
  });

  it.each([V1, V1BETA1])('the real plugin receives it exactly, with args and env (%s)', async (apiVersion) => {
    const exec = plugin({ apiVersion, provideClusterInfo: true, args: ['--fake-flag', 'with space'] }, { EXPECT_ARGS: '--fake-flag|with space' });
    const expectInfo = `{"kind":"ExecCredential","apiVersion":"${apiVersion}","spec":{"cluster":{"server":"https://127.0.0.1:6443","certificate-authority-data":"UEVN","config":null},"interactive":false}}\n`;
    const io = processAt('2026-01-01T00:00:00Z', { EXPECT_EXEC_INFO: expectInfo });
    const result = await runExecPlugin(io, exec, CLUSTER);
    expect(result.token?.reveal()).toBe('fake-exec-token-1');
    expect(String(result.token)).not.toContain('fake-exec-token');
    expect(result.expirationTimestamp).toBeUndefined();
  });
});

describe('caching', () => {
  it('a credential with an expiry is reused from disk until it expires, then refreshed', async () => {
    const counter = join(tempDir(), 'runs');
    const env = { KCURL_TEST_COUNTER: counter, PLUGIN_EXPIRATION: '2026-01-01T01:00:00Z' };
    const exec = plugin();
    const first = processAt('2026-01-01T00:00:00Z', env);
    expect((await runExecPlugin(first, exec, CLUSTER)).token?.reveal()).toBe('fake-exec-token-1');
    const cacheFile = `/nonexistent-home/.kube/cache/kcurl-exec/${execCacheKey(exec, CLUSTER)}.json`;
    expect(JSON.parse(first.files.get(cacheFile)!.toString())).toEqual({
      kind: 'ExecCredential',
      apiVersion: V1,
      status: { token: 'fake-exec-token-1', expirationTimestamp: '2026-01-01T01:00:00Z' },
    });

    // A later run, still before the expiry: no plugin run.
    const second = processAt('2026-01-01T00:59:59Z', env, first);
    const reused = await runExecPlugin(second, exec, CLUSTER);
    expect([reused.token?.reveal(), reused.expirationTimestamp, runs(counter)]).toEqual(['fake-exec-token-1', '2026-01-01T01:00:00Z', 1]);

    // At the expiry: the plugin runs again and the cache is replaced.
    const third = processAt('2026-01-01T01:00:00Z', { ...env, PLUGIN_EXPIRATION: '2026-01-01T02:00:00Z' }, second);
    expect([(await runExecPlugin(third, exec, CLUSTER)).token?.reveal(), runs(counter)]).toEqual(['fake-exec-token-2', 2]);
    expect(JSON.parse(third.files.get(cacheFile)!.toString()).status.token).toBe('fake-exec-token-2');
  });

  it('a credential without an expiry lasts for the process only', async () => {
    const counter = join(tempDir(), 'runs');
    const env = { KCURL_TEST_COUNTER: counter };
    const io = processAt('2026-01-01T00:00:00Z', env);
    await runExecPlugin(io, plugin(), CLUSTER);
    await runExecPlugin(io, plugin(), CLUSTER);
    expect(runs(counter)).toBe(1);
    expect([...io.files.keys()].filter((k) => k.includes('kcurl-exec'))).toEqual([]);
    const next = processAt('2026-01-01T00:00:00Z', env, io);
    expect((await runExecPlugin(next, plugin(), CLUSTER)).token?.reveal()).toBe('fake-exec-token-2');
  });

  it('a credential already expired when printed is not cached', async () => {
    const counter = join(tempDir(), 'runs');
    const io = processAt('2026-01-01T00:00:00Z', { KCURL_TEST_COUNTER: counter, PLUGIN_EXPIRATION: '2025-12-31T00:00:00Z' });
    await runExecPlugin(io, plugin(), CLUSTER);
    await runExecPlugin(io, plugin(), CLUSTER);
    expect(runs(counter)).toBe(2);
    expect([...io.files.keys()].filter((k) => k.includes('kcurl-exec'))).toEqual([]);
  });

  it('another server, command or env is another cache entry', () => {
    const base = execCacheKey(plugin(), CLUSTER);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(execCacheKey(plugin(), { ...CLUSTER, server: 'https://other' })).not.toBe(base);
    expect(execCacheKey(plugin({ args: ['x'] }), CLUSTER)).not.toBe(base);
    expect(execCacheKey(plugin({}, { A: 'b' }), CLUSTER)).not.toBe(base);
    expect(execCacheKey(plugin(), { ...CLUSTER, caData: undefined })).toBe(base);
  });

  it('writes the cache file with mode 0600 under the given directory (real file system)', async () => {
    const dir = join(tempDir(), 'cache');
    const io: Io = {
      ...systemIo(),
      env: { PATH: process.env.PATH, PLUGIN_EXPIRATION: '2030-01-01T00:00:00Z' },
      isStderrTTY: false,
      now: () => new Date('2026-01-01T00:00:00Z'),
    };
    await runExecPlugin(io, plugin(), CLUSTER, { cacheDir: dir });
    const files = readdirSync(dir);
    expect(files).toEqual([`${execCacheKey(plugin(), CLUSTER)}.json`]);
    expect(statSync(join(dir, files[0])).mode & 0o777).toBe(0o600);
  });

  it('materializeCredentials keeps exec results under --cache-dir/kcurl-exec', async () => {
    const counter = join(tempDir(), 'runs');
    const env = { KCURL_TEST_COUNTER: counter, PLUGIN_EXPIRATION: '2026-01-01T01:00:00Z' };
    const first = processAt('2026-01-01T00:00:00Z', env);
    const creds = await resolveCredentials(first, { kubeconfig: `${FIX}/exec-v1beta1.yaml` });
    expect((await materializeCredentials(first, creds, { cacheDir: '/cache' })).token?.value?.reveal()).toBe('fake-exec-token-1');
    expect([...first.files.keys()].some((k) => /^\/cache\/kcurl-exec\/[0-9a-f]{64}\.json$/.test(k))).toBe(true);
    const second = processAt('2026-01-01T00:30:00Z', env, first);
    expect((await materializeCredentials(second, creds, { cacheDir: '/cache' })).token?.value?.reveal()).toBe('fake-exec-token-1');
    expect(runs(counter)).toBe(1);
  });
});

describe('plugin failures are one line', () => {
  async function failure(exec: ExecConfig, env: Record<string, string> = {}): Promise<KcurlError> {
    const io = processAt('2026-01-01T00:00:00Z', env);
    const err = await runExecPlugin(io, exec, CLUSTER).catch((e: unknown) => e);
    if (!(err instanceof KcurlError)) throw new Error(`expected a KcurlError, got ${String(err)}`);
    expect(err.code).toBe('KCURL_CREDENTIALS');
    expect(err.message).not.toContain('\n');
    return err;
  }

  it.each([
    [
      'exits non-zero (first stderr line)',
      { PLUGIN_MODE: 'fail' },
      `exec plugin: executable ${PLUGIN} failed with exit code 3: fake-plugin: login required (run fake-plugin login)`,
      undefined,
    ],
    [
      'prints no JSON',
      { PLUGIN_MODE: 'bad-json' },
      `exec plugin: ${PLUGIN} printed invalid JSON on stdout ("this is not json"); expected an ExecCredential`,
      undefined,
    ],
    [
      'answers in another apiVersion',
      { PLUGIN_MODE: 'wrong-version' },
      `exec plugin: ${PLUGIN} is configured to use API version ${V1}, plugin returned version client.authentication.k8s.io/v1alpha1`,
      'set exec.apiVersion in the kubeconfig user to the version the plugin speaks',
    ],
    ['prints another kind', { PLUGIN_MODE: 'wrong-kind' }, `exec plugin: ${PLUGIN} returned kind "Status", expected ExecCredential`, undefined],
    ['returns no status', { PLUGIN_MODE: 'no-status' }, `exec plugin: ${PLUGIN} didn't return a status field`, undefined],
    [
      'returns a certificate without a key',
      { PLUGIN_MODE: 'cert-only' },
      `exec plugin: ${PLUGIN} returned only certificate or private key, not both`,
      undefined,
    ],
    [
      'returns a bad expiry',
      { PLUGIN_EXPIRATION: 'tomorrow' },
      `exec plugin: ${PLUGIN} returned status.expirationTimestamp "tomorrow", which is not an RFC 3339 time`,
      undefined,
    ],
    [
      'rejects KUBERNETES_EXEC_INFO',
      { EXPECT_EXEC_INFO: 'something else' },
      `exec plugin: executable ${PLUGIN} failed with exit code 2: unexpected KUBERNETES_EXEC_INFO: {"kind":"ExecCredential","apiVersion":"${V1}","spec":{"interactive":false}}`,
      undefined,
    ],
  ])('a plugin that %s', async (_name, env, message, hint) => {
    const err = await failure(plugin({}, env));
    expect([err.message, err.hint]).toEqual([message, hint]);
  });

  it.each([
    [
      'a command that is not installed (with its install hint on the same line)',
      plugin({ command: 'kcurl-fake-missing', installHint: 'brew install\n  kcurl-fake' }),
      'exec plugin: executable kcurl-fake-missing not found',
      'brew install kcurl-fake',
    ],
    [
      'a command that is not installed (no hint)',
      plugin({ command: '/nonexistent-home/bin/plugin' }),
      'exec plugin: executable /nonexistent-home/bin/plugin not found',
      'install the credential plugin, or fix exec.command in the kubeconfig user',
    ],
    [
      'a file that is not executable',
      plugin({ command: `${FIX}/fake-token.txt` }),
      `exec plugin: executable ${FIX}/fake-token.txt cannot be run: permission denied`,
      `chmod +x ${FIX}/fake-token.txt`,
    ],
    [
      'an unknown apiVersion',
      plugin({ apiVersion: 'client.authentication.k8s.io/v1alpha1' }),
      'exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"',
      `use ${V1} or ${V1BETA1}`,
    ],
    [
      'interactiveMode Always',
      plugin({ interactiveMode: 'Always' }),
      `exec plugin: ${PLUGIN} needs an interactive terminal (interactiveMode: Always), and kcurl runs plugins without one`,
      'run a kubectl command once so the plugin can cache its login, or set interactiveMode: IfAvailable',
    ],
  ])('%s', async (_name, exec, message, hint) => {
    const err = await failure(exec);
    expect([err.message, err.hint]).toEqual([message, hint]);
  });

  it('a kubeconfig plugin that is not installed, through materializeCredentials', async () => {
    const io = processAt('2026-01-01T00:00:00Z', {});
    const creds = await resolveCredentials(io, { kubeconfig: `${FIX}/exec-not-installed.yaml` });
    const err = (await materializeCredentials(io, creds).catch((e: unknown) => e)) as KcurlError;
    expect([err.message, err.hint]).toEqual([
      'exec plugin: executable kcurl-fake-plugin-that-is-not-installed not found',
      'kcurl-fake-plugin is required to authenticate. Install it with: fake-pkg install kcurl-fake-plugin',
    ]);
  });

  it('the stderr of a successful plugin is passed on', async () => {
    const io = processAt('2026-01-01T00:00:00Z', {});
    await runExecPlugin(io, plugin({}, { PLUGIN_STDERR: 'note from plugin' }), CLUSTER);
    expect(io.err()).toBe('note from plugin\n');
  });
});
