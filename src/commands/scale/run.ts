// kcurl scale: GET each object (cli-runtime's builder), then PATCH its scale subresource with the merge patch
// {"spec":{"replicas":N}}, as kubectl scale does (pkg/kubectl/scale.go ScaleSimple without preconditions).
import { ApiStatusError, KcurlError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { apiPath } from '../../kube/resources.js';
import { printObjects } from '../../output/json-yaml.js';
import { type RequestStep, bodyStep } from '../../plan/request-plan.js';
import { ReadThenPatch, type Target, fromFiles, readStep, resolveCommandTargets } from '../shared/read-then-patch.js';
import { dryRunSuffix, exitWithErrors, kindSlashName, parseDryRun, warnBareDryRun, writeQuery } from '../apply/objects.js';
import type { ScaleFlags } from './flags.js';

export async function runScale(session: Session, positionals: string[], flags: ScaleFlags, given: ReadonlySet<string>): Promise<number> {
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output))
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  if (!given.has('replicas')) throw usageError('required flag(s) "replicas" not set');
  if (flags.replicas < 0) throw usageError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if (positionals.length === 0 && !fromFiles(flags))
    throw usageError(
      'You must provide one or more resources by argument or filename.',
      "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  const dryRun = parseDryRun(flags.dryRun);
  warnBareDryRun(session, flags);
  const creds = await session.credentials();
  const explicit = given.has('namespace') ? flags.namespace : undefined;
  const namespace = explicit ?? creds.namespace.value;
  // kubectl scale's builder has no Latest(): an object from a file is scaled without a GET.
  const targets = await resolveCommandTargets(session, 'scale', positionals, flags, namespace, explicit, false).catch((e: unknown) => {
    // The builder's error, as scale words an empty visit.
    if (e instanceof KcurlError && e.message.startsWith('the namespace from the provided object'))
      throw new KcurlError(e.code, `no objects passed to scale ${e.message}`);
    throw e;
  });
  const getStep = (t: Target) => readStep(t, `read ${t.resource.singularName} "${t.name}"`);
  const scaleStep = (t: Target): RequestStep => {
    const step = bodyStep(
      'PATCH',
      apiPath(t.resource, { namespace: t.namespace, name: t.name, subresource: 'scale' }),
      writeQuery({ dryRun }),
      JSON.stringify({ spec: { replicas: flags.replicas } }),
      'application/merge-patch+json',
      `set the replicas of ${t.resource.singularName} "${t.name}" to ${flags.replicas}`,
    );
    // The scale client's Accept.
    return { ...step, headers: step.headers.map(([k, v]) => (k === 'Accept' ? [k, 'application/json, */*'] : [k, v])) };
  };
  const run = new ReadThenPatch(session, 'kubectl scale');
  const known = (t: Target) => (t.object ? [] : [getStep(t)]);
  if (await run.showWhenOffline(targets.flatMap((t) => (dryRun === 'client' ? known(t) : [...known(t), scaleStep(t)])))) return 0;
  const errors: unknown[] = [];
  const got: { target: Target; object: Record<string, unknown> }[] = [];
  // kubectl reads every object first (the builder's visit), then scales each one.
  for (const t of targets) {
    const object = await run.objectOf(t, getStep(t));
    if (object instanceof ApiStatusError) {
      errors.push(object);
      break;
    }
    got.push({ target: t, object });
  }
  if (errors.length) {
    // The builder's visit stops at the first error; with no object read, kubectl words it as "no objects".
    const first = errors[0];
    if (got.length === 0 && first instanceof ApiStatusError)
      throw new KcurlError('KCURL_API_STATUS', `no objects passed to scale ${first.status.message ?? ''}`, { cause: first });
    throw first;
  }
  for (const { target: t, object } of got) {
    if (dryRun !== 'client') {
      const answer = await run.write(scaleStep(t));
      if (answer instanceof ApiStatusError) {
        errors.push(answer);
        continue;
      }
    }
    if (output === 'json' || output === 'yaml') session.io.stdout.write(printObjects(output, object));
    else if (output === 'name') session.io.stdout.write(`${kindSlashName(t.resource, t.name)}\n`);
    else session.io.stdout.write(`${kindSlashName(t.resource, t.name)} scaled${dryRunSuffix(dryRun)}\n`);
  }
  return exitWithErrors(session, errors);
}
