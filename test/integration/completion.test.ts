// `kcurl completion bash` loaded into a real bash: the completion function is called the way bash calls it on
// Tab (COMP_WORDS, COMP_CWORD), it runs the built bin/kcurl as `kcurl __complete …`, and COMPREPLY is read back.
// Resource types come from kubectl's discovery disk cache (warmed by one kcurl run against a sandbox with a
// CustomResourceDefinition) or, without a cache, from the built-in table.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/require-tool.js';
import { KCURL_BIN, runKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH } from '../helpers/spawn.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

const bash = requireTool('bash');
let dir: string;
let t: TestSandbox;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kcurl-completion-'));
  // `kcurl` on PATH, as a user who installed it has it: the script calls back the command it completes.
  mkdirSync(join(dir, 'bin'));
  symlinkSync(KCURL_BIN, join(dir, 'bin', 'kcurl'));
  t = await startTestSandbox();
  const crd = await t.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    body: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    },
  });
  expect(crd.status).toBe(201);
  for (let i = 0; i < 100 && (await t.request('GET', '/apis/example.com/v1')).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  // One ordinary command warms the discovery cache, as it would for a user.
  const warm = await runKcurl(['--kubeconfig', t.sb.kubeconfigPath, 'get', 'widgets', '-q'], { env: { HOME: dir, KUBECACHEDIR: join(dir, 'cache') } });
  expect(warm.code, warm.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * COMPREPLY after bash completes the last of `words` (the command line split as bash splits it). Asynchronous:
 * the sandbox runs in this process and must answer while bash and kcurl run.
 */
async function completeIn(words: string[], env: Record<string, string> = {}): Promise<string[]> {
  const script = [
    'source <(kcurl completion bash) || exit 9',
    'COMP_WORDS=("$@")',
    'COMP_CWORD=$(( $# - 1 ))',
    'COMP_LINE="$*"',
    'COMP_POINT=${#COMP_LINE}',
    '__kcurl_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const { stdout } = await promisify(execFile)(bash, ['-c', script, 'bash', ...words], {
    env: { PATH: `${join(dir, 'bin')}:${CLEAN_PATH}`, HOME: dir, KUBECACHEDIR: join(dir, 'no-cache'), ...env },
    encoding: 'utf8',
  });
  return stdout.split('\n').filter((l) => l !== '');
}

const withCluster = () => ({ KUBECONFIG: t.sb.kubeconfigPath, KUBECACHEDIR: join(dir, 'cache') });

describe('kcurl completion bash, loaded into bash', () => {
  it('completes command names', async () => {
    expect(await completeIn(['kcurl', ''])).toEqual(expect.arrayContaining(['get', 'describe', 'delete', 'apply', 'completion', 'version']));
    expect(await completeIn(['kcurl', 'de'])).toEqual(['delete', 'demo', 'describe']);
    expect(await completeIn(['kcurl', '-n', 'team', 'ge'])).toEqual(['get']);
  });

  it('completes sub-commands', async () => {
    expect(await completeIn(['kcurl', 'create', 't'])).toEqual(['token']);
    expect(await completeIn(['kcurl', 'auth', ''])).toEqual(['can-i']);
  });

  it("completes the command's flags and the global ones", async () => {
    const flags = await completeIn(['kcurl', 'get', 'pods', '--']);
    expect(flags).toEqual(expect.arrayContaining(['--all-namespaces', '--watch', '--output', '--namespace', '--show-curl', '--offline']));
    expect(flags).not.toContain('--cascade');
    expect(await completeIn(['kcurl', 'delete', '--cas'])).toEqual(['--cascade']);
    expect(await completeIn(['kcurl', 'create', 'token', 'x', '--aud'])).toEqual(['--audience']);
  });

  it('completes flag values, after a space or an =', async () => {
    expect(await completeIn(['kcurl', 'get', 'pods', '-o', 'y'])).toEqual(['yaml']);
    expect(await completeIn(['kcurl', 'get', 'pods', '-o', 'js'])).toEqual(['json', 'jsonpath=', 'jsonpath-as-json=']);
    // bash splits --show-curl=l into --show-curl, =, l; the reply replaces only the part after the =.
    expect(await completeIn(['kcurl', 'get', 'pods', '--show-curl', '=', 'l'])).toEqual(['line']);
    expect(await completeIn(['kcurl', 'get', 'pods', '--show-curl', '='])).toEqual(['readable', 'script', 'line']);
    expect(await completeIn(['kcurl', 'token', '-o', 'client-'])).toEqual(['client-certificate', 'client-key']);
  });

  it('completes resource types from the built-in table without a cluster', async () => {
    expect(await completeIn(['kcurl', 'get', 'deploy'])).toEqual(['deployments.apps']);
    expect(await completeIn(['kcurl', 'describe', 'no'])).toEqual(['nodes']);
    expect(await completeIn(['kcurl', 'get', 'wid'])).toEqual([]);
  });

  it("completes resource types from the configured cluster's discovery cache, custom resources included", async () => {
    expect(await completeIn(['kcurl', 'get', 'wid'], withCluster())).toEqual(['widgets.example.com']);
    expect(await completeIn(['kcurl', 'delete', 'wid'], withCluster())).toEqual(['widgets.example.com']);
    expect(await completeIn(['kcurl', 'auth', 'can-i', 'list', 'wid'], withCluster())).toEqual(['widgets.example.com']);
    expect(await completeIn(['kcurl', '--kubeconfig', t.sb.kubeconfigPath, 'get', 'wid'], { KUBECACHEDIR: join(dir, 'cache') })).toEqual([
      'widgets.example.com',
    ]);
  });

  it('completes contexts from the kubeconfig and namespaces from the cluster', async () => {
    expect(await completeIn(['kcurl', 'get', 'pods', '--context', ''], withCluster())).toEqual(['kcurl-sandbox', 'kcurl-sandbox-cert']);
    expect(await completeIn(['kcurl', 'get', 'pods', '-n', 'kube-'], withCluster())).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
    expect(await completeIn(['kcurl', 'get', 'pods', '--namespace', '=', 'def'], withCluster())).toEqual(['default']);
    expect(await completeIn(['kcurl', 'get', 'pods', '-n', 'kube-'])).toEqual([]);
  });

  it('offers verbs for auth can-i and nothing for a name position', async () => {
    expect(await completeIn(['kcurl', 'auth', 'can-i', 'del'])).toEqual(['delete', 'deletecollection']);
    expect(await completeIn(['kcurl', 'get', 'pods', ''])).toEqual([]);
  });
});

describe('kcurl completion', () => {
  it('refuses an unknown shell with one line', async () => {
    const r = await runKcurl(['completion', 'tcsh']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: kcurl completion needs one shell, one of bash, zsh, fish; got "tcsh"; for example: source <(kcurl completion bash)\n');
  });
});
