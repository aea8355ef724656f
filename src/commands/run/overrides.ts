// kubectl run --overrides (cmdutil.Overrider): the generated Pod patched with the inline JSON, by --override-type:
// merge (the default: an RFC 7386 merge patch, evanphx/json-patch MergePatch), json (an RFC 6902 patch, its
// Patch.Apply, with its error texts) or strategic (strategicpatch.StrategicMergePatch with the Pod's merge keys:
// containers by name, env by name, ports by containerPort …, and the $patch directives). kubectl then decodes the result into a v1 Pod and encodes it again; kcurl
// does what that changes for a Pod (asTypedPod): fields outside the Pod's (top level) go, empty optional ones go,
// maps are sorted, the fields Go always writes are there, and struct fields come in Go's order (for the types
// src/kube/struct-order.ts lists; others as written). Pure.
import { KcurlError } from '../../errors.js';
import { applyMergePatch } from '../../kube/patch/merge-patch.js';
import { META_ORDER, STRUCT_ORDER } from '../../kube/struct-order.js';
import { isPlainObject } from '../../output/go-format.js';

type Json = unknown;
type JsonMap = Record<string, Json>;

const INVALID_MERGE_PATCH = 'Invalid JSON Patch';

/** The Pod with the overrides applied (the generated one when they are empty). */
export function applyOverrides(pod: JsonMap, overrides: string, type: string): JsonMap {
  if (!overrides) return pod;
  let patched: Json;
  if (type === 'merge') patched = mergePatch(pod, overrides);
  else if (type === 'json') patched = jsonPatch(pod, overrides);
  else if (type === 'strategic') patched = strategicPatch(pod, overrides);
  else throw new KcurlError('KCURL_USAGE', `invalid override type: ${type}`);
  if (!isPlainObject(patched)) {
    const what = Array.isArray(patched) ? 'array' : typeof patched === 'string' ? 'string' : patched === null ? 'null' : typeof patched;
    throw new KcurlError(
      'KCURL_USAGE',
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${what} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  return asTypedPod(patched);
}

function parse(text: string, invalid: () => KcurlError): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw invalid();
  }
}

// ---- RFC 7386 --------------------------------------------------------------------------------------

/** json-patch MergePatch: an object merges (the shared applyMergePatch), an array replaces the document, anything else is no patch. */
export function mergePatch(doc: JsonMap, text: string): Json {
  const invalid = () => new KcurlError('KCURL_USAGE', INVALID_MERGE_PATCH);
  const patch = parse(text, invalid);
  if (Array.isArray(patch)) return patch.filter((x) => x !== null);
  if (!isPlainObject(patch)) throw invalid();
  return applyMergePatch(doc, patch);
}

// ---- RFC 6902 --------------------------------------------------------------------------------------

type Container = JsonMap | Json[];

const wrap = (message: string, cause: string) => `${message}: ${cause}`;
const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

/** RFC 6901: the path's tokens, ~1 and ~0 decoded. */
function tokens(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** json-patch findObject: the container the path's last token is in, or undefined. */
function findObject(doc: Container, path: string): { con: Container; key: string } | undefined {
  const parts = tokens(path);
  if (parts.length === 0) return undefined;
  let con: Json = doc;
  for (const part of parts.slice(0, -1)) {
    con = Array.isArray(con) ? con[Number(part)] : isPlainObject(con) ? con[part] : undefined;
    if (!Array.isArray(con) && !isPlainObject(con)) return undefined;
  }
  return { con: con as Container, key: parts[parts.length - 1] };
}

function arrayIndex(key: string, length: number): number {
  if (!/^-?\d+$/.test(key)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  const idx = Number(key);
  if (idx < 0 || idx >= length) throw new Error(wrap(`Unable to access invalid index: ${idx}`, INVALID_INDEX));
  return idx;
}

const ops = {
  get(con: Container, key: string): Json {
    if (Array.isArray(con)) return con[arrayIndex(key, con.length)];
    return con[key];
  },
  add(con: Container, key: string, value: Json): void {
    if (!Array.isArray(con)) {
      con[key] = value;
      return;
    }
    if (key === '-') {
      con.push(value);
      return;
    }
    if (!/^-?\d+$/.test(key))
      throw new Error(wrap(`value was not a proper array index: '${key}'`, `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`));
    con.splice(arrayIndex(key, con.length + 1), 0, value);
  },
  remove(con: Container, key: string): void {
    if (Array.isArray(con)) {
      con.splice(arrayIndex(key, con.length), 1);
      return;
    }
    if (!Object.hasOwn(con, key)) throw new Error(wrap(`Unable to remove nonexistent key: ${key}`, MISSING));
    delete con[key];
  },
};

/** DecodePatch and Patch.Apply, with json-patch v4's error texts. */
export function jsonPatch(doc: JsonMap, text: string): Json {
  const patch = parse(text, () => new KcurlError('KCURL_USAGE', 'invalid character in the JSON patch of --overrides'));
  if (!Array.isArray(patch)) {
    const what = isPlainObject(patch) ? 'object' : patch === null ? 'null' : typeof patch === 'string' ? 'string' : typeof patch;
    throw new KcurlError('KCURL_USAGE', `json: cannot unmarshal ${what} into Go value of type jsonpatch.Patch`);
  }
  const root: { doc: Container } = { doc: structuredClone(doc) };
  for (const op of patch as JsonMap[]) {
    try {
      applyOperation(root, isPlainObject(op) ? op : {});
    } catch (e) {
      throw new KcurlError('KCURL_USAGE', (e as Error).message);
    }
  }
  return root.doc;
}

function applyOperation(root: { doc: Container }, op: JsonMap): void {
  const kind = String(op.op ?? '');
  const path = typeof op.path === 'string' ? op.path : undefined;
  const from = typeof op.from === 'string' ? op.from : undefined;
  const value = structuredClone(op.value) as Json;
  const at = (p: string | undefined, what: string, missing: string) => {
    if (p === undefined) throw new Error(wrap(`${what} operation failed to decode path`, MISSING));
    const found = findObject(root.doc, p);
    if (!found) throw new Error(wrap(missing.replace('%s', p), MISSING));
    return found;
  };
  const inPath = (verb: string, p: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      throw new Error(wrap(`error in ${verb} for path: '${p}'`, (e as Error).message));
    }
  };
  switch (kind) {
    case 'add': {
      const { con, key } = at(path, 'add', 'add operation does not apply: doc is missing path: "%s"');
      inPath('add', path!, () => ops.add(con, key, value));
      return;
    }
    case 'remove': {
      const { con, key } = at(path, 'remove', 'remove operation does not apply: doc is missing path: "%s"');
      inPath('remove', path!, () => ops.remove(con, key));
      return;
    }
    case 'replace': {
      if (path === '') {
        if (!Array.isArray(value) && !isPlainObject(value)) throw new Error('replace operation value must be object or array');
        root.doc = value as Container;
        return;
      }
      const { con, key } = at(path, 'replace', 'replace operation does not apply: doc is missing path: %s');
      // A missing object key is set (json-patch's partialDoc.get never fails); an array index must exist.
      if (Array.isArray(con)) {
        try {
          ops.get(con, key);
        } catch {
          throw new Error(wrap(`replace operation does not apply: doc is missing key: ${path}`, MISSING));
        }
        con[Number(key)] = value;
      } else con[key] = value;
      return;
    }
    case 'move':
    case 'copy': {
      const source = at(from, kind, `${kind} operation does not apply: doc is missing from path: %s`);
      let moved: Json;
      try {
        moved = ops.get(source.con, source.key);
        if (kind === 'move') ops.remove(source.con, source.key);
      } catch (e) {
        throw new Error(wrap(kind === 'move' ? `error in move for path: '${source.key}'` : `error in copy for from: '${from}'`, (e as Error).message));
      }
      const dest = at(path, kind, `${kind} operation does not apply: doc is missing destination path: %s`);
      inPath(kind, path!, () => ops.add(dest.con, dest.key, kind === 'copy' ? structuredClone(moved) : moved));
      return;
    }
    case 'test': {
      const { con, key } = at(path, 'test', 'test operation does not apply: is missing path: %s');
      let current: Json;
      inPath('test', path!, () => {
        current = ops.get(con, key);
      });
      if (JSON.stringify(sortKeys(current)) !== JSON.stringify(sortKeys(value))) throw new Error(wrap(`testing value ${path} failed`, 'test failed'));
      return;
    }
    default:
      throw new Error(`Unexpected kind: ${kind}`);
  }
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isPlainObject(v)) return v ?? null;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k])]),
  );
}

const C = 'io.k8s.api.core.v1.';
/** Which struct each struct-valued field of a Pod holds (a list field: its items), as far as STRUCT_ORDER orders them. */
const FIELD_TYPES: Record<string, Record<string, string>> = {
  Pod: { metadata: 'ObjectMeta', spec: `${C}PodSpec`, status: `${C}PodStatus` },
  [`${C}PodSpec`]: {
    volumes: `${C}Volume`,
    initContainers: `${C}Container`,
    containers: `${C}Container`,
    ephemeralContainers: `${C}EphemeralContainer`,
    tolerations: `${C}Toleration`,
  },
  [`${C}Container`]: {
    ports: `${C}ContainerPort`,
    env: `${C}EnvVar`,
    resources: `${C}ResourceRequirements`,
    volumeMounts: `${C}VolumeMount`,
    livenessProbe: `${C}Probe`,
    readinessProbe: `${C}Probe`,
    startupProbe: `${C}Probe`,
    securityContext: `${C}SecurityContext`,
  },
  [`${C}EnvVar`]: { valueFrom: `${C}EnvVarSource` },
  [`${C}EnvVarSource`]: {
    fieldRef: `${C}ObjectFieldSelector`,
    resourceFieldRef: `${C}ResourceFieldSelector`,
    configMapKeyRef: `${C}ConfigMapKeySelector`,
    secretKeyRef: `${C}SecretKeySelector`,
  },
  [`${C}Probe`]: { httpGet: `${C}HTTPGetAction` },
  [`${C}SecurityContext`]: { capabilities: `${C}Capabilities` },
  [`${C}Volume`]: { configMap: `${C}ConfigMapVolumeSource`, secret: `${C}SecretVolumeSource`, projected: `${C}ProjectedVolumeSource` },
  [`${C}ConfigMapVolumeSource`]: { items: `${C}KeyToPath` },
  [`${C}SecretVolumeSource`]: { items: `${C}KeyToPath` },
};
FIELD_TYPES[`${C}EphemeralContainer`] = FIELD_TYPES[`${C}Container`];

// ---- strategic merge patch -------------------------------------------------------------------------

/** The Pod's lists with patchStrategy "merge", by struct and field: their patchMergeKey. Other lists are replaced. */
const MERGE_KEYS: Record<string, Record<string, string>> = {
  ObjectMeta: { ownerReferences: 'uid' },
  [`${C}PodSpec`]: {
    volumes: 'name',
    initContainers: 'name',
    containers: 'name',
    ephemeralContainers: 'name',
    imagePullSecrets: 'name',
    hostAliases: 'ip',
    topologySpreadConstraints: 'topologyKey',
    resourceClaims: 'name',
    schedulingGates: 'name',
  },
  [`${C}Container`]: { ports: 'containerPort', env: 'name', volumeMounts: 'mountPath', volumeDevices: 'devicePath' },
};
MERGE_KEYS[`${C}EphemeralContainer`] = MERGE_KEYS[`${C}Container`];

const PATCH = '$patch';

/** StrategicMergePatch(original, patch, v1.Pod{}): a JSON object patch, or kubectl's "invalid JSON document". */
export function strategicPatch(doc: JsonMap, text: string): Json {
  const patch = parse(text, () => new KcurlError('KCURL_USAGE', 'invalid JSON document'));
  if (!isPlainObject(patch)) throw new KcurlError('KCURL_USAGE', 'invalid JSON document');
  return strategicMap(structuredClone(doc), patch, 'Pod');
}

function strategicMap(original: JsonMap, patch: JsonMap, type: string): JsonMap {
  const directive = patch[PATCH];
  if (directive === 'replace') {
    const { [PATCH]: _, ...rest } = patch;
    return rest;
  }
  if (directive === 'delete') return {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === PATCH) continue;
    if (v === null) {
      delete original[k];
      continue;
    }
    const cur = original[k];
    const childType = FIELD_TYPES[type]?.[k] ?? '';
    const mergeKey = MERGE_KEYS[type]?.[k];
    if (mergeKey && Array.isArray(cur) && Array.isArray(v)) original[k] = strategicList(cur, v, mergeKey, childType);
    else if (isPlainObject(cur) && isPlainObject(v)) original[k] = strategicMap(cur, v, childType);
    else original[k] = isPlainObject(v) && v[PATCH] === 'replace' ? strategicMap({}, v, childType) : v;
  }
  return original;
}

const keyOf = (item: Json, mergeKey: string): string | undefined =>
  isPlainObject(item) && Object.hasOwn(item, mergeKey) ? JSON.stringify(item[mergeKey]) : undefined;

/**
 * mergeSlice for a list of maps: items marked `$patch: delete` go, the others merge into the item with the same
 * merge key or are added; then normalizeElementOrder: the patch's items in its order and the others in theirs,
 * interleaved by their place in the original list (mergeSortedSlice).
 */
function strategicList(original: Json[], patch: Json[], mergeKey: string, type: string): Json[] {
  const deleted = new Set(patch.filter((p) => isPlainObject(p) && p[PATCH] === 'delete').map((p) => keyOf(p, mergeKey)));
  let merged = original.filter((o) => !deleted.has(keyOf(o, mergeKey)));
  for (const p of patch) {
    if (!isPlainObject(p) || p[PATCH] === 'delete') continue;
    const at = merged.findIndex((o) => keyOf(o, mergeKey) === keyOf(p, mergeKey));
    if (at >= 0) merged[at] = strategicMap(merged[at] as JsonMap, p, type);
    else merged = [...merged, p];
  }
  const patchKeys = patch.map((p) => keyOf(p, mergeKey));
  const serverKeys = original.map((o) => keyOf(o, mergeKey));
  const fromPatch = merged
    .filter((m) => patchKeys.includes(keyOf(m, mergeKey)))
    .sort((a, b) => patchKeys.indexOf(keyOf(a, mergeKey)) - patchKeys.indexOf(keyOf(b, mergeKey)));
  const serverOnly = merged.filter((m) => !patchKeys.includes(keyOf(m, mergeKey)));
  // mergeSortedSlice(serverOnly, fromPatch): the server's item first only when both are in the original, in front.
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < fromPatch.length) {
    if (j >= fromPatch.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(fromPatch[j++]);
    else {
      const li = serverKeys.indexOf(keyOf(serverOnly[i], mergeKey));
      const ri = serverKeys.indexOf(keyOf(fromPatch[j], mergeKey));
      if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++]);
      else out.push(fromPatch[j++]);
    }
  }
  return out;
}

// ---- the typed round trip --------------------------------------------------------------------------

const POD_FIELDS = ['kind', 'apiVersion', 'metadata', 'spec', 'status'];

/**
 * What decoding into a v1 Pod and encoding again does to the patched document (see the file comment): the
 * struct fields without omitempty are always written (metadata, spec, status; metadata.creationTimestamp and
 * spec.containers as null when unset), maps with their keys sorted.
 */
function asTypedPod(doc: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const k of POD_FIELDS) {
    if (k === 'kind' || k === 'apiVersion') {
      if (Object.hasOwn(doc, k)) out[k] = doc[k];
      continue;
    }
    const value = isPlainObject(doc[k]) ? (dropEmpty(doc[k]) as JsonMap) : {};
    if (k === 'metadata' && !Object.hasOwn(value, 'creationTimestamp')) out[k] = withField(value, 'creationTimestamp', null, META_BEFORE_TIMESTAMP);
    else if (k === 'spec') {
      // Container.resources is a struct: written, as {}, when unset.
      for (const list of ['initContainers', 'containers', 'ephemeralContainers'])
        if (Array.isArray(value[list]))
          value[list] = (value[list] as Json[]).map((c) =>
            isPlainObject(c) && !Object.hasOwn(c, 'resources') ? withField(c, 'resources', {}, CONTAINER_BEFORE_RESOURCES) : c,
          );
      out[k] = Object.hasOwn(value, 'containers') ? value : withField(value, 'containers', null, ['volumes', 'initContainers']);
    } else out[k] = value;
  }
  return goOrder(out, 'Pod') as JsonMap;
}

/** The kind, apiVersion, metadata, spec, status of a Pod; ObjectMeta's and the listed structs' fields in Go's order. */
function goOrder(v: Json, type: string): Json {
  if (Array.isArray(v)) return v.map((x) => goOrder(x, type));
  if (!isPlainObject(v)) return v;
  const order = type === 'Pod' ? POD_FIELDS : type === 'ObjectMeta' ? META_ORDER : STRUCT_ORDER[type];
  if (!order) return v;
  const out: JsonMap = {};
  for (const k of order) if (Object.hasOwn(v, k)) out[k] = undefined;
  const fields = FIELD_TYPES[type] ?? {};
  for (const [k, x] of Object.entries(v)) out[k] = fields[k] ? goOrder(x, fields[k]) : x;
  return out;
}

/** ObjectMeta's fields before creationTimestamp, in Go's order. */
const META_BEFORE_TIMESTAMP = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation'];

/** Container's fields before resources, in Go's order. */
const CONTAINER_BEFORE_RESOURCES = ['name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env'];

/** `o` with `key: value` placed after the fields Go writes before it. */
function withField(o: JsonMap, key: string, value: Json, before: string[]): JsonMap {
  const out: JsonMap = {};
  for (const k of before) if (Object.hasOwn(o, k)) out[k] = o[k];
  out[key] = value;
  for (const [k, v] of Object.entries(o)) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

/** Fields a v1 Pod encodes even when null (no omitempty). */
const REQUIRED = new Set(['containers', 'creationTimestamp']);
/** Maps of a Pod: omitempty, and written with their keys sorted. */
const MAPS = new Set(['labels', 'annotations', 'nodeSelector', 'limits', 'requests', 'overhead']);

/** bool fields of a Pod that are not pointers: omitempty drops false. */
const PLAIN_BOOLS = new Set(['stdin', 'stdinOnce', 'tty', 'hostNetwork', 'hostPID', 'hostIPC', 'readOnly']);

/**
 * omitempty as encoding/json applies it to the fields a Pod's types declare so: null, "", [] and the empty maps
 * go (not containers nor creationTimestamp), false of the plain bools. Pointer fields (a 0 or false that is set)
 * are kept, as are fields this does not know.
 */
function dropEmpty(v: Json, key = ''): Json {
  if (Array.isArray(v)) return v.map((x) => dropEmpty(x));
  if (!isPlainObject(v)) return v;
  const out: JsonMap = {};
  const keys = MAPS.has(key) ? Object.keys(v).sort() : Object.keys(v);
  for (const k of keys) {
    const x = v[k];
    if (!REQUIRED.has(k) && (x === null || x === '' || (Array.isArray(x) && x.length === 0))) continue;
    if (MAPS.has(k) && isPlainObject(x) && Object.keys(x).length === 0) continue;
    if (x === false && PLAIN_BOOLS.has(k)) continue;
    out[k] = dropEmpty(x, k);
  }
  return out;
}
