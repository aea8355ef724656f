// kcurl edit: usage, help text and flags (loaded on every run; the run code lazily).
import { defineFlags, fieldManagerFlag, filenameFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const EDIT_HELP: CommandHelp = {
  usage: 'kcurl edit (TYPE NAME | TYPE/NAME) [-o yaml|json]',
  summary: 'Edit an object in $KUBE_EDITOR or $EDITOR (GET it as YAML, then PATCH what changed, as kubectl edit does)',
  examples: [
    ['Edit the service named "registry"', 'kcurl edit svc/registry'],
    ['Edit a deployment with a script as the editor', "KUBE_EDITOR='sed -i s/replicas:.1/replicas:.2/' kcurl edit deploy/web"],
  ],
};

export const EDIT_FLAGS = defineFlags([
  outputFlag(['yaml', 'json'], 'yaml or json: the format of the edit buffer, and the edited object is printed in it'),
  fieldManagerFlag('kubectl-edit'),
  {
    name: 'validate',
    type: 'string',
    suggest: ['strict', 'warn', 'ignore'],
    desc: 'Server-side field validation: strict, warn or ignore (fieldValidation=)',
    default: 'strict',
    noOptDefault: 'strict',
  },
  ...filenameFlags('to edit'),
] as const);

export type EditFlags = CommandOptions<typeof EDIT_FLAGS>;
