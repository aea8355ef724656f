// The horizontal pod autoscaler controller (pkg/controller/podautoscaler/horizontal.go) of a cluster without a
// metrics server: every sync period (15 s, --horizontal-pod-autoscaler-sync-period; the first sync of a new HPA
// too, as the real rate-limited queue does) it reads the target's scale. A missing target is AbleToScale=False
// FailedGetScale; otherwise AbleToScale=True SucceededGetScale and status.currentReplicas. A target outside
// [minReplicas, maxReplicas] is rescaled to the bound (SuccessfulRescale); a target at 0 replicas is
// ScalingDisabled; else every metric fails as it does when metrics.k8s.io (or custom.metrics.k8s.io,
// external.metrics.k8s.io) is not served: ScalingActive=False with the first metric's reason
// (FailedGetResourceMetric …), its Warning event, FailedComputeMetricsReplicas, and one empty currentMetrics entry
// per metric (`type: ""`), so kubectl shows `<unknown>` targets exactly as on such a cluster.
import { rfc3339 } from '../object-meta.js';
import { labelSelectorString } from '../../output/label-text.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { splitKey } from './replicaset.js';
import { num, type Rec, rec, records, spec, status } from './util.js';

const GROUP = 'autoscaling';
const RESOURCE = 'horizontalpodautoscalers';
const COMPONENT = 'horizontal-pod-autoscaler';
const NO_RESOURCE_METRICS = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

/** The kinds with a scale subresource the sandbox serves, by `group/Kind`. */
const SCALABLE: Record<string, { group: string; resource: string }> = {
  'apps/Deployment': { group: 'apps', resource: 'deployments' },
  'apps/ReplicaSet': { group: 'apps', resource: 'replicasets' },
  'apps/StatefulSet': { group: 'apps', resource: 'statefulsets' },
  '/ReplicationController': { group: '', resource: 'replicationcontrollers' },
};

/** Why one metric could not be computed: the condition reason, its message, and the error computeReplicasForMetric returns. */
function metricFailure(m: Rec): { reason: string; inner: string; outer: string } {
  const target = (source: Rec) => rec(source.target);
  const resourceError = (name: string, source: Rec) => {
    const what = target(source).averageValue !== undefined ? 'usage' : 'utilization';
    return `failed to get ${name} ${what}: unable to get metrics for resource ${name}: ${NO_RESOURCE_METRICS}`;
  };
  switch (m.type) {
    case 'Resource': {
      const source = rec(m.resource);
      const inner = resourceError(String(source.name ?? ''), source);
      return { reason: 'FailedGetResourceMetric', inner, outer: `failed to get ${String(source.name ?? '')} resource metric value: ${inner}` };
    }
    case 'ContainerResource': {
      const source = rec(m.containerResource);
      const inner = resourceError(String(source.name ?? ''), source);
      return { reason: 'FailedGetContainerResourceMetric', inner, outer: `failed to get ${String(source.container ?? '')} container metric value: ${inner}` };
    }
    case 'Pods': {
      const name = String(rec(rec(m.pods).metric).name ?? '');
      const inner = `unable to get metric ${name}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
      return { reason: 'FailedGetPodsMetric', inner, outer: `failed to get pods metric value: ${inner}` };
    }
    case 'Object': {
      const source = rec(m.object);
      const name = String(rec(source.metric).name ?? '');
      const ref = rec(source.describedObject);
      const inner = `unable to get metric ${name}: ${String(ref.kind ?? '')} on ${String(ref.name ?? '')}/unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
      return { reason: 'FailedGetObjectMetric', inner, outer: `failed to get object metric value: ${inner}` };
    }
    case 'External': {
      const name = String(rec(rec(m.external).metric).name ?? '');
      const inner = `unable to get external metric ${name}: unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${name}.external.metrics.k8s.io)`;
      return { reason: 'FailedGetExternalMetric', inner, outer: `failed to get external metric value: ${inner}` };
    }
    default:
      return {
        reason: 'InvalidMetricSourceType',
        inner: `unknown metric source type "${String(m.type ?? '')}"`,
        outer: `unknown metric source type "${String(m.type ?? '')}"`,
      };
  }
}

export class HorizontalPodAutoscalerController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  readonly #ctx: ControllerContext;
  readonly #periodMs: number;

  constructor(ctx: ControllerContext, opts: { syncPeriodMs?: number } = {}) {
    this.#ctx = ctx;
    this.#periodMs = opts.syncPeriodMs ?? 15_000;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group !== GROUP || e.resource !== RESOURCE || e.type === 'DELETED') return [];
    // enqueueHPA: AddRateLimited on a fixed-interval limiter, so even a new HPA waits one sync period.
    this.#ctx.enqueue(this.name, `${e.object.metadata.namespace}/${e.object.metadata.name}`, this.#periodMs);
    return [];
  }

  initialKeys(): string[] {
    return this.#ctx.list(GROUP, RESOURCE).map((h) => `${h.metadata.namespace}/${h.metadata.name}`);
  }

  sync(key: string): void {
    const [ns, name] = splitKey(key);
    const hpa = this.#ctx.get(GROUP, RESOURCE, ns, name);
    if (!hpa) return;
    try {
      this.#reconcile(hpa);
    } finally {
      this.#ctx.enqueue(this.name, key, this.#periodMs);
    }
  }

  #reconcile(hpa: KubeObject): void {
    const sp = spec(hpa);
    const st = status(hpa);
    let conditions = records(st.conditions);
    const set = (type: string, value: string, reason: string, message: string) => {
      conditions = this.#setCondition(conditions, type, value, reason, message);
    };
    const ref = rec(sp.scaleTargetRef);
    const apiVersion = String(ref.apiVersion ?? '');
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const kind = String(ref.kind ?? '');
    const scalable = SCALABLE[`${group}/${kind}`];
    const target = scalable ? this.#ctx.get(scalable.group, scalable.resource, hpa.metadata.namespace, String(ref.name ?? '')) : undefined;
    if (!target) {
      const err = scalable
        ? `${scalable.resource}${scalable.group ? `.${scalable.group}` : ''} "${String(ref.name ?? '')}" not found`
        : `no matches for kind "${kind}" in group "${group}"`;
      this.#ctx.event(hpa, 'Warning', 'FailedGetScale', err, COMPONENT);
      set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${err}`);
      this.#write(hpa, { ...st, conditions });
      return;
    }
    set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const currentReplicas = num(spec(target).replicas, 0);
    const minReplicas = num(sp.minReplicas, 1);
    const maxReplicas = num(sp.maxReplicas, 0);
    let desiredReplicas = 0;
    let rescaleReason = '';
    if (currentReplicas === 0 && minReplicas !== 0) {
      set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      this.#write(hpa, this.#status(st, currentReplicas, currentReplicas, undefined, conditions, false));
      return;
    }
    if (currentReplicas > maxReplicas) {
      rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      desiredReplicas = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      desiredReplicas = minReplicas;
    } else {
      const metrics = records(sp.metrics);
      const selector =
        target.kind === 'ReplicationController' ? labelSelectorString({ matchLabels: spec(target).selector }) : labelSelectorString(spec(target).selector);
      if (!selector) {
        this.#ctx.event(hpa, 'Warning', 'SelectorRequired', 'selector is required', COMPONENT);
        set('ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
        this.#write(hpa, { ...st, conditions });
        this.#ctx.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', 'selector is required', COMPONENT);
        return;
      }
      // computeReplicasForMetrics: no metrics API answers, so every metric is invalid and the first one's
      // condition stands; the statuses stay zero values.
      const failures = metrics.map(metricFailure);
      failures.forEach((f) => this.#ctx.event(hpa, 'Warning', f.reason, f.inner, COMPONENT));
      const first = failures[0];
      if (first) set('ScalingActive', 'False', first.reason, `the HPA was unable to compute the replica count: ${first.inner}`);
      this.#write(hpa, { ...st, currentReplicas, currentMetrics: metrics.map(() => ({ type: '' })), conditions });
      const error = first
        ? `invalid metrics (${failures.length} invalid out of ${metrics.length}), first error is: ${first.outer}`
        : 'invalid metrics (0 invalid out of 0), first error is: %!v(<nil>)';
      this.#ctx.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', error, COMPONENT);
      return;
    }
    const scalableTarget = SCALABLE[`${group}/${kind}`];
    this.#ctx.update(scalableTarget.group, scalableTarget.resource, target, { ...target, spec: { ...spec(target), replicas: desiredReplicas } });
    set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`);
    this.#ctx.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`, COMPONENT);
    this.#write(hpa, this.#status(st, currentReplicas, desiredReplicas, undefined, conditions, true));
  }

  /** setStatus: the replica counts, the metrics, the conditions; lastScaleTime moves on a rescale. */
  #status(st: Rec, currentReplicas: number, desiredReplicas: number, currentMetrics: Rec[] | undefined, conditions: Rec[], rescale: boolean): Rec {
    const next: Rec = {};
    const lastScaleTime = rescale ? rfc3339(this.#ctx.now()) : st.lastScaleTime;
    if (lastScaleTime !== undefined) next.lastScaleTime = lastScaleTime;
    next.currentReplicas = currentReplicas;
    next.desiredReplicas = desiredReplicas;
    if (currentMetrics) next.currentMetrics = currentMetrics;
    next.conditions = conditions;
    return next;
  }

  /** updateStatusIfNeeded: the status in HorizontalPodAutoscalerStatus's field order. */
  #write(hpa: KubeObject, st: Rec): void {
    const order = ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas', 'currentMetrics', 'conditions'];
    const next: Rec = {};
    for (const k of order) if (st[k] !== undefined) next[k] = st[k];
    // currentReplicas is omitempty, desiredReplicas is not.
    if (next.currentReplicas === 0) delete next.currentReplicas;
    if (next.desiredReplicas === undefined) next.desiredReplicas = 0;
    this.#ctx.updateStatus(GROUP, RESOURCE, hpa, next);
  }

  /** setConditionInList: a new condition goes last; lastTransitionTime moves when the status changes. */
  #setCondition(conditions: Rec[], type: string, value: string, reason: string, message: string): Rec[] {
    const old = conditions.find((c) => c.type === type);
    const lastTransitionTime = old && old.status === value ? old.lastTransitionTime : rfc3339(this.#ctx.now());
    const condition = { type, status: value, lastTransitionTime, reason, message };
    return old ? conditions.map((c) => (c === old ? condition : c)) : [...conditions, condition];
  }
}
