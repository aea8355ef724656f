// kcurl logs: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const LOGS_HELP: CommandHelp = {
  usage: 'kcurl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [flags]',
  summary: 'Print the logs for a container in a pod (the pod GET, then GET …/log, as kubectl logs)',
  examples: [
    ['Return snapshot logs from pod nginx', 'kcurl logs nginx'],
    ['Begin streaming the logs of the ruby container in pod web-1', 'kcurl logs -f -c ruby web-1'],
    ['Return snapshot logs from the first pod of deployment nginx', 'kcurl logs deployment/nginx'],
  ],
};

// kubectl logs flags (pkg/cmd/logs/logs.go AddFlags).
export const LOGS_FLAGS = defineFlags([
  { name: 'container', short: 'c', type: 'string', desc: 'Print the logs of this container' },
  { name: 'follow', short: 'f', type: 'boolean', desc: 'Specify if the logs should be streamed' },
  { name: 'previous', short: 'p', type: 'boolean', desc: 'Print the logs for the previous instance of the container' },
  { name: 'timestamps', type: 'boolean', desc: 'Include timestamps on each line in the log output' },
  { name: 'tail', type: 'number', desc: 'Lines of recent log file to display (-1: all; 10 with a selector)' },
  { name: 'since', type: 'string', desc: 'Only return logs newer than a relative duration like 5s, 2m, or 3h' },
  { name: 'since-time', type: 'string', desc: 'Only return logs after a specific date (RFC3339)' },
  { name: 'limit-bytes', type: 'number', desc: 'Maximum bytes of logs to return' },
  { name: 'all-containers', type: 'boolean', desc: "Get all containers' logs in the pod(s)" },
  { name: 'all-pods', type: 'boolean', desc: 'Get the logs of every pod of TYPE/NAME, not only the first (sets --prefix)' },
  { name: 'prefix', type: 'boolean', desc: 'Prefix each log line with the log source (pod name and container name)' },
  { name: 'selector', short: 'l', type: 'string', desc: 'Selector (label query) to filter pods on' },
  { name: 'max-log-requests', type: 'number', desc: 'Maximum number of concurrent logs to follow with a selector', default: 5 },
  { name: 'ignore-errors', type: 'boolean', desc: 'If watching / following pod logs, allow for any errors that occur to be non-fatal' },
  { name: 'insecure-skip-tls-verify-backend', type: 'boolean', desc: 'Skip verifying the identity of the kubelet that logs are requested from' },
  { name: 'pod-running-timeout', type: 'string', desc: 'How long to wait until at least one pod is running (e.g. 5s, 2m)', default: '20s' },
] as const);

export type LogsFlags = CommandOptions<typeof LOGS_FLAGS>;
