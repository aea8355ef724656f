// kcurl get: GetOptions + resolved resource types → the RequestPlan kubectl get sends (no I/O).
import type { ApiResource } from '../../kube/resources.js';
import { apiPath } from '../../kube/resources.js';
import { ACCEPT, type RequestPlan, type RequestStep } from '../../plan/request-plan.js';
import { namespaceCheckStep } from '../../plan/namespace-check.js';
import type { GetOptions } from './options.js';

export interface ResolvedTarget {
  resource: ApiResource;
  names: string[];
}

export function describeResource(r: ApiResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** Whether kubectl asks for a server-side Table: human-readable output (kubectl get transformRequests). */
export function wantsTable(opts: GetOptions): boolean {
  return opts.output.kind === 'table';
}

export function getStep(opts: GetOptions, target: ResolvedTarget, namespace: string, name?: string): RequestStep {
  const r = target.resource;
  const ns = r.namespaced && !opts.allNamespaces ? namespace : undefined;
  const query: [string, string][] = [];
  const where = ns ? ` in namespace ${ns}` : r.namespaced ? ' in all namespaces' : '';
  let purpose: string;
  let paged = false;
  if (name === undefined) {
    if (opts.labelSelector) query.push(['labelSelector', opts.labelSelector]);
    if (opts.fieldSelector) query.push(['fieldSelector', opts.fieldSelector]);
    // kubectl get: --sort-by disables chunking (it must see the whole list to sort).
    if (opts.chunkSize > 0 && !opts.sortBy) {
      query.push(['limit', String(opts.chunkSize)]);
      paged = true;
    }
    purpose = `list ${describeResource(r)}${where}`;
  } else {
    purpose = `get ${r.singularName || r.resource} "${name}"${where}`;
  }
  const table = wantsTable(opts);
  // kubectl get: sorting a table needs the objects' fields, so it asks for includeObject=Object.
  if (table && opts.sortBy) query.push(['includeObject', 'Object']);
  const step: RequestStep = {
    method: 'GET',
    path: apiPath(r, { namespace: ns, name }),
    query,
    headers: [['Accept', table ? ACCEPT.table : ACCEPT.json]],
    stream: false,
    purpose,
    kind: name === undefined ? 'list' : 'get',
    role: 'call',
  };
  if (paged) step.paged = true;
  return step;
}

/**
 * cli-runtime's Info.Get: when a named object of a namespaced type is NotFound in a namespace other than
 * "default", it reads that namespace (through the same client, so with the same Accept); when the namespace
 * is NotFound too, that is the error kubectl reports (namespaces "x" not found). Undefined when no check is made.
 */
export function namespaceCheckAfter(get: RequestStep, index: number, target: ResolvedTarget, namespace: string, opts: GetOptions): RequestStep | undefined {
  if (!target.resource.namespaced || opts.allNamespaces || namespace === '' || namespace === 'default') return undefined;
  return { ...namespaceCheckStep(namespace), headers: get.headers, onlyAfter: { step: index, status: 404 } };
}

export function planGet(opts: GetOptions, targets: ResolvedTarget[], namespace: string): RequestPlan {
  const steps: RequestStep[] = [];
  for (const target of targets) {
    if (target.names.length === 0) steps.push(getStep(opts, target, namespace));
    else {
      for (const name of target.names) {
        const get = getStep(opts, target, namespace, name);
        steps.push(get);
        const check = namespaceCheckAfter(get, steps.length - 1, target, namespace, opts);
        if (check) steps.push(check);
      }
    }
  }
  return { command: 'kubectl get', steps };
}
