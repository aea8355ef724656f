// Client-side apply's documents, as kubectl computes them (pure): the modified configuration with the
// last-applied-configuration annotation (util.GetModifiedConfiguration), the object POSTed on create
// (util.CreateApplyAnnotation), and the three-way strategic merge patch against the live object.
import { goJsonMarshal, isPlainObject, sortedKeys } from '../../output/go-format.js';
import { createThreeWayMergePatch } from '../../kube/strategic-merge/three-way.js';
import { createThreeWayJsonMergePatch } from '../../kube/strategic-merge/json-merge.js';
import { type OpenApiSchema, PatchMetaFromOpenApiV3, schemaForKind } from '../../kube/strategic-merge/patch-meta.js';
import { META_ORDER } from '../../kube/struct-order.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, unknown>;

/** The object with its annotations replaced (unstructured SetAnnotations: an empty map is kept as {}). */
function withAnnotations(obj: Obj, annotations: Record<string, unknown>): Obj {
  const metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
  return { ...obj, metadata: { ...metadata, annotations } };
}

function annotationsOf(obj: Obj): Record<string, unknown> {
  const m = obj.metadata;
  return isPlainObject(m) && isPlainObject(m.annotations) ? { ...m.annotations } : {};
}

/**
 * util.GetModifiedConfiguration: the object without the last-applied annotation, encoded; with `annotate`, that
 * encoding is put in the annotation and the object encoded again. JSON with sorted keys and a final newline.
 */
export function modifiedConfiguration(obj: Obj, annotate: boolean): string {
  const annots = annotationsOf(obj);
  delete annots[LAST_APPLIED];
  let modified = goJsonMarshal(withAnnotations(obj, annots)) + '\n';
  if (annotate) modified = goJsonMarshal(withAnnotations(obj, { ...annots, [LAST_APPLIED]: modified })) + '\n';
  return modified;
}

/** The body kubectl apply POSTs for a new object: the object with the annotation set to its own configuration. */
export function createBody(obj: Obj): string {
  const annots = annotationsOf(obj);
  const original = modifiedConfiguration(obj, false);
  return goJsonMarshal(withAnnotations(obj, { ...annots, [LAST_APPLIED]: original })) + '\n';
}

/** Typed ObjectMeta with these annotations (left out when empty: omitempty), fields in Go's order. */
function typedMetadata(metadata: Obj, annotations: Record<string, unknown>): Obj {
  const fields: Obj = { ...metadata };
  delete fields.annotations;
  if (Object.keys(annotations).length) fields.annotations = Object.fromEntries(sortedKeys(annotations).map((k) => [k, annotations[k]]));
  const known = META_ORDER.filter((k) => k in fields);
  return Object.fromEntries([...known, ...Object.keys(fields).filter((k) => !known.includes(k))].map((k) => [k, fields[k]]));
}

/**
 * util.CreateOrUpdateAnnotation on a typed object (the objects kubectl create's generators, run and expose build,
 * whose fields are in Go's order): the configuration is the object without the annotation, encoded as Go encodes the
 * struct (fields in order, an empty annotation map left out) plus a newline; it goes into the annotation.
 */
export function withTypedLastApplied(obj: Obj): Obj {
  const metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
  const annots = annotationsOf(obj);
  delete annots[LAST_APPLIED];
  const config = `${goJsonMarshal({ ...obj, metadata: typedMetadata(metadata, annots) }, undefined, { keepOrder: true })}\n`;
  return { ...obj, metadata: typedMetadata(metadata, { ...annots, [LAST_APPLIED]: config }) };
}

export interface ThreeWayInput {
  /** The modified configuration (modifiedConfiguration(obj, true)). */
  modified: string;
  /** The live object as the server returned it. */
  current: Obj;
  group: string;
  version: string;
  kind: string;
  /** The group-version's OpenAPI v3 document. */
  openApi: OpenApiSchema;
}

function lastAppliedOf(current: Obj): Obj | undefined {
  const annots = annotationsOf(current);
  const lastApplied = typeof annots[LAST_APPLIED] === 'string' ? (annots[LAST_APPLIED] as string) : '';
  return lastApplied ? (JSON.parse(lastApplied) as Obj) : undefined;
}

/**
 * kubectl's Patcher.patchSimple for a kind without strategic merge patch support (custom resources): a
 * three-way JSON merge patch (application/merge-patch+json); "{}" when nothing changes.
 */
export function threeWayJsonMergePatch(modified: string, current: Obj): string {
  return goJsonMarshal(createThreeWayJsonMergePatch(lastAppliedOf(current), JSON.parse(modified) as Obj, current));
}

/** kubectl's Patcher.patchSimple with an OpenAPI v3 schema: the patch bytes ("{}" when nothing changes). */
export function threeWayPatch(input: ThreeWayInput): string {
  const original = lastAppliedOf(input.current);
  const modified = JSON.parse(input.modified) as Obj;
  const schemas = (input.openApi?.components?.schemas ?? {}) as Record<string, OpenApiSchema>;
  const schema = schemaForKind(input.openApi, input.group, input.version, input.kind);
  const lookup = new PatchMetaFromOpenApiV3(schemas, schema);
  return goJsonMarshal(createThreeWayMergePatch(original, modified, input.current, lookup));
}
