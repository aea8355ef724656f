import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { podTemplate, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => h.close());

const rs = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }) },
});
const podsOf = () => h.list('', 'pods', 'default').filter((p) => !p.metadata.deletionTimestamp);

describe('ReplicaSet controller', () => {
  it('creates <rs>-<5 random> pods owned by the ReplicaSet, with SuccessfulCreate events', async () => {
    const owner = h.create(rs(3));
    await h.settle();
    const pods = podsOf();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe('web-');
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
      const mf = (p.metadata.managedFields as { manager: string }[]).map((m) => m.manager);
      expect(mf).toContain('kube-controller-manager');
    }
    const ev = h.events().filter((e) => e.reason === 'SuccessfulCreate');
    expect(ev.map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(ev[0].source).toEqual({ component: 'replicaset-controller' });
    const st = h.get('apps', 'replicasets', 'default', 'web')?.status;
    expect(st).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    expect(h.errors).toEqual([]);
  });

  it('reports ready and available replicas as the kubelet marks pods ready', async () => {
    h.create(rs(2));
    await h.settle();
    h.runAll();
    await h.settle();
    expect(h.get('apps', 'replicasets', 'default', 'web')?.status).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
  });

  it('scales down deleting not-ready pods before ready ones, and replaces deleted pods', async () => {
    h.create(rs(3));
    await h.settle();
    const [first, second] = podsOf();
    h.setPod(first, 'Running', true);
    h.setPod(second, 'Running', true);
    const notReady = podsOf().find((p) => p.metadata.name !== first.metadata.name && p.metadata.name !== second.metadata.name);
    h.patch('apps', 'replicasets', 'default', 'web', (o) => ({ ...o, spec: { ...(o.spec as object), replicas: 2 } }));
    await h.settle();
    const left = podsOf()
      .map((p) => p.metadata.name)
      .sort();
    expect(left).toEqual([first.metadata.name, second.metadata.name].sort());
    expect(h.events().some((e) => e.reason === 'SuccessfulDelete' && e.message === `Deleted pod: ${notReady?.metadata.name}`)).toBe(true);

    h.delete('', 'pods', 'default', first.metadata.name);
    await h.settle();
    expect(podsOf()).toHaveLength(2);
    expect(podsOf().map((p) => p.metadata.name)).not.toContain(first.metadata.name);
  });

  it('adopts a matching orphan pod instead of creating one', async () => {
    h.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    const owner = h.create(rs(1));
    await h.settle();
    expect(podsOf().map((p) => p.metadata.name)).toEqual(['stray']);
    expect((h.get('', 'pods', 'default', 'stray')?.metadata.ownerReferences as { uid: string }[])[0].uid).toBe(owner.metadata.uid);
  });

  it('records FailedCreate when the ServiceAccount does not exist', async () => {
    const bad = rs(1);
    (bad.spec.template.spec as Record<string, unknown>).serviceAccountName = 'missing';
    h.create(bad);
    // Retries keep writing events (5 ms, 10 ms, … back-off); settling runs those due within the next second.
    await h.settle();
    expect(podsOf()).toHaveLength(0);
    const failed = h.events().find((e) => e.reason === 'FailedCreate');
    expect(failed?.type).toBe('Warning');
    expect(failed?.message).toBe(
      'Error creating: pods "web-" is forbidden: error looking up service account default/missing: serviceaccount "missing" not found',
    );
    const cond = (h.get('apps', 'replicasets', 'default', 'web')?.status as { conditions: { type: string; reason: string }[] }).conditions;
    expect(cond.map((c) => [c.type, c.reason])).toEqual([['ReplicaFailure', 'FailedCreate']]);
    // Retried with back-off: the one event's count grows, and the pod appears once the account exists.
    expect(Number(h.events().find((e) => e.reason === 'FailedCreate')?.count)).toBeGreaterThan(1);
    h.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'missing', namespace: 'default' } });
    await h.settle();
    expect(podsOf()).toHaveLength(0);
    // The next retry (about 1.3 s later) succeeds.
    await h.advance(2_000);
    expect(podsOf()).toHaveLength(1);
    await h.settle();
    expect((h.get('apps', 'replicasets', 'default', 'web')?.status as { conditions?: unknown }).conditions).toBeUndefined();
  });
});
