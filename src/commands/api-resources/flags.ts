// kcurl api-resources: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const API_RESOURCES_HELP: CommandHelp = {
  usage: 'kcurl api-resources [-o wide|name] [--namespaced=BOOL] [--api-group=G] [--verbs=V] [--sort-by=name|kind]',
  summary: 'Print the supported API resources on the server',
  examples: [
    ['Print the supported API resources with more information', 'kcurl api-resources -o wide'],
    ['Print the supported non-namespaced resources', 'kcurl api-resources --namespaced=false'],
  ],
};

export const API_RESOURCES_FLAGS = defineFlags([
  outputFlag(['wide', 'name'], 'Output format: wide or name'),
  { name: 'no-headers', type: 'boolean', desc: "Don't print headers" },
  { name: 'api-group', type: 'string', desc: 'Limit to resources in the specified API group' },
  { name: 'namespaced', type: 'boolean', tristate: true, desc: 'true: only namespaced resources; false: only cluster-scoped ones' },
  { name: 'verbs', type: 'array', desc: 'Limit to resources that support the specified verbs' },
  { name: 'categories', type: 'array', desc: 'Limit to resources that belong to the specified categories' },
  { name: 'sort-by', type: 'string', suggest: ['name', 'kind'], desc: "Sort by 'name' or 'kind'" },
  { name: 'cached', type: 'boolean', desc: 'Use the cached list of resources if available' },
] as const);

export type ApiResourcesFlags = CommandOptions<typeof API_RESOURCES_FLAGS>;
