// Built-in kinds served in several group versions over one storage, converted as kube-apiserver converts them
// (through its internal type): autoscaling/v1 HorizontalPodAutoscalers stored as autoscaling/v2
// (pkg/apis/autoscaling/v1/conversion.go: what v1 cannot say travels in autoscaling.alpha.kubernetes.io/*
// annotations), and events.k8s.io/v1 Events stored as core v1 Events (pkg/apis/events/v1/conversion.go).
// Objects come out with their keys in the target type's Go field order.
import type { GroupResource } from './api-error.js';
import { groupVersionOf, type ResourceDef } from './registry.js';
import type { KubeObject } from './types.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const rec = (v: unknown): Rec => (isRec(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The store key of a resource: its storage group's (events.k8s.io events live with core events). */
export function storageKey(def: ResourceDef): GroupResource {
  return { group: def.storedAs?.group ?? def.group, resource: def.resource };
}

/** A stored object as `def`'s group version serves it (the object itself for single-version kinds). */
export function servedObject(def: ResourceDef, stored: KubeObject): KubeObject {
  if (!def.storedAs) return stored;
  const gv = groupVersionOf(def);
  if (stored.apiVersion === gv) return stored;
  if (gv === 'autoscaling/v1') return hpaV2ToV1(stored);
  if (gv === 'events.k8s.io/v1') return coreEventToEventsV1(stored);
  return stored;
}

/** An object written through `def` as it is stored. */
export function storedObject(def: ResourceDef, served: KubeObject): KubeObject {
  if (!def.storedAs) return served;
  const gv = groupVersionOf(def);
  if (gv === 'autoscaling/v1') return hpaV1ToV2(served);
  if (gv === 'events.k8s.io/v1') return eventsV1ToCoreEvent(served);
  return served;
}

/** Drops undefined values (absent fields stay absent after a conversion). */
function compact(o: Rec): Rec {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

// ---- events.k8s.io/v1 ⇄ core/v1 ------------------------------------------------------------------

function coreEventToEventsV1(e: KubeObject): KubeObject {
  const series = isRec(e.series) ? compact({ count: e.series.count, lastObservedTime: e.series.lastObservedTime }) : undefined;
  return compact({
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    series,
    reportingController: e.reportingComponent || undefined,
    reportingInstance: e.reportingInstance || undefined,
    action: e.action || undefined,
    reason: e.reason || undefined,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message || undefined,
    type: e.type || undefined,
    deprecatedSource: isRec(e.source) && Object.keys(e.source).length ? e.source : undefined,
    deprecatedFirstTimestamp: e.firstTimestamp ?? undefined,
    deprecatedLastTimestamp: e.lastTimestamp ?? undefined,
    deprecatedCount: typeof e.count === 'number' && e.count !== 0 ? e.count : undefined,
  }) as KubeObject;
}

function eventsV1ToCoreEvent(e: KubeObject): KubeObject {
  return compact({
    kind: 'Event',
    apiVersion: 'v1',
    metadata: e.metadata,
    involvedObject: isRec(e.regarding) ? e.regarding : {},
    reason: e.reason,
    message: e.note,
    source: isRec(e.deprecatedSource) ? e.deprecatedSource : {},
    firstTimestamp: e.deprecatedFirstTimestamp ?? null,
    lastTimestamp: e.deprecatedLastTimestamp ?? null,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime ?? null,
    series: e.series,
    action: e.action,
    related: e.related,
    reportingComponent: e.reportingController ?? '',
    reportingInstance: e.reportingInstance ?? '',
  }) as KubeObject;
}

// ---- autoscaling/v1 ⇄ autoscaling/v2 -------------------------------------------------------------

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';

const isCpuUtilization = (m: Rec) =>
  m.type === 'Resource' &&
  rec(m.resource).name === 'cpu' &&
  rec(rec(m.resource).target).type === 'Utilization' &&
  rec(rec(m.resource).target).averageUtilization !== undefined;

/** A v2 MetricSpec in the v1 annotation's form (autoscaling/v1 MetricSpec). */
function metricSpecToV1(m: Rec): Rec {
  const target = (s: Rec) => rec(s.target);
  switch (m.type) {
    case 'Resource': {
      const r = rec(m.resource);
      return {
        type: 'Resource',
        resource: compact({ name: r.name, targetAverageUtilization: target(r).averageUtilization, targetAverageValue: target(r).averageValue }),
      };
    }
    case 'ContainerResource': {
      const r = rec(m.containerResource);
      return {
        type: 'ContainerResource',
        containerResource: compact({
          name: r.name,
          targetAverageUtilization: target(r).averageUtilization,
          targetAverageValue: target(r).averageValue,
          container: r.container,
        }),
      };
    }
    case 'Pods': {
      const p = rec(m.pods);
      return { type: 'Pods', pods: compact({ metricName: rec(p.metric).name, targetAverageValue: target(p).averageValue, selector: rec(p.metric).selector }) };
    }
    case 'Object': {
      const o = rec(m.object);
      return {
        type: 'Object',
        object: compact({
          target: o.describedObject,
          metricName: rec(o.metric).name,
          targetValue: target(o).value,
          selector: rec(o.metric).selector,
          averageValue: target(o).averageValue,
        }),
      };
    }
    case 'External': {
      const x = rec(m.external);
      return {
        type: 'External',
        external: compact({
          metricName: rec(x.metric).name,
          metricSelector: rec(x.metric).selector,
          targetValue: target(x).value,
          targetAverageValue: target(x).averageValue,
        }),
      };
    }
    default:
      return m;
  }
}

function metricSpecFromV1(m: Rec): Rec {
  const util = (u: unknown, v: unknown) => (u !== undefined ? { type: 'Utilization', averageUtilization: u } : { type: 'AverageValue', averageValue: v });
  switch (m.type) {
    case 'Resource': {
      const r = rec(m.resource);
      return { type: 'Resource', resource: { name: r.name, target: util(r.targetAverageUtilization, r.targetAverageValue) } };
    }
    case 'ContainerResource': {
      const r = rec(m.containerResource);
      return {
        type: 'ContainerResource',
        containerResource: { name: r.name, target: util(r.targetAverageUtilization, r.targetAverageValue), container: r.container },
      };
    }
    case 'Pods': {
      const p = rec(m.pods);
      return {
        type: 'Pods',
        pods: { metric: compact({ name: p.metricName, selector: p.selector }), target: { type: 'AverageValue', averageValue: p.targetAverageValue } },
      };
    }
    case 'Object': {
      const o = rec(m.object);
      const target = o.averageValue !== undefined ? { type: 'AverageValue', averageValue: o.averageValue } : { type: 'Value', value: o.targetValue };
      return { type: 'Object', object: { describedObject: o.target, target, metric: compact({ name: o.metricName, selector: o.selector }) } };
    }
    case 'External': {
      const x = rec(m.external);
      const target =
        x.targetAverageValue !== undefined ? { type: 'AverageValue', averageValue: x.targetAverageValue } : { type: 'Value', value: x.targetValue };
      return { type: 'External', external: { metric: compact({ name: x.metricName, selector: x.metricSelector }), target } };
    }
    default:
      return m;
  }
}

function metricStatusToV1(m: Rec): Rec {
  const current = (s: Rec) => rec(s.current);
  if (m.type === 'Resource') {
    const r = rec(m.resource);
    return {
      type: 'Resource',
      resource: compact({ name: r.name, currentAverageUtilization: current(r).averageUtilization, currentAverageValue: current(r).averageValue }),
    };
  }
  if (m.type === 'Pods') {
    const p = rec(m.pods);
    return { type: 'Pods', pods: compact({ metricName: rec(p.metric).name, currentAverageValue: current(p).averageValue, selector: rec(p.metric).selector }) };
  }
  return m;
}

function metricStatusFromV1(m: Rec): Rec {
  if (m.type === 'Resource') {
    const r = rec(m.resource);
    return {
      type: 'Resource',
      resource: { name: r.name, current: compact({ averageValue: r.currentAverageValue, averageUtilization: r.currentAverageUtilization }) },
    };
  }
  if (m.type === 'Pods') {
    const p = rec(m.pods);
    return { type: 'Pods', pods: { metric: compact({ name: p.metricName, selector: p.selector }), current: { averageValue: p.currentAverageValue } } };
  }
  return m;
}

function parseAnnotation(annotations: Record<string, string>, key: string): unknown {
  const text = annotations[key];
  if (text === undefined) return undefined;
  delete annotations[key];
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function hpaV2ToV1(h: KubeObject): KubeObject {
  const spec = rec(h.spec);
  const status = rec(h.status);
  const annotations: Record<string, string> = { ...(h.metadata.annotations ?? {}) };
  const metrics = arr(spec.metrics).map(rec);
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  if (others.length) annotations[METRICS] = JSON.stringify(others.map(metricSpecToV1));
  if (isRec(spec.behavior)) annotations[BEHAVIOR] = JSON.stringify(spec.behavior);
  const currents = arr(status.currentMetrics).map(rec);
  const currentCpu = currents.find((m) => m.type === 'Resource' && rec(m.resource).name === 'cpu');
  const otherCurrents = currents.filter((m) => m !== currentCpu);
  if (otherCurrents.length) annotations[CURRENT_METRICS] = JSON.stringify(otherCurrents.map(metricStatusToV1));
  if (arr(status.conditions).length) annotations[CONDITIONS] = JSON.stringify(status.conditions);
  const metadata = { ...h.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const out: Rec = {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: compact({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      targetCPUUtilizationPercentage: cpu ? rec(rec(cpu.resource).target).averageUtilization : undefined,
    }),
  };
  if (h.status !== undefined) {
    out.status = compact({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: currentCpu ? rec(rec(currentCpu.resource).current).averageUtilization : undefined,
    });
  }
  return out as KubeObject;
}

function hpaV1ToV2(h: KubeObject): KubeObject {
  const spec = rec(h.spec);
  const status = rec(h.status);
  const annotations: Record<string, string> = { ...(h.metadata?.annotations ?? {}) };
  const metrics: Rec[] = [];
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  }
  for (const m of arr(parseAnnotation(annotations, METRICS)).map(rec)) metrics.push(metricSpecFromV1(m));
  const behavior = parseAnnotation(annotations, BEHAVIOR);
  const currentMetrics: Rec[] = [];
  if (typeof status.currentCPUUtilizationPercentage === 'number') {
    currentMetrics.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } });
  }
  for (const m of arr(parseAnnotation(annotations, CURRENT_METRICS)).map(rec)) currentMetrics.push(metricStatusFromV1(m));
  const conditions = parseAnnotation(annotations, CONDITIONS);
  const metadata = { ...h.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const out: Rec = {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    metadata,
    spec: compact({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics: metrics.length ? metrics : undefined,
      behavior: isRec(behavior) ? behavior : undefined,
    }),
  };
  if (h.status !== undefined) {
    out.status = compact({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas || undefined,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentMetrics: currentMetrics.length ? currentMetrics : undefined,
      conditions: Array.isArray(conditions) && conditions.length ? conditions : undefined,
    });
  }
  return out as KubeObject;
}
