// The DaemonSet controller (pkg/controller/daemon): one pod per node the set should run on (nodeSelector,
// required node affinity, taints it does not tolerate), pinned to its node with node affinity on
// metadata.name as the real controller does (the scheduler then binds it), the daemon tolerations added,
// pods on nodes that no longer qualify removed, template changes rolled out one node at a time, and status.
import { ApiError } from '../api-error.js';
import { TEMPLATE_GENERATION_ANNOTATION } from '../defaults/defaults.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { claimPods, ownerKeysForPod, splitKey } from './replicaset.js';
import { syncRevisions } from './revisions.js';
import { isDeleting, isPodAvailable, isPodReady, num, podFromTemplate, rec, records, scaledValue, spec, status, type Rec } from './util.js';

const COMPONENT = 'daemonset-controller';
const REVISION_LABEL = 'controller-revision-hash';
const GENERATION_LABEL = 'pod-template-generation';

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** util.AddOrUpdateDaemonPodTolerations: daemons survive the node conditions that evict or repel other pods. */
const DAEMON_TOLERATIONS: Rec[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function requirementMatches(req: Rec, value: string | undefined): boolean {
  const values = (Array.isArray(req.values) ? req.values : []).map(String);
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1) return false;
      return req.operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

/** Whether a pod spec may run on `node`: nodeSelector, required node affinity, and NoSchedule/NoExecute taints. */
export function nodeShouldRunPod(podSpec: Rec, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(rec(podSpec.nodeSelector))) if (labels[k] !== String(v)) return false;
  const required = rec(rec(rec(podSpec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  const terms = records(required.nodeSelectorTerms);
  if (terms.length) {
    const fields: Record<string, string> = { 'metadata.name': node.metadata.name };
    const ok = terms.some((t) => {
      const exprs = records(t.matchExpressions);
      const flds = records(t.matchFields);
      if (!exprs.length && !flds.length) return false;
      return exprs.every((r) => requirementMatches(r, labels[String(r.key)])) && flds.every((r) => requirementMatches(r, fields[String(r.key)]));
    });
    if (!ok) return false;
  }
  const tolerations = [...records(podSpec.tolerations), ...DAEMON_TOLERATIONS];
  for (const taint of records(rec(node.spec).taints)) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    const tolerated = tolerations.some((t) => {
      if (t.effect && t.effect !== taint.effect) return false;
      if (t.operator === 'Exists') return !t.key || t.key === taint.key;
      return t.key === taint.key && String(t.value ?? '') === String(taint.value ?? '');
    });
    if (!tolerated) return false;
  }
  return true;
}

/** util.GetTargetNodeName: spec.nodeName, else the node the metadata.name affinity pins the pod to. */
export function targetNodeName(pod: KubeObject): string | undefined {
  const ps = spec(pod);
  if (ps.nodeName) return String(ps.nodeName);
  for (const t of records(rec(rec(rec(ps.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution).nodeSelectorTerms)) {
    for (const f of records(t.matchFields)) {
      if (f.key === 'metadata.name' && f.operator === 'In' && Array.isArray(f.values) && f.values.length === 1) return String(f.values[0]);
    }
  }
  return undefined;
}

export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group === 'apps' && e.resource === 'daemonsets') return [keyOf(e.object)];
    if (e.group === '' && e.resource === 'nodes') return this.#ctx.list('apps', 'daemonsets').map(keyOf);
    return ownerKeysForPod(e, 'DaemonSet', (ns) => this.#ctx.list('apps', 'daemonsets', ns));
  }

  initialKeys(): string[] {
    return this.#ctx.list('apps', 'daemonsets').map(keyOf);
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const ds = this.#ctx.get('apps', 'daemonsets', namespace, name);
    if (!ds || isDeleting(ds)) return;
    const template = rec(spec(ds).template);
    const nodes = this.#ctx.list('', 'nodes');
    const pods = claimPods(this.#ctx, ds, spec(ds).selector);
    const inUse = new Set(pods.map((p) => `${ds.metadata.name}-${p.metadata.labels?.[REVISION_LABEL] ?? ''}`));
    const hash = syncRevisions(this.#ctx, ds, inUse).slice(ds.metadata.name.length + 1);
    const byNode = new Map<string, KubeObject[]>();
    for (const p of pods) {
      const n = targetNodeName(p) ?? '';
      byNode.set(n, [...(byNode.get(n) ?? []), p]);
    }
    const wanted = new Set(nodes.filter((n) => nodeShouldRunPod(rec(template.spec), n)).map((n) => n.metadata.name));

    for (const node of nodes) {
      const nodeName = node.metadata.name;
      const here = (byNode.get(nodeName) ?? []).filter((p) => !isDeleting(p));
      if (wanted.has(nodeName)) {
        // A failed daemon pod is replaced; extra pods on one node are trimmed to the oldest.
        const failed = here.filter((p) => status(p).phase === 'Failed');
        for (const p of failed) this.#deletePod(ds, p);
        const healthy = here.filter((p) => status(p).phase !== 'Failed');
        if (healthy.length === 0 && !this.#createPod(ds, template, nodeName, hash)) this.#ctx.retry(this.name, key);
        else for (const p of healthy.slice(1)) this.#deletePod(ds, p);
      } else {
        for (const p of here) this.#deletePod(ds, p);
      }
    }
    // Pods pinned to nodes that no longer exist go too.
    for (const [nodeName, list] of byNode) {
      if (nodeName && !nodes.some((n) => n.metadata.name === nodeName)) for (const p of list) if (!isDeleting(p)) this.#deletePod(ds, p);
    }
    this.#rollingUpdate(ds, hash, wanted.size);
    this.#updateStatus(ds, hash, wanted);
  }

  /** RollingUpdate: replaces old-revision pods while no more than maxUnavailable daemons are unavailable. */
  #rollingUpdate(ds: KubeObject, hash: string, desired: number): void {
    const strategy = rec(spec(ds).updateStrategy);
    if (strategy.type === 'OnDelete') return;
    const maxUnavailable = Math.max(1, scaledValue(rec(strategy.rollingUpdate).maxUnavailable ?? 1, desired, true) ?? 1);
    const pods = this.#ctx
      .list('', 'pods', ds.metadata.namespace)
      .filter((p) => (p.metadata.ownerReferences as { uid?: string }[] | undefined)?.some((r) => r.uid === ds.metadata.uid));
    const unavailable = pods.filter((p) => isDeleting(p) || !isPodReady(p)).length;
    let budget = maxUnavailable - unavailable;
    // Old pods that are not even ready cost nothing to replace.
    for (const p of pods) {
      if (isDeleting(p) || p.metadata.labels?.[REVISION_LABEL] === hash) continue;
      if (!isPodReady(p)) this.#deletePod(ds, p);
    }
    for (const p of pods) {
      if (budget <= 0) break;
      if (isDeleting(p) || p.metadata.labels?.[REVISION_LABEL] === hash || !isPodReady(p)) continue;
      this.#deletePod(ds, p);
      budget--;
    }
  }

  /** Creates the daemon pod for one node; false when the API refused it. */
  #createPod(ds: KubeObject, template: Rec, nodeName: string, hash: string): boolean {
    // pod-template-generation is the template generation the apiserver keeps in an annotation (bumped by
    // template edits only); util.GetTemplateGeneration: no annotation, no label.
    const templateGeneration = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
    const labels: Record<string, string> = { [REVISION_LABEL]: hash };
    if (templateGeneration !== undefined) labels[GENERATION_LABEL] = templateGeneration;
    const pod = podFromTemplate(template, ds, { labels });
    const ps = rec(pod.spec);
    const affinity = rec(ps.affinity);
    const nodeAffinity = rec(affinity.nodeAffinity);
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
    };
    affinity.nodeAffinity = nodeAffinity;
    ps.affinity = affinity;
    const tolerations = records(ps.tolerations);
    for (const t of DAEMON_TOLERATIONS) {
      if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push({ ...t });
    }
    ps.tolerations = tolerations;
    pod.spec = ps;
    try {
      const created = this.#ctx.create('', 'pods', pod);
      this.#ctx.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.#ctx.event(ds, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, COMPONENT);
      return false;
    }
  }

  #deletePod(ds: KubeObject, pod: KubeObject): void {
    if (this.#ctx.delete('', 'pods', pod.metadata.namespace, pod.metadata.name, undefined, pod.metadata.uid)) {
      this.#ctx.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
    }
  }

  #updateStatus(ds: KubeObject, hash: string, wanted: Set<string>): void {
    const current = this.#ctx.get('apps', 'daemonsets', ds.metadata.namespace, ds.metadata.name);
    if (!current) return;
    const pods = this.#ctx
      .list('', 'pods', current.metadata.namespace)
      .filter(
        (p) =>
          (p.metadata.ownerReferences as { uid?: string; controller?: boolean }[] | undefined)?.some((r) => r.uid === current.metadata.uid && r.controller) &&
          !isDeleting(p),
      );
    const now = this.#ctx.now();
    const minReady = num(spec(current).minReadySeconds);
    let scheduled = 0;
    let misscheduled = 0;
    let ready = 0;
    let updated = 0;
    let available = 0;
    const seen = new Set<string>();
    for (const p of pods) {
      const node = targetNodeName(p) ?? '';
      if (!wanted.has(node)) {
        if (spec(p).nodeName) misscheduled++;
        continue;
      }
      if (seen.has(node)) continue;
      seen.add(node);
      scheduled++;
      if (isPodReady(p)) ready++;
      if (p.metadata.labels?.[REVISION_LABEL] === hash) updated++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
    const next: Rec = {
      currentNumberScheduled: scheduled,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: wanted.size,
      numberReady: ready,
      observedGeneration: current.metadata.generation,
    };
    if (updated) next.updatedNumberScheduled = updated;
    if (available) next.numberAvailable = available;
    if (wanted.size - available > 0) next.numberUnavailable = wanted.size - available;
    const old = status(current);
    if (old.collisionCount !== undefined) next.collisionCount = old.collisionCount;
    this.#ctx.updateStatus('apps', 'daemonsets', current, next);
  }
}
