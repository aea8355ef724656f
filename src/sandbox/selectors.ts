// Label and field selectors as the server evaluates them: which fields each resource supports (the registry
// strategies' GetAttrs / AddFieldLabelConversionFunc) and the real 400 messages for bad or unsupported ones.
// Parsing is apimachinery's grammar from src/kube/selectors.ts.
import { matchesLabels, parseFieldSelector as parseFieldTerms, parseLabelSelector, SelectorError, type Requirement } from '../kube/selectors.js';
import { badRequest } from './api-error.js';
import type { KubeObject } from './types.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

const get = (obj: unknown, path: string[]): unknown => {
  let cur = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
};

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));

type FieldGetter = (obj: KubeObject) => string;

const path =
  (p: string): FieldGetter =>
  (obj) =>
    str(get(obj, p.split('.')));

// Supported field labels per group/resource, beyond metadata.name and metadata.namespace.
const FIELDS: Record<string, Record<string, FieldGetter>> = {
  '/pods': {
    'spec.nodeName': path('spec.nodeName'),
    'spec.restartPolicy': path('spec.restartPolicy'),
    'spec.schedulerName': path('spec.schedulerName'),
    'spec.serviceAccountName': path('spec.serviceAccountName'),
    'spec.hostNetwork': (o) => String(Boolean(get(o, ['spec', 'hostNetwork']))),
    'status.phase': path('status.phase'),
    'status.podIP': path('status.podIP'),
    'status.podIPs': (o) => ((get(o, ['status', 'podIPs']) as { ip?: string }[] | undefined) ?? []).map((p) => p.ip ?? '').join(','),
    'status.nominatedNodeName': path('status.nominatedNodeName'),
  },
  '/events': {
    'involvedObject.kind': path('involvedObject.kind'),
    'involvedObject.namespace': path('involvedObject.namespace'),
    'involvedObject.name': path('involvedObject.name'),
    'involvedObject.uid': path('involvedObject.uid'),
    'involvedObject.apiVersion': path('involvedObject.apiVersion'),
    'involvedObject.resourceVersion': path('involvedObject.resourceVersion'),
    'involvedObject.fieldPath': path('involvedObject.fieldPath'),
    reason: path('reason'),
    reportingComponent: path('reportingComponent'),
    source: path('source.component'),
    type: path('type'),
  },
  '/secrets': { type: path('type') },
  '/namespaces': { 'status.phase': path('status.phase') },
  '/nodes': { 'spec.unschedulable': (o) => String(Boolean(get(o, ['spec', 'unschedulable']))) },
  '/persistentvolumeclaims': { name: path('metadata.name') },
  'apps/replicasets': { 'status.replicas': (o) => str(get(o, ['status', 'replicas']) ?? 0) },
  'batch/jobs': { 'status.successful': (o) => str(get(o, ['status', 'succeeded']) ?? 0) },
  'certificates.k8s.io/certificatesigningrequests': { 'spec.signerName': path('spec.signerName') },
};

/** Parses a field selector with apimachinery's grammar; a bad one is a 400 with apimachinery's text. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  try {
    return parseFieldTerms(selector).map((t) => ({ field: t.key, op: t.op === '!=' ? '!=' : '=', value: t.value }));
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.reason);
    throw e;
  }
}

/** A label selector predicate, or a 400 with apimachinery's parse error. */
export function labelMatcher(selector: string | null): ((labels: Record<string, string> | undefined) => boolean) | undefined {
  if (!selector) return undefined;
  let reqs: Requirement[];
  try {
    reqs = parseLabelSelector(selector);
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.reason);
    throw e;
  }
  if (reqs.length === 0) return undefined;
  return (labels) => matchesLabels(reqs, labels);
}

/**
 * A predicate for a list/watch, or a 400 `field label not supported: x` when the resource cannot
 * select on a field. Custom resources support only metadata.name and metadata.namespace.
 */
export function fieldMatcher(group: string, resource: string, selector: string | null, namespaced: boolean): ((obj: KubeObject) => boolean) | undefined {
  if (!selector) return undefined;
  const reqs = parseFieldSelector(selector);
  if (reqs.length === 0) return undefined;
  const supported = FIELDS[`${group}/${resource}`] ?? {};
  const getters = reqs.map((r) => {
    if (r.field === 'metadata.name') return (o: KubeObject) => o.metadata.name;
    if (r.field === 'metadata.namespace' && namespaced) return (o: KubeObject) => o.metadata.namespace ?? '';
    const g = supported[r.field];
    if (!g) throw badRequest(`field label not supported: ${r.field}`);
    return g;
  });
  return (obj) => reqs.every((r, i) => (getters[i](obj) === r.value) === (r.op === '='));
}
