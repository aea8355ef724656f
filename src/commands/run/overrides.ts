// kubectl run --overrides (cmdutil.Overrider): the generated Pod patched with the inline JSON, by --override-type:
// merge (the default: an RFC 7386 merge patch, evanphx/json-patch MergePatch), json (an RFC 6902 patch, its
// Patch.Apply, with its error texts) or strategic (strategicpatch.StrategicMergePatch with the Pod's merge keys:
// containers by name, env by name, ports by containerPort …, and the directives; src/kube/strategic-merge/apply.ts).
// kubectl then decodes the result into a v1 Pod and encodes it again; kcurl
// does what that changes for a Pod (asTypedPod): fields outside the Pod's (top level) go, empty optional ones go,
// maps are sorted, the fields Go always writes are there, and struct fields come in Go's order (for the types
// src/kube/struct-order.ts lists; others as written). Pure.
import { KcurlError } from '../../errors.js';
import { applyJsonPatchV4, decodeJsonPatchV4, JsonPatchV4Error } from '../../kube/patch/json-patch-v4.js';
import { applyMergePatch } from '../../kube/patch/merge-patch.js';
import { isDirectiveKey, StrategicPatchError, strategicMergeMapPatch } from '../../kube/strategic-merge/apply.js';
import { PatchMetaError, PatchMetaFromTable } from '../../kube/strategic-merge/patch-meta.js';
import { POD_PATCH_META } from '../../kube/strategic-merge/pod-patch-meta.js';
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

/**
 * StrategicMergePatch(original, patch, v1.Pod{}): the shared port of strategicpatch with v1.Pod's compiled-in
 * merge keys (POD_PATCH_META); a patch that is no JSON object is kubectl's "invalid JSON document", the merge's
 * errors are kubectl's texts.
 */
export function strategicPatch(doc: JsonMap, text: string): Json {
  const patch = parse(text, () => new KcurlError('KCURL_USAGE', 'invalid JSON document'));
  if (!isPlainObject(patch)) throw new KcurlError('KCURL_USAGE', 'invalid JSON document');
  try {
    return strategicMergeMapPatch(doc, patch, new PatchMetaFromTable(POD_PATCH_META, 'Pod'));
  } catch (e) {
    if (e instanceof StrategicPatchError || e instanceof PatchMetaError) throw new KcurlError('KCURL_USAGE', e.message);
    throw e;
  }
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
 * are kept, as are fields this does not know, but for strategic merge directives, which decoding drops.
 */
function dropEmpty(v: Json, key = ''): Json {
  if (Array.isArray(v)) return v.map((x) => dropEmpty(x));
  if (!isPlainObject(v)) return v;
  const out: JsonMap = {};
  const keys = MAPS.has(key) ? Object.keys(v).sort() : Object.keys(v).filter((k) => !isDirectiveKey(k));
  for (const k of keys) {
    const x = v[k];
    if (!REQUIRED.has(k) && (x === null || x === '' || (Array.isArray(x) && x.length === 0))) continue;
    if (MAPS.has(k) && isPlainObject(x) && Object.keys(x).length === 0) continue;
    if (x === false && PLAIN_BOOLS.has(k)) continue;
    out[k] = dropEmpty(x, k);
  }
  return out;
}
