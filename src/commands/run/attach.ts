// kcurl run -i / --attach (kubectl run's attach path, pkg/cmd/run/run.go): after the POSTs, wait for the pod to run
// and be ready (the typed clientset's informer: LIST and WATCH by name), attach to it over WebSocket as kubectl attach
// does (its logs instead when it already ended or the attach fails), then with --restart=Never|OnFailure wait for it
// to end and exit with its container's exit code; with --rm, GET and DELETE what was created, whatever happened.
import type { Session } from '../../cli/session.js';
import { ApiStatusError, KcurlError } from '../../errors.js';
import { parseStatus } from '../../http/status.js';
import { builtinCatalog, resourceFor } from '../../kube/resources.js';
import { ACCEPT, type RequestStep, bodyStep, pathSegment } from '../../plan/request-plan.js';
import { chooseContainers, logStep } from '../logs/plan.js';
import { attachToPod } from '../exec/run.js';
import { websocketStep } from '../exec/plan.js';
import type { StepResponse } from '../../http/execute.js';
import { runStep, showWhenOffline } from '../../plan/run-plan.js';
import { informerListStep, informerWatchStep, untilWithSync } from '../shared/list-watch.js';
import { PROTOBUF_NOTE } from '../logs/plan.js';

type Obj = Record<string, any>;

export interface AttachedRun {
  namespace: string;
  name: string;
  /** The POSTs: the Pod, then (--expose) the Service, sent only once the Pod was created. */
  posts: RequestStep[];
  stdin: boolean;
  tty: boolean;
  quiet: boolean;
  rm: boolean;
  leaveStdinOpen: boolean;
  restart: string;
  podRunningTimeoutMs: number;
  /** Prints a created Service (kubectl prints it as it creates it; the attached Pod is not printed). */
  printService: (svc: Obj) => void;
}

const COMMAND = 'kubectl run';
const PODS = resourceFor(builtinCatalog(), { group: '', resource: 'pods' })!;

/** The pod has ended: kubectl's ErrPodCompleted, which makes it read the logs instead of attaching. */
const COMPLETED = Symbol('pod completed');

function watched(a: AttachedRun, deadline: number) {
  return {
    command: COMMAND,
    resource: PODS,
    namespace: a.namespace,
    fieldSelector: `metadata.name=${a.name}`,
    typedClient: true,
    what: `pod "${a.name}"`,
    deadline,
  };
}

/** A DELETED event: errors.NewNotFound(pods, "") (the name is not filled in). */
const podGone = () =>
  new ApiStatusError(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'pods "" not found' });

/** waitForPod: the pod from the informer once `condition` holds, COMPLETED, or a timeout error. */
async function waitForPod(
  session: Session,
  a: AttachedRun,
  condition: (type: string, pod: Obj) => boolean | typeof COMPLETED,
): Promise<{ pod: Obj; completed: boolean }> {
  let seen: Obj = {};
  let completed = false;
  const outcome = await untilWithSync(session, {
    ...watched(a, Date.now() + a.podRunningTimeoutMs),
    show: async () => {},
    onEvent: (type, pod) => {
      seen = pod;
      const met = condition(type, pod);
      if (met === COMPLETED) completed = true;
      return Boolean(met);
    },
  });
  if (outcome === 'timeout') throw new KcurlError('KCURL_NETWORK', 'timed out waiting for the condition');
  return { pod: seen, completed };
}

/** podRunningAndReady: Running with Ready=True; an ended pod is ErrPodCompleted; a deleted one NotFound. */
function runningAndReady(type: string, pod: Obj): boolean | typeof COMPLETED {
  if (type === 'DELETED') throw podGone();
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return COMPLETED;
  if (phase !== 'Running') return false;
  return ((pod.status?.conditions ?? []) as Obj[]).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** podCompleted (--restart=Never) and podSucceeded (OnFailure). */
const ended =
  (phases: string[]) =>
  (type: string, pod: Obj): boolean => {
    if (type === 'DELETED') throw podGone();
    return phases.includes(pod.status?.phase);
  };

/**
 * Every request of the run, known before any answer (the watches' resourceVersion is read from their lists): shown
 * once, before the first is sent, so the snippet is one script and what kubectl prints follows it.
 */
export function attachedPlan(a: AttachedRun): { steps: RequestStep[]; notes: string[] } {
  const wait = watched(a, Number.POSITIVE_INFINITY);
  const steps = [...a.posts];
  const listAndWatch = () => steps.push(informerListStep(wait, '0'), informerWatchStep(wait, '', true, steps.length));
  listAndWatch();
  steps.push(websocketStep({ subresource: 'attach', namespace: a.namespace, pod: a.name, container: a.name, command: [], stdin: a.stdin, tty: false }));
  if (waitsForExit(a)) listAndWatch();
  if (a.rm) for (const c of created(a)) steps.push(getStep(a.namespace, c), deleteStep(a.namespace, c));
  const notes = [
    'kubectl stops the first watch once the pod runs and is ready, then attaches (it reads the log instead when the pod has already ended or the attach fails)',
    PROTOBUF_NOTE,
  ];
  if (waitsForExit(a)) notes.push('after the attach kubectl watches the pod again until it has ended, and exits with its exit code');
  if (a.rm) notes.push('--rm: the GET and DELETE are sent whatever happened before, for what was created');
  return { steps, notes };
}

type Created = { plural: string; what: string; name: string };
const created = (a: AttachedRun): Created[] => [
  { plural: 'pods', what: 'pod', name: a.name },
  ...(a.posts.length > 1 ? [{ plural: 'services', what: 'service', name: a.name }] : []),
];

const waitsForExit = (a: AttachedRun) => !a.leaveStdinOpen && (a.restart === 'Never' || a.restart === 'OnFailure');

/** One request, sent unshown (the whole plan was shown first). */
async function send(session: Session, step: RequestStep): Promise<StepResponse> {
  const plan = await session.finalize({ command: COMMAND, steps: [step] });
  return (await runStep(session, plan, { show: false })).responses[0];
}

export async function runAttached(session: Session, a: AttachedRun): Promise<number> {
  const plan = attachedPlan(a);
  const shown = await session.finalize({ command: COMMAND, ...plan });
  if (await showWhenOffline(session, shown)) return 0;
  await session.show(shown);
  const made: Created[] = [];
  let outcome: { code: number; report?: string };
  try {
    const pod = await send(session, a.posts[0]);
    if (pod.status >= 300) throw new ApiStatusError(pod.status, parseStatus(pod));
    made.push(created(a)[0]);
    let serviceError: ApiStatusError | undefined;
    if (a.posts[1]) {
      const svc = await send(session, a.posts[1]);
      if (svc.status >= 300) serviceError = new ApiStatusError(svc.status, parseStatus(svc));
      else {
        made.push(created(a)[1]);
        a.printService(JSON.parse(svc.body) as Obj);
      }
    }
    outcome = await attachAndWait(session, a);
    if (serviceError) throw serviceError;
  } finally {
    // --rm (a deferred removeCreatedObjects in kubectl: its errors are dropped).
    if (a.rm) for (const c of made) await remove(session, a, c).catch(() => {});
  }
  if (outcome.report) session.io.stderr.write(outcome.report);
  return outcome.code;
}

async function attachAndWait(session: Session, a: AttachedRun): Promise<{ code: number; report?: string }> {
  const io = session.io;
  // handleAttachPod
  const { pod, completed } = await waitForPod(session, a, runningAndReady);
  const readLogs = async () => {
    // logOpts: the container's log, printed as it is.
    const container = chooseContainers(pod, undefined, false)[0].container;
    const res = await send(session, { ...logStep(a.namespace, a.name, container, LOG_DEFAULTS), stream: false });
    if (res.status >= 300) throw new ApiStatusError(res.status, parseStatus(res));
    io.stdout.write(res.body);
  };
  if (completed) await readLogs();
  else {
    try {
      const status = await attachToPod(session, COMMAND, pod, { namespace: a.namespace, stdin: a.stdin, tty: a.tty, quiet: a.quiet }, [], [], async () => {});
      if (status && status.status !== 'Success') throw new KcurlError('KCURL_API_STATUS', String(status.message ?? 'error executing remote command'));
      // reattachMessage: after a session on a terminal (raw), for a pod that restarts its container.
      if (!a.quiet && a.stdin && a.tty && io.isStdinTTY && a.restart === 'Always') {
        const container = chooseContainers(pod, undefined, false)[0].container;
        io.stdout.write(`Session ended, resume using 'kubectl attach ${a.name} -c ${container} -i -t' command when the pod is running\n`);
      }
    } catch (e) {
      if (!(e instanceof KcurlError)) throw e;
      io.stderr.write(`warning: couldn't attach to pod/${a.name}, falling back to streaming logs: ${e.message}\n`);
      await readLogs();
    }
  }
  if (!waitsForExit(a)) return { code: 0 };
  const done = await waitForPod(session, a, ended(a.restart === 'OnFailure' ? ['Succeeded'] : ['Succeeded', 'Failed']));
  const phase = done.pod.status?.phase;
  const where = `${a.namespace}/${a.name}`;
  if (phase === 'Succeeded') return { code: 0 };
  if (phase !== 'Failed') throw new KcurlError('KCURL_API_STATUS', `pod ${where} left in phase ${phase}`);
  const terminated = done.pod.status?.containerStatuses?.[0]?.state?.terminated;
  const rc = Number(terminated?.exitCode ?? 0);
  if (!terminated || rc === 0) throw new KcurlError('KCURL_API_STATUS', `pod ${where} failed with unknown exit code`);
  // uexec.CodeExitError: its text as is (no "error: "), and the container's exit code; printed after --rm's deletions.
  const text = `pod ${where} terminated (${terminated.reason ?? ''})\n${terminated.message ?? ''}`;
  return { code: rc, report: text.endsWith('\n') ? text : `${text}\n` };
}

const LOG_DEFAULTS = { follow: false, previous: false, timestamps: false, insecureSkipTLSVerifyBackend: false };

const objectPath = (namespace: string, c: Created) => `/api/v1/namespaces/${pathSegment(namespace)}/${c.plural}/${pathSegment(c.name)}`;

/** removeCreatedObjects' builder: the GET of one created object (JSON or anything). */
function getStep(namespace: string, c: Created): RequestStep {
  return {
    method: 'GET',
    path: objectPath(namespace, c),
    query: [],
    headers: [['Accept', ACCEPT.jsonAny]],
    stream: false,
    purpose: `read ${c.what} "${c.name}" (--rm: to delete it)`,
    kind: 'get',
    role: 'call',
  };
}

/** DeleteResult's DELETE through the resource helper (DeleteOptions with its kind, background propagation). */
function deleteStep(namespace: string, c: Created): RequestStep {
  const del = bodyStep(
    'DELETE',
    objectPath(namespace, c),
    [],
    '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}\n',
    'application/json',
    `delete ${c.what} "${c.name}" (--rm)`,
  );
  del.headers = [
    ['Accept', ACCEPT.jsonAny],
    ['Content-Type', 'application/json'],
  ];
  return del;
}

/** removeCreatedObjects: the GET (a NotFound is ignored), then the DELETE and `pod "x" deleted` (not with -q). */
async function remove(session: Session, a: AttachedRun, c: Created): Promise<void> {
  const got = await send(session, getStep(a.namespace, c));
  if (got.status >= 300) return;
  const res = await send(session, deleteStep(a.namespace, c));
  if (res.status < 300 && !a.quiet) session.io.stdout.write(`${c.what} "${c.name}" deleted\n`);
}
