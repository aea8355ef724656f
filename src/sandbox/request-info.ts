// What a request path means, as kube-apiserver's RequestInfoFactory reads it: resource or non-resource,
// group, version, namespace, resource, name, subresource and the API verb (get/list/watch/create/…).

export interface RequestInfo {
  isResourceRequest: boolean;
  /** The URL path without the query. */
  path: string;
  /** API verb for resource requests; lower-cased HTTP method otherwise. */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Name the authorizer sees: the URL name, or `metadata.name=x` of a list/watch field selector. */
  authzName: string;
  /** Deprecated `/watch/` path prefix was used. */
  watchPath: boolean;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Go's strconv.ParseBool, which is how query booleans are read. */
export function parseBool(v: string | null | undefined): boolean | undefined {
  if (v === null || v === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    authzName: '',
    watchPath: false,
  };
  let parts = path
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((p, _i, all) => p !== '' || all.length === 1);
  if (parts.length === 0 || (parts[0] !== 'api' && parts[0] !== 'apis')) return info;
  info.apiPrefix = parts[0];
  parts = parts.slice(1);
  if (info.apiPrefix === 'apis') {
    if (parts.length < 2) return info; // /apis, /apis/<group>: discovery
    info.apiGroup = parts[0];
    parts = parts.slice(1);
  }
  if (parts.length < 1) return info;
  info.apiVersion = parts[0];
  parts = parts.slice(1);
  if (parts.length === 0) return info; // /api/v1, /apis/g/v: discovery
  info.isResourceRequest = true;

  switch (method) {
    case 'POST':
      info.verb = 'create';
      break;
    case 'GET':
    case 'HEAD':
      info.verb = 'get';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = 'delete';
      break;
    default:
      info.verb = '';
  }
  if (parts[0] === 'watch') {
    info.watchPath = true;
    if (info.verb === 'get') info.verb = 'watch';
    parts = parts.slice(1);
  }
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1];
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2])) parts = parts.slice(2);
    }
  }
  info.resource = parts[0] ?? '';
  if (parts.length >= 2) info.name = parts[1];
  if (parts.length >= 3) info.subresource = parts[2];
  if (parts.length > 3) info.subresource = parts.slice(2).join('/');
  // As in kube-apiserver, /api/v1/namespaces/foo has namespace "foo" and name "foo" (RBAC sees both).
  info.authzName = info.name;

  if (!info.name && info.verb === 'get') {
    info.verb = parseBool(query.get('watch')) ? 'watch' : 'list';
    const selected = exactNameFromFieldSelector(query.get('fieldSelector'));
    if (selected) info.authzName = selected;
  } else if (info.verb === 'watch' && !info.name) {
    const selected = exactNameFromFieldSelector(query.get('fieldSelector'));
    if (selected) info.authzName = selected;
  }
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}

function exactNameFromFieldSelector(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*(?:==|=)\s*(.*?)\s*$/.exec(term);
    if (m?.[1] && !/[/%]/.test(m[1]) && m[1] !== '.' && m[1] !== '..') return m[1];
  }
  return undefined;
}
