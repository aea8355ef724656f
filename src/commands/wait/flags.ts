// kcurl wait: usage, help text and flags (loaded on every run; the run code lazily).
import { defineFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const WAIT_HELP: CommandHelp = {
  usage: 'kcurl wait (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | TYPE --all) --for=create|delete|condition=NAME[=VALUE]|jsonpath=EXPR[=VALUE] [--timeout=30s]',
  summary: 'Wait for a condition on objects (GET or LIST them, then watch each by name until the condition holds)',
  examples: [
    ['Wait for the pod "busybox1" to contain the status condition of type "Ready"', 'kcurl wait --for=condition=Ready pod/busybox1'],
    ["Wait for a deployment's replicas to be 2", "kcurl wait --for=jsonpath='{.status.replicas}'=2 deployment/web"],
    ['Wait for the pod "busybox1" to be deleted, with a timeout of 60 seconds', 'kcurl wait --for=delete pod/busybox1 --timeout=60s'],
    ['Wait for the configmap "settings" to be created (its GET repeated every 0.5 s)', 'kcurl wait --for=create configmap/settings --timeout=60s'],
  ],
};

export const WAIT_FLAGS = defineFlags([
  { name: 'for', type: 'string', desc: "The condition to wait on: create, delete, condition=NAME[=VALUE] or jsonpath='{EXPR}'[=VALUE]" },
  { name: 'timeout', type: 'string', desc: 'How long to wait for each object (0: look once; negative: a week)', default: '30s' },
  { name: 'selector', short: 'l', type: 'string', desc: 'Label selector (e.g. -l key1=value1,key2=value2)' },
  { name: 'all', type: 'boolean', desc: 'Select all objects of the type in the namespace' },
  { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'Select objects across all namespaces' },
  outputFlag(['name'], 'Output format: name'),
] as const);

export type WaitFlags = CommandOptions<typeof WAIT_FLAGS>;
