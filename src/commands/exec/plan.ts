// kcurl exec and attach without I/O: the upgrade requests kubectl v1.32 sends (client-go remotecommand's
// WebSocket executor, subprotocol v5.channel.k8s.io, and its SPDY fallback) and the checks before them.
import { KcurlError, usageError } from '../../errors.js';
import type { RequestStep } from '../../plan/request-plan.js';
import { pathSegment } from '../../plan/request-plan.js';
import { goSortInPlace } from '../../output/go-sort.js';
import { afterOrZero, isPodReady, maxRestarts, readyTime } from '../logs/plan.js';

/** The subprotocol kubectl v1.32 offers for exec and attach over WebSocket (only this one). */
export const CHANNEL_PROTOCOL = 'v5.channel.k8s.io';

/** What the SPDY fallback offers, best first (remotecommand's SPDY executor, X-Stream-Protocol-Version). */
export const SPDY_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

export interface StreamRequest {
  subresource: 'exec' | 'attach';
  namespace: string;
  pod: string;
  container: string;
  /** exec only. */
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/**
 * The query kubectl sends (PodExecOptions / PodAttachOptions as url.Values): command (exec), container, then
 * stdin, stdout (always: kubectl has an Out), stderr (not with a tty: it carries both), tty; false ones left out.
 */
export function streamQuery(r: StreamRequest): [string, string][] {
  const q: [string, string][] = r.command.map((c): [string, string] => ['command', c]);
  q.push(['container', r.container]);
  if (!r.tty) q.push(['stderr', 'true']);
  if (r.stdin) q.push(['stdin', 'true']);
  q.push(['stdout', 'true']);
  if (r.tty) q.push(['tty', 'true']);
  return q;
}

const streamPath = (r: StreamRequest) => `/api/v1/namespaces/${pathSegment(r.namespace)}/pods/${pathSegment(r.pod)}/${r.subresource}`;

/** The WebSocket upgrade (GET; authorized as `get` on pods/exec or pods/attach). */
export function websocketStep(r: StreamRequest): RequestStep {
  const what = r.subresource === 'exec' ? `run ${JSON.stringify(r.command.join(' '))} in` : 'attach to';
  return {
    method: 'GET',
    path: streamPath(r),
    query: streamQuery(r),
    headers: [
      ['Upgrade', 'websocket'],
      ['Sec-Websocket-Protocol', CHANNEL_PROTOCOL],
      ['Sec-Websocket-Version', '13'],
    ],
    stream: true,
    purpose: `${what} container ${r.container} of pod ${r.pod} (a WebSocket upgrade)`,
    kind: 'raw',
    role: 'call',
  };
}

/**
 * kubectl's fallback when the WebSocket upgrade is refused (client-go FallbackExecutor: an upgrade failure):
 * the same query as a SPDY/3.1 upgrade POST (authorized as `create`).
 */
export function spdyFallbackStep(r: StreamRequest): RequestStep {
  return {
    method: 'POST',
    path: streamPath(r),
    query: streamQuery(r),
    headers: [['Upgrade', 'SPDY/3.1'], ...SPDY_PROTOCOLS.map((p): [string, string] => ['X-Stream-Protocol-Version', p])],
    stream: true,
    purpose: `the SPDY fallback of the ${r.subresource} upgrade`,
    kind: 'raw',
    role: 'call',
  };
}

/** kubectl exec's Complete and Validate on the arguments: [POD, …] before `--`, the command after. */
export function execArguments(positionals: string[], rest: string[]): { resourceArg: string; command: string[] } {
  if (positionals.length === 0) throw new KcurlError('KCURL_USAGE', 'pod, type/name or --filename must be specified');
  if (positionals.length > 1) {
    throw usageError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead', "See 'kcurl exec -h' for help and examples");
  }
  if (rest.length === 0) throw new KcurlError('KCURL_USAGE', 'you must specify at least one command for the container');
  return { resourceArg: positionals[0], command: rest };
}

/** POD, or TYPE/NAME (a pod, or an object whose pods kubectl picks from: a workload or a service). */
export function splitTarget(arg: string): { type: string; name: string } {
  const slash = arg.indexOf('/');
  if (slash < 0) return { type: 'pods', name: arg };
  const type = arg.slice(0, slash);
  const name = arg.slice(slash + 1);
  if (!type || !name) throw new KcurlError('KCURL_USAGE', `arguments in resource/name form must have a single resource and name: "${arg}"`);
  return { type, name };
}

type Obj = Record<string, any>;

/** podutils.ActivePods Less: the less active pod sorts first (unassigned, pending, not ready, ready for less time …). */
export function activePodsLess(a: Obj, b: Obj): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const ra = rank[a.status?.phase] ?? 0;
  const rb = rank[b.status?.phase] ?? 0;
  if (ra !== rb) return ra < rb;
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  if (isPodReady(a) && isPodReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const ca = a.metadata?.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : 0;
  const cb = b.metadata?.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : 0;
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

/** AttachablePodForObject's GetFirstPod: the pods sorted by sort.Reverse(ActivePods), the first of them. */
export function pickPodToAttach(pods: Obj[]): Obj | undefined {
  return goSortInPlace([...pods], (a, b) => activePodsLess(b, a))[0];
}
