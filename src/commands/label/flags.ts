// kcurl label and kcurl annotate: usage, help text and flags (loaded on every run; the run code lazily).
import { defineFlags, dryRunFlag, fieldManagerFlag, filenameFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

const COMMON = [
  { name: 'overwrite', type: 'boolean', desc: 'Allow existing keys to be overwritten (otherwise a different value is an error)' },
  dryRunFlag('none, client (send only the GET) or server (dryRun=All)'),
  outputFlag(),
  ...filenameFlags('to update'),
] as const;

export const LABEL_HELP: CommandHelp = {
  usage: 'kcurl label [--overwrite] (-f FILENAME | TYPE NAME | TYPE/NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--dry-run=server|client|none]',
  summary: 'Update the labels on a resource (GET, then a merge PATCH, as kubectl label)',
  examples: [
    ["Update pod 'foo' with the label 'unhealthy' and the value 'true'", 'kcurl label pods foo unhealthy=true'],
    ["Remove a label named 'bar' if it exists", 'kcurl label pods foo bar-'],
  ],
};
export const LABEL_FLAGS = defineFlags([...COMMON, fieldManagerFlag('kubectl-label')] as const);
export type LabelFlags = CommandOptions<typeof LABEL_FLAGS>;

export const ANNOTATE_HELP: CommandHelp = {
  usage: 'kcurl annotate [--overwrite] (-f FILENAME | TYPE NAME | TYPE/NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--dry-run=server|client|none]',
  summary: 'Update the annotations on a resource (GET, then a merge PATCH, as kubectl annotate)',
  examples: [["Update pod 'foo' with the annotation 'description'", "kcurl annotate pods foo description='my frontend'"]],
};
export const ANNOTATE_FLAGS = defineFlags([...COMMON, fieldManagerFlag('kubectl-annotate')] as const);
export type AnnotateFlags = CommandOptions<typeof ANNOTATE_FLAGS>;
