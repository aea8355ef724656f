// kcurl get: complete (credentials, catalog) → plan → show → execute (following list pages) → present.
import { ApiStatusError, formatError } from '../../errors.js';
import { ensureOk, parseStatus } from '../../http/status.js';
import { type RequestStep, nextPageStep } from '../../plan/request-plan.js';
import type { Session } from '../../cli/session.js';
import { getOptionsFromFlags } from './options.js';
import { type ResolvedTarget, planGet } from './plan.js';
import type { TargetResult } from './present.js';
import type { GetFlags } from './flags.js';

export async function runGet(session: Session, positionals: string[], flags: GetFlags): Promise<number> {
  if (flags.raw !== undefined) {
    const { runRawGet } = await import('./raw.js');
    return runRawGet(session, positionals, flags.raw, flags.output);
  }
  const opts = getOptionsFromFlags(positionals, flags);
  const creds = await session.credentials();
  const resources = await session.resolveTypes(opts.targets.map((t) => t.type));
  const targets: ResolvedTarget[] = opts.targets.map((t, i) => ({ resource: resources[i], names: t.names }));
  const namespace = creds.namespace.value;
  if (flags.watch || flags.watchOnly) {
    const { runGetWatch } = await import('./watch.js');
    return runGetWatch(session, opts, targets, namespace, { watchOnly: flags.watchOnly, events: flags.outputWatchEvents });
  }
  const plan = await session.finalize(planGet(opts, targets, namespace));
  await session.show(plan);
  if (session.options.offline) return 0;

  const results: TargetResult[] = [];
  const errors: ApiStatusError[] = [];
  let stepIndex = 0;
  for (const target of targets) {
    const result: TargetResult = { target, responses: [] };
    results.push(result);
    const count = Math.max(1, target.names.length);
    for (let i = 0; i < count; i++) {
      const index = stepIndex++;
      const step = plan.steps[index];
      // The namespace check the plan holds for this get, sent only after a NotFound (namespaceCheckAfter).
      const check = plan.steps[stepIndex]?.onlyAfter?.step === index ? plan.steps[stepIndex++] : undefined;
      try {
        result.responses.push(...(await sendFollowingPages(session, step)));
      } catch (err) {
        // kubectl get reports a server error for one request and goes on with the others.
        if (!(err instanceof ApiStatusError)) throw err;
        errors.push((check && err.httpStatus === check.onlyAfter!.status && (await missingNamespace(session, check))) || err);
      }
    }
  }
  // kubectl get (printGeneric): when one object is named and reading it failed, the error is all it prints,
  // not an empty List.
  const singleItemImplied = targets.length === 1 && targets[0].names.length === 1;
  // The printers load only when there is something to print (not for --offline).
  const { presentGet } = await import('./present.js');
  if (!(singleItemImplied && errors.length)) presentGet(session.io, opts, results, { namespace, now: session.io.now(), hadErrors: errors.length > 0 });
  if (errors.length) {
    for (const e of errors) session.io.stderr.write(formatError(e) + '\n');
    return 1;
  }
  return 0;
}

/** The namespace check's NotFound (the error kubectl reports instead of the object's), or undefined when it exists. */
async function missingNamespace(session: Session, check: RequestStep): Promise<ApiStatusError | undefined> {
  const res = await session.send(check);
  return res.status === 404 ? new ApiStatusError(res.status, parseStatus(res)) : undefined;
}

/** Sends a step and, for lists, every further page the server announces in metadata.continue. */
export async function sendFollowingPages(session: Session, first: RequestStep): Promise<unknown[]> {
  const pages: unknown[] = [];
  let step = first;
  for (;;) {
    const res = await session.send(step);
    ensureOk(res);
    let body: { metadata?: { continue?: string } };
    try {
      body = JSON.parse(res.body);
    } catch {
      throw new ApiStatusError(res.status, { ...parseStatus({ status: 500, body: res.body }), message: `the server sent a response that is not JSON (${step.method} ${step.path})` });
    }
    pages.push(body);
    const next = nextPageStep(first, body);
    if (!next) return pages;
    step = next;
  }
}
