// kcurl scale: usage, help text and flags (loaded on every run; the run code lazily).
import { defineFlags, dryRunFlag, filenameFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const SCALE_HELP: CommandHelp = {
  usage: 'kcurl scale --replicas=COUNT (-f FILENAME | TYPE NAME | TYPE/NAME) [--dry-run=server|client|none]',
  summary: 'Set a new size for a deployment, replica set, replication controller or stateful set (PATCH …/scale)',
  examples: [['Scale a deployment named foo to 3', 'kcurl scale --replicas=3 deployment/foo']],
};

export const SCALE_FLAGS = defineFlags([
  { name: 'replicas', type: 'number', desc: 'The new desired number of replicas (required)', default: -1 },
  dryRunFlag('none, client (send only the GET) or server (dryRun=All)'),
  outputFlag(),
  ...filenameFlags('to scale (kubectl sends no GET for them)'),
] as const);

export type ScaleFlags = CommandOptions<typeof SCALE_FLAGS>;
