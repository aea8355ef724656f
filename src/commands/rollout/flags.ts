// kcurl rollout status|history|undo|restart|pause|resume: usage, help text and flags (loaded on every run; the
// run code lazily).
import { defineFlags, fieldManagerFlag, filenameFlags, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const ROLLOUT_HELP: CommandHelp = {
  usage: 'kcurl rollout SUBCOMMAND (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | -f FILENAME)',
  summary: 'Manage the rollout of deployments, daemon sets and stateful sets: status, history, undo, restart, pause, resume',
  examples: [
    ['Roll back to the previous deployment', 'kcurl rollout undo deployment/abc'],
    ['Check the rollout status of a daemonset', 'kcurl rollout status daemonset/foo'],
    ['Restart a deployment', 'kcurl rollout restart deployment/abc'],
  ],
};

const OUTPUT = outputFlag();
const FILES = filenameFlags('whose rollout to manage');
const SELECTOR = {
  name: 'selector',
  short: 'l',
  type: 'string',
  desc: 'Label selector: act on every object of the type it selects (one LIST instead of a GET each)',
} as const;
const FIELD_MANAGER = fieldManagerFlag('kubectl-rollout');

export const ROLLOUT_STATUS_HELP: CommandHelp = {
  usage: 'kcurl rollout status (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | -f FILENAME) [--revision=N] [--watch=false] [--timeout=DURATION]',
  summary: 'Watch the rollout of a deployment, daemon set or stateful set until it is done (GET, then LIST and WATCH by name)',
  examples: [['Watch the rollout status of a deployment', 'kcurl rollout status deployment/nginx']],
};

export const ROLLOUT_STATUS_FLAGS = defineFlags([
  { name: 'watch', short: 'w', type: 'boolean', desc: 'Watch the status of the rollout until it is done (--watch=false: one look)', default: true },
  { name: 'revision', type: 'number', desc: 'Pin to a specific revision for showing its status (0: the latest)', default: 0 },
  { name: 'timeout', type: 'string', desc: 'How long to wait before ending the watch (0: never), e.g. 1s, 2m, 3h', default: '0s' },
  SELECTOR,
  ...FILES,
] as const);

export const ROLLOUT_HISTORY_HELP: CommandHelp = {
  usage: 'kcurl rollout history (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | -f FILENAME) [--revision=N]',
  summary: 'List the revisions of a rollout from its ReplicaSets or ControllerRevisions, or show one revision',
  examples: [
    ['View the rollout history of a deployment', 'kcurl rollout history deployment/abc'],
    ['View the details of daemonset revision 3', 'kcurl rollout history daemonset/abc --revision=3'],
  ],
};

export const ROLLOUT_HISTORY_FLAGS = defineFlags([
  { name: 'revision', type: 'number', desc: 'See the details, including the pod template, of the revision specified', default: 0 },
  OUTPUT,
  SELECTOR,
  ...FILES,
] as const);

export const ROLLOUT_UNDO_HELP: CommandHelp = {
  usage: 'kcurl rollout undo (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | -f FILENAME) [--to-revision=N] [--dry-run=server|none]',
  summary: 'Roll back to a previous revision: read the revision, then PATCH the pod template back',
  examples: [
    ['Roll back to the previous deployment', 'kcurl rollout undo deployment/abc'],
    ['Roll back to daemonset revision 3', 'kcurl rollout undo daemonset/abc --to-revision=3'],
  ],
};

export const ROLLOUT_UNDO_FLAGS = defineFlags([
  { name: 'to-revision', type: 'number', desc: 'The revision to roll back to (0: the previous one)', default: 0 },
  {
    name: 'dry-run',
    type: 'string',
    suggest: ['none', 'server'],
    desc: 'none or server (dryRun=All)',
    default: 'none',
    noOptDefault: 'unchanged',
  },
  OUTPUT,
  SELECTOR,
  ...FILES,
] as const);

export const ROLLOUT_RESTART_HELP: CommandHelp = {
  usage: 'kcurl rollout restart (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | -f FILENAME)',
  summary: 'Restart a rollout: PATCH the kubectl.kubernetes.io/restartedAt annotation of its pod template',
  examples: [['Restart a deployment', 'kcurl rollout restart deployment/nginx']],
};

export const ROLLOUT_PAUSE_HELP: CommandHelp = {
  usage: 'kcurl rollout pause (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | -f FILENAME)',
  summary: 'Mark a deployment as paused: PATCH spec.paused to true',
  examples: [['Pause a deployment', 'kcurl rollout pause deployment/nginx']],
};

export const ROLLOUT_RESUME_HELP: CommandHelp = {
  usage: 'kcurl rollout resume (TYPE NAME | TYPE/NAME | TYPE -l SELECTOR | -f FILENAME)',
  summary: 'Resume a paused deployment: PATCH spec.paused away',
  examples: [['Resume a paused deployment', 'kcurl rollout resume deployment/nginx']],
};

export const ROLLOUT_PATCH_FLAGS = defineFlags([OUTPUT, FIELD_MANAGER, SELECTOR, ...FILES] as const);

export type RolloutStatusFlags = CommandOptions<typeof ROLLOUT_STATUS_FLAGS>;
export type RolloutHistoryFlags = CommandOptions<typeof ROLLOUT_HISTORY_FLAGS>;
export type RolloutUndoFlags = CommandOptions<typeof ROLLOUT_UNDO_FLAGS>;
export type RolloutPatchFlags = CommandOptions<typeof ROLLOUT_PATCH_FLAGS>;
