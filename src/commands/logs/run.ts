// kcurl logs: resolve the object (GET), find the pod and container(s) as kubectl does, show the plan, then
// stream each GET …/log to stdout as it arrives (never buffered); Ctrl-C ends a follow cleanly.
import { ApiStatusError, KcurlError } from '../../errors.js';
import { ensureOk, parseStatus } from '../../http/status.js';
import type { StreamResponse } from '../../http/execute.js';
import { streamStatusError, watchEvents } from '../../http/stream-body.js';
import type { Session } from '../../cli/session.js';
import { runPlan, runStep, showWhenOffline } from '../../plan/run-plan.js';
import type { ApiResource } from '../../kube/resources.js';
import type { RequestPlan, RequestStep } from '../../plan/request-plan.js';
import { type LogsOptions, logsOptionsFromFlags } from './options.js';
import {
  PROTOBUF_NOTE,
  chooseContainers,
  logStep,
  objectStep,
  ownerPodsStep,
  ownerPodsWatchStep,
  pickPodForLogs,
  podSelectorFor,
  sortPodsForLogs,
  selectorListStep,
} from './plan.js';
import type { LogsFlags } from './flags.js';

type Obj = Record<string, any>;

const isPods = (r: ApiResource) => r.group === '' && r.resource === 'pods';

/** One log request and where its output goes. */
interface LogSource {
  step: RequestStep;
  pod: string;
  container: string;
}

export async function runLogs(session: Session, positionals: string[], flags: LogsFlags): Promise<number> {
  const opts = logsOptionsFromFlags(positionals, flags);
  const creds = await session.credentials();
  const namespace = creds.namespace.value;
  const [typeArg, name] = splitResourceArg(opts.resourceArg);
  const resource = (await session.resolveTypes([typeArg]))[0];

  if (await showWhenOffline(session, await session.finalize(offlinePlan(opts, resource, namespace, name)))) return 0;

  const lookups: RequestStep[] = [];
  const notes: string[] = [];
  /** A lookup: a one-step plan sent unshown (the snippet shows every lookup before the logs, once they are known). */
  const send = async (step: RequestStep) => {
    const plan = await session.finalize({ command: 'kubectl logs', steps: [step] });
    lookups.push(plan.steps[0]);
    return (await runStep(session, plan, { show: false })).responses[0];
  };

  // 1. The object (or the pods of -l), as kubectl's resource builder fetches it.
  let pods: Obj[];
  if (opts.selector !== undefined) {
    const res = await send(selectorListStep(namespace, opts.selector));
    ensureOk(res);
    pods = (JSON.parse(res.body) as Obj).items ?? [];
    if (pods.length === 0) {
      session.io.stderr.write(`No resources found in ${namespace} namespace.\n`);
      return 0;
    }
  } else {
    const res = await send(objectStep(resource, namespace, name!));
    if (res.status === 404) {
      // kubectl logs wraps the builder's NotFound.
      const status = parseStatus(res);
      throw new KcurlError('KCURL_API_STATUS', `error: error from server (NotFound): ${status.message ?? 'not found'} in namespace "${namespace}"`);
    }
    ensureOk(res);
    const obj = JSON.parse(res.body) as Obj;
    if (isPods(resource)) pods = [obj];
    else {
      // 2. A controller or service: its first pod, sorted for logging (GetFirstPod).
      const selector = podSelectorFor(obj, resource);
      notes.push(PROTOBUF_NOTE);
      const pod = await firstPod(session, send, namespace, selector, {
        timeoutMs: opts.podRunningTimeoutMs,
        pick: pickPodForLogs,
        announce: !opts.allPods,
      });
      if (opts.allPods) {
        // --all-pods: once a pod exists, kubectl lists the pods again and reads every one, sorted for logging.
        const again = await send(ownerPodsStep(namespace, selector));
        ensureOk(again);
        pods = sortPodsForLogs((JSON.parse(again.body) as Obj).items ?? []);
      } else pods = [pod];
    }
  }

  // 3. The container(s) of each pod.
  const sources: LogSource[] = [];
  for (const pod of pods) {
    for (const choice of chooseContainers(pod, opts.container, opts.allContainers)) {
      // With --all-pods kubectl picks the default container without saying so.
      for (const note of choice.notes) if (!(opts.allPods && note.startsWith('Defaulted container'))) session.io.stderr.write(note + '\n');
      const podName = pod.metadata?.name as string;
      sources.push({ step: logStep(pod.metadata?.namespace ?? namespace, podName, choice.container, opts.log), pod: podName, container: choice.container });
    }
  }
  if (opts.log.follow && sources.length > 1 && sources.length > opts.maxLogRequests) {
    throw new KcurlError(
      'KCURL_USAGE',
      `you are attempting to follow ${sources.length} log streams, but maximum allowed concurrency is ${opts.maxLogRequests}, use --max-log-requests to increase the limit`,
    );
  }
  const plan = await session.finalize({ command: 'kubectl logs', steps: sources.map((s) => s.step), notes });
  sources.forEach((s, i) => (s.step = plan.steps[i]));
  await session.show({ ...plan, steps: [...lookups, ...plan.steps] });

  // A follow may last for hours, one small piece of log at a time.
  const restoreHeap = opts.log.follow ? await session.io.keepHeapSmall?.({ optimizingCompiler: false, oldGeneration: 'small' }) : undefined;
  // 4. The logs: one after the other, or all at once when following several streams (kubectl's parallel consume).
  const open = new Set<StreamResponse>();
  let interrupted = false;
  const removeHandler = session.io.onInterrupt(() => {
    interrupted = true;
    for (const s of open) s.cancel();
  });
  try {
    if (opts.log.follow && sources.length > 1) {
      // The plan's streams are opened in order and handed back unread; then all of them are read at once.
      let streams: StreamResponse[];
      try {
        const run = await runPlan(session, plan, { show: false, onResult: (r) => void open.add(r.stream!) });
        streams = run!.map((r) => r.stream!);
      } catch (err) {
        if (interrupted) return 0;
        throw err;
      }
      const results = await Promise.allSettled(sources.map((s, i) => consume(session, s, streams[i], opts, open, true)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed && !interrupted) throw failed.reason;
    } else {
      // One stream after the other: each log is read to its end before the next request is sent.
      for (const [i, s] of sources.entries()) {
        if (interrupted) break;
        let stream: StreamResponse;
        try {
          stream = (await runStep(session, { ...plan, steps: [plan.steps[i]] }, { show: false })).stream!;
        } catch (err) {
          if (interrupted) break;
          throw err;
        }
        await consume(session, s, stream, opts, open, false);
      }
    }
  } finally {
    removeHandler();
    restoreHeap?.();
  }
  return 0;
}

function splitResourceArg(arg: string | undefined): [string, string | undefined] {
  if (arg === undefined) return ['pods', undefined];
  const slash = arg.indexOf('/');
  if (slash < 0) return ['pods', arg];
  const type = arg.slice(0, slash);
  const name = arg.slice(slash + 1);
  if (!type || !name) throw new KcurlError('KCURL_USAGE', `arguments in resource/name form must have a single resource and name: "${arg}"`);
  return [type, name];
}

/** --offline: what can be known without the server's answers. */
function offlinePlan(opts: LogsOptions, resource: ApiResource, namespace: string, name: string | undefined): RequestPlan {
  const notes: string[] = [];
  const steps: RequestStep[] = [];
  if (opts.selector !== undefined) {
    steps.push(selectorListStep(namespace, opts.selector));
    notes.push('then kubectl sends GET …/pods/POD/log?container=… for each pod of the list, with the options below');
  } else if (!isPods(resource)) {
    steps.push(objectStep(resource, namespace, name!));
    notes.push("then kubectl lists the pods matching the object's selector, picks one and sends GET …/pods/POD/log for it", PROTOBUF_NOTE);
  } else {
    steps.push(objectStep(resource, namespace, name!));
    const step = logStep(namespace, name!, opts.container ?? '', opts.log);
    if (!opts.container || opts.allContainers) {
      step.query = step.query.filter(([k]) => k !== 'container');
      step.purpose = `${opts.log.follow ? 'follow' : 'read'} the log of pod ${name}`;
      notes.push(
        opts.allContainers
          ? 'kubectl sends this request once per container (container=NAME), in the order of the pod spec'
          : "kubectl adds container=NAME chosen from the pod (its kubectl.kubernetes.io/default-container annotation, else the first container); without it the server picks a pod's only container",
      );
    }
    steps.push(step);
  }
  return { command: 'kubectl logs', steps, notes };
}

/**
 * GetFirstPod: list by selector and pick (logs: ByLogging; exec and attach: the most active); with none yet, watch
 * until one is added or modified, or the timeout passes. `announce`: say which pod among several (kubectl logs does).
 */
export async function firstPod(
  session: Session,
  send: (step: RequestStep) => Promise<{ status: number; body: string }>,
  namespace: string,
  selector: string,
  opts: { timeoutMs: number; pick: (pods: Obj[]) => Obj | undefined; announce: boolean; command?: string },
): Promise<Obj> {
  const res = await send(ownerPodsStep(namespace, selector));
  ensureOk(res);
  const list = JSON.parse(res.body) as Obj;
  const pods: Obj[] = list.items ?? [];
  const pod = opts.pick(pods);
  if (pod) {
    if (pods.length > 1 && opts.announce) session.io.stderr.write(`Found ${pods.length} pods, using pod/${pod.metadata?.name}\n`);
    return pod;
  }
  const watch = await session.finalize({
    command: opts.command ?? 'kubectl logs',
    steps: [ownerPodsWatchStep(namespace, selector, list.metadata?.resourceVersion ?? '')],
  });
  const stream = (await runStep(session, watch, { show: false })).stream!;
  if (stream.status >= 400) throw await streamStatusError(stream);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stream.cancel();
  }, opts.timeoutMs);
  const cancelOnInterrupt = session.io.onInterrupt(() => stream.cancel());
  try {
    for await (const event of watchEvents(stream.chunks)) {
      if ((event.type === 'ADDED' || event.type === 'MODIFIED') && event.object?.kind === 'Pod') {
        stream.cancel();
        return event.object;
      }
      if (event.type === 'ERROR') throw new ApiStatusError(Number(event.object?.code ?? 500), event.object ?? {});
    }
  } finally {
    clearTimeout(timer);
    cancelOnInterrupt();
  }
  // watchtools.UntilWithoutRetry: ErrWaitTimeout when the deadline passes, ErrWatchClosed when the server ends the watch.
  throw new KcurlError('KCURL_NETWORK', timedOut ? 'timed out waiting for the condition' : 'watch closed before UntilWithoutRetry timeout');
}

/**
 * Streams one log to stdout. kubectl reads the body line by line (DefaultConsumeRequest); without --prefix
 * and with a single stream the bytes go out as they arrive. With --prefix each line gets `[pod/P/C] `; with
 * several parallel streams lines are written whole so they never interleave.
 */
async function consume(
  session: Session,
  source: LogSource,
  stream: StreamResponse,
  opts: LogsOptions,
  open: Set<StreamResponse>,
  parallel: boolean,
): Promise<void> {
  const out = session.io.stdout;
  open.add(stream);
  try {
    if (stream.status >= 400) {
      const err = await streamStatusError(stream);
      // --ignore-errors: kubectl prints the error where the log would have gone and carries on.
      if (opts.ignoreErrors) {
        out.write(`error: ${err.message}\n`);
        return;
      }
      throw err;
    }
    const prefix = opts.prefix ? `[pod/${source.pod}/${source.container}] ` : '';
    if (!prefix && !parallel) {
      for await (const chunk of stream.chunks) out.write(chunk);
      return;
    }
    // A character split across chunks is decoded whole.
    const decoder = new TextDecoder();
    let partial = '';
    for await (const chunk of stream.chunks) {
      const text = partial + decoder.decode(chunk, { stream: true });
      const end = text.lastIndexOf('\n');
      if (end < 0) {
        partial = text;
        continue;
      }
      partial = text.slice(end + 1);
      const lines = text.slice(0, end + 1).split(/(?<=\n)/);
      out.write(lines.map((l) => prefix + l).join(''));
    }
    partial += decoder.decode();
    if (partial) out.write(prefix + partial);
  } finally {
    open.delete(stream);
  }
}
