// default-scheduler for the sandbox: binds pending pods to a node that passes kube-scheduler's filters
// (NodeUnschedulable, TaintToleration, NodeAffinity incl. nodeSelector, NodeResourcesFit), or records
// PodScheduled=False/Unschedulable and a FailedScheduling event with the scheduler's message.
import type { ApiServer } from '../api-server.js';
import { realClock, type Clock } from '../clock.js';
import { rec, records as recs, str, type Rec } from '../defaults/json-access.js';
import { parseQuantity } from '../defaults/quantity.js';
import { canonicalOrder, rfc3339 } from '../object-meta.js';
import type { KubeObject } from '../types.js';
import type { EventRecorder } from './events.js';

const PODS = { group: '', resource: 'pods' };
const NODES = { group: '', resource: 'nodes' };

/** Why a node does not fit, and whether evicting other pods could help (for the preemption part). */
interface Failure {
  reasons: string[];
  resolvable: boolean;
}

/** The resources a pod asks for: the larger of its containers' sum and any init container (plus overhead). */
export function podRequests(pod: KubeObject): Map<string, number> {
  const spec = rec(pod.spec);
  const total = new Map<string, number>();
  for (const c of recs(spec.containers)) {
    for (const [k, v] of Object.entries(rec(rec(c.resources).requests))) total.set(k, (total.get(k) ?? 0) + (parseQuantity(v) ?? 0));
  }
  for (const c of recs(spec.initContainers)) {
    for (const [k, v] of Object.entries(rec(rec(c.resources).requests))) total.set(k, Math.max(total.get(k) ?? 0, parseQuantity(v) ?? 0));
  }
  for (const [k, v] of Object.entries(rec(spec.overhead))) total.set(k, (total.get(k) ?? 0) + (parseQuantity(v) ?? 0));
  return total;
}

const terminal = (pod: KubeObject) => ['Succeeded', 'Failed'].includes(str(rec(pod.status).phase));

function tolerates(tolerations: Rec[], taint: Rec): boolean {
  return tolerations.some((t) => {
    if (str(t.effect) && str(t.effect) !== str(taint.effect)) return false;
    if (str(t.operator) === 'Exists') return !str(t.key) || str(t.key) === str(taint.key);
    return str(t.key) === str(taint.key) && str(t.value) === str(taint.value);
  });
}

function matchExpression(value: string | undefined, e: Rec): boolean {
  const values = (Array.isArray(e.values) ? e.values : []).map(String);
  switch (str(e.operator)) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** nodeSelector and required node affinity (terms ORed, expressions ANDed). */
export function matchesNodeAffinity(pod: KubeObject, node: KubeObject): boolean {
  const spec = rec(pod.spec);
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(rec(spec.nodeSelector))) if (labels[k] !== v) return false;
  const required = rec(rec(rec(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  const terms = recs(required.nodeSelectorTerms);
  if (!required.nodeSelectorTerms) return true;
  return terms.some(
    (term) =>
      (recs(term.matchExpressions).length > 0 || recs(term.matchFields).length > 0) &&
      recs(term.matchExpressions).every((e) => matchExpression(labels[str(e.key)], e)) &&
      recs(term.matchFields).every((e) => matchExpression(str(e.key) === 'metadata.name' ? node.metadata.name : undefined, e)),
  );
}

/** What the pods bound to a node take from it (the scheduler cache's NodeInfo): how many are active, their requests. */
export interface NodeUsage {
  active: number;
  used: Map<string, number>;
}

function addPod(usage: NodeUsage, pod: KubeObject): void {
  usage.active++;
  for (const [k, v] of podRequests(pod)) usage.used.set(k, (usage.used.get(k) ?? 0) + v);
}

export function nodeUsage(podsOnNode: KubeObject[]): NodeUsage {
  const usage: NodeUsage = { active: 0, used: new Map() };
  for (const p of podsOnNode) if (!terminal(p)) addPod(usage, p);
  return usage;
}

/** The scheduler's filters for one node (given its pods, or their usage): undefined when the pod fits. */
export function filterNode(pod: KubeObject, node: KubeObject, onNode: KubeObject[] | NodeUsage): Failure | undefined {
  const spec = rec(pod.spec);
  const nodeSpec = rec(node.spec);
  const tolerations = recs(spec.tolerations);
  if (nodeSpec.unschedulable === true && !tolerates(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return { reasons: ['node(s) were unschedulable'], resolvable: false };
  }
  for (const taint of recs(nodeSpec.taints)) {
    if (!['NoSchedule', 'NoExecute'].includes(str(taint.effect))) continue;
    if (!tolerates(tolerations, taint)) return { reasons: [`node(s) had untolerated taint {${str(taint.key)}: ${str(taint.value)}}`], resolvable: false };
  }
  if (!matchesNodeAffinity(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false };
  const allocatable = rec(rec(node.status).allocatable);
  const { active, used } = Array.isArray(onNode) ? nodeUsage(onNode) : onNode;
  const reasons: string[] = [];
  const maxPods = parseQuantity(allocatable.pods);
  if (maxPods !== undefined && active + 1 > maxPods) reasons.push('Too many pods');
  const wanted = podRequests(pod);
  for (const name of [
    'cpu',
    'memory',
    'ephemeral-storage',
    ...[...wanted.keys()].filter((k) => !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(k)).sort(),
  ]) {
    const want = wanted.get(name) ?? 0;
    if (want <= 0) continue;
    const cap = parseQuantity(allocatable[name]) ?? 0;
    if (want > cap - (used.get(name) ?? 0) + 1e-9) reasons.push(`Insufficient ${name}`);
  }
  return reasons.length ? { reasons, resolvable: true } : undefined;
}

/** "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match …. preemption: 0/2 nodes are available: …." */
export function unschedulableMessage(failures: Failure[], total: number): string {
  const count = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m]
      .map(([k, n]) => `${n} ${k}`)
      .sort()
      .join(', ');
  };
  if (total === 0) return 'no nodes available to schedule pods';
  const main = count(failures.flatMap((f) => f.reasons));
  const preemption = count(failures.map((f) => (f.resolvable ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling')));
  return `0/${total} nodes are available: ${main}. preemption: 0/${total} nodes are available: ${preemption}.`;
}

export class Scheduler {
  readonly #api: ApiServer;
  readonly #events: EventRecorder;
  readonly #now: () => Date;
  readonly #instance: string;
  readonly #clock: Clock;
  readonly #lastMessage = new Map<string, string>();
  #queued = false;
  #closed = false;
  readonly #unsubscribe: () => void;

  constructor(api: ApiServer, events: EventRecorder, now: () => Date, instance: string, clock: Clock = realClock) {
    this.#api = api;
    this.#clock = clock;
    this.#events = events;
    this.#now = now;
    this.#instance = instance;
    this.#unsubscribe = api.store.subscribe((e) => {
      if (e.group !== '') return;
      if (e.resource === 'pods' || e.resource === 'nodes' || e.resource === 'persistentvolumeclaims') this.kick();
    });
    this.kick();
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe();
  }

  /** Schedules every pending pod soon (after the current write). */
  kick(): void {
    if (this.#queued || this.#closed) return;
    this.#queued = true;
    this.#clock.setImmediate(() => {
      this.#queued = false;
      if (this.#closed) return;
      try {
        this.#scheduleAll();
      } catch (e) {
        this.#api.opts.onInternalError?.(e);
      }
    });
  }

  /**
   * One pass over the pending pods. Each node's usage is summed once per pass and grows as pods are bound
   * (kube-scheduler keeps it in its cache), so a pass costs pods + pending × nodes, not pending × pods: with
   * thousands of pods that do not fit, a pass per pod event used to hold the event loop for seconds.
   */
  #scheduleAll(): void {
    const pods = this.#api.store.list(PODS);
    const nodes = this.#api.store.list(NODES);
    const usage = new Map(nodes.map((n) => [n.metadata.name, nodeUsage([])]));
    for (const p of pods) {
      const u = usage.get(str(rec(p.spec).nodeName));
      if (u && !terminal(p)) addPod(u, p);
    }
    const pending = pods.filter(
      (p) =>
        !str(rec(p.spec).nodeName) &&
        (str(rec(p.spec).schedulerName) || 'default-scheduler') === 'default-scheduler' &&
        !p.metadata.deletionTimestamp &&
        !terminal(p),
    );
    const pendingUids = new Set(pending.map((p) => p.metadata.uid));
    for (const uid of [...this.#lastMessage.keys()]) if (!pendingUids.has(uid)) this.#lastMessage.delete(uid);
    for (const pod of pending) this.#schedule(pod, nodes, usage);
  }

  /**
   * The VolumeBinding plugin's PreFilter: every claim the pod mounts must exist and, the sandbox's classes
   * binding immediately, be bound already (unless its class waits for the first consumer).
   */
  #claimProblem(pod: KubeObject): string | undefined {
    let unbound = false;
    for (const v of recs(rec(pod.spec).volumes)) {
      const claimName = str(rec(v.persistentVolumeClaim).claimName);
      if (!claimName) continue;
      const claim = this.#api.store.get({ group: '', resource: 'persistentvolumeclaims' }, pod.metadata.namespace, claimName);
      if (!claim) return `persistentvolumeclaim "${claimName}" not found`;
      if (claim.metadata.deletionTimestamp) return `persistentvolumeclaim "${claimName}" is being deleted`;
      const className = str(rec(claim.spec).storageClassName);
      const cls = className ? this.#api.store.get({ group: 'storage.k8s.io', resource: 'storageclasses' }, undefined, className) : undefined;
      // A WaitForFirstConsumer claim is bound after the pod is placed (the provisioner reads the selected node).
      if (!str(rec(claim.spec).volumeName) && cls?.volumeBindingMode !== 'WaitForFirstConsumer') unbound = true;
    }
    return unbound ? 'pod has unbound immediate PersistentVolumeClaims' : undefined;
  }

  /**
   * VolumeBinding's PreBind for claims of a WaitForFirstConsumer class: the claim gets the chosen node as
   * `volume.kubernetes.io/selected-node` for its provisioner, and the pod is bound once the claim is (the claim's
   * update brings the scheduler back). True while the pod waits.
   */
  #waitForVolumes(pod: KubeObject, nodeName: string): boolean {
    let waiting = false;
    const def = this.#api.registry.findKind('', 'PersistentVolumeClaim');
    for (const v of recs(rec(pod.spec).volumes)) {
      const claimName = str(rec(v.persistentVolumeClaim).claimName);
      const claim = claimName ? this.#api.store.get({ group: '', resource: 'persistentvolumeclaims' }, pod.metadata.namespace, claimName) : undefined;
      if (!claim || !def || str(rec(claim.spec).volumeName)) continue;
      waiting = true;
      if (claim.metadata.annotations?.['volume.kubernetes.io/selected-node']) continue;
      const annotations = { ...(claim.metadata.annotations ?? {}), 'volume.kubernetes.io/selected-node': nodeName };
      this.#api.writer.patched(
        def,
        claim,
        { ...structuredClone(claim), metadata: { ...structuredClone(claim.metadata), annotations } },
        { dryRun: false, fieldManager: 'kube-scheduler', subresource: '' },
      );
    }
    return waiting;
  }

  #schedule(pod: KubeObject, nodes: KubeObject[], usage: Map<string, NodeUsage>): void {
    const claimProblem = this.#claimProblem(pod);
    if (claimProblem) {
      const n = nodes.length;
      this.#unschedulable(
        pod,
        `0/${n} nodes are available: ${claimProblem}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`,
      );
      return;
    }
    const failures: Failure[] = [];
    const fits: { node: KubeObject; usage: NodeUsage }[] = [];
    for (const node of nodes) {
      const onNode = usage.get(node.metadata.name) ?? nodeUsage([]);
      const failure = filterNode(pod, node, onNode);
      if (failure) failures.push(failure);
      else fits.push({ node, usage: onNode });
    }
    if (fits.length === 0) {
      this.#unschedulable(pod, unschedulableMessage(failures, nodes.length));
      return;
    }
    // LeastAllocated scoring, approximated by the number of running pods; ties go to the first node.
    fits.sort((a, b) => a.usage.active - b.usage.active);
    if (this.#waitForVolumes(pod, fits[0].node.metadata.name)) return;
    this.#bind(pod, fits[0].node.metadata.name);
    addPod(fits[0].usage, pod);
  }

  /** pods/binding: sets spec.nodeName and PodScheduled=True in one write. */
  #bind(pod: KubeObject, nodeName: string): void {
    const status = structuredClone(rec(pod.status));
    const conditions = recs(status.conditions).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(this.#now()) });
    status.conditions = conditions;
    const bound = canonicalOrder({ ...structuredClone(pod), spec: { ...rec(pod.spec), nodeName }, status });
    const stored = this.#api.store.put(PODS, bound);
    this.#lastMessage.delete(pod.metadata.uid ?? '');
    this.#events.recordScheduler(
      { object: stored, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}` },
      'Binding',
      this.#instance,
    );
  }

  #unschedulable(pod: KubeObject, message: string): void {
    const uid = pod.metadata.uid ?? '';
    if (this.#lastMessage.get(uid) === message) return;
    this.#lastMessage.set(uid, message);
    const def = this.#api.registry.findKind('', 'Pod');
    if (!def) return;
    const status = structuredClone(rec(pod.status));
    const conditions = recs(status.conditions).filter((c) => c.type !== 'PodScheduled');
    const previous = recs(rec(pod.status).conditions).find((c) => c.type === 'PodScheduled' && c.status === 'False');
    conditions.push({
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: str(previous?.lastTransitionTime) || rfc3339(this.#now()),
      reason: 'Unschedulable',
      message,
    });
    status.conditions = conditions;
    const updated = this.#api.writer.patched(
      def,
      pod,
      { ...structuredClone(pod), status },
      { dryRun: false, fieldManager: 'kube-scheduler', subresource: 'status' },
    );
    this.#events.recordScheduler({ object: updated, type: 'Warning', reason: 'FailedScheduling', message }, 'Scheduling', this.#instance);
  }
}
