// kcurl rollout pause|resume|restart: GET each object (cli-runtime's builder), then the strategic merge PATCH
// kubectl computes from it (set.CalculatePatches with polymorphichelpers' ObjectPauser, ObjectResumer and
// ObjectRestarter): {"spec":{"paused":true}}, {"spec":{"paused":null}}, or the pod template's
// kubectl.kubernetes.io/restartedAt annotation set to now.
import { ApiStatusError, KcurlError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { apiPath } from '../../kube/resources.js';
import { printObjects } from '../../output/json-yaml.js';
import { ACCEPT, type RequestStep, bodyStep } from '../../plan/request-plan.js';
import { ReadThenPatch, type Target, readStep } from '../shared/read-then-patch.js';
import { knownSteps, rolloutTargets, selectRolloutTargets } from './targets.js';
import { exitWithErrors, kindSlashName, writeQuery } from '../apply/objects.js';
import type { RolloutPatchFlags } from './flags.js';

export type RolloutPatchVerb = 'pause' | 'resume' | 'restart';

type Obj = Record<string, any>;

const isApps = (t: Target, kind: string) => t.resource.kind === kind && (t.resource.group === 'apps' || t.resource.group === 'extensions');

/** `deployments.apps`: how kubectl rollout names a resource in its errors (mapping.Resource.Resource + "." + group). */
export function resourceDotGroup(t: Target): string {
  return t.resource.group ? `${t.resource.resource}.${t.resource.group}` : t.resource.resource;
}

/** time.Now().Format(time.RFC3339): local time, whole seconds, Z or ±hh:mm. */
export function rfc3339Local(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${p(Math.trunc(Math.abs(offset) / 60))}:${p(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

/**
 * The patch kubectl sends for one object, or the reason it refuses (polymorphichelpers' pauser, resumer and
 * restarter; the error words follow them). An empty patch means the object already is as asked.
 */
export function rolloutPatch(verb: RolloutPatchVerb, t: Target, obj: Obj, now: string): { patch: Obj } | { error: string } {
  const deployment = isApps(t, 'Deployment');
  const paused = Boolean(obj.spec?.paused);
  if (verb === 'pause') {
    if (!deployment) return { error: 'pausing is not supported' };
    return paused ? { error: 'is already paused' } : { patch: { spec: { paused: true } } };
  }
  if (verb === 'resume') {
    if (!deployment) return { error: 'resuming is not supported' };
    return paused ? { patch: { spec: { paused: null } } } : { error: 'is not paused' };
  }
  if (deployment && paused) return { error: "can't restart paused deployment (run rollout resume first)" };
  if (!deployment && !isApps(t, 'DaemonSet') && !isApps(t, 'StatefulSet')) return { error: 'restarting is not supported' };
  if (obj.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] === now) return { patch: {} };
  return { patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now } } } } } };
}

/** The strategic merge PATCH (the builder's client: Accept JSON or anything). */
function patchStep(t: Target, patch: Obj, fieldManager: string, verb: RolloutPatchVerb): RequestStep {
  const step = bodyStep(
    'PATCH',
    apiPath(t.resource, { namespace: t.namespace, name: t.name }),
    writeQuery({ fieldManager, dryRun: 'none' }),
    JSON.stringify(patch),
    'application/strategic-merge-patch+json',
    `${verb} ${t.resource.singularName} "${t.name}"`,
  );
  return { ...step, headers: step.headers.map(([k, v]) => (k === 'Accept' ? [k, ACCEPT.jsonAny] : [k, v])) };
}

const DONE: Record<RolloutPatchVerb, string> = { pause: 'paused', resume: 'resumed', restart: 'restarted' };

export async function runRolloutPatch(
  session: Session,
  verb: RolloutPatchVerb,
  positionals: string[],
  flags: RolloutPatchFlags,
  given: ReadonlySet<string>,
): Promise<number> {
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output))
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  const sel = await selectRolloutTargets(session, verb, positionals, flags, given);
  const now = rfc3339Local(session.io.now());
  const getStep = (t: Target) => readStep(t, `read ${t.resource.singularName} "${t.name}"`, ACCEPT.jsonAny);
  const run = new ReadThenPatch(session, `kubectl rollout ${verb}`);
  const offlinePatch = (t: Target) => {
    const planned = rolloutPatch(verb, t, { spec: { paused: verb === 'resume' } }, now);
    return 'patch' in planned ? [patchStep(t, planned.patch, flags.fieldManager, verb)] : [];
  };
  const notes = sel.selected ? ['kubectl then PATCHes each object the list holds'] : undefined;
  if (
    await run.showWhenOffline(
      knownSteps(sel, (t) => [getStep(t), ...offlinePatch(t)]),
      notes,
    )
  )
    return 0;

  const errors: unknown[] = [];
  const read: { t: Target; obj: Obj }[] = [];
  // The builder visits (GETs, or LISTs by label) every object first, then kubectl patches each one it read.
  for (const t of await rolloutTargets(run, sel, errors)) {
    const obj = await run.objectOf(t, getStep(t));
    if (obj instanceof ApiStatusError) errors.push(obj);
    else read.push({ t, obj });
  }
  await patchEach(session, run, verb, read, flags, now, errors);
  return exitWithErrors(session, errors);
}

/** The patch of each object read, printed as kubectl prints it; refusals and failures collected in `errors`. */
async function patchEach(
  session: Session,
  run: ReadThenPatch,
  verb: RolloutPatchVerb,
  read: { t: Target; obj: Obj }[],
  flags: RolloutPatchFlags,
  now: string,
  errors: unknown[],
): Promise<void> {
  const output = flags.output ?? '';
  for (const { t, obj } of read) {
    const planned = rolloutPatch(verb, t, obj, now);
    if ('error' in planned) {
      errors.push(new KcurlError('KCURL_API_STATUS', `error: ${resourceDotGroup(t)} ${JSON.stringify(t.name)} ${planned.error}`));
      continue;
    }
    if (Object.keys(planned.patch).length === 0) {
      // kubectl rollout restart: the annotation already holds this second's time.
      errors.push(
        new KcurlError(
          'KCURL_API_STATUS',
          `failed to create patch for ${t.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
        ),
      );
      continue;
    }
    const answer = await run.write(patchStep(t, planned.patch, flags.fieldManager, verb));
    if (answer instanceof ApiStatusError) {
      errors.push(answer);
      continue;
    }
    if (output === 'json' || output === 'yaml') session.io.stdout.write(printObjects(output, answer));
    else if (output === 'name') session.io.stdout.write(`${kindSlashName(t.resource, t.name)}\n`);
    else session.io.stdout.write(`${kindSlashName(t.resource, t.name)} ${DONE[verb]}\n`);
  }
}
