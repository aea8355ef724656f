// kubectl's describers for workload controllers: Deployments (with their old and new ReplicaSets),
// ReplicaSets, StatefulSets, DaemonSets (pod phases of the pods they control), Jobs and CronJobs.
import { ApiStatusError } from '../../errors.js';
import { goSortInPlace } from '../../output/go-sort.js';
import { type DescribeContext, type Describer, arr, errorText, ownObject, refOf, searchEvents } from './context.js';
import {
  type Obj,
  byteCompare,
  controllerOf,
  controllerUid,
  describeEvents,
  formatLabels,
  formatLabelSelector,
  goList,
  intOrString,
  labelSelectorString,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printLabelsMultilineWithIndent,
  rfc1123z,
  since,
  stringMap,
} from './fields.js';
import { relatedListStep } from './plan.js';
import { describePodTemplate } from './pod-text.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './prefix-writer.js';
import { resourceList } from '../../kube/quantity.js';

/** getPodStatusForController: phases of the pods the controller (by uid) owns among those its selector matches. */
async function podStatusForController(
  ctx: DescribeContext,
  namespace: string,
  selector: string,
  uid: string,
): Promise<{ running: number; waiting: number; succeeded: number; failed: number }> {
  const pods = await ctx.list(
    relatedListStep(
      { version: 'v1', resource: 'pods', namespace },
      { labelSelector: selector, chunkSize: ctx.chunkSize, purpose: `list the pods selected by ${selector || '(everything)'}` },
    ),
  );
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    if (controllerUid(pod) !== uid) continue;
    const phase = pod.status?.phase;
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.waiting++;
    else if (phase === 'Succeeded') counts.succeeded++;
    else if (phase === 'Failed') counts.failed++;
  }
  return counts;
}

const selectorOf = (sel: unknown): string => {
  const s = labelSelectorString(sel ?? null);
  if (s === undefined) throw new ApiStatusError(400, { message: 'invalid label selector operator' });
  return s;
};

// ─── Workloads ───────────────────────────────────────────────────────────────────────────────────────────

/** replicaSetsByCreationTimestamp.Less: older first, names breaking ties. */
const replicaSetsByCreation = (a: Obj, b: Obj): boolean => {
  const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  return ta === tb ? byteCompare(a.metadata?.name ?? '', b.metadata?.name ?? '') < 0 : ta < tb;
};

/** apiequality.Semantic.DeepEqual of pod templates without the pod-template-hash label (empty == absent). */
function templatesEqualIgnoringHash(a: Obj | undefined, b: Obj | undefined): boolean {
  const strip = (t: Obj | undefined) => {
    const copy = JSON.parse(JSON.stringify(t ?? {}));
    if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
    return canonical(copy);
  };
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Obj = {};
    for (const k of Object.keys(value).sort()) {
      const c = canonical((value as Obj)[k]);
      if (c !== undefined && !(c && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0 && k !== 'emptyDir')) out[k] = c;
    }
    return out;
  }
  return value;
}

function printReplicaSets(list: Obj[]): string {
  const text = list.map((rs) => `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ');
  return text === '' ? '<none>' : text;
}

const deployment: Describer = async (ctx) => {
  const d = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(d, 'Deployment')) : undefined;
  let oldRSs: Obj[] = [];
  let newRSs: Obj[] = [];
  const selector = labelSelectorString(d.spec?.selector ?? null);
  if (selector !== undefined) {
    try {
      const all = await ctx.list(
        relatedListStep(
          { group: 'apps', version: 'v1', resource: 'replicasets', namespace: d.metadata?.namespace },
          { labelSelector: selector, chunkSize: ctx.chunkSize, purpose: `list the ReplicaSets selected by ${selector || '(everything)'} (old and new)` },
        ),
      );
      const owned = all.filter((rs) => controllerUid(rs) === d.metadata?.uid);
      goSortInPlace(owned, replicaSetsByCreation);
      const newRS = owned.find((rs) => templatesEqualIgnoringHash(rs.spec?.template, d.spec?.template));
      if (newRS) newRSs = [newRS];
      oldRSs = owned.filter((rs) => rs !== newRS && (rs.spec?.replicas ?? 1) !== 0);
    } catch (err) {
      if (!(err instanceof ApiStatusError)) throw err;
    }
  }
  return tabbedString((w) => {
    const meta = d.metadata ?? {};
    const spec = d.spec ?? {};
    const status = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorOf(spec.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru)
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${ru.maxUnavailable === undefined ? '<nil>' : intOrString(ru.maxUnavailable)} max unavailable, ${ru.maxSurge === undefined ? '<nil>' : intOrString(ru.maxSurge)} max surge\n`,
      );
    describePodTemplate(spec.template, w);
    const conditions = arr(status.conditions);
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''}\t${c.reason ?? ''}\n`);
    }
    if (oldRSs.length > 0 || newRSs.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${printReplicaSets(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${printReplicaSets(newRSs)}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

const podsStatusLine = (c: { running: number; waiting: number; succeeded: number; failed: number }) =>
  `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;

const replicaSet: Describer = async (ctx) => {
  const rs = await ownObject(ctx);
  const selector = selectorOf(rs.spec?.selector);
  let counts: Awaited<ReturnType<typeof podStatusForController>> | undefined;
  let podErr: unknown;
  try {
    counts = await podStatusForController(ctx, rs.metadata?.namespace, selector, rs.metadata?.uid);
  } catch (err) {
    if (!(err instanceof ApiStatusError)) throw err;
    podErr = err;
  }
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(rs, 'ReplicaSet')) : undefined;
  return tabbedString((w) => {
    const meta = rs.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    const controlledBy = controllerOf(rs);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    if (podErr || !counts) w.write(LEVEL_0, `error in fetching pods: ${errorText(podErr)}\n`);
    else w.write(LEVEL_0, `${podsStatusLine(counts)}\n`);
    describePodTemplate(rs.spec?.template, w);
    const conditions = arr(rs.status?.conditions);
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''}\t${c.reason ?? ''}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

const statefulSet: Describer = async (ctx) => {
  const ps = await ownObject(ctx);
  const selector = selectorOf(ps.spec?.selector);
  const counts = await podStatusForController(ctx, ps.metadata?.namespace, selector, ps.metadata?.uid);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(ps, 'StatefulSet')) : undefined;
  return tabbedString((w) => {
    const meta = ps.metadata ?? {};
    const spec = ps.spec ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${ps.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(counts)}\n`);
    describePodTemplate(spec.template, w);
    const templates = arr(spec.volumeClaimTemplates);
    if (templates.length === 0) w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    else {
      w.write(LEVEL_0, 'Volume Claims:\n');
      for (const pvc of templates) {
        w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
        const sc = pvc.spec?.storageClassName ?? stringMap(pvc.metadata?.annotations)['volume.beta.kubernetes.io/storage-class'] ?? '';
        w.write(LEVEL_1, `StorageClass:\t${sc}\n`);
        printLabelsMultilineWithIndent(w, '  ', 'Labels', '\t', pvc.metadata?.labels);
        printLabelsMultilineWithIndent(w, '  ', 'Annotations', '\t', pvc.metadata?.annotations);
        const storage = resourceList(pvc.spec?.resources?.requests).get('storage');
        w.write(LEVEL_1, `Capacity:\t${storage ? storage.toString() : '<default>'}\n`);
        w.write(LEVEL_1, `Access Modes:\t${goList(pvc.spec?.accessModes)}\n`);
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

const daemonSet: Describer = async (ctx) => {
  const ds = await ownObject(ctx);
  const selector = selectorOf(ds.spec?.selector);
  const counts = await podStatusForController(ctx, ds.metadata?.namespace, selector, ds.metadata?.uid);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(ds, 'DaemonSet')) : undefined;
  return tabbedString((w) => {
    const meta = ds.metadata ?? {};
    const status = ds.status ?? {};
    // kubectl 1.32's DaemonSet description has no Namespace line.
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(counts)}\n`);
    describePodTemplate(ds.spec?.template, w);
    if (events) describeEvents(events, w, ctx.now);
  });
};

const job: Describer = async (ctx) => {
  const j = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(j, 'Job')) : undefined;
  return tabbedString((w) => {
    const meta = j.metadata ?? {};
    const spec = j.spec ?? {};
    const status = j.status ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    const selector = labelSelectorString(spec.selector ?? null);
    w.write(LEVEL_0, selector === undefined ? 'Selector:\tFailed to get selector: invalid label selector operator\n' : `Selector:\t${selector}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    const controlledBy = controllerOf(j);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (spec.parallelism !== undefined) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, spec.completions !== undefined && spec.completions !== null ? `Completions:\t${spec.completions}\n` : 'Completions:\t<unset>\n');
    if (spec.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (spec.suspend !== undefined) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (spec.backoffLimit !== undefined) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (spec.ttlSecondsAfterFinished !== undefined) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    if (status.startTime && status.completionTime) w.write(LEVEL_0, `Duration:\t${since(status.startTime, new Date(status.completionTime))}\n`);
    if (spec.activeDeadlineSeconds !== undefined) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    if (status.ready === undefined || status.ready === null)
      w.write(LEVEL_0, `Pods Statuses:\t${status.active ?? 0} Active / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed\n`);
    else
      w.write(
        LEVEL_0,
        `Pods Statuses:\t${status.active ?? 0} Active (${status.ready} Ready) / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed\n`,
      );
    if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(status.completedIndexes ?? '', 50)}\n`);
    describePodTemplate(spec.template, w);
    if (events) describeEvents(events, w, ctx.now);
  });
};

function capIndexes(indexes: string, softLimit: number): string {
  if (indexes.length === 0) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  return ix >= indexes.length ? indexes : indexes.slice(0, ix + 1) + '...';
}

const cronJob: Describer = async (ctx) => {
  const cj = await ownObject(ctx);
  const events = ctx.showEvents ? await searchEvents(ctx, refOf(cj, 'CronJob')) : undefined;
  return tabbedString((w) => {
    const meta = cj.metadata ?? {};
    const spec = cj.spec ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${spec.suspend === undefined || spec.suspend === null ? '<unset>' : spec.suspend ? 'True' : 'False'}\n`);
    const opt = (label: string, value: unknown, suffix = '') =>
      w.write(LEVEL_0, value === undefined || value === null ? `${label}:\t<unset>\n` : `${label}:\t${value}${suffix}\n`);
    opt('Successful Job History Limit', spec.successfulJobsHistoryLimit);
    opt('Failed Job History Limit', spec.failedJobsHistoryLimit);
    opt('Starting Deadline Seconds', spec.startingDeadlineSeconds, 's');
    const jt = spec.jobTemplate?.spec ?? {};
    if (jt.selector) {
      const s = labelSelectorString(jt.selector);
      w.write(LEVEL_0, s === undefined ? 'Selector:\tFailed to get selector: invalid label selector operator\n' : `Selector:\t${s}\n`);
    } else w.write(LEVEL_0, 'Selector:\t<unset>\n');
    opt('Parallelism', jt.parallelism);
    opt('Completions', jt.completions);
    if (jt.activeDeadlineSeconds !== undefined) w.write(LEVEL_0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
    describePodTemplate(jt.template, w);
    w.write(LEVEL_0, cj.status?.lastScheduleTime ? `Last Schedule Time:\t${rfc1123z(cj.status.lastScheduleTime)}\n` : 'Last Schedule Time:\t<unset>\n');
    w.write(LEVEL_0, 'Active Jobs:\t');
    const active = arr(cj.status?.active);
    if (active.length === 0) w.writeLine('<none>');
    else {
      w.write(LEVEL_0, active.map((j) => j.name).join(', '));
      w.writeLine('');
    }
    if (events) describeEvents(events, w, ctx.now);
  });
};

export const WORKLOAD_DESCRIBERS: Record<string, Describer> = {
  'apps/StatefulSet': statefulSet,
  'apps/Deployment': deployment,
  'apps/DaemonSet': daemonSet,
  'apps/ReplicaSet': replicaSet,
  'batch/Job': job,
  'batch/CronJob': cronJob,
};
