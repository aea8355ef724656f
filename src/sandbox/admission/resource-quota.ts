// ResourceQuota: what one object uses (the evaluators of pkg/quota/v1/evaluator/core and the generic object
// count evaluator), the admission check of staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota
// (controller.go CheckRequest: "exceeded quota: …", "failed quota: …: must specify …", "status unknown for
// quota: …"), and the usage the quota controller recalculates. Creates are charged; updates are not (a pod's
// resources cannot change, and the sandbox does not resize claims). Scopes: Terminating, NotTerminating,
// BestEffort and NotBestEffort (pods only); a quota with any other scope matches nothing.
import { Quantity } from '../../kube/quantity.js';
import { rec, records, type Rec } from '../defaults/json-access.js';
import { podQosClass } from '../defaults/pod-defaults.js';
import type { KubeObject } from '../types.js';
import { podResources } from './limit-ranger.js';

export type ResourceList = Map<string, Quantity>;

const one = () => Quantity.parse('1') as Quantity;
const DEFAULT_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** count/<resource> for the core group, count/<resource>.<group> otherwise. */
export const countName = (group: string, resource: string) => (group ? `count/${resource}.${group}` : `count/${resource}`);

/** The names an object-count quota also knows by their legacy names (generic.ObjectCountQuotaResourceNameFor). */
const LEGACY_COUNT: Record<string, string> = {
  configmaps: 'configmaps',
  secrets: 'secrets',
  services: 'services',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

const POD_COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];
const POD_NAMES = new Set([
  'pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);
/** podEvaluator's validationSet: quota on these needs every container to say them (Constraints). */
const MUST_SPECIFY = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);
const storageClassSuffix = '.storageclass.storage.k8s.io/';

/** MatchingResources: whether hard resource `name` is something objects of this kind use. */
export function concerns(group: string, resource: string, name: string): boolean {
  if (name === countName(group, resource)) return true;
  if (group !== '') return false;
  if (LEGACY_COUNT[resource] === name) return true;
  if (resource === 'pods')
    return POD_NAMES.has(name) || name.startsWith('requests.hugepages-') || name.startsWith('hugepages-') || name.startsWith('limits.hugepages-');
  if (resource === 'services') return name === 'services.nodeports' || name === 'services.loadbalancers';
  if (resource === 'persistentvolumeclaims') {
    return name === 'requests.storage' || (name.includes(storageClassSuffix) && /\/(requests\.storage|persistentvolumeclaims)$/.test(name));
  }
  return false;
}

/** QuotaV1Pod: a pod in a terminal phase no longer uses compute resources (nor `pods`). */
const podIsLive = (pod: Rec) => !['Succeeded', 'Failed'].includes(String(rec(pod.status).phase ?? ''));

function add(list: ResourceList, name: string, v: Quantity): void {
  const cur = list.get(name);
  list.set(name, cur ? cur.add(v) : v);
}

/** Evaluator.Usage: what this one object counts against quota. */
export function usage(group: string, resource: string, obj: KubeObject): ResourceList {
  const o = obj as Rec;
  const out: ResourceList = new Map([[countName(group, resource), one()]]);
  if (group !== '') return out;
  const legacy = LEGACY_COUNT[resource];
  if (legacy) out.set(legacy, one());
  if (resource === 'pods' && podIsLive(o)) {
    // podComputeUsageHelper
    out.set('pods', one());
    const requests = podResources(o, 'requests');
    const limits = podResources(o, 'limits');
    for (const r of POD_COMPUTE) {
      const req = requests.get(r);
      if (req) {
        out.set(r, req);
        out.set(`requests.${r}`, req);
      }
      const lim = limits.get(r);
      if (lim) out.set(`limits.${r}`, lim);
    }
    for (const [k, v] of requests) if (k.startsWith('hugepages-')) out.set(`requests.${k}`, v).set(k, v);
  } else if (resource === 'services') {
    const spec = rec(o.spec);
    const ports = records(spec.ports).length;
    if (spec.type === 'LoadBalancer') out.set('services.loadbalancers', one());
    if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && ports) out.set('services.nodeports', Quantity.parse(String(ports)) as Quantity);
  } else if (resource === 'persistentvolumeclaims') {
    const spec = rec(o.spec);
    const storage = Quantity.parse(rec(rec(spec.resources).requests).storage);
    const cls = typeof spec.storageClassName === 'string' ? spec.storageClassName : String(rec(rec(o.metadata).annotations)[DEFAULT_CLASS_ANNOTATION] ?? '');
    if (storage) out.set('requests.storage', storage);
    if (cls) {
      out.set(`${cls}${storageClassSuffix}persistentvolumeclaims`, one());
      if (storage) out.set(`${cls}${storageClassSuffix}requests.storage`, storage);
    }
  }
  return out;
}

/** Whether a quota's scopes select this object (only pods have scopes). */
export function inScope(quota: KubeObject, group: string, resource: string, obj: KubeObject): boolean {
  const spec = rec(quota.spec);
  const scopes = [
    ...(Array.isArray(spec.scopes) ? spec.scopes.map(String) : []),
    ...records(rec(spec.scopeSelector).matchExpressions)
      .filter((e) => e.operator === 'Exists')
      .map((e) => String(e.scopeName)),
  ];
  if (!scopes.length) return true;
  if (group !== '' || resource !== 'pods') return false;
  const podSpec = rec((obj as Rec).spec);
  const terminating = typeof podSpec.activeDeadlineSeconds === 'number';
  return scopes.every((s) => {
    if (s === 'Terminating') return terminating;
    if (s === 'NotTerminating') return !terminating;
    if (s === 'BestEffort') return podQosClass(podSpec) === 'BestEffort';
    if (s === 'NotBestEffort') return podQosClass(podSpec) !== 'BestEffort';
    return false;
  });
}

const quantities = (v: unknown): ResourceList => {
  const out: ResourceList = new Map();
  for (const [k, x] of Object.entries(rec(v))) {
    const q = Quantity.parse(x);
    if (q) out.set(k, q);
  }
  return out;
};

/** prettyPrint: `name=value` sorted by name, comma separated. */
const prettyPrint = (list: ResourceList) =>
  [...list.keys()]
    .sort()
    .map((k) => `${k}=${(list.get(k) as Quantity).toString()}`)
    .join(',');

export class QuotaRefusal extends Error {}

export interface QuotaCharge {
  quota: KubeObject;
  used: Rec;
}

/**
 * CheckRequest for a create: throws QuotaRefusal with the plugin's message when `obj` does not fit a quota of
 * its namespace; otherwise returns each concerned quota's status.used with the object added, to be written back.
 */
export function checkQuota(quotas: KubeObject[], group: string, resource: string, obj: KubeObject): QuotaCharge[] {
  const interesting: { quota: KubeObject; hard: ResourceList; restricted: string[] }[] = [];
  for (const quota of quotas) {
    if (!inScope(quota, group, resource, obj)) continue;
    const hard = quantities(rec(quota.status).hard);
    const restricted = [...hard.keys()].filter((n) => concerns(group, resource, n));
    if (!restricted.length) continue;
    if (group === '' && resource === 'pods') {
      const missing = mustSpecify(obj as Rec, restricted);
      if (missing) throw new QuotaRefusal(`failed quota: ${quota.metadata.name}: ${missing}`);
    }
    const used = rec(rec(quota.status).used);
    // hasUsageStats; the message lists every resource of the quota the object concerns (prettyPrintResourceNames).
    if (restricted.some((n) => !(n in used)))
      throw new QuotaRefusal(`status unknown for quota: ${quota.metadata.name}, resources: ${[...restricted].sort().join(',')}`);
    interesting.push({ quota, hard, restricted });
  }
  if (!interesting.length) return [];
  const delta = new Map([...usage(group, resource, obj)].filter(([, v]) => !v.isZero()));
  if (!delta.size) return [];
  const charges: QuotaCharge[] = [];
  for (const { quota, hard } of interesting) {
    const used = quantities(rec(quota.status).used);
    const requested = new Map([...delta].filter(([k]) => hard.has(k)));
    const exceeded = [...requested.keys()].filter((k) => {
      const next = used.has(k) ? (used.get(k) as Quantity).add(requested.get(k) as Quantity) : (requested.get(k) as Quantity);
      return next.cmp(hard.get(k) as Quantity) > 0;
    });
    if (exceeded.length) {
      const mask = (l: ResourceList) => new Map([...l].filter(([k]) => exceeded.includes(k)));
      throw new QuotaRefusal(
        `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(mask(requested))}, used: ${prettyPrint(mask(used))}, limited: ${prettyPrint(mask(hard))}`,
      );
    }
    const next: Rec = { ...rec(rec(quota.status).used) };
    for (const [k, v] of requested) next[k] = (used.has(k) ? (used.get(k) as Quantity).add(v) : v).toString();
    charges.push({ quota, used: next });
  }
  return charges;
}

/** podEvaluator.Constraints: with cpu or memory under quota, every container must state it. */
function mustSpecify(pod: Rec, restricted: string[]): string | undefined {
  const required = restricted.filter((n) => MUST_SPECIFY.has(n));
  if (!required.length) return undefined;
  const missing = new Map<string, Set<string>>();
  const spec = rec(pod.spec);
  for (const c of [...records(spec.containers), ...records(spec.initContainers)]) {
    const res = rec(c.resources);
    const requests = rec(res.requests);
    const limits = rec(res.limits);
    const has = new Set<string>();
    for (const r of ['cpu', 'memory']) {
      if (requests[r] !== undefined) has.add(r).add(`requests.${r}`);
      if (limits[r] !== undefined) has.add(`limits.${r}`);
    }
    for (const r of required) if (!has.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r))?.add(String(c.name));
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...(missing.get(r) as Set<string>)].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

/**
 * The quota controller's CalculateUsage: status.hard copied from spec.hard, status.used the sum over the
 * namespace's objects of every resource under quota (zero where nothing uses it).
 */
export function calculateStatus(
  quota: KubeObject,
  objectsOf: (group: string, resource: string) => KubeObject[],
  kinds: { group: string; resource: string }[],
): Rec {
  const hardIn = rec(rec(quota.spec).hard);
  const hard: Rec = {};
  const used: Rec = {};
  const totals: ResourceList = new Map();
  for (const name of Object.keys(hardIn).sort()) {
    const q = Quantity.parse(hardIn[name]);
    hard[name] = q ? q.toString() : hardIn[name];
  }
  const names = Object.keys(hard);
  for (const { group, resource } of kinds) {
    if (!names.some((n) => concerns(group, resource, n))) continue;
    for (const obj of objectsOf(group, resource)) {
      if (!inScope(quota, group, resource, obj)) continue;
      for (const [k, v] of usage(group, resource, obj)) if (k in hard) add(totals, k, v);
    }
  }
  for (const name of names) used[name] = totals.get(name)?.toString() ?? '0';
  return { hard, used };
}
