// The Deployment controller (pkg/controller/deployment, v1.26): one ReplicaSet per pod template named
// `<deployment>-<pod-template-hash>`, revisions in deployment.kubernetes.io/revision, rolling updates bounded by
// maxSurge/maxUnavailable and driven by pod availability, Recreate, revision history cleanup, and the status and
// conditions `kubectl rollout status` reads.
import { ApiError } from '../api-error.js';
import { rfc3339 } from '../object-meta.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { splitKey } from './replicaset.js';
import {
  byCreation,
  computeHash,
  controllerOf,
  controllerRef,
  isControlledBy,
  isDeleting,
  num,
  ownerReferences,
  rec,
  records,
  scaledValue,
  selects,
  spec,
  status,
  withoutLabel,
  type Rec,
} from './util.js';

const COMPONENT = 'deployment-controller';
export const HASH_LABEL = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Deployment annotations never copied to its ReplicaSets (deploymentutil.skipCopyAnnotation). */
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const replicasOf = (o: KubeObject) => num(spec(o).replicas, 1);
const revisionOf = (rs: KubeObject) => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;

/** deploymentutil.ResolveFenceposts: maxSurge rounds up, maxUnavailable down; both zero means one unavailable. */
export function resolveFenceposts(d: KubeObject): { maxSurge: number; maxUnavailable: number } {
  const strategy = rec(spec(d).strategy);
  if (strategy.type === 'Recreate') return { maxSurge: 0, maxUnavailable: 0 };
  const ru = rec(strategy.rollingUpdate);
  const desired = replicasOf(d);
  const maxSurge = scaledValue(ru.maxSurge ?? '25%', desired, true) ?? 0;
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? '25%', desired, false) ?? 0;
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** deploymentutil.MaxUnavailable: never more than the replicas themselves. */
function maxUnavailableOf(d: KubeObject): number {
  const strategy = rec(spec(d).strategy);
  if (strategy.type !== 'RollingUpdate' || replicasOf(d) === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, replicasOf(d));
}

/** deploymentutil.NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: KubeObject, allRSs: KubeObject[], newRSReplicas: number): number {
  const strategy = rec(spec(d).strategy);
  if (strategy.type === 'Recreate') return replicasOf(d);
  const { maxSurge } = resolveFenceposts(d);
  const current = allRSs.reduce((n, rs) => n + replicasOf(rs), 0);
  const maxTotal = replicasOf(d) + maxSurge;
  if (current >= maxTotal) return newRSReplicas;
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - newRSReplicas);
  return newRSReplicas + scaleUp;
}

/** The deployment's template without the hash label equals the ReplicaSet's (deploymentutil.EqualIgnoreHash). */
function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(withoutLabel(a, HASH_LABEL))) === JSON.stringify(sortKeys(withoutLabel(b, HASH_LABEL)));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Rec)[k])]),
    );
  return v;
}

function condition(type: string, st: string, reason: string, message: string, now: string): Rec {
  return { type, status: st, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** deploymentutil.SetDeploymentCondition: same status and reason keeps the old one; same status keeps its transition time. */
function setCondition(conditions: Rec[], c: Rec): Rec[] {
  const current = conditions.find((x) => x.type === c.type);
  if (current && current.status === c.status && current.reason === c.reason) return conditions;
  const next = { ...c };
  if (current && current.status === c.status) next.lastTransitionTime = current.lastTransitionTime;
  return [...conditions.filter((x) => x.type !== c.type), next];
}

export class DeploymentController implements Controller {
  readonly name = 'deployment';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group === 'apps' && e.resource === 'deployments') return [keyOf(e.object)];
    if (e.group === 'apps' && e.resource === 'replicasets') {
      const keys = new Set<string>();
      for (const rs of [e.object, e.previous]) {
        const ref = rs && controllerOf(rs);
        if (ref?.kind === 'Deployment') keys.add(`${rs?.metadata.namespace ?? ''}/${ref.name}`);
      }
      return [...keys];
    }
    // Recreate waits for the old pods to be gone.
    if (e.group === '' && e.resource === 'pods' && e.type === 'DELETED') {
      const ref = controllerOf(e.object);
      if (ref?.kind !== 'ReplicaSet') return [];
      const rs = this.#ctx.get('apps', 'replicasets', e.object.metadata.namespace, ref.name);
      const dref = rs && controllerOf(rs);
      return dref?.kind === 'Deployment' ? [`${e.object.metadata.namespace ?? ''}/${dref.name}`] : [];
    }
    return [];
  }

  initialKeys(): string[] {
    return this.#ctx.list('apps', 'deployments').map(keyOf);
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    let d = this.#ctx.get('apps', 'deployments', namespace, name);
    if (!d || isDeleting(d)) return;
    const rsList = this.#claimReplicaSets(d);
    if (spec(d).paused === true) {
      this.#syncStatus(d, rsList, this.#findNewRS(d, rsList));
      return;
    }
    if (this.#isScalingEvent(d, rsList)) {
      d = this.#scale(d, rsList);
      return;
    }
    if (rec(spec(d).strategy).type === 'Recreate') this.#rolloutRecreate(d, rsList);
    else this.#rolloutRolling(d, rsList);
  }

  /** The ReplicaSets this deployment controls, adopting orphans its selector matches. */
  #claimReplicaSets(d: KubeObject): KubeObject[] {
    const out: KubeObject[] = [];
    for (const rs of this.#ctx.list('apps', 'replicasets', d.metadata.namespace)) {
      const ref = controllerOf(rs);
      if (ref) {
        if (ref.uid === d.metadata.uid) out.push(rs);
        continue;
      }
      if (isDeleting(rs) || !selects(spec(d).selector, rs.metadata.labels)) continue;
      out.push(
        this.#ctx.update('apps', 'replicasets', rs, { ...rs, metadata: { ...rs.metadata, ownerReferences: [...ownerReferences(rs), controllerRef(d)] } }),
      );
    }
    return out;
  }

  /** deploymentutil.FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's. */
  #findNewRS(d: KubeObject, rsList: KubeObject[]): KubeObject | undefined {
    return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(spec(rs).template, spec(d).template));
  }

  /**
   * getNewReplicaSet: syncs the existing new ReplicaSet's revision and annotations, or creates
   * `<name>-<hash>` (bumping status.collisionCount on a name clash with a different template).
   */
  #getNewRS(d: KubeObject, rsList: KubeObject[], create: boolean): { d: KubeObject; newRS?: KubeObject } {
    const existing = this.#findNewRS(d, rsList);
    const old = rsList.filter((rs) => rs !== existing);
    const maxOld = old.reduce((n, rs) => Math.max(n, revisionOf(rs)), 0);
    const newRevision = String(maxOld + 1);
    const now = rfc3339(this.#ctx.now());
    if (existing) {
      let rs = existing;
      const ann = { ...(rs.metadata.annotations ?? {}) };
      let changed = this.#copyAnnotations(d, ann);
      if (revisionOf(rs) < maxOld + 1) {
        const prior = ann[REVISION];
        if (prior && prior !== newRevision) {
          const history = ann[REVISION_HISTORY] ? ann[REVISION_HISTORY].split(',') : [];
          history.push(prior);
          ann[REVISION_HISTORY] = history.join(',');
        }
        ann[REVISION] = newRevision;
        changed = true;
      }
      if (Number(ann[DESIRED_REPLICAS]) !== replicasOf(d) || Number(ann[MAX_REPLICAS]) !== replicasOf(d) + resolveFenceposts(d).maxSurge) {
        ann[DESIRED_REPLICAS] = String(replicasOf(d));
        ann[MAX_REPLICAS] = String(replicasOf(d) + resolveFenceposts(d).maxSurge);
        changed = true;
      }
      if (changed) rs = this.#ctx.update('apps', 'replicasets', rs, { ...rs, metadata: { ...rs.metadata, annotations: ann } });
      d = this.#setDeploymentRevision(d, rs.metadata.annotations?.[REVISION] ?? newRevision);
      const conds = records(status(d).conditions);
      if (!conds.some((c) => c.type === 'Progressing')) {
        const next = setCondition(conds, condition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${rs.metadata.name}"`, now));
        d = this.#ctx.updateStatus('apps', 'deployments', d, { ...status(d), conditions: next });
      }
      return { d, newRS: rs };
    }
    if (!create) return { d };

    const template = structuredClone(rec(spec(d).template));
    let collisionCount = status(d).collisionCount as number | undefined;
    for (let attempt = 0; attempt < 10; attempt++) {
      const hash = computeHash(template, collisionCount);
      const rsTemplate = structuredClone(template);
      const tm = rec(rsTemplate.metadata);
      tm.labels = { ...rec(tm.labels), [HASH_LABEL]: hash };
      rsTemplate.metadata = tm;
      const selector = structuredClone(rec(spec(d).selector));
      selector.matchLabels = { ...rec(selector.matchLabels), [HASH_LABEL]: hash };
      const ann: Record<string, string> = {};
      this.#copyAnnotations(d, ann);
      const replicas = newRSNewReplicas(d, rsList, 0);
      ann[REVISION] = newRevision;
      ann[DESIRED_REPLICAS] = String(replicasOf(d));
      ann[MAX_REPLICAS] = String(replicasOf(d) + resolveFenceposts(d).maxSurge);
      const name = `${d.metadata.name}-${hash}`;
      const rs: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name, namespace: d.metadata.namespace, labels: tm.labels as Record<string, string>, annotations: ann, ownerReferences: [controllerRef(d)] },
        spec: { replicas, ...(num(spec(d).minReadySeconds) ? { minReadySeconds: num(spec(d).minReadySeconds) } : {}), selector, template: rsTemplate },
      };
      try {
        const created = this.#ctx.create('apps', 'replicasets', rs);
        // v1.32's wording names the size it scaled from (the v1.26 captures say "… to N").
        if (replicas > 0) this.#ctx.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`, COMPONENT);
        d = this.#setDeploymentRevision(d, newRevision);
        const conds = setCondition(records(status(d).conditions), condition('Progressing', 'True', 'NewReplicaSet', `Created new replica set "${name}"`, now));
        d = this.#ctx.updateStatus('apps', 'deployments', d, { ...status(d), conditions: conds });
        return { d, newRS: created };
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 409) throw e;
        const clash = this.#ctx.get('apps', 'replicasets', d.metadata.namespace, name);
        // Ours with the same template (a stale read): use it. Anything else is a hash collision.
        if (clash && isControlledBy(clash, d) && equalIgnoreHash(spec(clash).template, template)) return { d, newRS: clash };
        collisionCount = (collisionCount ?? 0) + 1;
        d = this.#ctx.updateStatus('apps', 'deployments', d, { ...status(d), collisionCount });
      }
    }
    return { d };
  }

  /** Copies the deployment's annotations (except the skipped ones) onto a ReplicaSet's; true when any changed. */
  #copyAnnotations(d: KubeObject, ann: Record<string, string>): boolean {
    let changed = false;
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
      if (SKIP_COPY.has(k) || ann[k] === v) continue;
      ann[k] = v;
      changed = true;
    }
    return changed;
  }

  #setDeploymentRevision(d: KubeObject, revision: string): KubeObject {
    if (d.metadata.annotations?.[REVISION] === revision) return d;
    return this.#ctx.update('apps', 'deployments', d, {
      ...d,
      metadata: { ...d.metadata, annotations: { ...(d.metadata.annotations ?? {}), [REVISION]: revision } },
    });
  }

  /** Scales one ReplicaSet, recording the desired/max annotations and the ScalingReplicaSet event. */
  #scaleRS(d: KubeObject, rs: KubeObject, replicas: number): KubeObject {
    const current = this.#ctx.get('apps', 'replicasets', rs.metadata.namespace, rs.metadata.name) ?? rs;
    const ann = { ...(current.metadata.annotations ?? {}) };
    ann[DESIRED_REPLICAS] = String(replicasOf(d));
    ann[MAX_REPLICAS] = String(replicasOf(d) + resolveFenceposts(d).maxSurge);
    const from = replicasOf(current);
    if (
      from === replicas &&
      current.metadata.annotations?.[DESIRED_REPLICAS] === ann[DESIRED_REPLICAS] &&
      current.metadata.annotations?.[MAX_REPLICAS] === ann[MAX_REPLICAS]
    )
      return current;
    const updated = this.#ctx.update('apps', 'replicasets', current, {
      ...current,
      metadata: { ...current.metadata, annotations: ann },
      spec: { ...spec(current), replicas },
    });
    if (from !== replicas) {
      const verb = from < replicas ? 'up' : 'down';
      this.#ctx.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${current.metadata.name} from ${from} to ${replicas}`, COMPONENT);
    }
    return updated;
  }

  /** isScalingEvent: an active ReplicaSet's desired-replicas annotation disagrees with spec.replicas. */
  #isScalingEvent(d: KubeObject, rsList: KubeObject[]): boolean {
    const active = rsList.filter((rs) => replicasOf(rs) > 0);
    return active.some((rs) => {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      return desired !== undefined && Number(desired) !== replicasOf(d);
    });
  }

  /**
   * dc.scale: the one active (or else the newest) ReplicaSet takes spec.replicas; a saturated new ReplicaSet
   * means the old ones go to zero; otherwise the change to the allowed total is spread over the active
   * ReplicaSets in proportion to their size (getProportion), leftovers to the largest.
   */
  #scale(d: KubeObject, rsList: KubeObject[]): KubeObject {
    const newRS = this.#findNewRS(d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== newRS).sort((a, b) => byCreation(b, a));
    const active = [...oldRSs, ...(newRS ? [newRS] : [])].filter((rs) => replicasOf(rs) > 0);
    const activeOrLatest = active.length === 1 ? active[0] : active.length === 0 ? (newRS ?? oldRSs[0]) : undefined;
    const desired = replicasOf(d);
    if (activeOrLatest) {
      if (replicasOf(activeOrLatest) !== desired) this.#scaleRS(d, activeOrLatest, desired);
    } else if (
      newRS &&
      replicasOf(newRS) === desired &&
      Number(newRS.metadata.annotations?.[DESIRED_REPLICAS]) === desired &&
      num(status(newRS).availableReplicas) === desired
    ) {
      for (const rs of oldRSs) if (replicasOf(rs) > 0) this.#scaleRS(d, rs, 0);
    } else if (rec(spec(d).strategy).type !== 'Recreate') {
      const total = active.reduce((n, rs) => n + replicasOf(rs), 0);
      const maxSurge = resolveFenceposts(d).maxSurge;
      const allowed = desired > 0 ? desired + maxSurge : 0;
      const toAdd = allowed - total;
      const newer = (a: KubeObject, b: KubeObject) => replicasOf(b) - replicasOf(a) || byCreation(b, a);
      const older = (a: KubeObject, b: KubeObject) => replicasOf(b) - replicasOf(a) || byCreation(a, b);
      const ordered = [...active].sort(toAdd > 0 ? newer : older);
      let added = 0;
      const sizes = ordered.map((rs) => {
        if (toAdd === 0) return replicasOf(rs);
        // getReplicaSetFraction
        const before = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? 0) || num(status(d).replicas);
        const fraction = desired === 0 ? -replicasOf(rs) : Math.round((replicasOf(rs) * (desired + maxSurge)) / before) - replicasOf(rs);
        const left = toAdd - added;
        const proportion = replicasOf(rs) === 0 || left === 0 ? 0 : toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
        added += proportion;
        return replicasOf(rs) + proportion;
      });
      if (ordered.length && toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
      ordered.forEach((rs, i) => this.#scaleRS(d, rs, sizes[i]));
    }
    const fresh = this.#claimReplicaSets(d);
    const current = this.#ctx.get('apps', 'deployments', d.metadata.namespace, d.metadata.name) ?? d;
    this.#syncStatus(current, fresh, this.#findNewRS(current, fresh));
    return current;
  }

  #rolloutRolling(d: KubeObject, rsList: KubeObject[]): void {
    const got = this.#getNewRS(d, rsList, true);
    d = got.d;
    let all = this.#claimReplicaSets(d);
    let newRS = got.newRS && all.find((rs) => rs.metadata.uid === got.newRS?.metadata.uid);
    // reconcileNewReplicaSet
    if (newRS && replicasOf(newRS) !== replicasOf(d)) {
      const want = replicasOf(newRS) > replicasOf(d) ? replicasOf(d) : newRSNewReplicas(d, all, replicasOf(newRS));
      if (want !== replicasOf(newRS)) newRS = this.#scaleRS(d, newRS, want);
    }
    all = this.#claimReplicaSets(d);
    newRS = newRS && all.find((rs) => rs.metadata.uid === newRS?.metadata.uid);
    this.#reconcileOldReplicaSets(d, all, newRS);
    all = this.#claimReplicaSets(d);
    newRS = newRS && all.find((rs) => rs.metadata.uid === newRS?.metadata.uid);
    if (this.#complete(d, all, newRS)) this.#cleanup(d, all, newRS);
    this.#syncStatus(this.#ctx.get('apps', 'deployments', d.metadata.namespace, d.metadata.name) ?? d, this.#claimReplicaSets(d), newRS);
  }

  /** reconcileOldReplicaSets: scales old ReplicaSets down as far as maxUnavailable allows, unhealthy replicas first. */
  #reconcileOldReplicaSets(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): void {
    const old = all.filter((rs) => rs !== newRS).sort(byCreation);
    if (old.reduce((n, rs) => n + replicasOf(rs), 0) === 0) return;
    const allPods = all.reduce((n, rs) => n + replicasOf(rs), 0);
    const minAvailable = replicasOf(d) - maxUnavailableOf(d);
    const newUnavailable = newRS ? replicasOf(newRS) - num(status(newRS).availableReplicas) : 0;
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    // cleanupUnhealthyReplicas
    let cleaned = 0;
    for (const rs of old) {
      if (cleaned >= maxScaledDown) break;
      if (replicasOf(rs) === 0) continue;
      const unhealthy = replicasOf(rs) - num(status(rs).availableReplicas);
      if (unhealthy <= 0) continue;
      const down = Math.min(maxScaledDown - cleaned, unhealthy);
      this.#scaleRS(d, rs, replicasOf(rs) - down);
      cleaned += down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    const fresh = this.#claimReplicaSets(d);
    const oldFresh = fresh.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid).sort(byCreation);
    const available = fresh.reduce((n, rs) => n + num(status(rs).availableReplicas), 0);
    let remaining = Math.min(available - minAvailable, maxScaledDown - cleaned);
    for (const rs of oldFresh) {
      if (remaining <= 0) break;
      if (replicasOf(rs) === 0) continue;
      const down = Math.min(replicasOf(rs), remaining);
      this.#scaleRS(d, rs, replicasOf(rs) - down);
      remaining -= down;
    }
  }

  #rolloutRecreate(d: KubeObject, rsList: KubeObject[]): void {
    const existingNew = this.#findNewRS(d, rsList);
    const old = rsList.filter((rs) => rs !== existingNew);
    let scaledDown = false;
    for (const rs of old) {
      if (replicasOf(rs) === 0) continue;
      this.#scaleRS(d, rs, 0);
      scaledDown = true;
    }
    // Wait until every old pod is gone before the new ReplicaSet gets any.
    const oldUids = new Set(old.map((rs) => rs.metadata.uid));
    const oldPods = this.#ctx.list('', 'pods', d.metadata.namespace).filter((p) => oldUids.has(controllerOf(p)?.uid ?? ''));
    if (scaledDown || oldPods.length > 0) {
      this.#syncStatus(d, this.#claimReplicaSets(d), existingNew);
      return;
    }
    const got = this.#getNewRS(d, rsList, true);
    d = got.d;
    let newRS = got.newRS;
    if (newRS && replicasOf(newRS) !== replicasOf(d)) newRS = this.#scaleRS(d, newRS, replicasOf(d));
    const all = this.#claimReplicaSets(d);
    if (this.#complete(d, all, newRS)) this.#cleanup(d, all, newRS);
    this.#syncStatus(this.#ctx.get('apps', 'deployments', d.metadata.namespace, d.metadata.name) ?? d, this.#claimReplicaSets(d), newRS);
  }

  #complete(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): boolean {
    if (!newRS) return false;
    const s = this.#calculateStatus(d, all, newRS);
    return s.updatedReplicas === replicasOf(d) && s.replicas === replicasOf(d) && s.availableReplicas === replicasOf(d);
  }

  /** cleanupDeployment: deletes the oldest scaled-to-zero ReplicaSets beyond revisionHistoryLimit. */
  #cleanup(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): void {
    const limit = num(spec(d).revisionHistoryLimit, 10);
    const candidates = all.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid && replicasOf(rs) === 0 && num(status(rs).replicas) === 0 && !isDeleting(rs));
    const diff = candidates.length - limit;
    if (diff <= 0) return;
    candidates.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of candidates.slice(0, diff)) this.#ctx.delete('apps', 'replicasets', rs.metadata.namespace, rs.metadata.name, undefined, rs.metadata.uid);
  }

  #calculateStatus(
    d: KubeObject,
    all: KubeObject[],
    newRS: KubeObject | undefined,
  ): Rec & { replicas: number; updatedReplicas: number; availableReplicas: number } {
    const sum = (f: (rs: KubeObject) => number) => all.reduce((n, rs) => n + f(rs), 0);
    const available = sum((rs) => num(status(rs).availableReplicas));
    const total = sum(replicasOf);
    return {
      observedGeneration: d.metadata.generation,
      replicas: sum((rs) => num(status(rs).replicas)),
      updatedReplicas: newRS ? num(status(newRS).replicas) : 0,
      readyReplicas: sum((rs) => num(status(rs).readyReplicas)),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
    };
  }

  /** syncRolloutStatus: the counts, Available, and Progressing (NewReplicaSetAvailable / ReplicaSetUpdated). */
  #syncStatus(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined): void {
    const current = this.#ctx.get('apps', 'deployments', d.metadata.namespace, d.metadata.name);
    if (!current) return;
    newRS = newRS && (all.find((rs) => rs.metadata.uid === newRS?.metadata.uid) ?? newRS);
    const old = status(current);
    const calc = this.#calculateStatus(current, all, newRS);
    const now = rfc3339(this.#ctx.now());
    let conditions = records(old.conditions);
    conditions =
      calc.availableReplicas >= replicasOf(current) - maxUnavailableOf(current)
        ? setCondition(conditions, condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now))
        : setCondition(conditions, condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
    const progressing = conditions.find((c) => c.type === 'Progressing');
    const paused = spec(current).paused === true;
    const hasDeadline = spec(current).progressDeadlineSeconds !== undefined && spec(current).progressDeadlineSeconds !== null;
    let recheckIn: number | undefined;
    if (paused) {
      // checkPausedConditions
      if (progressing?.reason !== 'DeploymentPaused')
        conditions = setCondition(conditions, condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now));
    } else if (progressing?.reason === 'DeploymentPaused') {
      conditions = setCondition(conditions, condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now));
    } else if (hasDeadline && !(calc.replicas === calc.updatedReplicas && progressing?.reason === 'NewReplicaSetAvailable')) {
      const complete =
        calc.updatedReplicas === replicasOf(current) &&
        calc.replicas === replicasOf(current) &&
        calc.availableReplicas === replicasOf(current) &&
        num(calc.observedGeneration) >= num(current.metadata.generation);
      const rsName = newRS?.metadata.name;
      if (complete) {
        const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${current.metadata.name}" has successfully progressed.`;
        conditions = setCondition(conditions, condition('Progressing', 'True', 'NewReplicaSetAvailable', msg, now));
      } else if (isProgressing(old, calc)) {
        const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${current.metadata.name}" is progressing.`;
        const c = condition('Progressing', 'True', 'ReplicaSetUpdated', msg, now);
        if (progressing?.status === 'True') c.lastTransitionTime = progressing.lastTransitionTime;
        conditions = [...conditions.filter((x) => x.type !== 'Progressing'), c];
      } else if (progressing && progressing.reason !== 'NewReplicaSetAvailable') {
        // DeploymentTimedOut: no progress for progressDeadlineSeconds since the condition last changed.
        const deadline = Date.parse(String(progressing.lastUpdateTime)) + num(spec(current).progressDeadlineSeconds) * 1000;
        if (progressing.reason === 'ProgressDeadlineExceeded' || deadline < this.#ctx.now().getTime()) {
          const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${current.metadata.name}" has timed out progressing.`;
          conditions = setCondition(conditions, condition('Progressing', 'False', 'ProgressDeadlineExceeded', msg, now));
        } else recheckIn = deadline - this.#ctx.now().getTime() + 1000;
      }
    }
    // The new (or else any) ReplicaSet's ReplicaFailure condition is the deployment's.
    const failure = [newRS, ...all].map((rs) => rs && records(status(rs).conditions).find((c) => c.type === 'ReplicaFailure')).find(Boolean);
    if (failure) {
      conditions = setCondition(conditions, {
        type: 'ReplicaFailure',
        status: failure.status,
        lastUpdateTime: now,
        lastTransitionTime: failure.lastTransitionTime ?? now,
        reason: failure.reason,
        message: failure.message,
      });
    } else conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
    if (recheckIn !== undefined) this.#ctx.enqueue(this.name, keyOf(current), Math.max(0, recheckIn));
    const next: Rec = { observedGeneration: calc.observedGeneration };
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) if (calc[k]) next[k] = calc[k];
    if (conditions.length) next.conditions = conditions;
    if (old.collisionCount !== undefined) next.collisionCount = old.collisionCount;
    if (JSON.stringify(sortKeys(next)) === JSON.stringify(sortKeys(old))) return;
    this.#ctx.updateStatus('apps', 'deployments', current, next);
  }
}

/** deploymentutil.DeploymentProgressing: more updated, ready or available replicas, or fewer old ones. */
function isProgressing(old: Rec, next: Rec): boolean {
  const oldOld = num(old.replicas) - num(old.updatedReplicas);
  const newOld = num(next.replicas) - num(next.updatedReplicas);
  return (
    num(next.updatedReplicas) > num(old.updatedReplicas) ||
    newOld < oldOld ||
    num(next.readyReplicas) > num(old.readyReplicas) ||
    num(next.availableReplicas) > num(old.availableReplicas)
  );
}
