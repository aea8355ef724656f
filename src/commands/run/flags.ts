// kcurl run: usage, help text and flags (kubectl run's, pkg/cmd/run/run.go; loaded on every run, the code lazily).
import { defineFlags, dryRunFlag, fieldManagerFlag, outputFlag } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const RUN_HELP: CommandHelp = {
  usage: 'kcurl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--command] -- [COMMAND] [args...]',
  summary: 'Run a particular image on the cluster (creates a Pod, as kubectl run does)',
  examples: [
    ['Start a nginx pod', 'kcurl run nginx --image=nginx'],
    ['Start a hazelcast pod and let the container expose port 5701', 'kcurl run hazelcast --image=hazelcast/hazelcast --port=5701'],
    ['Start a nginx pod and a ClusterIP service in front of it', 'kcurl run web --image=nginx --port=80 --expose'],
    ['Start a busybox pod with a command of your own', "kcurl run bb --image=busybox --restart=Never --command -- sh -c 'echo hello'"],
    [
      'Pass stdin to a new pod, wait until it ends, exit with its exit code and delete it',
      'echo hi | kcurl run cat -i --rm --restart=Never --image=busybox -- cat',
    ],
  ],
};

export const RUN_FLAGS = defineFlags([
  { name: 'image', type: 'string', desc: 'The image for the container to run (required)' },
  { name: 'image-pull-policy', type: 'string', desc: 'The image pull policy for the container: Always, IfNotPresent or Never' },
  { name: 'port', type: 'string', desc: 'The port that this container exposes' },
  { name: 'labels', short: 'l', type: 'string', desc: 'Comma separated labels to apply to the pod (replace run=NAME)' },
  { name: 'annotations', type: 'array', stringArray: true, desc: 'Annotations to apply to the pod (repeatable)' },
  { name: 'env', type: 'array', stringArray: true, desc: 'Environment variables to set in the container (repeatable)' },
  { name: 'restart', type: 'string', desc: 'The restart policy for this Pod: Always, OnFailure or Never' },
  { name: 'command', type: 'boolean', desc: "Use the arguments after -- as the container's command rather than its args" },
  { name: 'expose', type: 'boolean', desc: 'Also create a ClusterIP service associated with the pod (requires --port)' },
  { name: 'privileged', type: 'boolean', desc: 'Run the container in privileged mode' },
  { name: 'stdin', short: 'i', type: 'boolean', desc: 'Keep stdin open on the container, and attach to it passing stdin' },
  { name: 'tty', short: 't', type: 'boolean', desc: 'Allocate a TTY for the container' },
  { name: 'attach', type: 'boolean', desc: 'Wait for the Pod to start running, then attach to it (a WebSocket, as kubectl attach)' },
  { name: 'leave-stdin-open', type: 'boolean', desc: 'Leave stdin open after the first attach completes (and do not wait for the pod to end)' },
  { name: 'rm', type: 'boolean', desc: 'Delete the pod (and --expose service) after the attach ends (only with --attach or -i)' },
  {
    name: 'overrides',
    type: 'string',
    desc: 'An inline JSON override for the generated Pod (with --override-type); it must keep a valid apiVersion',
  },
  {
    name: 'override-type',
    type: 'string',
    suggest: ['merge', 'json', 'strategic'],
    desc: 'How --overrides applies: merge (RFC 7386), json (RFC 6902) or strategic',
    default: 'merge',
  },
  {
    name: 'pod-running-timeout',
    type: 'string',
    desc: 'How long to wait until the pod is running (e.g. 5s, 2m)',
    default: '1m0s',
  },
  dryRunFlag('none, client (send nothing, print the objects) or server (dryRun=All)'),
  outputFlag(),
  fieldManagerFlag('kubectl-run'),
  { name: 'save-config', type: 'boolean', desc: 'Store the configuration in the last-applied-configuration annotation (for a later apply)' },
] as const);

export type RunFlags = CommandOptions<typeof RUN_FLAGS>;
