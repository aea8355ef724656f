// The LimitRanger admission plugin (plugin/pkg/admission/limitranger/admission.go): a new pod's containers get
// the namespace's LimitRange defaults (default → limits, defaultRequest → requests) and the
// `kubernetes.io/limit-ranger` annotation saying what was set; then min, max and maxLimitRequestRatio are
// enforced per Container, per Pod and per PersistentVolumeClaim, failing with the plugin's own messages.
// LimitRange's own defaulting (SetDefaults_LimitRangeItem) is here too.
import { Quantity } from '../../kube/quantity.js';
import { isRec, rec, records, type Rec } from '../defaults/json-access.js';

/** SetDefaults_LimitRangeItem: a Container item's default falls back to max, defaultRequest to default, then min. */
export function defaultLimitRange(lr: Rec): void {
  for (const item of records(rec(lr.spec).limits)) {
    if (item.type !== 'Container') continue;
    const dflt = { ...rec(item.default) };
    const dfltRequest = { ...rec(item.defaultRequest) };
    for (const [k, v] of Object.entries(rec(item.max))) if (!(k in dflt)) dflt[k] = v;
    for (const [k, v] of Object.entries(dflt)) if (!(k in dfltRequest)) dfltRequest[k] = v;
    for (const [k, v] of Object.entries(rec(item.min))) if (!(k in dfltRequest)) dfltRequest[k] = v;
    // Empty maps are left out, as the omitempty JSON of a real server does.
    if (Object.keys(dflt).length) item.default = dflt;
    if (Object.keys(dfltRequest).length) item.defaultRequest = dfltRequest;
  }
}

const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** PodMutateLimitFunc: fills the Container defaults of every LimitRange into the pod's containers; true if it set any. */
export function applyLimitRangeDefaults(pod: Rec, limitRanges: Rec[]): boolean {
  const limits: Rec = {};
  const requests: Rec = {};
  // defaultContainerResourceRequirements: the last LimitRange (and item) to set a resource wins.
  for (const lr of limitRanges) {
    for (const item of records(rec(lr.spec).limits)) {
      if (item.type !== 'Container') continue;
      Object.assign(limits, rec(item.default));
      Object.assign(requests, rec(item.defaultRequest));
    }
  }
  if (!Object.keys(limits).length && !Object.keys(requests).length) return false;
  const spec = rec(pod.spec);
  const notes: string[] = [];
  const merge = (c: Rec, prefix: string) => {
    const resources = isRec(c.resources) ? c.resources : (c.resources = {});
    const cl = isRec(resources.limits) ? resources.limits : {};
    const cr = isRec(resources.requests) ? resources.requests : {};
    const setLimits = Object.keys(limits)
      .filter((k) => !(k in cl))
      .sort();
    const setRequests = Object.keys(requests)
      .filter((k) => !(k in cr))
      .sort();
    for (const k of setLimits) cl[k] = limits[k];
    for (const k of setRequests) cr[k] = requests[k];
    if (Object.keys(cl).length) resources.limits = cl;
    if (Object.keys(cr).length) resources.requests = cr;
    if (setRequests.length) notes.push(`${setRequests.join(', ')} request for ${prefix} ${String(c.name)}`);
    if (setLimits.length) notes.push(`${setLimits.join(', ')} limit for ${prefix} ${String(c.name)}`);
  };
  for (const c of records(spec.initContainers)) merge(c, 'init container');
  for (const c of records(spec.containers)) merge(c, 'container');
  if (!notes.length) return false;
  const meta = rec(pod.metadata);
  meta.annotations = { ...rec(meta.annotations), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  return true;
}

// ---- validation ----

const q = (v: unknown): Quantity | undefined => Quantity.parse(v);
const MAX_MILLI = 2n ** 63n / 1000n;

/** requestLimitEnforcedValues: the three values at milli precision when none would overflow, else whole units. */
function enforcedValues(req: Quantity | undefined, lim: Quantity | undefined, enforced: Quantity): [number, number, number] {
  const whole = [req?.value() ?? 0, lim?.value() ?? 0, enforced.value()];
  if (whole.every((v) => BigInt(Math.trunc(v)) <= MAX_MILLI)) return [req?.milliValue() ?? 0, lim?.milliValue() ?? 0, enforced.milliValue()];
  return whole as [number, number, number];
}

function minConstraint(type: string, name: string, enforced: Quantity, requests: Rec, limits: Rec): string | undefined {
  const req = q(requests[name]);
  const lim = q(limits[name]);
  const [r, l, e] = enforcedValues(req, lim, enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r < e) return `minimum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  if (lim && l < e) return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, requests: Rec, limits: Rec): string | undefined {
  const req = q(requests[name]);
  const lim = q(limits[name]);
  const [r, l, e] = enforcedValues(req, lim, enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (l > e) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  if (req && r > e) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

/** maxRequestConstraint: for PersistentVolumeClaims, which have requests only. */
function maxRequestConstraint(type: string, name: string, enforced: Quantity, requests: Rec): string | undefined {
  const req = q(requests[name]);
  const [r, , e] = enforcedValues(req, undefined, enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r > e) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, requests: Rec, limits: Rec): string | undefined {
  const req = q(requests[name]);
  const lim = q(limits[name]);
  const [r, l] = enforcedValues(req, lim, enforced);
  if (!req || r === 0) return `${name} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
  if (!lim || l === 0) return `${name} max limit to request ratio per ${type} is ${enforced}, but no limit is specified or limit is 0`;
  const ratio = l / r;
  if (ratio * 1000 > enforced.milliValue()) {
    // Go's %f: six decimals.
    return `${name} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${ratio.toFixed(6)}`;
  }
  return undefined;
}

function itemChecks(type: string, item: Rec, requests: Rec, limits: Rec, errs: string[]): void {
  const each = (m: unknown, f: (name: string, enforced: Quantity) => string | undefined) => {
    for (const [name, v] of Object.entries(rec(m))) {
      const enforced = q(v);
      const e = enforced && f(name, enforced);
      if (e) errs.push(e);
    }
  };
  each(item.min, (n, e) => minConstraint(type, n, e, requests, limits));
  each(item.max, (n, e) => maxConstraint(type, n, e, requests, limits));
  each(item.maxLimitRequestRatio, (n, e) => ratioConstraint(type, n, e, requests, limits));
}

/**
 * A pod's requests or limits as PodRequests/PodLimits compute them: containers summed, at least each init
 * container, plus spec.overhead unless excluded (LimitRanger excludes it; quota counts it).
 */
export function podResources(pod: Rec, kind: 'requests' | 'limits', opts: { excludeOverhead?: boolean } = {}): Map<string, Quantity> {
  const total = new Map<string, Quantity>();
  const spec = rec(pod.spec);
  for (const c of records(spec.containers)) {
    for (const [k, v] of Object.entries(rec(rec(c.resources)[kind]))) {
      const x = q(v);
      if (x) total.set(k, total.has(k) ? (total.get(k) as Quantity).add(x) : x);
    }
  }
  for (const c of records(spec.initContainers)) {
    for (const [k, v] of Object.entries(rec(rec(c.resources)[kind]))) {
      const x = q(v);
      if (x && (!total.has(k) || (total.get(k) as Quantity).cmp(x) < 0)) total.set(k, x);
    }
  }
  if (opts.excludeOverhead) return total;
  for (const [k, v] of Object.entries(rec(spec.overhead))) {
    const x = q(v);
    if (x) total.set(k, total.has(k) ? (total.get(k) as Quantity).add(x) : x);
  }
  return total;
}

const asRec = (m: Map<string, Quantity>): Rec => Object.fromEntries([...m].map(([k, v]) => [k, v.toString()]));

/** PodValidateLimitFunc and PersistentVolumeClaimValidateLimitFunc: the constraint failures, in the plugin's words. */
export function limitRangeViolations(resource: 'pods' | 'persistentvolumeclaims', obj: Rec, limitRanges: Rec[]): string[] {
  const errs: string[] = [];
  for (const lr of limitRanges) {
    for (const item of records(rec(lr.spec).limits)) {
      const type = String(item.type ?? '');
      if (resource === 'pods' && type === 'Container') {
        const spec = rec(obj.spec);
        for (const c of [...records(spec.containers), ...records(spec.initContainers)]) {
          const res = rec(c.resources);
          itemChecks(type, item, rec(res.requests), rec(res.limits), errs);
        }
      } else if (resource === 'pods' && type === 'Pod') {
        const noOverhead = { excludeOverhead: true };
        itemChecks(type, item, asRec(podResources(obj, 'requests', noOverhead)), asRec(podResources(obj, 'limits', noOverhead)), errs);
      } else if (resource === 'persistentvolumeclaims' && type === 'PersistentVolumeClaim') {
        const requests = rec(rec(rec(obj.spec).resources).requests);
        for (const [name, v] of Object.entries(rec(item.min))) {
          const enforced = q(v);
          const e = enforced && minConstraint(type, name, enforced, requests, {});
          if (e) errs.push(e);
        }
        for (const [name, v] of Object.entries(rec(item.max))) {
          const enforced = q(v);
          const e = enforced && maxRequestConstraint(type, name, enforced, requests);
          if (e) errs.push(e);
        }
      }
    }
  }
  return errs;
}

/** utilerrors.NewAggregate's Error(): repeated messages once; one message alone, several in brackets. */
export function aggregateMessage(errs: string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}
