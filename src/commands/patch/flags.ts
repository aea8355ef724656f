// kcurl patch: usage, help text and flags (loaded on every run; the run code lazily).
import { defineFlags, dryRunFlag, fieldManagerFlag, filenameFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const PATCH_HELP: CommandHelp = {
  usage: 'kcurl patch (-f FILENAME | TYPE NAME | TYPE/NAME) [-p PATCH|--patch-file FILE] [--type strategic|merge|json] [--dry-run=server|client|none]',
  summary: 'Update fields of a resource with a strategic merge, JSON merge or JSON patch (GET, then PATCH)',
  examples: [
    ['Partially update a node using a strategic merge patch', 'kcurl patch node k8s-node-1 -p \'{"spec":{"unschedulable":true}}\''],
    [
      "Update a container's image using a JSON patch",
      'kcurl patch pod valid-pod --type=json -p=\'[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]\'',
    ],
  ],
};

export const PATCH_FLAGS = defineFlags([
  { name: 'patch', short: 'p', type: 'string', desc: 'The patch to be applied to the resource JSON file' },
  { name: 'patch-file', type: 'string', desc: 'A file containing a patch to be applied to the resource' },
  {
    name: 'type',
    type: 'string',
    suggest: ['json', 'merge', 'strategic'],
    desc: 'The type of patch being provided; one of [json merge strategic]',
    default: 'strategic',
  },
  dryRunFlag('none, client (send only the GET; json and merge patches) or server (dryRun=All)'),
  outputFlag(),
  fieldManagerFlag('kubectl-patch'),
  ...filenameFlags('to patch (kubectl sends no GET for them)'),
] as const);

export type PatchFlags = CommandOptions<typeof PATCH_FLAGS>;
