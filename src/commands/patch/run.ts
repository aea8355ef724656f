// kcurl patch: GET each object (cli-runtime's builder), then PATCH it with the given patch re-encoded as JSON
// (kubectl's yaml.ToJSON), Content-Type by --type; "patched (no change)" when the answer equals what the GET read.
import { ApiStatusError, KcurlError, inputError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { parseStatus } from '../../http/status.js';
import { apiPath } from '../../kube/resources.js';
import { decodeManifestStream } from '../../manifest/yaml11.js';
import { goJsonMarshal } from '../../output/go-format.js';
import { printObjects } from '../../output/json-yaml.js';
import { namespaceCheckStep } from '../../plan/namespace-check.js';
import { ACCEPT, type RequestStep, bodyStep } from '../../plan/request-plan.js';
import { showWhenOffline } from '../../plan/run-plan.js';
import { parseTargets } from '../get/options.js';
import { StepShower, exitWithErrors, kindSlashName, parseDryRun, warnBareDryRun, writeQuery } from '../apply/objects.js';
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
  if (positionals.length === 0) throw usageError('You must provide one or more resources by argument or filename.');
  const dryRun = parseDryRun(flags.dryRun);
  if (dryRun === 'client' && type === 'strategic') {
    throw usageError(
      "kcurl patch --dry-run=client applies json and merge patches only (a strategic merge needs the type's schema)",
      'use --dry-run=server, or --type merge',
    );
  }
  warnBareDryRun(session, flags);
  const creds = await session.credentials();
  const namespace = given.has('namespace') ? flags.namespace : creds.namespace.value;
  const parsed = parseTargets(positionals);
  const types = await session.resolveTypes(parsed.map((t) => t.type));
  const targets = parsed.flatMap((t, i) => {
    if (t.names.length === 0) throw usageError('resource(s) were provided, but no name was specified');
    return t.names.map((name) => ({ resource: types[i], name, namespace: types[i].namespaced ? namespace : undefined }));
  });
  const getStep = (t: (typeof targets)[number]): RequestStep => ({
    method: 'GET',
    path: apiPath(t.resource, { namespace: t.namespace, name: t.name }),
    query: [],
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `read ${t.resource.singularName} "${t.name}"`,
    kind: 'get',
    role: 'call',
  });
  const patchStep = (t: (typeof targets)[number]): RequestStep =>
    bodyStep(
      'PATCH',
      apiPath(t.resource, { namespace: t.namespace, name: t.name }),
      writeQuery({ fieldManager: flags.fieldManager, dryRun }),
      JSON.stringify(patch),
      CONTENT_TYPES[type],
      `${type} patch of ${t.resource.singularName} "${t.name}"`,
    );
  const command = 'kubectl patch';
  const known = await session.finalize({ command, steps: targets.flatMap((t) => (dryRun === 'client' ? [getStep(t)] : [getStep(t), patchStep(t)])) });
  if (await showWhenOffline(session, known)) return 0;
  const shower = new StepShower(session);
  const send = async (step: RequestStep) => {
    const plan = await session.finalize({ command, steps: [step] });
    await shower.show(plan);
    return session.send(plan.steps[0]);
  };
  const errors: unknown[] = [];
  for (const t of targets) {
    const got = await send(getStep(t));
    if (got.status >= 300) {
      if (got.status === 404 && t.namespace && t.namespace !== 'default') {
        const ns = await send(namespaceCheckStep(t.namespace));
        if (ns.status === 404) {
          errors.push(new ApiStatusError(ns.status, parseStatus(ns)));
          continue;
        }
      }
      errors.push(new ApiStatusError(got.status, parseStatus(got)));
      continue;
    }
    const before = JSON.parse(got.body) as Record<string, unknown>;
    let after: Record<string, unknown>;
    if (dryRun === 'client') {
      const { applyMergePatch } = await import('../../sandbox/patch/merge-patch.js');
      const { applyJsonPatch, parseJsonPatch } = await import('../../sandbox/patch/json-patch.js');
      try {
        after = (type === 'merge' ? applyMergePatch(before, patch) : applyJsonPatch(before, parseJsonPatch(patch))) as Record<string, unknown>;
      } catch (e) {
        throw new KcurlError('KCURL_INPUT', `error: unable to apply the patch to ${kindSlashName(t.resource, t.name)}: ${(e as Error).message}`);
      }
    } else {
      const res = await send(patchStep(t));
      if (res.status >= 300) {
        errors.push(new ApiStatusError(res.status, parseStatus(res)));
        continue;
      }
      after = JSON.parse(res.body) as Record<string, unknown>;
    }
    const changed = goJsonMarshal(before) !== goJsonMarshal(after);
    if (output === 'json' || output === 'yaml') session.io.stdout.write(printObjects(output, after));
    else if (output === 'name') session.io.stdout.write(`${kindSlashName(t.resource, t.name)}\n`);
    else session.io.stdout.write(`${kindSlashName(t.resource, t.name)} patched${changed || dryRun === 'client' ? '' : ' (no change)'}\n`);
  }
  return exitWithErrors(session, errors);
}
