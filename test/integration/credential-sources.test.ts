// The in-pod serviceaccount mount and a ServiceAccount token Secret as credential sources, end to end:
// kcurl against the real sandbox, and the printed snippet (bash + curl + kubectl) getting the same answer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

let t: TestSandbox;
let dir: string;

beforeAll(async () => {
  t = await startTestSandbox();
  dir = tempDir('kcurl-creds-');
  await t.request('POST', '/api/v1/namespaces/kube-system/configmaps', {
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'only-in-kube-system' }, data: { a: '1' } },
  });
  await t.request('POST', '/api/v1/namespaces/default/secrets', {
    body: { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'opaque' }, data: { token: 'eA==' } },
  });
});

afterAll(async () => {
  await t?.close();
});

describe('in-cluster: the serviceaccount mount', () => {
  it('uses the mounted token, CA and namespace, and the snippet reads the same files', async () => {
    const sa = join(dir, 'serviceaccount');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), t.sb.adminToken);
    writeFileSync(join(sa, 'ca.crt'), t.sb.caPem);
    writeFileSync(join(sa, 'namespace'), 'kube-system');
    const env = {
      KCURL_SERVICEACCOUNT_DIR: sa,
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: String(t.sb.port),
      HOME: join(dir, 'empty-home'),
    };
    const k = await runKcurl(['get', 'configmaps', 'only-in-kube-system', '-o', 'jsonpath={.data.a}', '--show-curl'], { env });
    expect(k.stderr).not.toContain(t.sb.adminToken);
    expect(k.code, k.stderr).toBe(0);
    expect(k.stdout).toBe('1');
    expect(k.stderr).toContain('/api/v1/namespaces/kube-system/configmaps/only-in-kube-system');
    const s = await runSnippet(k.stderr, { env });
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).data).toEqual({ a: '1' });
  });
});

describe('--token-from-secret', () => {
  it('reads .data.token of the Secret with the kubeconfig credentials and sends it', async () => {
    const res = await t.request('POST', '/api/v1/namespaces/default/secrets', {
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: { name: 'builder-token', annotations: { 'kubernetes.io/service-account.name': 'default' } },
        data: { token: Buffer.from(t.sb.adminToken).toString('base64') },
      },
    });
    expect(res.status).toBe(201);
    const env = { KUBECONFIG: t.sb.kubeconfigPath };
    const k = await runKcurl(
      ['get', 'cm', 'only-in-kube-system', '-n', 'kube-system', '--token-from-secret', 'default/builder-token', '-o', 'name', '--show-curl'],
      {
        env,
      },
    );
    expect(k.code, k.stderr).toBe(0);
    expect(k.stdout).toBe('configmap/only-in-kube-system\n');
    expect(k.stderr).toContain("kubectl get secret builder-token -n default -o 'jsonpath={.data.token}' | base64 --decode");
    const s = await runSnippet(k.stderr.slice(k.stderr.indexOf('#')), { env });
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).metadata.name).toBe('only-in-kube-system');
  });

  it("sends the Secret's token, not the kubeconfig's", async () => {
    await t.request('POST', '/api/v1/namespaces/default/secrets', {
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: { name: 'revoked-token', annotations: { 'kubernetes.io/service-account.name': 'default' } },
        data: { token: Buffer.from('not-a-valid-token').toString('base64') },
      },
    });
    const k = await runKcurl(['get', 'cm', '--token-from-secret', 'revoked-token', '-q'], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(k.code).toBe(1);
    expect(k.stderr).toBe('error: You must be logged in to the server (Unauthorized)\n');
  });
});

// The one-line failures of --token-from-secret and the -v levels run in process: test/unit/commands/in-process-credentials.test.ts.
