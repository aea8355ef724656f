// What an API request path names, read as kube-apiserver's RequestInfoFactory reads it: /api or /apis/GROUP,
// the version, namespaces/NS, the resource, the object's name and a subresource; or a non-resource URL
// (discovery, /version, /openapi/…). One parser for --explain, the error lessons and `kcurl rbac`.

export interface UrlAnatomy {
  /** A resource request (RBAC resources) or a non-resource URL (RBAC nonResourceURLs; discovery is one). */
  isResource: boolean;
  /** The path as sent, without the query. */
  path: string;
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  /** The deprecated /watch/ prefix after the version. */
  watchPrefix: boolean;
  /** Each path segment (decoded) with what it names, in order. */
  segments: { text: string; names: string }[];
}

// kube-apiserver: /api/v1/namespaces/NS/status and …/finalize are subresources of the namespace NS.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function urlAnatomy(path: string): UrlAnatomy {
  const a: UrlAnatomy = {
    isResource: false,
    path,
    group: '',
    version: '',
    namespace: '',
    resource: '',
    name: '',
    subresource: '',
    watchPrefix: false,
    segments: [],
  };
  let parts: string[] = path
    .split('/')
    .filter((p) => p !== '')
    .map(decode);
  const seg = (text: string, names: string) => a.segments.push({ text, names });
  const head = parts[0];
  if (head !== 'api' && head !== 'apis') {
    for (const p of parts) seg(p, 'part of a non-resource URL (not an API object)');
    return a;
  }
  const prefix = parts.shift()!;
  seg(prefix, prefix === 'api' ? 'the core API group (no group name: Pods, ConfigMaps, Secrets, …)' : 'a named API group follows');
  if (prefix === 'apis') {
    if (!parts.length) return a;
    a.group = parts.shift()!;
    seg(a.group, 'API group');
  }
  if (!parts.length) return a;
  a.version = parts.shift()!;
  seg(a.version, 'API version');
  if (!parts.length) return a; // discovery of a group-version
  a.isResource = true;
  if (parts[0] === 'watch') {
    a.watchPrefix = true;
    seg(parts.shift()!, 'deprecated watch prefix: stream changes');
  }
  if (parts[0] === 'namespaces' && parts.length > 1) {
    a.namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2])) {
      seg('namespaces', 'namespaced request: the namespace follows');
      seg(parts[1], 'namespace');
      parts = parts.slice(2);
    }
  }
  a.resource = parts[0] ?? '';
  if (parts.length >= 2) a.name = parts[1];
  if (parts.length >= 3) a.subresource = parts.slice(2).join('/');
  if (a.resource) seg(a.resource, a.name ? 'resource type (plural)' : 'resource type (plural): the whole collection');
  if (a.name) seg(a.name, 'object name');
  if (a.subresource) seg(a.subresource, 'subresource of the object');
  return a;
}

/** `pods`, `pods/log`: the resource as RBAC rules name it. */
export function rbacResource(a: Pick<UrlAnatomy, 'resource' | 'subresource'>): string {
  return a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
}
