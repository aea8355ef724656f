// Strategic merge patch (apimachinery pkg/util/strategicpatch) driven by the kind's OpenAPI schema:
// lists with `x-kubernetes-patch-strategy: merge` merge by their merge key (containers by name, ports by
// containerPort, …), primitive merge lists union, other lists are replaced; null deletes; and the
// directives `$patch: replace|delete|merge`, `$retainKeys`, `$deleteFromPrimitiveList/<f>`,
// `$setElementOrder/<f>`.
import { deepEqual, isPlainObject } from '../object-meta.js';
import { itemsOf, patchStrategy, propertyOf, type Schema, type SchemaDefinitions } from '../schema.js';

export class StrategicMergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrategicMergeError';
  }
}

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

interface Ctx {
  defs: SchemaDefinitions;
}

/** Applies a strategic merge patch to `original` (which is not modified). */
export function applyStrategicMergePatch(defs: SchemaDefinitions, schema: Schema | undefined, original: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) throw new StrategicMergeError('unable to find api field in struct Unknown for the json field "patch"');
  return mergeMap({ defs }, schema, isPlainObject(original) ? structuredClone(original) : {}, patch);
}

function childSchema(ctx: Ctx, schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  const c = propertyOf(ctx.defs, schema, key);
  return c.kind === 'schema' ? c.schema : undefined;
}

function mergeMap(
  ctx: Ctx,
  schema: Schema | undefined,
  original: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const directive = patch[PATCH];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) if (k !== PATCH) out[k] = stripDirectives(v);
    return out;
  }
  if (directive !== undefined && directive !== 'merge') throw new StrategicMergeError(`Unknown patch type: ${String(directive)}`);

  const out: Record<string, unknown> = { ...original };
  // $deleteFromPrimitiveList/<field>: remove values from a primitive list.
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(DELETE_PRIMITIVE)) continue;
    const field = k.slice(DELETE_PRIMITIVE.length);
    if (!Array.isArray(v)) throw new StrategicMergeError(`invalid ${k}: must be a list`);
    if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((x) => !v.some((d) => deepEqual(d, x)));
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k === PATCH || k === RETAIN_KEYS || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) continue;
    const cs = childSchema(ctx, schema, k);
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (isPlainObject(v)) {
      const merged = mergeMap(ctx, cs, isPlainObject(cur) ? cur : {}, v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else if (Array.isArray(v)) {
      const rawProp = rawProperty(ctx, schema, k);
      out[k] = mergeList(ctx, rawProp, Array.isArray(cur) ? cur : [], v, patch[`${SET_ORDER}${k}`]);
    } else {
      out[k] = v;
    }
  }
  // Lists only ordered by $setElementOrder (no other change to them).
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith(SET_ORDER)) continue;
    const field = k.slice(SET_ORDER.length);
    if (field in patch || !Array.isArray(out[field]) || !Array.isArray(v)) continue;
    const { mergeKey } = patchStrategy(rawProperty(ctx, schema, field));
    out[field] = orderBy(out[field] as unknown[], v, mergeKey);
  }
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new StrategicMergeError('$retainKeys must be a list');
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}

/** The property's own schema (with patch extensions), not resolved through $ref. */
function rawProperty(ctx: Ctx, schema: Schema | undefined, key: string): Schema | undefined {
  const s = ctx.defs.resolve(schema);
  const props = s?.properties as Record<string, Schema> | undefined;
  return props?.[key];
}

function mergeList(ctx: Ctx, prop: Schema | undefined, original: unknown[], patch: unknown[], order: unknown): unknown[] {
  const { strategies, mergeKey } = patchStrategy(prop);
  const items = prop ? itemsOf(ctx.defs, prop) : undefined;
  // `$patch: replace` as a list element replaces the whole list.
  if (patch.some((p) => isPlainObject(p) && p[PATCH] === 'replace')) {
    return patch.filter((p) => !(isPlainObject(p) && p[PATCH] === 'replace')).map(stripDirectives);
  }
  if (!strategies.includes('merge')) return patch.map(stripDirectives);
  let out: unknown[];
  if (mergeKey && patch.every((p) => isPlainObject(p))) {
    out = [...original];
    for (const p of patch as Record<string, unknown>[]) {
      const keyValue = p[mergeKey];
      if (p[PATCH] === 'delete') {
        out = out.filter((o) => !(isPlainObject(o) && deepEqual(o[mergeKey], keyValue)));
        continue;
      }
      if (keyValue === undefined) throw new StrategicMergeError(`map: ${JSON.stringify(p)} does not contain declared merge key: ${mergeKey}`);
      const i = out.findIndex((o) => isPlainObject(o) && deepEqual(o[mergeKey], keyValue));
      if (i >= 0) {
        const merged = mergeMap(ctx, items, out[i] as Record<string, unknown>, p);
        if (merged === undefined) out.splice(i, 1);
        else out[i] = merged;
      } else {
        const fresh = mergeMap(ctx, items, {}, p);
        if (fresh !== undefined) out.push(fresh);
      }
    }
  } else {
    out = [...original];
    for (const p of patch) if (!out.some((o) => deepEqual(o, p))) out.push(p);
  }
  if (Array.isArray(order)) out = orderBy(out, order, mergeKey);
  return out;
}

/** `$setElementOrder`: listed elements first in the given order, the rest after in their current order. */
function orderBy(list: unknown[], order: unknown[], mergeKey?: string): unknown[] {
  const keyOf = (v: unknown) => (mergeKey && isPlainObject(v) ? JSON.stringify(v[mergeKey]) : JSON.stringify(v));
  const wanted = order.map(keyOf);
  const ordered: unknown[] = [];
  for (const k of wanted) {
    const found = list.find((item) => keyOf(item) === k);
    if (found !== undefined && !ordered.includes(found)) ordered.push(found);
  }
  return [...ordered, ...list.filter((item) => !ordered.includes(item))];
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (k === PATCH || k === RETAIN_KEYS || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) continue;
    out[k] = stripDirectives(val);
  }
  return out;
}
