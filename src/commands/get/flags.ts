// kcurl get: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const GET_HELP: CommandHelp = {
  args: ['resource-type', 'name'],
  usage: 'kcurl get TYPE[.VERSION][.GROUP] [NAME ...] | TYPE/NAME ... [flags]',
  summary: 'Display one or many resources (the same requests as kubectl get)',
  examples: [
    ['List all pods in the namespace, and show the curl that does it', 'kcurl get pods -n default --show-curl'],
    ['Print the request as a curl snippet without contacting any cluster', 'kcurl get pods --offline'],
    ['List deployments in every namespace as JSON', 'kcurl get deployments.apps -A -o json'],
    ['Get one pod by name, logging requests like kubectl -v=8', 'kcurl get pod/nginx -v 8'],
  ],
};

export const GET_FLAGS = defineFlags([
  outputFlag(
    ['json', 'yaml', 'wide', 'name', 'jsonpath=', 'jsonpath-as-json=', 'custom-columns='],
    'Output format: wide, json, yaml, name, jsonpath=…, jsonpath-file=…, custom-columns=…',
  ),
  { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'List the requested object(s) across all namespaces' },
  { name: 'selector', short: 'l', type: 'string', desc: 'Label selector to filter on (e.g. -l key1=value1,key2=value2)' },
  { name: 'field-selector', type: 'string', desc: 'Field selector to filter on (e.g. --field-selector status.phase=Running)' },
  { name: 'no-headers', type: 'boolean', desc: 'Do not print headers in the default output' },
  { name: 'show-labels', type: 'boolean', desc: 'Show all labels as the last column' },
  { name: 'label-columns', short: 'L', type: 'array', desc: 'Labels to present as columns (comma-separated or repeated)' },
  { name: 'chunk-size', type: 'number', desc: 'Return large lists in chunks of this size (0 disables chunking)', default: 500 },
  { name: 'sort-by', type: 'string', desc: 'Sort list types using this field specification (a JSONPath expression, e.g. .metadata.name)' },
  { name: 'watch', short: 'w', type: 'boolean', desc: 'After listing/getting the requested object, watch for changes' },
  { name: 'watch-only', type: 'boolean', desc: 'Watch for changes to the requested object(s), without listing/getting first' },
  { name: 'output-watch-events', type: 'boolean', desc: 'Output watch event objects when --watch or --watch-only is used' },
  { name: 'raw', type: 'string', desc: 'Raw URI to request from the server (GET PATH, body printed as received)' },
] as const);

export type GetFlags = CommandOptions<typeof GET_FLAGS>;
