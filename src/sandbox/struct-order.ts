// Go struct field order of the API types a workshop reads most (k8s.io/api v0.32 types.go): kube-apiserver
// writes a typed object's fields in this order whatever order the client sent them in (kubectl sends YAML
// turned into JSON with sorted keys). Types not listed keep the order their fields were written in.
// Embedded structs are flattened where Go inlines them (Volume's VolumeSource, Probe's ProbeHandler).

import { META_ORDER } from './object-meta.js';

const C = 'io.k8s.api.core.v1.';
const A = 'io.k8s.api.apps.v1.';
const M = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];
const CONTAINER = [
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy',
  'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath',
  'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty',
];

/** Definition name → JSON field names in Go struct order. */
export const STRUCT_ORDER: Record<string, string[]> = {
  [`${C}PodSpec`]: [
    'volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds',
    'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken',
    'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname',
    'subdomain', 'affinity', 'schedulerName', 'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig',
    'readinessGates', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints',
    'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources',
  ],
  [`${C}Container`]: CONTAINER,
  [`${C}EphemeralContainer`]: [...CONTAINER.slice(0, -3), 'stdin', 'stdinOnce', 'tty', 'targetContainerName'],
  [`${C}PodStatus`]: [
    'phase', 'conditions', 'message', 'reason', 'nominatedNodeName', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime',
    'initContainerStatuses', 'containerStatuses', 'qosClass', 'ephemeralContainerStatuses', 'resize', 'resourceClaimStatuses',
  ],
  [`${C}PodCondition`]: ['type', 'status', 'lastProbeTime', 'lastTransitionTime', 'reason', 'message'],
  [`${C}ContainerStatus`]: [
    'name', 'state', 'lastState', 'ready', 'restartCount', 'image', 'imageID', 'containerID', 'started', 'allocatedResources',
    'resources', 'volumeMounts', 'user', 'allocatedResourcesStatus',
  ],
  [`${C}ContainerStateTerminated`]: ['exitCode', 'signal', 'reason', 'message', 'startedAt', 'finishedAt', 'containerID'],
  [`${C}ContainerStateWaiting`]: ['reason', 'message'],
  [`${C}VolumeMount`]: ['name', 'readOnly', 'recursiveReadOnly', 'mountPath', 'subPath', 'mountPropagation', 'subPathExpr'],
  [`${C}VolumeMountStatus`]: ['name', 'mountPath', 'readOnly', 'recursiveReadOnly'],
  [`${C}ContainerPort`]: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
  [`${C}Toleration`]: ['key', 'operator', 'value', 'effect', 'tolerationSeconds'],
  [`${C}Volume`]: ['name', ...VOLUME_SOURCES],
  [`${C}ProjectedVolumeSource`]: ['sources', 'defaultMode'],
  [`${C}VolumeProjection`]: ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken', 'clusterTrustBundle'],
  [`${C}ServiceAccountTokenProjection`]: ['audience', 'expirationSeconds', 'path'],
  [`${C}ConfigMapProjection`]: ['name', 'items', 'optional'],
  [`${C}SecretProjection`]: ['name', 'items', 'optional'],
  [`${C}ConfigMapVolumeSource`]: ['name', 'items', 'defaultMode', 'optional'],
  [`${C}SecretVolumeSource`]: ['secretName', 'items', 'defaultMode', 'optional'],
  [`${C}KeyToPath`]: ['key', 'path', 'mode'],
  [`${C}DownwardAPIVolumeFile`]: ['path', 'fieldRef', 'resourceFieldRef', 'mode'],
  [`${C}ObjectFieldSelector`]: ['apiVersion', 'fieldPath'],
  [`${C}ResourceFieldSelector`]: ['containerName', 'resource', 'divisor'],
  [`${C}EnvVar`]: ['name', 'value', 'valueFrom'],
  [`${C}EnvVarSource`]: ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'],
  [`${C}ConfigMapKeySelector`]: ['name', 'key', 'optional'],
  [`${C}SecretKeySelector`]: ['name', 'key', 'optional'],
  [`${C}ResourceRequirements`]: ['limits', 'requests', 'claims'],
  [`${C}Probe`]: ['exec', 'httpGet', 'tcpSocket', 'grpc', 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'],
  [`${C}HTTPGetAction`]: ['path', 'port', 'host', 'scheme', 'httpHeaders'],
  [`${C}SecurityContext`]: [
    'capabilities', 'privileged', 'seLinuxOptions', 'windowsOptions', 'runAsUser', 'runAsGroup', 'runAsNonRoot',
    'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'procMount', 'seccompProfile', 'appArmorProfile',
  ],
  [`${C}Capabilities`]: ['add', 'drop'],
  [`${C}ServiceSpec`]: [
    'ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP',
    'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'publishNotReadyAddresses',
    'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass',
    'internalTrafficPolicy', 'trafficDistribution',
  ],
  [`${C}ServicePort`]: ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'],
  [`${C}PodTemplateSpec`]: ['metadata', 'spec'],
  [`${A}DeploymentSpec`]: ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'],
  [`${A}DeploymentStrategy`]: ['type', 'rollingUpdate'],
  [`${A}RollingUpdateDeployment`]: ['maxUnavailable', 'maxSurge'],
  [`${A}DeploymentStatus`]: ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'conditions', 'collisionCount'],
  [`${A}DeploymentCondition`]: ['type', 'status', 'lastUpdateTime', 'lastTransitionTime', 'reason', 'message'],
  [`${A}ReplicaSetSpec`]: ['replicas', 'minReadySeconds', 'selector', 'template'],
  [`${A}ReplicaSetStatus`]: ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration', 'conditions'],
  [`${M}ObjectMeta`]: META_ORDER,
  [`${M}LabelSelector`]: ['matchLabels', 'matchExpressions'],
  [`${M}LabelSelectorRequirement`]: ['key', 'operator', 'values'],
  [`${M}OwnerReference`]: ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'],
  [`${M}ManagedFieldsEntry`]: ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource'],
};
