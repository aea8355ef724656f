// The Job controller (pkg/controller/job, v1.26, NonIndexed completion mode): runs up to `parallelism` pods
// `<job>-<5 random>` until `completions` succeeded, counts finished pods through the
// batch.kubernetes.io/job-tracking finalizer, fails the job past backoffLimit or activeDeadlineSeconds, and
// reports startTime, completionTime, active/ready/succeeded/failed and the Complete or Failed condition.
import { ApiError } from '../api-error.js';
import { rfc3339 } from '../object-meta.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { claimPods, ownerKeysForPod, splitKey } from './replicaset.js';
import {
  byCreation,
  controllerOf,
  deletionOrder,
  isDeleting,
  isPodActive,
  isPodReady,
  num,
  podFromTemplate,
  rec,
  records,
  spec,
  status,
  type Rec,
} from './util.js';

const COMPONENT = 'job-controller';
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const finalizersOf = (o: KubeObject) => (o.metadata.finalizers as string[] | undefined) ?? [];

export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** The completion index of an Indexed job's pod, or undefined. */
export function completionIndexOf(pod: KubeObject): number | undefined {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX];
  return v !== undefined && /^(0|[1-9]\d*)$/.test(v) ? Number(v) : undefined;
}

/** status.completedIndexes: "1,3-5" ↔ a set of indexes. */
export function parseIndexes(text: unknown): Set<number> {
  const out = new Set<number>();
  for (const part of String(text ?? '')
    .split(',')
    .filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a; i <= (b ?? a); i++) out.add(i);
  }
  return out;
}

export function formatIndexes(set: Set<number>): string {
  const sorted = [...set].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return parts.join(',');
}

export function isJobFinished(job: KubeObject): boolean {
  return records(status(job).conditions).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export class JobController implements Controller {
  readonly name = 'job';
  readonly #ctx: ControllerContext;

  /** DefaultJobBackOff: a failed pod is replaced after base × 2^(failures-1), at most MaxJobBackOff (6 min). */
  readonly #backoffBaseMs: number;
  /** When each job (by key, with its uid) last saw a pod fail. */
  readonly #lastFailure = new Map<string, { uid: string; at: number }>();

  constructor(ctx: ControllerContext, opts: { backoffBaseMs?: number } = {}) {
    this.#ctx = ctx;
    this.#backoffBaseMs = opts.backoffBaseMs ?? 10_000;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group === 'batch' && e.resource === 'jobs') return [keyOf(e.object)];
    return ownerKeysForPod(e, 'Job', (ns) => this.#ctx.list('batch', 'jobs', ns).filter((j) => !isJobFinished(j)));
  }

  initialKeys(): string[] {
    return this.#ctx.list('batch', 'jobs').map(keyOf);
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const job = this.#ctx.get('batch', 'jobs', namespace, name);
    if (!job || isDeleting(job)) {
      this.#lastFailure.delete(key);
      // Pods of a deleted job lose the tracking finalizer so that they can go.
      for (const pod of this.#ctx.list('', 'pods', namespace)) {
        const ref = controllerOf(pod);
        if (ref?.kind === 'Job' && ref.name === name && (!job || ref.uid === job.metadata.uid) && finalizersOf(pod).includes(TRACKING_FINALIZER))
          this.#release(pod);
      }
      return;
    }
    const now = this.#ctx.now();
    const nowText = rfc3339(now);
    const js = spec(job);
    const st = status(job);
    const pods = claimPods(this.#ctx, job, js.selector);

    // Finished pods still carrying the finalizer are counted now, then released.
    const indexed = js.completionMode === 'Indexed';
    const completedIndexes = parseIndexes(st.completedIndexes);
    let succeeded = num(st.succeeded);
    let failed = num(st.failed);
    const counted: KubeObject[] = [];
    for (const pod of pods) {
      if (!finalizersOf(pod).includes(TRACKING_FINALIZER)) continue;
      const phase = status(pod).phase;
      const ix = completionIndexOf(pod);
      if (phase === 'Succeeded' && indexed) {
        if (ix !== undefined && ix < num(js.completions) && !completedIndexes.has(ix)) {
          completedIndexes.add(ix);
          succeeded++;
        }
      } else if (phase === 'Succeeded') succeeded++;
      else if (phase === 'Failed' || isDeleting(pod)) failed++;
      else continue;
      counted.push(pod);
    }
    for (const pod of counted) this.#release(pod);
    // Back-off follows pods that really failed, not pods the controller or a user deleted.
    if (counted.some((p) => status(p).phase === 'Failed')) this.#lastFailure.set(key, { uid: job.metadata.uid ?? '', at: now.getTime() });

    let active = pods.filter(isPodActive);
    let conditions = records(st.conditions);
    const next: Rec = {};
    const finished = isJobFinished(job);
    let startTime = st.startTime as string | undefined;

    // Suspending deletes the active pods and stops the clock; resuming restarts it.
    const suspended = js.suspend === true;
    const suspendedCond = conditions.find((c) => c.type === 'Suspended');
    if (!finished && suspended && suspendedCond?.status !== 'True') {
      this.#deletePods(job, active);
      active = [];
      conditions = [
        ...conditions.filter((c) => c.type !== 'Suspended'),
        { type: 'Suspended', status: 'True', lastProbeTime: nowText, lastTransitionTime: nowText, reason: 'JobSuspended', message: 'Job suspended' },
      ];
      this.#ctx.event(job, 'Normal', 'Suspended', 'Job suspended', COMPONENT);
      startTime = undefined;
    } else if (!finished && !suspended && suspendedCond?.status === 'True') {
      conditions = conditions.map((c) =>
        c.type === 'Suspended'
          ? { ...c, status: 'False', lastProbeTime: nowText, lastTransitionTime: nowText, reason: 'JobResumed', message: 'Job resumed' }
          : c,
      );
      this.#ctx.event(job, 'Normal', 'Resumed', 'Job resumed', COMPONENT);
      startTime = nowText;
    } else if (!suspended) startTime ??= nowText;

    if (!finished) {
      const completions = js.completions === undefined || js.completions === null ? undefined : num(js.completions);
      const parallelism = num(js.parallelism, 1);
      const backoffLimit = num(js.backoffLimit, 6);
      const deadline = js.activeDeadlineSeconds === undefined ? undefined : num(js.activeDeadlineSeconds);
      let failure: { reason: string; message: string } | undefined;
      if (failed > backoffLimit) failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
      else if (deadline !== undefined && startTime && Date.parse(startTime) + deadline * 1000 <= now.getTime()) {
        failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      }
      const complete = indexed
        ? completedIndexes.size >= num(completions)
        : completions !== undefined
          ? succeeded >= completions
          : succeeded > 0 && active.length === 0;
      if (failure) {
        this.#deletePods(job, active);
        active = [];
        conditions.push({
          type: 'Failed',
          status: 'True',
          lastProbeTime: nowText,
          lastTransitionTime: nowText,
          reason: failure.reason,
          message: failure.message,
        });
        this.#ctx.event(job, 'Warning', failure.reason, failure.message, COMPONENT);
      } else if (complete) {
        this.#deletePods(job, active);
        active = [];
        conditions.push({ type: 'Complete', status: 'True', lastProbeTime: nowText, lastTransitionTime: nowText });
        next.completionTime = nowText;
        this.#ctx.event(job, 'Normal', 'Completed', 'Job completed', COMPONENT);
      } else if (!suspended) {
        const want = completions === undefined ? (succeeded > 0 ? active.length : parallelism) : Math.min(parallelism, completions - succeeded);
        // Indexed: the lowest indexes neither completed nor running.
        const running = new Set(active.map(completionIndexOf));
        const freeIndexes: number[] = [];
        for (let ix = 0; indexed && ix < num(completions) && freeIndexes.length < want; ix++)
          if (!completedIndexes.has(ix) && !running.has(ix)) freeIndexes.push(ix);
        const seen = this.#lastFailure.get(key);
        const last = seen && seen.uid === job.metadata.uid ? seen.at : undefined;
        const backoffUntil = failed > 0 && last !== undefined ? last + Math.min(this.#backoffBaseMs * 2 ** (failed - 1), 360_000) : 0;
        if (active.length < want && backoffUntil > now.getTime()) {
          this.#ctx.enqueue(this.name, keyOf(job), backoffUntil - now.getTime() + 5);
        } else if (active.length < want) {
          for (let i = active.length; i < want; i++) {
            const ix = indexed ? freeIndexes.shift() : undefined;
            if (indexed && ix === undefined) break;
            const pod = this.#newPod(job, ix);
            try {
              const created = this.#ctx.create('', 'pods', pod);
              active.push(created);
              this.#ctx.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
            } catch (e) {
              if (!(e instanceof ApiError)) throw e;
              this.#ctx.event(job, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, COMPONENT);
              this.#ctx.retry(this.name, key);
              break;
            }
          }
        } else if (active.length > want) {
          const extra = [...active].sort(deletionOrder).slice(0, active.length - want);
          this.#deletePods(job, extra);
          active = active.filter((p) => !extra.includes(p));
        }
        if (deadline !== undefined && startTime)
          this.#ctx.enqueue(this.name, keyOf(job), Math.max(0, Date.parse(startTime) + deadline * 1000 - now.getTime()) + 5);
      }
    }

    const current = this.#ctx.get('batch', 'jobs', namespace, name);
    if (!current) return;
    const out: Rec = {};
    if (conditions.length) out.conditions = conditions;
    if (startTime) out.startTime = startTime;
    const completionTime = next.completionTime ?? st.completionTime;
    if (completionTime) out.completionTime = completionTime;
    if (active.length) out.active = active.length;
    if (succeeded) out.succeeded = succeeded;
    if (failed) out.failed = failed;
    if (indexed && completedIndexes.size) out.completedIndexes = formatIndexes(completedIndexes);
    out.uncountedTerminatedPods = {};
    out.ready = active.filter(isPodReady).length;
    this.#ctx.updateStatus('batch', 'jobs', current, out);
  }

  /**
   * A pod from the template with the tracking finalizer; for Indexed jobs named `<job>-<index>-<random>`,
   * with the completion index annotation and label, hostname `<job>-<index>` and JOB_COMPLETION_INDEX.
   */
  #newPod(job: KubeObject, index: number | undefined): KubeObject {
    if (index === undefined) {
      const pod = podFromTemplate(rec(spec(job).template), job);
      pod.metadata.finalizers = [TRACKING_FINALIZER];
      return pod;
    }
    const pod = podFromTemplate(rec(spec(job).template), job, {
      generateName: `${job.metadata.name}-${index}-`,
      labels: { [COMPLETION_INDEX]: String(index) },
    });
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
    pod.metadata.finalizers = [TRACKING_FINALIZER];
    const ps = rec(pod.spec);
    ps.hostname = `${job.metadata.name}-${index}`;
    const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } };
    for (const c of [...records(ps.initContainers), ...records(ps.containers)]) {
      if (!records(c.env).some((e) => e.name === env.name)) c.env = [...records(c.env), structuredClone(env)];
    }
    return pod;
  }

  #deletePods(job: KubeObject, pods: KubeObject[]): void {
    for (const pod of [...pods].sort(byCreation)) {
      if (this.#ctx.delete('', 'pods', pod.metadata.namespace, pod.metadata.name, undefined, pod.metadata.uid)) {
        this.#ctx.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
      }
    }
  }

  /** Removes the tracking finalizer (a pod being deleted then goes away). */
  #release(pod: KubeObject): void {
    const current = this.#ctx.get('', 'pods', pod.metadata.namespace, pod.metadata.name);
    if (!current || current.metadata.uid !== pod.metadata.uid) return;
    const rest = finalizersOf(current).filter((f) => f !== TRACKING_FINALIZER);
    this.#ctx.update('', 'pods', current, { ...current, metadata: { ...current.metadata, finalizers: rest.length ? rest : undefined } });
  }
}
