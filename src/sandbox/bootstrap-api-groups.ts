// Objects a v1.32 control plane creates at start beyond namespaces and RBAC: the two built-in PriorityClasses
// (pkg/apis/scheduling SystemPriorityClasses), one Local APIService per served group version (the
// aggregator's autoregister controller, with kube-apiserver's group/version priorities), the API Priority and
// Fairness bootstrap configuration (names, levels, precedences and distinguishers of
// k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap; the rules are left out), and the `kubernetes`
// EndpointSlice the endpoint reconciler keeps beside the Endpoints.
import type { ApiServer } from './api-server.js';
import { rfc3339 } from './object-meta.js';
import type { KubeObject } from './types.js';

const MANAGER = 'kube-apiserver';

export const SYSTEM_PRIORITY_CLASSES = [
  { name: 'system-node-critical', value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.' },
  {
    name: 'system-cluster-critical',
    value: 2000000000,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** kube-apiserver's apiVersionPriorities (groupPriorityMinimum, versionPriority). */
const API_VERSION_PRIORITIES: Record<string, [number, number]> = {
  v1: [18000, 1],
  'apiregistration.k8s.io/v1': [18000, 15],
  'apps/v1': [17800, 15],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v1': [17500, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'node.k8s.io/v1': [16300, 15],
  'discovery.k8s.io/v1': [16200, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
};

/** [name, priority level, matchingPrecedence, distinguisher] of the mandatory and suggested FlowSchemas. */
const FLOW_SCHEMAS: [string, string, number, string | undefined][] = [
  ['exempt', 'exempt', 1, undefined],
  ['probes', 'exempt', 2, undefined],
  ['system-leader-election', 'leader-election', 100, 'ByUser'],
  ['endpoint-controller', 'workload-high', 150, 'ByUser'],
  ['workload-leader-election', 'leader-election', 200, 'ByUser'],
  ['system-node-high', 'node-high', 400, 'ByUser'],
  ['system-nodes', 'system', 500, 'ByUser'],
  ['kube-controller-manager', 'workload-high', 800, 'ByNamespace'],
  ['kube-scheduler', 'workload-high', 800, 'ByNamespace'],
  ['kube-system-service-accounts', 'workload-high', 900, 'ByNamespace'],
  ['service-accounts', 'workload-low', 9000, 'ByUser'],
  ['global-default', 'global-default', 9900, 'ByUser'],
  ['catch-all', 'catch-all', 10000, 'ByUser'],
];

/** [name, nominalConcurrencyShares, lendablePercent, queues, handSize, queueLengthLimit] of the Limited levels. */
const PRIORITY_LEVELS: [string, number, number, number, number, number][] = [
  ['system', 30, 33, 64, 6, 50],
  ['node-high', 40, 25, 64, 6, 50],
  ['leader-election', 10, 0, 16, 4, 50],
  ['workload-high', 40, 50, 128, 6, 50],
  ['workload-low', 100, 90, 128, 6, 50],
  ['global-default', 20, 50, 128, 6, 50],
];

export function bootstrapApiGroups(api: ApiServer, opts: { port: number; advertiseAddress: string }): void {
  const now = rfc3339(api.opts.now());
  const create = (obj: Record<string, unknown>) => api.createSystemObject(obj as unknown as KubeObject, MANAGER);
  for (const pc of SYSTEM_PRIORITY_CLASSES) {
    create({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: pc.name },
      value: pc.value,
      description: pc.description,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  }
  for (const group of ['', ...api.registry.groups()]) {
    for (const version of api.registry.versions(group)) {
      const gv = group ? `${group}/${version}` : version;
      const [groupPriorityMinimum, versionPriority] = API_VERSION_PRIORITIES[gv] ?? [1000, 100];
      const apiService = create({
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        metadata: { name: `${version}.${group}`, labels: { 'kube-aggregator.kubernetes.io/automanaged': API_VERSION_PRIORITIES[gv] ? 'onstart' : 'true' } },
        spec: { ...(group ? { group } : {}), version, groupPriorityMinimum, versionPriority },
      });
      if (apiService)
        setStatus(api, apiService, {
          conditions: [{ type: 'Available', status: 'True', lastTransitionTime: now, reason: 'Local', message: 'Local APIServices are always available' }],
        });
    }
  }
  const levels: Record<string, unknown>[] = [
    { name: 'exempt', spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } } },
    { name: 'catch-all', spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: 'Reject' } } } },
    ...PRIORITY_LEVELS.map(([name, shares, lendable, queues, handSize, queueLengthLimit]) => ({
      name,
      spec: {
        type: 'Limited',
        limited: {
          nominalConcurrencyShares: shares,
          lendablePercent: lendable,
          limitResponse: { type: 'Queue', queuing: { queues, handSize, queueLengthLimit } },
        },
      },
    })),
  ];
  for (const { name, spec } of levels) {
    create({
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'PriorityLevelConfiguration',
      metadata: { name, annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } },
      spec,
    });
  }
  for (const [name, level, matchingPrecedence, distinguisher] of FLOW_SCHEMAS) {
    const flowSchema = create({
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name, annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } },
      spec: { priorityLevelConfiguration: { name: level }, matchingPrecedence, ...(distinguisher ? { distinguisherMethod: { type: distinguisher } } : {}) },
    });
    const message = `This FlowSchema references the PriorityLevelConfiguration object named "${level}" and it exists`;
    if (flowSchema) setStatus(api, flowSchema, { conditions: [{ type: 'Dangling', status: 'False', lastTransitionTime: now, reason: 'Found', message }] });
  }
  create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [opts.advertiseAddress], conditions: { ready: true } }],
    ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }],
  });
  const slice = api.store.get({ group: 'discovery.k8s.io', resource: 'endpointslices' }, 'default', 'kubernetes');
  const port = (slice?.ports as { port?: number }[] | undefined)?.[0]?.port;
  const def = api.registry.findKind('discovery.k8s.io', 'EndpointSlice');
  if (slice && def && port !== opts.port) {
    // The port changes from run to run (--port 0): keep the slice pointing at this one, as the Endpoints.
    api.writer.patched(
      def,
      slice,
      { ...structuredClone(slice), ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }] },
      { dryRun: false, fieldManager: MANAGER, subresource: '' },
    );
  }
}

function setStatus(api: ApiServer, obj: KubeObject, status: Record<string, unknown>): void {
  const [group] = obj.apiVersion.split('/');
  const def = api.registry.findKind(group, obj.kind);
  if (def) api.writer.patched(def, obj, { ...obj, status }, { dryRun: false, fieldManager: MANAGER, subresource: 'status' });
}
