// Routing a resource request (`/api/v1/namespaces/default/pods/x/status`) to its verb handler, with the
// route checks kube-apiserver's installer makes: unknown resource or subresource → 404, a verb the
// resource does not serve → 405, namespaced paths only for namespaced kinds.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, pathNotFound } from '../api-error.js';
import type { ApiServer } from '../api-server.js';
import type { RequestInfo } from '../request-info.js';
import { parseBool } from '../request-info.js';
import type { ResourceDef } from '../registry.js';
import type { UserInfo } from '../types.js';
import { handleBinding, handleComponentStatuses } from './core-virtual.js';
import { getObject, listObjects } from './reads.js';
import { handleReview } from './reviews.js';
import { handleLog, handleScale, handleToken } from './subresources.js';
import { handlePodStream } from './pod-streams.js';
import { watchObjects } from './watch.js';
import { createObject, deleteCollection, deleteObject, patchObject, replaceObject } from './writes.js';

export interface HttpContext {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  user: UserInfo;
  method: string;
}

/** A routed resource request. `namespace` is '' for cluster-scoped kinds and all-namespace lists. */
export interface ResourceRequest extends HttpContext {
  def: ResourceDef;
  namespace: string;
  name: string;
  subresource: string;
}

export async function handleResource(api: ApiServer, ctx: HttpContext): Promise<void> {
  const { info, method } = ctx;
  const def = api.resource(info.apiGroup, info.apiVersion, info.resource);
  if (!def) {
    ctx.req.resume();
    throw pathNotFound();
  }
  // /api/v1/namespaces/foo is the namespace itself; other cluster-scoped kinds take no namespace.
  const isNamespaceObject = def.group === '' && def.resource === 'namespaces';
  if (!def.namespaced && info.namespace && !isNamespaceObject) throw pathNotFound();
  const namespace = def.namespaced ? info.namespace : '';
  const subresource = info.subresource;
  if (subresource && !def.subresources.some((s) => s.name === subresource)) throw pathNotFound();
  if (subresource && !info.name) throw pathNotFound();
  // Namespaced kinds: collection verbs may span namespaces, but a named object needs its namespace.
  if (def.namespaced && !namespace && (info.name || !['GET', 'HEAD'].includes(method))) {
    ctx.req.resume();
    if (info.name) throw pathNotFound();
    throw methodNotAllowed();
  }
  const r: ResourceRequest = { ...ctx, def, namespace, name: info.name, subresource };

  if (def.group === '' && (def.resource === 'bindings' || subresource === 'binding')) return handleBinding(api, r);
  if (def.group === '' && def.resource === 'componentstatuses') return handleComponentStatuses(api, r);
  if (def.virtual) {
    if (method !== 'POST') throw methodNotAllowed();
    await handleReview(api, r);
    return;
  }
  if (subresource === 'log') return handleLog(api, r);
  if (subresource === 'exec' || subresource === 'attach' || subresource === 'portforward') return handlePodStream(api, r);
  if (subresource === 'scale') return handleScale(api, r);
  if (subresource === 'token') return handleToken(api, r);
  if (subresource === 'finalize') {
    if (method !== 'PUT') throw methodNotAllowed();
    return replaceObject(api, { ...r, subresource: '' });
  }

  const allowed = subresource ? (def.subresources.find((s) => s.name === subresource)?.verbs ?? []) : def.verbs;
  const need = (verb: string) => {
    if (!allowed.includes(verb)) {
      ctx.req.resume();
      throw methodNotAllowed();
    }
  };
  const watchParam = parseBool(ctx.query.get('watch')) === true;
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (info.name && !watchParam && !info.watchPath) {
        need('get');
        return getObject(api, r);
      }
      need(watchParam || info.watchPath ? 'watch' : 'list');
      if (watchParam || info.watchPath) return watchObjects(api, r);
      return listObjects(api, r);
    case 'POST':
      if (info.name) throw methodNotAllowed();
      need('create');
      return createObject(api, r);
    case 'PUT':
      if (!info.name) throw methodNotAllowed();
      need('update');
      return replaceObject(api, r);
    case 'PATCH':
      if (!info.name) throw methodNotAllowed();
      need('patch');
      return patchObject(api, r);
    case 'DELETE':
      if (!info.name) {
        need('deletecollection');
        return deleteCollection(api, r);
      }
      need('delete');
      return deleteObject(api, r);
    default:
      ctx.req.resume();
      throw methodNotAllowed();
  }
}
