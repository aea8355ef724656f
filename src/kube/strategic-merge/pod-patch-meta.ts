// The strategic-merge tags of v1.Pod as kubectl's compiled-in Go types (k8s.io/api v0.32) carry them:
// `patchStrategy:"merge" patchMergeKey:"name"` and the like, which strategicpatch.StrategicMergePatch(…,
// &v1.Pod{}) reads by reflection for `kubectl run --overrides --override-type=strategic` (no OpenAPI is
// fetched). Only the types on a path to a tagged list are listed; every other field merges as a map or is
// replaced as a list. The kube-apiserver v1.26 OpenAPI has the same x-kubernetes-patch-strategy/-merge-key on
// these fields (test/unit/kube/strategic-merge/pod-patch-meta.test.ts checks it); status.hostIPs and
// status.resourceClaimStatuses came later (1.28). LabelSelectorRequirement.key's merge tag is left out: it is
// a string, whose tags a merge never reads.
import type { PatchMetaTable } from './patch-meta.js';

const CONTAINER = {
  ports: { strategy: 'merge', mergeKey: 'containerPort' },
  env: { strategy: 'merge', mergeKey: 'name' },
  volumeMounts: { strategy: 'merge', mergeKey: 'mountPath' },
  volumeDevices: { strategy: 'merge', mergeKey: 'devicePath' },
};

export const POD_PATCH_META: PatchMetaTable = {
  Pod: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' }, status: { type: 'PodStatus' } },
  ObjectMeta: {
    finalizers: { strategy: 'merge' },
    ownerReferences: { strategy: 'merge', mergeKey: 'uid' },
  },
  PodSpec: {
    volumes: { strategy: 'merge,retainKeys', mergeKey: 'name' },
    initContainers: { type: 'Container', strategy: 'merge', mergeKey: 'name' },
    containers: { type: 'Container', strategy: 'merge', mergeKey: 'name' },
    ephemeralContainers: { type: 'EphemeralContainer', strategy: 'merge', mergeKey: 'name' },
    imagePullSecrets: { strategy: 'merge', mergeKey: 'name' },
    hostAliases: { strategy: 'merge', mergeKey: 'ip' },
    topologySpreadConstraints: { strategy: 'merge', mergeKey: 'topologyKey' },
    schedulingGates: { strategy: 'merge', mergeKey: 'name' },
    resourceClaims: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  },
  Container: CONTAINER,
  EphemeralContainer: CONTAINER,
  PodStatus: {
    conditions: { strategy: 'merge', mergeKey: 'type' },
    podIPs: { strategy: 'merge', mergeKey: 'ip' },
    hostIPs: { strategy: 'merge', mergeKey: 'ip' },
    resourceClaimStatuses: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  },
};
