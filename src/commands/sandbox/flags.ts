// kcurl sandbox and kcurl sandbox exec: usage, help text and flags (loaded on every run; the run code lazily).

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const SANDBOX_HELP: CommandHelp = {
  usage: 'kcurl sandbox [--port N] [--address 127.0.0.1] [--kubeconfig PATH] [--state FILE]',
  summary: 'Run an embedded Kubernetes-compatible API server for practice and tests',
  examples: [
    ['Start a sandbox on a free port and write its kubeconfig to the cache directory', 'kcurl sandbox --port 0'],
    ['Keep objects across restarts', 'kcurl sandbox --state ./sandbox.jsonl'],
  ],
};

export const SANDBOX_FLAGS = defineFlags([
  { name: 'port', type: 'number', desc: 'Port to listen on (0 picks a free one)', default: 6443 },
  { name: 'address', type: 'string', desc: 'Address to bind', default: '127.0.0.1' },
  { name: 'state', type: 'string', desc: 'Journal file: objects survive a restart' },
  { name: 'nodes', type: 'number', desc: 'Simulated nodes: kcurl-control-plane, kcurl-worker, kcurl-worker2, …', default: 1 },
] as const);

export type SandboxFlags = CommandOptions<typeof SANDBOX_FLAGS>;

export const SANDBOX_EXEC_HELP: CommandHelp = {
  usage: 'kcurl sandbox exec POD [-c CONTAINER] -- COMMAND [ARG...]',
  summary: "Run a local command with a sandbox pod's environment and serviceaccount mount (KCURL_SERVICEACCOUNT_DIR)",
  examples: [
    ["List pods as the pod's ServiceAccount, through kcurl's in-cluster path", 'kcurl sandbox exec mypod -- kcurl get pods'],
    ['Print the environment the container sees', 'kcurl sandbox exec mypod -c app -- env'],
  ],
};

export const SANDBOX_EXEC_FLAGS = defineFlags([
  { name: 'container', short: 'c', type: 'string', desc: 'Container name (default: the kubectl.kubernetes.io/default-container annotation, else the first)' },
] as const);

export type SandboxExecFlags = CommandOptions<typeof SANDBOX_EXEC_FLAGS>;
