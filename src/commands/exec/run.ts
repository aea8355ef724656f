// kcurl exec and attach: GET the pod (kubectl's builder), choose the container as kubectl does, show the plan,
// then the WebSocket upgrade (v5.channel.k8s.io) and its channels: stdin out on 0 (and 255 0 when it ends),
// stdout and stderr in on 1 and 2, the result on 3: a Status whose exit code becomes kcurl's, with kubectl's
// "command terminated with exit code N". A refused upgrade is followed by kubectl's SPDY fallback POST, whose
// answer carries the error kubectl reports.
import { ApiStatusError, KcurlError } from '../../errors.js';
import { ensureOk, parseStatus } from '../../http/status.js';
import { closeAndWait, websocketAccept, websocketKey, websocketOver, type WebSocketConnection } from '../../http/websocket.js';
import type { Session } from '../../cli/session.js';
import { runStep, showWhenOffline } from '../../plan/run-plan.js';
import { ACCEPT, type RequestPlan, type RequestStep } from '../../plan/request-plan.js';
import { namespaceCheckStep } from '../../plan/namespace-check.js';
import { PROTOBUF_NOTE, chooseContainers, objectStep, podSelectorFor } from '../logs/plan.js';
import { firstPod } from '../logs/run.js';
import { parseGoDuration } from '../../kube/duration.js';
import type { AttachFlags, ExecFlags } from './flags.js';
import { CHANNEL_PROTOCOL, execArguments, pickPodToAttach, spdyFallbackStep, splitTarget, type StreamRequest, websocketStep } from './plan.js';

type Obj = Record<string, any>;

const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export async function runExec(session: Session, positionals: string[], rest: string[], flags: ExecFlags): Promise<number> {
  const { resourceArg, command } = execArguments(positionals, rest);
  return runStreaming(session, 'exec', resourceArg, command, flags);
}

export async function runAttach(session: Session, positionals: string[], flags: AttachFlags): Promise<number> {
  // kubectl attach's Complete.
  if (positionals.length === 0) throw new KcurlError('KCURL_USAGE', 'at least 1 argument is required for attach');
  if (positionals.length > 1) throw new KcurlError('KCURL_USAGE', `kcurl attach takes one POD or pod/NAME, not ${positionals.length} arguments`);
  return runStreaming(session, 'attach', positionals[0], [], flags);
}

async function runStreaming(
  session: Session,
  verb: 'exec' | 'attach',
  resourceArg: string,
  command: string[],
  flags: ExecFlags | AttachFlags,
): Promise<number> {
  const io = session.io;
  refuseOtherLanguages(session, verb);
  const target = splitTarget(resourceArg);
  const creds = await session.credentials();
  const namespace = creds.namespace.value;
  const resource = (await session.resolveTypes([target.type]))[0];
  const isPod = resource.group === '' && resource.resource === 'pods';
  let pod = isPod ? target.name : 'POD';
  const kubectl = `kubectl ${verb}`;
  const lookup = objectStep(resource, namespace, target.name);
  if (isPod) lookup.purpose = `get pod "${pod}" (kubectl reads it to choose the container)`;

  let tty = flags.tty;
  /** SetupTTY: a tty needs stdin, and stdin a terminal. */
  const setupTty = () => {
    if (!flags.stdin) tty = false;
    if (tty && !io.isStdinTTY) {
      io.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
      tty = false;
    }
  };
  if (verb === 'exec') setupTty();
  const request = (container: string): StreamRequest => ({ subresource: verb, namespace, pod, container, command, stdin: flags.stdin, tty });
  const offlineNotes = isPod ? [] : [`then kubectl lists the pods selected by ${resourceArg} and uses the most active one (POD here)`, PROTOBUF_NOTE];

  if (
    await showWhenOffline(session, async () => {
      const call = websocketStep(request(flags.container ?? 'CONTAINER'));
      const notes = flags.container
        ? []
        : [
            'kubectl sets container= from the pod (its kubectl.kubernetes.io/default-container annotation, else the first container); CONTAINER stands for it here',
          ];
      return session.finalize({ command: kubectl, steps: [lookup, call], notes: [...offlineNotes, ...notes] });
    })
  )
    return 0;

  // 1. The pod, as kubectl's builder reads it.
  let { obj, lookups } = await readPod(session, kubectl, lookup, namespace);
  if (!isPod) {
    const chosen = await attachablePod(session, kubectl, resource, obj, namespace, flags.podRunningTimeout);
    lookups = [...lookups, ...chosen.lookups];
    obj = chosen.pod;
    pod = chosen.pod.metadata?.name as string;
  }
  if (verb === 'attach') {
    const status = await attachToPod(
      session,
      kubectl,
      obj,
      { namespace, container: flags.container, stdin: flags.stdin, tty: flags.tty, quiet: false },
      lookups,
      isPod ? [] : [PROTOBUF_NOTE],
    );
    return resultOf(session, status);
  }
  const phase = obj.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw new KcurlError('KCURL_USAGE', `cannot exec into a container in a completed pod; current phase is ${phase}`);
  }

  // 2. The container: -c as given (the server checks it), else podcmd.FindOrDefaultContainerByName.
  const container = flags.container || defaultContainer(io, obj);
  const r = request(container);
  const status = await streamSession(session, kubectl, r, lookups, terminalStreams(io), isPod ? [] : [PROTOBUF_NOTE]);
  return resultOf(session, status);
}

/**
 * AttachablePodForObject for an object that is not a pod: its pod selector, its pods listed, the most active one (no
 * GET of it); with none yet, a watch until one appears or --pod-running-timeout passes. Returns the pod and the
 * requests sent (unshown: the snippet shows them with what follows).
 */
export async function attachablePod(
  session: Session,
  kubectl: string,
  resource: Parameters<typeof podSelectorFor>[1],
  obj: Obj,
  namespace: string,
  podRunningTimeout: string,
): Promise<{ pod: Obj; lookups: RequestStep[] }> {
  const selector = podSelectorFor(obj, resource);
  const lookups: RequestStep[] = [];
  const send = async (step: RequestStep) => {
    const one = await session.finalize({ command: kubectl, steps: [step] });
    lookups.push(...one.steps);
    return (await runStep(session, one, { show: false })).responses[0];
  };
  const timeoutNs = parseGoDuration(podRunningTimeout, '--pod-running-timeout');
  const pod = await firstPod(session, send, namespace, selector, {
    timeoutMs: Number(timeoutNs / 1_000_000n),
    pick: pickPodToAttach,
    announce: false,
    command: kubectl,
  });
  return { pod, lookups };
}

/** How kubectl attach (and run -i/--attach) attaches to a pod it already holds. */
export interface AttachTarget {
  namespace: string;
  /** -c; else the pod's default container. */
  container?: string;
  stdin: boolean;
  tty: boolean;
  /** run -q: none of kubectl's prompts and TTY warnings. */
  quiet: boolean;
}

/**
 * kubectl attach's Run once the pod is known (attach reads it, run takes it from its watch): the completed-pod
 * check, the container, kubectl's TTY choice (the container's own tty decides, then SetupTTY), its hint, then the
 * session (shown with `show`, after the `lookups` that led to it). Returns the Status of the error channel.
 */
export async function attachToPod(
  session: Session,
  kubectl: string,
  pod: Obj,
  a: AttachTarget,
  lookups: RequestStep[],
  notes: string[],
  show?: (plan: RequestPlan) => Promise<void>,
): Promise<Obj | undefined> {
  const io = session.io;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw new KcurlError('KCURL_USAGE', `cannot attach to a container in a completed pod; current phase is ${phase}`);
  }
  const say = (line: string) => {
    if (!a.quiet) io.stderr.write(line);
  };
  // The container: -c as given (the server checks it), else podcmd.FindOrDefaultContainerByName.
  const container = a.container || (a.quiet ? chooseContainers(pod, undefined, false)[0].container : defaultContainer(io, pod));
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].find(
    (c: Obj) => c.name === container,
  );
  // A tty only where the container has one; a container with one is attached with one.
  let tty = a.tty;
  if (tty && spec && !spec.tty) {
    say(`error: Unable to use a TTY - container ${container} did not allocate one\n`);
    tty = false;
  } else if (!tty && spec?.tty) tty = true;
  // SetupTTY: a tty needs stdin, and stdin a terminal.
  if (!a.stdin) tty = false;
  if (tty && !io.isStdinTTY) {
    say('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  say("If you don't see a command prompt, try pressing enter.\n");
  const r: StreamRequest = {
    subresource: 'attach',
    namespace: a.namespace,
    pod: String(pod.metadata?.name ?? ''),
    container,
    command: [],
    stdin: a.stdin,
    tty,
  };
  return streamSession(session, kubectl, r, lookups, terminalStreams(io), notes, show);
}

/** The program generators speak plain HTTP; a WebSocket call is shown in bash only (its python3-websocket client). */
export function refuseOtherLanguages(session: Session, verb: string): void {
  if (session.options.showPrograms?.length) {
    throw new KcurlError('KCURL_USAGE', `kcurl ${verb} shows its WebSocket call as a bash snippet only: use --show-curl instead of --show`, {
      hint: 'the snippet makes the call with a short python3-websocket program; the --show generators send plain HTTP requests',
    });
  }
}

async function* readAll(io: Session['io']): AsyncIterable<Uint8Array> {
  const all = await io.readStdin();
  if (all.length) yield all;
}

/** The pod GET (unshown: the snippet shows it with what follows). On a failure, kubectl's namespace read, the snippet, the error. */
export async function readPod(session: Session, kubectl: string, lookup: RequestStep, namespace: string): Promise<{ obj: Obj; lookups: RequestStep[] }> {
  const lookupPlan = await session.finalize({ command: kubectl, steps: [lookup] });
  const res = (await runStep(session, lookupPlan, { show: false })).responses[0];
  if (res.status >= 300) {
    // kubectl's builder: after a NotFound outside `default` it reads the namespace, to report a missing one as such.
    const shown = [...lookupPlan.steps];
    let failed: { status: number; body: string } = res;
    if (res.status === 404 && namespace !== 'default') {
      const check = await session.finalize({ command: kubectl, steps: [namespaceCheckStep(namespace, ACCEPT.jsonAny)] });
      shown.push(check.steps[0]);
      const ns = (await runStep(session, check, { show: false })).responses[0];
      if (ns.status === 404) failed = ns;
    }
    await session.show({ command: kubectl, steps: shown });
    ensureOk(failed);
  }
  return { obj: JSON.parse(res.body) as Obj, lookups: lookupPlan.steps };
}

/** podcmd.FindOrDefaultContainerByName without a name: the annotated container, else the first (said on stderr among several). */
export function defaultContainer(io: Session['io'], pod: Obj): string {
  const [choice] = chooseContainers(pod, undefined, false);
  // exec, attach and cp say only which container they defaulted to (a missing annotated one is a -v=4 log line).
  for (const note of choice.notes) if (note.startsWith('Defaulted container')) io.stderr.write(note + '\n');
  return choice.container;
}

/** Where a session's streams go: stdout and stderr as they arrive, stdin (when the request asks for it) from a source. */
export interface SessionStreams {
  stdout(data: Uint8Array): void;
  stderr(data: Uint8Array): void;
  stdin?: { chunks: AsyncIterable<Uint8Array>; stop(): void };
}

/** A session on kcurl's own stdio: output as it arrives, stdin read as the session asks for it. */
function terminalStreams(io: Session['io']): SessionStreams {
  return {
    stdout: (b) => io.stdout.write(b),
    stderr: (b) => io.stderr.write(b),
    stdin: io.stdinChunks?.() ?? { chunks: readAll(io), stop: () => {} },
  };
}

/**
 * Shows the plan (the lookups, then the upgrade), makes the upgrade (kubectl's SPDY fallback POST when it is
 * refused, reporting its Status), then runs the channels; returns the Status of the error channel.
 */
export async function streamSession(
  session: Session,
  kubectl: string,
  r: StreamRequest,
  lookups: RequestStep[],
  streams: SessionStreams,
  notes: string[] = [],
  show: (plan: RequestPlan) => Promise<void> = (p) => session.show(p),
): Promise<Obj | undefined> {
  const plan = await session.finalize({ command: kubectl, steps: [websocketStep(r)], notes });
  await show({ ...plan, steps: [...lookups, ...plan.steps] });

  // The upgrade, with a key of its own (not part of the plan: every handshake has a fresh one).
  const key = websocketKey();
  const step: RequestStep = { ...plan.steps[0], headers: [...plan.steps[0].headers, ['Sec-Websocket-Key', key]] };
  const up = await session.upgrade(step);
  if (up.status !== 101 || !up.socket) {
    // remotecommand's FallbackExecutor: an upgrade failure is retried over SPDY, whose answer is reported.
    const fallback = (await session.finalize({ command: kubectl, steps: [spdyFallbackStep(r)] })).steps[0];
    const again = await session.upgrade(fallback);
    if (again.status === 101 && again.socket) {
      again.socket.destroy();
      throw new KcurlError('KCURL_NETWORK', `the server refused the WebSocket upgrade (HTTP ${up.status}) and offered SPDY/3.1, which kcurl does not speak`, {
        hint: 'kcurl speaks the WebSocket protocol of Kubernetes 1.30 and later (v5.channel.k8s.io); use kubectl against this server',
      });
    }
    throw new ApiStatusError(again.status, parseStatus(again));
  }
  const accepted = String(up.headers['sec-websocket-accept'] ?? '');
  const protocol = String(up.headers['sec-websocket-protocol'] ?? '');
  if (accepted !== websocketAccept(key) || protocol !== CHANNEL_PROTOCOL) {
    up.socket.destroy();
    throw new KcurlError('KCURL_NETWORK', `the server's WebSocket answer is not valid (Sec-WebSocket-Accept or Sec-WebSocket-Protocol "${protocol}")`);
  }
  return channels(session, websocketOver(up.socket), r, streams);
}

/** Runs the channels of one session to its end; returns the Status of the error channel (undefined: none came). */
async function channels(session: Session, ws: WebSocketConnection, r: StreamRequest, streams: SessionStreams): Promise<Obj | undefined> {
  const io = session.io;
  let stopStdin = () => {};
  let raw = false;
  if (r.stdin && streams.stdin) {
    const input = streams.stdin;
    const size = io.terminalSize?.();
    if (r.tty && size) ws.send(Buffer.concat([Buffer.from([CHANNEL.resize]), Buffer.from(JSON.stringify({ Width: size.width, Height: size.height }))]));
    if (r.tty && io.setStdinRaw) {
      io.setStdinRaw(true);
      raw = true;
    }
    stopStdin = input.stop;
    void (async () => {
      for await (const chunk of input.chunks) ws.send(Buffer.concat([Buffer.from([CHANNEL.stdin]), chunk]));
      // v5: stdin has ended.
      ws.send(Buffer.from([CHANNEL.close, CHANNEL.stdin]));
    })().catch(() => {});
  }
  let status: Buffer | undefined;
  // Node's raw mode keeps the terminal's output processing (ONLCR: \n becomes \r\n), which Go's term.MakeRaw turns
  // off; so the remote terminal's \r\n is written as \n and the local terminal shows the remote's bytes.
  const stdout = raw && io.isStdoutTTY ? crlfToLf(streams.stdout) : Object.assign((b: Uint8Array) => streams.stdout(b), { flush: () => {} });
  try {
    for await (const m of ws.messages) {
      if (m.length === 0) continue;
      const data = m.subarray(1);
      if (m[0] === CHANNEL.stdout) stdout(data);
      else if (m[0] === CHANNEL.stderr) streams.stderr(data);
      else if (m[0] === CHANNEL.error) status = status ? Buffer.concat([status, data]) : Buffer.from(data);
    }
  } finally {
    stdout.flush();
    if (raw) io.setStdinRaw?.(false);
    stopStdin();
    // The server answers the close; waiting for it ends the socket (and a --record journal's stream) before returning.
    await closeAndWait(ws);
  }
  if (!status || status.length === 0) return undefined;
  try {
    return JSON.parse(status.toString('utf8')) as Obj;
  } catch {
    throw new KcurlError('KCURL_NETWORK', 'error stream protocol error: the error channel did not carry a Status');
  }
}

/** A writer that turns \r\n into \n, a \r at the end of a chunk held until the next one shows what follows it. */
function crlfToLf(write: (b: Uint8Array) => void): ((b: Uint8Array) => void) & { flush(): void } {
  let held = false;
  const convert = (b: Uint8Array) => {
    let text = Buffer.from(b).toString('latin1');
    if (held) text = `\r${text}`;
    held = text.endsWith('\r');
    if (held) text = text.slice(0, -1);
    write(Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1'));
  };
  return Object.assign(convert, {
    flush: () => {
      if (held) write(Buffer.from('\r'));
      held = false;
    },
  });
}

/** remotecommand's error decoder and kubectl's CheckErr: the exit code, and what kubectl prints for it. */
export function resultOf(session: Session, status: Obj | undefined): number {
  if (!status || status.status === 'Success') return 0;
  if (status.status !== 'Failure') throw new KcurlError('KCURL_NETWORK', 'error stream protocol error: unknown error');
  if (status.reason === 'NonZeroExitCode') {
    const cause = (status.details?.causes ?? []).find((c: Obj) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) {
      session.io.stderr.write(`command terminated with exit code ${code}\n`);
      return code;
    }
  }
  throw new KcurlError('KCURL_API_STATUS', String(status.message ?? 'error executing remote command'));
}
