// kcurl delete: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags, dryRunFlag, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const DELETE_HELP: CommandHelp = {
  args: ['resource-type', 'name'],
  usage: 'kcurl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)] | TYPE/NAME ...) [flags]',
  summary: "Delete objects by name, selector or manifest (DELETE with kubectl's DeleteOptions body, then wait until gone)",
  examples: [
    ['Delete a pod and show the DELETE as curl', 'kcurl delete pod nginx --show-curl'],
    ['Delete the objects of a manifest', 'kcurl delete -f pod.yaml'],
    ['Delete configmaps with a label, leaving their dependents alone', 'kcurl delete cm -l app=web --cascade=orphan'],
  ],
};

export const DELETE_FLAGS = defineFlags([
  { name: 'filename', short: 'f', type: 'array', desc: 'Files, directories, URLs or - with the objects to delete (repeatable)' },
  { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
  { name: 'selector', short: 'l', type: 'string', desc: 'Label selector (e.g. -l key1=value1,key2=value2)' },
  { name: 'field-selector', type: 'string', desc: 'Field selector (e.g. --field-selector metadata.name=x)' },
  { name: 'all', type: 'boolean', desc: 'Delete all objects of the given types in the namespace' },
  { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'With -l or --all: across all namespaces' },
  { name: 'grace-period', type: 'number', desc: 'Seconds given to the object to terminate gracefully (-1: the default)', default: -1 },
  { name: 'now', type: 'boolean', desc: 'Signal the object to stop immediately (--grace-period=1)' },
  { name: 'force', type: 'boolean', desc: 'With --grace-period=0: delete immediately without waiting for confirmation' },
  {
    name: 'cascade',
    type: 'string',
    suggest: ['background', 'foreground', 'orphan'],
    desc: 'background (default), foreground or orphan: propagationPolicy',
    default: 'background',
    noOptDefault: 'background',
  },
  { name: 'wait', type: 'boolean', desc: 'Wait until the objects are gone (default true; --wait=false to return at once)', default: true },
  { name: 'timeout', type: 'string', desc: 'How long to wait for the deletion (0: a week)' },
  { name: 'ignore-not-found', type: 'boolean', desc: 'Treat "not found" as a successful delete' },
  dryRunFlag('none, client (send nothing) or server (dryRun=All)'),
  outputFlag(['name'], 'Output format: name'),
] as const);

export type DeleteFlags = CommandOptions<typeof DELETE_FLAGS>;
