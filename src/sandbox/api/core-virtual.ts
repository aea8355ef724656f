// Two core v1 resources with no storage of their own: `bindings` (and `pods/binding`), which assign a pod to
// a node as the scheduler does (pkg/registry/core/pod/storage BindingREST), and the read-only
// `componentstatuses`, which a v1.32 server still answers (deprecated) from probes of its components.
import { ApiError, badRequest, conflict, invalid, methodNotAllowed, notFound } from '../api-error.js';
import type { ApiServer } from '../api-server.js';
import { notSupported, required } from '../defaults/field-errors.js';
import { contentTypeOf, negotiate } from '../negotiation.js';
import { canonicalOrder, isPlainObject, rfc3339 } from '../object-meta.js';
import { parseBody } from '../request-body.js';
import { readBody, sendObject } from '../respond.js';
import type { KubeObject } from '../types.js';
import { asTable, includeObjectParam } from './reads.js';
import type { ResourceRequest } from './resources.js';

type Rec = Record<string, unknown>;
const PODS = { group: '', resource: 'pods' };

/** POST …/bindings or …/pods/NAME/binding: sets spec.nodeName and PodScheduled=True; answers a 201 Status. */
export async function handleBinding(api: ApiServer, r: ResourceRequest): Promise<void> {
  if (r.method !== 'POST') {
    r.req.resume();
    throw methodNotAllowed();
  }
  const body = await readBody(r.req);
  const parsed = parseBody(body, contentTypeOf(r.req.headers['content-type']) || 'application/json', 'Binding');
  if (!isPlainObject(parsed)) throw badRequest('the object provided is unrecognized (must be of type Binding)');
  const binding = parsed as Rec;
  const meta = isPlainObject(binding.metadata) ? binding.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (r.subresource === 'binding' && name !== r.name) throw badRequest('name in URL does not match name in Binding object');
  if (typeof meta.namespace === 'string' && meta.namespace !== '' && meta.namespace !== r.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const target = isPlainObject(binding.target) ? binding.target : {};
  const errors = [];
  if (target.kind !== undefined && target.kind !== '' && target.kind !== 'Node') errors.push(notSupported('target.kind', target.kind, ['Node']));
  if (typeof target.name !== 'string' || target.name === '') errors.push(required('target.name', ''));
  if (errors.length) throw invalid('', 'Binding', name, errors);

  const pod = api.store.get(PODS, r.namespace, name);
  if (!pod) throw notFound(PODS, name);
  const spec = (pod.spec ?? {}) as Rec;
  const binding409 = (why: string) => conflict({ group: '', resource: 'pods/binding' }, name, why);
  if (pod.metadata.deletionTimestamp) throw binding409(`pod ${name} is being deleted, cannot be assigned to a host`);
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') throw binding409(`pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
  const dryRun = r.query.getAll('dryRun').length > 0;
  if (!dryRun) {
    const status = structuredClone((pod.status ?? {}) as Rec);
    const conditions = (Array.isArray(status.conditions) ? (status.conditions as Rec[]) : []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(api.opts.now()) });
    status.conditions = conditions;
    const annotations = isPlainObject(meta.annotations)
      ? { ...(pod.metadata.annotations ?? {}), ...(meta.annotations as Record<string, string>) }
      : pod.metadata.annotations;
    const bound = canonicalOrder({
      ...structuredClone(pod),
      metadata: { ...pod.metadata, ...(annotations ? { annotations } : {}) },
      spec: { ...spec, nodeName: target.name },
      status,
    });
    api.store.put(PODS, bound as KubeObject);
  }
  sendObject(r.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

const COMPONENTS = ['scheduler', 'controller-manager', 'etcd-0'];
const DEPRECATED = 'v1 ComponentStatus is deprecated in v1.19+';

function componentStatus(name: string): KubeObject {
  return {
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name, creationTimestamp: null },
    conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }],
  } as unknown as KubeObject;
}

/** GET componentstatuses[/NAME]: every component of the simulated control plane is healthy. */
export function handleComponentStatuses(api: ApiServer, r: ResourceRequest): void {
  r.req.resume();
  if (r.method !== 'GET' && r.method !== 'HEAD') throw methodNotAllowed();
  if (r.query.get('watch') === 'true' || r.query.get('watch') === '1' || r.info.watchPath) throw methodNotAllowed();
  const n = negotiate(r.req.headers.accept, ['Table']);
  const warnings = [DEPRECATED];
  if (r.name) {
    // componentstatus REST.Get returns a plain error, which the server answers as a 500 with reason Unknown.
    if (!COMPONENTS.includes(r.name)) throw new ApiError(500, 'Unknown', `Component not found: ${r.name}`);
    const obj = componentStatus(r.name);
    sendObject(r.res, 200, n.transform === 'Table' ? asTable(api, r.def, [obj], includeObjectParam(r.query)) : obj, { negotiated: n, warnings });
    return;
  }
  const items = COMPONENTS.map(componentStatus);
  const body =
    n.transform === 'Table'
      ? asTable(api, r.def, items, includeObjectParam(r.query))
      : { kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items: items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest) };
  sendObject(r.res, 200, body, { negotiated: n, warnings });
}
