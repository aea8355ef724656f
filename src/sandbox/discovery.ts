// Discovery documents generated from the resource registry: /version, /api, /apis, /api/v1, /apis/G/V,
// and the aggregated form (apidiscovery.k8s.io/v2) kubectl 1.32 asks for first.
import os from 'node:os';
import { groupVersionOf, storageVersionHash, type ResourceDef, type ResourceRegistry } from './registry.js';

/** kubectl on these machines picks the kubectl binary from `minor`: it must say 32. */
export function versionInfo(): Record<string, string> {
  const arch = ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' } as Record<string, string>)[os.arch()] ?? os.arch();
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.5-kcurl-sandbox',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-05-15T00:00:00Z',
    goVersion: 'go1.23.8',
    compiler: 'gc',
    platform: `${os.platform()}/${arch}`,
  };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry.groups().map((g) => apiGroup(registry, g)),
  };
}

export function apiGroup(registry: ResourceRegistry, group: string): Record<string, unknown> {
  const versions = registry.versions(group).map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions, preferredVersion: versions[0] };
}

/** `/apis/<group>`: the APIGroup object. */
export function apiGroupDocument(registry: ResourceRegistry, group: string): Record<string, unknown> {
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(registry, group) };
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const r of registry.resourcesIn(group, version)) {
    const main: Record<string, unknown> = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.shortNames.length) main.shortNames = r.shortNames;
    if (r.categories.length) main.categories = r.categories;
    if (!r.virtual) main.storageVersionHash = storageVersionHash(r.storedAs?.group ?? r.group, r.storedAs?.version ?? r.storageVersion ?? r.version, r.kind);
    resources.push(main);
    for (const s of r.subresources) {
      const sub: Record<string, unknown> = { name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced };
      if (s.group !== undefined) sub.group = s.group;
      if (s.version !== undefined) sub.version = s.version;
      sub.kind = s.kind;
      sub.verbs = s.verbs;
      resources.push(sub);
    }
  }
  const list: Record<string, unknown> = { kind: 'APIResourceList' };
  if (group) list.apiVersion = 'v1';
  list.groupVersion = groupVersionOf({ group, version });
  list.resources = resources;
  return list;
}

export const AGGREGATED_DISCOVERY_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** The apidiscovery.k8s.io/v2 APIGroupDiscoveryList for `/api` (core only) or `/apis` (every group). */
export function aggregatedDiscovery(registry: ResourceRegistry, root: 'api' | 'apis', apiVersion = 'apidiscovery.k8s.io/v2'): Record<string, unknown> {
  const groups = root === 'api' ? [''] : registry.groups();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: {},
    items: groups.map((group) => ({
      metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
      versions: registry.versions(group).map((version) => ({
        version,
        resources: registry.resourcesIn(group, version).map(aggregatedResource),
        freshness: 'Current',
      })),
    })),
  };
}

function aggregatedResource(r: ResourceDef): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: '', version: '', kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) out.shortNames = r.shortNames;
  if (r.categories.length) out.categories = r.categories;
  if (r.subresources.length) {
    out.subresources = r.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group ?? '', version: s.version ?? '', kind: s.kind },
      verbs: s.verbs,
    }));
  }
  return out;
}
