// The RBAC permission a request needs, from a table: method + path shape + query → verb (as a v1.32
// kube-apiserver's RequestInfoFactory decides it), and the requests every authenticated user may already make
// (the bootstrap roles system:discovery, system:basic-user, system:public-info-viewer).
import { type UrlAnatomy, rbacResource, urlAnatomy } from './url-anatomy.js';

export type RbacVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** What a resource request looks like, as far as the verb goes. */
type Shape = 'collection' | 'object' | 'subresource';

interface VerbRow {
  method: string;
  shape?: Shape;
  /** Only for these subresources. */
  subresources?: readonly string[];
  /** Only when the query has watch=true (or the /watch/ prefix is used). */
  watch?: boolean;
  verb: RbacVerb;
  why: string;
}

const STREAMING_SUBRESOURCES = ['exec', 'attach', 'portforward'] as const;

/** First matching row wins. */
export const VERB_TABLE: readonly VerbRow[] = [
  {
    method: 'GET',
    subresources: STREAMING_SUBRESOURCES,
    shape: 'subresource',
    verb: 'get',
    why: 'kubectl v1.32 opens exec/attach/port-forward as a WebSocket upgrade of a GET, which the apiserver authorizes as get',
  },
  {
    method: 'POST',
    subresources: STREAMING_SUBRESOURCES,
    shape: 'subresource',
    verb: 'create',
    why: 'the SPDY fallback (older kubectl) POSTs the upgrade, which the apiserver authorizes as create',
  },
  { method: 'GET', watch: true, verb: 'watch', why: 'a GET with watch=true streams changes: verb watch' },
  { method: 'GET', shape: 'collection', verb: 'list', why: 'a GET of a whole collection: verb list' },
  { method: 'GET', shape: 'object', verb: 'get', why: 'a GET of one named object: verb get' },
  { method: 'GET', shape: 'subresource', verb: 'get', why: 'a GET of a subresource (pods/log, deployments/scale …): verb get on that subresource' },
  { method: 'HEAD', verb: 'get', why: 'HEAD is authorized as get' },
  { method: 'POST', shape: 'collection', verb: 'create', why: 'a POST to a collection creates an object: verb create' },
  {
    method: 'POST',
    shape: 'subresource',
    verb: 'create',
    why: 'a POST to a subresource (serviceaccounts/token, pods/eviction …): verb create on that subresource',
  },
  { method: 'PUT', verb: 'update', why: 'a PUT replaces the object: verb update' },
  { method: 'PATCH', verb: 'patch', why: 'a PATCH (strategic merge, merge, JSON or server-side apply): verb patch' },
  { method: 'DELETE', shape: 'collection', verb: 'deletecollection', why: 'a DELETE of a whole collection: verb deletecollection' },
  { method: 'DELETE', verb: 'delete', why: 'a DELETE of one named object: verb delete' },
];

/** Rules every authenticated user already has from the bootstrap roles (kube-apiserver's bootstrappolicy). */
export const EVERYONE_HAS: readonly { role: string; nonResourceURLs?: readonly string[]; apiGroup?: string; resources?: readonly string[]; verb: string }[] = [
  {
    role: 'system:discovery',
    verb: 'get',
    nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'],
  },
  { role: 'system:public-info-viewer', verb: 'get', nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
  { role: 'system:basic-user', verb: 'create', apiGroup: 'authorization.k8s.io', resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  { role: 'system:basic-user', verb: 'create', apiGroup: 'authentication.k8s.io', resources: ['selfsubjectreviews'] },
];

/** What one request needs from RBAC. */
export interface Permission {
  verb: string;
  /** Resource requests: the API group ("" for core), the resource (`pods/log` with a subresource), namespace ("" cluster-wide) and name. */
  apiGroup?: string;
  resource?: string;
  namespace?: string;
  resourceName?: string;
  /** Non-resource requests: the path. */
  nonResourceURL?: string;
  /** The bootstrap role that already grants it to every authenticated user, if any. */
  everyone?: string;
  why: string;
}

function queryValue(query: readonly (readonly [string, string])[], key: string): string | undefined {
  return query.find(([k]) => k === key)?.[1];
}

/** Go's strconv.ParseBool truthy values (how the apiserver reads watch=). */
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

function matchesUrl(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

export function permissionFor(
  req: { method: string; path: string; query: readonly (readonly [string, string])[] },
  anatomy: UrlAnatomy = urlAnatomy(req.path),
): Permission {
  const method = req.method.toUpperCase();
  if (!anatomy.isResource) {
    const verb = method === 'HEAD' ? 'get' : method.toLowerCase();
    const path =
      '/' +
      req.path
        .split('/')
        .filter((p) => p !== '')
        .join('/');
    const everyone = EVERYONE_HAS.find((r) => r.verb === verb && r.nonResourceURLs?.some((u) => matchesUrl(u, path)))?.role;
    return { verb, nonResourceURL: path, everyone, why: `a non-resource URL: verb ${verb} (the HTTP method, lower case) on the path` };
  }
  const shape: Shape = anatomy.subresource ? 'subresource' : anatomy.name ? 'object' : 'collection';
  const watch = anatomy.watchPrefix || TRUE.has(queryValue(req.query, 'watch') ?? '');
  const row = VERB_TABLE.find(
    (r) =>
      r.method === method &&
      (r.shape === undefined || r.shape === shape) &&
      (r.subresources === undefined || r.subresources.includes(anatomy.subresource)) &&
      (r.watch === undefined || r.watch === watch),
  );
  const verb = row?.verb ?? method.toLowerCase();
  const resource = rbacResource(anatomy);
  const everyone = EVERYONE_HAS.find((r) => r.verb === verb && r.apiGroup === anatomy.group && r.resources?.includes(resource))?.role;
  return {
    verb,
    apiGroup: anatomy.group,
    resource,
    namespace: anatomy.namespace,
    resourceName: anatomy.name || undefined,
    everyone,
    why: row?.why ?? `no rule for ${method}: the lower-case method`,
  };
}

/** One line: `get pods/log in API group "" in namespace "default" (name x)`. */
export function permissionText(p: Permission): string {
  if (p.nonResourceURL !== undefined) return `${p.verb} on the non-resource URL ${p.nonResourceURL}`;
  const scope = p.namespace ? `in namespace "${p.namespace}"` : 'cluster-wide';
  const name = p.resourceName ? ` (resourceName "${p.resourceName}")` : '';
  return `${p.verb} ${p.resource} in API group "${p.apiGroup}" ${scope}${name}`;
}

/** The `kcurl auth can-i …` line that checks a permission. */
export function canICommand(p: Permission, quote: (s: string) => string): string {
  if (p.nonResourceURL !== undefined) return `kcurl auth can-i ${p.verb} ${quote(p.nonResourceURL)}`;
  const target = (p.apiGroup ? `${p.resource!.split('/')[0]}.${p.apiGroup}` : p.resource!.split('/')[0]) + (p.resourceName ? `/${p.resourceName}` : '');
  const sub = p.resource!.includes('/') ? ` --subresource=${p.resource!.split('/').slice(1).join('/')}` : '';
  const ns = p.namespace ? ` -n ${quote(p.namespace)}` : '';
  return `kcurl auth can-i ${p.verb} ${quote(target)}${sub}${ns}`;
}
