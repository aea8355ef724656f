// kcurl demo: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const DEMO_HELP: CommandHelp = {
  usage: 'kcurl demo [--pause] [--nodes N]',
  summary: 'A guided tour of the Kubernetes API against an embedded sandbox: every step shows the REST call, the curl snippet and the result',
  examples: [
    ['Run the whole tour (about ten seconds)', 'kcurl demo'],
    ['Wait for Enter between steps, for a workshop', 'kcurl demo --pause'],
  ],
};

export const DEMO_FLAGS = defineFlags([
  { name: 'pause', type: 'boolean', desc: 'Wait for Enter between steps' },
  { name: 'nodes', type: 'number', desc: 'Number of simulated nodes (the DaemonSet step puts one pod on each)', default: 2 },
] as const);

export type DemoFlags = CommandOptions<typeof DEMO_FLAGS>;
