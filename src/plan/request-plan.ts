// RequestPlan: the plain, serialisable description of the HTTP requests a command makes.
// Planners build it without I/O; renderers (REST call, curl) and the one executor consume it.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a step is for, so -v output and the snippet can label discovery apart from the real call. */
export type StepRole = 'discovery' | 'openapi' | 'lookup' | 'call';

/**
 * What a request does, stable across versions: explanations, glossaries and the RBAC verb table key on it.
 * Planners set it; stepKind() derives it from method, path, query and Content-Type for steps built without one.
 */
export type StepKind =
  | 'list'
  | 'get'
  | 'create'
  | 'update'
  | 'patch-strategic'
  | 'patch-merge'
  | 'patch-json'
  | 'apply'
  | 'delete'
  | 'deletecollection'
  | 'watch'
  | 'log'
  | 'discovery'
  | 'openapi'
  | 'version'
  | 'lookup'
  | 'review'
  | 'token'
  | 'raw';

/** The API object a request is about, as far as its path says (absent for non-resource paths). */
export interface StepResource {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name: pods, deployments. */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface RequestStep {
  method: HttpMethod;
  /** What the request does (see StepKind); stepKind(step) when unset. */
  kind?: StepKind;
  /** The object it is about; stepResource(step) reads it from the path when unset. */
  resource?: StepResource;
  /** Absolute API path with each segment already percent-encoded, no query: `/api/v1/namespaces/default/pods`. */
  path: string;
  /** Query parameters; encoded as Go's url.Values.Encode does (keys sorted, QueryEscape). */
  query: [string, string][];
  /** Request headers other than authentication, in the order they are sent. */
  headers: [string, string][];
  /** Body bytes exactly as sent (UTF-8 text); absent for bodiless requests. */
  body?: string;
  /** Content-Type of the body (also present in headers). */
  contentType?: string;
  /** The response is a stream (watch, logs -f): read it chunk by chunk, never buffered. */
  stream: boolean;
  /** One line for humans: "list pods in namespace default". */
  purpose: string;
  role: StepRole;
  /** A list read in pages (limit=N): sent again with continue=<the answer's .metadata.continue> until an answer has none. */
  paged?: boolean;
  /** Query parameters whose value comes from the (last) answer of an earlier step, e.g. a watch's resourceVersion from its list. */
  fromAnswer?: { param: string; step: number; field: 'resourceVersion' }[];
  /**
   * Sent only when an earlier step answered with this HTTP status, or one of these (kubectl's namespace check after
   * a NotFound; apply's create after 404, patch after 200); with `otherwise`, only when that answer had none of the
   * statuses the other conditions on it name (apply --offline's report of any other answer). See src/plan/run-plan.ts.
   */
  onlyAfter?: { step: number; status?: number | number[]; otherwise?: boolean };
  /**
   * Only the answer's HTTP status matters: it decides which conditional steps follow (apply's create-or-patch
   * GET), its body is not shown. A status that no conditional step on it names is an error, reported as
   * `<report> answered HTTP <status>`.
   */
  statusOnly?: { report: string };
  /**
   * port-forward's upgrade: the local:remote port pairs and listen addresses the tunnel serves. Not sent (the ports
   * travel in SPDY stream headers); the snippet's client needs them.
   */
  forward?: { ports: { local: number; remote: number }[]; addresses: string[] };
}

export interface RequestPlan {
  /** kubectl command path the plan reproduces, e.g. "kubectl get" (sent as Kubectl-Command). */
  command: string;
  steps: RequestStep[];
  /** Discovery is what the command is for (api-versions, api-resources): the snippet shows those steps as calls. */
  discoveryIsTheCall?: boolean;
  /** Notes worth showing beside the snippet (e.g. where kcurl deliberately differs from kubectl). */
  notes?: string[];
}

// Accept headers kubectl v1.32 sends (reference: kubectl-v1.32-behaviour.md §2).
export const ACCEPT = {
  aggregatedDiscovery:
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
  table: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
  json: 'application/json',
  jsonAny: 'application/json, */*',
} as const;

/**
 * The next page of a list read in pages (runtimeresource.FollowContinue): the first request again with
 * continue=<the answer's .metadata.continue>. Undefined when the answer has no continue or the list was not
 * asked for in pages (no limit).
 */
export function nextPageStep(first: RequestStep, answer: { metadata?: { continue?: string } } | undefined): RequestStep | undefined {
  const next = answer?.metadata?.continue;
  if (!next || !first.query.some(([k]) => k === 'limit')) return undefined;
  return { ...first, query: [...first.query.filter(([k]) => k !== 'continue'), ['continue', next]], purpose: `${first.purpose} (next page)` };
}

/** A call that sends a body (POST, PATCH, DELETE with options): Accept JSON, then the body's Content-Type. */
export function bodyStep(method: HttpMethod, path: string, query: [string, string][], body: string, contentType: string, purpose: string): RequestStep {
  const step: RequestStep = {
    method,
    path,
    query,
    headers: [
      ['Accept', ACCEPT.json],
      ['Content-Type', contentType],
    ],
    body,
    contentType,
    stream: false,
    purpose,
    role: 'call',
  };
  // create, review, token, patch-*, apply or delete, from the method, path and Content-Type.
  return { ...step, kind: stepKind(step) };
}

/**
 * The resource an API path names: /api/v1/namespaces/NS/pods/NAME/log → {group '', version v1, resource pods,
 * namespace NS, name NAME, subresource log}. Undefined for discovery and other non-resource paths.
 */
export function parseApiPath(path: string): StepResource | undefined {
  const segs = path
    .split('?')[0]
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  let rest: string[];
  let group = '';
  let version: string;
  if (segs[0] === 'api' && segs.length >= 3) [version, ...rest] = segs.slice(1);
  else if (segs[0] === 'apis' && segs.length >= 4) [group, version, ...rest] = segs.slice(1);
  else return undefined;
  let namespace: string | undefined;
  // namespaces/NS/RESOURCE…: a namespaced resource; namespaces/NS alone is the Namespace object.
  if (rest[0] === 'namespaces' && rest.length >= 3) [, namespace, ...rest] = rest;
  const [resource, name, subresource] = rest;
  return {
    group,
    version,
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}

/** The step's resource: as its planner set it, or as its path names it. */
export function stepResource(step: Pick<RequestStep, 'resource' | 'path'>): StepResource | undefined {
  return step.resource ?? parseApiPath(step.path);
}

/** The step's kind: as its planner set it, or derived from role, method, path, query and Content-Type. */
export function stepKind(step: RequestStep): StepKind {
  if (step.kind) return step.kind;
  if (step.role === 'discovery' || step.role === 'openapi') return step.role;
  if (step.role === 'lookup') return 'lookup';
  const r = parseApiPath(step.path);
  if (!r) return step.path.split('?')[0] === '/version' ? 'version' : 'raw';
  switch (step.method) {
    case 'GET':
      if (step.query.some(([k, v]) => k === 'watch' && (v === 'true' || v === '1'))) return 'watch';
      if (r.subresource === 'log') return 'log';
      return r.name === undefined ? 'list' : 'get';
    case 'POST':
      if (r.subresource === 'token') return 'token';
      return /reviews$/.test(r.resource) ? 'review' : 'create';
    case 'PUT':
      return 'update';
    case 'PATCH': {
      const type = step.contentType ?? header(step, 'Content-Type') ?? '';
      if (type.startsWith('application/apply-patch')) return 'apply';
      if (type.startsWith('application/strategic-merge-patch')) return 'patch-strategic';
      if (type.startsWith('application/json-patch')) return 'patch-json';
      return 'patch-merge';
    }
    case 'DELETE':
      return r.name === undefined ? 'deletecollection' : 'delete';
  }
}

/** Go's url.QueryEscape: unreserved bytes stay, space becomes '+', everything else %XX (upper case). */
export function queryEscape(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (byte === 0x20) out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go's url.Values.Encode: sorted by key (stable for repeated keys), key=value joined by '&'. */
export function encodeQuery(query: readonly (readonly [string, string])[]): string {
  const sorted = [...query].map((kv, i) => [kv, i] as const).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]));
  return sorted.map(([[k, v]]) => `${queryEscape(k)}=${queryEscape(v)}`).join('&');
}

/** Percent-encodes one path segment the way Go's url.URL.EscapedPath does. */
export function pathSegment(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~!$&'()*+,;=:@]/.test(c)) out += c;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** The request target (path plus query) of a step. */
export function requestTarget(step: Pick<RequestStep, 'path' | 'query'>): string {
  const q = encodeQuery(step.query);
  return q ? `${step.path}?${q}` : step.path;
}

/**
 * Go's path.Clean on a rooted path (bytes held as a latin1 string, or text): no empty, "." or ".." segments,
 * no trailing slash. With keepTrailingSlash, net/http's cleanPath, which keeps one (the proxy's ServeMux).
 */
export function cleanPath(path: string, keepTrailingSlash = false): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const clean = '/' + out.join('/');
  return keepTrailingSlash && path.endsWith('/') && clean !== '/' ? clean + '/' : clean;
}

/**
 * The server URL as client-go uses it as the base of every request: the scheme and authority as written, the
 * path prefix percent-decoded, cleaned (Go path.Join: no "//", ".", ".." and no trailing slash) and encoded again
 * as Go's URL.EscapedPath does (bytes other than unreserved and $&+,/:;=@ as %XX). `https://h:6443/` becomes
 * `https://h:6443`, `https://h//p/` `https://h/p`, `https://h/pré` `https://h/pr%C3%A9`. Query and fragment are dropped.
 */
export function serverBase(server: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/.exec(server);
  if (!m) return server.replace(/\/+$/, '');
  const clean = cleanPath(decodeBytes(m[2]));
  if (clean === '/') return m[1];
  let out = '';
  for (const byte of Buffer.from(clean, 'latin1')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return m[1] + out;
}

/** The bytes of a raw URL path with %XX escapes decoded, as a latin1 string (one char per byte). */
function decodeBytes(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const cp = raw.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      out += Buffer.from(ch, 'utf8').toString('latin1');
      if (cp > 0xffff) i++;
    }
  }
  return out;
}

/** Joins a server URL (which may carry a path prefix) and a request target, as client-go does (see serverBase). */
export function stepUrl(server: string, step: Pick<RequestStep, 'path' | 'query'>): string {
  return serverBase(server) + requestTarget(step);
}

export function header(step: Pick<RequestStep, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return step.headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}
