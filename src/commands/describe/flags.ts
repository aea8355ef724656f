// kcurl describe: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const DESCRIBE_HELP: CommandHelp = {
  args: ['resource-type', 'name'],
  usage: 'kcurl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [flags]',
  summary: 'Show details of a resource or group of resources (the same requests and text as kubectl describe)',
  examples: [
    ['Describe a pod and show every request kubectl would send for it', 'kcurl describe pod nginx --show-curl'],
    ['Describe the deployments labelled app=web', 'kcurl describe deployments -l app=web'],
    ['Describe a node without its events', 'kcurl describe node/kcurl-control-plane --show-events=false'],
    ['Describe the objects named in a manifest', 'kcurl describe -f deployment.yaml'],
  ],
};

export const DESCRIBE_FLAGS = defineFlags([
  { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'List the requested object(s) across all namespaces' },
  { name: 'selector', short: 'l', type: 'string', desc: 'Selector (label query) to filter on (e.g. -l key1=value1,key2=value2)' },
  { name: 'filename', short: 'f', type: 'array', desc: 'Filename, directory, or URL to files containing the resource to describe' },
  { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
  { name: 'show-events', type: 'boolean', desc: 'If true, display events related to the described object', default: true },
  { name: 'chunk-size', type: 'number', desc: 'Return large lists in chunks of this size (0 disables chunking)', default: 500 },
] as const);

export type DescribeFlags = CommandOptions<typeof DESCRIBE_FLAGS>;
