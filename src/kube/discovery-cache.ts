// kubectl's on-disk discovery cache, shared with kubectl byte for byte: where it lives, its 6-hour TTL,
// and the exact JSON client-go writes (servergroups.json and <group>/<version>/serverresources.json).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Io } from '../io.js';

/** cli-runtime `config_flags.go`: `diskcached.NewCachedDiscoveryClientForConfig(…, 6*time.Hour)`. */
export const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000;

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

/** metav1.APIGroup; the core group appears with name "". */
export interface ApiGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion?: GroupVersionForDiscovery;
  serverAddressByClientCIDRs?: { clientCIDR: string; serverAddress: string }[];
}

export interface ApiGroupList {
  kind?: 'APIGroupList';
  apiVersion?: string;
  groups: ApiGroup[];
}

/** metav1.APIResource as it appears in an APIResourceList. */
export interface ApiResourceEntry {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[] | null;
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

export interface ApiResourceList {
  kind?: 'APIResourceList';
  apiVersion?: string;
  groupVersion: string;
  resources: ApiResourceEntry[];
}

/** The cache root: `--cache-dir`, else `$KUBECACHEDIR`, else `~/.kube/cache` (cli-runtime `getDefaultCacheDir`). */
export function cacheRoot(io: Pick<Io, 'env' | 'homedir'>, cacheDirFlag?: string): string {
  if (cacheDirFlag) return cacheDirFlag;
  const fromEnv = io.env.KUBECACHEDIR;
  if (fromEnv) return fromEnv;
  return path.join(io.homedir, '.kube', 'cache');
}

/**
 * `<root>/discovery/<host>` for a server URL, as cli-runtime `computeDiscoverCacheDir` names it: the scheme is
 * dropped and every character outside `[(\w/.)]` becomes `_`, so `https://127.0.0.1:41665` → `127.0.0.1_41665`
 * and a path prefix (`https://h:6443/k8s/clusters/c-1`) becomes nested directories (`h_6443/k8s/clusters/c_1`).
 */
export function discoveryCacheDir(root: string, server: string): string {
  const schemeless = server.replace('https://', '').replace('http://', '');
  const safeHost = schemeless.replace(/[^(\w/.)]/gu, '_');
  // filepath.Join cleans the result, including a trailing slash.
  return path.join(root, 'discovery', safeHost).replace(/(.)\/+$/, '$1');
}

export function groupsFile(dir: string): string {
  return path.join(dir, 'servergroups.json');
}

/** `<dir>/<group>/<version>/serverresources.json`; the core group is `<dir>/v1/…`. */
export function resourcesFile(dir: string, groupVersion: string): string {
  const [group, version] = splitGroupVersion(groupVersion);
  return path.join(dir, group, version, 'serverresources.json');
}

export function splitGroupVersion(groupVersion: string): [group: string, version: string] {
  const slash = groupVersion.indexOf('/');
  return slash < 0 ? ['', groupVersion] : [groupVersion.slice(0, slash), groupVersion.slice(slash + 1)];
}

/** Reads a cache file if it exists, is younger than the TTL at `now`, and decodes as the expected kind. */
async function readFresh(io: Io, file: string, now: Date, kind: string): Promise<unknown | undefined> {
  const st = await io.stat(file);
  if (!st?.isFile) return undefined;
  // client-go cached_discovery.go getCachedFile: `time.Now().After(fileInfo.ModTime().Add(d.ttl))` → expired.
  if (now.getTime() > st.mtimeMs + DISCOVERY_TTL_MS) return undefined;
  try {
    const doc = JSON.parse((await io.readFile(file)).toString('utf8')) as { kind?: unknown };
    // An undecodable cache file is ignored and refetched, as client-go does.
    return doc && typeof doc === 'object' && doc.kind === kind ? doc : undefined;
  } catch {
    return undefined;
  }
}

export async function readCachedGroups(io: Io, dir: string, now: Date): Promise<ApiGroupList | undefined> {
  const doc = (await readFresh(io, groupsFile(dir), now, 'APIGroupList')) as ApiGroupList | undefined;
  return doc && Array.isArray(doc.groups) ? doc : undefined;
}

export async function readCachedResources(io: Io, dir: string, groupVersion: string, now: Date): Promise<ApiResourceList | undefined> {
  const doc = (await readFresh(io, resourcesFile(dir, groupVersion), now, 'APIResourceList')) as ApiResourceList | undefined;
  return doc && Array.isArray(doc.resources) ? doc : undefined;
}

/**
 * Writes like client-go `writeCachedFile`: a temp file beside the target (mode 0660), then an atomic rename.
 * Failures are ignored, as kubectl only logs them: a read-only home must not break a command.
 */
async function writeCacheFile(io: Io, file: string, text: string): Promise<void> {
  try {
    await io.mkdir(path.dirname(file));
    const tmp = `${file}.${randomBytes(6).toString('hex')}`;
    await io.writeFile(tmp, text, 0o660);
    await io.rename(tmp, file);
  } catch {
    // ignored on purpose (see above)
  }
}

export async function writeCachedGroups(io: Io, dir: string, list: ApiGroupList): Promise<void> {
  await writeCacheFile(io, groupsFile(dir), encodeGroupList(list));
}

export async function writeCachedResources(io: Io, dir: string, list: ApiResourceList): Promise<void> {
  await writeCacheFile(io, resourcesFile(dir, list.groupVersion), encodeResourceList(list));
}

// Go's encoding/json writes struct fields in declaration order, drops `omitempty` fields that are empty, and
// the runtime JSON serializer ends the document with a newline. These encoders reproduce that for the metav1 types.

/** JSON.stringify plus Go's HTML-safe escaping of <, >, & and U+2028/U+2029. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

const gvJson = (v: GroupVersionForDiscovery) => ({ groupVersion: v.groupVersion, version: v.version });

export function encodeGroupList(list: ApiGroupList): string {
  const groups = list.groups.map((g) => ({
    name: g.name,
    versions: g.versions.map(gvJson),
    // `preferredVersion,omitempty` on a struct never omits in Go.
    preferredVersion: gvJson(g.preferredVersion ?? { groupVersion: '', version: '' }),
    ...(g.serverAddressByClientCIDRs?.length ? { serverAddressByClientCIDRs: g.serverAddressByClientCIDRs } : {}),
  }));
  return goJson({ kind: 'APIGroupList', apiVersion: 'v1', groups }) + '\n';
}

export function encodeResourceList(list: ApiResourceList): string {
  const resources = list.resources.map((r) => ({
    name: r.name,
    singularName: r.singularName ?? '',
    namespaced: Boolean(r.namespaced),
    ...(r.group ? { group: r.group } : {}),
    ...(r.version ? { version: r.version } : {}),
    kind: r.kind,
    verbs: r.verbs ?? null,
    ...(r.shortNames?.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories?.length ? { categories: r.categories } : {}),
    ...(r.storageVersionHash ? { storageVersionHash: r.storageVersionHash } : {}),
  }));
  return goJson({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: list.groupVersion, resources }) + '\n';
}
