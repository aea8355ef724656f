// kcurl get: complete (credentials, catalog) → plan → run (src/plan/run-plan.ts: show, send, pages) → present.
import { ApiStatusError, formatError } from '../../errors.js';
import { parseStatus } from '../../http/status.js';
import { runPlan } from '../../plan/run-plan.js';
import { parseTableJson } from '../../output/table-json.js';
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
  // kubectl get reports a server error for one request and goes on with the others.
  // A Table's row objects are read only for -A, -L, --show-labels, --sort-by and kind/name prefixes (several
  // types): otherwise they are left as text (parseTableJson); when they will all be read, JSON.parse is quicker.
  const readsRowObjects = opts.sortBy !== undefined || opts.allNamespaces || opts.showLabels || opts.labelColumns.length > 0 || opts.targets.length > 1;
  const parse = opts.output.kind === 'table' && !readsRowObjects ? parseTableJson : undefined;
  const run = await runPlan(session, plan, { json: (step) => !step.onlyAfter, onError: 'continue', parse });
  if (!run) return 0;

  // One call per target and name, in the plan's order; the namespace check the plan holds after a named get
  // (namespaceCheckAfter) ran only after a NotFound, and a NotFound of it is the error kubectl reports.
  const calls = run.filter((r) => !r.step.onlyAfter);
  const errors: ApiStatusError[] = [];
  const results: TargetResult[] = targets.map((target) => ({ target, responses: [] }));
  calls.forEach((sent, i) => {
    const result = results[targetOfCall(targets, i)];
    if (!sent.error) return void result.responses.push(...sent.answers);
    const check = run.find((r) => r.step.onlyAfter?.step === sent.index && r.responses[0]?.status === 404)?.responses[0];
    errors.push(check ? new ApiStatusError(check.status, parseStatus(check)) : sent.error);
  });
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

/** The target the i-th call of planGet reads: each target has one call per name (one for a list). */
function targetOfCall(targets: ResolvedTarget[], i: number): number {
  for (let t = 0; t < targets.length; t++) {
    i -= Math.max(1, targets[t].names.length);
    if (i < 0) return t;
  }
  return targets.length - 1;
}
