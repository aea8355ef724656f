// kcurl rollout status: GET the object (cli-runtime's builder), then watch it by name (watchtools.UntilWithSync:
// LIST with metadata.name=NAME, WATCH from the list's resourceVersion), printing the status viewer's line for
// every ADDED and MODIFIED event until the rollout is done (polymorphichelpers/rollout_status.go).
import { ApiStatusError, KcurlError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { parseGoDuration } from '../../kube/duration.js';
import { ACCEPT } from '../../plan/request-plan.js';
import { ReadThenPatch, type Target, readStep } from '../shared/read-then-patch.js';
import { knownSteps, rolloutTargets, selectRolloutTargets } from './targets.js';
import { informerListStep, informerWatchStep, untilWithSync } from '../shared/list-watch.js';
import type { RolloutStatusFlags } from './flags.js';

type Obj = Record<string, any>;

/** A status viewer's answer: the line to print and whether the rollout is done. */
export interface RolloutStatus {
  message: string;
  done: boolean;
}

const fail = (message: string) => new KcurlError('KCURL_API_STATUS', message);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export function deploymentStatus(d: Obj, revision: number): RolloutStatus {
  const name = JSON.stringify(d.metadata?.name ?? '');
  const status = d.status ?? {};
  if (revision > 0) {
    const text = d.metadata?.annotations?.['deployment.kubernetes.io/revision'];
    const current = text === undefined ? 0 : Number(text);
    if (text !== undefined && !/^-?\d+$/.test(text)) throw fail(`cannot get the revision of deployment ${name}: ${text}`);
    if (revision !== current) throw fail(`desired revision (${revision}) is different from the running revision (${current})`);
  }
  if (num(d.metadata?.generation) <= num(status.observedGeneration)) {
    const progressing = (status.conditions ?? []).find((c: Obj) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') throw fail(`deployment ${name} exceeded its progress deadline`);
    const replicas = d.spec?.replicas;
    const updated = num(status.updatedReplicas);
    if (typeof replicas === 'number' && updated < replicas)
      return { message: `Waiting for deployment ${name} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    if (num(status.replicas) > updated)
      return {
        message: `Waiting for deployment ${name} rollout to finish: ${num(status.replicas) - updated} old replicas are pending termination...\n`,
        done: false,
      };
    if (num(status.availableReplicas) < updated)
      return {
        message: `Waiting for deployment ${name} rollout to finish: ${num(status.availableReplicas)} of ${updated} updated replicas are available...\n`,
        done: false,
      };
    return { message: `deployment ${name} successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

export function daemonSetStatus(ds: Obj): RolloutStatus {
  const name = JSON.stringify(ds.metadata?.name ?? '');
  const status = ds.status ?? {};
  if ((ds.spec?.updateStrategy?.type ?? '') !== 'RollingUpdate') throw fail('rollout status is only available for RollingUpdate strategy type');
  if (num(ds.metadata?.generation) <= num(status.observedGeneration)) {
    const desired = num(status.desiredNumberScheduled);
    if (num(status.updatedNumberScheduled) < desired)
      return {
        message: `Waiting for daemon set ${name} rollout to finish: ${num(status.updatedNumberScheduled)} out of ${desired} new pods have been updated...\n`,
        done: false,
      };
    if (num(status.numberAvailable) < desired)
      return {
        message: `Waiting for daemon set ${name} rollout to finish: ${num(status.numberAvailable)} of ${desired} updated pods are available...\n`,
        done: false,
      };
    return { message: `daemon set ${name} successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
}

export function statefulSetStatus(sts: Obj): RolloutStatus {
  const status = sts.status ?? {};
  const strategy = sts.spec?.updateStrategy ?? {};
  if ((strategy.type ?? '') !== 'RollingUpdate') throw fail('rollout status is only available for RollingUpdate strategy type');
  if (num(status.observedGeneration) === 0 || num(sts.metadata?.generation) > num(status.observedGeneration))
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = sts.spec?.replicas;
  if (typeof replicas === 'number' && num(status.readyReplicas) < replicas)
    return { message: `Waiting for ${replicas - num(status.readyReplicas)} pods to be ready...\n`, done: false };
  if (strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (typeof replicas === 'number' && typeof partition === 'number' && num(status.updatedReplicas) < replicas - partition)
      return {
        message: `Waiting for partitioned roll out to finish: ${num(status.updatedReplicas)} out of ${replicas - partition} new pods have been updated...\n`,
        done: false,
      };
    return { message: `partitioned roll out complete: ${num(status.updatedReplicas)} new pods have been updated...\n`, done: true };
  }
  if (status.updateRevision !== status.currentRevision)
    return {
      message: `waiting for statefulset rolling update to complete ${num(status.updatedReplicas)} pods at revision ${status.updateRevision ?? ''}...\n`,
      done: false,
    };
  return { message: `statefulset rolling update complete ${num(status.currentReplicas)} pods at revision ${status.currentRevision ?? ''}...\n`, done: true };
}

/** polymorphichelpers.StatusViewerFor: the viewer of an apps workload, or the error kubectl reports. */
export function statusViewer(t: Target): (obj: Obj, revision: number) => RolloutStatus {
  const { kind, group } = t.resource;
  if (group === 'apps' || group === 'extensions') {
    if (kind === 'Deployment') return deploymentStatus;
    if (kind === 'DaemonSet') return daemonSetStatus;
    if (kind === 'StatefulSet') return statefulSetStatus;
  }
  throw fail(`no status viewer has been implemented for ${kind}`);
}

export async function runRolloutStatus(session: Session, positionals: string[], flags: RolloutStatusFlags, given: ReadonlySet<string>): Promise<number> {
  const sel = await selectRolloutTargets(session, 'status', positionals, flags, given);
  const timeoutNs = parseGoDuration(flags.timeout, '--timeout');
  const getStep = (t: Target) => readStep(t, `read ${t.resource.singularName} "${t.name}"`, ACCEPT.jsonAny);
  const watched = (t: Target) => ({
    resource: t.resource,
    namespace: t.namespace,
    fieldSelector: `metadata.name=${t.name}`,
    what: `${t.resource.singularName} "${t.name}"`,
  });
  const run = new ReadThenPatch(session, 'kubectl rollout status');
  if (
    await run.showWhenOffline(
      knownSteps(sel, (t, i) => [getStep(t), informerListStep(watched(t), '0'), informerWatchStep(watched(t), '', true, 3 * i + 1)]),
      [
        'the watch starts at the resourceVersion the list answered; kubectl reads its events until the rollout is done',
        ...(sel.selected ? ['kubectl then watches each object the list holds (a LIST and WATCH by name), one after the other'] : []),
      ],
    )
  )
    return 0;
  const errors: unknown[] = [];
  const targets = await rolloutTargets(run, sel, errors);
  if (errors.length) throw errors[0];
  // kubectl rollout status visits each object: read (or listed), then watched until its rollout is done.
  for (const t of targets) {
    const obj = await run.objectOf(t, getStep(t));
    if (obj instanceof ApiStatusError) throw obj;
    const viewer = statusViewer(t);
    // watchtools.ContextWithOptionalTimeout: 0 means no timeout.
    const timeoutMs = Number(timeoutNs / 1_000_000n);
    const outcome = await untilWithSync(session, {
      command: 'kubectl rollout status',
      ...watched(t),
      deadline: timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY,
      show: (p) => run.show(p),
      onEvent: (type, obj) => {
        if (type === 'DELETED') throw fail('object has been deleted');
        const { message, done } = viewer(obj, flags.revision);
        session.io.stdout.write(message);
        return done || !flags.watch;
      },
    });
    if (outcome === 'timeout') throw fail('timed out waiting for the condition');
  }
  return 0;
}
