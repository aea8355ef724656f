// kcurl rollout history and undo: GET the object (cli-runtime's builder), GET it again (the typed client of
// polymorphichelpers' history viewers and rollbackers), then LIST what records its revisions — the ReplicaSets
// of a Deployment, the ControllerRevisions of a DaemonSet or StatefulSet — by its selector, keeping those it
// controls. history prints them; undo PATCHes the chosen revision's pod template back (a JSON patch of
// spec.template and metadata.annotations for a Deployment, the revision's own strategic merge patch otherwise).
import { ApiStatusError, KcurlError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { apiPath } from '../../kube/resources.js';
import { printObjects } from '../../output/json-yaml.js';
import { tabbedString, unalignedString } from '../describe/prefix-writer.js';
import { describePodTemplate } from '../describe/pod-text.js';
import { labelSelectorString } from '../describe/fields.js';
import { ACCEPT, type RequestStep, bodyStep } from '../../plan/request-plan.js';
import { ReadThenPatch, type Target, readStep } from '../shared/read-then-patch.js';
import { knownSteps, rolloutTargets, selectRolloutTargets } from './targets.js';
import { dryRunSuffix, kindSlashName, parseDryRun, warnBareDryRun, writeQuery } from '../apply/objects.js';
import type { RolloutHistoryFlags, RolloutUndoFlags } from './flags.js';

type Obj = Record<string, any>;

const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const REVISION = 'deployment.kubernetes.io/revision';
// polymorphichelpers/rollback.go annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet.
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

type Workload = 'Deployment' | 'DaemonSet' | 'StatefulSet';

function workloadOf(t: Target): Workload | undefined {
  const { kind, group } = t.resource;
  if (group !== 'apps' && group !== 'extensions') return undefined;
  return kind === 'Deployment' || kind === 'DaemonSet' || kind === 'StatefulSet' ? kind : undefined;
}

/** One revision: its number, the pod template it ran, and the object that records it. */
interface Revision {
  revision: number;
  template: Obj;
  record: Obj;
}

const typedGetStep = (t: Target): RequestStep => readStep(t, `read ${t.resource.singularName} "${t.name}" (the history viewer's own GET)`);

function recordsStep(t: Target, owner: Obj): RequestStep {
  const workload = workloadOf(t);
  const resource = workload === 'Deployment' ? 'replicasets' : 'controllerrevisions';
  const selector = labelSelectorString(owner.spec?.selector);
  if (selector === undefined) throw new KcurlError('KCURL_API_STATUS', `${t.resource.resource} "${t.name}" has an invalid label selector`);
  return {
    method: 'GET',
    path: `/apis/apps/v1/namespaces/${t.namespace ?? 'default'}/${resource}`,
    query: selector ? [['labelSelector', selector]] : [],
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `list the ${resource} that record the revisions of ${t.resource.singularName} "${t.name}"`,
    kind: 'list',
    role: 'call',
  };
}

/** metav1.IsControlledBy: the record's controller owner reference names the owner's UID. */
function controlledBy(record: Obj, owner: Obj): boolean {
  return (record.metadata?.ownerReferences ?? []).some((r: Obj) => r.controller === true && r.uid === owner.metadata?.uid);
}

/** The revisions the records hold, as the history viewers read them (later records win a shared number). */
function revisionsOf(workload: Workload, owner: Obj, records: Obj[]): Revision[] {
  const byNumber = new Map<number, Revision>();
  for (const record of records) {
    if (!controlledBy(record, owner)) continue;
    if (workload === 'Deployment') {
      // deploymentutil.Revision: the revision annotation, an int64; a ReplicaSet without one is skipped.
      const text = record.metadata?.annotations?.[REVISION];
      if (text === undefined || !/^-?\d+$/.test(text)) continue;
      byNumber.set(Number(text), { revision: Number(text), template: record.spec?.template ?? {}, record });
    } else {
      // A ControllerRevision's data is the strategic merge patch {"spec":{"template":{…,"$patch":"replace"}}}.
      const { $patch: _replace, ...template } = (record.data?.spec?.template ?? {}) as Obj;
      byNumber.set(Number(record.revision ?? 0), { revision: Number(record.revision ?? 0), template, record });
    }
  }
  return [...byNumber.values()].sort((a, b) => a.revision - b.revision);
}

/** Reads the object's revisions: the typed GET, then the LIST of its records. */
async function readRevisions(run: ReadThenPatch, t: Target): Promise<{ owner: Obj; revisions: Revision[] }> {
  const owner = await run.write(typedGetStep(t));
  if (owner instanceof ApiStatusError) throw owner;
  const list = await run.write(recordsStep(t, owner));
  if (list instanceof ApiStatusError) throw list;
  return { owner, revisions: revisionsOf(workloadOf(t)!, owner, (list.items ?? []) as Obj[]) };
}

/** printTemplate: describe's "Pod Template:" section, without a tabwriter. */
function printTemplate(template: Obj): string {
  return unalignedString((w) => describePodTemplate(template, w));
}

function historyText(revisions: Revision[], revision: number): string {
  if (revisions.length === 0) return 'No rollout history found.';
  if (revision > 0) {
    const found = revisions.find((r) => r.revision === revision);
    if (!found) throw new KcurlError('KCURL_API_STATUS', 'unable to find the specified revision');
    return printTemplate(found.template);
  }
  return tabbedString((w) => {
    w.write(0, 'REVISION\tCHANGE-CAUSE\n');
    for (const r of revisions) {
      const source = r.record.metadata?.annotations ?? {};
      w.write(0, `${r.revision}\t${source[CHANGE_CAUSE] || '<none>'}\n`);
    }
  });
}

const builderGet = (t: Target) => readStep(t, `read ${t.resource.singularName} "${t.name}"`, ACCEPT.jsonAny);

export async function runRolloutHistory(session: Session, positionals: string[], flags: RolloutHistoryFlags, given: ReadonlySet<string>): Promise<number> {
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output))
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  const sel = await selectRolloutTargets(session, 'history', positionals, flags, given);
  const run = new ReadThenPatch(session, 'kubectl rollout history');
  if (
    await run.showWhenOffline(
      knownSteps(sel, (t) => [builderGet(t), typedGetStep(t)]),
      ['kubectl then lists the ReplicaSets (Deployment) or ControllerRevisions (DaemonSet, StatefulSet) by the selector the object answered'],
    )
  )
    return 0;
  const errors: unknown[] = [];
  const targets = await rolloutTargets(run, sel, errors, false);
  if (errors.length) throw errors[0];
  const read: { t: Target }[] = [];
  for (const t of targets) {
    const obj = await run.objectOf(t, builderGet(t));
    if (obj instanceof ApiStatusError) throw obj;
    read.push({ t });
  }
  let printed = 0;
  for (const { t } of read) {
    if (!workloadOf(t)) throw new KcurlError('KCURL_API_STATUS', `no history viewer has been implemented for ${JSON.stringify(t.resource.kind)}`);
    const { owner, revisions } = await readRevisions(run, t);
    if (output) {
      printed = printRevisions(session, t, owner, revisions, flags.revision, output as 'name' | 'json' | 'yaml', printed);
      continue;
    }
    const text = historyText(revisions, flags.revision);
    const withRevision = flags.revision > 0 ? `with revision #${flags.revision}` : '';
    // The name printer with the history as its "operation": "deployment.apps/web <op>\n".
    session.io.stdout.write(`${kindSlashName(t.resource, t.name)} ${withRevision}\n${text}\n`);
  }
  return 0;
}

/**
 * history -o: each revision as an object, in revision order (one with --revision), printed as a typed object
 * (kind and apiVersion first, then the fields in the order served). A Deployment's are its ReplicaSets; a
 * DaemonSet's or StatefulSet's are the object itself with the ControllerRevision's patch applied
 * (polymorphichelpers' applyDaemonSetHistory / applyRevision: the pod template replaced by the revision's).
 */
function printRevisions(
  session: Session,
  t: Target,
  owner: Obj,
  revisions: Revision[],
  revision: number,
  output: 'name' | 'json' | 'yaml',
  printed: number,
): number {
  const workload = workloadOf(t);
  let chosen = revisions;
  if (revision > 0) {
    chosen = revisions.filter((r) => r.revision === revision);
    if (chosen.length === 0) throw new KcurlError('KCURL_API_STATUS', 'unable to find the specified revision');
  }
  for (const r of chosen) {
    let object: Obj;
    if (workload === 'Deployment') object = { kind: 'ReplicaSet', apiVersion: 'apps/v1', ...r.record };
    else {
      const { kind: _kind, apiVersion: _apiVersion, ...rest } = owner;
      object = { kind: workload, apiVersion: 'apps/v1', ...rest, spec: { ...owner.spec, template: r.template } };
    }
    if (output === 'name') session.io.stdout.write(`${kindSlashName({ kind: object.kind, group: 'apps' }, object.metadata?.name ?? '')}\n`);
    else {
      // printers.YAMLPrinter: a "---" line before every object but the first.
      if (output === 'yaml' && printed > 0) session.io.stdout.write('---\n');
      session.io.stdout.write(printObjects(output, object, { keepOrder: true }));
    }
    printed++;
  }
  return printed;
}

/** apiequality.Semantic.DeepEqual on decoded JSON: an absent, null, empty map and empty list are alike. */
function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual((a as Obj)[k], (b as Obj)[k]));
  }
  return a === b;
}

/** A pod template without the pod-template-hash label (deploymentutil's EqualIgnoreHash and the rollback patch). */
function withoutHash(template: Obj): Obj {
  const copy = JSON.parse(JSON.stringify(template)) as Obj;
  const metadata: Obj = copy.metadata ?? {};
  if (metadata.labels) {
    delete metadata.labels['pod-template-hash'];
    // A map left empty is omitted (omitempty), as the typed client marshals it.
    if (Object.keys(metadata.labels).length === 0) delete metadata.labels;
  }
  // metav1.ObjectMeta's CreationTimestamp is never omitted: the typed client marshals it as null.
  return { ...copy, metadata: { creationTimestamp: null, ...metadata } };
}

/** The revision to roll back to: --to-revision, or (0) the one before the latest. */
function chooseRevision(workload: Workload, name: string, revisions: Revision[], toRevision: number): Revision {
  const notFound = () => new KcurlError('KCURL_API_STATUS', `unable to find specified revision ${toRevision} in history`);
  if (toRevision < 0) throw notFound();
  if (toRevision > 0) {
    const found = revisions.find((r) => r.revision === toRevision);
    if (!found) throw notFound();
    return found;
  }
  if (revisions.length < 2) {
    if (workload === 'Deployment') throw new KcurlError('KCURL_API_STATUS', `no rollout history found for deployment ${JSON.stringify(name)}`);
    // findHistory finds nothing: reported as revision 0 not found.
    throw notFound();
  }
  return revisions[revisions.length - 2];
}

export async function runRolloutUndo(session: Session, positionals: string[], flags: RolloutUndoFlags, given: ReadonlySet<string>): Promise<number> {
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output))
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  const sel = await selectRolloutTargets(session, 'undo', positionals, flags, given);
  const dryRun = parseDryRun(flags.dryRun);
  if (dryRun === 'client') throw usageError('kcurl rollout undo --dry-run=client is not supported (it sends nothing kubectl would)', 'use --dry-run=server');
  warnBareDryRun(session, flags);
  const run = new ReadThenPatch(session, 'kubectl rollout undo');
  if (
    await run.showWhenOffline(
      knownSteps(sel, (t) => [builderGet(t), typedGetStep(t)]),
      ['kubectl then lists the revisions by the selector the object answered, and PATCHes the chosen revision back'],
    )
  )
    return 0;
  const errors: unknown[] = [];
  const targets = await rolloutTargets(run, sel, errors, false);
  if (errors.length) throw errors[0];
  // The builder's visit: each object is read, rolled back and printed before the next; the first error ends it.
  for (const t of targets) {
    const obj = await run.objectOf(t, builderGet(t));
    if (obj instanceof ApiStatusError) throw obj;
    const workload = workloadOf(t);
    if (!workload) throw new KcurlError('KCURL_API_STATUS', `no rollbacker has been implemented for ${JSON.stringify(t.resource.kind)}`);
    const { owner, revisions } = await readRevisions(run, t);
    const target = chooseRevision(workload, t.name, revisions, flags.toRevision);
    let body: string;
    let contentType: string;
    let result = 'rolled back';
    if (workload === 'Deployment') {
      if (owner.spec?.paused)
        throw new KcurlError('KCURL_API_STATUS', "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
      const template = withoutHash(target.template);
      if (semanticEqual(template, withoutHash(owner.spec?.template ?? {})))
        result = `skipped rollback (current template already matches revision ${target.revision})`;
      const annotations: Record<string, string> = {};
      const current: Record<string, string> = owner.metadata?.annotations ?? {};
      for (const k of ANNOTATIONS_TO_SKIP) if (k in current) annotations[k] = current[k];
      for (const [k, v] of Object.entries((target.record.metadata?.annotations ?? {}) as Record<string, string>))
        if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
      body = JSON.stringify([
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ]);
      contentType = 'application/json-patch+json';
    } else {
      // daemonSetMatch / statefulSetMatch: the revision's patch already describes the current template.
      const { $patch: _replace, ...current } = (owner.spec?.template ?? {}) as Obj;
      if (semanticEqual(current, target.template)) result = `skipped rollback (current template already matches revision ${target.revision})`;
      body = JSON.stringify(target.record.data ?? {});
      contentType = 'application/strategic-merge-patch+json';
    }
    if (!result.startsWith('skipped')) {
      const patched = await run.write(
        bodyStep(
          'PATCH',
          apiPath(t.resource, { namespace: t.namespace, name: t.name }),
          writeQuery({ dryRun }),
          body,
          contentType,
          `roll ${t.resource.singularName} "${t.name}" back to revision ${target.revision}`,
        ),
      );
      if (patched instanceof ApiStatusError)
        throw new KcurlError('KCURL_API_STATUS', `failed restoring revision ${target.revision}: ${patched.status.message ?? ''}`, { cause: patched });
    }
    // kubectl prints the object its builder read, not the patched one.
    if (output === 'json' || output === 'yaml') session.io.stdout.write(printObjects(output, obj));
    else if (output === 'name') session.io.stdout.write(`${kindSlashName(t.resource, t.name)}\n`);
    else session.io.stdout.write(`${kindSlashName(t.resource, t.name)} ${result}${dryRunSuffix(dryRun)}\n`);
  }
  return 0;
}
