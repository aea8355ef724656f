// kcurl cluster-info: usage and help text (kubectl cluster-info, pkg/cmd/clusterinfo/clusterinfo.go). No flags of its own.
import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp } from '../../cli/spec.js';

export const CLUSTER_INFO_HELP: CommandHelp = {
  usage: 'kcurl cluster-info',
  summary: 'Display addresses of the control plane and services with label kubernetes.io/cluster-service=true',
  examples: [['Print the address of the control plane and cluster services', 'kcurl cluster-info']],
};

export const CLUSTER_INFO_FLAGS = defineFlags([] as const);
