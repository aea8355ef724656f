// kcurl exec, attach and cp: usage, help text and flags (loaded on every run; the run code lazily). Flags as
// kubectl v1.32 declares them (pkg/cmd/exec/exec.go, attach/attach.go, cp/cp.go).
import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const EXEC_HELP: CommandHelp = {
  usage: 'kcurl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]',
  summary: 'Execute a command in a container (the pod GET, then a WebSocket GET …/exec, as kubectl exec)',
  examples: [
    ["Get output from running the 'date' command from pod mypod, using the first container by default", 'kcurl exec mypod -- date'],
    ["Get output from running the 'date' command in ruby-container from pod mypod", 'kcurl exec mypod -c ruby-container -- date'],
    ["Pass stdin to the 'cat' command in pod mypod", 'echo hello | kcurl exec -i mypod -- cat'],
  ],
};

export const EXEC_FLAGS = defineFlags([
  {
    name: 'container',
    short: 'c',
    type: 'string',
    desc: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation, else the first container',
  },
  { name: 'stdin', short: 'i', type: 'boolean', desc: 'Pass stdin to the container' },
  { name: 'tty', short: 't', type: 'boolean', desc: 'Stdin is a TTY' },
  {
    name: 'pod-running-timeout',
    type: 'string',
    desc: 'How long to wait until at least one pod of TYPE/NAME exists (e.g. 5s, 2m)',
    default: '1m0s',
  },
] as const);

export type ExecFlags = CommandOptions<typeof EXEC_FLAGS>;

export const ATTACH_HELP: CommandHelp = {
  usage: 'kcurl attach (POD | TYPE/NAME) -c CONTAINER [-i] [-t]',
  summary: 'Attach to a process that is already running inside an existing container (a WebSocket GET …/attach)',
  examples: [
    ['Get output from running pod mypod; use the first container by default', 'kcurl attach mypod'],
    ['Send stdin to the main process of container app in pod mypod', 'echo hello | kcurl attach mypod -c app -i'],
  ],
};

// kubectl attach declares the same four flags as exec (pkg/cmd/attach/attach.go).
export const ATTACH_FLAGS = EXEC_FLAGS;

export type AttachFlags = CommandOptions<typeof ATTACH_FLAGS>;

export const CP_HELP: CommandHelp = {
  usage: 'kcurl cp <file-spec-src> <file-spec-dest> [-c CONTAINER]',
  summary: 'Copy files and directories to and from containers (kubectl cp: tar through exec)',
  examples: [
    ['Copy /tmp/foo local file to /tmp/bar in a remote pod in namespace <some-namespace>', 'kcurl cp /tmp/foo <some-namespace>/<some-pod>:/tmp/bar'],
    ['Copy /tmp/foo from a remote pod to /tmp/bar locally', 'kcurl cp <some-namespace>/<some-pod>:/tmp/foo /tmp/bar'],
  ],
};

export const CP_FLAGS = defineFlags([
  {
    name: 'container',
    short: 'c',
    type: 'string',
    desc: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation, else the first container',
  },
  { name: 'no-preserve', type: 'boolean', desc: 'The copied file/directory ownership and permissions will not be preserved in the container' },
  { name: 'retries', type: 'number', desc: 'Set number of retries to complete a copy operation from a container (-1: no limit; 0: none)', default: 0 },
] as const);

export type CpFlags = CommandOptions<typeof CP_FLAGS>;
