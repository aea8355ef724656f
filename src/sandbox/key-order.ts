// JSON key order of the objects kube-apiserver returns. Built-in kinds are Go structs: their fields come in
// Go's field order (src/kube/struct-order.ts for the types listed there; others keep the order written), while Go maps (labels, annotations, ConfigMap and Secret data, nodeSelector, matchLabels,
// resource lists, …) are written by encoding/json with their keys sorted, whatever order a client sent.
// Custom resources are unstructured (map[string]interface{} all the way down), so every key is sorted.
import { isRec, type Rec } from './defaults/json-access.js';
import type { OpenApiDocuments } from './openapi.js';
import type { ResourceDef } from './registry.js';
import type { Schema, SchemaDefinitions } from './schema.js';
import { STRUCT_ORDER } from '../kube/struct-order.js';
import type { KubeObject } from './types.js';

const ASCII = /^[\x00-\x7f]*$/;

/** encoding/json's map key order: byte-wise over the keys' UTF-8. */
export function compareGoStrings(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function sortedEntries(o: Rec): [string, unknown][] {
  return Object.keys(o)
    .sort(compareGoStrings)
    .map((k) => [k, o[k]]);
}

/** A map[string]interface{} value as encoding/json writes it: keys sorted at every level. */
export function sortAllKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortAllKeys);
  if (!isRec(v)) return v;
  const out: Rec = {};
  for (const [k, x] of sortedEntries(v)) out[k] = sortAllKeys(x);
  return out;
}

/**
 * `v` with the keys of every map position its schema describes (an object schema with
 * `additionalProperties` and no `properties`) sorted; struct fields and values the schema does not
 * describe (RawExtension, FieldsV1, unknown fields) keep their order.
 */
export function sortMapKeys(defs: SchemaDefinitions, schema: Schema | undefined, v: unknown): unknown {
  const s = defs.resolve(schema);
  if (!s) return v;
  if (Array.isArray(v)) {
    const items = s.items;
    return isRec(items) ? v.map((x) => sortMapKeys(defs, items as Schema, x)) : v;
  }
  if (!isRec(v)) return v;
  const props = isRec(s.properties) ? (s.properties as Record<string, Schema>) : undefined;
  const additional = isRec(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined;
  if (!props && additional) {
    const out: Rec = {};
    for (const [k, x] of sortedEntries(v)) out[k] = sortMapKeys(defs, additional, x);
    return out;
  }
  if (!props) return v;
  const out: Rec = {};
  const name = defs.nameOf(s);
  const order = name ? STRUCT_ORDER[name] : undefined;
  // Go's field order first; fields it does not list (unknown to this table) after them, as written.
  if (order) for (const k of order) if (Object.hasOwn(v, k)) out[k] = undefined;
  for (const [k, x] of Object.entries(v)) out[k] = Object.hasOwn(props, k) ? sortMapKeys(defs, props[k], x) : x;
  return out;
}

/** The object with its keys in the order kube-apiserver would write them (see the file comment). */
export function apiKeyOrder(openapi: OpenApiDocuments, def: ResourceDef, obj: KubeObject): KubeObject {
  if (def.crdName) return sortAllKeys(obj) as KubeObject;
  const { schema, defs } = openapi.schemaFor(def.group, def.version, def.kind);
  if (!schema) return obj;
  return sortMapKeys(defs, schema, obj) as KubeObject;
}
