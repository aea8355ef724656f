// The pod parts of kubectl's describers: containers (state, probes, environment, mounts), volumes, pod
// templates (used by every workload describer), QoS class and the pod describer itself (describePod).
import {
  type Obj,
  byteCompare,
  controllerOf,
  describeEvents,
  formatLabels,
  formatLabelSelector,
  goList,
  printAnnotationsMultiline,
  printCsiVolumeAttributes,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
  since,
  stringMap,
  v,
} from './fields.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter, tabbedString } from './prefix-writer.js';
import { Quantity, resourceList } from '../../kube/quantity.js';
import { goSortInPlace } from '../../output/go-sort.js';

const arr = (x: unknown): Obj[] => (Array.isArray(x) ? (x as Obj[]) : []);
const printBool = (b: unknown) => (b ? 'True' : 'False');
const stringOrNone = (s: string) => (s.length > 0 ? s : '<none>');

/** describeResources: Limits then Requests, resource names sorted. */
export function describeResources(resources: Obj | undefined, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [
    ['Limits', resources.limits],
    ['Requests', resources.requests],
  ] as const) {
    const map = stringMap(list);
    const names = Object.keys(map).sort(byteCompare);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) {
      const q = Quantity.parse(map[name]);
      w.write(level + 1, `${name}:\t${q ? q.toString() : map[name]}\n`);
    }
  }
}

/** DescribeProbe. */
export function describeProbe(p: Obj): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec ${goList(p.exec.command)} ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    const port = h.port === undefined || h.port === null ? '' : String(h.port);
    const host = h.host ?? '';
    let hostPort = host;
    if (port.length > 0) hostPort = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    const scheme = String(h.scheme ?? '').toLowerCase();
    let path = h.path ?? '';
    if (path && !path.startsWith('/') && hostPort) path = '/' + path;
    const url = (scheme ? `${scheme}:` : '') + (scheme || hostPort ? `//${hostPort}` : '') + path;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeStatus(stateName: string, state: Obj | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

/**
 * EnvValueRetriever: kubectl converts the field path with its own scheme, which knows only the generic
 * metadata.name and metadata.namespace conversions; every other field reference prints empty.
 */
function podFieldValue(pod: Obj, fieldPath: string): string {
  if (fieldPath === 'metadata.name') return pod.metadata?.name ?? '';
  if (fieldPath === 'metadata.namespace') return pod.metadata?.namespace ?? '';
  return '';
}

/** ExtractContainerResourceValue: the value divided by the divisor, rounded up. */
function containerResourceValue(ref: Obj, container: Obj): string {
  const divisor = Quantity.parse(ref.divisor);
  const div = divisor && !divisor.isZero() ? divisor : (Quantity.parse('1') as Quantity);
  const [kind, name] = String(ref.resource ?? '').split('.');
  if (kind !== 'limits' && kind !== 'requests') return '';
  const q = resourceList(container.resources?.[kind]).get(name) ?? Quantity.zero();
  if (name === 'cpu') return String(Math.ceil(q.milliValue() / div.milliValue()));
  if (name === 'memory' || name === 'ephemeral-storage') return String(Math.ceil(q.value() / div.value()));
  return '';
}

function describeEnvFrom(container: Obj, w: PrefixWriter): void {
  const list = arr(container.envFrom);
  w.write(LEVEL_2, `Environment Variables from:${list.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of list) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = e.secretRef.optional === true;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

function describeEnvVars(container: Obj, pod: Obj | undefined, w: PrefixWriter): void {
  const env = arr(container.env);
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const f = e.valueFrom;
    if (f.fieldRef) {
      const value = pod ? podFieldValue(pod, f.fieldRef.fieldPath ?? '') : '';
      w.write(LEVEL_3, `${e.name}:\t${value} (${f.fieldRef.apiVersion ?? ''}:${f.fieldRef.fieldPath ?? ''})\n`);
    } else if (f.resourceFieldRef) {
      let value = containerResourceValue(f.resourceFieldRef, container);
      const resource = f.resourceFieldRef.resource ?? '';
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
    } else if (f.secretKeyRef) {
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${f.secretKeyRef.key ?? ''}' in secret '${f.secretKeyRef.name ?? ''}'>\tOptional: ${f.secretKeyRef.optional === true}\n`,
      );
    } else if (f.configMapKeyRef) {
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${f.configMapKeyRef.key ?? ''}' of config map '${f.configMapKeyRef.name ?? ''}'>\tOptional: ${f.configMapKeyRef.optional === true}\n`,
      );
    }
  }
}

/** %q of Go: JSON escaping is close enough for mount sub-paths. */
const goQuoted = (s: string) => JSON.stringify(s);

function describeMounts(container: Obj, w: PrefixWriter): void {
  const mounts = arr(container.volumeMounts);
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of goSortInPlace([...mounts], (a, b) => byteCompare(a.mountPath ?? '', b.mountPath ?? '') < 0)) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${goQuoted(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices = arr(container.volumeDevices);
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of goSortInPlace([...devices], (a, b) => byteCompare(a.devicePath ?? '', b.devicePath ?? '') < 0))
      w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/** describeContainers: one block per container (statuses and pod only for real pods, not templates). */
export function describeContainers(label: string, containers: Obj[], statuses: Obj[] | undefined, pod: Obj | undefined, w: PrefixWriter, space: string): void {
  const byName = new Map(arr(statuses).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  const nameIndent = space.length > 0 ? ' ' : '';
  for (const c of containers) {
    const status = byName.get(c.name);
    w.write(LEVEL_1, `${nameIndent}${c.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = arr(c.ports);
    const portString = ports.map((p) => `${p.containerPort ?? 0}/${p.protocol ?? ''}`).join(', ');
    if (portString.includes(',')) w.write(LEVEL_2, `Ports:\t${portString}\n`);
    else w.write(LEVEL_2, `Port:\t${stringOrNone(portString)}\n`);
    const hostPortString = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
    if (hostPortString.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPortString}\n`);
    else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPortString)}\n`);
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    for (const [title, list] of [
      ['Command', c.command],
      ['Args', c.args],
    ] as const) {
      if (!Array.isArray(list) || list.length === 0) continue;
      w.write(LEVEL_2, `${title}:\n`);
      for (const item of list) for (const s of String(item).split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (status) {
      describeStatus('State', status.state, w);
      if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
      w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(c.resources ?? {}, w, LEVEL_2);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if (arr(c.envFrom).length > 0) describeEnvFrom(c, w);
    describeEnvVars(c, pod, w);
    describeMounts(c, w);
  }
}

/** %v of a *bool: kubectl prints the pointer itself, which is "<nil>" when unset. */
const boolPointer = (b: unknown) => (b === undefined || b === null ? '<nil>' : String(b));

function describeVolumeSource(vol: Obj, w: PrefixWriter): void {
  if (vol.hostPath) {
    w.write(
      LEVEL_2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${vol.hostPath.path ?? ''}\n    HostPathType:\t${vol.hostPath.type ?? '<none>'}\n`,
    );
  } else if (vol.emptyDir) {
    const limit = Quantity.parse(vol.emptyDir.sizeLimit);
    const size = limit && limit.cmp(Quantity.zero()) > 0 ? limit.toString() : '<unset>';
    w.write(
      LEVEL_2,
      `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${vol.emptyDir.medium ?? ''}\n    SizeLimit:\t${size}\n`,
    );
  } else if (vol.gitRepo) {
    w.write(
      LEVEL_2,
      `Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t${vol.gitRepo.repository ?? ''}\n    Revision:\t${vol.gitRepo.revision ?? ''}\n`,
    );
  } else if (vol.secret) {
    w.write(
      LEVEL_2,
      `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${vol.secret.secretName ?? ''}\n    Optional:\t${vol.secret.optional === true}\n`,
    );
  } else if (vol.configMap) {
    w.write(
      LEVEL_2,
      `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${vol.configMap.name ?? ''}\n    Optional:\t${vol.configMap.optional === true}\n`,
    );
  } else if (vol.nfs) {
    w.write(
      LEVEL_2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${vol.nfs.server ?? ''}\n    Path:\t${vol.nfs.path ?? ''}\n    ReadOnly:\t${vol.nfs.readOnly === true}\n`,
    );
  } else if (vol.persistentVolumeClaim) {
    w.write(
      LEVEL_2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${vol.persistentVolumeClaim.claimName ?? ''}\n    ReadOnly:\t${vol.persistentVolumeClaim.readOnly === true}\n`,
    );
  } else if (vol.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of arr(vol.downwardAPI.items)) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath ?? ''} -> ${item.path ?? ''}\n`);
      if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource ?? ''} -> ${item.path ?? ''}\n`);
    }
  } else if (vol.projected) {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const source of arr(vol.projected.sources)) {
      if (source.secret) w.write(LEVEL_2, `SecretName:\t${source.secret.name ?? ''}\n    SecretOptionalName:\t${boolPointer(source.secret.optional)}\n`);
      else if (source.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      else if (source.configMap)
        w.write(LEVEL_2, `ConfigMapName:\t${source.configMap.name ?? ''}\n    ConfigMapOptional:\t${boolPointer(source.configMap.optional)}\n`);
      else if (source.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 0}\n`);
    }
  } else if (vol.csi) {
    w.write(
      LEVEL_2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${vol.csi.driver ?? ''}\n    FSType:\t${vol.csi.fsType ?? ''}\n    ReadOnly:\t${vol.csi.readOnly === true}\n`,
    );
    printCsiVolumeAttributes(w, vol.csi.volumeAttributes);
  } else if (vol.image) {
    w.write(
      LEVEL_2,
      `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${vol.image.reference ?? ''}\n    PullPolicy:\t${vol.image.pullPolicy ?? ''}\n`,
    );
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

export function describeVolumes(volumes: unknown, w: PrefixWriter, space: string): void {
  const list = arr(volumes);
  if (list.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  const nameIndent = space.length > 0 ? ' ' : '';
  for (const vol of list) {
    w.write(LEVEL_1, `${nameIndent}${vol.name}:\n`);
    describeVolumeSource(vol, w);
  }
}

export function describeTopologySpreadConstraints(tscs: unknown, w: PrefixWriter, space: string): void {
  const list = goSortInPlace([...arr(tscs)], (a, b) => byteCompare(a.topologyKey ?? '', b.topologyKey ?? '') < 0);
  if (list.length === 0) return;
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  list.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    let text = `${t.topologyKey ?? ''}:${t.whenUnsatisfiable ?? ''} when max skew ${t.maxSkew ?? 0} is exceeded`;
    if (t.labelSelector) text += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

/** DescribePodTemplate: the "Pod Template:" section of workload describers. */
export function describePodTemplate(template: Obj | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const meta = template.metadata ?? {};
  const spec = template.spec ?? {};
  printLabelsMultiline(w, '  Labels', meta.labels);
  if (Object.keys(meta.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', meta.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (arr(spec.initContainers).length > 0) describeContainers('Init Containers', arr(spec.initContainers), undefined, undefined, w, '  ');
  describeContainers('Containers', arr(spec.containers), undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

/** qos.GetPodQOS: status.qosClass, else computed from the containers' cpu/memory requests and limits. */
export function podQOS(pod: Obj): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const zero = Quantity.zero();
  for (const c of [...arr(pod.spec?.containers), ...arr(pod.spec?.initContainers)]) {
    for (const [name, q] of resourceList(c.resources?.requests)) {
      if (name !== 'cpu' && name !== 'memory') continue;
      if (q.cmp(zero) > 0) requests.set(name, requests.has(name) ? q.add(requests.get(name) as Quantity) : q);
    }
    const found = new Set<string>();
    for (const [name, q] of resourceList(c.resources?.limits)) {
      if (name !== 'cpu' && name !== 'memory') continue;
      if (q.cmp(zero) > 0) {
        found.add(name);
        limits.set(name, limits.has(name) ? q.add(limits.get(name) as Quantity) : q);
      }
    }
    if (!(found.has('memory') && found.has('cpu'))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim?.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** describePod. */
export function describePod(pod: Obj, events: Obj[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const meta = pod.metadata ?? {};
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    w.write(LEVEL_0, `Name:\t${meta.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels);
    printAnnotationsMultiline(w, 'Annotations', meta.annotations);
    if (meta.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(meta.deletionTimestamp, now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    const ips = arr(status.podIPs);
    if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip ?? ''}\n`);
    }
    const controlledBy = controllerOf(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if (spec.resources) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(spec.resources, w, LEVEL_1);
    }
    if (arr(spec.initContainers).length > 0) describeContainers('Init Containers', arr(spec.initContainers), status.initContainerStatuses, pod, w, '');
    describeContainers('Containers', arr(spec.containers), status.containerStatuses, pod, w, '');
    if (arr(spec.ephemeralContainers).length > 0)
      describeContainers('Ephemeral Containers', arr(spec.ephemeralContainers), status.ephemeralContainerStatuses, pod, w, '');
    const conditions = arr(status.conditions);
    if (arr(spec.readinessGates).length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of arr(spec.readinessGates)) {
        const c = conditions.find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType ?? ''} \t${c ? v(c.status) : '<none>'} \n`);
      }
    }
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
    if (events) describeEvents(events, w, now);
  });
}

export { formatLabels };
