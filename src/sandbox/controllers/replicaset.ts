// The ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas pods `<rs>-<5 random>` that the
// ReplicaSet controls, adopting matching orphans and releasing pods that stopped matching, deletes the least
// valuable pods first on scale-down, and reports replicas / fullyLabeledReplicas / readyReplicas /
// availableReplicas / observedGeneration.
import { ApiError } from '../api-error.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import {
  availableIn,
  controllerOf,
  controllerRef,
  deletionOrder,
  isControlledBy,
  isDeleting,
  isPodActive,
  isPodAvailable,
  isPodReady,
  num,
  ownerReferences,
  podFromTemplate,
  rec,
  records,
  selects,
  spec,
  status,
  type Rec,
} from './util.js';

/** What differs between the ReplicaSet and ReplicationController controllers (one controller in kube-controller-manager too). */
export interface ReplicaKind {
  name: string;
  group: string;
  resource: string;
  kind: string;
  component: string;
  /** spec.selector as a LabelSelector (an RC's is a plain label map). */
  selector(o: KubeObject): unknown;
}

const REPLICA_SET: ReplicaKind = {
  name: 'replicaset',
  group: 'apps',
  resource: 'replicasets',
  kind: 'ReplicaSet',
  component: 'replicaset-controller',
  selector: (o) => spec(o).selector,
};

/** pkg/controller/replication: the ReplicaSet controller run over ReplicationControllers, whose selector is a label map. */
export const REPLICATION_CONTROLLER: ReplicaKind = {
  name: 'replicationcontroller',
  group: '',
  resource: 'replicationcontrollers',
  kind: 'ReplicationController',
  component: 'replication-controller',
  selector: (o) => ({ matchLabels: rec(spec(o).selector) }),
};
/** controller.BurstReplicas: at most this many pods created or deleted per sync. */
const BURST_REPLICAS = 500;

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Keys of the owners of kind `kind` that a pod change concerns: its controller, and for orphans every selecting owner. */
export function ownerKeysForPod(
  e: StoreEvent,
  kind: string,
  owners: (namespace: string) => KubeObject[],
  selectorOf: (o: KubeObject) => unknown = (o) => spec(o).selector,
): string[] {
  if (e.group !== '' || e.resource !== 'pods') return [];
  const keys = new Set<string>();
  for (const pod of [e.object, e.previous]) {
    if (!pod) continue;
    const ref = controllerOf(pod);
    if (ref) {
      if (ref.kind === kind) keys.add(`${pod.metadata.namespace ?? ''}/${ref.name}`);
      continue;
    }
    if (e.type === 'DELETED') continue;
    for (const o of owners(pod.metadata.namespace ?? '')) if (selects(selectorOf(o), pod.metadata.labels)) keys.add(keyOf(o));
  }
  return [...keys];
}

export class ReplicaSetController implements Controller {
  readonly name: string;
  readonly #ctx: ControllerContext;
  readonly #k: ReplicaKind;

  constructor(ctx: ControllerContext, kind: ReplicaKind = REPLICA_SET) {
    this.#ctx = ctx;
    this.#k = kind;
    this.name = kind.name;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group === this.#k.group && e.resource === this.#k.resource) return [keyOf(e.object)];
    return ownerKeysForPod(e, this.#k.kind, (ns) => this.#ctx.list(this.#k.group, this.#k.resource, ns), this.#k.selector);
  }

  initialKeys(): string[] {
    return this.#ctx.list(this.#k.group, this.#k.resource).map(keyOf);
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const rs = this.#ctx.get(this.#k.group, this.#k.resource, namespace, name);
    if (!rs || isDeleting(rs)) return;
    const pods = claimPods(this.#ctx, rs, this.#k.selector(rs));
    const active = pods.filter(isPodActive);
    const failure = this.#manageReplicas(rs, active);
    this.#updateStatus(rs, failure);
    if (failure) this.#ctx.retry(this.name, key);
    else this.#ctx.forget(this.name, key);
  }

  /** Creates or deletes pods until the active ones match spec.replicas; returns a create error, if any. */
  #manageReplicas(rs: KubeObject, active: KubeObject[]): string | undefined {
    const want = num(spec(rs).replicas, 1);
    const diff = active.length - want;
    if (diff < 0) {
      const template = rec(spec(rs).template);
      for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) {
        try {
          const pod = this.#ctx.create('', 'pods', podFromTemplate(template, rs));
          this.#ctx.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, this.#k.component);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          this.#ctx.event(rs, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, this.#k.component);
          return e.message;
        }
      }
    } else if (diff > 0) {
      const victims = [...active].sort(deletionOrder).slice(0, Math.min(diff, BURST_REPLICAS));
      for (const pod of victims) {
        if (this.#ctx.delete('', 'pods', pod.metadata.namespace, pod.metadata.name, undefined, pod.metadata.uid)) {
          this.#ctx.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, this.#k.component);
        }
      }
    }
    return undefined;
  }

  #updateStatus(rs: KubeObject, failure: string | undefined): void {
    const current = this.#ctx.get(this.#k.group, this.#k.resource, rs.metadata.namespace, rs.metadata.name);
    if (!current) return;
    const now = this.#ctx.now();
    const minReady = num(spec(current).minReadySeconds);
    const templateLabels = rec(rec(rec(spec(current).template).metadata).labels) as Record<string, string>;
    const active = this.#ctx.list('', 'pods', current.metadata.namespace).filter((p) => isControlledBy(p, current) && isPodActive(p));
    const next: Rec = { replicas: active.length };
    const fully = active.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length;
    const ready = active.filter(isPodReady).length;
    const available = active.filter((p) => isPodAvailable(p, minReady, now)).length;
    if (fully) next.fullyLabeledReplicas = fully;
    if (ready) next.readyReplicas = ready;
    if (available) next.availableReplicas = available;
    next.observedGeneration = current.metadata.generation;
    const conditions = records(status(current).conditions).filter((c) => c.type !== 'ReplicaFailure');
    if (failure) {
      const old = records(status(current).conditions).find((c) => c.type === 'ReplicaFailure');
      conditions.push({
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: old?.lastTransitionTime ?? rfc(now),
        reason: 'FailedCreate',
        message: failure,
      });
    }
    if (conditions.length) next.conditions = conditions;
    this.#ctx.updateStatus(this.#k.group, this.#k.resource, current, next);
    // A ready pod turns available after minReadySeconds with no event to say so: look again then.
    const waits = active.map((p) => availableIn(p, minReady, now)).filter((n): n is number => n !== undefined);
    if (waits.length) this.#ctx.enqueue(this.name, keyOf(current), Math.min(...waits) + 5);
  }
}

const rfc = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * ControllerRefManager.ClaimPods: the pods `owner` controls, after adopting orphans its selector matches and
 * releasing controlled pods it no longer matches.
 */
export function claimPods(ctx: ControllerContext, owner: KubeObject, selector: unknown, filter: (p: KubeObject) => boolean = () => true): KubeObject[] {
  const out: KubeObject[] = [];
  for (const pod of ctx.list('', 'pods', owner.metadata.namespace)) {
    if (!filter(pod)) continue;
    const ref = controllerOf(pod);
    const matches = selects(selector, pod.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches || isDeleting(pod)) {
        out.push(pod);
        continue;
      }
      const refs = ownerReferences(pod).filter((r) => r.uid !== owner.metadata.uid);
      ctx.update('', 'pods', pod, { ...pod, metadata: { ...pod.metadata, ownerReferences: refs.length ? refs : undefined } });
      continue;
    }
    if (!matches || isDeleting(pod) || !isPodActive(pod)) continue;
    const adopted = ctx.update('', 'pods', pod, { ...pod, metadata: { ...pod.metadata, ownerReferences: [...ownerReferences(pod), controllerRef(owner)] } });
    out.push(adopted);
  }
  return out;
}
