// client-go's watchtools.UntilWithSync as kubectl rollout status and kubectl wait use it: an informer LISTs the
// objects (resourceVersion=0, limit=500, by field and label selector), then WATCHes from the list's
// resourceVersion, re-watching when the server ends the stream and listing again after 410 Expired. Every
// object the list holds is an ADDED event; the condition sees each event until it is met, fails, or time runs out.
import { ApiStatusError, type KubeStatus } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { streamStatusError, watchEvents } from '../../http/stream-body.js';
import { formatGoDuration } from '../../kube/duration.js';
import { type ApiResource, apiPath } from '../../kube/resources.js';
import { ACCEPT, type RequestPlan, type RequestStep } from '../../plan/request-plan.js';
import { runPlan } from '../../plan/run-plan.js';

type Obj = Record<string, any>;

export type WatchedEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ListWatchOptions {
  command: string;
  resource: ApiResource;
  namespace?: string;
  fieldSelector?: string;
  labelSelector?: string;
  /**
   * The typed clientset watches (kubectl run's waitForPod), not the dynamic client: its Watch also sends the
   * request timeout, timeout= timeoutSeconds as a Go duration.
   */
  typedClient?: boolean;
  /** What is watched, for the steps' purposes: `deployment "web"`. */
  what: string;
  /** Milliseconds since the epoch after which the wait gives up; Infinity: never. */
  deadline: number;
  /** How the steps are printed (a stage of the command's script). */
  show: (plan: RequestPlan) => Promise<void>;
  /** One event; true when the wait is over. May throw to end it with an error. */
  onEvent: (type: WatchedEventType, obj: Obj) => boolean | Promise<boolean>;
  /**
   * UntilWithSync's precondition: called once the list is in (the informer has synced), before any event; true
   * ends the wait at once. May throw (kubectl wait: the object is gone).
   */
  precondition?: (objects: Obj[]) => boolean | Promise<boolean>;
}

/** The informer's LIST (resourceVersion 0 at first, none after an expired watch). */
export function informerListStep(
  o: Pick<ListWatchOptions, 'resource' | 'namespace' | 'fieldSelector' | 'labelSelector' | 'what'>,
  resourceVersion?: string,
): RequestStep {
  const query: [string, string][] = [];
  if (o.fieldSelector) query.push(['fieldSelector', o.fieldSelector]);
  if (o.labelSelector) query.push(['labelSelector', o.labelSelector]);
  query.push(['limit', '500']);
  if (resourceVersion !== undefined) query.push(['resourceVersion', resourceVersion]);
  return {
    method: 'GET',
    path: apiPath(o.resource, { namespace: o.namespace }),
    query,
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `list ${o.what} (the start of the watch)`,
    kind: 'list',
    role: 'call',
  };
}

/** The informer's WATCH from a resourceVersion (from the list's answer when `fromList`). */
export function informerWatchStep(
  o: Pick<ListWatchOptions, 'resource' | 'namespace' | 'fieldSelector' | 'labelSelector' | 'what' | 'typedClient'>,
  resourceVersion: string,
  fromList: boolean,
  listStep = 0,
): RequestStep {
  const query: [string, string][] = [['allowWatchBookmarks', 'true']];
  if (o.fieldSelector) query.push(['fieldSelector', o.fieldSelector]);
  if (o.labelSelector) query.push(['labelSelector', o.labelSelector]);
  query.push(['resourceVersion', resourceVersion]);
  // client-go reflector: a random server-side timeout in [5m, 10m).
  const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
  if (o.typedClient) query.push(['timeout', formatGoDuration(timeoutSeconds * 1000)]);
  query.push(['timeoutSeconds', String(timeoutSeconds)]);
  query.push(['watch', 'true']);
  const step: RequestStep = {
    method: 'GET',
    path: apiPath(o.resource, { namespace: o.namespace }),
    query,
    headers: [['Accept', ACCEPT.json]],
    stream: true,
    purpose: `watch ${o.what} for changes`,
    kind: 'watch',
    role: 'call',
  };
  if (fromList) step.fromAnswer = [{ param: 'resourceVersion', step: listStep, field: 'resourceVersion' }];
  return step;
}

/** Runs the list and watch until the condition holds ('done') or the deadline passes ('timeout'). */
export async function untilWithSync(session: Session, o: ListWatchOptions): Promise<'done' | 'timeout'> {
  let listAt: string | undefined = '0';
  for (;;) {
    // The list, then the watch from its resourceVersion: one plan (the snippet reads the resourceVersion from the list).
    const plan = await session.finalize({ command: o.command, steps: [informerListStep(o, listAt), informerWatchStep(o, '', true)] });
    const results = await runPlan(session, plan, { json: true, show: o.show });
    if (!results) return 'done';
    const listed = results[0].answers as Obj[];
    let resourceVersion = String(listed[listed.length - 1]?.metadata?.resourceVersion ?? '');
    const objects = listed.flatMap((page) => (page.items ?? []) as Obj[]);
    let stream = results[1].stream!;
    if (stream.status >= 300) throw await streamStatusError(stream);
    // The reflector has already opened its watch when the handler sees the listed objects: a condition the list
    // meets ends the wait with the watch open.
    let done = false;
    try {
      if (o.precondition && listAt === '0') done = await o.precondition(objects);
      for (const obj of objects) if (!done) done = await o.onEvent('ADDED', obj);
    } catch (e) {
      stream.cancel();
      throw e;
    }
    if (done) {
      stream.cancel();
      return 'done';
    }
    let expired = false;
    for (;;) {
      const remaining = o.deadline - Date.now();
      if (remaining <= 0) {
        stream.cancel();
        return 'timeout';
      }
      let timedOut = false;
      const timer = Number.isFinite(remaining)
        ? setTimeout(() => {
            timedOut = true;
            stream.cancel();
          }, remaining)
        : undefined;
      const removeHandler = session.io.onInterrupt(() => {
        timedOut = true;
        stream.cancel();
      });
      let failure: KubeStatus | undefined;
      try {
        for await (const event of watchEvents(stream.chunks)) {
          if (event.type === 'BOOKMARK') {
            resourceVersion = event.object?.metadata?.resourceVersion ?? resourceVersion;
            continue;
          }
          if (event.type === 'ERROR') {
            failure = (event.object ?? {}) as KubeStatus;
            break;
          }
          if (event.object?.metadata?.resourceVersion) resourceVersion = event.object.metadata.resourceVersion;
          if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
            if (await o.onEvent(event.type, event.object ?? {})) {
              done = true;
              break;
            }
          }
        }
      } finally {
        if (timer) clearTimeout(timer);
        removeHandler();
        stream.cancel();
      }
      if (done) return 'done';
      if (timedOut) return 'timeout';
      if (failure) {
        // client-go reflector: 410 Expired means listing again from the latest state.
        if (Number(failure.code) !== 410) throw new ApiStatusError(Number(failure.code ?? 500), failure);
        expired = true;
        break;
      }
      // The server ended the watch (its timeoutSeconds): the reflector watches again from where it was.
      const again = await session.finalize({ command: o.command, steps: [informerWatchStep(o, resourceVersion, false)] });
      const rerun = await runPlan(session, again, { show: o.show });
      stream = rerun![0].stream!;
      if (stream.status >= 300) throw await streamStatusError(stream);
    }
    if (expired) listAt = undefined;
  }
}
