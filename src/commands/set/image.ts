// kcurl set image: GET each object, set the images of its pod template's containers (kubectl set image), and
// send the strategic merge patch kubectl computes: the changed containers by name, with the
// $setElementOrder directive listing every container of the list.
import { ApiStatusError, KcurlError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { apiPath } from '../../kube/resources.js';
import { printObjects } from '../../output/json-yaml.js';
import { bodyStep } from '../../plan/request-plan.js';
import { ReadThenPatch, type Target, fromFiles, readStep, resolveCommandTargets } from '../shared/read-then-patch.js';
import { dryRunSuffix, exitWithErrors, kindSlashName, parseDryRun, warnBareDryRun, writeQuery } from '../apply/objects.js';
import type { SetImageFlags } from './flags.js';

type Obj = Record<string, unknown>;

const ACCEPT_ANY_JSON = 'application/json, */*';
type Container = { name?: string; image?: string } & Obj;

/** Where a kind keeps its pod spec (polymorphichelpers.updatePodSpecForObject). */
function podSpecPath(kind: string): string[] | undefined {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController'].includes(kind)) return ['spec', 'template', 'spec'];
  return undefined;
}

/** The new object and the strategic merge patch from the old one ({} when nothing changes). */
export function setImages(object: Obj, images: [string, string][]): { next: Obj; patch: Obj } {
  const kind = String(object.kind ?? '');
  const path = podSpecPath(kind);
  if (!path)
    throw new KcurlError(
      'KCURL_USAGE',
      `error: ${kind.toLowerCase()} is not a pod template owner; set image supports Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob and ReplicationController`,
    );
  const next = structuredClone(object);
  let spec: Obj = next;
  for (const k of path) spec = (spec[k] ?? {}) as Obj;
  const patchSpec: Obj = {};
  const lists = ['initContainers', 'containers'] as const;
  for (const [name, image] of images) {
    let found = false;
    for (const list of lists) {
      for (const c of (spec[list] as Container[] | undefined) ?? []) {
        if (name === '*' || c.name === name) {
          found = true;
          c.image = image;
        }
      }
    }
    if (!found) throw new KcurlError('KCURL_USAGE', `unable to find container named "${name}"`);
  }
  let oldSpec: Obj = object;
  for (const k of path) oldSpec = (oldSpec[k] ?? {}) as Obj;
  for (const list of lists) {
    const before = (oldSpec[list] as Container[] | undefined) ?? [];
    const after = (spec[list] as Container[] | undefined) ?? [];
    const changed = after.filter((c, i) => c.image !== before[i]?.image).map((c) => ({ image: c.image, name: c.name }));
    if (changed.length === 0) continue;
    patchSpec[`$setElementOrder/${list}`] = after.map((c) => ({ name: c.name }));
    patchSpec[list] = changed;
  }
  if (Object.keys(patchSpec).length === 0) return { next, patch: {} };
  const patch = path.reduceRight<Obj>((inner, k) => ({ [k]: inner }), patchSpec);
  return { next, patch };
}

export async function runSetImage(session: Session, positionals: string[], flags: SetImageFlags, given: ReadonlySet<string>): Promise<number> {
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output))
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  // positionals[0] is the word "image".
  const args = positionals.slice(1);
  const resources = args.filter((a) => !a.includes('='));
  const images = args.filter((a) => a.includes('=')).map((a): [string, string] => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
  if (images.length === 0) throw usageError('at least one image update is required');
  if (resources.length === 0 && !fromFiles(flags)) throw usageError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const dryRun = parseDryRun(flags.dryRun);
  warnBareDryRun(session, flags);
  const creds = await session.credentials();
  const explicit = given.has('namespace') ? flags.namespace : undefined;
  const namespace = explicit ?? creds.namespace.value;
  const targets = await resolveCommandTargets(session, 'set image', resources, flags, namespace, explicit, true);
  // kubectl set's builder asks for JSON or anything.
  const getStep = (t: Target) => readStep(t, `read ${t.resource.singularName} "${t.name}" (its containers)`, ACCEPT_ANY_JSON);
  const run = new ReadThenPatch(session, 'kubectl set image');
  const notes = ['kubectl then PATCHes each object whose images change with a strategic merge patch (its body depends on the answer)'];
  if (await run.showWhenOffline(targets.map(getStep), notes)) return 0;
  const errors: unknown[] = [];
  for (const t of targets) {
    const object = await run.read(t, getStep(t));
    if (object instanceof ApiStatusError) {
      errors.push(object);
      continue;
    }
    const { next, patch } = setImages(object, images);
    let result = next;
    if (dryRun !== 'client') {
      // kubectl sends nothing (and prints nothing) for an object whose images are already set.
      if (Object.keys(patch).length === 0) continue;
      const step = bodyStep(
        'PATCH',
        apiPath(t.resource, { namespace: t.namespace, name: t.name }),
        writeQuery({ fieldManager: flags.fieldManager, dryRun }),
        JSON.stringify(patch),
        'application/strategic-merge-patch+json',
        `set the images of ${t.resource.singularName} "${t.name}"`,
      );
      const answer = await run.write({ ...step, headers: step.headers.map(([k, v]) => (k === 'Accept' ? [k, ACCEPT_ANY_JSON] : [k, v])) });
      if (answer instanceof ApiStatusError) {
        errors.push(answer);
        continue;
      }
      result = answer;
    }
    if (output === 'json' || output === 'yaml') session.io.stdout.write(printObjects(output, result));
    else if (output === 'name') session.io.stdout.write(`${kindSlashName(t.resource, t.name)}\n`);
    else session.io.stdout.write(`${kindSlashName(t.resource, t.name)} image updated${dryRunSuffix(dryRun)}\n`);
  }
  return exitWithErrors(session, errors);
}
