// kcurl version: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const VERSION_HELP: CommandHelp = {
  usage: 'kcurl version',
  summary: 'Print the kcurl version',
  examples: [['Print the version', 'kcurl version']],
};

export const VERSION_FLAGS = defineFlags([] as const);

export type VersionFlags = CommandOptions<typeof VERSION_FLAGS>;
