// The official-client reading of a request block (--show=LANG:client), shared by the client generators: which
// operation of a generated Kubernetes client sends it (list/read/create/replace/patch/delete, the log and token
// subresources, a watch, a custom object), with its path parameters, its query as typed options, its body as
// data, and what the client's request cannot say the way kcurl's does. Language-neutral and pure: each
// src/snippet/lang/client-LANG.ts spells it in its own syntax.
import { builtinCatalog } from '../../kube/resources.js';
import type { RequestBlock } from '../model.js';

export type ClientOp =
  | 'list'
  | 'read'
  | 'create'
  | 'replace'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  /** A watch over a list (the client's Watch helper). */
  | 'watch'
  /** pods/NAME/log: read (or follow) a container's log. */
  | 'log'
  /** Anything no typed operation sends (discovery, /version, exec, proxy …): the client's raw call. */
  | 'raw';

/** One query parameter as a typed option: name as the API spells it (labelSelector, continue). */
export interface ClientParam {
  name: string;
  value: string | number | boolean;
}

export interface ClientCall {
  block: RequestBlock;
  op: ClientOp;
  /** Built-in type (typed API class) or a custom resource (the CustomObjects API, or the dynamic client). */
  api?: {
    group: string;
    version: string;
    /** Plural as in the URL: pods. */
    resource: string;
    /** Kind: Pod; for a custom resource, derived from the plural for comments only. */
    kind: string;
    builtin: boolean;
    /** The object lives in a namespace (the namespaced_ operations). */
    namespaced: boolean;
    /** Across all namespaces: the _for_all_namespaces list / watch. */
    allNamespaces: boolean;
    /** A subresource the operation names (log, token, status, scale), as in PodLog, ServiceAccountToken. */
    subresource?: string;
  };
  namespace?: string;
  name?: string;
  /** The query as options, in the order kcurl sends them (continue, and values taken from answers, not included). */
  params: ClientParam[];
  /** The body as data (parsed JSON); text when it is not JSON (an apply body in YAML). */
  body?: { json: unknown } | { text: string };
  /** Content-Type of a PATCH. */
  patch?: 'strategic' | 'merge' | 'json' | 'apply';
  /** Where the client's request differs from kcurl's, for a comment above the call. */
  differences: string[];
  /**
   * kubectl --request-timeout's timeout=DURATION, which the generated clients cannot send (client-go can: its
   * rest.Config.Timeout); on a watch it became timeoutSeconds (fromTimeout).
   */
  requestTimeout?: { value: string; seconds?: number; asTimeoutSeconds: boolean };
}

// Parameters the generated clients type as numbers or booleans; every other one is a string.
const NUMBERS = new Set(['limit', 'timeoutSeconds', 'gracePeriodSeconds', 'tailLines', 'limitBytes', 'sinceSeconds']);
const BOOLEANS = new Set(['watch', 'follow', 'force', 'allowWatchBookmarks', 'previous', 'timestamps', 'orphanDependents', 'insecureSkipTLSVerifyBackend']);

/** A query value as the client types it. */
export function typedParam(name: string, value: string): ClientParam {
  if (NUMBERS.has(name) && /^-?\d+$/.test(value)) return { name, value: Number(value) };
  if (BOOLEANS.has(name) && (value === 'true' || value === 'false' || value === '1')) return { name, value: value !== 'false' };
  return { name, value };
}

/** Groups whose types the official clients generate (the Kubernetes API's own groups). */
function builtinKind(group: string, version: string, resource: string): { kind: string; namespaced: boolean } | undefined {
  const r = (builtinCatalog().allVersions ?? []).find((x) => x.group === group && x.version === version && x.resource === resource);
  return r ? { kind: r.kind, namespaced: r.namespaced } : undefined;
}

/** A Kind for a custom resource's plural (for comments and variable names only): widgets → Widget. */
function guessKind(plural: string): string {
  const singular = plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : plural.endsWith('s') ? plural.slice(0, -1) : plural;
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}

/** Duration text (2s, 1m30s, 500ms) in whole seconds, rounded up; undefined when it is not one. */
function durationSeconds(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    consumed += m[0].length;
  }
  return consumed === text.length && consumed > 0 ? Math.ceil(total) : undefined;
}

/** The client operation that sends a block, or the raw call when none does. */
export function clientCall(b: RequestBlock): ClientCall {
  const r = b.resource;
  const raw = (why?: string): ClientCall => ({
    block: b,
    op: 'raw',
    params: b.url.query.map(([k, v]) => typedParam(k, v)),
    ...(b.body ? { body: bodyOf(b.body.text) } : {}),
    differences: why ? [why] : [],
  });
  // A lookup (logs reading the pod to choose its container) is a read like any other.
  const lookup = (b.role === 'lookup' || b.kind === 'lookup') && b.method === 'GET' && r?.name !== undefined && !r.subresource;
  if (!r?.resource || (b.role !== 'call' && !lookup) || b.kind === 'discovery' || b.kind === 'openapi' || b.kind === 'version' || b.kind === 'raw')
    return raw();
  const found = r.group === '' || r.group.endsWith('.k8s.io') || !r.group.includes('.') ? builtinKind(r.group, r.version, r.resource) : undefined;
  // A namespace named in the path, or an object named where the table has none: a custom resource.
  const builtin = !!found;
  const sub = r.subresource;
  const op = opOf(b);
  if (!op) return raw();
  if (sub && !((op === 'log' && sub === 'log') || (b.kind === 'token' && sub === 'token') || sub === 'status' || sub === 'scale')) return raw();
  if (sub && !builtin) return raw('a subresource of a custom resource: the client has no typed call for it');
  const differences: string[] = [];
  const params: ClientParam[] = [];
  let requestTimeout: ClientCall['requestTimeout'];
  for (const [k, v] of b.url.query) {
    if (k === 'watch' && op === 'watch') continue;
    if (k === 'follow' && op === 'log') {
      params.push(typedParam(k, v));
      continue;
    }
    if (k === 'timeout') {
      // kubectl --request-timeout sends timeout=DURATION; the generated clients have no such option.
      const seconds = durationSeconds(v);
      requestTimeout = { value: v, ...(seconds !== undefined ? { seconds } : {}), asTimeoutSeconds: op === 'watch' && seconds !== undefined };
      if (op === 'watch' && seconds !== undefined) {
        params.push({ name: 'timeoutSeconds', value: seconds });
        differences.push(
          `timeout=${v} (--request-timeout) is sent as timeoutSeconds=${seconds}: the client has no timeout option, and the server ends the watch after it`,
        );
      } else differences.push(`timeout=${v} (--request-timeout) is not sent: the client has no such option; the program sets a client-side timeout instead`);
      continue;
    }
    params.push(typedParam(k, v));
  }
  const call: ClientCall = {
    block: b,
    op,
    api: {
      group: r.group,
      version: r.version,
      resource: r.resource,
      kind: found?.kind ?? guessKind(r.resource),
      builtin,
      namespaced: found ? found.namespaced : r.namespace !== undefined,
      allNamespaces: r.namespace === undefined && (found ? found.namespaced : false) && (op === 'list' || op === 'watch' || op === 'deletecollection'),
      ...(sub ? { subresource: sub } : {}),
    },
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    ...(r.name !== undefined ? { name: r.name } : {}),
    params,
    ...(b.body ? { body: bodyOf(b.body.text) } : {}),
    differences,
    ...(requestTimeout ? { requestTimeout } : {}),
  };
  if (op === 'patch') call.patch = b.kind === 'apply' ? 'apply' : b.kind === 'patch-merge' ? 'merge' : b.kind === 'patch-json' ? 'json' : 'strategic';
  const accept = b.headers.find(([h]) => h.toLowerCase() === 'accept')?.[1];
  if (accept?.includes('as=Table'))
    call.differences.push('kubectl asks for a Table (Accept: application/json;as=Table…) to print columns; the client asks for the objects as JSON');
  return call;
}

function opOf(b: RequestBlock): ClientOp | undefined {
  if (b.role === 'lookup' || b.kind === 'lookup') return 'read';
  switch (b.kind) {
    case 'list':
      return 'list';
    case 'get':
      return 'read';
    case 'create':
    case 'review':
    case 'token':
      return 'create';
    case 'update':
      return 'replace';
    case 'patch-strategic':
    case 'patch-merge':
    case 'patch-json':
    case 'apply':
      return 'patch';
    case 'delete':
      return 'delete';
    case 'deletecollection':
      return 'deletecollection';
    case 'watch':
      return 'watch';
    case 'log':
      return 'log';
    default:
      return undefined;
  }
}

function bodyOf(text: string): { json: unknown } | { text: string } {
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { text };
  }
}

/** snake_case of a Kind or parameter: ConfigMap → config_map, APIService → api_service, labelSelector → label_selector. */
export function snake(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** PascalCase of a subresource or word: token → Token. */
export const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The generated API class of a built-in group version, as the Python, JavaScript and Java clients name it:
 * '' v1 → CoreV1Api, apps → AppsV1Api, rbac.authorization.k8s.io → RbacAuthorizationV1Api.
 */
export function apiClassName(group: string, version: string): string {
  const base =
    group === ''
      ? 'Core'
      : group
          .replace(/\.k8s\.io$/, '')
          .split('.')
          .map(pascal)
          .join('');
  return `${base}${pascal(version)}Api`;
}

/**
 * The operation's name in the generated clients' camelCase (JavaScript, Java, C# with Async): listNamespacedPod,
 * listPodForAllNamespaces, readNamespacedPodLog, createNamespacedServiceAccountToken, createSelfSubjectAccessReview.
 * Custom resources: listNamespacedCustomObject, getClusterCustomObject.
 */
export function operationName(c: ClientCall): string {
  const a = c.api!;
  const verb = {
    list: 'list',
    watch: 'list',
    read: 'read',
    log: 'read',
    create: 'create',
    replace: 'replace',
    patch: 'patch',
    delete: 'delete',
    deletecollection: 'deleteCollection',
    raw: 'raw',
  }[c.op];
  if (!a.builtin) {
    const v = verb === 'read' ? 'get' : verb === 'deleteCollection' ? 'deleteCollection' : verb;
    const scope = a.namespaced && !a.allNamespaces ? 'Namespaced' : 'Cluster';
    return `${v}${scope}CustomObject${a.subresource ? pascal(a.subresource) : ''}`;
  }
  const object = a.kind + (a.subresource ? pascal(a.subresource) : '');
  if (a.allNamespaces) return `${verb}${object}ForAllNamespaces`;
  return `${verb}${a.namespaced ? 'Namespaced' : ''}${object}`;
}

/** The object the program calls an operation on, as the JavaScript and Java clients name it: coreV1 (CoreV1Api), customObjects. */
export function apiInstance(c: ClientCall): { variable: string; cls: string } {
  const cls = c.api!.builtin ? apiClassName(c.api!.group, c.api!.version) : 'CustomObjectsApi';
  const base = cls.replace(/Api$/, '');
  return { variable: base.charAt(0).toLowerCase() + base.slice(1), cls };
}

/** A typed option's value as a literal of JavaScript, Java, C# and Go: a string quoted (JSON's escapes), else as is. */
export const optionLiteral = (value: ClientParam['value']) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** The operation's positional/path arguments in the order the generated clients take them (name, namespace, body). */
export function pathArguments(c: ClientCall): ('name' | 'namespace' | 'body')[] {
  const out: ('name' | 'namespace' | 'body')[] = [];
  if (c.name !== undefined) out.push('name');
  if (c.api?.namespaced && !c.api.allNamespaces && c.namespace !== undefined) out.push('namespace');
  if (c.body && ['create', 'replace', 'patch'].includes(c.op)) out.push('body');
  return out;
}
