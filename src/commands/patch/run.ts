// kcurl patch: GET each object (cli-runtime's builder), then PATCH it with the given patch re-encoded as JSON
// (kubectl's yaml.ToJSON), Content-Type by --type; "patched (no change)" when the answer equals what the GET read.
import { ApiStatusError, KcurlError, inputError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { apiPath } from '../../kube/resources.js';
import { decodeManifestStream } from '../../manifest/yaml11.js';
import { goJsonMarshal } from '../../output/go-format.js';
import { printObjects } from '../../output/json-yaml.js';
import { type RequestStep, bodyStep } from '../../plan/request-plan.js';
import { ReadThenPatch, type Target, fromFiles, readStep, resolveCommandTargets } from '../shared/read-then-patch.js';
import { exitWithErrors, kindSlashName, parseDryRun, warnBareDryRun, writeQuery } from '../apply/objects.js';
import type { PatchFlags } from './flags.js';

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/** The patch text (YAML or JSON) as the JSON kubectl sends. */
export function patchJson(text: string): unknown {
  let docs;
  try {
    docs = decodeManifestStream(text);
  } catch (e) {
    throw inputError(`unable to parse "${text}": ${(e as Error).message}`);
  }
  if (docs.length === 0 || docs[0].value === null) throw usageError('must specify --patch or --patch-file containing the contents of the patch');
  return docs[0].value;
}

export async function runPatch(session: Session, positionals: string[], flags: PatchFlags, given: ReadonlySet<string>): Promise<number> {
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output))
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  const type = flags.type.toLowerCase();
  if (!(type in CONTENT_TYPES)) throw usageError(`--type must be one of [json merge strategic], not "${flags.type}"`);
  if (flags.patch !== undefined && flags.patchFile !== undefined) throw usageError('cannot specify --patch and --patch-file together');
  const text = flags.patchFile !== undefined ? (await session.io.readFile(flags.patchFile)).toString('utf8') : (flags.patch ?? '');
  if (text === '') throw usageError('must specify --patch or --patch-file containing the contents of the patch');
  const patch = patchJson(text);
  if (positionals.length === 0 && !fromFiles(flags)) throw usageError('You must provide one or more resources by argument or filename.');
  const dryRun = parseDryRun(flags.dryRun);
  if (dryRun === 'client' && type === 'strategic') {
    throw usageError(
      "kcurl patch --dry-run=client applies json and merge patches only (a strategic merge needs the type's schema)",
      'use --dry-run=server, or --type merge',
    );
  }
  warnBareDryRun(session, flags);
  const creds = await session.credentials();
  const explicit = given.has('namespace') ? flags.namespace : undefined;
  const namespace = explicit ?? creds.namespace.value;
  // kubectl patch's builder has no Latest(): an object from a file is patched without a GET.
  const targets = await resolveCommandTargets(session, 'patch', positionals, flags, namespace, explicit, false);
  const getStep = (t: Target) => readStep(t, `read ${t.resource.singularName} "${t.name}"`);
  const patchStep = (t: Target): RequestStep =>
    bodyStep(
      'PATCH',
      apiPath(t.resource, { namespace: t.namespace, name: t.name }),
      writeQuery({ fieldManager: flags.fieldManager, dryRun }),
      JSON.stringify(patch),
      CONTENT_TYPES[type],
      `${type} patch of ${t.resource.singularName} "${t.name}"`,
    );
  const run = new ReadThenPatch(session, 'kubectl patch');
  const known = (t: Target) => (t.object ? [] : [getStep(t)]);
  if (await run.showWhenOffline(targets.flatMap((t) => (dryRun === 'client' ? known(t) : [...known(t), patchStep(t)])))) return 0;
  const errors: unknown[] = [];
  for (const t of targets) {
    const before = await run.objectOf(t, getStep(t));
    if (before instanceof ApiStatusError) {
      errors.push(before);
      continue;
    }
    let after: Record<string, unknown>;
    if (dryRun === 'client') {
      const { applyMergePatch } = await import('../../kube/patch/merge-patch.js');
      const { applyJsonPatchV4, decodeJsonPatchV4, JsonPatchV4Error } = await import('../../kube/patch/json-patch-v4.js');
      try {
        after = (type === 'merge' ? applyMergePatch(before, patch) : applyJsonPatchV4(before, decodeJsonPatchV4(patch))) as Record<string, unknown>;
      } catch (e) {
        // kubectl prints json-patch's own error for a JSON patch it applies client-side (a merge patch cannot fail).
        if (e instanceof JsonPatchV4Error) throw new KcurlError('KCURL_INPUT', `error: ${e.message}`);
        throw e;
      }
    } else {
      const answer = await run.write(patchStep(t));
      if (answer instanceof ApiStatusError) {
        errors.push(answer);
        continue;
      }
      after = answer;
    }
    const changed = goJsonMarshal(before) !== goJsonMarshal(after);
    if (output === 'json' || output === 'yaml') session.io.stdout.write(printObjects(output, after));
    else if (output === 'name') session.io.stdout.write(`${kindSlashName(t.resource, t.name)}\n`);
    else session.io.stdout.write(`${kindSlashName(t.resource, t.name)} patched${changed || dryRun === 'client' ? '' : ' (no change)'}\n`);
  }
  return exitWithErrors(session, errors);
}
