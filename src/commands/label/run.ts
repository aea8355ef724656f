// kcurl label / kcurl annotate: GET each object, change its labels or annotations as kubectl does
// (pkg/cmd/label, pkg/cmd/annotate), and send the difference as a JSON merge PATCH (fieldManager=kubectl-label
// or kubectl-annotate). The PATCH's body depends on the GET's answer, so the snippet is shown once it is known.
import { ApiStatusError, KcurlError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { apiPath } from '../../kube/resources.js';
import { printObjects } from '../../output/json-yaml.js';
import { bodyStep } from '../../plan/request-plan.js';
import { ReadThenPatch, type Target, fromFiles, readStep, resolveCommandTargets } from '../shared/read-then-patch.js';
import { dryRunSuffix, exitWithErrors, kindSlashName, parseDryRun, warnBareDryRun, writeQuery } from '../apply/objects.js';
import type { AnnotateFlags, LabelFlags } from './flags.js';

type Field = 'labels' | 'annotations';

const WORDS = {
  labels: { verb: 'label', done: 'labeled', undone: 'unlabeled', unchanged: 'not labeled' },
  annotations: { verb: 'annotate', done: 'annotated', undone: 'annotated', unchanged: 'annotated' },
};

/** KEY=VALUE and KEY- arguments after the resource arguments (kubectl's label/annotate argument split). */
export function splitChanges(field: Field, args: string[], withFiles = false): { resources: string[]; set: [string, string][]; remove: string[] } {
  const resources: string[] = [];
  const set: [string, string][] = [];
  const remove: string[] = [];
  let inChanges = false;
  for (const a of args) {
    if (a.includes('=') || a.endsWith('-')) inChanges = true;
    if (!inChanges) {
      resources.push(a);
      continue;
    }
    if (a.includes('=')) {
      const eq = a.indexOf('=');
      const key = a.slice(0, eq);
      if (set.some(([k]) => k === key)) throw usageError(`${field === 'labels' ? 'label' : 'annotation'} ${key} is defined more than once`);
      set.push([key, a.slice(eq + 1)]);
    } else if (a.endsWith('-')) remove.push(a.slice(0, -1));
    else throw usageError(`invalid ${field === 'labels' ? 'label' : 'annotation'} format: ${a}`);
  }
  if (set.length + remove.length === 0) throw usageError(`at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
  if (resources.length === 0 && !withFiles) throw usageError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  for (const k of remove)
    if (set.some(([s]) => s === k)) throw usageError(`can not both modify and remove ${field === 'labels' ? 'a label' : 'an annotation'} in the same command`);
  return { resources, set, remove };
}

/** The new map and the merge patch from old to new ({} when nothing changes). */
export function changeMap(
  field: Field,
  old: Record<string, string> | undefined,
  set: [string, string][],
  remove: string[],
  overwrite: boolean,
): { next: Record<string, string>; patch: Record<string, string | null>; warnings: string[] } {
  const current = old ?? {};
  if (!overwrite) {
    const clashes = set.filter(([k, v]) => k in current && current[k] !== v).map(([k]) => `'${k}' already has a value (${current[k]})`);
    if (clashes.length) {
      throw new KcurlError(
        'KCURL_USAGE',
        field === 'labels'
          ? `${clashes.map((c) => `${c}, and --overwrite is false`).join(', ')}`
          : `--overwrite is false but found the following declared annotation(s): ${clashes.join(', ')}`,
      );
    }
  }
  const next = { ...current };
  const warnings: string[] = [];
  for (const [k, v] of set) next[k] = v;
  for (const k of remove) {
    if (!(k in next)) warnings.push(`${field === 'labels' ? 'label' : 'annotation'} "${k}" not found.`);
    delete next[k];
  }
  const patch: Record<string, string | null> = {};
  for (const k of Object.keys(current)) if (!(k in next)) patch[k] = null;
  for (const [k, v] of Object.entries(next)) if (current[k] !== v) patch[k] = v;
  return { next, patch, warnings };
}

export async function runLabel(
  session: Session,
  field: Field,
  positionals: string[],
  flags: LabelFlags | AnnotateFlags,
  given: ReadonlySet<string>,
): Promise<number> {
  const words = WORDS[field];
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output))
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  const { resources, set, remove } = splitChanges(field, positionals, fromFiles(flags));
  const dryRun = parseDryRun(flags.dryRun);
  warnBareDryRun(session, flags);
  const creds = await session.credentials();
  const explicit = given.has('namespace') ? flags.namespace : undefined;
  const namespace = explicit ?? creds.namespace.value;
  const targets = await resolveCommandTargets(session, words.verb, resources, flags, namespace, explicit, true);
  const getStep = (t: Target) => readStep(t, `read ${t.resource.singularName} "${t.name}" (its current ${field})`);
  const run = new ReadThenPatch(session, `kubectl ${words.verb}`);
  const notes = [`kubectl then PATCHes each object with the change to its ${field} as a JSON merge patch (its body depends on the answer)`];
  if (await run.showWhenOffline(targets.map(getStep), notes)) return 0;
  const errors: unknown[] = [];
  for (const t of targets) {
    const object = (await run.read(t, getStep(t))) as ({ metadata?: Record<string, unknown> } & Record<string, unknown>) | ApiStatusError;
    if (object instanceof ApiStatusError) {
      errors.push(object);
      continue;
    }
    const old = object.metadata?.[field] as Record<string, string> | undefined;
    const { next, patch, warnings } = changeMap(field, old, set, remove, flags.overwrite);
    // kubectl prints these on stdout.
    warnings.forEach((w) => session.io.stdout.write(`${w}\n`));
    const changed = Object.keys(patch).length > 0;
    const message = !changed ? words.unchanged : !flags.overwrite && Object.keys(next).length < Object.keys(old ?? {}).length ? words.undone : words.done;
    let result: Record<string, unknown> = { ...object, metadata: { ...object.metadata, [field]: next } };
    if (dryRun !== 'client') {
      const body = JSON.stringify(changed ? { metadata: { [field]: patch } } : {});
      const step = bodyStep(
        'PATCH',
        apiPath(t.resource, { namespace: t.namespace, name: t.name }),
        writeQuery({ fieldManager: flags.fieldManager, dryRun }),
        body,
        'application/merge-patch+json',
        `change the ${field} of ${t.resource.singularName} "${t.name}"`,
      );
      const answer = await run.write(step);
      if (answer instanceof ApiStatusError) {
        errors.push(answer);
        continue;
      }
      result = answer;
    }
    if (output === 'json' || output === 'yaml') session.io.stdout.write(printObjects(output, result));
    else if (output === 'name') session.io.stdout.write(`${kindSlashName(t.resource, t.name)}\n`);
    else session.io.stdout.write(`${kindSlashName(t.resource, t.name)} ${message}${dryRunSuffix(dryRun)}\n`);
  }
  return exitWithErrors(session, errors);
}
