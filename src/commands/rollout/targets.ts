// Which objects a rollout subcommand acts on, as its builder finds them: TYPE NAME... / TYPE/NAME, -f FILE|DIR
// (-R), or TYPE... -l SELECTOR (one LIST per type, whose items stand for the builder's GETs).
import { usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import type { ApiResource } from '../../kube/resources.js';
import { validateLabelSelector } from '../../kube/selectors.js';
import type { RequestStep } from '../../plan/request-plan.js';
import {
  type FileFlags,
  type ReadThenPatch,
  type Target,
  fromFiles,
  resolveCommandTargets,
  selectorListStep,
  selectorTypes,
} from '../shared/read-then-patch.js';

export interface RolloutSelection {
  /** -l: the types to list and the selector; the targets come from the LISTs' answers. */
  selected?: { resources: ApiResource[]; selector: string; namespace: string };
  /** Named objects or the objects of -f files (each read by name: rollout's builder has Latest()). */
  targets: Target[];
}

export async function selectRolloutTargets(
  session: Session,
  verb: string,
  positionals: string[],
  flags: FileFlags & { selector?: string; namespace?: string },
  given: ReadonlySet<string>,
): Promise<RolloutSelection> {
  if (positionals.length === 0 && !fromFiles(flags))
    throw usageError('required resource not specified', `name the object: kcurl rollout ${verb} deployment/NAME, TYPE -l SELECTOR or -f FILE`);
  const creds = await session.credentials();
  const explicit = given.has('namespace') ? flags.namespace : undefined;
  const namespace = explicit ?? creds.namespace.value ?? 'default';
  if (flags.selector !== undefined && !fromFiles(flags)) {
    validateLabelSelector(flags.selector);
    return { selected: { resources: await selectorTypes(session, positionals), selector: flags.selector, namespace }, targets: [] };
  }
  return { targets: await resolveCommandTargets(session, `rollout ${verb}`, positionals, flags, namespace, explicit, true) };
}

/** The requests known before any answer: the selector's LISTs, else what `known` says for each object. */
export function knownSteps(sel: RolloutSelection, known: (t: Target, i: number) => RequestStep[]): RequestStep[] {
  return sel.selected ? sel.selected.resources.map((r) => selectorListStep(r, sel.selected!.selector, sel.selected!.namespace)) : sel.targets.flatMap(known);
}

/**
 * The objects to act on: the LISTs' items (sent now; a failed LIST goes to `errors`), else the named ones. An
 * empty selection is reported ("No resources found …") by status, restart, pause and resume, not history or undo.
 */
export async function rolloutTargets(run: ReadThenPatch, sel: RolloutSelection, errors: unknown[], sayNone = true): Promise<Target[]> {
  if (!sel.selected) return sel.targets;
  return run.listSelected(sel.selected.resources, sel.selected.selector, sel.selected.namespace, errors, sayNone);
}
