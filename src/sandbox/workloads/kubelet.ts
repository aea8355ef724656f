// The simulated kubelet of the sandbox's nodes: for each pod bound to one of them it mounts volumes,
// "pulls" images, creates and starts containers (simulated processes, see shell.ts), restarts them per
// restartPolicy with CrashLoopBackOff back-off, reports status (phase, conditions, containerStatuses, IPs)
// through pods/status as kubelet does, records kubelet's events, and finishes graceful deletion.
import { randomBytes } from 'node:crypto';
import type { ApiServer } from '../api-server.js';
import { realClock, type Clock, type TimerHandle } from '../clock.js';
import { rec, records as recs, str, type Rec } from '../defaults/json-access.js';
import { rfc3339 } from '../object-meta.js';
import type { KubeObject } from '../types.js';
import type { EventRecorder } from './events.js';
import { fullImageName, goDuration, imageId, imageProfile, imageSize, pullDurationMs } from './images.js';
import { ContainerLog, logClock } from './logs.js';
import type { NodeInfo } from './nodes.js';
import { containerArgv, containerEnv, EnvError, podHostname, type EnvSources } from './pod-env.js';
import type { ContainerFilesystem } from '../container/filesystem.js';
import { runProcess } from '../container/interpreter.js';
import { SUPPORTED_COMMANDS, type Utility } from '../container/utilities/registry.js';
import { containerFs, volumeSetupError, type VolumeSources } from './volumes.js';
import { podNetwork } from './pod-network.js';
import { byteInput, ttyInput, ttyOutput } from '../container/tty.js';
import type { StreamResult, StreamSession } from '../api/pod-streams.js';
import { Input } from '../container/streams.js';
import { isProgram } from '../container/interpreter.js';

/** The stdin of a container started with `stdin: true`: bytes attached clients send, in order; null ends it (stdinOnce). */
class StdinHub {
  readonly #chunks: (Buffer | null)[] = [];
  #wake: (() => void) | undefined;
  /** A client is attached with stdin (stdinOnce closes stdin when it detaches). */
  attached = false;
  readonly #interrupts: (() => void)[] = [];
  push(chunk: Buffer | null): void {
    this.#chunks.push(chunk);
    this.#wake?.();
  }
  readonly source = {
    read: async (): Promise<Buffer | null> => {
      while (this.#chunks.length === 0) await new Promise<void>((r) => (this.#wake = r));
      const next = this.#chunks.shift() as Buffer | null;
      if (next === null) this.#chunks.unshift(null);
      return next;
    },
  };
  onInterrupt(l: () => void): void {
    this.#interrupts.push(l);
  }
  interrupt(): void {
    for (const l of this.#interrupts) l();
  }
}

const PODS = { group: '', resource: 'pods' };
/** The longest delay setTimeout takes (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface KubeletTimings {
  /** Pause between lifecycle steps (sandbox, pull, create, start). */
  stepMs: number;
  /** First CrashLoopBackOff delay; doubles per restart (kubelet: 10 s doubling to 5 min). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a deleted pod stays Terminating, per second of its grace period, and at most. */
  terminationMsPerGraceSecond: number;
  terminationMaxMs: number;
  /** How often a container blocked on configuration (a missing ConfigMap) or a mount is retried. */
  retryMs: number;
}

export const DEFAULT_TIMINGS: KubeletTimings = {
  stepMs: 30,
  backoffBaseMs: 1000,
  backoffMaxMs: 30_000,
  terminationMsPerGraceSecond: 10,
  terminationMaxMs: 1000,
  retryMs: 1000,
};

type State =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; message?: string; startedAt: string; finishedAt: string; containerID: string } };

interface ContainerRun {
  name: string;
  init: boolean;
  restartCount: number;
  state: State;
  lastState: State | undefined;
  containerID: string;
  imageID: string;
  started: boolean;
  logs: ContainerLog[];
  abort?: AbortController;
  /** Between a restart decision or a pull and the process start. */
  pending: boolean;
  /** Set while the process runs. */
  running?: Promise<void>;
  /** The running instance's filesystem (a later `exec` into the container sees the same files). */
  fs?: ContainerFilesystem;
  /** The running instance's environment (what `exec` starts with). */
  env?: [string, string][];
  /** A container with `stdin: true`: what attached clients type, for its process. */
  stdin?: StdinHub;
  backoffMs: number;
}

interface PodRun {
  uid: string;
  namespace: string;
  name: string;
  node: NodeInfo;
  podIP: string;
  startTime: string;
  sandboxReady: boolean;
  containers: Map<string, ContainerRun>;
  conditions: Map<string, { status: string; time: string }>;
  terminating: boolean;
  finished: boolean;
  timers: Set<TimerHandle>;
  tokenCache: Map<string, string>;
  /** The pod's emptyDir volumes: shared by its containers, kept across their restarts. */
  emptyDirs: Map<string, Map<string, string>>;
  /** Failed volume setup, reported once per message. */
  mountError?: string;
}

export class Kubelet {
  readonly #api: ApiServer;
  readonly #events: EventRecorder;
  readonly #now: () => Date;
  readonly #clock: Clock;
  readonly #timings: KubeletTimings;
  readonly #nodes: Map<string, NodeInfo>;
  readonly #pods = new Map<string, PodRun>();
  /** Files of each PersistentVolume by name (the node's hostPath directories), kept across pods. */
  readonly #volumeData = new Map<string, Map<string, string>>();
  /** Images each node has pulled (IfNotPresent pulls once per node). */
  readonly #images = new Map<string, Set<string>>();
  readonly #usedIps = new Set<string>();
  #closed = false;
  readonly #unsubscribe: () => void;
  /** Programs containers can run besides the userland's (kcurl), given by the command that starts the sandbox. */
  programs?: ReadonlyMap<string, Utility>;

  /** Images every node already has (kubeadm pulls the control plane's and CoreDNS's before the cluster starts). */
  preloadImages(images: string[]): void {
    for (const node of this.#nodes.keys()) {
      let set = this.#images.get(node);
      if (!set) this.#images.set(node, (set = new Set()));
      for (const image of images) set.add(fullImageName(image));
    }
  }

  constructor(api: ApiServer, events: EventRecorder, now: () => Date, nodes: NodeInfo[], timings: Partial<KubeletTimings> = {}, clock: Clock = realClock) {
    this.#api = api;
    this.#events = events;
    this.#now = now;
    this.#clock = clock;
    this.#timings = { ...DEFAULT_TIMINGS, ...timings };
    this.#nodes = new Map(nodes.map((n) => [n.name, n]));
    for (const p of api.store.list(PODS)) {
      const ip = str(rec(p.status).podIP);
      if (ip) this.#usedIps.add(ip);
    }
    this.#unsubscribe = api.store.subscribe((e) => {
      // A deleted volume's directory goes with it (the provisioner's Delete reclaim).
      if (e.group === '' && e.resource === 'persistentvolumes' && e.type === 'DELETED') this.#volumeData.delete(e.object.metadata.name);
      if (e.group !== '' || e.resource !== 'pods') return;
      const uid = e.object.metadata.uid ?? '';
      if (e.type === 'DELETED') {
        this.#clock.setImmediate(() => this.#forget(uid));
        return;
      }
      this.#clock.setImmediate(() => this.#sync(uid, e.object.metadata.namespace ?? '', e.object.metadata.name));
    });
    for (const p of api.store.list(PODS)) this.#resume(p);
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe();
    for (const run of this.#pods.values()) this.#stopAll(run, false);
    this.#pods.clear();
  }

  // ------------------------------------------------------------ exec and attach

  #runningContainer(pod: KubeObject, container: string): { run: PodRun; cr: ContainerRun } | undefined {
    const run = this.#pods.get(pod.metadata.uid ?? '');
    const cr = run?.containers.get(container);
    if (!run || !cr || !('running' in cr.state) || !cr.fs || !cr.abort) return undefined;
    return { run, cr };
  }

  /** Why `exec`/`attach` cannot reach the container now (kubelet's wording), or undefined. */
  unavailable(pod: KubeObject, container: string): string | undefined {
    const phase = str(rec(pod.status).phase);
    if (phase === 'Succeeded' || phase === 'Failed') return `cannot exec into a container in a completed pod; current phase is ${phase}`;
    if (!this.#runningContainer(pod, container)) return `unable to upgrade connection: container not found (${JSON.stringify(container)})`;
    return undefined;
  }

  /**
   * `kubectl exec`: a new process in the running container — the container's environment and filesystem, the
   * client's streams — never a host process. An unknown program fails as the runtime fails to start it.
   */
  async exec(pod: KubeObject, container: string, command: string[], session: StreamSession): Promise<StreamResult> {
    const found = this.#runningContainer(pod, container);
    if (!found) return { error: `container not found (${JSON.stringify(container)})` };
    const { run, cr } = found;
    if (!isProgram(command[0] ?? '', this.programs)) {
      return {
        error: `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": OCI runtime exec failed: exec failed: unable to start container process: exec: ${JSON.stringify(command[0] ?? '')}: executable file not found in $PATH: unknown`,
      };
    }
    const abort = new AbortController();
    const stop = () => abort.abort();
    cr.abort?.signal.addEventListener('abort', stop);
    session.signal.addEventListener('abort', stop);
    const interrupts: (() => void)[] = [];
    const env = new Map(cr.env ?? []);
    if (session.tty) env.set('TERM', 'xterm');
    let stdin: Input | undefined;
    let write = (s: 'stdout' | 'stderr', t: string) => session.write(s, t);
    if (session.stdin) {
      if (session.tty) {
        stdin = ttyInput(session.stdin, { echo: (t) => session.write('stdout', t), interrupt: () => interrupts.forEach((l) => l()) });
      } else stdin = byteInput(session.stdin);
    }
    if (session.tty) write = (s, t) => session.write(s, ttyOutput(t));
    const current = () => this.#current(run) ?? pod;
    try {
      const result = await runProcess(command, {
        env,
        fs: cr.fs as ContainerFilesystem,
        hostname: podHostname(pod),
        now: this.#now,
        write,
        signal: abort.signal,
        sleep: (ms, signal) => this.#sleep(ms, signal),
        stdin: stdin ?? Input.empty(),
        tty: session.tty && stdin !== undefined,
        onInterrupt: (l) => interrupts.push(l),
        unknownCommands: 'report',
        network: podNetwork(this.#api, current),
        programs: this.programs,
      });
      return { exitCode: result.code };
    } finally {
      cr.abort?.signal.removeEventListener('abort', stop);
    }
  }

  /**
   * `kubectl attach` (and `run -i`): the client sees the main process's output from now on and, when the
   * container has `stdin: true`, types into it; `stdinOnce` closes the process's stdin when the client detaches.
   */
  async attach(pod: KubeObject, container: string, session: StreamSession): Promise<StreamResult> {
    const found = this.#runningContainer(pod, container);
    if (!found) return { error: `container not found (${JSON.stringify(container)})` };
    const { cr } = found;
    const spec = recs(rec(pod.spec).containers).find((c) => c.name === container) ?? {};
    const log = cr.logs[cr.logs.length - 1];
    return new Promise<StreamResult>((resolve) => {
      let done = false;
      const finish = (r: StreamResult) => {
        if (done) return;
        done = true;
        unsubscribe?.();
        resolve(r);
      };
      const unsubscribe = log?.subscribe((e) => {
        if (e) session.write(e.stream, e.text);
        else {
          const t = 'terminated' in cr.state ? cr.state.terminated : undefined;
          finish({ exitCode: t?.exitCode ?? 0 });
        }
      });
      // The process ends: the session ends with its status.
      void cr.running?.then(() => {
        const t = 'terminated' in cr.state ? cr.state.terminated : undefined;
        finish({ exitCode: t?.exitCode ?? 0 });
      });
      session.signal.addEventListener('abort', () => finish({ exitCode: 0 }));
      const hub = cr.stdin;
      if (session.stdin && hub) {
        hub.attached = true;
        void (async () => {
          for (;;) {
            const chunk = await session.stdin!.read();
            if (done) return;
            if (chunk === null) {
              if (spec.stdinOnce === true) hub.push(null);
              hub.attached = false;
              return;
            }
            hub.push(chunk);
          }
        })();
      }
    });
  }

  /** The log of one container instance (by its containerID), if this kubelet still has it. */
  logOf(pod: KubeObject, container: string, containerID: string): ContainerLog | undefined {
    const run = this.#pods.get(pod.metadata.uid ?? '')?.containers.get(container);
    return run?.logs.find((l) => l.containerID === containerID);
  }

  // ------------------------------------------------------------ lifecycle

  #current(run: PodRun): KubeObject | undefined {
    const pod = this.#api.store.get(PODS, run.namespace, run.name);
    return pod && pod.metadata.uid === run.uid ? pod : undefined;
  }

  #after(run: PodRun, ms: number, fn: () => void): void {
    const t = this.#clock.setTimeout(() => {
      run.timers.delete(t);
      if (this.#closed || run.finished) return;
      try {
        fn();
      } catch (e) {
        this.#api.opts.onInternalError?.(e);
      }
    }, ms);
    t.unref?.();
    run.timers.add(t);
  }

  #sync(uid: string, namespace: string, name: string): void {
    if (this.#closed) return;
    const pod = this.#api.store.get(PODS, namespace, name);
    if (!pod || pod.metadata.uid !== uid) return;
    const node = this.#nodes.get(str(rec(pod.spec).nodeName));
    if (!node) return;
    let run = this.#pods.get(uid);
    if (!run) {
      const phase = str(rec(pod.status).phase);
      if (phase === 'Succeeded' || phase === 'Failed') {
        if (pod.metadata.deletionTimestamp) this.#finalDelete(pod);
        return;
      }
      run = this.#newRun(pod, node);
      this.#pods.set(uid, run);
      if (pod.metadata.deletionTimestamp) this.#terminate(run, pod);
      else this.#start(run);
      return;
    }
    if (pod.metadata.deletionTimestamp && !run.terminating) this.#terminate(run, pod);
  }

  #newRun(pod: KubeObject, node: NodeInfo): PodRun {
    return {
      uid: pod.metadata.uid ?? '',
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      node,
      podIP: '',
      startTime: '',
      sandboxReady: false,
      containers: new Map(),
      conditions: new Map(),
      terminating: false,
      finished: false,
      timers: new Set(),
      tokenCache: new Map(),
      emptyDirs: new Map(),
    };
  }

  #allocateIp(node: NodeInfo): string {
    for (let i = 2; i < 255; i++) {
      const ip = `${node.podCIDRBase}.${i}`;
      if (!this.#usedIps.has(ip)) {
        this.#usedIps.add(ip);
        return ip;
      }
    }
    return `${node.podCIDRBase}.254`;
  }

  /** After a restart with --state: running pods keep running (their processes start again), others start over. */
  #resume(pod: KubeObject): void {
    const node = this.#nodes.get(str(rec(pod.spec).nodeName));
    if (!node) return;
    const status = rec(pod.status);
    const phase = str(status.phase);
    if (pod.metadata.deletionTimestamp) {
      if (phase === 'Succeeded' || phase === 'Failed') this.#clock.setImmediate(() => this.#finalDelete(pod));
      else {
        const run = this.#newRun(pod, node);
        this.#pods.set(run.uid, run);
        this.#clock.setImmediate(() => this.#terminate(run, pod));
      }
      return;
    }
    if (phase !== 'Running') {
      if (phase === 'Pending') this.#clock.setImmediate(() => this.#sync(pod.metadata.uid ?? '', pod.metadata.namespace ?? '', pod.metadata.name));
      return;
    }
    const run = this.#newRun(pod, node);
    run.podIP = str(status.podIP);
    run.startTime = str(status.startTime);
    run.sandboxReady = true;
    for (const c of recs(status.conditions)) run.conditions.set(str(c.type), { status: str(c.status), time: str(c.lastTransitionTime) });
    this.#pods.set(run.uid, run);
    const spec = rec(pod.spec);
    for (const [init, list, statuses] of [
      [true, recs(spec.initContainers), recs(status.initContainerStatuses)],
      [false, recs(spec.containers), recs(status.containerStatuses)],
    ] as const) {
      for (const c of list) {
        const s = statuses.find((x) => x.name === c.name) ?? {};
        const cr = this.#newContainer(str(c.name), init);
        cr.restartCount = Number(s.restartCount ?? 0);
        cr.state = (Object.keys(rec(s.state)).length ? s.state : { waiting: { reason: 'ContainerCreating' } }) as State;
        cr.lastState = Object.keys(rec(s.lastState)).length ? (s.lastState as State) : undefined;
        cr.containerID = str(s.containerID);
        cr.imageID = str(s.imageID);
        cr.started = s.started === true;
        run.containers.set(cr.name, cr);
        if ('running' in cr.state) this.#clock.setImmediate(() => this.#runProcess(run, c, cr));
        else if ('waiting' in cr.state && !init) {
          // Waiting out a back-off (or not started yet): start it again after the first back-off step.
          const restarting = cr.lastState !== undefined;
          cr.pending = true;
          this.#after(run, restarting ? this.#timings.backoffBaseMs : this.#timings.stepMs, () => {
            cr.pending = false;
            if (restarting) cr.restartCount++;
            this.#createAndStart(run, c, cr);
          });
        }
      }
    }
  }

  #newContainer(name: string, init: boolean): ContainerRun {
    return {
      name,
      init,
      restartCount: 0,
      state: { waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' } },
      lastState: undefined,
      containerID: '',
      imageID: '',
      started: false,
      logs: [],
      backoffMs: 0,
      pending: false,
    };
  }

  #start(run: PodRun): void {
    const pod = this.#current(run);
    if (!pod) return;
    const spec = rec(pod.spec);
    run.startTime = rfc3339(this.#now());
    for (const c of recs(spec.initContainers)) run.containers.set(str(c.name), this.#newContainer(str(c.name), true));
    for (const c of recs(spec.containers)) {
      const cr = this.#newContainer(str(c.name), false);
      cr.state = { waiting: { reason: recs(spec.initContainers).length ? 'PodInitializing' : 'ContainerCreating' } };
      run.containers.set(str(c.name), cr);
    }
    for (const c of recs(spec.initContainers)) run.containers.get(str(c.name))!.state = { waiting: { reason: 'PodInitializing' } };
    this.#writeStatus(run);
    this.#after(run, this.#timings.stepMs, () => this.#mountVolumes(run));
  }

  #envSources(): EnvSources & Omit<VolumeSources, 'pod'> {
    const store = this.#api.store;
    return {
      configMap: (ns, name) => store.get({ group: '', resource: 'configmaps' }, ns, name),
      secret: (ns, name) => store.get({ group: '', resource: 'secrets' }, ns, name),
      services: (ns) => store.list({ group: '', resource: 'services' }, ns),
      nodeAllocatable: (name) => rec(rec(store.get({ group: '', resource: 'nodes' }, undefined, name)?.status).allocatable),
      claimVolume: (ns, claimName) => {
        // operationexecutor's MountVolume for a claim: it must exist and be bound; the data lives with the PV.
        const claim = store.get({ group: '', resource: 'persistentvolumeclaims' }, ns, claimName);
        if (!claim) return `persistentvolumeclaim "${claimName}" not found`;
        const pv = str(rec(claim.spec).volumeName);
        if (!pv || rec(claim.status).phase !== 'Bound') return `PVC ${ns}/${claimName} has not been bound`;
        let data = this.#volumeData.get(pv);
        if (!data) this.#volumeData.set(pv, (data = new Map()));
        return data;
      },
      serviceAccountToken: (pod, audience, expirationSeconds) => {
        const sa = store.get({ group: '', resource: 'serviceaccounts' }, pod.metadata.namespace, str(rec(pod.spec).serviceAccountName) || 'default');
        const tokens = this.#api.opts.tokens;
        if (!sa || !tokens) return undefined;
        return tokens.issue(sa, { audiences: audience ? [audience] : undefined, expirationSeconds }).token;
      },
      clusterDomain: 'cluster.local',
      dnsServer: '10.96.0.10',
    };
  }

  #mountVolumes(run: PodRun): void {
    const pod = this.#current(run);
    if (!pod || run.terminating) return;
    const error = volumeSetupError(pod, { ...this.#envSources(), pod: () => pod });
    if (error) {
      if (error !== run.mountError) {
        run.mountError = error;
        this.#events.record({ object: pod, type: 'Warning', reason: 'FailedMount', message: error }, 'kubelet', run.node.name);
      }
      this.#after(run, this.#timings.retryMs, () => this.#mountVolumes(run));
      return;
    }
    run.mountError = undefined;
    run.podIP = this.#allocateIp(run.node);
    run.sandboxReady = true;
    this.#writeStatus(run);
    this.#after(run, this.#timings.stepMs, () => this.#nextInit(run));
  }

  /** Runs the init containers one after another, then starts the app containers together. */
  #nextInit(run: PodRun): void {
    const pod = this.#current(run);
    if (!pod || run.terminating) return;
    const spec = rec(pod.spec);
    for (const c of recs(spec.initContainers)) {
      const cr = run.containers.get(str(c.name));
      if (!cr) continue;
      const t = 'terminated' in cr.state ? cr.state.terminated : undefined;
      if (t && t.exitCode === 0) continue;
      if (!cr.running && !cr.pending && !t) this.#createAndStart(run, c, cr);
      return;
    }
    // kubelet's SyncPod starts the app containers one after another, in spec order.
    const toStart = recs(spec.containers).filter((c) => {
      const cr = run.containers.get(str(c.name));
      return cr && !cr.running && !cr.pending && !cr.started && 'waiting' in cr.state;
    });
    for (const c of toStart) {
      const cr = run.containers.get(str(c.name)) as ContainerRun;
      cr.state = { waiting: { reason: 'ContainerCreating' } };
      cr.pending = true;
    }
    this.#writeStatus(run);
    const startNext = (i: number) => {
      if (i >= toStart.length) return;
      this.#createAndStart(run, toStart[i], run.containers.get(str(toStart[i].name)) as ContainerRun, () => startNext(i + 1));
    };
    startNext(0);
  }

  #fieldPath(cr: ContainerRun): string {
    return `${cr.init ? 'spec.initContainers' : 'spec.containers'}{${cr.name}}`;
  }

  #event(run: PodRun, cr: ContainerRun | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const pod = this.#current(run);
    if (!pod) return;
    this.#events.record({ object: pod, fieldPath: cr ? this.#fieldPath(cr) : undefined, type, reason, message }, 'kubelet', run.node.name);
  }

  /** Pull (or find) the image, resolve the environment, create and start the container. */
  #createAndStart(run: PodRun, c: Rec, cr: ContainerRun, then: () => void = () => {}): void {
    const image = str(c.image);
    const present = this.#images.get(run.node.name)?.has(fullImageName(image)) ?? false;
    const policy = str(c.imagePullPolicy) || 'IfNotPresent';
    cr.pending = true;
    const proceed = () => {
      cr.pending = false;
      const pod = this.#current(run);
      if (!pod || run.terminating) return;
      let env: [string, string][];
      try {
        env = containerEnv(pod, c, this.#envSources());
      } catch (e) {
        if (!(e instanceof EnvError)) throw e;
        cr.state = { waiting: { reason: 'CreateContainerConfigError', message: e.message } };
        this.#event(run, cr, 'Warning', 'Failed', `Error: ${e.message}`);
        this.#writeStatus(run);
        then();
        cr.pending = true;
        this.#after(run, this.#timings.retryMs, () => {
          cr.pending = false;
          this.#createAndStart(run, c, cr);
        });
        return;
      }
      cr.containerID = `containerd://${randomBytes(32).toString('hex')}`;
      cr.imageID = imageId(image);
      this.#event(run, cr, 'Normal', 'Created', `Created container: ${cr.name}`);
      this.#after(run, this.#timings.stepMs, () => {
        if (run.terminating) return;
        this.#event(run, cr, 'Normal', 'Started', `Started container ${cr.name}`);
        cr.state = { running: { startedAt: rfc3339(this.#now()) } };
        cr.started = true;
        cr.logs.push(new ContainerLog(logClock(this.#now), cr.containerID));
        if (cr.logs.length > 3) cr.logs.shift();
        this.#writeStatus(run);
        this.#runProcess(run, c, cr, env);
        then();
      });
    };
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      this.#event(run, cr, 'Normal', 'Pulled', `Container image ${JSON.stringify(image)} already present on machine`);
      this.#after(run, this.#timings.stepMs, proceed);
      return;
    }
    this.#event(run, cr, 'Normal', 'Pulling', `Pulling image ${JSON.stringify(image)}`);
    this.#after(run, this.#timings.stepMs, () => {
      const took = goDuration(pullDurationMs(image));
      let images = this.#images.get(run.node.name);
      if (!images) this.#images.set(run.node.name, (images = new Set()));
      images.add(fullImageName(image));
      this.#event(
        run,
        cr,
        'Normal',
        'Pulled',
        `Successfully pulled image ${JSON.stringify(image)} in ${took} (${took} including waiting). Image size: ${imageSize(image)} bytes.`,
      );
      this.#after(run, this.#timings.stepMs, proceed);
    });
  }

  #runProcess(run: PodRun, c: Rec, cr: ContainerRun, resolvedEnv?: [string, string][]): void {
    const pod = this.#current(run);
    if (!pod) return;
    if (cr.logs.length === 0) cr.logs.push(new ContainerLog(logClock(this.#now), cr.containerID));
    const log = cr.logs[cr.logs.length - 1];
    let env = resolvedEnv;
    if (!env) {
      try {
        env = containerEnv(pod, c, this.#envSources());
      } catch {
        env = [];
      }
    }
    const argv = containerArgv(c, env);
    const abort = new AbortController();
    cr.abort = abort;
    const fs = containerFs(c, { ...this.#envSources(), pod: () => this.#current(run) ?? pod }, run.tokenCache, run.emptyDirs);
    cr.fs = fs;
    cr.env = env;
    // `stdin: true` (kubectl run -i): the process reads what attached clients send; `tty: true` puts a terminal between.
    const tty = c.tty === true;
    let stdin: Input | undefined;
    let write = (s: 'stdout' | 'stderr', t: string) => log.write(s, t);
    cr.stdin = undefined;
    if (c.stdin === true) {
      const hub = (cr.stdin = new StdinHub());
      if (tty) {
        const raw = write;
        write = (s, t) => raw(s, ttyOutput(t));
        stdin = ttyInput(hub.source, { echo: (t) => raw('stdout', t), interrupt: () => hub.interrupt() });
      } else stdin = byteInput(hub.source);
    }
    const idle = argv.length === 0 && !imageProfile(str(c.image));
    const sleep = (ms: number, signal: AbortSignal) => this.#sleep(ms, signal);
    const exited = idle
      ? sleep(Infinity, abort.signal).then(() => ({ code: 0, unsupported: undefined as string | undefined }))
      : runProcess(argv, {
          env: new Map(env),
          fs,
          hostname: podHostname(pod),
          now: this.#now,
          write,
          signal: abort.signal,
          sleep,
          stdin,
          tty: tty && stdin !== undefined,
          onInterrupt: (l) => cr.stdin?.onInterrupt(l),
          network: podNetwork(this.#api, () => this.#current(run) ?? pod),
          programs: this.programs,
        });
    this.#track(run, c, cr, abort, log, exited);
  }

  /** Waits `ms` on the sandbox clock (Infinity: until aborted), in steps beyond setTimeout's limit. */
  #sleep(ms: number, signal: AbortSignal): Promise<void> {
    const clock = this.#clock;
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      // setTimeout fires at once beyond its limit (`sleep 365d`), so a long sleep waits in steps.
      let left = ms;
      let t: TimerHandle | undefined;
      const arm = () => {
        if (left === Infinity) return;
        const step = Math.min(left, MAX_TIMER_MS);
        left -= step;
        t = clock.setTimeout(left > 0 ? arm : done, step);
      };
      function done() {
        clock.clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
      arm();
    });
  }

  /** Follows the container's process to its exit: its terminated state, then restart or finish. */
  #track(run: PodRun, c: Rec, cr: ContainerRun, abort: AbortController, log: ContainerLog, exited: Promise<{ code: number; unsupported?: string }>): void {
    cr.running = exited
      .catch((e: unknown) => {
        this.#api.opts.onInternalError?.(e);
        return { code: 128, unsupported: undefined };
      })
      .then((result) => {
        cr.running = undefined;
        cr.abort = undefined;
        log.end();
        if (this.#closed || run.finished) return;
        const killed = abort.signal.aborted;
        const exitCode = killed ? (imageProfile(str(c.image)) && !c.command && !c.args ? 0 : 137) : result.code;
        const startedAt = 'running' in cr.state ? cr.state.running.startedAt : rfc3339(this.#now());
        const terminated = {
          exitCode,
          reason: exitCode === 0 ? 'Completed' : 'Error',
          ...(result.unsupported !== undefined
            ? { message: `kcurl sandbox: ${JSON.stringify(result.unsupported)} is not simulated; supported commands: ${SUPPORTED_COMMANDS.join(', ')}` }
            : {}),
          startedAt,
          finishedAt: rfc3339(this.#now()),
          containerID: cr.containerID,
        };
        cr.state = { terminated };
        if (result.unsupported !== undefined) this.#event(run, cr, 'Warning', 'Failed', `Error: ${terminated.message}`);
        if (killed || run.terminating) return;
        this.#afterExit(run, c, cr);
      });
  }

  /** restartPolicy: Always restarts after a back-off, OnFailure only after a failure, Never leaves it terminated. */
  #afterExit(run: PodRun, c: Rec, cr: ContainerRun): void {
    const pod = this.#current(run);
    if (!pod || run.terminating) return;
    const policy = str(rec(pod.spec).restartPolicy) || 'Always';
    const t = 'terminated' in cr.state ? cr.state.terminated : undefined;
    const failed = (t?.exitCode ?? 1) !== 0;
    const restart = cr.init ? failed && policy !== 'Never' : policy === 'Always' || (policy === 'OnFailure' && failed);
    if (!restart) {
      if (cr.init && !failed) {
        this.#writeStatus(run);
        this.#after(run, this.#timings.stepMs, () => this.#nextInit(run));
        return;
      }
      this.#writeStatus(run);
      this.#maybeFinish(run);
      return;
    }
    // CrashLoopBackOff: the last run moves to lastState and the container waits out its back-off.
    cr.backoffMs = cr.backoffMs ? Math.min(cr.backoffMs * 2, this.#timings.backoffMaxMs) : this.#timings.backoffBaseMs;
    const podRef = `${run.name}_${run.namespace}(${run.uid})`;
    cr.lastState = cr.state;
    cr.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${goDuration(cr.backoffMs * (10_000 / this.#timings.backoffBaseMs))} restarting failed container=${cr.name} pod=${podRef}`,
      },
    };
    cr.started = false;
    this.#event(run, cr, 'Warning', 'BackOff', `Back-off restarting failed container ${cr.name} in pod ${podRef}`);
    this.#writeStatus(run);
    cr.pending = true;
    this.#after(run, cr.backoffMs, () => {
      cr.pending = false;
      cr.restartCount++;
      this.#createAndStart(run, c, cr);
    });
  }

  #maybeFinish(run: PodRun): void {
    const phase = this.#phase(run);
    if (phase === 'Succeeded' || phase === 'Failed') {
      run.sandboxReady = false;
      this.#writeStatus(run);
    }
  }

  // ------------------------------------------------------------ deletion

  #terminate(run: PodRun, pod: KubeObject): void {
    run.terminating = true;
    for (const t of run.timers) this.#clock.clearTimeout(t);
    run.timers.clear();
    for (const cr of run.containers.values()) {
      cr.pending = false;
      if ('running' in cr.state) this.#event(run, cr, 'Normal', 'Killing', `Stopping container ${cr.name}`);
    }
    const grace = Number((pod.metadata as Rec).deletionGracePeriodSeconds ?? rec(pod.spec).terminationGracePeriodSeconds ?? 30);
    const delay = Math.min(this.#timings.terminationMaxMs, Math.max(0, grace) * this.#timings.terminationMsPerGraceSecond);
    const finish = () => {
      void Promise.all([...run.containers.values()].map((cr) => cr.running)).then(() => {
        if (this.#closed) return;
        for (const cr of run.containers.values()) {
          if ('waiting' in cr.state && !cr.init) {
            const last = cr.lastState && 'terminated' in cr.lastState ? cr.lastState.terminated : undefined;
            cr.state = {
              terminated: {
                exitCode: last?.exitCode ?? 0,
                reason: last?.reason ?? 'ContainerStatusUnknown',
                startedAt: last?.startedAt ?? rfc3339(this.#now()),
                finishedAt: rfc3339(this.#now()),
                containerID: last?.containerID ?? '',
              },
            };
          }
        }
        run.sandboxReady = false;
        const current = this.#current(run);
        if (!current) return;
        const updated = this.#writeStatus(run, true);
        run.finished = true;
        this.#finalDelete(updated ?? current);
      });
    };
    const t = this.#clock.setTimeout(() => {
      for (const cr of run.containers.values()) cr.abort?.abort();
      finish();
    }, delay);
    t.unref?.();
    run.timers.add(t);
  }

  /** The kubelet's last word on a terminated pod: DELETE with gracePeriodSeconds=0 and the uid precondition. */
  #finalDelete(pod: KubeObject): void {
    const def = this.#api.registry.findKind('', 'Pod');
    if (!def) return;
    try {
      this.#api.writer.delete(def, pod.metadata.namespace ?? '', pod.metadata.name, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
        dryRun: false,
      });
    } catch {
      // Already gone, or replaced by a pod of the same name.
    }
  }

  #forget(uid: string): void {
    const run = this.#pods.get(uid);
    if (!run) return;
    this.#stopAll(run, true);
    this.#pods.delete(uid);
    if (run.podIP) this.#usedIps.delete(run.podIP);
  }

  #stopAll(run: PodRun, endLogs: boolean): void {
    run.finished = true;
    for (const t of run.timers) this.#clock.clearTimeout(t);
    run.timers.clear();
    for (const cr of run.containers.values()) {
      cr.abort?.abort();
      if (endLogs) for (const l of cr.logs) l.end();
    }
  }

  // ------------------------------------------------------------ status

  /** kubelet's getPhase. */
  #phase(run: PodRun, final = false): string {
    const pod = this.#current(run);
    const policy = str(rec(pod?.spec).restartPolicy) || 'Always';
    const inits = [...run.containers.values()].filter((c) => c.init);
    const mains = [...run.containers.values()].filter((c) => !c.init);
    for (const c of inits) {
      if ('terminated' in c.state && c.state.terminated.exitCode === 0) continue;
      if ('terminated' in c.state && policy === 'Never') return 'Failed';
      return 'Pending';
    }
    let running = 0;
    let waiting = 0;
    let stopped = 0;
    let succeeded = 0;
    for (const c of mains) {
      if ('running' in c.state) running++;
      else if ('terminated' in c.state) {
        stopped++;
        if (c.state.terminated.exitCode === 0) succeeded++;
      } else if (c.lastState && 'terminated' in c.lastState) stopped++;
      else waiting++;
    }
    if (waiting > 0) return 'Pending';
    if (running > 0) return 'Running';
    if (stopped > 0) {
      if (final) return stopped === succeeded ? 'Succeeded' : 'Failed';
      if (policy === 'Always') return 'Running';
      if (policy === 'OnFailure') return stopped === succeeded ? 'Succeeded' : 'Running';
      return stopped === succeeded ? 'Succeeded' : 'Failed';
    }
    return 'Pending';
  }

  #condition(run: PodRun, type: string, status: string, reason?: string, message?: string): Rec {
    const prev = run.conditions.get(type);
    const time = prev && prev.status === status ? prev.time : rfc3339(this.#now());
    run.conditions.set(type, { status, time });
    const c: Rec = { type, status, lastProbeTime: null, lastTransitionTime: time };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  }

  #containerStatus(_run: PodRun, spec: Rec, cr: ContainerRun): Rec {
    const state = cr.state;
    const ready = 'running' in state && !cr.init;
    const s: Rec = {
      name: cr.name,
      state,
      lastState: cr.lastState ?? {},
      ready: cr.init ? 'terminated' in state && state.terminated.exitCode === 0 : ready,
      restartCount: cr.restartCount,
      image: fullImageName(str(spec.image)),
      imageID: cr.imageID,
    };
    // The last container's ID stays while the next one waits (CrashLoopBackOff); none before the first.
    if (cr.containerID && (!('waiting' in state) || cr.lastState)) s.containerID = cr.containerID;
    s.started = 'running' in state;
    const mounts = recs(spec.volumeMounts).map((m) => {
      const v: Rec = { name: m.name, mountPath: m.mountPath };
      if (m.readOnly === true) {
        v.readOnly = true;
        v.recursiveReadOnly = 'Disabled';
      }
      return v;
    });
    if (mounts.length) s.volumeMounts = mounts;
    return s;
  }

  /** Writes the pod's status through pods/status as kubelet (field manager "kubelet"). */
  #writeStatus(run: PodRun, final = false): KubeObject | undefined {
    const pod = this.#current(run);
    const def = this.#api.registry.findKind('', 'Pod');
    if (!pod || !def) return undefined;
    const spec = rec(pod.spec);
    const phase = this.#phase(run, final);
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    const inits = recs(spec.initContainers);
    const mains = recs(spec.containers);
    const incomplete = inits.filter((c) => {
      const cr = run.containers.get(str(c.name));
      return !(cr && 'terminated' in cr.state && cr.state.terminated.exitCode === 0);
    });
    const unready = mains.filter((c) => {
      const cr = run.containers.get(str(c.name));
      return !(cr && 'running' in cr.state);
    });
    const names = (cs: Rec[]) => `[${cs.map((c) => str(c.name)).join(' ')}]`;
    const scheduled = recs(rec(pod.status).conditions).find((c) => c.type === 'PodScheduled');
    const conditions: Rec[] = [
      this.#condition(run, 'PodReadyToStartContainers', run.sandboxReady && !terminal ? 'True' : 'False'),
      incomplete.length && !terminal
        ? this.#condition(run, 'Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: ${names(incomplete)}`)
        : this.#condition(run, 'Initialized', 'True'),
      terminal
        ? this.#condition(run, 'Ready', 'False', 'PodCompleted')
        : unready.length
          ? this.#condition(run, 'Ready', 'False', 'ContainersNotReady', `containers with unready status: ${names(unready)}`)
          : this.#condition(run, 'Ready', 'True'),
      terminal
        ? this.#condition(run, 'ContainersReady', 'False', 'PodCompleted')
        : unready.length
          ? this.#condition(run, 'ContainersReady', 'False', 'ContainersNotReady', `containers with unready status: ${names(unready)}`)
          : this.#condition(run, 'ContainersReady', 'True'),
      scheduled ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: run.startTime },
    ];
    const status: Rec = {
      phase,
      conditions,
      hostIP: run.node.internalIP,
      hostIPs: [{ ip: run.node.internalIP }],
    };
    if (run.podIP) {
      status.podIP = run.podIP;
      status.podIPs = [{ ip: run.podIP }];
    }
    if (run.startTime) status.startTime = run.startTime;
    if (inits.length)
      status.initContainerStatuses = inits.map((c) => this.#containerStatus(run, c, run.containers.get(str(c.name)) ?? this.#newContainer(str(c.name), true)));
    status.containerStatuses = mains.map((c) => this.#containerStatus(run, c, run.containers.get(str(c.name)) ?? this.#newContainer(str(c.name), false)));
    status.qosClass = rec(pod.status).qosClass;
    try {
      return this.#api.writer.patched(def, pod, { ...structuredClone(pod), status }, { dryRun: false, fieldManager: 'kubelet', subresource: 'status' });
    } catch (e) {
      this.#api.opts.onInternalError?.(e);
      return undefined;
    }
  }
}
