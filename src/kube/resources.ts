// Resource types: the catalog a server offers (or the built-in v1.32 table for --offline), kubectl's rules for
// turning a type argument (`po`, `deploy.apps`, `Deployment`, `deployments.v1.apps`) into one, and its API path.
import { KcurlError, inputError, usageError } from '../errors.js';
import { pathSegment } from '../plan/request-plan.js';
import { GROUPS, RESOURCES, VERBS } from './builtin-resources.js';

export interface ApiResource {
  group: string;
  version: string;
  /** Plural, as in the URL: `pods`. */
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Always set: servers that send "" (v1.26 and older) get the lower-case Kind, as client-go guesses it. */
  singularName: string;
  verbs: string[];
  categories: string[];
  /** `log`, `status`, `scale` …: the part after the slash of `pods/log`. */
  subresources?: string[];
}

export interface ResourceCatalog {
  /** Top-level resources of each group's preferred version, core group first, then in discovery order. */
  resources: ApiResource[];
  /** group → preferred version ("" → "v1"). */
  preferredVersions: Map<string, string>;
  /**
   * Every group-version's resources in kubectl's priority order (core v1, then group by group, the preferred
   * version first). Lookups use it so that `horizontalpodautoscalers.v1.autoscaling` finds the v1 resource;
   * absent means the same as `resources`.
   */
  allVersions?: ApiResource[];
}

let builtin: ResourceCatalog | undefined;

/** The resources of a default v1.32 server, from the generated table (used by --offline). */
export function builtinCatalog(): ResourceCatalog {
  if (builtin) return builtin;
  const split = (s: string) => (s ? s.split(',') : []);
  const allVersions = RESOURCES.map(([g, resource, kind, namespaced, shortNames, singular, verbs, categories, subresources]): ApiResource => {
    const r: ApiResource = {
      group: GROUPS[g][0],
      version: GROUPS[g][1],
      resource,
      kind,
      namespaced: namespaced === 1,
      shortNames: split(shortNames),
      singularName: singular || kind.toLowerCase(),
      verbs: split(VERBS[verbs]),
      categories: split(categories),
    };
    if (subresources) r.subresources = split(subresources);
    return r;
  });
  // GROUPS lists the preferred version of a group first.
  const preferredVersions = new Map<string, string>();
  for (const [g, v] of GROUPS) if (!preferredVersions.has(g)) preferredVersions.set(g, v);
  const resources = allVersions.filter((r) => preferredVersions.get(r.group) === r.version);
  builtin = { resources, preferredVersions, allVersions };
  return builtin;
}

/** "v1" for the core group, "apps/v1" otherwise. */
export function groupVersionOf(r: Pick<ApiResource, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `deployments.apps`, or `pods` for the core group (schema.GroupResource.String()). */
export function groupResourceOf(r: Pick<ApiResource, 'group' | 'resource'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

interface Gvr {
  group: string;
  version: string;
  resource: string;
}

export interface ResourceLookup {
  resource?: ApiResource;
  /**
   * How many of kubectl's mapping attempts failed on the way (0 for a clean hit). kubectl resets a discovery
   * cache it did not fetch itself after any failed attempt and asks the server again (client-go
   * `DeferredDiscoveryRESTMapper`), so with a cached catalog a non-zero count means "kubectl re-discovers here".
   */
  failedAttempts: number;
  /** The name kubectl puts in `the server doesn't have a resource type "…"` (the text before the first dot). */
  typeName: string;
  /** Warnings kubectl prints (as `Warning: …`), e.g. for an ambiguous short name. */
  warnings: string[];
}

/**
 * Resolves a type argument the way kubectl's resource builder does (`mappingFor`): first as a resource
 * (`resource.version.group`, then `resource.group`), through the short-name expander and the RESTMapper;
 * then as a kind (`Kind.version.group`, then `Kind.group`). Never throws.
 */
export function lookupResource(catalog: ResourceCatalog, typeArg: string): ResourceLookup {
  const warnings: string[] = [];
  let failedAttempts = 0;
  const dot = typeArg.indexOf('.');
  const groupResource: Gvr =
    dot < 0 ? { group: '', version: '', resource: typeArg } : { group: typeArg.slice(dot + 1), version: '', resource: typeArg.slice(0, dot) };
  const done = (resource: ApiResource | undefined): ResourceLookup => ({ resource, failedAttempts, typeName: groupResource.resource, warnings });

  // apimachinery schema.ParseResourceArg: with two or more dots, also try resource.version.group.
  const fullySpecified = splitThree(typeArg);
  if (fullySpecified) {
    const hit = kindFor(catalog, { resource: fullySpecified[0], version: fullySpecified[1], group: fullySpecified[2] }, warnings);
    if (hit) return done(hit);
    failedAttempts++;
  }
  const hit = kindFor(catalog, groupResource, warnings);
  if (hit) return done(hit);
  failedAttempts++;

  // schema.ParseKindArg: Kind.version.group, then Kind.group.
  if (fullySpecified) {
    const byKind = mappingForKind(catalog, fullySpecified[0], fullySpecified[2], fullySpecified[1]);
    if (byKind) return done(byKind);
    failedAttempts++;
  }
  const byKind = mappingForKind(catalog, groupResource.resource, groupResource.group, '');
  if (byKind) return done(byKind);
  failedAttempts++;
  return done(undefined);
}

/**
 * The resource a type argument names, as kubectl resolves it, or a KcurlError worded like kubectl's
 * (`the server doesn't have a resource type "x"`). `warn` receives kubectl's warnings (ambiguous short names).
 */
export function resolveResource(catalog: ResourceCatalog, typeArg: string, opts: { warn?: (message: string) => void } = {}): ApiResource {
  const found = lookupResource(catalog, typeArg);
  for (const w of found.warnings) opts.warn?.(w);
  if (!found.resource) throw unknownResourceType(found.typeName);
  return found.resource;
}

/**
 * meta.RESTMapper.ResourceFor behind kubectl's short-name expander, for a resource and an optional group given
 * apart (kubectl create role's `--resource=rs.apps`): `rs` in `apps` → replicasets.apps. Undefined when none matches.
 */
export function resourceFor(catalog: ResourceCatalog, gr: { group: string; resource: string }): ApiResource | undefined {
  return kindFor(catalog, { group: gr.group, version: '', resource: gr.resource }, []);
}

export function unknownResourceType(typeName: string): KcurlError {
  return new KcurlError('KCURL_RESOURCE', `the server doesn't have a resource type "${typeName}"`, {
    hint: 'list the types the server offers with `kubectl api-resources`',
  });
}

function splitThree(arg: string): [string, string, string] | undefined {
  if ((arg.match(/\./g) ?? []).length < 2) return undefined;
  const a = arg.indexOf('.');
  const b = arg.indexOf('.', a + 1);
  return [arg.slice(0, a), arg.slice(a + 1, b), arg.slice(b + 1)];
}

/** restmapper.shortcutExpander.KindFor: expand a short name, then ask the (priority) RESTMapper. */
function kindFor(catalog: ResourceCatalog, gvr: Gvr, warnings: string[]): ApiResource | undefined {
  return restMapperResourceFor(catalog, expandShortcut(catalog, gvr, warnings));
}

/** client-go restmapper/shortcut.go `expandResourceShortcut`. Short names match case-sensitively (`PO` does not work). */
function expandShortcut(catalog: ResourceCatalog, gvr: Gvr, warnings: string[]): Gvr {
  const all = catalog.allVersions ?? catalog.resources;
  const groupOk = (r: ApiResource) => !gvr.group || gvr.group === r.group;
  // An exact plural or singular name is never treated as a short name.
  if (all.some((r) => groupOk(r) && (gvr.resource === r.resource || gvr.resource === r.singularName))) return gvr;

  let found: ApiResource | undefined;
  const warned = new Set<string>();
  for (const r of all) {
    if (!groupOk(r) || !r.shortNames.includes(gvr.resource)) continue;
    if (found) {
      if (r.group === found.group && r.resource === found.resource) continue;
      const other = groupResourceOf(r);
      if (!warned.has(other)) {
        warned.add(other);
        warnings.push(`short name "${gvr.resource}" could also match lower priority resource ${other}`);
      }
      continue;
    }
    found = r;
  }
  // The expansion keeps the group but drops the version: `deploy.v1.apps` means deployments.apps.
  if (found) return { group: found.group || gvr.group, version: '', resource: found.resource };
  if (!gvr.group) return gvr;
  // A group prefix also matches a short name: `deploy.app`, `netpol.networking`.
  for (const r of all) {
    if (r.group.startsWith(gvr.group) && r.shortNames.includes(gvr.resource)) return { group: r.group, version: gvr.version, resource: r.resource };
  }
  return gvr;
}

/**
 * meta.DefaultRESTMapper.ResourcesFor under discovery's PriorityRESTMapper: the resource name is lower-cased and
 * matched against plural and singular; a group must match exactly, or else as a prefix (`storageclass.storage`);
 * among several hits the first in priority order wins (core v1, then the discovery order of groups, preferred
 * version first: `events` → core v1).
 */
function restMapperResourceFor(catalog: ResourceCatalog, gvr: Gvr): ApiResource | undefined {
  const name = gvr.resource.toLowerCase();
  const named = (catalog.allVersions ?? catalog.resources).filter((r) => r.resource === name || r.singularName === name);
  let hits: ApiResource[];
  if (gvr.group && gvr.version) hits = named.filter((r) => r.group === gvr.group && r.version === gvr.version);
  else if (gvr.group) {
    hits = named.filter((r) => r.group === gvr.group);
    if (hits.length === 0) hits = named.filter((r) => r.group.startsWith(gvr.group));
  } else if (gvr.version) hits = named.filter((r) => r.version === gvr.version);
  else hits = named;
  return hits[0];
}

/** meta.RESTMapper.RESTMapping for a kind: the exact Kind or its lower-case form, group exact. */
function mappingForKind(catalog: ResourceCatalog, kind: string, group: string, version: string): ApiResource | undefined {
  if (!kind && !group && !version) return undefined;
  return (catalog.allVersions ?? catalog.resources).find(
    (r) => r.group === group && (!version || r.version === version) && (r.kind === kind || r.kind.toLowerCase() === kind),
  );
}

/** Like apimachinery `IsValidPathSegmentName`, which client-go applies to names and namespaces. */
function checkSegment(what: 'resource name' | 'namespace' | 'subresource', value: string): void {
  if (value === '') throw inputError(`${what} may not be empty`);
  const problems: string[] = [];
  if (value === '.' || value === '..') problems.push(`may not be '${value}'`);
  else {
    if (value.includes('/')) problems.push(`may not contain '/'`);
    if (value.includes('%')) problems.push(`may not contain '%'`);
  }
  if (problems.length) throw inputError(`invalid ${what} ${JSON.stringify(value)}: [${problems.join(', ')}]`);
}

/**
 * The request path of a resource: `/api/v1/namespaces/default/pods/x`, `/apis/apps/v1/deployments` (all
 * namespaces), `/api/v1/nodes/n1/proxy`. The namespace is ignored for cluster-scoped resources, as kubectl does.
 */
export function apiPath(r: ApiResource, opts: { namespace?: string; name?: string; subresource?: string } = {}): string {
  let p = r.group ? `/apis/${pathSegment(r.group)}/${pathSegment(r.version)}` : `/api/${pathSegment(r.version)}`;
  if (r.namespaced && opts.namespace !== undefined) {
    checkSegment('namespace', opts.namespace);
    p += `/namespaces/${pathSegment(opts.namespace)}`;
  }
  p += `/${pathSegment(r.resource)}`;
  if (opts.name !== undefined) {
    checkSegment('resource name', opts.name);
    p += `/${pathSegment(opts.name)}`;
  }
  if (opts.subresource !== undefined) {
    if (opts.name === undefined) throw usageError(`the subresource "${opts.subresource}" of ${groupResourceOf(r)} needs a resource name`);
    checkSegment('subresource', opts.subresource);
    p += `/${pathSegment(opts.subresource)}`;
  }
  return p;
}
