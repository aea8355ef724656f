// Online discovery as kubectl v1.32 does it: a warm disk cache (6 h) means no requests; otherwise GET /api and
// /apis asking for aggregated discovery, falling back to one request per group-version on servers without it.
import { ApiStatusError, KcurlError, type KubeStatus } from '../errors.js';
import type { Io } from '../io.js';
import { ACCEPT, type RequestStep } from '../plan/request-plan.js';
import {
  cacheRoot,
  discoveryCacheDir,
  readCachedGroups,
  readCachedResources,
  splitGroupVersion,
  writeCachedGroups,
  writeCachedResources,
  type ApiGroup,
  type ApiResourceEntry,
  type ApiResourceList,
} from './discovery-cache.js';
import { formatGoDuration, parseDuration } from './duration.js';
import { lookupResource, unknownResourceType, type ApiResource, type ResourceCatalog } from './resources.js';

/** Runs one step against the server; the caller owns transport, credentials and network errors. */
export type DiscoveryFetcher = (step: RequestStep) => Promise<{ status: number; contentType: string; body: string }>;

export interface DiscoverOptions {
  /** --cache-dir (else $KUBECACHEDIR, else ~/.kube/cache). */
  cacheDir?: string;
  /** --request-timeout as given; replaces `timeout=32s` on discovery requests. */
  requestTimeout?: string;
  /** The clock the cache TTL is checked against (default io.now()). */
  now?: Date;
  /** Ignore the cache and ask the server (what kubectl does after a failed lookup on a cached catalog). */
  refresh?: boolean;
}

export interface Discovery {
  catalog: ResourceCatalog;
  /** The group list came from the disk cache (so kubectl would re-discover after a failed lookup). */
  fromCache: boolean;
  /** The requests made, in the order they were started; empty for a warm cache. */
  stepsSent: RequestStep[];
  /** Group-versions that could not be read (kubectl logs `couldn't get resource list for …` and carries on). */
  warnings: string[];
}

// client-go discovery_client.go: `defaultTimeout = 32 * time.Second` when the config has none.
const DEFAULT_DISCOVERY_TIMEOUT = '32s';

/**
 * The `timeout` query value kubectl sends for a --request-timeout: Go's Duration.String() of the parsed value
 * (`5` → `5s`, `1m` → `1m0s`, `90s` → `1m30s`), or undefined for none (absent or 0).
 */
export function requestTimeoutParam(requestTimeout: string | undefined): string | undefined {
  if (requestTimeout === undefined || requestTimeout === '') return undefined;
  const ms = parseDuration(requestTimeout);
  return ms > 0 ? formatGoDuration(ms) : undefined;
}

const timeoutQuery = (opts: { requestTimeout?: string }): [string, string][] => [
  ['timeout', requestTimeoutParam(opts.requestTimeout) ?? DEFAULT_DISCOVERY_TIMEOUT],
];

/** GET /api and GET /apis asking for aggregated discovery, as every kubectl 1.32 resource command starts on a cold cache. */
export function discoverySteps(opts: { requestTimeout?: string } = {}): RequestStep[] {
  const step = (path: string, purpose: string): RequestStep => ({
    method: 'GET',
    path,
    query: timeoutQuery(opts),
    headers: [['Accept', ACCEPT.aggregatedDiscovery]],
    stream: false,
    purpose,
    role: 'discovery',
  });
  return [step('/api', 'discover the core API group'), step('/apis', 'discover the API groups')];
}

/** The legacy per-group-version discovery request (servers without aggregated discovery). */
export function groupVersionStep(groupVersion: string, opts: { requestTimeout?: string } = {}): RequestStep {
  const [group, version] = splitGroupVersion(groupVersion);
  return {
    method: 'GET',
    path: group ? `/apis/${group}/${version}` : `/api/${version}`,
    query: timeoutQuery(opts),
    headers: [['Accept', ACCEPT.jsonAny]],
    stream: false,
    purpose: `discover the resources of ${groupVersion}`,
    role: 'discovery',
  };
}

/**
 * True for `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList` (or v2beta1), parameters in any
 * order (client-go `ContentTypeIsGVK`, which parses the media type).
 */
export function isAggregatedDiscovery(contentType: string): boolean {
  const [type, ...rawParams] = contentType.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  const params = new Map<string, string>();
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    params.set(
      p.slice(0, eq).trim().toLowerCase(),
      p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return (
    params.get('g') === 'apidiscovery.k8s.io' && (params.get('v') === 'v2' || params.get('v') === 'v2beta1') && params.get('as') === 'APIGroupDiscoveryList'
  );
}

interface GroupVersionKind {
  group?: string;
  version?: string;
  kind?: string;
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList (only the fields kubectl reads). */
export interface ApiGroupDiscoveryList {
  kind?: string;
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      freshness?: string;
      resources?: {
        resource: string;
        responseKind?: GroupVersionKind;
        scope?: string;
        singularResource?: string;
        verbs?: string[];
        shortNames?: string[];
        categories?: string[];
        subresources?: { subresource: string; responseKind?: GroupVersionKind; verbs?: string[] }[];
      }[];
    }[];
  }[];
}

/**
 * An aggregated document as the group list and APIResourceLists client-go derives from it
 * (`aggregated_discovery.go`): the first non-stale version is preferred, stale versions are reported,
 * subresources become `parent/sub` entries, and resources without a kind or scope are dropped.
 */
export function fromAggregated(doc: ApiGroupDiscoveryList): { groups: ApiGroup[]; lists: ApiResourceList[]; stale: string[] } {
  const groups: ApiGroup[] = [];
  const lists: ApiResourceList[] = [];
  const stale: string[] = [];
  for (const item of doc.items ?? []) {
    const name = item.metadata?.name ?? '';
    const group: ApiGroup = { name, versions: [] };
    for (const v of item.versions ?? []) {
      const groupVersion = name ? `${name}/${v.version}` : v.version;
      if (v.freshness === 'Stale') {
        stale.push(groupVersion);
        continue;
      }
      const gv = { groupVersion, version: v.version };
      group.versions.push(gv);
      group.preferredVersion ??= gv;
      const resources: ApiResourceEntry[] = [];
      for (const r of v.resources ?? []) {
        const parent: ApiResourceEntry = {
          name: r.resource,
          singularName: r.singularResource ?? '',
          namespaced: r.scope === 'Namespaced',
          group: r.responseKind?.group,
          version: r.responseKind?.version,
          kind: r.responseKind?.kind ?? '',
          verbs: r.verbs ?? null,
          shortNames: r.shortNames,
          categories: r.categories,
        };
        if (r.responseKind && (r.scope === 'Namespaced' || r.scope === 'Cluster')) resources.push(parent);
        for (const s of r.subresources ?? []) {
          if (!s.responseKind) continue;
          resources.push({
            name: `${r.resource}/${s.subresource}`,
            singularName: parent.singularName,
            namespaced: parent.namespaced,
            group: s.responseKind.group,
            version: s.responseKind.version,
            kind: s.responseKind.kind ?? '',
            verbs: s.verbs ?? null,
          });
        }
      }
      lists.push({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources });
    }
    groups.push(group);
  }
  return { groups, lists, stale };
}

/**
 * The catalog of a server from its group list and resource lists: for each group (in discovery order) the
 * preferred version, or the first listed version whose resources are known if the preferred one is not.
 */
export function catalogFromDiscovery(groups: readonly ApiGroup[], lists: ReadonlyMap<string, ApiResourceList>): ResourceCatalog {
  const resources: ApiResource[] = [];
  const allVersions: ApiResource[] = [];
  const preferredVersions = new Map<string, string>();
  for (const g of groups) {
    if (preferredVersions.has(g.name)) continue;
    const known = [...(g.preferredVersion ? [g.preferredVersion] : []), ...g.versions].filter((v) => lists.has(v.groupVersion));
    const ordered = [...new Set(known.map((v) => v.groupVersion))];
    ordered.forEach((groupVersion, i) => {
      const version = splitGroupVersion(groupVersion)[1];
      const converted = toApiResources(g.name, version, lists.get(groupVersion)!);
      allVersions.push(...converted);
      if (i === 0) {
        preferredVersions.set(g.name, version);
        resources.push(...converted);
      }
    });
  }
  return { resources, preferredVersions, allVersions };
}

/** The top-level resources of one APIResourceList, with their subresources attached. */
function toApiResources(group: string, version: string, list: ApiResourceList): ApiResource[] {
  const entries = list.resources ?? [];
  const subresources = new Map<string, string[]>();
  for (const e of entries) {
    const slash = e.name.indexOf('/');
    if (slash > 0) subresources.set(e.name.slice(0, slash), [...(subresources.get(e.name.slice(0, slash)) ?? []), e.name.slice(slash + 1)]);
  }
  const out: ApiResource[] = [];
  for (const e of entries) {
    if (e.name.includes('/')) continue;
    const r: ApiResource = {
      group,
      version,
      resource: e.name,
      kind: e.kind,
      namespaced: Boolean(e.namespaced),
      shortNames: e.shortNames ?? [],
      // client-go restmapper: "legacy resources and servers which don't list singular forms" → lower-case Kind.
      singularName: e.singularName || e.kind.toLowerCase(),
      verbs: e.verbs ?? [],
      categories: e.categories ?? [],
    };
    const subs = subresources.get(e.name);
    if (subs) r.subresources = subs;
    out.push(r);
  }
  return out;
}

function parseJson(body: string, step: RequestStep): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new KcurlError('KCURL_API_STATUS', `the server's answer to GET ${step.path} is not JSON: ${(e as Error).message}`, { cause: e });
  }
}

function statusError(res: { status: number; body: string }): ApiStatusError {
  let status: KubeStatus = { code: res.status };
  try {
    const parsed = JSON.parse(res.body) as KubeStatus;
    if (parsed && parsed.kind === 'Status') status = parsed;
  } catch {
    // not a Status body: keep the bare code
  }
  return new ApiStatusError(res.status, status);
}

const ok = (status: number) => status >= 200 && status < 300;

/** /api or /apis: aggregated (groups and resources) or plain (groups only). client-go tolerates 404 here. */
function parseRoot(
  res: { status: number; contentType: string; body: string },
  step: RequestStep,
): { groups: ApiGroup[]; lists: ApiResourceList[]; stale: string[] } {
  if (res.status === 404) return { groups: [], lists: [], stale: [] };
  if (!ok(res.status)) throw statusError(res);
  const doc = parseJson(res.body, step) as Record<string, unknown>;
  if (isAggregatedDiscovery(res.contentType)) return fromAggregated(doc as ApiGroupDiscoveryList);
  if (step.path === '/api') {
    // metav1.APIVersions → one group named "" (client-go apiVersionsToAPIGroup).
    const versions = Array.isArray(doc?.versions) ? (doc.versions as string[]) : [];
    if (versions.length === 0) return { groups: [], lists: [], stale: [] };
    const gvs = versions.map((v) => ({ groupVersion: v, version: v }));
    return { groups: [{ name: '', versions: gvs, preferredVersion: gvs[0] }], lists: [], stale: [] };
  }
  return { groups: Array.isArray(doc?.groups) ? (doc.groups as ApiGroup[]) : [], lists: [], stale: [] };
}

/**
 * The resource catalog of `server`, from kubectl's disk cache when it is fresh (no requests at all), else from
 * the server (and then written to the cache in kubectl's format). Errors thrown by `fetch` propagate unchanged;
 * a non-2xx answer to /api or /apis (other than 404) becomes an ApiStatusError.
 */
export async function discoverCatalog(io: Io, server: string, fetch: DiscoveryFetcher, opts: DiscoverOptions = {}): Promise<Discovery> {
  const now = opts.now ?? io.now();
  const dir = discoveryCacheDir(cacheRoot(io, opts.cacheDir), server);
  const stepsSent: RequestStep[] = [];
  const warnings: string[] = [];
  const send = (step: RequestStep) => {
    stepsSent.push(step);
    return fetch(step);
  };
  const lists = new Map<string, ApiResourceList>();

  let groups = opts.refresh ? undefined : (await readCachedGroups(io, dir, now))?.groups;
  const fromCache = groups !== undefined;
  if (!groups) {
    // client-go downloadLegacy then downloadAPIs: one after the other.
    const [apiStep, apisStep] = discoverySteps(opts);
    const legacy = parseRoot(await send(apiStep), apiStep);
    const named = parseRoot(await send(apisStep), apisStep);
    groups = [...legacy.groups, ...named.groups];
    for (const gv of [...legacy.stale, ...named.stale]) warnings.push(`couldn't get resource list for ${gv}: stale GroupVersion discovery: ${gv}`);
    await writeCachedGroups(io, dir, { groups });
    for (const list of [...legacy.lists, ...named.lists]) {
      lists.set(list.groupVersion, list);
      await writeCachedResources(io, dir, list);
    }
  }

  // Group-versions without resources yet: the cache, else one request each, all at once (kubectl sends them in parallel).
  const wanted = groups.flatMap((g) => g.versions.map((v) => v.groupVersion)).filter((gv) => !lists.has(gv));
  const toFetch: string[] = [];
  for (const gv of wanted) {
    const cached = opts.refresh ? undefined : await readCachedResources(io, dir, gv, now);
    if (cached) lists.set(gv, cached);
    else toFetch.push(gv);
  }
  await Promise.all(
    toFetch.map(async (gv) => {
      const step = groupVersionStep(gv, opts);
      const res = await send(step);
      if (!ok(res.status)) {
        warnings.push(`couldn't get resource list for ${gv}: ${statusError(res).message}`);
        return;
      }
      const list = parseJson(res.body, step) as ApiResourceList;
      if (!list || !Array.isArray(list.resources)) {
        warnings.push(`couldn't get resource list for ${gv}: the answer is not an APIResourceList`);
        return;
      }
      list.groupVersion ||= gv;
      lists.set(gv, list);
      await writeCachedResources(io, dir, list);
    }),
  );
  return { catalog: catalogFromDiscovery(groups, lists), fromCache, stepsSent, warnings };
}

/**
 * Discovers and resolves type arguments as kubectl does, including its retry: when a lookup fails against a
 * catalog read from the cache, kubectl drops the cache and discovers again before giving up (client-go
 * `DeferredDiscoveryRESTMapper`) — so `kubectl get foo` or `get storageclasses.storage.k8s.io` with a warm cache
 * still sends /api and /apis. Throws `the server doesn't have a resource type "…"` for an unknown type.
 */
export async function resolveResourcesOnline(
  io: Io,
  server: string,
  fetch: DiscoveryFetcher,
  typeArgs: readonly string[],
  opts: DiscoverOptions = {},
): Promise<Discovery & { resources: ApiResource[] }> {
  let d = await discoverCatalog(io, server, fetch, opts);
  let lookups = typeArgs.map((t) => lookupResource(d.catalog, t));
  if (d.fromCache && lookups.some((l) => l.failedAttempts > 0)) {
    const again = await discoverCatalog(io, server, fetch, { ...opts, refresh: true });
    d = { ...again, stepsSent: [...d.stepsSent, ...again.stepsSent], warnings: [...d.warnings, ...again.warnings] };
    lookups = typeArgs.map((t) => lookupResource(d.catalog, t));
  }
  const missing = lookups.find((l) => !l.resource);
  if (missing) throw unknownResourceType(missing.typeName);
  return { ...d, warnings: [...d.warnings, ...lookups.flatMap((l) => l.warnings)], resources: lookups.map((l) => l.resource!) };
}
