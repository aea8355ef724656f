// kcurl auth can-i: usage, help text and flags (loaded on every run; the run code lazily).

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const AUTH_HELP: CommandHelp = {
  usage: 'kcurl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL]',
  summary: 'Inspect authorization (auth can-i: SelfSubjectAccessReview)',
  examples: [
    ['Check to see if I can create pods in any namespace', 'kcurl auth can-i create pods --all-namespaces'],
    ['Check to see if I can read pod logs', 'kcurl auth can-i get pods --subresource=log'],
    ['List all allowed actions in namespace "foo"', 'kcurl auth can-i --list --namespace=foo'],
  ],
};

/** kubectl auth can-i (pkg/cmd/auth/cani.go). */
export const CAN_I_HELP: CommandHelp = {
  args: ['verb', 'resource-type'],
  usage: 'kcurl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [--subresource S] [-A] | --list',
  summary: 'Check whether an action is allowed (SelfSubjectAccessReview)',
  examples: [
    ['Check to see if I can create pods in any namespace', 'kcurl auth can-i create pods --all-namespaces'],
    ['Check to see if I can read pod logs', 'kcurl auth can-i get pods --subresource=log'],
    ['List all allowed actions in namespace "foo"', 'kcurl auth can-i --list --namespace=foo'],
  ],
};

export const CAN_I_FLAGS = defineFlags([
  { name: 'all-namespaces', short: 'A', type: 'boolean', desc: 'Check the specified action in all namespaces' },
  { name: 'subresource', type: 'string', desc: 'SubResource such as pod/log or deployment/scale' },
  { name: 'list', type: 'boolean', desc: 'List all allowed actions (SelfSubjectRulesReview)' },
  { name: 'no-headers', type: 'boolean', desc: 'With --list: do not print headers' },
  { name: 'quiet', short: 'q', type: 'boolean', desc: 'Print nothing; the exit code says yes (0) or no (1)' },
] as const);

export type CanIFlags = CommandOptions<typeof CAN_I_FLAGS>;
