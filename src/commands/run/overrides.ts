// kubectl run --overrides (cmdutil.Overrider): the generated Pod patched with the inline JSON, by --override-type:
// merge (the default: an RFC 7386 merge patch, evanphx/json-patch MergePatch), json (an RFC 6902 patch, its
// Patch.Apply, with its error texts) or strategic (strategicpatch.StrategicMergePatch with the Pod's merge keys:
// containers by name, env by name, ports by containerPort …, and the $patch directives). kubectl then decodes the result into a v1 Pod and encodes it again; kcurl
// does what that changes for a Pod (asTypedPod): fields outside the Pod's (top level) go, empty optional ones go,
// maps are sorted, the fields Go always writes are there, and struct fields come in Go's order (for the types
// src/kube/struct-order.ts lists; others as written). Pure.
import { KcurlError } from '../../errors.js';
import { applyJsonPatchV4, decodeJsonPatchV4, JsonPatchV4Error } from '../../kube/patch/json-patch-v4.js';
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

/** DecodePatch and Patch.Apply (the shared json-patch v4 implementation), its errors as kubectl prints them. */
export function jsonPatch(doc: JsonMap, text: string): Json {
  const patch = parse(text, () => new KcurlError('KCURL_USAGE', 'invalid character in the JSON patch of --overrides'));
  try {
    return applyJsonPatchV4(doc, decodeJsonPatchV4(patch));
  } catch (e) {
    if (e instanceof JsonPatchV4Error) throw new KcurlError('KCURL_USAGE', e.message);
    throw e;
  }
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
