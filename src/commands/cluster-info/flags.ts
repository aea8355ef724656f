// kcurl cluster-info and cluster-info dump: usage, help text and flags (kubectl cluster-info,
// pkg/cmd/clusterinfo/clusterinfo.go and clusterinfo_dump.go). cluster-info has no flags of its own.
import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const CLUSTER_INFO_HELP: CommandHelp = {
  usage: 'kcurl cluster-info',
  summary: 'Display addresses of the control plane and services with label kubernetes.io/cluster-service=true',
  examples: [['Print the address of the control plane and cluster services', 'kcurl cluster-info']],
};

export const CLUSTER_INFO_FLAGS = defineFlags([] as const);

export const CLUSTER_INFO_DUMP_HELP: CommandHelp = {
  usage: 'kcurl cluster-info dump [--all-namespaces | --namespaces=NS,…] [--output-directory=DIR] [-o json|yaml]',
  summary:
    'Dump cluster information for debugging: nodes, then per namespace its events, replication controllers, services, daemon sets, deployments, replica sets, pods and every container log',
  examples: [
    ['Dump current cluster state to stdout', 'kcurl cluster-info dump'],
    ['Dump current cluster state to /path/to/cluster-state', 'kcurl cluster-info dump --output-directory=/path/to/cluster-state'],
    ['Dump all namespaces to stdout', 'kcurl cluster-info dump --all-namespaces'],
    [
      'Dump a set of namespaces to /path/to/cluster-state',
      'kcurl cluster-info dump --namespaces default,kube-system --output-directory=/path/to/cluster-state',
    ],
  ],
};

export const CLUSTER_INFO_DUMP_FLAGS = defineFlags([
  { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'Dump all namespaces (a LIST of them first)' },
  { name: 'namespaces', type: 'array', desc: 'A comma separated list of namespaces to dump (default: kube-system and the current one)' },
  {
    name: 'output-directory',
    type: 'string',
    desc: "Where to write the files (DIR/nodes.json, DIR/NS/pods.json, DIR/NS/POD/logs.txt …); empty or '-': stdout",
  },
  { name: 'output', short: 'o', type: 'string', suggest: ['json', 'yaml'], desc: 'Output format: json or yaml', default: 'json' },
  {
    name: 'pod-running-timeout',
    type: 'string',
    desc: 'How long to wait until at least one pod is running (accepted; a pod is read as it is)',
    default: '20s',
  },
] as const);

export type ClusterInfoDumpFlags = CommandOptions<typeof CLUSTER_INFO_DUMP_FLAGS>;
