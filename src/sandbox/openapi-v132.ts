// The fields a v1.32 kube-apiserver's OpenAPI has and the captured v1.26 documents lack, for the kinds the
// sandbox serves and writes (the kubelet's status.hostIPs and containerStatuses[].volumeMounts, the Job
// defaults' spec.podReplacementPolicy, sidecar containers' restartPolicy …). Applied to the v2 definitions
// and to the captured v3 documents, so the served schema, strict field validation and what the sandbox
// writes agree on v1.32. Names, types and list/patch markers follow k8s.io/api v0.32 (types.go tags);
// descriptions are shortened from its comments.
import type { Schema } from './schema.js';

const ref = (name: string): Schema => ({ $ref: `#/definitions/io.k8s.${name}` });
const str = (description: string): Schema => ({ description, type: 'string' });
const int = (description: string, format: 'int32' | 'int64' = 'int32'): Schema => ({ description, type: 'integer', format });
const obj = (description: string, name: string): Schema => ({ description, ...ref(name) });
const mapList = (description: string, item: string, key: string, patch = true): Schema => ({
  description,
  type: 'array',
  items: ref(item),
  'x-kubernetes-list-map-keys': [key],
  'x-kubernetes-list-type': 'map',
  ...(patch ? { 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': 'merge' } : {}),
});
const atomicList = (description: string, items: Schema): Schema => ({ description, type: 'array', items, 'x-kubernetes-list-type': 'atomic' });
const QUANTITY = 'apimachinery.pkg.api.resource.Quantity';

/** Definitions v1.26 does not have at all. */
export const V132_DEFINITIONS: Record<string, Schema> = {
  'io.k8s.api.core.v1.HostIP': {
    description: 'HostIP represents a single IP address allocated to the host.',
    type: 'object',
    required: ['ip'],
    properties: { ip: str('IP is the IP address assigned to the host') },
  },
  'io.k8s.api.core.v1.VolumeMountStatus': {
    description: 'VolumeMountStatus shows status of volume mounts.',
    type: 'object',
    required: ['name', 'mountPath'],
    properties: {
      name: str('Name corresponds to the name of the original VolumeMount.'),
      mountPath: str('MountPath corresponds to the original VolumeMount.'),
      readOnly: { description: 'ReadOnly corresponds to the original VolumeMount.', type: 'boolean' },
      recursiveReadOnly: str(
        'RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts). An IfPossible value in the original VolumeMount must be translated to Disabled or Enabled, depending on the mount result.',
      ),
    },
  },
  'io.k8s.api.core.v1.ContainerUser': {
    description: 'ContainerUser represents user identity information',
    type: 'object',
    properties: {
      linux: obj('Linux holds user identity information initially attached to the first process of the containers in Linux.', 'api.core.v1.LinuxContainerUser'),
    },
  },
  'io.k8s.api.core.v1.LinuxContainerUser': {
    description: 'LinuxContainerUser represents user identity information in Linux containers',
    type: 'object',
    required: ['uid', 'gid'],
    properties: {
      uid: int('UID is the primary uid initially attached to the first process in the container', 'int64'),
      gid: int('GID is the primary gid initially attached to the first process in the container', 'int64'),
      supplementalGroups: atomicList('SupplementalGroups are the supplemental groups initially attached to the first process in the container', {
        type: 'integer',
        format: 'int64',
      }),
    },
  },
  'io.k8s.api.core.v1.ResourceStatus': {
    description: 'ResourceStatus represents the status of a single resource allocated to a Pod.',
    type: 'object',
    required: ['name'],
    properties: {
      name: str('Name of the resource. Must be unique within the pod and in case of non-DRA resource, match one of the resources from the pod spec.'),
      resources: { ...mapList('List of unique resources health.', 'api.core.v1.ResourceHealth', 'resourceID', false) },
    },
  },
  'io.k8s.api.core.v1.ResourceHealth': {
    description: 'ResourceHealth represents the health of a resource. It has the latest device health information.',
    type: 'object',
    required: ['resourceID'],
    properties: {
      resourceID: str('ResourceID is the unique identifier of the resource.'),
      health: str('Health of the resource. can be one of: Healthy, Unhealthy, Unknown'),
    },
  },
  'io.k8s.api.core.v1.ContainerResizePolicy': {
    description: 'ContainerResizePolicy represents resource resize policy for the container.',
    type: 'object',
    required: ['resourceName', 'restartPolicy'],
    properties: {
      resourceName: str('Name of the resource to which this resource resize policy applies. Supported values: cpu, memory.'),
      restartPolicy: str('Restart policy to apply when specified resource is resized. If not specified, it defaults to NotRequired.'),
    },
  },
  'io.k8s.api.core.v1.SleepAction': {
    description: 'SleepAction describes a "sleep" action.',
    type: 'object',
    required: ['seconds'],
    properties: { seconds: int('Seconds is the number of seconds to sleep.', 'int64') },
  },
  'io.k8s.api.core.v1.AppArmorProfile': {
    description: "AppArmorProfile defines a pod or container's AppArmor settings.",
    type: 'object',
    required: ['type'],
    properties: {
      localhostProfile: str(
        'localhostProfile indicates a profile loaded on the node that should be used. The profile must be preconfigured on the node to work. Must match the loaded name of the profile. Must be set if and only if type is "Localhost".',
      ),
      type: str('type indicates which kind of AppArmor profile will be applied. Valid options are: Localhost, RuntimeDefault, Unconfined.'),
    },
    'x-kubernetes-unions': [{ discriminator: 'type', 'fields-to-discriminateBy': { localhostProfile: 'LocalhostProfile' } }],
  },
  'io.k8s.api.core.v1.ImageVolumeSource': {
    description: 'ImageVolumeSource represents a image volume resource.',
    type: 'object',
    properties: {
      pullPolicy: str('Policy for pulling OCI objects. Possible values are: Always, Never, IfNotPresent.'),
      reference: str('Required: Image or artifact reference to be used.'),
    },
  },
  'io.k8s.api.core.v1.PodResourceClaimStatus': {
    description:
      'PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate. It stores the generated name for the corresponding ResourceClaim.',
    type: 'object',
    required: ['name'],
    properties: {
      name: str(
        'Name uniquely identifies this resource claim inside the pod. This must match the name of an entry in pod.spec.resourceClaims, which implies that the string must be a DNS_LABEL.',
      ),
      resourceClaimName: str('ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.'),
    },
  },
  'io.k8s.api.batch.v1.SuccessPolicy': {
    description: 'SuccessPolicy describes when a Job can be declared as succeeded based on the success of some indexes.',
    type: 'object',
    required: ['rules'],
    properties: {
      rules: atomicList(
        'rules represents the list of alternative rules for the declaring the Jobs as successful before `.status.succeeded >= .spec.completions`.',
        ref('api.batch.v1.SuccessPolicyRule'),
      ),
    },
  },
  'io.k8s.api.batch.v1.SuccessPolicyRule': {
    description: 'SuccessPolicyRule describes rule for declaring a Job as succeeded.',
    type: 'object',
    properties: {
      succeededCount: int('succeededCount specifies the minimal required size of the actual set of the succeeded indexes for the Job.'),
      succeededIndexes: str('succeededIndexes specifies the set of indexes which need to be contained in the actual set of the succeeded indexes for the Job.'),
    },
  },
};

/** Properties added to definitions v1.26 already has: definition → property → schema. */
export const V132_PROPERTIES: Record<string, Record<string, Schema>> = {
  'io.k8s.api.core.v1.PodStatus': {
    hostIPs: {
      ...atomicList(
        'hostIPs holds the IP addresses allocated to the host. If this field is specified, the first entry must match the hostIP field. This list is empty if the pod has not started yet.',
        ref('api.core.v1.HostIP'),
      ),
      'x-kubernetes-patch-merge-key': 'ip',
      'x-kubernetes-patch-strategy': 'merge',
    },
    resize: str("Status of resources resize desired for pod's containers. It is empty if no resources resize is pending."),
    resourceClaimStatuses: {
      ...mapList('Status of resource claims.', 'api.core.v1.PodResourceClaimStatus', 'name'),
      'x-kubernetes-patch-strategy': 'merge,retainKeys',
    },
  },
  'io.k8s.api.core.v1.ContainerStatus': {
    allocatedResources: {
      description: 'AllocatedResources represents the compute resources allocated for this container by the node.',
      type: 'object',
      additionalProperties: ref(QUANTITY),
    },
    resources: obj(
      'Resources represents the compute resource requests and limits that have been successfully enacted on the running container after it has been started or has been successfully resized.',
      'api.core.v1.ResourceRequirements',
    ),
    volumeMounts: mapList('Status of volume mounts.', 'api.core.v1.VolumeMountStatus', 'mountPath'),
    user: obj('User represents user identity information initially attached to the first process of the container', 'api.core.v1.ContainerUser'),
    allocatedResourcesStatus: mapList(
      'AllocatedResourcesStatus represents the status of various resources allocated for this Pod.',
      'api.core.v1.ResourceStatus',
      'name',
    ),
  },
  'io.k8s.api.core.v1.VolumeMount': {
    recursiveReadOnly: str(
      'RecursiveReadOnly specifies whether read-only mounts should be handled recursively. If ReadOnly is false, this field has no meaning and must be unspecified.',
    ),
  },
  'io.k8s.api.core.v1.Container': {
    resizePolicy: atomicList('Resources resize policy for the container.', ref('api.core.v1.ContainerResizePolicy')),
    restartPolicy: str(
      'RestartPolicy defines the restart behavior of individual containers in a pod. This field may only be set for init containers, and the only allowed value is "Always".',
    ),
  },
  'io.k8s.api.core.v1.EphemeralContainer': {
    resizePolicy: atomicList('Resources resize policy for the container.', ref('api.core.v1.ContainerResizePolicy')),
    restartPolicy: str(
      'Restart policy for the container to manage the restart behavior of each container within a pod. This may only be set for init containers. You cannot set this field on ephemeral containers.',
    ),
  },
  'io.k8s.api.core.v1.LifecycleHandler': {
    sleep: obj('Sleep represents a duration that the container should sleep.', 'api.core.v1.SleepAction'),
  },
  'io.k8s.api.core.v1.PodSecurityContext': {
    appArmorProfile: obj('appArmorProfile is the AppArmor options to use by the containers in this pod.', 'api.core.v1.AppArmorProfile'),
    seLinuxChangePolicy: str("seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod."),
    supplementalGroupsPolicy: str('Defines how supplemental groups of the first container processes are calculated. Valid values are "Merge" and "Strict".'),
  },
  'io.k8s.api.core.v1.SecurityContext': {
    appArmorProfile: obj('appArmorProfile is the AppArmor options to use by this container.', 'api.core.v1.AppArmorProfile'),
  },
  'io.k8s.api.core.v1.Volume': {
    image: obj(
      "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine.",
      'api.core.v1.ImageVolumeSource',
    ),
  },
  'io.k8s.api.core.v1.PodAffinityTerm': {
    matchLabelKeys: atomicList('MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.', { type: 'string' }),
    mismatchLabelKeys: atomicList('MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.', { type: 'string' }),
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    trafficDistribution: str('TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.'),
  },
  'io.k8s.api.core.v1.LoadBalancerIngress': {
    ipMode: str('IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified.'),
  },
  'io.k8s.api.batch.v1.JobSpec': {
    backoffLimitPerIndex: int('Specifies the limit for the number of retries within an index before marking this index as failed.'),
    managedBy: str('ManagedBy field indicates the controller that manages a Job.'),
    maxFailedIndexes: int('Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set.'),
    podReplacementPolicy: str('podReplacementPolicy specifies when to create replacement Pods. Possible values are: TerminatingOrFailed, Failed.'),
    successPolicy: obj('successPolicy specifies the policy when the Job can be declared as succeeded.', 'api.batch.v1.SuccessPolicy'),
  },
  'io.k8s.api.batch.v1.JobStatus': {
    failedIndexes: str('FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set.'),
    terminating: int('The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp).'),
  },
};

/**
 * Adds the v1.32 fields to a document's definitions (v2 `definitions` or, with `convert`, v3
 * `components.schemas`), in place: new properties of the definitions it has, then the new definitions
 * those (transitively) refer to. Existing properties are kept.
 */
export function addV132Definitions(definitions: Record<string, Schema>, convert: (s: Schema) => unknown = (s) => s): void {
  // Only what is added here can refer to a new definition.
  const added: unknown[] = [];
  for (const [name, props] of Object.entries(V132_PROPERTIES)) {
    const def = definitions[name];
    if (!def) continue;
    const properties = { ...((def.properties ?? {}) as Record<string, unknown>) };
    for (const [prop, schema] of Object.entries(props)) {
      if (prop in properties) continue;
      properties[prop] = convert(schema);
      added.push(schema);
    }
    // Properties in name order, as kube-openapi writes them.
    def.properties = Object.fromEntries(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  const pending = Object.keys(V132_DEFINITIONS).filter((n) => !definitions[n]);
  for (let grew = true; grew; ) {
    grew = false;
    const text = JSON.stringify(added);
    for (const name of [...pending]) {
      if (!text.includes(`/${name}"`)) continue;
      definitions[name] = convert(V132_DEFINITIONS[name]) as Schema;
      added.push(V132_DEFINITIONS[name]);
      pending.splice(pending.indexOf(name), 1);
      grew = true;
    }
  }
}
