// The StatefulSet controller (pkg/controller/statefulset): pods `<set>-<ordinal>` with stable hostnames, created
// in order — with OrderedReady, the next only once every lower one is Running and Ready — and removed from the
// highest ordinal down; PersistentVolumeClaims `<template>-<set>-<ordinal>` from volumeClaimTemplates, created
// before their pod and kept afterwards (Retain); the controller-revision-hash label and the status counts.
import { ApiError } from '../api-error.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { claimPods, ownerKeysForPod, splitKey } from './replicaset.js';
import { currentRevisionHash, syncRevisions } from './revisions.js';
import { isDeleting, isPodReady, num, ownerReferences, podFromTemplate, rec, records, spec, status, type Rec } from './util.js';

const COMPONENT = 'statefulset-controller';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The ordinal of a pod named `<set>-<n>`, or -1 when the name does not have that form. */
export function ordinalOf(set: KubeObject, pod: KubeObject): number {
  const prefix = `${set.metadata.name}-`;
  const rest = pod.metadata.name.startsWith(prefix) ? pod.metadata.name.slice(prefix.length) : '';
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

/** The revision name (`<set>-<hash>`) of the set's current template; pods carry it in controller-revision-hash. */
export function statefulSetRevision(set: KubeObject): string {
  return `${set.metadata.name}-${currentRevisionHash(set)}`;
}

const isRunningAndReady = (pod: KubeObject) => status(pod).phase === 'Running' && isPodReady(pod);

export class StatefulSetController implements Controller {
  readonly name = 'statefulset';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group === 'apps' && e.resource === 'statefulsets') return [keyOf(e.object)];
    return ownerKeysForPod(e, 'StatefulSet', (ns) => this.#ctx.list('apps', 'statefulsets', ns));
  }

  initialKeys(): string[] {
    return this.#ctx.list('apps', 'statefulsets').map(keyOf);
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const set = this.#ctx.get('apps', 'statefulsets', namespace, name);
    if (!set || isDeleting(set)) return;
    const pods = claimPods(this.#ctx, set, spec(set).selector).filter((p) => ordinalOf(set, p) >= 0);
    const revision = syncRevisions(this.#ctx, set, new Set(pods.map((p) => p.metadata.labels?.[REVISION_LABEL] ?? '')));
    const replicas = num(spec(set).replicas, 1);
    const parallel = spec(set).podManagementPolicy === 'Parallel';
    const byOrdinal = new Map(pods.map((p) => [ordinalOf(set, p), p]));

    // Failed pods are deleted so that they can be recreated with the same identity.
    for (const p of pods) {
      if (status(p).phase === 'Failed' && !isDeleting(p)) {
        this.#deletePod(set, p);
        byOrdinal.delete(ordinalOf(set, p));
      }
    }

    let blocked = false;
    for (let ord = 0; ord < replicas && !blocked; ord++) {
      const pod = byOrdinal.get(ord);
      if (!pod) {
        if (!this.#createPod(set, ord, revision)) {
          this.#ctx.retry(this.name, key);
          return this.#updateStatus(set, revision);
        }
        this.#ctx.forget(this.name, key);
        if (!parallel) blocked = true;
        continue;
      }
      // OrderedReady: wait for this pod (terminating, or not yet Running and Ready) before the next.
      if (!parallel && (isDeleting(pod) || !isRunningAndReady(pod))) blocked = true;
    }

    // persistentVolumeClaimRetentionPolicy: claims owned by the set (whenDeleted: Delete) or by a pod that is
    // being scaled away (whenScaled: Delete), so that the garbage collector removes them with their owner.
    for (const [ord, pod] of byOrdinal) this.#syncClaimOwners(set, pod, ord < replicas);

    // Scale down: the highest ordinal first, one at a time unless Parallel, and only when the rest are healthy.
    const condemned = [...byOrdinal.entries()].filter(([ord]) => ord >= replicas).sort((a, b) => b[0] - a[0]);
    if (condemned.length) {
      const unhealthy = [...byOrdinal.entries()].some(([ord, p]) => ord < replicas && (!isRunningAndReady(p) || isDeleting(p)));
      for (const [, pod] of condemned) {
        if (isDeleting(pod)) {
          if (!parallel) break;
          continue;
        }
        if (!parallel && unhealthy) break;
        this.#deletePod(set, pod);
        if (!parallel) break;
      }
    }

    // RollingUpdate: once every pod is Running and Ready, replace the highest ordinal still on an old revision.
    const strategy = rec(spec(set).updateStrategy);
    if (!blocked && !condemned.length && strategy.type !== 'OnDelete') {
      const healthy = [...byOrdinal.values()].every((p) => isRunningAndReady(p) && !isDeleting(p));
      const partition = num(rec(strategy.rollingUpdate).partition);
      for (let ord = replicas - 1; healthy && ord >= partition; ord--) {
        const pod = byOrdinal.get(ord);
        if (!pod || pod.metadata.labels?.[REVISION_LABEL] === revision) continue;
        this.#deletePod(set, pod);
        break;
      }
    }
    this.#updateStatus(set, revision);
  }

  /** updateClaimOwnerRefForSetAndPod: owner references on a pod's claims per the retention policy. */
  #syncClaimOwners(set: KubeObject, pod: KubeObject, inRange: boolean): void {
    const policy = rec(spec(set).persistentVolumeClaimRetentionPolicy);
    const whenDeleted = policy.whenDeleted === 'Delete';
    const whenScaled = policy.whenScaled === 'Delete';
    const ref = (o: KubeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid ?? '' });
    for (const t of records(spec(set).volumeClaimTemplates)) {
      const claim = this.#ctx.get('', 'persistentvolumeclaims', set.metadata.namespace, `${String(rec(t.metadata).name ?? '')}-${pod.metadata.name}`);
      if (!claim || isDeleting(claim)) continue;
      const refs = ownerReferences(claim);
      const wantSet = whenDeleted && (inRange || !whenScaled);
      const wantPod = whenScaled && !inRange;
      let next = refs.filter((r) => (r.uid !== set.metadata.uid || wantSet) && (r.uid !== pod.metadata.uid || wantPod));
      if (wantSet && !next.some((r) => r.uid === set.metadata.uid)) next = [...next, ref(set)];
      if (wantPod && !next.some((r) => r.uid === pod.metadata.uid)) next = [...next, ref(pod)];
      if (JSON.stringify(next) === JSON.stringify(refs)) continue;
      this.#ctx.update('', 'persistentvolumeclaims', claim, { ...claim, metadata: { ...claim.metadata, ownerReferences: next.length ? next : undefined } });
    }
  }

  /** Creates the claims a pod needs, then the pod; false when the API refused. */
  #createPod(set: KubeObject, ordinal: number, revision: string): boolean {
    const podName = `${set.metadata.name}-${ordinal}`;
    const selectorLabels = rec(rec(spec(set).selector).matchLabels) as Record<string, string>;
    const volumes: Rec[] = [];
    for (const t of records(spec(set).volumeClaimTemplates)) {
      const tName = String(rec(t.metadata).name ?? '');
      const claimName = `${tName}-${podName}`;
      volumes.push({ name: tName, persistentVolumeClaim: { claimName } });
      if (this.#ctx.get('', 'persistentvolumeclaims', set.metadata.namespace, claimName)) continue;
      const labels = { ...(rec(rec(t.metadata).labels) as Record<string, string>), ...selectorLabels };
      const claim: KubeObject = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: claimName, namespace: set.metadata.namespace, ...(Object.keys(labels).length ? { labels } : {}) },
        spec: structuredClone(rec(t.spec)),
      };
      try {
        this.#ctx.create('', 'persistentvolumeclaims', claim);
        this.#ctx.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${podName} in StatefulSet ${set.metadata.name} success`, COMPONENT);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        this.#ctx.event(
          set,
          'Warning',
          'FailedCreate',
          `create Claim ${claimName} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${e.message}`,
          COMPONENT,
        );
        return false;
      }
    }
    const pod = podFromTemplate(rec(spec(set).template), set, {
      name: podName,
      labels: { [REVISION_LABEL]: revision, [POD_NAME_LABEL]: podName, [POD_INDEX_LABEL]: String(ordinal) },
    });
    const ps = rec(pod.spec);
    ps.hostname = podName;
    if (spec(set).serviceName) ps.subdomain = spec(set).serviceName;
    if (volumes.length) {
      const names = new Set(volumes.map((v) => v.name));
      ps.volumes = [...records(ps.volumes).filter((v) => !names.has(v.name)), ...volumes];
    }
    pod.spec = ps;
    try {
      this.#ctx.create('', 'pods', pod);
      this.#ctx.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${set.metadata.name} successful`, COMPONENT);
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.#ctx.event(set, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${e.message}`, COMPONENT);
      return false;
    }
  }

  #deletePod(set: KubeObject, pod: KubeObject): void {
    if (this.#ctx.delete('', 'pods', pod.metadata.namespace, pod.metadata.name, undefined, pod.metadata.uid)) {
      this.#ctx.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, COMPONENT);
    }
  }

  #updateStatus(set: KubeObject, revision: string): void {
    const current = this.#ctx.get('apps', 'statefulsets', set.metadata.namespace, set.metadata.name);
    if (!current) return;
    const pods = this.#ctx
      .list('', 'pods', current.metadata.namespace)
      .filter(
        (p) =>
          ordinalOf(current, p) >= 0 &&
          p.metadata.ownerReferences &&
          (p.metadata.ownerReferences as { uid?: string }[]).some((r) => r.uid === current.metadata.uid),
      );
    const live = pods.filter((p) => !isDeleting(p) && status(p).phase !== 'Failed' && status(p).phase !== 'Succeeded');
    const ready = live.filter(isPodReady).length;
    const minReady = num(spec(current).minReadySeconds);
    const now = this.#ctx.now().getTime();
    const available = live.filter((p) => {
      if (!isPodReady(p)) return false;
      const since = Date.parse(String(records(status(p).conditions).find((c) => c.type === 'Ready')?.lastTransitionTime ?? ''));
      return minReady <= 0 || (Number.isFinite(since) && since + minReady * 1000 <= now);
    }).length;
    const updated = live.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
    const old = status(current);
    const next: Rec = {
      observedGeneration: current.metadata.generation,
      replicas: live.length,
    };
    if (ready) next.readyReplicas = ready;
    const currentRevision = updated === live.length || !old.currentRevision ? revision : old.currentRevision;
    const currentReplicas = live.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length;
    if (currentReplicas) next.currentReplicas = currentReplicas;
    if (updated) next.updatedReplicas = updated;
    next.currentRevision = currentRevision;
    next.updateRevision = revision;
    next.collisionCount = num(old.collisionCount);
    next.availableReplicas = available;
    this.#ctx.updateStatus('apps', 'statefulsets', current, next);
  }
}
