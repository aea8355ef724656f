// kcurl wait: kubectl wait's requests (pkg/cmd/wait). The builder names the objects (GET each named one, or one
// LIST for -l/--all); then, per object, --for=delete GETs it and watches until it is gone, and condition=/jsonpath=
// watch it by name (watchtools.UntilWithSync) until the condition holds. --timeout=0 looks once (a GET).
// --for=create repeats the builder's reads every 0.5 s until no named object is missing, then reads them once more.
import { ApiStatusError, KcurlError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { parseStatus } from '../../http/status.js';
import { parseGoDuration } from '../../kube/duration.js';
import { type ApiResource, apiPath } from '../../kube/resources.js';
import { validateLabelSelector } from '../../kube/selectors.js';
import { findResults, formatResult, parseTemplateRaw, relaxedJsonPathExpression, type JsonPathTemplate } from '../../output/jsonpath.js';
import { ACCEPT, type RequestStep } from '../../plan/request-plan.js';
import { parseTargets } from '../get/options.js';
import { ReadThenPatch, type Target, readStep } from '../shared/read-then-patch.js';
import { exitWithErrors, kindSlashName, formatErrors } from '../apply/objects.js';
import { untilWithSync } from '../shared/list-watch.js';
import type { WaitFlags } from './flags.js';

type Obj = Record<string, any>;

/** What --for asks: a check of one object state, or its deletion. */
type Condition = { kind: 'delete' } | { kind: 'create' } | { kind: 'check'; check: (obj: Obj) => boolean };

/** kubectl wait --for=create: how often the builder's reads are repeated (wait.PollUntilContextTimeout's interval). */
const CREATE_POLL_MS = 500;

/** conditionFuncFor: the --for value as a condition, or the error kubectl gives. */
export function parseCondition(value: string): Condition {
  const lower = value.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (lower.startsWith('condition=')) {
    let name = value.slice('condition='.length);
    let status = 'true';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      status = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return { kind: 'check', check: (obj) => conditionMet(obj, name, status) };
  }
  if (lower.startsWith('jsonpath=')) return jsonPathCondition(value.slice('jsonpath='.length));
  throw new KcurlError('KCURL_USAGE', `unrecognized condition: ${JSON.stringify(value)}`);
}

/** ConditionalWait.checkCondition: the first condition of that type decides, once its generation is observed. */
function conditionMet(obj: Obj, name: string, status: string): boolean {
  const conditions = obj.status?.conditions;
  if (!Array.isArray(conditions)) return false;
  for (const c of conditions as Obj[]) {
    if (typeof c?.type !== 'string' || c.type.toLowerCase() !== name.toLowerCase()) continue;
    if (typeof c.status !== 'string') continue;
    const generation = obj.metadata?.generation;
    if (typeof generation === 'number') {
      const observed = typeof c.observedGeneration === 'number' ? c.observedGeneration : obj.status?.observedGeneration;
      if (typeof observed === 'number' && observed < generation) return false;
    }
    return c.status.toLowerCase() === status.toLowerCase();
  }
  return false;
}

/** processJSONPathInput and JSONPathWait.checkCondition. */
function jsonPathCondition(input: string): Condition {
  const parts = input.split('=');
  if (parts.length > 2)
    throw new KcurlError('KCURL_USAGE', "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'");
  const [expression, expected] = parts;
  if (expected !== undefined && expected === '') throw new KcurlError('KCURL_USAGE', 'jsonpath wait has to have a value after equal sign');
  let template: JsonPathTemplate;
  try {
    template = parseTemplateRaw(relaxedJsonPathExpression(expression));
  } catch (e) {
    throw new KcurlError('KCURL_USAGE', (e as Error).message);
  }
  return {
    kind: 'check',
    check: (obj) => {
      const results = findResults(template, obj, true);
      if (results.length === 0 || results[0].length === 0) return false;
      if (results.length > 1 || results[0].length > 1) throw new KcurlError('KCURL_API_STATUS', 'given jsonpath expression matches more than one value');
      if (expected === undefined) return true;
      const value = results[0][0];
      if (value !== null && typeof value === 'object' && !('literal' in (value as object)))
        throw new KcurlError('KCURL_API_STATUS', 'jsonpath leads to a nested object or list which is not supported');
      return formatResult(value) === expected;
    },
  };
}

export async function runWait(session: Session, positionals: string[], flags: WaitFlags, given: ReadonlySet<string>): Promise<number> {
  const output = flags.output ?? '';
  if (!['', 'name'].includes(output)) throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: name`);
  const condition = parseCondition(flags.for ?? '');
  const timeoutNs = parseGoDuration(flags.timeout, '--timeout');
  // kubectl wait: a negative timeout means a week.
  const timeoutMs = timeoutNs < 0n ? 7 * 24 * 3600 * 1000 : Number(timeoutNs / 1_000_000n);
  if (positionals.length === 0) throw usageError('You must provide one or more resources by argument or filename.');
  if (flags.selector !== undefined) validateLabelSelector(flags.selector);
  const creds = await session.credentials();
  const namespace = given.has('namespace') ? flags.namespace : creds.namespace.value;
  const parsed = parseTargets(positionals);
  const types = await session.resolveTypes(parsed.map((t) => t.type));
  const named: Target[] = [];
  const listings: { resource: ApiResource; namespace?: string }[] = [];
  for (const [i, t] of parsed.entries()) {
    const r = types[i];
    const ns = r.namespaced && !flags.allNamespaces ? namespace : undefined;
    if (t.names.length > 0) {
      if (flags.all || flags.selector !== undefined) throw usageError('name cannot be provided when a selector is specified');
      for (const name of t.names) named.push({ resource: r, name, namespace: r.namespaced ? namespace : undefined });
    } else {
      if (!flags.all && flags.selector === undefined) throw usageError('resource(s) were provided, but no name was specified');
      listings.push({ resource: r, namespace: ns });
    }
  }
  const listStep = (l: { resource: ApiResource; namespace?: string }): RequestStep => ({
    method: 'GET',
    path: apiPath(l.resource, { namespace: l.namespace }),
    query: flags.selector ? [['labelSelector', flags.selector]] : [],
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `list ${l.resource.resource}${l.namespace ? ` in namespace ${l.namespace}` : ''} to find what to wait for`,
    kind: 'list',
    role: 'call',
  });
  const getStep = (t: Target, purpose = `read ${t.resource.singularName} "${t.name}"`) => readStep(t, purpose);
  const run = new ReadThenPatch(session, 'kubectl wait');
  if (
    await run.showWhenOffline(
      [...named.map((t) => getStep(t)), ...listings.map(listStep)],
      [
        condition.kind === 'create'
          ? 'kubectl repeats these reads every 0.5 s until no object is missing, then reads them once more and reports each'
          : 'kubectl then watches each object by name (a LIST, then a WATCH from its resourceVersion) until the condition holds',
      ],
    )
  )
    return 0;

  if (condition.kind === 'create') {
    const failed = await untilCreated(run, named, listings.map(listStep), getStep, timeoutMs);
    if (failed.length) return exitWithErrors(session, failed);
  }

  const isDelete = condition.kind === 'delete';
  const errors: unknown[] = [];
  let visited = 0;
  const visit = async (t: Target): Promise<void> => {
    visited++;
    try {
      const met = await waitFor(session, run, t, condition, timeoutMs);
      if (met) session.io.stdout.write(output === 'name' ? `${kindSlashName(t.resource, t.name)}\n` : `${kindSlashName(t.resource, t.name)} condition met\n`);
    } catch (e) {
      if (e instanceof KcurlError) errors.push(e);
      else throw e;
    }
  };
  // The builder: named objects are read (a NotFound is ignored with --for=delete), listed ones come from the LIST.
  for (const t of named) {
    const got = await run.read(t, getStep(t));
    if (got instanceof ApiStatusError) {
      if (isDelete && got.httpStatus === 404) continue;
      errors.push(got);
      continue;
    }
    await visit(t);
  }
  for (const l of listings) {
    const res = await run.send(listStep(l));
    if (res.status >= 300) {
      errors.push(new ApiStatusError(res.status, parseStatus(res)));
      continue;
    }
    for (const item of (JSON.parse(res.body).items ?? []) as Obj[])
      await visit({ resource: l.resource, name: item.metadata?.name ?? '', namespace: l.resource.namespaced ? item.metadata?.namespace : undefined });
  }
  if (errors.length) {
    session.io.stderr.write(`${formatErrors(errors, session.options.debug)}\n`);
    return 1;
  }
  if (visited === 0 && !isDelete) throw new KcurlError('KCURL_API_STATUS', 'no matching resources found');
  return 0;
}

/**
 * kubectl wait --for=create (RunWait): the builder's visit (each named object's GET, the namespace read after a
 * NotFound, each LIST) repeated every 0.5 s from the start, until it ends without a NotFound. One NotFound means
 * "not yet"; any other outcome (several errors aggregated, a Forbidden) ends the wait with them.
 */
async function untilCreated(
  run: ReadThenPatch,
  named: Target[],
  lists: RequestStep[],
  getStep: (t: Target) => RequestStep,
  timeoutMs: number,
): Promise<ApiStatusError[]> {
  const start = Date.now();
  for (let round = 1; ; round++) {
    const errors: ApiStatusError[] = [];
    for (const t of named) {
      const got = await run.read(t, getStep(t));
      if (got instanceof ApiStatusError) errors.push(got);
    }
    for (const list of lists) {
      const res = await run.send(list);
      if (res.status >= 300) errors.push(new ApiStatusError(res.status, parseStatus(res)));
    }
    // utilerrors.Reduce: one error is itself (a NotFound: poll again), several an aggregate (no NotFound).
    if (errors.length === 0 || errors.length > 1 || errors[0].httpStatus !== 404) return errors;
    // The poller's next tick, unless the timeout comes first (--timeout=0: one look).
    const next = start + round * CREATE_POLL_MS;
    if (next >= start + timeoutMs) throw new KcurlError('KCURL_NETWORK', 'timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
}

/** One object: true when the condition is met; a KcurlError when it is not (timeout, gone, bad condition). */
async function waitFor(session: Session, run: ReadThenPatch, t: Target, condition: Condition, timeoutMs: number): Promise<boolean> {
  const timedOut = () => new KcurlError('KCURL_NETWORK', `timed out waiting for the condition on ${t.resource.resource}/${t.name}`);
  const notMet = () => new KcurlError('KCURL_API_STATUS', `condition not met for ${t.resource.resource}/${t.name}`);
  const get = readStep(t, `read ${t.resource.singularName} "${t.name}" (is the condition met?)`);
  const watched = {
    command: 'kubectl wait',
    resource: t.resource,
    namespace: t.namespace,
    fieldSelector: `metadata.name=${t.name}`,
    what: `${t.resource.singularName} "${t.name}"`,
    deadline: Date.now() + timeoutMs,
    show: (p: Parameters<ReadThenPatch['show']>[0]) => run.show(p),
  };
  // IsCreated: the builder's read found it.
  if (condition.kind === 'create') return true;
  if (condition.kind === 'delete') {
    // IsDeleted: GET; a NotFound means gone.
    const res = await run.send(get);
    if (res.status === 404) return true;
    if (res.status >= 300) throw new ApiStatusError(res.status, parseStatus(res));
    if (timeoutMs === 0) throw notMet();
    const outcome = await untilWithSync(session, {
      ...watched,
      precondition: (objects) => objects.length === 0,
      onEvent: (type) => type === 'DELETED',
    });
    if (outcome === 'timeout') throw timedOut();
    return true;
  }
  if (timeoutMs === 0) {
    // --timeout=0: one GET and one look.
    const res = await run.send(get);
    if (res.status >= 300) throw new ApiStatusError(res.status, parseStatus(res));
    if (!condition.check(JSON.parse(res.body) as Obj)) throw notMet();
    return true;
  }
  const outcome = await untilWithSync(session, {
    ...watched,
    precondition: (objects) => {
      if (objects.length === 0)
        throw new ApiStatusError(404, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
          message: `${t.resource.group ? `${t.resource.resource}.${t.resource.group}` : t.resource.resource} "${t.name}" not found`,
        });
      return false;
    },
    // A deleted object: the wait goes on (kubectl's isConditionMet returns false for it).
    onEvent: (type, obj) => (type === 'DELETED' ? false : condition.check(obj)),
  });
  if (outcome === 'timeout') throw timedOut();
  return true;
}
