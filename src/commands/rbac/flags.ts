// kcurl rbac: its usage, help text and flags (also the flags `kcurl record --rbac` shares). The registry
// (src/cli/registry.ts) loads this on every run; the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const RBAC_HELP: CommandHelp = {
  usage: 'kcurl rbac FILE(.jsonl|.har)... [--for-serviceaccount NAMESPACE/NAME] [--resource-names] [--role-name NAME]',
  summary: 'Print the minimal Roles and ClusterRoles (and bindings) that allow exactly the requests in one or more recordings',
  examples: [
    ['The Roles that allow what a recorded workflow did (kcurl record --record workflow.jsonl -- kubectl …)', 'kcurl rbac workflow.jsonl'],
    ['Grant them to a ServiceAccount', 'kcurl rbac workflow.jsonl --for-serviceaccount default/ci | kubectl apply -f -'],
    ['Restrict the rules to the objects the recording named', 'kcurl rbac workflow.har --resource-names'],
  ],
};

/** What both `kcurl rbac` and `kcurl record --rbac` take. */
export const RBAC_OUTPUT_FLAGS = defineFlags([
  { name: 'for-serviceaccount', type: 'string', desc: 'Also print RoleBindings (ClusterRoleBinding) for this ServiceAccount, as NAMESPACE/NAME' },
  { name: 'resource-names', type: 'boolean', desc: 'Restrict rules for named objects to those names (resourceNames)' },
  { name: 'role-name', type: 'string', desc: 'Name of the Roles, ClusterRole and bindings', default: 'kcurl-recorded' },
] as const);

export const RBAC_FLAGS = RBAC_OUTPUT_FLAGS;

export type RbacFlags = CommandOptions<typeof RBAC_FLAGS>;
