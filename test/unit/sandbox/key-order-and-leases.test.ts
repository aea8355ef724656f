// What the sandbox stores (and so returns) as kube-apiserver does: map keys sorted as Go's encoding/json
// writes maps, struct fields in their order; the DaemonSet template generation annotation; node Leases.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiServer } from '../../../src/sandbox/api-server.js';
import { ManualClock } from '../../../src/sandbox/clock.js';
import { compareGoStrings } from '../../../src/sandbox/key-order.js';
import { ServiceAccountTokens } from '../../../src/sandbox/service-account-tokens.js';
import { ObjectStore } from '../../../src/sandbox/store.js';
import type { KubeObject } from '../../../src/sandbox/types.js';
import { DEFAULT_RENEW_MS, LEASE_DURATION_SECONDS, NODE_LEASE_NAMESPACE, NodeLeases } from '../../../src/sandbox/workloads/node-lease.js';
import { CA_PEM, podTemplate, startHarness, type Harness } from './controllers/harness.js';

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => h.close());

const keys = (v: unknown): string[] => Object.keys(v as object);

describe('map keys', () => {
  it('are sorted in labels, annotations and data whatever order they were sent in; struct fields keep theirs', () => {
    const cm = h.create({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c1', namespace: 'default', labels: { zeta: '1', alpha: '2', mid: '3' }, annotations: { 'y.io/b': '1', 'b.io/z': '2' } },
      data: { 'z.txt': 'z', 'A.txt': 'A', 'a.txt': 'a' },
    });
    expect(keys(cm)).toEqual(['kind', 'apiVersion', 'metadata', 'data']);
    expect(keys(cm.metadata)).toEqual(['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'labels', 'annotations', 'managedFields']);
    expect(keys(cm.metadata.labels)).toEqual(['alpha', 'mid', 'zeta']);
    expect(keys(cm.metadata.annotations)).toEqual(['b.io/z', 'y.io/b']);
    expect(keys(cm.data)).toEqual(['A.txt', 'a.txt', 'z.txt']);

    // An update adding keys at the end of the maps stores them in order too.
    const updated = h.patch('', 'configmaps', 'default', 'c1', (o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { ...o.metadata.labels, beta: '4' } },
      data: { ...(o.data as object), 'b.txt': 'b' },
    }));
    expect(keys(updated.metadata.labels)).toEqual(['alpha', 'beta', 'mid', 'zeta']);
    expect(keys(updated.data)).toEqual(['A.txt', 'a.txt', 'b.txt', 'z.txt']);
    expect(keys(h.get('', 'configmaps', 'default', 'c1')?.data)).toEqual(['A.txt', 'a.txt', 'b.txt', 'z.txt']);
  });

  it('are sorted inside pod specs (nodeSelector, resource lists) while container fields keep their order', () => {
    const pod = h.create({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'p1', namespace: 'default' },
      spec: {
        nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' },
        containers: [
          { name: 'c', image: 'nginx', resources: { limits: { memory: '1Gi', cpu: '1' }, requests: { memory: '10Mi', 'example.com/gpu': '1', cpu: '10m' } } },
        ],
      },
    });
    const spec = pod.spec as Record<string, any>;
    expect(keys(spec.nodeSelector)).toEqual(['disk', 'kubernetes.io/os']);
    expect(keys(spec.containers[0].resources.limits)).toEqual(['cpu', 'memory']);
    expect(keys(spec.containers[0].resources.requests)).toEqual(['cpu', 'example.com/gpu', 'memory']);
    // Struct fields are not sorted: name (sent first) stays before image, and resources stays a struct.
    expect(keys(spec.containers[0]).slice(0, 3)).toEqual(['name', 'image', 'resources']);
    expect(keys(spec.containers[0].resources)).toEqual(['limits', 'requests']);
  });

  it('are sorted in selectors and templates of workloads, and in Secret data built from stringData', () => {
    const ds = h.create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'ds', namespace: 'default' },
      spec: { selector: { matchLabels: { tier: 'x', app: 'ds' } }, template: podTemplate({ tier: 'x', app: 'ds' }) },
    });
    const spec = ds.spec as Record<string, any>;
    expect(keys(spec.selector.matchLabels)).toEqual(['app', 'tier']);
    expect(keys(spec.template.metadata.labels)).toEqual(['app', 'tier']);

    const secret = h.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      stringData: { zz: 'z', aa: 'a' },
      data: { mm: Buffer.from('m').toString('base64') },
    });
    expect(keys(secret.data)).toEqual(['aa', 'mm', 'zz']);
  });

  it('are left as sent where the schema holds raw JSON (a ControllerRevision’s data)', () => {
    const rev = h.create({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'r1', namespace: 'default' },
      revision: 1,
      data: { spec: { z: 1, a: 2 } },
    });
    expect(keys((rev.data as any).spec)).toEqual(['z', 'a']);
  });

  it('are all sorted in custom resources, which are unstructured maps through and through', async () => {
    h.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
          },
        ],
      },
    });
    await h.settle();
    const w = h.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default', labels: { z: '1', a: '2' } },
      spec: { size: 2, color: { shade: 'dark', base: 'red' } },
    } as KubeObject);
    expect(keys(w)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(keys(w.metadata)).toEqual(['creationTimestamp', 'generation', 'labels', 'managedFields', 'name', 'namespace', 'resourceVersion', 'uid']);
    expect(w.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(keys((w.metadata.managedFields as object[])[0])).toEqual(['apiVersion', 'fieldsType', 'fieldsV1', 'manager', 'operation', 'time']);
    expect(keys(w.spec)).toEqual(['color', 'size']);
    expect(keys((w.spec as any).color)).toEqual(['base', 'shade']);
  });

  it('are sorted in state loaded from a journal written before, without a new resourceVersion or event', () => {
    const store = new ObjectStore();
    const object = {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'old', namespace: 'default', uid: 'u1', resourceVersion: '7', labels: { b: '1', a: '2' } },
      data: { z: '1', y: '2' },
    } as KubeObject;
    store.replay({ op: 'put', rv: 7, group: '', resource: 'configmaps', object });
    store.markStarted();
    const events: unknown[] = [];
    store.subscribe((e) => events.push(e));
    const now = () => new Date();
    const api = new ApiServer({
      store,
      now,
      staticTokens: new Map(),
      serverAddress: '127.0.0.1:6443',
      caPem: CA_PEM,
      tokens: new ServiceAccountTokens(store, now),
    });
    api.restoreState();
    const loaded = store.get({ group: '', resource: 'configmaps' }, 'default', 'old') as KubeObject;
    expect(keys(loaded.metadata.labels)).toEqual(['a', 'b']);
    expect(keys(loaded.data)).toEqual(['y', 'z']);
    expect(loaded.metadata.resourceVersion).toBe('7');
    expect(store.resourceVersion).toBe(7);
    expect(events).toEqual([]);
  });

  it('compare as Go strings: byte-wise over UTF-8, not by UTF-16 code unit', () => {
    expect(['b', 'B', 'a', '_'].sort(compareGoStrings)).toEqual(['B', '_', 'a', 'b']);
    // U+FFFD is EF BF BD in UTF-8, U+1F600 is F0 9F 98 80: Go puts U+FFFD first, UTF-16 order the other way round.
    expect(['\u{1F600}', '\uFFFD'].sort(compareGoStrings)).toEqual(['\uFFFD', '\u{1F600}']);
  });
});

describe('deprecated.daemonset.template.generation', () => {
  const TG = 'deprecated.daemonset.template.generation';
  const create = (annotations?: Record<string, string>) =>
    h.create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default', ...(annotations ? { annotations } : {}) },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate({ app: 'agent' }) },
    });
  const get = () => h.get('apps', 'daemonsets', 'default', 'agent') as KubeObject;

  const livePods = () => h.list('', 'pods', 'default').filter((p) => !p.metadata.deletionTimestamp);

  it('is 1 on create, follows template changes only, and ignores what a client sends on update', async () => {
    h.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    const ds = create({ team: 'a' });
    expect(ds.metadata.annotations).toEqual({ [TG]: '1', team: 'a' });
    expect(ds.metadata.generation).toBe(1);
    await h.settle();
    expect(livePods().map((p) => p.metadata.labels?.['pod-template-generation'])).toEqual(['1']);
    h.runAll();

    // A spec change outside the template bumps metadata.generation only.
    h.patch('apps', 'daemonsets', 'default', 'agent', (o) => ({ ...o, spec: { ...(o.spec as object), revisionHistoryLimit: 3 } }));
    expect(get().metadata.generation).toBe(2);
    expect(get().metadata.annotations?.[TG]).toBe('1');

    // A template change bumps both; the value a client puts in the annotation does not count.
    h.patch('apps', 'daemonsets', 'default', 'agent', (o) => {
      (o.spec as any).template.spec.containers[0].image = 'nginx:1.27';
      o.metadata.annotations = { ...o.metadata.annotations, [TG]: '40' };
      return o;
    });
    expect(get().metadata.generation).toBe(3);
    expect(get().metadata.annotations?.[TG]).toBe('2');

    // The controller replaces the pod, labelling the new one with the template generation (not metadata.generation).
    for (let i = 0; i < 20 && livePods().some((p) => p.metadata.labels?.['pod-template-generation'] !== '2'); i++) {
      await h.settle();
      h.runAll();
    }
    expect(livePods().map((p) => p.metadata.labels?.['pod-template-generation'])).toEqual(['2']);
  });

  it('keeps a positive value sent on create and replaces anything else with 1', () => {
    expect(create({ [TG]: '7' }).metadata.annotations?.[TG]).toBe('7');
    h.delete('apps', 'daemonsets', 'default', 'agent');
    expect(create({ [TG]: '0' }).metadata.annotations?.[TG]).toBe('1');
  });

  it('is owned by the manager that created the DaemonSet', () => {
    const ds = create();
    const mine = (ds.metadata.managedFields as any[]).find((m) => m.manager === 'kubectl-create');
    expect(mine.fieldsV1['f:metadata']['f:annotations']).toEqual({ '.': {}, [`f:${TG}`]: {} });
  });
});

describe('node Leases', () => {
  const lease = (name: string) => h.get('coordination.k8s.io', 'leases', NODE_LEASE_NAMESPACE, name);

  it('are created in kube-node-lease, held by the node, owned by it, and renewed', () => {
    const node = h.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    let t = Date.parse('2026-01-02T03:04:05.678Z');
    const leases = new NodeLeases(h.api, () => new Date(t), ['n1'], 0);
    try {
      const first = lease('n1') as KubeObject;
      expect(first.spec).toEqual({ holderIdentity: 'n1', leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: '2026-01-02T03:04:05.678000Z' });
      expect(first.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: node.metadata.uid }]);
      expect((first.metadata.managedFields as any[])[0]).toMatchObject({ manager: 'kubelet', operation: 'Update' });

      t += 10_000;
      leases.renew();
      const second = lease('n1') as KubeObject;
      expect(second.spec).toEqual({ holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: '2026-01-02T03:04:15.678000Z' });
      expect(second.metadata.uid).toBe(first.metadata.uid);
      expect(Number(second.metadata.resourceVersion)).toBeGreaterThan(Number(first.metadata.resourceVersion));
    } finally {
      leases.close();
    }
  });

  it('renew on their interval, and come back after being deleted', async () => {
    h.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } });
    const clock = new ManualClock('2026-01-02T03:04:05Z');
    const leases = new NodeLeases(h.api, () => clock.now(), ['n2'], DEFAULT_RENEW_MS, clock);
    try {
      expect((lease('n2')?.spec as any).renewTime).toBe('2026-01-02T03:04:05.000000Z');
      await clock.advance(DEFAULT_RENEW_MS - 1);
      expect((lease('n2')?.spec as any).renewTime).toBe('2026-01-02T03:04:05.000000Z');
      await clock.advance(1);
      expect((lease('n2')?.spec as any).renewTime).toBe('2026-01-02T03:04:15.000000Z');
      h.delete('coordination.k8s.io', 'leases', NODE_LEASE_NAMESPACE, 'n2');
      expect(lease('n2')).toBeUndefined();
      await clock.advance(DEFAULT_RENEW_MS);
      expect(lease('n2')?.spec).toMatchObject({ holderIdentity: 'n2', renewTime: '2026-01-02T03:04:25.000000Z' });
      expect(h.errors).toEqual([]);
    } finally {
      leases.close();
    }
  });
});
