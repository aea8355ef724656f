// The disruption controller (PodDisruptionBudget status) and the HPA controller of a cluster without a metrics
// server, on the manual clock: statuses, conditions and events as kube-controller-manager writes them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { podTemplate, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => h.close());

const deployment = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }) },
});
const pdb = (name: string, app: string, budget: Record<string, unknown>) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: 'default' },
  spec: { ...budget, selector: { matchLabels: { app } } },
});
const pdbStatus = (name: string) => h.get('policy', 'poddisruptionbudgets', 'default', name)?.status as Record<string, unknown>;
const eventsOf = (name: string, kind = 'PodDisruptionBudget') =>
  h.events('default').filter((e) => (e.involvedObject as { name: string; kind: string }).name === name && (e.involvedObject as { kind: string }).kind === kind);
const hpaEvents = (name: string) => eventsOf(name, 'HorizontalPodAutoscaler');

describe('disruption controller', () => {
  it.each([
    ['minAvailable 50% of a Deployment of 3', { minAvailable: '50%' }, { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 }],
    ['minAvailable 2', { minAvailable: 2 }, { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 }],
    ['maxUnavailable 1', { maxUnavailable: 1 }, { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 }],
    ['maxUnavailable 34% (rounded up to 2)', { maxUnavailable: '34%' }, { disruptionsAllowed: 2, currentHealthy: 3, desiredHealthy: 1, expectedPods: 3 }],
    ['minAvailable 3', { minAvailable: 3 }, { disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 3, expectedPods: 3 }],
  ])('%s', async (_, budget, counts) => {
    h.create(deployment('web', 3));
    await h.settle();
    h.runAll();
    h.create(pdb('web', 'web', budget));
    await h.settle();
    const allowed = counts.disruptionsAllowed > 0;
    expect(pdbStatus('web')).toEqual({
      observedGeneration: 1,
      ...counts,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: allowed ? 'True' : 'False',
          observedGeneration: 1,
          lastTransitionTime: expect.any(String),
          reason: allowed ? 'SufficientPods' : 'InsufficientPods',
          message: '',
        },
      ],
    });
    expect(h.errors).toEqual([]);
  });

  it('counts only Ready pods, and follows them as they become ready', async () => {
    h.create(deployment('web', 3));
    await h.settle();
    h.create(pdb('web', 'web', { maxUnavailable: 1 }));
    await h.settle();
    expect(pdbStatus('web')).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 2, expectedPods: 3 });
    const [first] = h.list('', 'pods', 'default');
    h.setPod(first, 'Running', true);
    await h.settle();
    expect(pdbStatus('web')).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 1 });
    h.runAll();
    await h.settle();
    expect(pdbStatus('web')).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 3 });
    expect((pdbStatus('web').conditions as { reason: string }[])[0].reason).toBe('SufficientPods');
  });

  it('a budget matching no pods says NoPods and allows nothing', async () => {
    h.create(pdb('none', 'none', { minAvailable: 1 }));
    await h.settle();
    expect(pdbStatus('none')).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1, expectedPods: 0 });
    const [event] = eventsOf('none');
    expect(event).toMatchObject({ type: 'Normal', reason: 'NoPods', message: 'No matching pods found', source: { component: 'controllermanager' } });
  });

  it('a percentage over pods without a controller warns UnmanagedPods; a pod whose controller has no scale fails the sync', async () => {
    h.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'default', labels: { app: 'solo' } }, spec: podTemplate({}).spec });
    h.create(pdb('solo', 'solo', { maxUnavailable: '50%' }));
    await h.settle();
    expect(pdbStatus('solo')).toMatchObject({ disruptionsAllowed: 0, expectedPods: 0, desiredHealthy: 0 });
    expect(eventsOf('solo').map((e) => [e.reason, e.message])).toEqual([
      [
        'UnmanagedPods',
        'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: solo,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
      ],
    ]);

    h.create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'batch', namespace: 'default' },
      spec: { template: { metadata: { labels: { app: 'batch' } }, spec: { containers: [{ name: 'main', image: 'nginx' }], restartPolicy: 'Never' } } },
    });
    await h.settle();
    h.create(pdb('batch', 'batch', { minAvailable: '100%' }));
    await h.settle();
    const pod = h.list('', 'pods', 'default').find((p) => p.metadata.labels?.app === 'batch');
    const st = pdbStatus('batch');
    expect(st.disruptionsAllowed).toBe(0);
    expect(st.conditions).toEqual([
      expect.objectContaining({
        type: 'DisruptionAllowed',
        status: 'False',
        reason: 'SyncFailed',
        message: `found no controllers for pod "${pod?.metadata.name}"`,
      }),
    ]);
    expect(eventsOf('batch').map((e) => e.reason)).toContain('CalculateExpectedPodCountFailed');
  });
});

const hpa = (name: string, target: string, minReplicas: number, maxReplicas = 5) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
    minReplicas,
    maxReplicas,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
});
const hpaStatus = (name: string) => h.get('autoscaling', 'horizontalpodautoscalers', 'default', name)?.status as Record<string, unknown>;
const NO_METRICS =
  'failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

describe('horizontal pod autoscaler controller (no metrics server)', () => {
  it('first syncs a sync period (15 s) after the HPA is created, then reports the failed metrics', async () => {
    h.create(deployment('web', 3));
    await h.settle();
    h.create(hpa('web', 'web', 2));
    await h.settle();
    expect(hpaStatus('web')).toEqual({ desiredReplicas: 0 });
    await h.advance(15_000);
    expect(hpaStatus('web')).toEqual({
      currentReplicas: 3,
      desiredReplicas: 0,
      currentMetrics: [{ type: '' }],
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          lastTransitionTime: expect.any(String),
          reason: 'SucceededGetScale',
          message: "the HPA controller was able to get the target's current scale",
        },
        {
          type: 'ScalingActive',
          status: 'False',
          lastTransitionTime: expect.any(String),
          reason: 'FailedGetResourceMetric',
          message: `the HPA was unable to compute the replica count: ${NO_METRICS}`,
        },
      ],
    });
    expect(hpaEvents('web').map((e) => [e.type, e.reason, e.message, (e.source as { component: string }).component])).toEqual([
      ['Warning', 'FailedGetResourceMetric', NO_METRICS, 'horizontal-pod-autoscaler'],
      [
        'Warning',
        'FailedComputeMetricsReplicas',
        `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${NO_METRICS}`,
        'horizontal-pod-autoscaler',
      ],
    ]);
    // Every sync period again: the same events, counted.
    await h.advance(15_000);
    expect(hpaEvents('web').map((e) => e.count)).toEqual([2, 2]);
    expect(h.errors).toEqual([]);
  });

  it('a missing target is AbleToScale False (FailedGetScale)', async () => {
    h.create(hpa('ghost', 'ghost', 1));
    await h.advance(15_000);
    expect(hpaStatus('ghost')).toEqual({
      desiredReplicas: 0,
      conditions: [
        {
          type: 'AbleToScale',
          status: 'False',
          lastTransitionTime: expect.any(String),
          reason: 'FailedGetScale',
          message: 'the HPA controller was unable to get the target\'s current scale: deployments.apps "ghost" not found',
        },
      ],
    });
    expect(hpaEvents('ghost').map((e) => [e.reason, e.message])).toEqual([['FailedGetScale', 'deployments.apps "ghost" not found']]);
  });

  it('a target below minReplicas is scaled up to it (SuccessfulRescale), one at zero replicas is left alone', async () => {
    h.create(deployment('small', 1));
    h.create(deployment('off', 0));
    await h.settle();
    h.create(hpa('small', 'small', 3));
    h.create(hpa('off', 'off', 1));
    await h.advance(15_000);
    expect(h.get('apps', 'deployments', 'default', 'small')?.spec).toMatchObject({ replicas: 3 });
    expect(hpaStatus('small')).toMatchObject({ lastScaleTime: expect.any(String), currentReplicas: 1, desiredReplicas: 3 });
    expect((hpaStatus('small').conditions as { reason: string; message: string }[]).map((c) => [c.reason, c.message])).toEqual([
      ['SucceededRescale', 'the HPA controller was able to update the target scale to 3'],
    ]);
    expect(hpaEvents('small').map((e) => [e.reason, e.message])).toEqual([
      ['SuccessfulRescale', 'New size: 3; reason: Current number of replicas below Spec.MinReplicas'],
    ]);
    expect((hpaStatus('off').conditions as { type: string; reason: string }[]).map((c) => [c.type, c.reason])).toEqual([
      ['AbleToScale', 'SucceededGetScale'],
      ['ScalingActive', 'ScalingDisabled'],
    ]);
    expect(hpaStatus('off')).toMatchObject({ desiredReplicas: 0 });
  });
});
