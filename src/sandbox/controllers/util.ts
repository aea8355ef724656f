// Helpers the controllers share, after k8s.io/kubernetes pkg/controller (controller_utils.go, hash) and
// k8s.io/apimachinery (util/rand, util/intstr): pod readiness, ownership, label selectors, template hashing.
import { matchesLabels, type Requirement } from '../../kube/selectors.js';
import { isRec, rec, records, type Rec } from '../defaults/json-access.js';
import type { KubeObject } from '../types.js';

export { isRec, rec, records, type Rec };

export const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
export const spec = (o: KubeObject): Rec => rec(o.spec);
export const status = (o: KubeObject): Rec => rec(o.status);

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export const ownerReferences = (o: KubeObject): OwnerReference[] => (o.metadata.ownerReferences as OwnerReference[] | undefined) ?? [];

/** metav1.NewControllerRef: the reference a controller puts on what it creates. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** metav1.GetControllerOf. */
export const controllerOf = (o: KubeObject): OwnerReference | undefined => ownerReferences(o).find((r) => r.controller === true);

export const isControlledBy = (o: KubeObject, owner: KubeObject): boolean => controllerOf(o)?.uid === owner.metadata.uid;

export const isDeleting = (o: KubeObject): boolean => Boolean(o.metadata.deletionTimestamp);

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return records(status(pod).conditions).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** podutil.IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const ready = records(status(pod).conditions).find((c) => c.type === 'Ready');
  const since = Date.parse(String(ready?.lastTransitionTime ?? ''));
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** Milliseconds until a ready pod becomes available, or undefined when it is not ready or already available. */
export function availableIn(pod: KubeObject, minReadySeconds: number, now: Date): number | undefined {
  if (!isPodReady(pod) || minReadySeconds <= 0) return undefined;
  const ready = records(status(pod).conditions).find((c) => c.type === 'Ready');
  const since = Date.parse(String(ready?.lastTransitionTime ?? ''));
  if (!Number.isFinite(since)) return undefined;
  const left = since + minReadySeconds * 1000 - now.getTime();
  return left > 0 ? left : undefined;
}

/** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = status(pod).phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !isDeleting(pod);
}

/** metav1.LabelSelectorAsSelector as requirements; undefined for a nil selector (matches nothing). */
export function selectorRequirements(selector: unknown): Requirement[] | undefined {
  if (!isRec(selector)) return undefined;
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(rec(selector.matchLabels))) out.push({ key, operator: '=', values: [String(value)] } as Requirement);
  for (const e of records(selector.matchExpressions)) {
    const key = String(e.key ?? '');
    const values = (Array.isArray(e.values) ? e.values : []).map(String);
    switch (e.operator) {
      case 'In':
        out.push({ key, operator: 'in', values } as Requirement);
        break;
      case 'NotIn':
        out.push({ key, operator: 'notin', values } as Requirement);
        break;
      case 'Exists':
        out.push({ key, operator: 'exists', values: [] } as Requirement);
        break;
      case 'DoesNotExist':
        out.push({ key, operator: '!', values: [] } as Requirement);
        break;
    }
  }
  return out;
}

/** Whether `selector` (a metav1.LabelSelector) selects `labels`; an empty selector selects everything. */
export function selects(selector: unknown, labels: Record<string, string> | undefined): boolean {
  const reqs = selectorRequirements(selector);
  if (!reqs) return false;
  return matchesLabels(reqs, labels);
}

// k8s.io/apimachinery/pkg/util/rand: consonants and digits only, so no words can be spelled.
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: maps every byte of `s` onto the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += SAFE_ALPHANUMS[b % SAFE_ALPHANUMS.length];
  return out;
}

/** 32-bit FNV-1a (hash/fnv New32a). */
export function fnv32a(data: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(data, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** 32-bit FNV-1 (hash/fnv New32), which ControllerRevision names use. */
export function fnv32(data: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(data, 'utf8')) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= b;
  }
  return h >>> 0;
}

/** A stable serialisation: object keys sorted at every level (the hash input for templates). */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isRec(v)) {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * controller.ComputeHash: FNV-1a over the pod template (and the collision count when set), printed as a
 * decimal and encoded with SafeEncodeString. kube-controller-manager feeds the hash a spew dump of the Go
 * struct; this feeds it sorted-key JSON, so the value differs from a real cluster's but has the same shape
 * and the same properties (stable for one template, changed by any template edit or collision bump).
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let input = stableJson(template);
  if (collisionCount !== undefined && collisionCount !== null) input += String(collisionCount);
  return safeEncodeString(String(fnv32a(input)));
}

/** history.HashControllerRevision: FNV-1 over the revision data (and collision count), safe-encoded. */
export function revisionHash(data: unknown, collisionCount?: number): string {
  let input = stableJson(data);
  if (collisionCount) input += String(collisionCount);
  return safeEncodeString(String(fnv32(input)));
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is, or a percentage of `total` rounded up or down.
 * Undefined for a malformed value.
 */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return /^\d+$/.test(v) ? Number(v) : undefined;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** The pod a controller creates from its template (controller.GetPodFromTemplate). */
export function podFromTemplate(
  template: Rec,
  owner: KubeObject,
  extra: { name?: string; generateName?: string; labels?: Record<string, string> } = {},
): KubeObject {
  const t = structuredClone(template);
  const tm = rec(t.metadata);
  const metadata: KubeObject['metadata'] = { name: extra.name ?? '' };
  if (!extra.name) {
    delete (metadata as Rec).name;
    (metadata as Rec).generateName = extra.generateName ?? `${owner.metadata.name}-`;
  }
  metadata.namespace = owner.metadata.namespace;
  const labels = { ...(tm.labels as Record<string, string> | undefined), ...extra.labels };
  if (Object.keys(labels).length) metadata.labels = labels;
  if (isRec(tm.annotations) && Object.keys(tm.annotations).length) metadata.annotations = tm.annotations as Record<string, string>;
  if (Array.isArray(tm.finalizers) && tm.finalizers.length) (metadata as Rec).finalizers = [...tm.finalizers];
  (metadata as Rec).ownerReferences = [controllerRef(owner)];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(rec(t.spec)) };
}

/** Creation time then name: the order "oldest first" means in the controllers. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = String(a.metadata.creationTimestamp ?? '');
  const tb = String(b.metadata.creationTimestamp ?? '');
  return ta < tb ? -1 : ta > tb ? 1 : a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePods ordering for scale-down: unassigned before assigned, Pending before Unknown before
 * Running, not ready before ready, more restarts first, newer before older.
 */
export function deletionOrder(a: KubeObject, b: KubeObject): number {
  const assigned = (p: KubeObject) => (spec(p).nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: KubeObject) => PHASE_RANK[String(status(p).phase ?? 'Pending')] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: KubeObject) => (isPodReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  const restarts = (p: KubeObject) => records(status(p).containerStatuses).reduce((n, c) => Math.max(n, num(c.restartCount)), 0);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  return -byCreation(a, b);
}

/** The pod-template labels without one key (for "same template but for the hash" comparisons). */
export function withoutLabel(template: unknown, key: string): unknown {
  const t = structuredClone(rec(template));
  const m = rec(t.metadata);
  if (isRec(m.labels)) {
    delete m.labels[key];
    if (Object.keys(m.labels).length === 0) delete m.labels;
  }
  t.metadata = m;
  return t;
}
