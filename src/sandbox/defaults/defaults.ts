// What kube-apiserver adds to an object it stores: the versioned defaulters (SetDefaults_*), the registry
// strategies' create-time fields (job selectors, namespace labels) and the admission plugins that mutate new
// pods. Validation and the 422 Status live in validation.ts and field-errors.ts, re-exported here.
import { deepEqual } from '../object-meta.js';
import type { KubeObject, UserInfo } from '../types.js';
import type { FieldError } from './field-errors.js';
import { child, isRec, records, setDefault, type Rec } from './json-access.js';
import { defaultApiGroupObject } from './api-group-defaults.js';
import { admitNewPod, defaultPod, defaultPodTemplate, type PodAdmissionOptions } from './pod-defaults.js';
import { ServiceAllocator } from './service-allocator.js';
import { defaultService } from './service-defaults.js';
import { defaultStorageObject } from './storage-defaults.js';

export { invalidStatus, type FieldError } from './field-errors.js';
export { validate } from './validation.js';
export { podQosClass } from './pod-defaults.js';
export { ServiceAllocator, type ServiceAllocatorOptions } from './service-allocator.js';
export { releaseServiceAllocations, reserveServiceAllocations } from './service-defaults.js';

export interface DefaultsOptions extends PodAdmissionOptions {
  /** 'create' (default) also runs the create-only steps: pod admission, allocations, job selectors. */
  operation?: 'create' | 'update';
  /** The stored object an update replaces (services keep their allocated IPs and node ports). */
  old?: KubeObject;
  /** Who creates the object (CertificateSigningRequests record it). */
  requester?: UserInfo;
  /** Hands out cluster IPs and node ports; a process-wide one when omitted. */
  allocator?: ServiceAllocator;
}

let sharedAllocator: ServiceAllocator | undefined;

/** The allocator applyDefaults uses when none is passed (one per process). */
export function sharedServiceAllocator(): ServiceAllocator {
  return (sharedAllocator ??= new ServiceAllocator());
}

/**
 * Fills in what the real apiserver would, in place. Returns allocation failures (an explicit cluster IP or node
 * port that is out of range or taken) as 422 field errors; empty otherwise.
 * Jobs get their generated selector only when `metadata.uid` is already set (the strategy runs after it is).
 */
export function applyDefaults(group: string, resource: string, obj: KubeObject, opts: DefaultsOptions = {}): FieldError[] {
  const create = (opts.operation ?? 'create') === 'create';
  const o = obj as Rec;
  switch (`${group}/${resource}`) {
    case '/pods':
      defaultPod(o);
      if (create) admitNewPod(o, opts);
      break;
    case '/podtemplates':
      defaultPodTemplate(child(o, 'template'));
      break;
    case '/replicationcontrollers': {
      const spec = child(o, 'spec');
      setDefault(spec, 'replicas', 1);
      if (isRec(spec.template)) {
        defaultPodTemplate(spec.template);
        // An RC without a selector selects its template's labels.
        const labels = (spec.template.metadata as Rec).labels;
        if (!isRec(spec.selector) || Object.keys(spec.selector).length === 0) if (isRec(labels)) spec.selector = { ...labels };
        // SetDefaults_ReplicationController: an RC without labels takes its template's too.
        const meta = child(o, 'metadata');
        if (isRec(labels) && (!isRec(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...labels };
      }
      break;
    }
    case '/services':
      return defaultService(o, opts.allocator ?? sharedServiceAllocator(), opts.old as Rec | undefined);
    case '/namespaces':
      defaultNamespace(obj);
      break;
    case '/secrets':
      setDefault(o, 'type', 'Opaque');
      mergeStringData(o);
      break;
    case '/persistentvolumeclaims':
      defaultClaim(o);
      if (create) addFinalizer(obj, 'kubernetes.io/pvc-protection');
      break;
    case '/persistentvolumes': {
      const spec = child(o, 'spec');
      setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
      setDefault(spec, 'volumeMode', 'Filesystem');
      setDefault(child(o, 'status'), 'phase', 'Pending');
      if (create) addFinalizer(obj, 'kubernetes.io/pv-protection');
      break;
    }
    case '/endpoints':
      for (const subset of records(o.subsets)) for (const p of records(subset.ports)) setDefault(p, 'protocol', 'TCP');
      break;
    case 'apps/deployments':
      defaultDeployment(o);
      break;
    case 'apps/replicasets': {
      const spec = child(o, 'spec');
      setDefault(spec, 'replicas', 1);
      defaultPodTemplate(child(spec, 'template'));
      break;
    }
    case 'apps/statefulsets':
      defaultStatefulSet(o);
      break;
    case 'apps/daemonsets':
      defaultDaemonSet(o);
      setTemplateGeneration(obj, opts.old);
      break;
    case 'batch/jobs':
      defaultJob(obj, create);
      break;
    case 'batch/cronjobs':
      defaultCronJob(o);
      break;
    case 'rbac.authorization.k8s.io/rolebindings':
    case 'rbac.authorization.k8s.io/clusterrolebindings':
      defaultBinding(o);
      break;
    case 'networking.k8s.io/networkpolicies':
      defaultNetworkPolicy(o);
      break;
    case 'storage.k8s.io/storageclasses':
    case 'storage.k8s.io/csidrivers':
      defaultStorageObject(resource, o);
      break;
    default:
      defaultApiGroupObject(`${group}/${resource}`, o, create, opts.requester);
  }
  return [];
}

/** The v1 → internal conversion: write-only stringData entries land, base64 encoded, in data (and win). */
function mergeStringData(secret: Rec): void {
  if (!isRec(secret.stringData)) return;
  const data = isRec(secret.data) ? secret.data : {};
  for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  secret.data = data;
  delete secret.stringData;
}

function defaultNamespace(ns: KubeObject): void {
  ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  const spec = child(ns as Rec, 'spec');
  if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
  setDefault(child(ns as Rec, 'status'), 'phase', 'Active');
}

function defaultClaim(claim: Rec): void {
  setDefault(child(claim, 'spec'), 'volumeMode', 'Filesystem');
  setDefault(child(claim, 'status'), 'phase', 'Pending');
}

function addFinalizer(obj: KubeObject, finalizer: string): void {
  const finalizers = Array.isArray(obj.metadata.finalizers) ? (obj.metadata.finalizers as string[]) : [];
  if (!finalizers.includes(finalizer)) obj.metadata.finalizers = [...finalizers, finalizer];
}

function defaultDeployment(d: Rec): void {
  const spec = child(d, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(child(spec, 'template'));
}

function defaultStatefulSet(s: Rec): void {
  const spec = child(s, 'spec');
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    if (!isRec(strategy.rollingUpdate)) strategy.rollingUpdate = {};
  }
  if (strategy.type === 'RollingUpdate' && isRec(strategy.rollingUpdate)) setDefault(strategy.rollingUpdate, 'partition', 0);
  // StatefulSetAutoDeletePVC is on by default since v1.27.
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(child(spec, 'template'));
  for (const claim of records(spec.volumeClaimTemplates)) {
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    const metadata = child(claim, 'metadata');
    if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
    defaultClaim(claim);
  }
}

function defaultDaemonSet(d: Rec): void {
  const spec = child(d, 'spec');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', 1);
    setDefault(rolling, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(child(spec, 'template'));
}

/** The annotation apps/v1 carries the internal DaemonSetSpec.TemplateGeneration in. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/**
 * daemonSetStrategy with the apps/v1 conversion: TemplateGeneration is 1 on create (or what the annotation
 * already says when that is a positive integer), kept on update whatever the client sent, and bumped by
 * one when the pod template changes. It is written back as the annotation on every object returned.
 */
function setTemplateGeneration(ds: KubeObject, old: KubeObject | undefined): void {
  const parse = (o: KubeObject | undefined): number => {
    const raw = o?.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
    const n = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : 0;
    return Number.isSafeInteger(n) ? n : 0;
  };
  let generation: number;
  if (!old) generation = Math.max(1, parse(ds));
  else {
    const previous = parse(old);
    const template = (o: KubeObject) => (isRec(o.spec) ? (o.spec as Rec).template : undefined);
    generation = deepEqual(template(old), template(ds)) ? previous : previous + 1;
  }
  ds.metadata.annotations = { ...(ds.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(generation) };
}

function defaultJobSpec(spec: Rec): void {
  if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  if (typeof spec.suspend !== 'boolean') spec.suspend = false;
  if (isRec(spec.podFailurePolicy)) {
    for (const rule of records(spec.podFailurePolicy.rules)) for (const pattern of records(rule.onPodConditions)) setDefault(pattern, 'status', 'True');
  }
  // JobPodReplacementPolicy is on by default since v1.29.
  setDefault(spec, 'podReplacementPolicy', isRec(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
}

function defaultJob(job: KubeObject, create: boolean): void {
  const spec = child(job as Rec, 'spec');
  defaultJobSpec(spec);
  const template = child(spec, 'template');
  defaultPodTemplate(template);
  // The job strategy generates the selector unless spec.manualSelector is true.
  if (create && spec.manualSelector !== true && job.metadata.uid) {
    const metadata = child(template, 'metadata');
    const labels = isRec(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
    for (const key of ['batch.kubernetes.io/controller-uid', 'controller-uid']) labels[key] ??= job.metadata.uid;
    for (const key of ['batch.kubernetes.io/job-name', 'job-name']) labels[key] ??= job.metadata.name;
    metadata.labels = labels;
    const selector = child(spec, 'selector');
    const matchLabels = child(selector, 'matchLabels');
    matchLabels['batch.kubernetes.io/controller-uid'] ??= job.metadata.uid;
  }
  // SetDefaults_Job: a job without labels takes its template's.
  const templateLabels = (template.metadata as Rec).labels;
  if (isRec(templateLabels) && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...(templateLabels as Record<string, string>) };
}

function defaultCronJob(c: Rec): void {
  const spec = child(c, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  if (typeof spec.suspend !== 'boolean') spec.suspend = false;
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = child(spec, 'jobTemplate');
  const metadata = child(jobTemplate, 'metadata');
  if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
  defaultPodTemplate(child(child(jobTemplate, 'spec'), 'template'));
}

function defaultBinding(b: Rec): void {
  setDefault(child(b, 'roleRef'), 'apiGroup', 'rbac.authorization.k8s.io');
  for (const s of records(b.subjects)) {
    if (s.apiGroup !== undefined && s.apiGroup !== '') continue;
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = 'rbac.authorization.k8s.io';
    // rbacv1.Subject's apiGroup is omitempty: a ServiceAccount subject is served without one.
    else if (s.kind === 'ServiceAccount') delete s.apiGroup;
  }
}

function defaultNetworkPolicy(n: Rec): void {
  const spec = child(n, 'spec');
  for (const direction of ['ingress', 'egress']) {
    for (const rule of records(spec[direction])) for (const p of records(rule.ports)) setDefault(p, 'protocol', 'TCP');
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  if (!isRec(spec.podSelector)) spec.podSelector = {};
}
