// Subresources with their own types: `scale` (autoscaling/v1 Scale over spec.replicas), `log` (the
// container checks here, the log itself from the kubelet simulation when one runs), and
// serviceaccounts `token` (TokenRequest, answered with a signed JWT).
import { badRequest, methodNotAllowed, notFound, unsupportedMediaType, conflict, OBJECT_MODIFIED } from '../api-error.js';
import type { ApiServer } from '../api-server.js';
import { isPlainObject, rfc3339, deepClone } from '../object-meta.js';
import { contentTypeOf, negotiate } from '../negotiation.js';
import { applyMergePatch } from '../../kube/patch/merge-patch.js';
import { applyJsonPatchRequest } from '../patch/json-patch.js';
import { parseBody, parseFieldValidation, parseJson } from '../request-body.js';
import { readBody, sendObject, sendText, baseHeaders } from '../respond.js';
import type { KubeObject } from '../types.js';
import type { ResourceRequest } from './resources.js';
import { fieldManagerOf } from './writes.js';
import { encodeManagedFields, trackUpdate } from '../managed-fields.js';

const gr = (r: ResourceRequest) => ({ group: r.def.group, resource: r.def.resource });

/** metav1.LabelSelector as the string Scale.status.selector carries. */
export function selectorString(selector: unknown): string {
  if (!isPlainObject(selector)) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries((selector.matchLabels as Record<string, string>) ?? {})) parts.push(`${k}=${v}`);
  for (const e of (selector.matchExpressions as { key: string; operator: string; values?: string[] }[]) ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.sort().join(',');
}

function scaleOf(obj: KubeObject): Record<string, unknown> {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    // A ReplicationController's selector is a plain label map (its Scale says it as matchLabels would).
    status: { replicas: status.replicas ?? 0, selector: selectorString(obj.kind === 'ReplicationController' ? { matchLabels: spec.selector } : spec.selector) },
  };
}

export async function handleScale(api: ApiServer, r: ResourceRequest): Promise<void> {
  const current = api.store.get(gr(r), r.namespace, r.name);
  const method = r.method;
  if (method === 'GET') {
    r.req.resume();
    if (!current) throw notFound(gr(r), r.name);
    sendObject(r.res, 200, scaleOf(current), { negotiated: negotiate(r.req.headers.accept) });
    return;
  }
  if (method !== 'PUT' && method !== 'PATCH') throw methodNotAllowed();
  const body = await readBody(r.req);
  if (!current) throw notFound(gr(r), r.name);
  const before = scaleOf(current);
  let scale: unknown;
  const ct = contentTypeOf(r.req.headers['content-type']);
  if (method === 'PUT') scale = parseBody(body, ct, 'Scale');
  else {
    const text = body.toString('utf8');
    const fieldValidation = parseFieldValidation(r.query.get('fieldValidation'));
    // As for the main resource (writes.ts): the merge patcher's strict decoding prefixes encoding/json's error.
    const prefix = ct === 'application/merge-patch+json' && fieldValidation !== 'Ignore' ? 'error decoding patch: ' : '';
    if (ct === 'application/json-patch+json') scale = applyJsonPatchRequest(before, text, fieldValidation).patched;
    else if (ct === 'application/merge-patch+json' || ct === 'application/strategic-merge-patch+json')
      scale = applyMergePatch(
        before,
        parseJson(text || 'null', (err) => `${prefix}${err}`),
      );
    else throw unsupportedMediaType(['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']);
  }
  if (!isPlainObject(scale)) throw badRequest('the object provided is unrecognized (must be of type Scale)');
  const rv = isPlainObject(scale.metadata) ? scale.metadata.resourceVersion : undefined;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(gr(r), r.name, OBJECT_MODIFIED);
  const replicas = isPlainObject(scale.spec) ? scale.spec.replicas : undefined;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)) {
    throw badRequest(`Scale.autoscaling "${r.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
  }
  const next = deepClone(current);
  next.spec = { ...((next.spec as Record<string, unknown>) ?? {}), replicas: replicas ?? 0 };
  const updated = api.writer.patched(r.def, current, next, {
    dryRun: r.query.getAll('dryRun').includes('All'),
    fieldManager: fieldManagerOf(r),
    subresource: 'scale',
  });
  sendObject(r.res, 200, scaleOf(updated));
}

export function handleLog(api: ApiServer, r: ResourceRequest): void {
  r.req.resume();
  if (r.method !== 'GET') throw methodNotAllowed();
  const pod = api.store.get(gr(r), r.namespace, r.name);
  if (!pod) throw notFound(gr(r), r.name);
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const names = [
    ...((spec.initContainers as { name: string }[]) ?? []),
    ...((spec.containers as { name: string }[]) ?? []),
    ...((spec.ephemeralContainers as { name: string }[]) ?? []),
  ].map((c) => c.name);
  const container = r.query.get('container');
  if (container) {
    if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${r.name}`);
  } else {
    const main = ((spec.containers as { name: string }[]) ?? []).map((c) => c.name);
    if (main.length > 1) throw badRequest(`a container name must be specified for pod ${r.name}, choose one of: [${main.join(' ')}]`);
  }
  if (api.podLogs) {
    // Without ?container= the pod's only app container (init containers need naming).
    api.podLogs(pod, container ?? ((spec.containers as { name: string }[]) ?? [])[0]?.name ?? '', r);
    return;
  }
  // Nothing runs containers yet: an unscheduled pod gets 204 as from kube-apiserver, a scheduled one no output.
  if (!spec.nodeName) {
    baseHeaders(r.res);
    r.res.writeHead(204);
    r.res.end();
    return;
  }
  sendText(r.res, 200, '');
}

export async function handleToken(api: ApiServer, r: ResourceRequest): Promise<void> {
  if (r.method !== 'POST') throw methodNotAllowed();
  const body = await readBody(r.req);
  const sa = api.store.get(gr(r), r.namespace, r.name);
  if (!sa) throw notFound(gr(r), r.name);
  const tokens = api.opts.tokens;
  if (!tokens) throw notFound(gr(r), r.name);
  const request = body.length ? parseBody(body, contentTypeOf(r.req.headers['content-type']), 'TokenRequest') : {};
  const spec = (isPlainObject(request) && isPlainObject(request.spec) ? request.spec : {}) as {
    audiences?: string[];
    expirationSeconds?: number;
    boundObjectRef?: unknown;
  };
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds !== null && spec.expirationSeconds < 600) {
    throw badRequest(
      `TokenRequest.authentication.k8s.io "${r.name}" is invalid: spec.expirationSeconds: Invalid value: ${spec.expirationSeconds}: may not specify a duration less than 10 minutes`,
    );
  }
  const issued = tokens.issue(sa, { audiences: spec.audiences ?? undefined, expirationSeconds: spec.expirationSeconds ?? undefined });
  const now = api.opts.now();
  const result: Record<string, unknown> = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: r.name, namespace: r.namespace, creationTimestamp: rfc3339(now) },
    spec: { audiences: issued.audiences, expirationSeconds: issued.expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token: issued.token, expirationTimestamp: rfc3339(issued.expirationTimestamp) },
  };
  const typed = api.openapi.schemaFor('authentication.k8s.io', 'v1', 'TokenRequest');
  const entries = trackUpdate(
    { typed, manager: fieldManagerOf(r), apiVersion: 'authentication.k8s.io/v1', subresource: 'token', now, ignore: ['status'] },
    undefined,
    { spec: isPlainObject(request) && isPlainObject(request.spec) ? request.spec : {} },
    [],
  );
  if (entries.length) (result.metadata as Record<string, unknown>).managedFields = encodeManagedFields(entries);
  sendObject(r.res, 201, result);
}
