// The one list of API resources the sandbox serves: group, version, kind, scope, verbs, short names,
// subresources. Discovery, routing, authorization attributes and storage semantics are all read from here.
import { createHash } from 'node:crypto';

export interface SubresourceDef {
  name: string;
  kind: string;
  /** Set when the subresource speaks another group's type (Scale, TokenRequest). */
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceDef {
  group: string;
  version: string;
  /** Plural, lower case: `pods`. */
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceDef[];
  /** metadata.generation is kept and bumped when anything but metadata/status changes. */
  hasGeneration: boolean;
  /** Nothing is stored (reviews, bindings, componentstatuses): no storage version hash, own handlers. */
  virtual?: boolean;
  /** For custom resources: the CRD that defines them (its metadata.name). */
  crdName?: string;
  /** Delete answers with the object rather than a Status (pods do). */
  returnDeletedObject?: boolean;
  /** PUT on a missing object creates it (events, endpoints, nodes). */
  allowCreateOnUpdate?: boolean;
  /** The version objects are stored in when it is not `version` (its storageVersionHash says so). */
  storageVersion?: string;
  /**
   * Built-in kinds served in more than one group version over one storage (autoscaling/v1 HPAs stored as
   * autoscaling/v2, events.k8s.io/v1 Events stored as core v1 Events): the group version objects are kept
   * in. Reads convert from it and writes to it (src/sandbox/conversion.ts).
   */
  storedAs?: { group: string; version: string };
}

export const CRUD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

type Init = Partial<ResourceDef> & Pick<ResourceDef, 'group' | 'version' | 'resource' | 'kind'>;

function def(init: Init): ResourceDef {
  return {
    listKind: `${init.kind}List`,
    singular: init.kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: CRUD_VERBS,
    subresources: [],
    hasGeneration: false,
    ...init,
  };
}

const status = (kind: string): SubresourceDef => ({ name: 'status', kind, verbs: STATUS_VERBS });
const approval = (kind: string): SubresourceDef => ({ name: 'approval', kind, verbs: STATUS_VERBS });
const scale: SubresourceDef = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: STATUS_VERBS };

// The subset of a v1.32 kube-apiserver's resources that the sandbox implements, in discovery order.
export const BUILTIN_RESOURCES: readonly ResourceDef[] = [
  def({ group: '', version: 'v1', resource: 'bindings', kind: 'Binding', verbs: ['create'], virtual: true }),
  def({
    group: '',
    version: 'v1',
    resource: 'componentstatuses',
    kind: 'ComponentStatus',
    namespaced: false,
    shortNames: ['cs'],
    verbs: ['get', 'list'],
    virtual: true,
  }),
  def({ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] }),
  def({ group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', singular: 'endpoints', shortNames: ['ep'], allowCreateOnUpdate: true }),
  def({ group: '', version: 'v1', resource: 'events', kind: 'Event', shortNames: ['ev'], allowCreateOnUpdate: true }),
  def({
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }, status('Namespace')],
  }),
  def({
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    subresources: [status('Node')],
    allowCreateOnUpdate: true,
  }),
  def({
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    shortNames: ['pvc'],
    subresources: [status('PersistentVolumeClaim')],
  }),
  def({
    group: '',
    version: 'v1',
    resource: 'persistentvolumes',
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    subresources: [status('PersistentVolume')],
  }),
  def({
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    shortNames: ['po'],
    categories: ['all'],
    returnDeletedObject: true,
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      status('Pod'),
    ],
  }),
  def({ group: '', version: 'v1', resource: 'secrets', kind: 'Secret' }),
  def({
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    shortNames: ['sa'],
    subresources: [{ name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] }],
  }),
  def({ group: '', version: 'v1', resource: 'services', kind: 'Service', shortNames: ['svc'], categories: ['all'], subresources: [status('Service')] }),
  // Quota, limits, pod templates and replication controllers (enforced by admission/limit-ranger.ts and
  // admission/resource-quota.ts; RCs run by the ReplicaSet controller's logic).
  def({ group: '', version: 'v1', resource: 'limitranges', kind: 'LimitRange', shortNames: ['limits'] }),
  def({ group: '', version: 'v1', resource: 'podtemplates', kind: 'PodTemplate' }),
  def({
    group: '',
    version: 'v1',
    resource: 'replicationcontrollers',
    kind: 'ReplicationController',
    shortNames: ['rc'],
    categories: ['all'],
    hasGeneration: true,
    subresources: [scale, status('ReplicationController')],
  }),
  def({ group: '', version: 'v1', resource: 'resourcequotas', kind: 'ResourceQuota', shortNames: ['quota'], subresources: [status('ResourceQuota')] }),

  def({ group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision' }),
  def({
    group: 'apps',
    version: 'v1',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    shortNames: ['ds'],
    categories: ['all'],
    hasGeneration: true,
    subresources: [status('DaemonSet')],
  }),
  def({
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    shortNames: ['deploy'],
    categories: ['all'],
    hasGeneration: true,
    subresources: [scale, status('Deployment')],
  }),
  def({
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    shortNames: ['rs'],
    categories: ['all'],
    hasGeneration: true,
    subresources: [scale, status('ReplicaSet')],
  }),
  def({
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    shortNames: ['sts'],
    categories: ['all'],
    hasGeneration: true,
    subresources: [scale, status('StatefulSet')],
  }),

  def({
    group: 'authentication.k8s.io',
    version: 'v1',
    resource: 'selfsubjectreviews',
    kind: 'SelfSubjectReview',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
  }),
  def({ group: 'authentication.k8s.io', version: 'v1', resource: 'tokenreviews', kind: 'TokenReview', namespaced: false, verbs: ['create'], virtual: true }),

  def({
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'localsubjectaccessreviews',
    kind: 'LocalSubjectAccessReview',
    verbs: ['create'],
    virtual: true,
  }),
  def({
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
  }),
  def({
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectrulesreviews',
    kind: 'SelfSubjectRulesReview',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
  }),
  def({
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'subjectaccessreviews',
    kind: 'SubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
    virtual: true,
  }),

  def({
    group: 'batch',
    version: 'v1',
    resource: 'cronjobs',
    kind: 'CronJob',
    shortNames: ['cj'],
    categories: ['all'],
    hasGeneration: true,
    subresources: [status('CronJob')],
  }),
  def({ group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', categories: ['all'], hasGeneration: true, subresources: [status('Job')] }),

  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', namespaced: false }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding' }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role' }),

  def({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease' }),

  // storage.k8s.io: classes and the CSI objects (the sandbox's provisioner is controllers/volume-provisioner.ts).
  def({ group: 'storage.k8s.io', version: 'v1', resource: 'csidrivers', kind: 'CSIDriver', namespaced: false }),
  def({ group: 'storage.k8s.io', version: 'v1', resource: 'csinodes', kind: 'CSINode', namespaced: false }),
  def({ group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] }),
  def({
    group: 'storage.k8s.io',
    version: 'v1',
    resource: 'volumeattachments',
    kind: 'VolumeAttachment',
    namespaced: false,
    subresources: [status('VolumeAttachment')],
  }),

  def({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    hasGeneration: true,
    storageVersion: 'v1beta1',
    subresources: [status('CustomResourceDefinition')],
  }),

  // ---- groups a v1.32 cluster serves beyond the workloads (stored and served; see docs/sandbox.md for what is enforced) ----
  def({
    group: 'apiregistration.k8s.io',
    version: 'v1',
    resource: 'apiservices',
    kind: 'APIService',
    namespaced: false,
    categories: ['api-extensions'],
    subresources: [status('APIService')],
  }),

  def({
    group: 'events.k8s.io',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    shortNames: ['ev'],
    allowCreateOnUpdate: true,
    storedAs: { group: '', version: 'v1' },
  }),

  def({
    group: 'autoscaling',
    version: 'v2',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [status('HorizontalPodAutoscaler')],
  }),
  def({
    group: 'autoscaling',
    version: 'v1',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [status('HorizontalPodAutoscaler')],
    storedAs: { group: 'autoscaling', version: 'v2' },
  }),

  def({
    group: 'certificates.k8s.io',
    version: 'v1',
    resource: 'certificatesigningrequests',
    kind: 'CertificateSigningRequest',
    namespaced: false,
    shortNames: ['csr'],
    subresources: [approval('CertificateSigningRequest'), status('CertificateSigningRequest')],
  }),

  def({ group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', kind: 'IngressClass', namespaced: false, hasGeneration: true }),
  def({
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    kind: 'Ingress',
    shortNames: ['ing'],
    hasGeneration: true,
    subresources: [status('Ingress')],
  }),
  def({ group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', kind: 'NetworkPolicy', shortNames: ['netpol'], hasGeneration: true }),

  def({
    group: 'policy',
    version: 'v1',
    resource: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    shortNames: ['pdb'],
    hasGeneration: true,
    subresources: [status('PodDisruptionBudget')],
  }),

  def({
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'mutatingwebhookconfigurations',
    kind: 'MutatingWebhookConfiguration',
    namespaced: false,
    categories: ['api-extensions'],
    hasGeneration: true,
  }),
  def({
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'validatingadmissionpolicies',
    kind: 'ValidatingAdmissionPolicy',
    namespaced: false,
    categories: ['api-extensions'],
    hasGeneration: true,
    subresources: [status('ValidatingAdmissionPolicy')],
  }),
  def({
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'validatingadmissionpolicybindings',
    kind: 'ValidatingAdmissionPolicyBinding',
    namespaced: false,
    categories: ['api-extensions'],
    hasGeneration: true,
  }),
  def({
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    resource: 'validatingwebhookconfigurations',
    kind: 'ValidatingWebhookConfiguration',
    namespaced: false,
    categories: ['api-extensions'],
    hasGeneration: true,
  }),

  def({ group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] }),

  def({ group: 'node.k8s.io', version: 'v1', resource: 'runtimeclasses', kind: 'RuntimeClass', namespaced: false }),

  def({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', hasGeneration: true }),

  def({
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1',
    resource: 'flowschemas',
    kind: 'FlowSchema',
    namespaced: false,
    hasGeneration: true,
    subresources: [status('FlowSchema')],
  }),
  def({
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1',
    resource: 'prioritylevelconfigurations',
    kind: 'PriorityLevelConfiguration',
    namespaced: false,
    hasGeneration: true,
    subresources: [status('PriorityLevelConfiguration')],
  }),
];

// kube-apiserver's group order in /apis (by group priority, as a v1.32 server lists them), built-in groups
// first, then CRD groups by name. Groups the sandbox does not serve are skipped.
const GROUP_ORDER = [
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];

/** `storageVersionHash` as kube-apiserver computes it: base64 of the first 8 bytes of sha256("group/version/kind"). */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

export const groupVersionOf = (r: { group: string; version: string }): string => (r.group ? `${r.group}/${r.version}` : r.version);

/** Built-in resources plus those CustomResourceDefinitions add while the sandbox runs. */
export class ResourceRegistry {
  readonly #builtin: ResourceDef[];
  readonly #custom = new Map<string, ResourceDef[]>(); // CRD name → served versions

  constructor(builtin: readonly ResourceDef[] = BUILTIN_RESOURCES) {
    this.#builtin = [...builtin];
  }

  all(): ResourceDef[] {
    return [...this.#builtin, ...[...this.#custom.values()].flat()];
  }

  /** Group names in discovery order. */
  groups(): string[] {
    const custom = [...new Set([...this.#custom.values()].flat().map((r) => r.group))].filter((g) => !GROUP_ORDER.includes(g)).sort();
    return [...GROUP_ORDER.filter((g) => this.all().some((r) => r.group === g)), ...custom];
  }

  /** Versions of a group, preferred first. */
  versions(group: string): string[] {
    const seen: string[] = [];
    for (const r of this.all()) if (r.group === group && !seen.includes(r.version)) seen.push(r.version);
    return seen.sort(compareKubeVersions);
  }

  resourcesIn(group: string, version: string): ResourceDef[] {
    return this.all()
      .filter((r) => r.group === group && r.version === version)
      .sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  }

  find(group: string, version: string, resource: string): ResourceDef | undefined {
    return this.all().find((r) => r.group === group && r.version === version && r.resource === resource);
  }

  /** Any served version of group/resource (storage is keyed without the version). */
  findAnyVersion(group: string, resource: string): ResourceDef | undefined {
    return this.all().find((r) => r.group === group && r.resource === resource && !r.storedAs);
  }

  findKind(group: string, kind: string): ResourceDef | undefined {
    return this.all().find((r) => r.group === group && r.kind === kind);
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.all().some((r) => r.group === group && r.version === version);
  }

  setCustom(crdName: string, defs: ResourceDef[]): void {
    if (defs.length === 0) this.#custom.delete(crdName);
    else this.#custom.set(crdName, defs);
  }

  removeCustom(crdName: string): void {
    this.#custom.delete(crdName);
  }

  custom(crdName: string): ResourceDef[] {
    return this.#custom.get(crdName) ?? [];
  }
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first (v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > other). */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v];
    const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0), v];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return ra[3] < rb[3] ? -1 : ra[3] > rb[3] ? 1 : 0;
}
