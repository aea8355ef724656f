// What makes pods run in the sandbox: the nodes, default-scheduler and the nodes' kubelets, wired into the
// API server (pods/log served from the simulated containers, graceful pod deletion finished by kubelet).
import os from 'node:os';
import { badRequest } from '../api-error.js';
import type { ApiServer } from '../api-server.js';
import type { Clock } from '../clock.js';
import type { ResourceRequest } from '../api/resources.js';
import { rec, str, type Rec } from '../defaults/json-access.js';
import { baseHeaders } from '../respond.js';
import type { KubeObject } from '../types.js';
import { COREDNS_IMAGE } from '../kube-system.js';
import { EventRecorder } from './events.js';
import { Kubelet, type KubeletTimings } from './kubelet.js';
import type { Utility } from '../container/utilities/registry.js';
import { connectToPod } from './pod-network.js';
import { parseLogOptions, serveLog } from './logs.js';
import { NodeLeases } from './node-lease.js';
import { registerNodes } from './nodes.js';
import { Scheduler } from './scheduler.js';

export interface WorkloadOptions {
  /** Number of nodes (1 by default). */
  nodes?: number;
  now: () => Date;
  /** Timers of the kubelet, the scheduler and the node leases (default: Node's). */
  clock?: Clock;
  timings?: Partial<KubeletTimings>;
  /** How often each node's Lease is renewed (kubelet: every 10 s); 0 renews only at start. */
  leaseRenewMs?: number;
  /** Programs containers can run besides the userland's (kcurl in a pod). */
  programs?: ReadonlyMap<string, Utility>;
}

export interface Workloads {
  kubelet: Kubelet;
  scheduler: Scheduler;
  nodeNames: string[];
  close(): void;
}

/**
 * kubelet's validateContainerLogStatus: which container instance `kubectl logs` reads, or the 400 message
 * for a container that has not run yet / has no previous instance.
 */
export function logContainerId(pod: KubeObject, container: string, previous: boolean): string {
  const podName = pod.metadata.name;
  const status = [...((rec(pod.status).initContainerStatuses as Rec[]) ?? []), ...((rec(pod.status).containerStatuses as Rec[]) ?? [])].find(
    (s) => s.name === container,
  );
  if (!status) throw badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is not available`);
  const state = rec(status.state);
  const last = rec(rec(status.lastState).terminated);
  if (previous) {
    if (!str(last.containerID)) throw badRequest(`previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} not found`);
    return str(last.containerID);
  }
  if (state.running) return str(status.containerID);
  if (state.terminated) {
    const id = str(rec(state.terminated).containerID) || str(last.containerID);
    if (!id) throw badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is terminated`);
    return id;
  }
  if (Object.keys(last).length) {
    if (!str(last.containerID)) throw badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is terminated`);
    return str(last.containerID);
  }
  if (state.waiting) {
    const reason = str(rec(state.waiting).reason);
    if (reason === 'ErrImagePull')
      throw badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff')
      throw badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start: trying and failing to pull image`);
    throw badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start: ${reason}`);
  }
  throw badRequest(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} is waiting to start - no logs yet`);
}

/** What a starting kubelet (and the node controller, on registration) records for its node. */
function recordNodeStartup(api: ApiServer, events: EventRecorder, names: string[]): void {
  for (const name of names) {
    const node = api.store.get({ group: '', resource: 'nodes' }, undefined, name);
    if (!node) continue;
    // kubelet refers to its node with the node's name as uid, in the default namespace.
    const ref: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } };
    const kubelet = (reason: string, message: string) => events.record({ object: ref, type: 'Normal', reason, message, namespace: 'default' }, 'kubelet', name);
    kubelet('Starting', 'Starting kubelet.');
    for (const condition of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID'])
      kubelet(condition, `Node ${name} status is now: ${condition}`);
    kubelet('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    events.record(
      { object: node, type: 'Normal', reason: 'RegisteredNode', message: `Node ${name} event: Registered Node ${name} in Controller`, namespace: 'default' },
      'node-controller',
      '',
    );
    kubelet('NodeReady', `Node ${name} status is now: NodeReady`);
  }
}

export function startWorkloads(api: ApiServer, opts: WorkloadOptions): Workloads {
  const count = Math.max(1, Math.floor(opts.nodes ?? 1));
  const nodes = registerNodes(api, count, opts.now);
  const events = new EventRecorder(api, opts.now);
  recordNodeStartup(
    api,
    events,
    nodes.map((n) => n.name),
  );
  const leases = new NodeLeases(
    api,
    opts.now,
    nodes.map((n) => n.name),
    opts.leaseRenewMs,
    opts.clock,
  );
  const kubelet = new Kubelet(api, events, opts.now, nodes, opts.timings, opts.clock);
  kubelet.programs = opts.programs;
  kubelet.preloadImages([COREDNS_IMAGE]);
  const scheduler = new Scheduler(api, events, opts.now, `default-scheduler-${nodes[0]?.name ?? os.hostname()}`, opts.clock);
  const ours = new Set(nodes.map((n) => n.name));

  // podStrategy.CheckGracefulDelete: unscheduled or finished pods go at once, others get their grace period.
  api.podGracePeriod = (pod, requested) => {
    const spec = rec(pod.spec);
    const phase = str(rec(pod.status).phase);
    if (!ours.has(str(spec.nodeName)) || phase === 'Succeeded' || phase === 'Failed') return 0;
    return requested ?? (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 0);
  };

  api.podStreams = {
    exec: (pod, container, command, session) => kubelet.exec(pod, container, command, session),
    attach: (pod, container, session) => kubelet.attach(pod, container, session),
    connect: (pod, port, peer) => connectToPod(api, pod, port, peer),
    unavailable: (pod, container) =>
      ours.has(str(rec(pod.spec).nodeName)) ? kubelet.unavailable(pod, container) : `pod ${pod.metadata.name} runs on no node of this sandbox`,
  };

  api.podLogs = (pod: KubeObject, container: string, r: ResourceRequest) => {
    const options = parseLogOptions(r.query, pod.metadata.name, opts.now());
    if (!str(rec(pod.spec).nodeName)) {
      // kube-apiserver has no kubelet to ask yet: an empty answer.
      baseHeaders(r.res);
      r.res.writeHead(204);
      r.res.end();
      return;
    }
    const id = logContainerId(pod, container, options.previous);
    const log = kubelet.logOf(pod, container, id);
    if (!log) {
      // The instance is gone (the sandbox restarted since it ran): like a rotated-away log, empty.
      baseHeaders(r.res);
      r.res.setHeader('Content-Type', 'text/plain');
      r.res.writeHead(200);
      r.res.end();
      return;
    }
    serveLog(r.res, log, options, (res) => api.trackStream(res));
  };

  return {
    kubelet,
    scheduler,
    nodeNames: nodes.map((n) => n.name),
    close() {
      leases.close();
      scheduler.close();
      kubelet.close();
      api.podLogs = undefined;
      api.podStreams = undefined;
      api.podGracePeriod = undefined;
    },
  };
}
