// kcurl api-versions: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const API_VERSIONS_HELP: CommandHelp = {
  usage: 'kcurl api-versions',
  summary: 'Print the supported API versions on the server, in the form of "group/version"',
  examples: [['Print the supported API versions', 'kcurl api-versions']],
};

export const API_VERSIONS_FLAGS = defineFlags([] as const);

export type ApiVersionsFlags = CommandOptions<typeof API_VERSIONS_FLAGS>;
