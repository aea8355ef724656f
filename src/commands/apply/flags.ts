// kcurl apply: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags, dryRunFlag, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const APPLY_HELP: CommandHelp = {
  usage: 'kcurl apply -f FILENAME|DIR|URL|- [-R] [--server-side [--force-conflicts]] [--dry-run=none|client|server] [flags]',
  summary: 'Create or update objects from manifests (GET, then POST or a three-way strategic merge PATCH, as kubectl apply)',
  examples: [
    ['Apply the configuration in pod.yaml, showing each request as curl', 'kcurl apply -f pod.yaml --show-curl'],
    ['Print a bash script that creates or patches the objects, without contacting the cluster', 'kcurl apply -f ./manifests/ -R --offline'],
    ['Apply on the server (PATCH application/apply-patch+yaml) and take over conflicting fields', 'kcurl apply --server-side --force-conflicts -f deploy.yaml'],
    ['Ask the server what would change without persisting it', 'kcurl apply -f pod.yaml --dry-run=server'],
  ],
};

export const APPLY_FLAGS = defineFlags([
  { name: 'filename', short: 'f', type: 'array', desc: 'Files, directories, URLs or - (standard input) with the objects to apply (repeatable)' },
  { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
  { name: 'selector', short: 'l', type: 'string', desc: 'Apply only the objects of the files whose labels match this selector' },
  { name: 'server-side', type: 'boolean', desc: 'Apply on the server (server-side apply) instead of computing a patch locally' },
  { name: 'force-conflicts', type: 'boolean', desc: 'With --server-side: take ownership of fields other managers own' },
  dryRunFlag('none, client (send nothing that changes state) or server (dryRun=All)'),
  {
    name: 'field-manager',
    type: 'string',
    desc: 'Name of the manager tracking field ownership (default kubectl-client-side-apply, or kubectl with --server-side)',
  },
  {
    name: 'validate',
    type: 'string',
    suggest: ['strict', 'warn', 'ignore'],
    desc: 'strict (fieldValidation=Strict), warn or ignore',
    default: 'strict',
    noOptDefault: 'strict',
  },
  outputFlag(),
  { name: 'prune', type: 'boolean', desc: 'Not supported by kcurl (refused)', hidden: true },
  { name: 'kustomize', short: 'k', type: 'string', desc: 'Not supported by kcurl (refused)', hidden: true },
] as const);

export type ApplyFlags = CommandOptions<typeof APPLY_FLAGS>;
