// kcurl record: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';
import { RBAC_OUTPUT_FLAGS } from '../rbac/flags.js';

export const RECORD_HELP: CommandHelp = {
  usage: 'kcurl record [--record FILE] -- COMMAND [ARGS...]',
  summary: 'Run kubectl (or any client that reads a kubeconfig) through a recording proxy and print each REST call it made as a curl line',
  examples: [
    ['Show the REST calls behind a kubectl command', 'kcurl record -- kubectl get pods'],
    ['Save the exchanges of a script as HAR', 'kcurl record --record calls.har -- python3 script.py'],
    ['Also print the minimal Role that allows what the client did', 'kcurl record --rbac -- kubectl get pods'],
  ],
};

export const RECORD_FLAGS = defineFlags([
  { name: 'rbac', type: 'boolean', desc: 'After the report, print the minimal Roles/ClusterRoles allowing the requests the client made (as kcurl rbac does)' },
  ...RBAC_OUTPUT_FLAGS,
] as const);

export type RecordFlags = CommandOptions<typeof RECORD_FLAGS>;
