// One function per kind that turns a stored object into Table cells, ported from kube-apiserver v1.32
// pkg/printers/internalversion/printers.go (server-side printing always runs with Wide: true).
import type { KubeObject } from '../types.js';
import { formatLabelSelector, formatLabels, labelSelectorGoString, labelSelectorString } from '../../output/label-text.js';
import { humanDuration, parseTimestamp, translateTimestampSince } from './human-duration.js';

export interface RowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PrintedRow {
  cells: unknown[];
  conditions?: RowCondition[];
}

export type RowPrinter = (obj: KubeObject, now: Date) => PrintedRow;

// ---- loose accessors: stored objects are plain JSON and may lack any field ----
type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
const spec = (o: KubeObject): Rec => rec(o.spec);
const status = (o: KubeObject): Rec => rec(o.status);
const age = (o: KubeObject, now: Date): string => translateTimestampSince(o.metadata?.creationTimestamp, now);
const count = (v: unknown): number => (Array.isArray(v) ? v.length : Object.keys(rec(v)).length);

/** layoutContainerCells: container names and images, comma separated. */
function containerCells(podSpec: unknown): [string, string] {
  const containers = arr(rec(podSpec).containers).map(rec);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}
const templateSpec = (o: KubeObject): Rec => rec(rec(spec(o).template).spec);

// ---- pods ----
const podSucceeded: RowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const podFailed: RowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

function printPod(pod: KubeObject, now: Date): PrintedRow {
  const podSpec = spec(pod);
  const st = status(pod);
  const phase = str(st.phase);
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = arr(podSpec.containers).length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined) => (b !== undefined && (a === undefined || a < b) ? b : a);

  let reason = phase;
  if (str(st.reason) !== '') reason = str(st.reason);
  for (const c of arr(st.conditions).map(rec)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const row: PrintedRow = { cells: [] };
  if (phase === 'Succeeded') row.conditions = podSucceeded;
  else if (phase === 'Failed') row.conditions = podFailed;

  const initContainers = new Map<string, Rec>();
  for (const c of arr(podSpec.initContainers).map(rec)) {
    initContainers.set(str(c.name), c);
    if (c.restartPolicy === 'Always') totalContainers++;
  }
  const restartable = (name: string) => initContainers.get(name)?.restartPolicy === 'Always';
  const finishedAt = (cs: Rec) => parseTimestamp(rec(rec(cs.lastState).terminated).finishedAt) ?? (rec(cs.lastState).terminated ? 0 : undefined);

  let initializing = false;
  const initStatuses = arr(st.initContainerStatuses).map(rec);
  const initCount = arr(podSpec.initContainers).length;
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const state = rec(cs.state);
    const terminated = state.terminated === undefined || state.terminated === null ? undefined : rec(state.terminated);
    const waiting = state.waiting === undefined || state.waiting === null ? undefined : rec(state.waiting);
    restarts += int(cs.restartCount);
    lastRestart = later(lastRestart, finishedAt(cs));
    if (restartable(str(cs.name))) {
      restartableInitRestarts += int(cs.restartCount);
      lastRestartableInitRestart = later(lastRestartableInitRestart, finishedAt(cs));
    }
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (restartable(str(cs.name)) && cs.started === true) {
      if (cs.ready === true) readyContainers++;
      continue;
    }
    if (terminated) {
      if (str(terminated.reason) === '') {
        reason = int(terminated.signal) !== 0 ? `Init:Signal:${int(terminated.signal)}` : `Init:ExitCode:${int(terminated.exitCode)}`;
      } else {
        reason = `Init:${str(terminated.reason)}`;
      }
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  const initialized = arr(st.conditions).some((c) => rec(c).type === 'Initialized' && rec(c).status === 'True');
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = arr(st.containerStatuses).map(rec);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      const state = rec(cs.state);
      const waiting = state.waiting === undefined || state.waiting === null ? undefined : rec(state.waiting);
      const terminated = state.terminated === undefined || state.terminated === null ? undefined : rec(state.terminated);
      restarts += int(cs.restartCount);
      lastRestart = later(lastRestart, finishedAt(cs));
      if (waiting && str(waiting.reason) !== '') {
        reason = str(waiting.reason);
      } else if (terminated && str(terminated.reason) !== '') {
        reason = str(terminated.reason);
      } else if (terminated) {
        reason = int(terminated.signal) !== 0 ? `Signal:${int(terminated.signal)}` : `ExitCode:${int(terminated.exitCode)}`;
      } else if (cs.ready === true && state.running !== undefined && state.running !== null) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose containers completed but one still runs is shown as running (or not ready).
    if (reason === 'Completed' && hasRunning) {
      const podReady = arr(st.conditions).some((c) => rec(c).type === 'Ready' && rec(c).status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata?.deletionTimestamp !== null;
  if (deleting && st.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Failed' && phase !== 'Succeeded') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined && lastRestart !== 0) {
    restartsText = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
  }

  const podIPs = arr(st.podIPs).map(rec);
  const podIP = (podIPs.length > 0 ? str(podIPs[0].ip) : '') || '<none>';
  const nodeName = str(podSpec.nodeName) || '<none>';
  const nominated = str(st.nominatedNodeName) || '<none>';
  let readinessGates = '<none>';
  const gates = arr(podSpec.readinessGates).map(rec);
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const condition = arr(st.conditions)
        .map(rec)
        .find((c) => c.type === gate.conditionType);
      if (condition?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  row.cells = [pod.metadata.name, `${readyContainers}/${totalContainers}`, reason, restartsText, age(pod, now), podIP, nodeName, nominated, readinessGates];
  return row;
}

// ---- workloads ----
const printDeployment: RowPrinter = (o, now) => {
  const selector = labelSelectorString(spec(o).selector);
  const [names, images] = containerCells(templateSpec(o));
  return {
    cells: [
      o.metadata.name,
      `${int(status(o).readyReplicas)}/${int(spec(o).replicas)}`,
      int(status(o).updatedReplicas),
      int(status(o).availableReplicas),
      age(o, now),
      names,
      images,
      selector === undefined ? '<invalid>' : selector,
    ],
  };
};

const printReplicaSet: RowPrinter = (o, now) => {
  const [names, images] = containerCells(templateSpec(o));
  const st = status(o);
  return {
    cells: [o.metadata.name, int(spec(o).replicas), int(st.replicas), int(st.readyReplicas), age(o, now), names, images, formatLabelSelector(spec(o).selector)],
  };
};

const printReplicationController: RowPrinter = (o, now) => {
  const [names, images] = containerCells(templateSpec(o));
  const st = status(o);
  const selector = spec(o).selector as Record<string, string> | undefined;
  return { cells: [o.metadata.name, int(spec(o).replicas), int(st.replicas), int(st.readyReplicas), age(o, now), names, images, formatLabels(selector)] };
};

const printStatefulSet: RowPrinter = (o, now) => {
  const [names, images] = containerCells(templateSpec(o));
  return { cells: [o.metadata.name, `${int(status(o).readyReplicas)}/${int(spec(o).replicas)}`, age(o, now), names, images] };
};

const printDaemonSet: RowPrinter = (o, now) => {
  const st = status(o);
  const [names, images] = containerCells(templateSpec(o));
  return {
    cells: [
      o.metadata.name,
      int(st.desiredNumberScheduled),
      int(st.currentNumberScheduled),
      int(st.numberReady),
      int(st.updatedNumberScheduled),
      int(st.numberAvailable),
      formatLabels(templateSpec(o).nodeSelector as Record<string, string> | undefined),
      age(o, now),
      names,
      images,
      formatLabelSelector(spec(o).selector),
    ],
  };
};

const hasCondition = (conditions: unknown, type: string) => {
  const c = arr(conditions)
    .map(rec)
    .find((x) => x.type === type);
  return c !== undefined && c.status === 'True';
};

const printJob: RowPrinter = (o, now) => {
  const sp = spec(o);
  const st = status(o);
  let completions: string;
  if (typeof sp.completions === 'number') {
    completions = `${int(st.succeeded)}/${int(sp.completions)}`;
  } else {
    const parallelism = int(sp.parallelism);
    completions = parallelism > 1 ? `${int(st.succeeded)}/1 of ${parallelism}` : `${int(st.succeeded)}/1`;
  }
  const start = parseTimestamp(st.startTime);
  const completion = parseTimestamp(st.completionTime);
  let duration = '';
  if (start !== undefined) duration = humanDuration((completion ?? now.getTime()) - start);
  let jobStatus = 'Running';
  if (hasCondition(st.conditions, 'Complete')) jobStatus = 'Complete';
  else if (hasCondition(st.conditions, 'Failed')) jobStatus = 'Failed';
  else if (o.metadata.deletionTimestamp) jobStatus = 'Terminating';
  else if (hasCondition(st.conditions, 'Suspended')) jobStatus = 'Suspended';
  else if (hasCondition(st.conditions, 'FailureTarget')) jobStatus = 'FailureTarget';
  const [names, images] = containerCells(templateSpec(o));
  return { cells: [o.metadata.name, jobStatus, completions, duration, age(o, now), names, images, formatLabelSelector(sp.selector)] };
};

const boolPtr = (v: unknown) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : '<unset>');

const printCronJob: RowPrinter = (o, now) => {
  const sp = spec(o);
  const st = status(o);
  const last = st.lastScheduleTime ? translateTimestampSince(st.lastScheduleTime, now) : '<none>';
  const jobSpec = rec(rec(sp.jobTemplate).spec);
  const [names, images] = containerCells(rec(rec(jobSpec.template).spec));
  return {
    cells: [
      o.metadata.name,
      str(sp.schedule),
      typeof sp.timeZone === 'string' ? sp.timeZone : '<none>',
      boolPtr(sp.suspend),
      arr(st.active).length,
      last,
      age(o, now),
      names,
      images,
      formatLabelSelector(jobSpec.selector),
    ],
  };
};

const printPodTemplate: RowPrinter = (o) => {
  const template = rec(o.template);
  const [names, images] = containerCells(template.spec);
  return { cells: [o.metadata.name, names, images, formatLabels(rec(template.metadata).labels as Record<string, string>)] };
};

const printControllerRevision: RowPrinter = (o, now) => {
  const owner = arr(o.metadata.ownerReferences)
    .map(rec)
    .find((r) => r.controller === true);
  let controller = '<none>';
  if (owner) {
    const apiVersion = str(owner.apiVersion);
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const kind = str(owner.kind);
    controller = kind === '' && group === '' ? str(owner.name) : `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${str(owner.name)}`;
  }
  return { cells: [o.metadata.name, controller, int(o.revision), age(o, now)] };
};

// ---- networking ----
function serviceExternalIP(o: KubeObject): string {
  const sp = spec(o);
  const externalIPs = arr(sp.externalIPs).map(str);
  switch (sp.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(rec(status(o).loadBalancer));
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(sp.externalName);
    default:
      return '<unknown>';
  }
}

/** loadBalancerStatusStringer with wide=true: unique IPs or hostnames, sorted. */
function loadBalancerIngress(lb: Rec): string {
  const seen = new Set<string>();
  for (const ing of arr(lb.ingress).map(rec)) {
    if (str(ing.ip) !== '') seen.add(str(ing.ip));
    else if (str(ing.hostname) !== '') seen.add(str(ing.hostname));
  }
  return [...seen].sort().join(',');
}

const printService: RowPrinter = (o, now) => {
  const sp = spec(o);
  const clusterIPs = arr(sp.clusterIPs).map(str);
  const ports = arr(sp.ports)
    .map(rec)
    .map((p) => (int(p.nodePort) > 0 ? `${int(p.port)}:${int(p.nodePort)}/${str(p.protocol)}` : `${int(p.port)}/${str(p.protocol)}`))
    .join(',');
  return {
    cells: [
      o.metadata.name,
      str(sp.type),
      clusterIPs.length > 0 ? clusterIPs[0] : '<none>',
      serviceExternalIP(o),
      ports || '<none>',
      age(o, now),
      formatLabels(sp.selector as Record<string, string> | undefined),
    ],
  };
};

/** formatEndpoints: up to three `ip:port`, then `+ N more...`. */
function formatEndpoints(o: KubeObject): string {
  const subsets = arr(o.subsets).map(rec);
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let total = 0;
  for (const ss of subsets) {
    const addresses = arr(ss.addresses).map(rec);
    const ports = arr(ss.ports).map(rec);
    if (ports.length === 0) {
      total += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(a.ip));
      }
      continue;
    }
    for (const port of ports) {
      total += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        const ip = str(a.ip);
        list.push(`${ip.includes(':') ? `[${ip}]` : ip}:${int(port.port)}`);
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${total - max} more...` : text;
}

const printEndpoints: RowPrinter = (o, now) => ({ cells: [o.metadata.name, formatEndpoints(o), age(o, now)] });

function listWithMore(list: string[], more: boolean, total: number, max: number): string {
  const text = list.join(',');
  if (more) return `${text} + ${total - max} more...`;
  return text === '' ? '<unset>' : text;
}

const printEndpointSlice: RowPrinter = (o, now) => {
  const max = 3;
  const ports: string[] = [];
  let portCount = 0;
  for (const p of arr(o.ports).map(rec)) {
    if (ports.length < max) ports.push(typeof p.port === 'number' ? String(p.port) : typeof p.name === 'string' ? p.name : '*');
    portCount++;
  }
  const addresses: string[] = [];
  let addressCount = 0;
  for (const e of arr(o.endpoints).map(rec)) {
    for (const a of arr(e.addresses)) {
      if (addresses.length < max) addresses.push(str(a));
      addressCount++;
    }
  }
  return {
    cells: [
      o.metadata.name,
      str(o.addressType),
      listWithMore(ports, portCount > max, portCount, max),
      listWithMore(addresses, addressCount > max, addressCount, max),
      age(o, now),
    ],
  };
};

function formatHosts(rules: Rec[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && str(rule.host) !== '') list.push(str(rule.host));
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - max} more...` : list.join(',');
}

const printIngress: RowPrinter = (o, now) => {
  const sp = spec(o);
  return {
    cells: [
      o.metadata.name,
      typeof sp.ingressClassName === 'string' ? sp.ingressClassName : '<none>',
      formatHosts(arr(sp.rules).map(rec)),
      loadBalancerIngress(rec(status(o).loadBalancer)),
      arr(sp.tls).length > 0 ? '80, 443' : '80',
      age(o, now),
    ],
  };
};

const printIngressClass: RowPrinter = (o, now) => {
  const params = spec(o).parameters;
  let parameters = '<none>';
  if (params && typeof params === 'object') {
    const p = rec(params);
    parameters = `${str(p.kind)}${typeof p.apiGroup === 'string' ? `.${p.apiGroup}` : ''}/${str(p.name)}`;
  }
  return { cells: [o.metadata.name, str(spec(o).controller), parameters, age(o, now)] };
};

const printNetworkPolicy: RowPrinter = (o, now) => ({ cells: [o.metadata.name, formatLabelSelector(spec(o).podSelector ?? {}), age(o, now)] });

// ---- cluster and config ----
function nodeRoles(o: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort().join(',') || '<none>';
}

const printNode: RowPrinter = (o, now) => {
  const st = status(o);
  const conditions = new Map<string, Rec>();
  for (const c of arr(st.conditions).map(rec)) conditions.set(str(c.type), c);
  const state: string[] = [];
  const ready = conditions.get('Ready');
  if (ready) state.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (state.length === 0) state.push('Unknown');
  if (spec(o).unschedulable === true) state.push('SchedulingDisabled');
  const info = rec(st.nodeInfo);
  const address = (type: string) =>
    str(
      arr(st.addresses)
        .map(rec)
        .find((a) => a.type === type)?.address,
    ) || '<none>';
  return {
    cells: [
      o.metadata.name,
      state.join(','),
      nodeRoles(o),
      age(o, now),
      str(info.kubeletVersion),
      address('InternalIP'),
      address('ExternalIP'),
      str(info.osImage) || '<unknown>',
      str(info.kernelVersion) || '<unknown>',
      str(info.containerRuntimeVersion) || '<unknown>',
    ],
  };
};

/** The core/v1 view of an event; events.k8s.io/v1 objects are read through their deprecated* fields. */
function coreEvent(o: KubeObject): Rec {
  if (!o.apiVersion?.startsWith('events.k8s.io/')) return o;
  return {
    involvedObject: o.regarding,
    reason: o.reason,
    message: o.note,
    type: o.type,
    source: o.deprecatedSource,
    firstTimestamp: o.deprecatedFirstTimestamp,
    lastTimestamp: o.deprecatedLastTimestamp,
    count: o.deprecatedCount,
    eventTime: o.eventTime,
    series: o.series,
    reportingComponent: o.reportingController,
    reportingInstance: o.reportingInstance,
  };
}

const printEvent: RowPrinter = (o, now) => {
  const e = coreEvent(o);
  let first = translateTimestampSince(e.firstTimestamp, now);
  if (parseTimestamp(e.firstTimestamp) === undefined) first = translateTimestampSince(e.eventTime, now);
  let last = translateTimestampSince(e.lastTimestamp, now);
  if (parseTimestamp(e.lastTimestamp) === undefined) last = first;
  let eventCount = int(e.count);
  const series = e.series === undefined || e.series === null ? undefined : rec(e.series);
  if (series) {
    last = translateTimestampSince(series.lastObservedTime, now);
    eventCount = int(series.count);
  } else if (eventCount === 0) {
    eventCount = 1; // singleton events carry no count in the new API
  }
  const involved = rec(e.involvedObject);
  const kind = str(involved.kind).toLowerCase();
  const target = str(involved.name) !== '' ? `${kind}/${str(involved.name)}` : kind;
  const source = rec(e.source);
  const component = str(source.component) || str(e.reportingComponent);
  const host = str(source.host) || str(e.reportingInstance);
  return {
    cells: [
      last,
      str(e.type),
      str(e.reason),
      target,
      str(involved.fieldPath),
      host === '' ? component : `${component}, ${host}`,
      str(e.message).trim(),
      first,
      eventCount,
      o.metadata.name,
    ],
  };
};

const printNamespace: RowPrinter = (o, now) => ({ cells: [o.metadata.name, str(status(o).phase), age(o, now)] });
const printSecret: RowPrinter = (o, now) => ({ cells: [o.metadata.name, str(o.type), count(o.data), age(o, now)] });
const printServiceAccount: RowPrinter = (o, now) => ({ cells: [o.metadata.name, arr(o.secrets).length, age(o, now)] });
const printConfigMap: RowPrinter = (o, now) => ({ cells: [o.metadata.name, count(o.data) + count(o.binaryData), age(o, now)] });

/** helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
function accessModes(modes: unknown): string {
  const set = new Set(arr(modes).map(str));
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** The beta storage-class annotation wins over spec.storageClassName, as in the helpers. */
function storageClassOf(o: KubeObject): string {
  const annotation = o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (annotation !== undefined) return annotation;
  return str(spec(o).storageClassName);
}

const printPersistentVolume: RowPrinter = (o, now) => {
  const sp = spec(o);
  const claim = sp.claimRef ? `${str(rec(sp.claimRef).namespace)}/${str(rec(sp.claimRef).name)}` : '';
  const phase = o.metadata.deletionTimestamp ? 'Terminating' : str(status(o).phase);
  return {
    cells: [
      o.metadata.name,
      str(rec(sp.capacity).storage) || '0',
      accessModes(sp.accessModes),
      str(sp.persistentVolumeReclaimPolicy),
      phase,
      claim,
      storageClassOf(o),
      typeof sp.volumeAttributesClassName === 'string' ? sp.volumeAttributesClassName : '<unset>',
      str(status(o).reason),
      age(o, now),
      typeof sp.volumeMode === 'string' ? sp.volumeMode : '<unset>',
    ],
  };
};

const printPersistentVolumeClaim: RowPrinter = (o, now) => {
  const sp = spec(o);
  const st = status(o);
  const phase = o.metadata.deletionTimestamp ? 'Terminating' : str(st.phase);
  let capacity = '';
  let modes = '';
  if (str(sp.volumeName) !== '') {
    modes = accessModes(st.accessModes);
    capacity = str(rec(st.capacity).storage) || '0';
  }
  return {
    cells: [
      o.metadata.name,
      phase,
      str(sp.volumeName),
      capacity,
      modes,
      storageClassOf(o),
      typeof sp.volumeAttributesClassName === 'string' ? sp.volumeAttributesClassName : '<unset>',
      age(o, now),
      typeof sp.volumeMode === 'string' ? sp.volumeMode : '<unset>',
    ],
  };
};

const printBinding: RowPrinter = (o, now) => {
  const ref = rec(o.roleRef);
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of arr(o.subjects).map(rec)) {
    if (s.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}/${str(s.name)}`);
    else if (s.kind === 'User') users.push(str(s.name));
    else if (s.kind === 'Group') groups.push(str(s.name));
  }
  return { cells: [o.metadata.name, `${str(ref.kind)}/${str(ref.name)}`, age(o, now), users.join(', '), groups.join(', '), sas.join(', ')] };
};

const printLease: RowPrinter = (o, now) => ({ cells: [o.metadata.name, str(spec(o).holderIdentity), age(o, now)] });

const printStorageClass: RowPrinter = (o, now) => {
  const annotations = o.metadata.annotations ?? {};
  const isDefault =
    annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  return {
    cells: [
      isDefault ? `${o.metadata.name} (default)` : o.metadata.name,
      str(o.provisioner),
      typeof o.reclaimPolicy === 'string' ? o.reclaimPolicy : 'Delete',
      typeof o.volumeBindingMode === 'string' ? o.volumeBindingMode : 'Immediate',
      o.allowVolumeExpansion === true,
      age(o, now),
    ],
  };
};

// ---- quota and storage.k8s.io (printResourceQuota, printVolumeAttachment, printCSINode, printCSIDriver) ----

/** Request and Limit: `name: used/hard` for every hard resource in name order, limits.* in Limit. */
const printResourceQuota: RowPrinter = (o, now) => {
  const hard = rec(status(o).hard);
  const used = rec(status(o).used);
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const pieces = name.split('.');
    (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(`${name}: ${str(used[name]) || '0'}/${str(hard[name])}`);
  }
  return { cells: [o.metadata.name, age(o, now), request.join(', '), limit.join(', ')] };
};

const printVolumeAttachment: RowPrinter = (o, now) => {
  const pv = rec(spec(o).source).persistentVolumeName;
  return { cells: [o.metadata.name, str(spec(o).attacher), typeof pv === 'string' ? pv : '', str(spec(o).nodeName), status(o).attached === true, age(o, now)] };
};

const printCSINode: RowPrinter = (o, now) => ({ cells: [o.metadata.name, arr(spec(o).drivers).length, age(o, now)] });

const printCSIDriver: RowPrinter = (o, now) => {
  const s = spec(o);
  const modes = arr(s.volumeLifecycleModes).map(str).join(',');
  const tokenRequests = Array.isArray(s.tokenRequests) ? s.tokenRequests.map((t) => str(rec(t).audience)).join(',') : '<unset>';
  return {
    cells: [
      o.metadata.name,
      s.attachRequired !== false,
      s.podInfoOnMount === true,
      s.storageCapacity === true,
      tokenRequests,
      s.requiresRepublish === true,
      modes || '<none>',
      age(o, now),
    ],
  };
};

const intOrString = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : 'N/A');
const printPodDisruptionBudget: RowPrinter = (o, now) => ({
  cells: [o.metadata.name, intOrString(spec(o).minAvailable), intOrString(spec(o).maxUnavailable), int(status(o).disruptionsAllowed), age(o, now)],
});

const printPriorityClass: RowPrinter = (o, now) => ({
  cells: [o.metadata.name, int(o.value), o.globalDefault === true, age(o, now), typeof o.preemptionPolicy === 'string' ? o.preemptionPolicy : ''],
});

// ---- the groups added for v1.32 parity (printers.go v1.32 unless noted) ----

/** formatHPAMetrics: one `name: current/target` entry per metric, at most two, then `+ N more...`. */
function formatHpaMetrics(specs: Rec[], statuses: Rec[]): string {
  if (specs.length === 0) return '<none>';
  const list: string[] = [];
  const quantity = (v: unknown) => (v === undefined || v === null ? '0' : str(v));
  specs.forEach((m, i) => {
    const st = statuses.length > i ? statuses[i] : undefined;
    const current = (key: string) => rec(rec(st?.[key]).current);
    switch (m.type) {
      case 'External':
      case 'Object': {
        const key = m.type === 'External' ? 'external' : 'object';
        const target = rec(rec(m[key]).target);
        if (target.averageValue !== undefined) {
          const cur = st?.[key] && current(key).averageValue !== undefined ? str(current(key).averageValue) : '<unknown>';
          list.push(`${cur}/${quantity(target.averageValue)} (avg)`);
        } else {
          const cur = st?.[key] ? quantity(current(key).value) : '<unknown>';
          list.push(`${cur}/${quantity(target.value)}`);
        }
        break;
      }
      case 'Pods': {
        const cur = st?.pods ? quantity(current('pods').averageValue) : '<unknown>';
        list.push(`${cur}/${quantity(rec(rec(m.pods).target).averageValue)}`);
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const key = m.type === 'Resource' ? 'resource' : 'containerResource';
        const source = rec(m[key]);
        const target = rec(source.target);
        if (target.averageValue !== undefined) {
          const cur = st?.[key] ? quantity(current(key).averageValue) : '<unknown>';
          list.push(`${str(source.name)}: ${cur}/${quantity(target.averageValue)}`);
        } else {
          const cur = st?.[key] && current(key).averageUtilization !== undefined ? `${int(current(key).averageUtilization)}%` : '<unknown>';
          const goal = target.averageUtilization !== undefined ? `${int(target.averageUtilization)}%` : '<auto>';
          list.push(`${str(source.name)}: ${cur}/${goal}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

const printHorizontalPodAutoscaler: RowPrinter = (o, now) => {
  const sp = spec(o);
  const ref = rec(sp.scaleTargetRef);
  return {
    cells: [
      o.metadata.name,
      `${str(ref.kind)}/${str(ref.name)}`,
      formatHpaMetrics(arr(sp.metrics).map(rec), arr(status(o).currentMetrics).map(rec)),
      typeof sp.minReplicas === 'number' ? String(sp.minReplicas) : '<unset>',
      int(sp.maxReplicas),
      int(status(o).currentReplicas),
      age(o, now),
    ],
  };
};

/** extractCSRStatus: Denied, else Approved, else Pending; then ,Failed and ,Issued. */
function csrCondition(o: KubeObject): string {
  const types = new Set(arr(status(o).conditions).map((c) => str(rec(c).type)));
  let text = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) text += ',Failed';
  if (str(status(o).certificate) !== '') text += ',Issued';
  return text;
}

const printCertificateSigningRequest: RowPrinter = (o, now) => {
  const sp = spec(o);
  return {
    cells: [
      o.metadata.name,
      age(o, now),
      str(sp.signerName) || '<none>',
      str(sp.username),
      typeof sp.expirationSeconds === 'number' ? humanDuration(sp.expirationSeconds * 1000) : '<none>',
      csrCondition(o),
    ],
  };
};

const printRuntimeClass: RowPrinter = (o, now) => ({ cells: [o.metadata.name, str(o.handler), age(o, now)] });
const printWebhookConfiguration: RowPrinter = (o, now) => ({ cells: [o.metadata.name, arr(o.webhooks).length, age(o, now)] });

const printValidatingAdmissionPolicy: RowPrinter = (o, now) => {
  const kind = spec(o).paramKind;
  const paramKind = isRecord(kind) ? `${str(kind.apiVersion)}/${str(kind.kind)}` : '<unset>';
  return { cells: [o.metadata.name, arr(spec(o).validations).length, paramKind, age(o, now)] };
};

/**
 * The ParamRef cell: `namespace/name` (`*` for the namespace when none is given), or the selector as the
 * generated (*metav1.LabelSelector).String() prints it.
 */
function paramRefText(ref: unknown): string {
  if (!isRecord(ref)) return '<unset>';
  if (str(ref.name) !== '') return `${str(ref.namespace) || '*'}/${str(ref.name)}`;
  if (!isRecord(ref.selector)) return '<unset>';
  return labelSelectorGoString(ref.selector);
}

const printValidatingAdmissionPolicyBinding: RowPrinter = (o, now) => ({
  cells: [o.metadata.name, str(spec(o).policyName), paramRefText(spec(o).paramRef), age(o, now)],
});

const printComponentStatus: RowPrinter = (o) => {
  const healthy = arr(o.conditions)
    .map(rec)
    .find((c) => c.type === 'Healthy');
  const state = healthy ? (healthy.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown';
  return { cells: [o.metadata.name, state, str(healthy?.message), str(healthy?.error)] };
};

const printFlowSchema: RowPrinter = (o, now) => {
  const sp = spec(o);
  const dangling = arr(status(o).conditions)
    .map(rec)
    .find((c) => c.type === 'Dangling');
  const method = sp.distinguisherMethod ? str(rec(sp.distinguisherMethod).type) : '<none>';
  return {
    cells: [
      o.metadata.name,
      str(rec(sp.priorityLevelConfiguration).name),
      int(sp.matchingPrecedence),
      method,
      age(o, now),
      dangling ? str(dangling.status) : '?',
    ],
  };
};

const printPriorityLevelConfiguration: RowPrinter = (o, now) => {
  const sp = spec(o);
  let [shares, queues, handSize, queueLengthLimit]: unknown[] = ['<none>', '<none>', '<none>', '<none>'];
  if (sp.limited && typeof sp.limited === 'object') {
    const limited = rec(sp.limited);
    shares = int(limited.nominalConcurrencyShares);
    const queuing = rec(limited.limitResponse).queuing;
    if (queuing && typeof queuing === 'object')
      [queues, handSize, queueLengthLimit] = [int(rec(queuing).queues), int(rec(queuing).handSize), int(rec(queuing).queueLengthLimit)];
  }
  return { cells: [o.metadata.name, str(sp.type), shares, queues, handSize, queueLengthLimit, age(o, now)] };
};

/** kube-aggregator's apiservice ConvertToTable: Local or namespace/name, and the Available condition. */
const printAPIService: RowPrinter = (o, now) => {
  const sp = spec(o);
  const service = sp.service && typeof sp.service === 'object' ? `${str(rec(sp.service).namespace)}/${str(rec(sp.service).name)}` : 'Local';
  const available = arr(status(o).conditions)
    .map(rec)
    .find((c) => c.type === 'Available');
  let state = 'Unknown';
  if (available)
    state = available.status === 'True' || str(available.reason) === '' ? str(available.status) : `${str(available.status)} (${str(available.reason)})`;
  return { cells: [o.metadata.name, service, state, age(o, now)] };
};

/** Printers by `group/resource`. */
export const ROW_PRINTERS: Record<string, RowPrinter> = {
  '/pods': printPod,
  '/podtemplates': printPodTemplate,
  '/replicationcontrollers': printReplicationController,
  '/services': printService,
  '/endpoints': printEndpoints,
  '/nodes': printNode,
  '/events': printEvent,
  'events.k8s.io/events': printEvent,
  '/namespaces': printNamespace,
  '/secrets': printSecret,
  '/serviceaccounts': printServiceAccount,
  '/configmaps': printConfigMap,
  '/persistentvolumes': printPersistentVolume,
  '/persistentvolumeclaims': printPersistentVolumeClaim,
  'apps/deployments': printDeployment,
  'apps/replicasets': printReplicaSet,
  'apps/statefulsets': printStatefulSet,
  'apps/daemonsets': printDaemonSet,
  'apps/controllerrevisions': printControllerRevision,
  'batch/jobs': printJob,
  'batch/cronjobs': printCronJob,
  'rbac.authorization.k8s.io/rolebindings': printBinding,
  'rbac.authorization.k8s.io/clusterrolebindings': printBinding,
  'networking.k8s.io/ingresses': printIngress,
  'networking.k8s.io/ingressclasses': printIngressClass,
  'networking.k8s.io/networkpolicies': printNetworkPolicy,
  'coordination.k8s.io/leases': printLease,
  'storage.k8s.io/storageclasses': printStorageClass,
  '/resourcequotas': printResourceQuota,
  'storage.k8s.io/volumeattachments': printVolumeAttachment,
  'storage.k8s.io/csinodes': printCSINode,
  'storage.k8s.io/csidrivers': printCSIDriver,
  'policy/poddisruptionbudgets': printPodDisruptionBudget,
  'scheduling.k8s.io/priorityclasses': printPriorityClass,
  'discovery.k8s.io/endpointslices': printEndpointSlice,
  '/componentstatuses': printComponentStatus,
  'autoscaling/horizontalpodautoscalers': printHorizontalPodAutoscaler,
  'certificates.k8s.io/certificatesigningrequests': printCertificateSigningRequest,
  'node.k8s.io/runtimeclasses': printRuntimeClass,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': printWebhookConfiguration,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': printWebhookConfiguration,
  'admissionregistration.k8s.io/validatingadmissionpolicies': printValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': printValidatingAdmissionPolicyBinding,
  'flowcontrol.apiserver.k8s.io/flowschemas': printFlowSchema,
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations': printPriorityLevelConfiguration,
  'apiregistration.k8s.io/apiservices': printAPIService,
};
