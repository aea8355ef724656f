// The disruption controller (pkg/controller/disruption): a PodDisruptionBudget's status from the pods its
// selector matches in its namespace (policy/v1: an empty selector matches every pod, none matches none).
// currentHealthy counts the Ready pods not being deleted; expectedPods is the pod count for an integer
// minAvailable, otherwise the sum of the scales of the pods' controllers (Deployment through its ReplicaSet,
// ReplicaSet, ReplicationController, StatefulSet); desiredHealthy is minAvailable (a percentage of expectedPods
// rounded up) or expectedPods minus maxUnavailable; disruptionsAllowed = currentHealthy − desiredHealthy, never
// below 0 and 0 while no pod is expected. The DisruptionAllowed condition says SufficientPods or
// InsufficientPods, or SyncFailed with the error when a pod's controller has no scale. Events as the real
// controller records them (NoPods, UnmanagedPods, CalculateExpectedPodCountFailed), from `controllermanager`.
// Evictions are not checked against the budget, so status.disruptedPods stays as written.
import { rfc3339 } from '../object-meta.js';
import { labelSelectorGoString } from '../../output/label-text.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { splitKey } from './replicaset.js';
import { controllerOf, isDeleting, isPodReady, isRec, num, type OwnerReference, type Rec, records, scaledValue, selects, spec, status } from './util.js';

const GROUP = 'policy';
const RESOURCE = 'poddisruptionbudgets';
const COMPONENT = 'controllermanager';

/** The scale of a pod's controller, as the controller finders of getExpectedScale resolve it. */
function controllerScale(ctx: ControllerContext, ref: OwnerReference, namespace: string): { uid: string; scale: number } | undefined {
  const apiGroup = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  const find = (group: string, resource: string) => {
    const o = ctx.get(group, resource, namespace, ref.name);
    return o && o.metadata.uid === ref.uid ? o : undefined;
  };
  if (apiGroup === 'apps' && ref.kind === 'ReplicaSet') {
    const rs = find('apps', 'replicasets');
    if (!rs) return undefined;
    const owner = controllerOf(rs);
    if (owner?.kind === 'Deployment') {
      // getPodDeployment: a ReplicaSet controlled by a Deployment counts as the Deployment.
      const d = ctx.get('apps', 'deployments', namespace, owner.name);
      return d && d.metadata.uid === owner.uid ? { uid: String(d.metadata.uid), scale: num(spec(d).replicas, 1) } : undefined;
    }
    return { uid: String(rs.metadata.uid), scale: num(spec(rs).replicas, 1) };
  }
  const kinds: Record<string, [string, string]> = {
    ReplicationController: ['', 'replicationcontrollers'],
    StatefulSet: ['apps', 'statefulsets'],
    Deployment: ['apps', 'deployments'],
  };
  const target = kinds[ref.kind];
  if (!target || target[0] !== apiGroup) return undefined;
  const o = find(...target);
  return o ? { uid: String(o.metadata.uid), scale: num(spec(o).replicas, 1) } : undefined;
}

class SyncError extends Error {}

export class DisruptionController implements Controller {
  readonly name = 'disruption';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group === GROUP && e.resource === RESOURCE) return e.type === 'DELETED' ? [] : [`${e.object.metadata.namespace}/${e.object.metadata.name}`];
    if (e.group !== '' || e.resource !== 'pods') return [];
    // The budgets selecting the pod (before or after the change).
    const ns = e.object.metadata.namespace ?? '';
    const labels = [e.object.metadata.labels, e.previous?.metadata.labels];
    return this.#ctx
      .list(GROUP, RESOURCE, ns)
      .filter((pdb) => labels.some((l) => l !== undefined && selects(spec(pdb).selector, l)))
      .map((pdb) => `${ns}/${pdb.metadata.name}`);
  }

  initialKeys(): string[] {
    return this.#ctx.list(GROUP, RESOURCE).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const pdb = this.#ctx.get(GROUP, RESOURCE, ns, name);
    if (!pdb || isDeleting(pdb)) return;
    try {
      this.#trySync(pdb);
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      this.#failSafe(pdb, e.message);
    }
  }

  #trySync(pdb: KubeObject): void {
    const ns = pdb.metadata.namespace ?? '';
    const sp = spec(pdb);
    const pods = this.#ctx.list('', 'pods', ns).filter((p) => selects(sp.selector, p.metadata.labels));
    if (pods.length === 0) this.#ctx.event(pdb, 'Normal', 'NoPods', 'No matching pods found', COMPONENT);
    let expected = 0;
    let desired = 0;
    let unmanaged: string[] = [];
    try {
      if (sp.maxUnavailable !== undefined && sp.maxUnavailable !== null) {
        [expected, unmanaged] = this.#expectedScale(pods, ns);
        desired = Math.max(0, expected - this.#scaled(sp.maxUnavailable, expected));
      } else if (typeof sp.minAvailable === 'number') {
        desired = sp.minAvailable;
        expected = pods.length;
      } else if (typeof sp.minAvailable === 'string') {
        [expected, unmanaged] = this.#expectedScale(pods, ns);
        desired = this.#scaled(sp.minAvailable, expected);
      }
    } catch (e) {
      if (e instanceof SyncError)
        this.#ctx.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${e.message}`, COMPONENT);
      throw e;
    }
    if (unmanaged.length > 0) {
      this.#ctx.event(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${labelSelectorGoString(sp.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
        COMPONENT,
      );
    }
    const current = pods.filter((p) => !isDeleting(p) && isPodReady(p)).length;
    this.#updateStatus(pdb, current, desired, expected);
  }

  /** getExpectedScale: the summed scale of the pods' controllers, and the pods that have none. */
  #expectedScale(pods: KubeObject[], ns: string): [number, string[]] {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of pods) {
      const ref = controllerOf(pod);
      if (!ref) {
        unmanaged.push(pod.metadata.name);
        continue;
      }
      if (scales.has(ref.uid)) continue;
      const found = controllerScale(this.#ctx, ref, ns);
      if (!found) throw new SyncError(`found no controllers for pod "${pod.metadata.name}"`);
      scales.set(found.uid, found.scale);
    }
    return [[...scales.values()].reduce((a, b) => a + b, 0), unmanaged];
  }

  #scaled(v: unknown, total: number): number {
    const n = scaledValue(v, total, true);
    if (n === undefined) throw new SyncError(`invalid value for IntOrString: invalid value "${String(v)}"`);
    return n;
  }

  #updateStatus(pdb: KubeObject, currentHealthy: number, desiredHealthy: number, expectedPods: number): void {
    const st = status(pdb);
    const disruptionsAllowed = expectedPods <= 0 || currentHealthy - desiredHealthy <= 0 ? 0 : currentHealthy - desiredHealthy;
    const generation = num(pdb.metadata.generation);
    const next: Rec = { observedGeneration: generation };
    if (isRec(st.disruptedPods) && Object.keys(st.disruptedPods).length > 0) next.disruptedPods = st.disruptedPods;
    Object.assign(next, { disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods });
    // pdbhelper.UpdateDisruptionAllowedCondition
    next.conditions =
      disruptionsAllowed > 0
        ? this.#setCondition(records(st.conditions), 'True', 'SufficientPods', '', generation)
        : this.#setCondition(records(st.conditions), 'False', 'InsufficientPods', '', generation);
    this.#ctx.updateStatus(GROUP, RESOURCE, pdb, next);
  }

  /** failSafe: no disruptions allowed, and the error in the DisruptionAllowed condition. */
  #failSafe(pdb: KubeObject, message: string): void {
    const st = status(pdb);
    const conditions = this.#setCondition(records(st.conditions), 'False', 'SyncFailed', message, num(st.observedGeneration));
    this.#ctx.updateStatus(GROUP, RESOURCE, pdb, { ...st, disruptionsAllowed: 0, conditions });
  }

  /** meta.SetStatusCondition for DisruptionAllowed: lastTransitionTime moves only when the status does. */
  #setCondition(conditions: Rec[], statusValue: string, reason: string, message: string, observedGeneration: number): Rec[] {
    const old = conditions.find((c) => c.type === 'DisruptionAllowed');
    const lastTransitionTime = old && old.status === statusValue ? old.lastTransitionTime : rfc3339(this.#ctx.now());
    const condition = { type: 'DisruptionAllowed', status: statusValue, observedGeneration, lastTransitionTime, reason, message };
    return old ? conditions.map((c) => (c === old ? condition : c)) : [...conditions, condition];
  }
}
