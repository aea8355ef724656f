// Details a real cluster shows that the sandbox reproduces, checked over HTTPS and with the real kubectl
// v1.32: map keys sorted in what the API returns, node heartbeat Leases (discovery, Tables, describe node),
// and the DaemonSet template generation annotation behind the pods' pod-template-generation label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox({ nodes: 2, leaseRenewMs: 200, kubeletTimings: { stepMs: 5 } });
}, 30_000);
afterAll(async () => {
  await t?.close();
});

async function kubectlOk(args: string[], stdin?: string): Promise<string> {
  const r = await t.kubectl(args, { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

describe('map keys in responses', () => {
  it('come back sorted from create, get and list whatever order kubectl sent them in', async () => {
    const manifest = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ordered', labels: { zeta: 'z', alpha: 'a' }, annotations: { 'z.io/k': '1', 'a.io/k': '2' } },
      data: { 'z.conf': 'z', 'b.conf': 'b', 'a.conf': 'a' },
    });
    const created = JSON.parse(await kubectlOk(['create', '-f', '-', '-o', 'json'], manifest));
    expect(Object.keys(created.data)).toEqual(['a.conf', 'b.conf', 'z.conf']);
    const raw = (await t.request('GET', '/api/v1/namespaces/default/configmaps/ordered')).text;
    expect(raw).toContain('"labels":{"alpha":"a","zeta":"z"},"annotations":{"a.io/k":"2","z.io/k":"1"}');
    expect(raw).toMatch(/^\{"kind":"ConfigMap","apiVersion":"v1","metadata":\{"name":"ordered","namespace":"default",/);
    expect(raw.trimEnd()).toMatch(/"data":\{"a\.conf":"a","b\.conf":"b","z\.conf":"z"\}\}$/);
    await kubectlOk(['label', 'configmap', 'ordered', 'beta=b']);
    const list = (await t.request('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dordered')).text;
    expect(list).toContain('"labels":{"alpha":"a","beta":"b","zeta":"z"}');
  });
});

describe('node Leases', () => {
  it('are served by coordination.k8s.io/v1 and listed by kubectl with the real columns', async () => {
    const discovery = (await t.request('GET', '/apis/coordination.k8s.io/v1')).json();
    expect(discovery.resources).toEqual([
      expect.objectContaining({
        name: 'leases',
        singularName: 'lease',
        namespaced: true,
        kind: 'Lease',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      }),
    ]);
    const out = await kubectlOk(['get', 'leases', '-n', 'kube-node-lease']);
    expect(out).toMatch(/^NAME\s+HOLDER\s+AGE\n/);
    expect(out).toMatch(/\nkcurl-control-plane\s+kcurl-control-plane\s+\d+s\n/);
    expect(out).toMatch(/\nkcurl-worker\s+kcurl-worker\s+\d+s\n/);
  });

  it('are renewed by the kubelets, and kubectl describe node shows them', async () => {
    const path = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kcurl-worker';
    const first = (await t.request('GET', path)).json();
    expect(first.spec).toMatchObject({ holderIdentity: 'kcurl-worker', leaseDurationSeconds: 40 });
    expect(first.spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const node = (await t.request('GET', '/api/v1/nodes/kcurl-worker')).json();
    expect(first.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'kcurl-worker', uid: node.metadata.uid }]);
    await eventually(
      async () => {
        const now = (await t.request('GET', path)).json();
        return now.spec.renewTime > first.spec.renewTime ? now : undefined;
      },
      'a renewed lease',
      5000,
    );

    const described = await kubectlOk(['describe', 'node', 'kcurl-worker']);
    expect(described).not.toContain('Failed to get lease');
    expect(described).toMatch(
      /\nLease:\n {2}HolderIdentity: {2}kcurl-worker\n {2}AcquireTime: {5}<unset>\n {2}RenewTime: {7}\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000\nConditions:\n/,
    );
  });
});

describe('DaemonSet template generation', () => {
  it('is annotated on create, bumped by template edits only, and labels the pods', async () => {
    await kubectlOk(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent' },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'nginx' }] } },
        },
      }),
    );
    const read = async () => JSON.parse(await kubectlOk(['get', 'daemonset', 'agent', '-o', 'json']));
    expect((await read()).metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    await kubectlOk(['patch', 'daemonset', 'agent', '-p', '{"spec":{"minReadySeconds":1}}']);
    await kubectlOk(['set', 'image', 'daemonset/agent', 'agent=nginx:1.27']);
    const ds = await read();
    expect(ds.metadata.generation).toBe(3);
    expect(ds.metadata.annotations['deprecated.daemonset.template.generation']).toBe('2');
    const labels = await eventually(async () => {
      const pods = JSON.parse(await kubectlOk(['get', 'pods', '-l', 'app=agent', '-o', 'json'])).items.filter((p: any) => !p.metadata.deletionTimestamp);
      const generations = pods.map((p: any) => p.metadata.labels['pod-template-generation']);
      return pods.length === 2 && generations.every((g: string) => g === '2') ? generations : undefined;
    }, 'DaemonSet pods of template generation 2');
    expect(labels).toEqual(['2', '2']);
  });
});
