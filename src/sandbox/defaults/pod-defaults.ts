// What kube-apiserver adds to a Pod or a pod template: the core/v1 defaulters (pkg/apis/core/v1/defaults.go),
// the admission plugins that mutate new pods (ServiceAccount, Priority, DefaultTolerationSeconds) and the
// QoS class the registry strategy records in status.
import { randomInt } from 'node:crypto';
import { child, isRec, records, setDefault, str, type Rec } from './json-access.js';
import { parseQuantity, sameQuantity } from './quantity.js';
import { VOLUME_SOURCES } from '../../kube/struct-order.js';

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** SetDefaults_PodSpec and everything nested in it (containers, probes, volumes); shared by pods and templates. */
export function defaultPodSpec(spec: Rec): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  if (!isRec(spec.securityContext)) spec.securityContext = {};
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...records(spec.initContainers), ...records(spec.containers), ...records(spec.ephemeralContainers)]) defaultContainer(c);
  if (spec.hostNetwork === true) {
    for (const c of [...records(spec.containers), ...records(spec.initContainers)]) {
      for (const p of records(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
  for (const v of records(spec.volumes)) defaultVolume(v);
}

/** SetDefaults_Container, SetDefaults_ContainerPort, probes, env and the serialised zero `resources: {}`. */
function defaultContainer(c: Rec): void {
  setDefault(c, 'imagePullPolicy', imageTag(str(c.image)) === 'latest' ? 'Always' : 'IfNotPresent');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (!isRec(c.resources)) c.resources = {};
  for (const p of records(c.ports)) setDefault(p, 'protocol', 'TCP');
  for (const e of records(c.env)) {
    const from = isRec(e.valueFrom) ? e.valueFrom : undefined;
    if (from && isRec(from.fieldRef)) setDefault(from.fieldRef, 'apiVersion', 'v1');
    if (from && isRec(from.resourceFieldRef)) setDefault(from.resourceFieldRef, 'divisor', '0');
  }
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) if (isRec(c[key])) defaultProbe(c[key] as Rec);
  if (isRec(c.lifecycle)) {
    for (const key of ['postStart', 'preStop']) {
      const handler = (c.lifecycle as Rec)[key];
      if (isRec(handler) && isRec(handler.httpGet)) defaultHttpGet(handler.httpGet);
    }
  }
}

function defaultProbe(p: Rec): void {
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  if (isRec(p.httpGet)) defaultHttpGet(p.httpGet);
  if (isRec(p.grpc) && p.grpc.service === undefined) p.grpc.service = '';
}

function defaultHttpGet(h: Rec): void {
  setDefault(h, 'path', '/');
  setDefault(h, 'scheme', 'HTTP');
}

/** SetDefaults_Volume (no source → emptyDir) and the default file modes of secret/configMap/downwardAPI/projected volumes. */
function defaultVolume(v: Rec): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v.emptyDir = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) if (isRec(v[key])) setDefault(v[key] as Rec, 'defaultMode', 420);
  if (isRec(v.hostPath)) setDefault(v.hostPath, 'type', '');
  if (isRec(v.downwardAPI)) defaultDownwardItems(v.downwardAPI.items);
  if (isRec(v.projected)) {
    for (const source of records(v.projected.sources)) {
      if (isRec(source.serviceAccountToken)) setDefault(source.serviceAccountToken, 'expirationSeconds', 3600);
      if (isRec(source.downwardAPI)) defaultDownwardItems(source.downwardAPI.items);
    }
  }
}

function defaultDownwardItems(items: unknown): void {
  for (const item of records(items)) {
    if (isRec(item.fieldRef)) setDefault(item.fieldRef, 'apiVersion', 'v1');
    if (isRec(item.resourceFieldRef)) setDefault(item.resourceFieldRef, 'divisor', '0');
  }
}

/**
 * The tag parsers.ParseImageName finds: `latest` when the reference has neither tag nor digest,
 * '' when it has only a digest or does not parse (then the pull policy is IfNotPresent).
 */
export function imageTag(image: string): string {
  if (image === '' || /\s/.test(image) || image !== image.trim()) return '';
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  const repo = colon >= 0 ? name.slice(0, colon) : name;
  // Docker references: the path after the registry must be lower case.
  const path = repo.includes('/') && /[.:]|^localhost$/.test(repo.slice(0, repo.indexOf('/'))) ? repo.slice(repo.indexOf('/') + 1) : repo;
  if (path !== path.toLowerCase()) return '';
  if (colon >= 0) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** A pod template: the serialised `metadata.creationTimestamp: null` and the pod spec defaults. */
export function defaultPodTemplate(template: Rec): void {
  const metadata = child(template, 'metadata');
  if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
  defaultPodSpec(child(template, 'spec'));
}

/** SetDefaults_Pod: requests default to limits, and service links are on. */
export function defaultPod(pod: Rec): void {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec);
  for (const c of [...records(spec.initContainers), ...records(spec.containers)]) {
    const resources = child(c, 'resources');
    if (isRec(resources.limits)) {
      const requests = isRec(resources.requests) ? resources.requests : {};
      for (const [name, quantity] of Object.entries(resources.limits)) if (!(name in requests)) requests[name] = quantity;
      resources.requests = requests;
    }
  }
  setDefault(spec, 'enableServiceLinks', true);
}

const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

export interface PodAdmissionOptions {
  /** The suffix of the `kube-api-access-xxxxx` volume (five characters from utilrand's alphabet by default). */
  randomSuffix?: () => string;
  /** The pod's ServiceAccount's automountServiceAccountToken (the pod's own setting wins). */
  serviceAccountAutomount?: boolean;
}

/**
 * The mutating admission plugins kube-apiserver runs on pod creation: ServiceAccount (service account name and
 * the projected token volume), Priority (priority and preemptionPolicy for no class or a system class) and
 * DefaultTolerationSeconds (tolerate not-ready/unreachable for 300 s); then the status the strategy sets.
 */
export function admitNewPod(pod: Rec, opts: PodAdmissionOptions = {}): void {
  const spec = child(pod, 'spec');
  // v1 conversion: the deprecated serviceAccount stands in for an empty serviceAccountName, then mirrors it.
  if (!spec.serviceAccountName && typeof spec.serviceAccount === 'string' && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  setDefault(spec, 'serviceAccountName', 'default');
  spec.serviceAccount = spec.serviceAccountName;
  const mirror = isRec(pod.metadata) && isRec(pod.metadata.annotations) && 'kubernetes.io/config.mirror' in pod.metadata.annotations;
  // shouldAutomount: the pod's setting, else the ServiceAccount's, else true.
  const automount = typeof spec.automountServiceAccountToken === 'boolean' ? spec.automountServiceAccountToken : (opts.serviceAccountAutomount ?? true);
  if (automount && !mirror) mountServiceAccountToken(spec, opts.randomSuffix ?? randomVolumeSuffix);

  const className = str(spec.priorityClassName);
  if (className === '' || className in SYSTEM_PRIORITY_CLASSES) {
    if (spec.priority === undefined || spec.priority === null) spec.priority = SYSTEM_PRIORITY_CLASSES[className] ?? 0;
    setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  }

  const tolerations = records(spec.tolerations);
  const tolerates = (key: string) => tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const added: Rec[] = [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerates(key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  if (added.length > 0) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];

  const status = child(pod, 'status');
  setDefault(status, 'phase', 'Pending');
  status.qosClass = podQosClass(spec);
}

/** ServiceAccount admission mountServiceAccountToken: reuses an existing kube-api-access-* volume, else adds one. */
function mountServiceAccountToken(spec: Rec, suffix: () => string): void {
  const existing = records(spec.volumes).find((v) => str(v.name).startsWith('kube-api-access-'));
  const name = existing ? str(existing.name) : `kube-api-access-${suffix()}`;
  let needsVolume = false;
  for (const c of [...records(spec.initContainers), ...records(spec.containers)]) {
    // An existing mount at the default path prevents mounting the API token into that container.
    if (records(c.volumeMounts).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
    c.volumeMounts = [...(Array.isArray(c.volumeMounts) ? c.volumeMounts : []), { mountPath: SERVICE_ACCOUNT_MOUNT_PATH, name, readOnly: true }];
    needsVolume = true;
  }
  if (existing || !needsVolume) return;
  spec.volumes = [
    ...(Array.isArray(spec.volumes) ? spec.volumes : []),
    {
      name,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
        ],
      },
    },
  ];
}

/** utilrand.String(5): consonants and digits that cannot spell words. */
function randomVolumeSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 5; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** qos.GetPodQOS: Guaranteed, Burstable or BestEffort from the cpu/memory requests and limits of all containers. */
export function podQosClass(spec: Rec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of [...records(spec.containers), ...records(spec.initContainers)]) {
    const resources = isRec(c.resources) ? c.resources : {};
    for (const [name, q] of Object.entries(isRec(resources.requests) ? resources.requests : {})) {
      const v = parseQuantity(q);
      if ((name === 'cpu' || name === 'memory') && v !== undefined && v > 0) requests.set(name, (requests.get(name) ?? 0) + v);
    }
    const found = new Set<string>();
    for (const [name, q] of Object.entries(isRec(resources.limits) ? resources.limits : {})) {
      const v = parseQuantity(q);
      if ((name === 'cpu' || name === 'memory') && v !== undefined && v > 0) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0) + v);
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim === undefined || !sameQuantity(lim, req)) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
