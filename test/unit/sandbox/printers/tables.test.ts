// Server-side Tables: golden comparison with Tables a real kube-apiserver returned for the very objects in
// fixtures/objects, plus the printers' edge cases (pod status, services, jobs, custom resources).
import { describe, expect, it } from 'vitest';
import { tableFor, tableRowJson } from '../../../../src/sandbox/printers/tables.js';
import { humanDuration } from '../../../../src/sandbox/printers/human-duration.js';
import type { KubeObject, MetaTable } from '../../../../src/sandbox/types.js';
import { fixtureJson } from '../../../helpers/fixtures.js';

const fixture = fixtureJson;
const withoutManagedFields = (metadata: Record<string, unknown>) => {
  const { managedFields: _ignored, ...rest } = metadata;
  return rest;
};

// Each reference Table was captured a moment after the objects were created; `now` is that moment
// (read off the Age cells), so every cell must match exactly.
const goldens: { table: string; list: string; group: string; resource: string; now: string }[] = [
  { table: 'pods', list: 'list-pods', group: '', resource: 'pods', now: '2026-11-23T00:22:37Z' },
  { table: 'pods-all-namespaces', list: 'list-pods', group: '', resource: 'pods', now: '2026-11-23T00:22:37Z' },
  { table: 'deployments', list: 'list-deployments.apps', group: 'apps', resource: 'deployments', now: '2026-11-23T00:22:37Z' },
  { table: 'replicasets', list: 'list-replicasets.apps', group: 'apps', resource: 'replicasets', now: '2026-11-23T00:22:37Z' },
  { table: 'statefulsets', list: 'list-statefulsets.apps', group: 'apps', resource: 'statefulsets', now: '2026-11-23T00:22:37Z' },
  { table: 'daemonsets', list: 'list-daemonsets.apps', group: 'apps', resource: 'daemonsets', now: '2026-11-23T00:22:37Z' },
  { table: 'services', list: 'list-services', group: '', resource: 'services', now: '2026-11-23T00:22:38Z' },
  { table: 'configmaps', list: 'list-configmaps', group: '', resource: 'configmaps', now: '2026-11-23T00:22:38Z' },
  { table: 'secrets', list: 'list-secrets', group: '', resource: 'secrets', now: '2026-11-23T00:22:38Z' },
  { table: 'serviceaccounts', list: 'list-serviceaccounts', group: '', resource: 'serviceaccounts', now: '2026-11-23T00:22:38Z' },
  { table: 'namespaces', list: 'list-namespaces', group: '', resource: 'namespaces', now: '2026-11-23T00:22:38Z' },
  { table: 'events', list: 'list-events', group: '', resource: 'events', now: '2026-11-23T00:22:38Z' },
  {
    table: 'roles-default-columns',
    list: 'list-clusterroles.rbac.authorization.k8s.io',
    group: 'rbac.authorization.k8s.io',
    resource: 'clusterroles',
    now: '2026-11-23T00:22:38Z',
  },
];

/** The list items the reference Table shows, in its row order (it was asked for one namespace, or with a limit). */
function itemsFor(table: MetaTable, list: { items: KubeObject[] }): KubeObject[] {
  return table.rows.map((row) => {
    const meta = (row.object as { metadata: { name: string; namespace?: string } }).metadata;
    const item = list.items.find((i) => i.metadata.name === meta.name && i.metadata.namespace === meta.namespace);
    if (!item) throw new Error(`fixture lacks ${meta.namespace}/${meta.name}`);
    return item;
  });
}

describe('tableFor against tables captured from kube-apiserver', () => {
  it.each(goldens)('$table: same column definitions, cells and row metadata', ({ table, list, group, resource, now }) => {
    const reference: MetaTable = fixture(`tables/${table}.json`);
    const objects = itemsFor(reference, fixture(`objects/${list}.json`));
    const ours = tableFor({ group, resource }, objects, { now: new Date(now), includeObject: 'Metadata' });
    expect(ours.kind).toBe('Table');
    expect(ours.apiVersion).toBe('meta.k8s.io/v1');
    expect(ours.columnDefinitions).toEqual(reference.columnDefinitions);
    expect(ours.rows.map((r) => r.cells)).toEqual(reference.rows.map((r) => r.cells));
    ours.rows.forEach((row, i) => {
      const theirs = reference.rows[i].object as { kind: string; apiVersion: string; metadata: Record<string, unknown> };
      const mine = row.object as typeof theirs;
      expect(mine.kind).toBe('PartialObjectMetadata');
      expect(mine.apiVersion).toBe('meta.k8s.io/v1');
      // The row carries the object's own metadata; the reference row is the same object (the list was read
      // a little later, so compare identity rather than every annotation a controller added meanwhile).
      expect(mine.metadata).toEqual(objects[i].metadata);
      expect(mine.metadata.uid).toBe(theirs.metadata.uid);
    });
  });

  it('persistentvolumeclaims: the reference cells, plus v1.32 VolumeAttributesClass after StorageClass', () => {
    const reference: MetaTable = fixture('tables/persistentvolumeclaims.json');
    const objects = itemsFor(reference, fixture('objects/list-persistentvolumeclaims.json'));
    const ours = tableFor({ group: '', resource: 'persistentvolumeclaims' }, objects, { now: new Date('2026-11-23T00:22:38Z'), includeObject: 'Metadata' });
    const expectedColumns = [...reference.columnDefinitions];
    expectedColumns.splice(6, 0, { name: 'VolumeAttributesClass', type: 'string', format: '', description: 'VolumeAttributesClass of the pvc', priority: 0 });
    expect(ours.columnDefinitions).toEqual(expectedColumns);
    const expectedCells = reference.rows.map((r) => [...r.cells.slice(0, 6), '<unset>', ...r.cells.slice(6)]);
    expect(ours.rows.map((r) => r.cells)).toEqual(expectedCells);
  });

  it('includeObject=Object carries the whole object', () => {
    const reference: MetaTable = fixture('tables/pods-includeObject-Object.json');
    const objects = itemsFor(reference, fixture('objects/list-pods.json'));
    const ours = tableFor({ group: '', resource: 'pods' }, objects, { now: new Date('2026-11-23T00:22:38Z'), includeObject: 'Object' });
    expect(ours.rows.map((r) => r.cells)).toEqual(reference.rows.map((r) => r.cells));
    ours.rows.forEach((row, i) => {
      const theirs = reference.rows[i].object as KubeObject;
      expect(row.object).toEqual({ ...theirs, metadata: withoutManagedFields(theirs.metadata) });
    });
  });

  it('includeObject=None leaves rows without an object', () => {
    const pods = fixture('objects/list-pods.json').items as KubeObject[];
    const table = tableFor({ group: '', resource: 'pods' }, pods, { now: new Date('2026-11-23T00:22:38Z'), includeObject: 'None' });
    expect(table.rows.every((r) => !('object' in r))).toBe(true);
  });
});

describe('humanDuration (apimachinery util/duration)', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  it.each([
    [-3 * s, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [2 * m + 30 * s, '2m30s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [2 * 365 * d, '2y'],
    [3 * 365 * d + 10 * d, '3y10d'],
    [9 * 365 * d, '9y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

const NOW = new Date('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: ago(300_000), ...metadata },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
  };
}
const podRow = (p: KubeObject) => tableFor({ group: '', resource: 'pods' }, [p], { now: NOW, includeObject: 'None' }).rows[0];
const running = { running: { startedAt: ago(60_000) } };

describe('pod rows (printPod)', () => {
  it.each([
    ['pending, unscheduled', pod({}, { phase: 'Pending' }), ['p', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']],
    [
      'running and ready, scheduled',
      pod(
        { nodeName: 'node-1' },
        { phase: 'Running', podIPs: [{ ip: '10.244.0.5' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }] },
      ),
      ['p', '1/1', 'Running', '0', '5m', '10.244.0.5', 'node-1', '<none>', '<none>'],
    ],
    [
      'waiting reason wins over the phase',
      pod(
        {},
        {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'app',
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, finishedAt: ago(90_000) } },
            },
          ],
        },
      ),
      ['p', '0/1', 'CrashLoopBackOff', '4 (90s ago)', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'terminated without reason shows the exit code',
      pod({}, { phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] }),
      ['p', '0/1', 'ExitCode:3', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'completed',
      pod(
        {},
        {
          phase: 'Succeeded',
          containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
        },
      ),
      ['p', '0/1', 'Completed', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'deletion timestamp set on a running pod',
      pod({}, { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }] }, { deletionTimestamp: ago(1000) }),
      ['p', '1/1', 'Terminating', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'init container still running',
      pod(
        { initContainers: [{ name: 'init', image: 'busybox' }] },
        { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: running }] },
      ),
      ['p', '0/1', 'Init:0/1', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'init container crashing',
      pod(
        { initContainers: [{ name: 'init', image: 'busybox' }] },
        { phase: 'Pending', initContainerStatuses: [{ name: 'init', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
      ),
      ['p', '0/1', 'Init:CrashLoopBackOff', '2', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'sidecar (restartable init container) counts as a container',
      pod(
        { initContainers: [{ name: 'sidecar', image: 'envoy', restartPolicy: 'Always' }] },
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [{ name: 'sidecar', ready: true, started: true, restartCount: 0, state: running }],
          containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
        },
      ),
      ['p', '2/2', 'Running', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'scheduling gated',
      pod({ schedulingGates: [{ name: 'g' }] }, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
      ['p', '0/1', 'SchedulingGated', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
    ],
    [
      'readiness gates',
      pod(
        { readinessGates: [{ conditionType: 'a' }, { conditionType: 'b' }] },
        {
          phase: 'Running',
          conditions: [
            { type: 'a', status: 'True' },
            { type: 'b', status: 'False' },
          ],
        },
      ),
      ['p', '0/1', 'Running', '0', '5m', '<none>', '<none>', '<none>', '1/2'],
    ],
  ])('%s', (_name, p, cells) => {
    expect(podRow(p).cells).toEqual(cells);
  });

  it.each([
    ['Succeeded', { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }],
    ['Failed', { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
  ])('a %s pod row carries the Completed row condition', (phase, condition) => {
    expect((podRow(pod({}, { phase })) as { conditions?: unknown[] }).conditions).toEqual([condition]);
  });
});

const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = { loadBalancer: {} }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's', namespace: 'default', creationTimestamp: ago(60_000) },
  spec,
  status,
});

describe('service rows (printService)', () => {
  it.each([
    [
      'NodePort',
      svc({ type: 'NodePort', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }], selector: { app: 'web', tier: 'fe' } }),
      ['s', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP', '60s', 'app=web,tier=fe'],
    ],
    [
      'LoadBalancer without ingress',
      svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.11'], ports: [{ port: 443, nodePort: 31000, protocol: 'TCP' }] }),
      ['s', 'LoadBalancer', '10.96.0.11', '<pending>', '443:31000/TCP', '60s', '<none>'],
    ],
    [
      'LoadBalancer with ingress and external IPs',
      svc(
        { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], externalIPs: ['1.2.3.4'], ports: [{ port: 53, protocol: 'UDP' }] },
        { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'lb.example' }] } },
      ),
      ['s', 'LoadBalancer', '10.96.0.12', '5.6.7.8,lb.example,1.2.3.4', '53/UDP', '60s', '<none>'],
    ],
    [
      'ExternalName',
      svc({ type: 'ExternalName', externalName: 'db.example.com' }),
      ['s', 'ExternalName', '<none>', 'db.example.com', '<none>', '60s', '<none>'],
    ],
  ])('%s', (_name, s, cells) => {
    expect(tableFor({ group: '', resource: 'services' }, [s], { now: NOW, includeObject: 'None' }).rows[0].cells).toEqual(cells);
  });
});

describe('rows of kinds absent from the reference capture', () => {
  const meta = { name: 'x', namespace: 'default', creationTimestamp: ago(600_000) };
  it.each([
    [
      'batch/jobs running',
      { group: 'batch', resource: 'jobs' },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta,
        spec: {
          completions: 3,
          parallelism: 1,
          selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } },
          template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } },
        },
        status: { succeeded: 1, startTime: ago(125_000) },
      },
      ['x', 'Running', '1/3', '2m5s', '10m', 'pi', 'perl', 'batch.kubernetes.io/controller-uid=u'],
    ],
    [
      'batch/jobs complete',
      { group: 'batch', resource: 'jobs' },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta,
        spec: {
          parallelism: 2,
          template: {
            spec: {
              containers: [
                { name: 'a', image: 'a' },
                { name: 'b', image: 'b:1' },
              ],
            },
          },
        },
        status: { succeeded: 1, startTime: ago(100_000), completionTime: ago(70_000), conditions: [{ type: 'Complete', status: 'True' }] },
      },
      ['x', 'Complete', '1/1 of 2', '30s', '10m', 'a,b', 'a,b:1', '<none>'],
    ],
    [
      'batch/cronjobs',
      { group: 'batch', resource: 'cronjobs' },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: meta,
        spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } },
        status: { lastScheduleTime: ago(120_000), active: [{ name: 'x-1' }] },
      },
      ['x', '*/5 * * * *', '<none>', 'False', 1, '2m', '10m', 'c', 'busybox', '<none>'],
    ],
    [
      'nodes',
      { group: '', resource: 'nodes' },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'node-1', creationTimestamp: ago(600_000), labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'edge' } },
        spec: { unschedulable: true },
        status: {
          conditions: [
            { type: 'MemoryPressure', status: 'False' },
            { type: 'Ready', status: 'True' },
          ],
          addresses: [
            { type: 'InternalIP', address: '172.18.0.2' },
            { type: 'Hostname', address: 'node-1' },
          ],
          nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', containerRuntimeVersion: '' },
        },
      },
      ['node-1', 'Ready,SchedulingDisabled', 'control-plane,edge', '10m', 'v1.32.0', '172.18.0.2', '<none>', 'Debian GNU/Linux 12', '6.1.0', '<unknown>'],
    ],
    [
      'endpoints with more than three addresses',
      { group: '', resource: 'endpoints' },
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: meta,
        subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }], ports: [{ port: 8080 }] }],
      },
      ['x', '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...', '10m'],
    ],
    [
      'rolebindings',
      { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta,
        roleRef: { kind: 'ClusterRole', name: 'view' },
        subjects: [
          { kind: 'User', name: 'alice' },
          { kind: 'Group', name: 'devs' },
          { kind: 'ServiceAccount', name: 'ci', namespace: 'build' },
          { kind: 'User', name: 'bob' },
        ],
      },
      ['x', 'ClusterRole/view', '10m', 'alice, bob', 'devs', 'build/ci'],
    ],
    [
      'persistentvolumes',
      { group: '', resource: 'persistentvolumes' },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv1', creationTimestamp: ago(600_000) },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Retain',
          claimRef: { namespace: 'default', name: 'data' },
          storageClassName: 'standard',
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Bound' },
      },
      ['pv1', '1Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'standard', '<unset>', '', '10m', 'Filesystem'],
    ],
    [
      'events.k8s.io events read through their deprecated fields',
      { group: 'events.k8s.io', resource: 'events' },
      {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: meta,
        eventTime: ago(30_000),
        reportingController: 'kubelet',
        reportingInstance: 'node-1',
        reason: 'Pulled',
        note: ' pulled ',
        type: 'Normal',
        regarding: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{web}' },
      },
      ['30s', 'Normal', 'Pulled', 'pod/web', 'spec.containers{web}', 'kubelet, node-1', 'pulled', '30s', 1, 'x'],
    ],
    [
      'resourcequotas: status.hard in name order, limits.* in Limit, used/hard',
      { group: '', resource: 'resourcequotas' },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: meta,
        spec: {},
        status: {
          hard: { pods: '10', 'limits.cpu': '2', 'requests.memory': '1Gi', 'count/deployments.apps': '3', 'limits.memory': '2Gi' },
          used: { pods: '1', 'limits.cpu': '500m', 'requests.memory': '0', 'limits.memory': '128Mi' },
        },
      },
      ['x', '10m', 'count/deployments.apps: 0/3, pods: 1/10, requests.memory: 0/1Gi', 'limits.cpu: 500m/2, limits.memory: 128Mi/2Gi'],
    ],
    [
      'csidrivers: attachRequired defaults to true, no token requests read <unset>',
      { group: 'storage.k8s.io', resource: 'csidrivers' },
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'CSIDriver',
        metadata: { name: 'd', creationTimestamp: ago(600_000) },
        spec: { volumeLifecycleModes: ['Persistent', 'Ephemeral'] },
      },
      ['d', true, false, false, '<unset>', false, 'Persistent,Ephemeral', '10m'],
    ],
    [
      'volumeattachments',
      { group: 'storage.k8s.io', resource: 'volumeattachments' },
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttachment',
        metadata: { name: 'va', creationTimestamp: ago(600_000) },
        spec: { attacher: 'csi.x', nodeName: 'n1', source: { persistentVolumeName: 'pv1' } },
        status: { attached: true },
      },
      ['va', 'csi.x', 'pv1', 'n1', true, '10m'],
    ],
  ])('%s', (_name, resource, obj, cells) => {
    expect(tableFor(resource, [obj as KubeObject], { now: NOW, includeObject: 'None' }).rows[0].cells).toEqual(cells);
  });

  it('kinds without a printer use Name and Created At (the default table convertor)', () => {
    const table = tableFor(
      { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
      [
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'widgets.example.com', creationTimestamp: '2026-01-01T10:00:00Z' },
        },
      ],
      { now: NOW, includeObject: 'None' },
    );
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
    expect(table.rows[0].cells).toEqual(['widgets.example.com', '2026-01-01T10:00:00Z']);
  });
});

describe('custom resources (CRD additionalPrinterColumns)', () => {
  const widget: KubeObject = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w1', namespace: 'default', creationTimestamp: ago(7_200_000) },
    spec: { replicas: 3, size: 1.5, enabled: true, tags: ['a', 'b'], 'dotted.key': 'v' },
    status: {
      conditions: [
        { type: 'Synced', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
      lastSync: ago(45_000),
    },
  };
  it('evaluates each column by its JSONPath and type', () => {
    const table = tableFor({ group: 'example.com', resource: 'widgets' }, [widget], {
      now: NOW,
      includeObject: 'None',
      customColumns: [
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'Size', type: 'number', jsonPath: '.spec.size', priority: 1 },
        { name: 'Enabled', type: 'boolean', jsonPath: '.spec.enabled' },
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status', description: 'Is it ready' },
        { name: 'First Tag', type: 'string', jsonPath: '.spec.tags[0]' },
        { name: 'Tags', type: 'string', jsonPath: '.spec.tags' },
        { name: 'Dotted', type: 'string', jsonPath: '.spec.dotted\\.key' },
        { name: 'Synced', type: 'date', jsonPath: '.status.lastSync' },
        { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
      ],
    });
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.priority, c.description])).toEqual([
      ['Name', 'string', 0, expect.stringContaining('Name must be unique')],
      ['Replicas', 'integer', 0, 'Custom resource definition column (in JSONPath format): .spec.replicas'],
      ['Size', 'number', 1, 'Custom resource definition column (in JSONPath format): .spec.size'],
      ['Enabled', 'boolean', 0, 'Custom resource definition column (in JSONPath format): .spec.enabled'],
      ['Ready', 'string', 0, 'Is it ready'],
      ['First Tag', 'string', 0, 'Custom resource definition column (in JSONPath format): .spec.tags[0]'],
      ['Tags', 'string', 0, 'Custom resource definition column (in JSONPath format): .spec.tags'],
      ['Dotted', 'string', 0, 'Custom resource definition column (in JSONPath format): .spec.dotted\\.key'],
      ['Synced', 'date', 0, 'Custom resource definition column (in JSONPath format): .status.lastSync'],
      ['Missing', 'string', 0, 'Custom resource definition column (in JSONPath format): .spec.nothing'],
    ]);
    expect(table.rows[0].cells).toEqual(['w1', 3, 1.5, true, 'True', 'a', '["a","b"]', 'v', '45s', null]);
  });

  it('a CRD without columns shows Name and Age', () => {
    const table = tableFor({ group: 'example.com', resource: 'widgets' }, [widget], { now: NOW, includeObject: 'None', customColumns: [] });
    expect(table.columnDefinitions.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Age', 'date'],
    ]);
    expect(table.rows[0].cells).toEqual(['w1', '120m']); // HumanDuration keeps minutes up to 3h
  });
});

describe('tableRowJson: a Table row written as JSON.stringify writes it', () => {
  const pods = (fixture('objects/list-pods.json') as { items: KubeObject[] }).items;
  const now = new Date('2026-11-23T00:22:37Z');
  const completed = { ...pods[0], metadata: { ...pods[0].metadata, name: 'done' }, status: { phase: 'Succeeded' } } as KubeObject;

  it.each(['Metadata', 'Object', 'None'] as const)('includeObject=%s, rows with and without conditions', (includeObject) => {
    const table = tableFor({ group: '', resource: 'pods' }, [...pods, completed], { now, includeObject });
    expect(table.rows.some((r) => 'conditions' in r)).toBe(true);
    for (const row of table.rows) {
      expect(tableRowJson(row)).toBe(JSON.stringify(row));
      // Again, from the metadata written the first time.
      expect(tableRowJson(row)).toBe(JSON.stringify(row));
    }
  });

  it('a stored object written again (new metadata) is written anew', () => {
    const [first] = tableFor({ group: '', resource: 'pods' }, [pods[0]], { now, includeObject: 'Metadata' }).rows;
    expect(tableRowJson(first)).toBe(JSON.stringify(first));
    const updated = { ...pods[0], metadata: { ...pods[0].metadata, labels: { changed: 'yes' } } } as KubeObject;
    const [again] = tableFor({ group: '', resource: 'pods' }, [updated], { now, includeObject: 'Metadata' }).rows;
    expect(tableRowJson(again)).toBe(JSON.stringify(again));
    expect(tableRowJson(again)).toContain('"changed":"yes"');
  });

  it.each([
    ['an object of another shape', { cells: [1], object: { kind: 'PartialObjectMetadata', metadata: {}, apiVersion: 'v' } }],
    ['a key of its own', { cells: [1], extra: true, object: { kind: 'PartialObjectMetadata', apiVersion: 'v', metadata: {} } }],
    ['conditions left undefined', { cells: [1], conditions: undefined, object: { kind: 'PartialObjectMetadata', apiVersion: 'v', metadata: { a: 1 } } }],
    ['no object', { cells: ['a'] }],
  ])('%s: JSON.stringify', (_, row) => {
    expect(tableRowJson(row)).toBe(JSON.stringify(row));
  });
});
