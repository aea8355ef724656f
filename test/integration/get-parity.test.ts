import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { normaliseAges } from '../helpers/ages.js';

let t: TestSandbox;
let cacheDir: string;

beforeAll(async () => {
  t = await startTestSandbox();
  cacheDir = tempDir('kcurl-parity-cache-');
  await t.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } } });
  for (const [ns, name, app] of [
    ['default', 'alpha', 'web'],
    ['default', 'beta', 'db'],
    ['team-a', 'gamma', 'web'],
  ]) {
    const res = await t.request('POST', `/api/v1/namespaces/${ns}/configmaps`, {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app } }, data: { k: 'v' } },
    });
    expect(res.status).toBe(201);
  }
  const quota = await t.request('POST', '/api/v1/namespaces/team-a/resourcequotas', {
    body: {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute' },
      spec: { hard: { pods: '4', configmaps: '9', 'limits.cpu': '2', 'requests.memory': '1Gi' } },
    },
  });
  expect(quota.status).toBe(201);
});

afterAll(async () => {
  await t?.close();
});

// Ages are relative to "now"; both runs happen within the same second or two, so normalise them.

describe('kcurl get prints what kubectl get prints', () => {
  it.each([
    [['get', 'namespaces']],
    [['get', 'configmaps', '-n', 'default']],
    [['get', 'cm', '-A', '--show-labels']],
    [['get', 'cm', '-A', '-L', 'app', '--sort-by', '.metadata.name']],
    [['get', 'configmaps', '-l', 'app=web', '-A', '-o', 'name']],
    [['get', 'cm', 'alpha', 'beta', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}']],
    [['get', 'configmap/alpha', '-o', 'yaml']],
    [['get', 'cm', '-n', 'team-a', '-o', 'json']],
    [['get', 'cm,ns', '-n', 'default']],
    [['get', 'cm', '-n', 'default', '-o', 'custom-columns=NAME:.metadata.name,APP:.metadata.labels.app']],
    [['get', 'pods', '-n', 'default']],
    [['get', 'cm', 'does-not-exist']],
    [['get', 'quota', '-A']],
    [['get', 'storageclasses', '-o', 'wide']],
    [['get', 'limitranges,replicationcontrollers,podtemplates', '-A']],
  ])('%j', async (args) => {
    const k = await t.kubectl(args);
    const c = await runKcurl([...args, '-q', '--cache-dir', cacheDir], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(normaliseAges(c.stdout)).toBe(normaliseAges(k.stdout));
    expect(c.stderr).toBe(k.stderr);
    expect(c.code).toBe(k.code);
  });
});
