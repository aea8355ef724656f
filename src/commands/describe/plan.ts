// kcurl describe: the requests kubectl describe sends, as pure step builders. kubectl's resource builder
// reads (or lists) the objects first; then each kind's describer reads its object again and lists what it
// shows beside it (events by involvedObject, a Deployment's ReplicaSets, a Node's pods, …). Steps that need
// an earlier answer (a uid, a selector) are built from that answer by the describers in describers.ts.
import type { ApiResource } from '../../kube/resources.js';
import { apiPath } from '../../kube/resources.js';
import { ACCEPT, type RequestPlan, type RequestStep, pathSegment, stepKind } from '../../plan/request-plan.js';
import type { DescribeOptions } from './options.js';

export interface DescribeTarget {
  resource: ApiResource;
  names: string[];
}

/** kubectl's typed describers ask for protobuf; kcurl reads the same paths as JSON. */
export const PROTOBUF_NOTE =
  'kubectl describe asks for protobuf (Accept: application/vnd.kubernetes.protobuf,application/json) on every request after the first; kcurl asks for JSON, the same paths and queries';

export function resourceLabel(r: ApiResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

function step(path: string, query: [string, string][], purpose: string): RequestStep {
  const read: RequestStep = { method: 'GET', path, query, headers: [['Accept', ACCEPT.json]], stream: false, purpose, role: 'call' };
  return { ...read, kind: stepKind(read) };
}

function limitQuery(chunkSize: number): [string, string][] {
  return chunkSize > 0 ? [['limit', String(chunkSize)]] : [];
}

/** The resource builder's GET of a named object (cli-runtime resource.Builder, unstructured JSON). */
export function builderGetStep(r: ApiResource, namespace: string, name: string): RequestStep {
  const where = r.namespaced ? ` in namespace ${namespace}` : '';
  return step(apiPath(r, { namespace: r.namespaced ? namespace : undefined, name }), [], `find ${r.singularName || r.resource} "${name}"${where}`);
}

/** After a NotFound outside the default namespace, the builder checks that the namespace exists. */
export { namespaceCheckStep } from '../../plan/namespace-check.js';

/** The resource builder's list (TYPE, TYPE -l SEL, -A, and the name-prefix search). */
export function builderListStep(r: ApiResource, opts: { namespace: string; allNamespaces: boolean; labelSelector?: string; chunkSize: number }): RequestStep {
  const ns = r.namespaced && !opts.allNamespaces ? opts.namespace : undefined;
  const query: [string, string][] = [];
  if (opts.labelSelector) query.push(['labelSelector', opts.labelSelector]);
  query.push(...limitQuery(opts.chunkSize));
  const where = ns ? ` in namespace ${ns}` : r.namespaced ? ' in all namespaces' : '';
  return step(apiPath(r, { namespace: ns }), query, `list ${resourceLabel(r)}${where}`);
}

/** The describer's own GET of the object it describes (a second read, unless the object came from a file). */
export function describerGetStep(r: ApiResource, namespace: string, name: string, fromFile = false): RequestStep {
  const where = r.namespaced ? ` in namespace ${namespace}` : '';
  const why = fromFile ? "(the describer's read; the file named it)" : "again (the describer's own read)";
  return step(apiPath(r, { namespace: r.namespaced ? namespace : undefined, name }), [], `read ${r.singularName || r.resource} "${name}"${where} ${why}`);
}

export interface ObjectRef {
  name: string;
  namespace: string;
  kind?: string;
  uid?: string;
}

/**
 * client-go's Events(ns).GetFieldSelector(name, namespace, kind, uid). Go builds it from a map, so kubectl's
 * term order changes from run to run; kcurl always sends name, namespace, kind, uid.
 */
export function eventFieldSelector(ref: ObjectRef): string {
  const terms = [`involvedObject.name=${ref.name}`, `involvedObject.namespace=${ref.namespace}`];
  if (ref.kind) terms.push(`involvedObject.kind=${ref.kind}`);
  if (ref.uid) terms.push(`involvedObject.uid=${ref.uid}`);
  return terms.join(',');
}

/** describe's searchEvents: events in the object's namespace (all namespaces for cluster objects). */
export function eventsStep(ref: ObjectRef, chunkSize: number): RequestStep {
  const path = ref.namespace ? `/api/v1/namespaces/${pathSegment(ref.namespace)}/events` : '/api/v1/events';
  return step(
    path,
    [['fieldSelector', eventFieldSelector(ref)], ...limitQuery(chunkSize)],
    `list the events about ${ref.kind ? ref.kind + ' ' : ''}"${ref.name}"`,
  );
}

/** A list a describer makes beside the object (core or named group), optionally by label or field selector. */
export function relatedListStep(
  where: { group?: string; version: string; resource: string; namespace?: string },
  opts: { labelSelector?: string; fieldSelector?: string; chunkSize?: number; purpose: string },
): RequestStep {
  let path = where.group ? `/apis/${pathSegment(where.group)}/${pathSegment(where.version)}` : `/api/${pathSegment(where.version)}`;
  if (where.namespace) path += `/namespaces/${pathSegment(where.namespace)}`;
  path += `/${pathSegment(where.resource)}`;
  const query: [string, string][] = [];
  if (opts.labelSelector !== undefined) query.push(['labelSelector', opts.labelSelector]);
  if (opts.fieldSelector !== undefined) query.push(['fieldSelector', opts.fieldSelector]);
  if (opts.chunkSize !== undefined) query.push(...limitQuery(opts.chunkSize));
  return step(path, query, opts.purpose);
}

/** A single related object (a Node's Lease). */
export function relatedGetStep(path: string, purpose: string): RequestStep {
  return step(path, [], purpose);
}

/** The requests known before anything is sent: the builder's reads, as --offline shows them. */
export function planDescribe(opts: DescribeOptions, targets: DescribeTarget[], namespace: string): RequestPlan {
  const steps: RequestStep[] = [];
  for (const t of targets) {
    if (t.names.length === 0)
      steps.push(builderListStep(t.resource, { namespace, allNamespaces: opts.allNamespaces, labelSelector: opts.labelSelector, chunkSize: opts.chunkSize }));
    else for (const name of t.names) steps.push(builderGetStep(t.resource, namespace, name));
  }
  const notes = [
    'for each object found, kubectl then reads it again and lists what the describer shows beside it: events (fieldSelector involvedObject.name=…,involvedObject.namespace=…,involvedObject.uid=… from the object), and for some kinds ReplicaSets, pods, EndpointSlices, Secrets, quotas or the node Lease; those requests need the answers above, so only a live run can show them',
    PROTOBUF_NOTE,
  ];
  return { command: 'kubectl describe', steps, notes };
}

export function withNotes(plan: RequestPlan, steps: RequestStep[]): RequestPlan {
  return { command: plan.command, steps, notes: [PROTOBUF_NOTE] };
}
