// Kinds served in two group versions over one storage (src/sandbox/conversion.ts), and the row printers of
// the groups added beside them: the cells printers.go computes for the cases it distinguishes.
import { describe, expect, it } from 'vitest';
import { servedObject, storageKey, storedObject } from '../../../src/sandbox/conversion.js';
import { tableFor } from '../../../src/sandbox/printers/tables.js';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../../src/sandbox/registry.js';
import type { KubeObject } from '../../../src/sandbox/types.js';

const def = (group: string, version: string, resource: string): ResourceDef => {
  const d = BUILTIN_RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
  if (!d) throw new Error(`${group}/${version}/${resource} not registered`);
  return d;
};
const HPA_V1 = def('autoscaling', 'v1', 'horizontalpodautoscalers');
const EVENTS_V1 = def('events.k8s.io', 'v1', 'events');
const meta = { name: 'x', namespace: 'ns', uid: 'u', resourceVersion: '5', creationTimestamp: '2026-01-01T00:00:00Z' };

describe('autoscaling/v1 ⇄ autoscaling/v2', () => {
  const v2 = {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    metadata: meta,
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    },
    status: {
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40, averageValue: '120m' } } }],
      conditions: [{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2026-01-01T00:00:01Z', reason: 'ReadyForNewScale', message: 'ok' }],
    },
  } as unknown as KubeObject;

  it('v1 shows the CPU target and current utilisation; the rest travels in annotations', () => {
    const v1 = servedObject(HPA_V1, v2) as unknown as Record<string, any>;
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 1,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 70,
    });
    expect(v1.status).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 40 });
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics'])).toEqual([
      { type: 'External', external: { metricName: 'queue', targetAverageValue: '30' } },
    ]);
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/conditions'])).toEqual(v2.status && (v2.status as any).conditions);
    expect(Object.keys(v1.metadata.annotations)).toEqual([
      'autoscaling.alpha.kubernetes.io/metrics',
      'autoscaling.alpha.kubernetes.io/behavior',
      'autoscaling.alpha.kubernetes.io/conditions',
    ]);
  });

  it('a v1 object written back is the v2 object it came from (annotations consumed)', () => {
    const back = storedObject(HPA_V1, servedObject(HPA_V1, v2)) as unknown as Record<string, any>;
    expect(back.spec).toEqual(v2.spec);
    expect(back.status.conditions).toEqual((v2.status as any).conditions);
    expect(back.metadata.annotations).toBeUndefined();
  });

  it('a v1 object without a CPU target has no metrics until the v2 defaults give it 80%', () => {
    const v1 = {
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: meta,
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
    } as unknown as KubeObject;
    expect((storedObject(HPA_V1, v1).spec as Record<string, unknown>).metrics).toBeUndefined();
  });

  it('both versions share the autoscaling store key', () => {
    expect(storageKey(HPA_V1)).toEqual({ group: 'autoscaling', resource: 'horizontalpodautoscalers' });
  });
});

describe('events.k8s.io/v1 ⇄ core/v1', () => {
  const core = {
    kind: 'Event',
    apiVersion: 'v1',
    metadata: meta,
    involvedObject: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'pu', apiVersion: 'v1' },
    reason: 'Pulled',
    message: 'pulled',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2026-01-01T00:00:00Z',
    lastTimestamp: '2026-01-01T00:00:09Z',
    count: 3,
    type: 'Normal',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  } as unknown as KubeObject;

  it('reads a core event through the new API, its legacy fields as deprecated*', () => {
    expect(servedObject(EVENTS_V1, core)).toEqual({
      kind: 'Event',
      apiVersion: 'events.k8s.io/v1',
      metadata: meta,
      eventTime: null,
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
      reason: 'Pulled',
      regarding: core.involvedObject,
      note: 'pulled',
      type: 'Normal',
      deprecatedSource: { component: 'kubelet', host: 'node-1' },
      deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
      deprecatedLastTimestamp: '2026-01-01T00:00:09Z',
      deprecatedCount: 3,
    });
  });

  it('round-trips to the same core event', () => {
    expect(storedObject(EVENTS_V1, servedObject(EVENTS_V1, core))).toEqual(core);
    expect(storageKey(EVENTS_V1)).toEqual({ group: '', resource: 'events' });
  });
});

describe('row printers of the added kinds', () => {
  const now = new Date('2026-01-01T01:00:00Z');
  const cells = (group: string, resource: string, obj: Record<string, unknown>) =>
    tableFor({ group, resource }, [{ metadata: meta, ...obj } as unknown as KubeObject], { now, includeObject: 'None' }).rows[0].cells;

  it.each([
    ['no metrics', [], [], '<none>'],
    [
      'a utilisation target and its current value',
      [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }],
      'cpu: 12%/50%',
    ],
    [
      'an average value target',
      [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } }],
      [],
      'memory: <unknown>/1Gi',
    ],
    ['a utilisation target with no value', [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }], [], 'cpu: <unknown>/<auto>'],
    [
      'an external average',
      [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '30' } } }],
      [],
      '<unknown>/30 (avg)',
    ],
    [
      'more than two metrics',
      [
        { type: 'Pods', pods: { metric: { name: 'a' }, target: { averageValue: '1' } } },
        { type: 'Pods', pods: { metric: { name: 'b' }, target: { averageValue: '2' } } },
        { type: 'Pods', pods: { metric: { name: 'c' }, target: { averageValue: '3' } } },
      ],
      [],
      '<unknown>/1, <unknown>/2 + 1 more...',
    ],
  ])('HPA targets: %s', (_why, metrics, currentMetrics, expected) => {
    const row = cells('autoscaling', 'horizontalpodautoscalers', {
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'w' }, maxReplicas: 4, metrics },
      status: { currentMetrics },
    });
    expect(row).toEqual(['x', 'Deployment/w', expected, '<unset>', 4, 0, '60m']);
  });

  it.each([
    [[], undefined, 'Pending'],
    [[{ type: 'Approved' }], 'Q0VSVA==', 'Approved,Issued'],
    [[{ type: 'Approved' }, { type: 'Denied' }], undefined, 'Denied'],
    [[{ type: 'Approved' }, { type: 'Failed' }], undefined, 'Approved,Failed'],
  ])('CSR condition %j, certificate %s → %s', (conditions, certificate, expected) => {
    const row = cells('certificates.k8s.io', 'certificatesigningrequests', {
      spec: { signerName: 'kubernetes.io/legacy-unknown', username: 'jane' },
      status: { conditions, certificate },
    });
    expect(row).toEqual(['x', '60m', 'kubernetes.io/legacy-unknown', 'jane', '<none>', expected]);
  });

  it('APIService: Local, or the service, and the Available condition with its reason when not True', () => {
    expect(
      cells('apiregistration.k8s.io', 'apiservices', { spec: {}, status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] } }),
    ).toEqual(['x', 'Local', 'True', '60m']);
    expect(
      cells('apiregistration.k8s.io', 'apiservices', {
        spec: { service: { namespace: 'kube-system', name: 'metrics-server' } },
        status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] },
      }),
    ).toEqual(['x', 'kube-system/metrics-server', 'False (MissingEndpoints)', '60m']);
    expect(cells('apiregistration.k8s.io', 'apiservices', { spec: {} })).toEqual(['x', 'Local', 'Unknown', '60m']);
  });

  it('FlowSchema lists come out by precedence, then name', () => {
    const fs = (name: string, matchingPrecedence: number) =>
      ({ metadata: { ...meta, name }, spec: { priorityLevelConfiguration: { name: 'p' }, matchingPrecedence } }) as unknown as KubeObject;
    const rows = tableFor({ group: 'flowcontrol.apiserver.k8s.io', resource: 'flowschemas' }, [fs('b', 500), fs('c', 100), fs('a', 500)], {
      now,
      includeObject: 'None',
    }).rows;
    expect(rows.map((r) => r.cells[0])).toEqual(['c', 'a', 'b']);
    expect(rows[0].cells).toEqual(['c', 'p', 100, '<none>', '60m', '?']);
  });

  it('ComponentStatus: Healthy, Unhealthy with its error, Unknown without the condition', () => {
    expect(cells('', 'componentstatuses', { conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] })).toEqual(['x', 'Healthy', 'ok', '']);
    expect(cells('', 'componentstatuses', { conditions: [{ type: 'Healthy', status: 'False', error: 'refused' }] })).toEqual(['x', 'Unhealthy', '', 'refused']);
    expect(cells('', 'componentstatuses', {})).toEqual(['x', 'Unknown', '', '']);
  });
});
