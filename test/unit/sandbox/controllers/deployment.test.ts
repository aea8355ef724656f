import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeHash, fnv32a, safeEncodeString } from '../../../../src/sandbox/controllers/util.js';
import { newRSNewReplicas, resolveFenceposts } from '../../../../src/sandbox/controllers/deployment.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';
import { podTemplate, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => h.close());

const deployment = (replicas: number, image = 'nginx', strategy?: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', annotations: { team: 'a' } },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }, image), ...(strategy ? { strategy } : {}) },
});
const rsList = () => h.list('apps', 'replicasets', 'default');
const dep = () => h.get('apps', 'deployments', 'default', 'web') as KubeObject;
const st = () => dep().status as Record<string, any>;
const livePods = () => h.list('', 'pods', 'default').filter((p) => !p.metadata.deletionTimestamp);
const setImage = (image: string) =>
  h.patch('apps', 'deployments', 'default', 'web', (o) => {
    ((o.spec as any).template.spec.containers[0] as any).image = image;
    return o;
  });

/** Plays kubelet until the rollout converges: every pending pod becomes Running and Ready. */
async function runUntilStable(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await h.settle();
    if (h.runAll() === 0) {
      await h.settle();
      if (h.runAll() === 0) return;
    }
  }
}

describe('pod-template-hash', () => {
  it('is FNV-1a of the template, as a decimal encoded with rand.SafeEncodeString', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    // The decimal behind a real cluster's hash "5cc97bc7d5" (kubectl create deployment web --image=nginx).
    expect(safeEncodeString('1775367381')).toBe('5cc97bc7d5');
    const t = podTemplate({ app: 'web' });
    expect(computeHash(t)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(t)).toBe(computeHash(structuredClone(t)));
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
    expect(computeHash(podTemplate({ app: 'web' }, 'nginx:1.27'))).not.toBe(computeHash(t));
  });

  it('resolves maxSurge up and maxUnavailable down, 25% by default', () => {
    expect(resolveFenceposts(deployment(10))).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(resolveFenceposts(deployment(1))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts(deployment(3, 'x', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }))).toEqual({
      maxSurge: 0,
      maxUnavailable: 1,
    });
    const d = deployment(4);
    expect(newRSNewReplicas(d, [{ spec: { replicas: 4 } } as unknown as KubeObject], 0)).toBe(1);
  });
});

describe('Deployment controller', () => {
  it('creates <name>-<hash> ReplicaSet with the hash label, selector and revision annotations', async () => {
    const d = h.create(deployment(3));
    await h.settle();
    const [rs] = rsList();
    const hash = computeHash((dep().spec as any).template);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
      team: 'a',
    });
    // Go writes map keys sorted.
    expect(Object.keys(rs.metadata.annotations ?? {})).toEqual([
      'deployment.kubernetes.io/desired-replicas',
      'deployment.kubernetes.io/max-replicas',
      'deployment.kubernetes.io/revision',
      'team',
    ]);
    expect(rs.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect((rs.spec as any).selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect((rs.spec as any).template.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect((rs.spec as any).replicas).toBe(3);
    expect(dep().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(livePods()).toHaveLength(3);
    const scaling = h.events().filter((e) => e.reason === 'ScalingReplicaSet');
    expect(scaling.map((e) => e.message)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    expect(scaling[0].source).toEqual({ component: 'deployment-controller' });
    // Nothing is ready yet: unavailable, progressing.
    expect(st().replicas).toBe(3);
    expect(st().updatedReplicas).toBe(3);
    expect(st().unavailableReplicas).toBe(3);
    expect(st().conditions.map((c: any) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'False', 'MinimumReplicasUnavailable'],
      ['Progressing', 'True', 'ReplicaSetUpdated'],
    ]);
  });

  it('reaches Available/NewReplicaSetAvailable with the real messages once pods are ready', async () => {
    h.create(deployment(2));
    await runUntilStable();
    const s = st();
    const rsName = rsList()[0].metadata.name;
    expect(s).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(s.unavailableReplicas).toBeUndefined();
    const byType = Object.fromEntries(s.conditions.map((c: any) => [c.type, c]));
    expect(byType.Available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(byType.Progressing).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
    });
    expect(Object.keys(byType.Progressing)).toEqual(['type', 'status', 'lastUpdateTime', 'lastTransitionTime', 'reason', 'message']);
    const mf = (dep().metadata.managedFields as { manager: string; subresource?: string }[]).filter((m) => m.manager === 'kube-controller-manager');
    expect(mf.map((m) => m.subresource ?? '').sort()).toEqual(['', 'status']);
  });

  it('rolls out a template change never exceeding maxSurge nor dropping below maxUnavailable', async () => {
    h.create(deployment(4));
    await runUntilStable();
    const oldRS = rsList()[0].metadata.name;
    setImage('nginx:1.27');
    let maxTotal = 0;
    let minAvailable = Infinity;
    for (let i = 0; i < 40; i++) {
      await h.settle();
      const pods = livePods();
      maxTotal = Math.max(maxTotal, pods.length);
      minAvailable = Math.min(minAvailable, pods.filter((p) => (p.status as any).phase === 'Running').length);
      // The kubelet starts one pending pod per round, so the rollout advances one step at a time.
      const pending = pods.find((p) => (p.status as any).phase === 'Pending');
      if (!pending) break;
      h.setPod(pending, 'Running', true);
    }
    await h.settle();
    expect(maxTotal).toBe(5); // 4 + 25% surge
    expect(minAvailable).toBeGreaterThanOrEqual(3); // 4 - 25% unavailable
    const list = rsList();
    expect(list).toHaveLength(2);
    const newRS = list.find((r) => r.metadata.name !== oldRS) as KubeObject;
    expect((newRS.spec as any).replicas).toBe(4);
    expect(newRS.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect((list.find((r) => r.metadata.name === oldRS)?.spec as any).replicas).toBe(0);
    expect(dep().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(st()).toMatchObject({ observedGeneration: 2, replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
    const msgs = h
      .events()
      .filter((e) => e.reason === 'ScalingReplicaSet')
      .map((e) => e.message);
    expect(msgs).toContain(`Scaled up replica set ${newRS.metadata.name} from 0 to 1`);
    expect(msgs).toContain(`Scaled down replica set ${oldRS} from 4 to 3`);
    expect(msgs).toContain(`Scaled down replica set ${oldRS} from 1 to 0`);
  });

  it('Recreate scales the old ReplicaSet to zero before the new one gets pods', async () => {
    h.create(deployment(2, 'nginx', { type: 'Recreate' }));
    await runUntilStable();
    setImage('nginx:1.27');
    await h.settle();
    // The old pods are deleted first (no kubelet grace here), then the new ReplicaSet starts all at once.
    const list = rsList();
    expect(list).toHaveLength(2);
    const byRev = Object.fromEntries(list.map((r) => [r.metadata.annotations?.['deployment.kubernetes.io/revision'], (r.spec as any).replicas]));
    expect(byRev).toEqual({ '1': 0, '2': 2 });
    expect(
      livePods().every(
        (p) =>
          p.metadata.labels?.['pod-template-hash'] ===
          list.find((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2')?.metadata.labels?.['pod-template-hash'],
      ),
    ).toBe(true);
  });

  it('scales the ReplicaSet with kubectl scale semantics and reports it', async () => {
    h.create(deployment(2));
    await runUntilStable();
    h.patch('apps', 'deployments', 'default', 'web', (o) => ({ ...o, spec: { ...(o.spec as object), replicas: 5 } }));
    await runUntilStable();
    const [rs] = rsList();
    expect((rs.spec as any).replicas).toBe(5);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('5');
    expect(st()).toMatchObject({ replicas: 5, availableReplicas: 5, updatedReplicas: 5 });
    expect(h.events().some((e) => e.message === `Scaled up replica set ${rs.metadata.name} from 2 to 5`)).toBe(true);
  });

  it('scaling in the middle of a rollout spreads the change proportionally and still converges', async () => {
    h.create(deployment(4));
    await runUntilStable();
    setImage('nginx:1.27');
    await h.settle();
    // Mid-rollout: old 3 (of max 5), new 2 with no pod ready yet.
    const before = Object.fromEntries(rsList().map((r) => [r.metadata.annotations?.['deployment.kubernetes.io/revision'], (r.spec as any).replicas]));
    expect(before).toEqual({ '1': 3, '2': 2 });
    h.patch('apps', 'deployments', 'default', 'web', (o) => ({ ...o, spec: { ...(o.spec as object), replicas: 8 } }));
    await h.settle();
    // allowed 8 + 2 surge = 10: +5 spread 3:2 over the 5 existing replicas.
    const mid = Object.fromEntries(rsList().map((r) => [r.metadata.annotations?.['deployment.kubernetes.io/revision'], (r.spec as any).replicas]));
    expect(mid).toEqual({ '1': 6, '2': 4 });
    expect(rsList().every((r) => r.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] === '8')).toBe(true);
    await runUntilStable();
    const after = Object.fromEntries(rsList().map((r) => [r.metadata.annotations?.['deployment.kubernetes.io/revision'], (r.spec as any).replicas]));
    expect(after).toEqual({ '1': 0, '2': 8 });
    expect(st()).toMatchObject({ replicas: 8, updatedReplicas: 8, availableReplicas: 8 });
  });

  it('rolling back to an earlier template reuses its ReplicaSet with a new revision', async () => {
    h.create(deployment(1));
    await runUntilStable();
    const first = rsList()[0].metadata.name;
    setImage('nginx:1.27');
    await runUntilStable();
    setImage('nginx');
    await runUntilStable();
    expect(rsList()).toHaveLength(2);
    const back = h.get('apps', 'replicasets', 'default', first) as KubeObject;
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect((back.spec as any).replicas).toBe(1);
  });

  it('marks Progressing False with ProgressDeadlineExceeded when pods never become available', async () => {
    const d = deployment(1);
    (d.spec as any).progressDeadlineSeconds = 1;
    h.create(d);
    await h.settle();
    const rsName = rsList()[0].metadata.name;
    const progressing = () => st().conditions.find((c: any) => c.type === 'Progressing');
    expect(progressing()).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    await h.advance(2_000);
    expect(progressing()).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` });
    // Progress afterwards clears it.
    h.runAll();
    await h.settle();
    expect(st().conditions.find((c: any) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });

  it('a paused deployment keeps its ReplicaSet and says so; resuming rolls out the template', async () => {
    h.create(deployment(1));
    await runUntilStable();
    h.patch('apps', 'deployments', 'default', 'web', (o) => ({ ...o, spec: { ...(o.spec as object), paused: true } }));
    await h.settle();
    expect(st().conditions.find((c: any) => c.type === 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    setImage('nginx:1.27');
    await runUntilStable();
    expect(rsList()).toHaveLength(1);
    h.patch('apps', 'deployments', 'default', 'web', (o) => ({ ...o, spec: { ...(o.spec as object), paused: false } }));
    await runUntilStable();
    expect(rsList()).toHaveLength(2);
    expect(st().conditions.find((c: any) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', async () => {
    const d = deployment(1);
    (d.spec as any).revisionHistoryLimit = 1;
    h.create(d);
    await runUntilStable();
    for (const tag of ['1', '2', '3']) {
      setImage(`nginx:${tag}`);
      await runUntilStable();
    }
    const revs = rsList()
      .map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'])
      .sort();
    expect(revs).toEqual(['3', '4']);
    expect(h.errors).toEqual([]);
  });
});
