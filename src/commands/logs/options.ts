// kcurl logs: flags → LogsOptions, and the checks kubectl logs makes before sending anything
// (pkg/cmd/logs/logs.go Complete, Validate and ToLogOptions).
import { KcurlError, usageError } from '../../errors.js';
import { parseGoDuration } from '../../kube/duration.js';
import { validateLabelSelector } from '../../kube/selectors.js';
import type { LogsFlags } from './flags.js';

/** corev1.PodLogOptions as kubectl fills it from the flags; `container` is set per request later. */
export interface PodLogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  /** Whole seconds (--since, rounded like time.Duration.Round(time.Second)). */
  sinceSeconds?: number;
  /** RFC3339 in UTC, whole seconds (how metav1.Time travels in a query). */
  sinceTime?: string;
  tailLines?: number;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend: boolean;
}

export interface LogsOptions {
  /** POD or TYPE/NAME; absent with -l. */
  resourceArg?: string;
  selector?: string;
  /** -c, or the deprecated second argument `logs POD CONTAINER`. */
  container?: string;
  allContainers: boolean;
  /** --all-pods: every pod of a controller, not just the first (kubectl then also prefixes every line). */
  allPods: boolean;
  prefix: boolean;
  ignoreErrors: boolean;
  maxLogRequests: number;
  /** --pod-running-timeout in milliseconds (how long to wait for a first pod of a controller). */
  podRunningTimeoutMs: number;
  log: PodLogOptions;
}

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]': POD or TYPE/NAME is a required argument for the logs command";

/** kubectl logs: a selector without --tail shows the last 10 lines of each pod. */
export const SELECTOR_TAIL = 10;

// util.ParseRFC3339 accepts RFC3339Nano and RFC3339.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** `--since-time` as the query carries it: UTC, RFC3339, fractional seconds dropped (metav1.Time's encoding). */
export function sinceTimeParam(text: string): string {
  const m = RFC3339.exec(text);
  const ms = m ? Date.parse(text.replace(/[Tt]/, 'T').replace(/z$/, 'Z')) : NaN;
  if (!m || Number.isNaN(ms)) {
    throw new KcurlError('KCURL_USAGE', `invalid --since-time "${text}": expected an RFC3339 time such as 2024-01-02T15:04:05Z`);
  }
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `--since` in whole seconds: Go's Duration.Round(time.Second) (halves away from zero). */
export function sinceSecondsParam(text: string): number {
  const ns = parseGoDuration(text, '--since');
  const abs = ns < 0n ? -ns : ns;
  const rounded = (abs + 500_000_000n) / 1_000_000_000n;
  return Number(ns < 0n ? -rounded : rounded);
}

export function logsOptionsFromFlags(positionals: string[], flags: LogsFlags): LogsOptions {
  const selector = flags.selector;
  const containerFlag = flags.container;
  let resourceArg: string | undefined;
  let container = containerFlag;
  switch (positionals.length) {
    case 0:
      if (!selector) throw usageError(USAGE, "see 'kcurl logs --help' for usage");
      break;
    case 1:
      resourceArg = positionals[0];
      if (selector) throw usageError('only a selector (-l) or a POD name is allowed', "see 'kcurl logs --help' for usage");
      break;
    case 2:
      resourceArg = positionals[0];
      if (containerFlag !== undefined) throw new KcurlError('KCURL_USAGE', 'only one of -c or an inline [CONTAINER] arg is allowed');
      container = positionals[1];
      break;
    default:
      throw usageError(USAGE, "see 'kcurl logs --help' for usage");
  }
  if (selector !== undefined) validateLabelSelector(selector);

  const sinceText = flags.since;
  const sinceTimeText = flags.sinceTime;
  const sinceNs = sinceText !== undefined ? parseGoDuration(sinceText, '--since') : 0n;
  const sinceSeconds = sinceNs !== 0n ? sinceSecondsParam(sinceText as string) : undefined;
  const fail = (message: string) => new KcurlError('KCURL_USAGE', message);
  // logs.go Validate, in its order.
  if (sinceTimeText && sinceNs !== 0n) throw fail('at most one of `sinceTime` or `sinceSeconds` may be specified');
  const allContainers = flags.allContainers;
  if (allContainers && container) throw fail(`--all-containers=true should not be specified with container name ${container}`);
  const limitBytes = flags.limitBytes ?? 0;
  if (!Number.isInteger(limitBytes)) throw fail(`invalid argument "${limitBytes}" for "--limit-bytes" flag: expected a whole number`);
  if (limitBytes < 0) throw fail('--limit-bytes must be greater than 0');
  if (sinceSeconds !== undefined && sinceSeconds < 0) throw fail('--since must be greater than 0');
  const tail = flags.tail;
  if (tail !== undefined && !Number.isInteger(tail)) throw fail(`invalid argument "${tail}" for "--tail" flag: expected a whole number`);
  if (tail !== undefined && tail < -1) throw fail('--tail must be greater than or equal to -1');
  const maxLogRequests = flags.maxLogRequests;
  if (!Number.isInteger(maxLogRequests) || maxLogRequests < 1) throw fail('--max-log-requests must be greater than 0');

  const log: PodLogOptions = {
    follow: flags.follow,
    previous: flags.previous,
    timestamps: flags.timestamps,
    insecureSkipTLSVerifyBackend: flags.insecureSkipTlsVerifyBackend,
  };
  if (sinceTimeText) log.sinceTime = sinceTimeParam(sinceTimeText);
  if (limitBytes !== 0) log.limitBytes = limitBytes;
  // ToLogOptions: a zero --since is "not given".
  if (sinceSeconds !== undefined) log.sinceSeconds = sinceSeconds;
  if (selector && tail === undefined) log.tailLines = SELECTOR_TAIL;
  else if (tail !== undefined && tail !== -1) log.tailLines = tail;

  const timeout = flags.podRunningTimeout;
  const timeoutNs = parseGoDuration(timeout, '--pod-running-timeout');
  if (timeoutNs <= 0n) throw fail('--pod-running-timeout must be higher than zero');

  return {
    resourceArg,
    selector,
    container: container || undefined,
    allContainers,
    allPods: flags.allPods,
    prefix: flags.prefix || flags.allPods,
    ignoreErrors: flags.ignoreErrors,
    maxLogRequests,
    podRunningTimeoutMs: Number(timeoutNs / 1_000_000n),
    log,
  };
}
