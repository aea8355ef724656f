// kcurl token: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const TOKEN_HELP: CommandHelp = {
  usage: 'kcurl token [--output token|client-certificate|client-key]',
  summary: 'Print the credential kcurl would send (used by snippets for exec-plugin users)',
  examples: [['Bearer token of the current context (for example from an exec plugin)', 'TOKEN=$(kcurl token)']],
};

export const TOKEN_FLAGS = defineFlags([
  { name: 'output', short: 'o', type: 'string', desc: 'What to print', default: 'token', choices: ['token', 'client-certificate', 'client-key'] },
] as const);

export type TokenFlags = CommandOptions<typeof TOKEN_FLAGS>;
