// kcurl apply: flags → ApplyOptions, with kubectl apply's Complete/Validate checks that need no server.
import { usageError } from '../../errors.js';
import { validateLabelSelector } from '../../kube/selectors.js';
import { kustomizeRefused } from '../../manifest/read.js';
import { type DryRun, parseDryRun, parseValidate } from './objects.js';
import type { ApplyFlags } from './flags.js';

export interface ApplyOptions {
  filenames: string[];
  recursive: boolean;
  serverSide: boolean;
  forceConflicts: boolean;
  dryRun: DryRun;
  fieldManager: string;
  fieldValidation: string;
  output: '' | 'name' | 'json' | 'yaml';
  /** -l: only objects whose labels match are applied. */
  labelSelector?: string;
  /** -n given on the command line (objects in another namespace are refused). */
  explicitNamespace?: string;
}

export function applyOptionsFromFlags(positionals: string[], flags: ApplyFlags, given: ReadonlySet<string>): ApplyOptions {
  if (positionals.length > 0) {
    throw usageError(`Unexpected args: [${positionals.join(' ')}]`, "see 'kcurl apply --help' for usage");
  }
  if (flags.prune) {
    throw usageError('--prune is not supported by kcurl', 'apply without --prune, then delete what you no longer need with kcurl delete');
  }
  if (flags.kustomize !== undefined) throw kustomizeRefused('apply');
  const serverSide = flags.serverSide;
  const forceConflicts = flags.forceConflicts;
  // kubectl apply Validate
  if (forceConflicts && !serverSide) throw usageError('--force-conflicts only works with --server-side');
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output)) {
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  const dryRun = parseDryRun(flags.dryRun);
  if (flags.selector !== undefined) validateLabelSelector(flags.selector);
  if (dryRun === 'client' && serverSide) throw usageError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  const filenames = flags.filename ?? [];
  if (filenames.length === 0) throw usageError('must specify one of -f and -k');
  const fieldManager = given.has('field-manager') ? String(flags.fieldManager) : serverSide ? 'kubectl' : 'kubectl-client-side-apply';
  return {
    filenames,
    recursive: flags.recursive,
    serverSide,
    forceConflicts,
    dryRun,
    fieldManager,
    fieldValidation: parseValidate(flags.validate),
    output: output as ApplyOptions['output'],
    labelSelector: flags.selector,
    explicitNamespace: given.has('namespace') ? flags.namespace : undefined,
  };
}
