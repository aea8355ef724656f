import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeShouldRunPod } from '../../../../src/sandbox/controllers/daemonset.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';
import { podTemplate, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => h.close());

const pods = () => h.list('', 'pods', 'default').filter((p) => !p.metadata.deletionTimestamp);
const node = (name: string, labels: Record<string, string> = {}, taints?: unknown[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  spec: taints ? { taints } : {},
});

describe('Job controller', () => {
  const job = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default' },
    spec: { template: { spec: { containers: [{ name: 'pi', image: 'busybox', command: ['echo', 'hi'] }], restartPolicy: 'Never' } }, ...spec },
  });

  it('runs parallelism pods with the job labels and tracking finalizer until completions succeed', async () => {
    const j = h.create(job({ completions: 3, parallelism: 2 }));
    await h.settle();
    let active = pods();
    expect(active).toHaveLength(2);
    const p = active[0];
    expect(p.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.metadata.labels).toMatchObject({
      'batch.kubernetes.io/controller-uid': j.metadata.uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': j.metadata.uid,
      'job-name': 'pi',
    });
    expect(p.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(h.get('batch', 'jobs', 'default', 'pi')?.status).toMatchObject({ active: 2, ready: 0, uncountedTerminatedPods: {} });
    expect((h.get('batch', 'jobs', 'default', 'pi')?.status as any).startTime).toMatch(/Z$/);

    for (let round = 0; round < 5 && pods().length; round++) {
      for (const x of pods()) h.setPod(x, 'Succeeded', false);
      await h.settle();
    }
    const st = h.get('batch', 'jobs', 'default', 'pi')?.status as any;
    expect(st.succeeded).toBe(3);
    expect(st.active).toBeUndefined();
    expect(st.completionTime).toMatch(/Z$/);
    expect(st.conditions.map((c: any) => [c.type, c.status])).toEqual([['Complete', 'True']]);
    expect(Object.keys(st)).toEqual(['conditions', 'startTime', 'completionTime', 'succeeded', 'uncountedTerminatedPods', 'ready']);
    // Counted pods lose the finalizer; exactly three pods were ever created.
    const all = h.list('', 'pods', 'default');
    expect(all).toHaveLength(3);
    expect(all.every((x) => !x.metadata.finalizers)).toBe(true);
    const reasons = h.events().map((e) => e.reason);
    expect(reasons.filter((r) => r === 'SuccessfulCreate')).toHaveLength(3);
    expect(h.events().find((e) => e.reason === 'Completed')?.message).toBe('Job completed');
    active = pods();
  });

  it('replaces failed pods after the back-off and fails with BackoffLimitExceeded after backoffLimit+1 failures', async () => {
    h.create(job({ backoffLimit: 1 }));
    await h.settle();
    const [first] = pods();
    h.setPod(first, 'Failed', false);
    const replacement = () => pods().find((p) => p.metadata.name !== first.metadata.name && (p.status as any).phase === 'Pending');
    // The first replacement waits out the back-off base (10 s, as kube-controller-manager) from when the failure was seen.
    await h.settle();
    expect(replacement()).toBeUndefined();
    await h.advance(9_900);
    expect(replacement()).toBeUndefined();
    await h.advance(200);
    const second = replacement();
    expect(second).toBeDefined();
    h.setPod(second as KubeObject, 'Failed', false);
    await h.settle();
    const st = h.get('batch', 'jobs', 'default', 'pi')?.status as any;
    expect(st.failed).toBe(2);
    expect(st.conditions).toEqual([
      expect.objectContaining({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }),
    ]);
    expect(h.list('', 'pods', 'default')).toHaveLength(2);
  });
});

describe('Job controller: Indexed and suspend', () => {
  const job = (spec: Record<string, unknown>): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'ix', namespace: 'default' },
    spec: { template: { spec: { containers: [{ name: 'w', image: 'busybox' }], restartPolicy: 'Never' } }, ...spec },
  });

  it('Indexed: one pod per index named <job>-<index>-xxxxx with the index annotation, label and env; completedIndexes', async () => {
    h.create(job({ completions: 3, parallelism: 2, completionMode: 'Indexed' }));
    await h.settle();
    let list = pods();
    expect(list.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1']);
    const p0 = list.find((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '0') as KubeObject;
    expect(p0.metadata.name).toMatch(/^ix-0-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p0.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe('0');
    expect((p0.spec as any).hostname).toBe('ix-0');
    expect((p0.spec as any).containers[0].env).toEqual([
      { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } },
    ]);
    h.setPod(p0, 'Succeeded', false);
    await h.settle();
    expect((h.get('batch', 'jobs', 'default', 'ix')?.status as any).completedIndexes).toBe('0');
    list = pods().filter((p) => (p.status as any).phase !== 'Succeeded');
    expect(list.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['1', '2']);
    for (const p of list) h.setPod(p, 'Succeeded', false);
    await h.settle();
    const st = h.get('batch', 'jobs', 'default', 'ix')?.status as any;
    expect(st.completedIndexes).toBe('0-2');
    expect(st.succeeded).toBe(3);
    expect(st.conditions[0].type).toBe('Complete');
  });

  it('suspend deletes the active pods with JobSuspended; resume starts them again', async () => {
    h.create(job({ parallelism: 2, completions: 2 }));
    await h.settle();
    expect(pods()).toHaveLength(2);
    h.patch('batch', 'jobs', 'default', 'ix', (o) => ({ ...o, spec: { ...(o.spec as object), suspend: true } }));
    await h.settle();
    expect(pods()).toHaveLength(0);
    let st = h.get('batch', 'jobs', 'default', 'ix')?.status as any;
    expect(st.conditions).toEqual([expect.objectContaining({ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' })]);
    expect(st.startTime).toBeUndefined();
    h.patch('batch', 'jobs', 'default', 'ix', (o) => ({ ...o, spec: { ...(o.spec as object), suspend: false } }));
    await h.settle();
    expect(pods()).toHaveLength(2);
    st = h.get('batch', 'jobs', 'default', 'ix')?.status as any;
    expect(st.conditions).toEqual([expect.objectContaining({ type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' })]);
    expect(st.startTime).toMatch(/Z$/);
    expect(
      h
        .events()
        .filter((e) => e.reason === 'Suspended' || e.reason === 'Resumed')
        .map((e) => e.message),
    ).toEqual(['Job suspended', 'Job resumed']);
  });
});

describe('StatefulSet controller', () => {
  const sts = (replicas: number, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'kubia', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'kubia',
      selector: { matchLabels: { app: 'kubia' } },
      template: podTemplate({ app: 'kubia' }),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } } }],
      ...extra,
    },
  });

  it('creates pods in order, each only after the previous is Running and Ready', async () => {
    h.create(sts(3));
    await h.settle();
    expect(pods().map((p) => p.metadata.name)).toEqual(['kubia-0']);
    const p0 = pods()[0];
    expect(p0.metadata.labels).toMatchObject({ app: 'kubia', 'statefulset.kubernetes.io/pod-name': 'kubia-0', 'apps.kubernetes.io/pod-index': '0' });
    expect(p0.metadata.labels?.['controller-revision-hash']).toMatch(/^kubia-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect((p0.spec as any).hostname).toBe('kubia-0');
    expect((p0.spec as any).subdomain).toBe('kubia');
    expect((p0.spec as any).volumes[0]).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data-kubia-0' } });
    const pvc = h.get('', 'persistentvolumeclaims', 'default', 'data-kubia-0') as KubeObject;
    expect(pvc.metadata.labels).toEqual({ app: 'kubia' });
    expect(pvc.metadata.ownerReferences).toBeUndefined();

    // Running but not ready: still waits.
    h.setPod(p0, 'Running', false);
    await h.settle();
    expect(pods()).toHaveLength(1);
    h.setPod(p0, 'Running', true);
    await h.settle();
    expect(
      pods()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['kubia-0', 'kubia-1']);
    h.runAll();
    await h.settle();
    h.runAll();
    await h.settle();
    expect(
      pods()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['kubia-0', 'kubia-1', 'kubia-2']);
    const ev = h
      .events()
      .filter((e) => e.reason === 'SuccessfulCreate')
      .map((e) => e.message);
    expect(ev.slice(0, 2)).toEqual([
      'create Claim data-kubia-0 Pod kubia-0 in StatefulSet kubia success',
      'create Pod kubia-0 in StatefulSet kubia successful',
    ]);
    const st = h.get('apps', 'statefulsets', 'default', 'kubia')?.status as any;
    expect(st).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      collisionCount: 0,
      availableReplicas: 3,
    });
    expect(st.currentRevision).toBe(st.updateRevision);
  });

  it('scales down from the highest ordinal, one at a time, keeping the claims', async () => {
    h.create(sts(3));
    for (let i = 0; i < 4; i++) {
      await h.settle();
      h.runAll();
    }
    await h.settle();
    h.patch('apps', 'statefulsets', 'default', 'kubia', (o) => ({ ...o, spec: { ...(o.spec as object), replicas: 1 } }));
    await h.settle();
    expect(
      pods()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['kubia-0']);
    const deletes = h
      .events()
      .filter((e) => e.reason === 'SuccessfulDelete')
      .map((e) => e.message);
    expect(deletes).toEqual(['delete Pod kubia-2 in StatefulSet kubia successful', 'delete Pod kubia-1 in StatefulSet kubia successful']);
    expect(
      h
        .list('', 'persistentvolumeclaims', 'default')
        .map((c) => c.metadata.name)
        .sort(),
    ).toEqual(['data-kubia-0', 'data-kubia-1', 'data-kubia-2']);
  });

  it('records ControllerRevisions and rolls a template change out from the highest ordinal down', async () => {
    const set = h.create(sts(2));
    for (let i = 0; i < 4; i++) {
      await h.settle();
      h.runAll();
    }
    await h.settle();
    const [rev1] = h.list('apps', 'controllerrevisions', 'default');
    expect(rev1.revision).toBe(1);
    expect(rev1.metadata.name).toBe(pods()[0].metadata.labels?.['controller-revision-hash']);
    expect(rev1.metadata.labels).toEqual({ app: 'kubia', 'controller.kubernetes.io/hash': rev1.metadata.name.slice('kubia-'.length) });
    expect(rev1.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'kubia', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(Object.keys((rev1.data as any).spec.template)).toEqual(['metadata', 'spec', '$patch']);

    h.patch('apps', 'statefulsets', 'default', 'kubia', (o) => {
      (o.spec as any).template.spec.containers[0].image = 'nginx:1.27';
      return o;
    });
    const order: string[] = [];
    for (let i = 0; i < 10; i++) {
      await h.settle();
      for (const p of pods())
        if ((p.status as any).phase === 'Pending') {
          order.push(p.metadata.name);
          h.setPod(p, 'Running', true);
        }
    }
    await h.settle();
    expect(order).toEqual(['kubia-1', 'kubia-0']);
    const revs = h
      .list('apps', 'controllerrevisions', 'default')
      .map((r) => r.revision)
      .sort();
    expect(revs).toEqual([1, 2]);
    const st = h.get('apps', 'statefulsets', 'default', 'kubia')?.status as any;
    expect(st.currentRevision).toBe(st.updateRevision);
    expect(st.updatedReplicas).toBe(2);
    expect(pods().every((p) => (p.spec as any).containers[0].image === 'nginx:1.27')).toBe(true);
  });

  it('whenScaled/whenDeleted: Delete hand the claims to the pod or the set, and the claims go with them', async () => {
    const set = h.create(sts(2, { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }));
    for (let i = 0; i < 4; i++) {
      await h.settle();
      h.runAll();
    }
    await h.settle();
    const claim0 = h.get('', 'persistentvolumeclaims', 'default', 'data-kubia-0') as KubeObject;
    expect(claim0.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'kubia', uid: set.metadata.uid }]);
    h.patch('apps', 'statefulsets', 'default', 'kubia', (o) => ({ ...o, spec: { ...(o.spec as object), replicas: 1 } }));
    await h.settle();
    expect(h.list('', 'persistentvolumeclaims', 'default').map((c) => c.metadata.name)).toEqual(['data-kubia-0']);
    h.delete('apps', 'statefulsets', 'default', 'kubia');
    await h.settle();
    expect(h.list('', 'persistentvolumeclaims', 'default')).toEqual([]);
    expect(pods()).toEqual([]);
  });

  it('Retain (the default) keeps the claims when the set is deleted', async () => {
    h.create(sts(1));
    await h.settle();
    h.delete('apps', 'statefulsets', 'default', 'kubia');
    await h.settle();
    expect(h.list('', 'persistentvolumeclaims', 'default').map((c) => [c.metadata.name, c.metadata.deletionTimestamp])).toEqual([['data-kubia-0', undefined]]);
  });

  it('Parallel creates every pod at once', async () => {
    h.create(sts(3, { podManagementPolicy: 'Parallel' }));
    await h.settle();
    expect(
      pods()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['kubia-0', 'kubia-1', 'kubia-2']);
  });
});

describe('DaemonSet controller', () => {
  const ds = (nodeSelector?: Record<string, string>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ssd-monitor', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'ssd-monitor' } },
      template: {
        ...podTemplate({ app: 'ssd-monitor' }),
        spec: { containers: [{ name: 'main', image: 'busybox' }], ...(nodeSelector ? { nodeSelector } : {}) },
      },
    },
  });

  it('runs one pod per matching node, pinned by node affinity, following node labels', async () => {
    for (const n of h.list('', 'nodes')) h.delete('', 'nodes', undefined, n.metadata.name);
    h.create(node('n1', { disk: 'ssd' }));
    h.create(node('n2'));
    h.create(node('n3', { disk: 'ssd' }, [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]));
    h.create(ds({ disk: 'ssd' }));
    await h.settle();
    const list = pods();
    expect(list).toHaveLength(1);
    expect((list[0].spec as any).affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] },
      },
    });
    expect((list[0].spec as any).tolerations.map((t: any) => `${t.key}:${t.effect}`)).toEqual(
      expect.arrayContaining(['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unschedulable:NoSchedule']),
    );
    expect(list[0].metadata.labels).toMatchObject({ app: 'ssd-monitor', 'pod-template-generation': '1' });
    expect(h.get('apps', 'daemonsets', 'default', 'ssd-monitor')?.status).toMatchObject({
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: 0,
      observedGeneration: 1,
      updatedNumberScheduled: 1,
      numberUnavailable: 1,
    });

    h.patch('', 'nodes', undefined, 'n2', (o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, disk: 'ssd' } } }));
    await h.settle();
    expect(pods()).toHaveLength(2);
    h.patch('', 'nodes', undefined, 'n1', (o) => ({ ...o, metadata: { ...o.metadata, labels: { 'kubernetes.io/hostname': 'n1' } } }));
    await h.settle();
    const left = pods();
    expect(left).toHaveLength(1);
    expect((left[0].spec as any).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values).toEqual([
      'n2',
    ]);
  });

  it('rolls a template change out one node at a time (maxUnavailable 1) and keeps ControllerRevisions', async () => {
    for (const n of h.list('', 'nodes')) h.delete('', 'nodes', undefined, n.metadata.name);
    h.create(node('n1'));
    h.create(node('n2'));
    h.create(ds());
    await h.settle();
    h.runAll();
    await h.settle();
    const oldHash = pods()[0].metadata.labels?.['controller-revision-hash'];
    h.patch('apps', 'daemonsets', 'default', 'ssd-monitor', (o) => {
      (o.spec as any).template.spec.containers[0].image = 'busybox:1.36';
      return o;
    });
    await h.settle();
    // One old pod at a time: after the first sync exactly one node lost its ready daemon.
    expect(pods().filter((p) => p.metadata.labels?.['controller-revision-hash'] === oldHash)).toHaveLength(1);
    for (let i = 0; i < 6; i++) {
      h.runAll();
      await h.settle();
    }
    const list = pods();
    expect(list).toHaveLength(2);
    expect(new Set(list.map((p) => p.metadata.labels?.['controller-revision-hash'])).size).toBe(1);
    expect(list[0].metadata.labels?.['controller-revision-hash']).not.toBe(oldHash);
    expect(
      h
        .list('apps', 'controllerrevisions', 'default')
        .map((r) => r.revision)
        .sort(),
    ).toEqual([1, 2]);
    expect(h.get('apps', 'daemonsets', 'default', 'ssd-monitor')?.status).toMatchObject({
      desiredNumberScheduled: 2,
      updatedNumberScheduled: 2,
      numberReady: 2,
      numberAvailable: 2,
    });
  });

  it('matches nodeSelector, required affinity expressions and taints like the scheduler predicates', () => {
    const n = node('a', { zone: 'z1' }, [{ key: 'gpu', effect: 'NoSchedule' }]);
    expect(nodeShouldRunPod({}, n)).toBe(false);
    expect(nodeShouldRunPod({ tolerations: [{ key: 'gpu', operator: 'Exists' }] }, n)).toBe(true);
    const affinity = (op: string, values: string[]) => ({
      tolerations: [{ operator: 'Exists' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: op, values }] }] },
        },
      },
    });
    expect(nodeShouldRunPod(affinity('In', ['z1']), n)).toBe(true);
    expect(nodeShouldRunPod(affinity('NotIn', ['z1']), n)).toBe(false);
    expect(nodeShouldRunPod({ nodeSelector: { zone: 'z2' }, tolerations: [{ operator: 'Exists' }] }, n)).toBe(false);
  });
});
