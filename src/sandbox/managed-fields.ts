// Field ownership (metadata.managedFields) and server-side apply, after structured-merge-diff: field
// sets of objects, comparing live and new objects, merging an applied configuration, pruning fields an
// applier dropped, and conflicts between managers — all driven by the kind's OpenAPI schema.
import { applyConflict } from './api-error.js';
import { FieldSet, fieldElement, keyElement, pathString, valueElement } from '../kube/field-set.js';
import { deepEqual, isPlainObject, rfc3339 } from './object-meta.js';
import { isAtomicMap, itemsOf, listSemantics, propertyOf, schemaType, type Schema, type SchemaDefinitions } from './schema.js';

export interface Typed {
  defs: SchemaDefinitions;
  schema: Schema | undefined;
}

export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

// ---- schema helpers ------------------------------------------------------------------------------

interface ChildInfo {
  schema: Schema | undefined;
  /** A declared struct field (not an entry of a map with additionalProperties). */
  declared: boolean;
  /** Present in the Go zero value of the parent (a non-pointer struct, or a required field). */
  zeroPresent: boolean;
}

function childOf(t: Typed, parent: Schema | undefined, key: string): ChildInfo {
  const p = t.defs.resolve(parent);
  const props = p?.properties as Record<string, Schema> | undefined;
  const raw = props && Object.hasOwn(props, key) ? props[key] : undefined;
  const child = propertyOf(t.defs, p, key);
  const schema = child.kind === 'schema' ? child.schema : undefined;
  const declared = raw !== undefined;
  const requiredList = p?.required;
  const required = Array.isArray(requiredList) && (requiredList as string[]).includes(key);
  const zeroPresent = declared && (isPlainObject(raw?.default) || required || (ZERO_PRESENT_STRUCTS.has(key) && schemaType(schema) === 'object'));
  return { schema, declared, zeroPresent };
}

// Non-pointer struct fields the v2 definitions cannot tell apart from pointers (v3 marks them `default: {}`).
const ZERO_PRESENT_STRUCTS = new Set(['metadata', 'spec', 'status', 'template', 'strategy', 'updateStrategy']);

type Shape =
  | { kind: 'scalar' }
  | { kind: 'atomic' }
  | { kind: 'map'; schema: Schema | undefined }
  | { kind: 'list-map'; keys: string[]; items: Schema | undefined }
  | { kind: 'list-set' };

function shapeOf(t: Typed, schema: Schema | undefined, value: unknown): Shape {
  const s = t.defs.resolve(schema);
  if (Array.isArray(value)) {
    if (!s) return { kind: 'atomic' };
    const sem = listSemantics(s);
    if (sem.type === 'map' && sem.keys.length && value.every(isPlainObject)) return { kind: 'list-map', keys: sem.keys, items: itemsOf(t.defs, s) };
    if (sem.type === 'set') return { kind: 'list-set' };
    return { kind: 'atomic' };
  }
  if (isPlainObject(value)) {
    if (s && isAtomicMap(s)) return { kind: 'atomic' };
    return { kind: 'map', schema: s };
  }
  return { kind: 'scalar' };
}

// Fields no manager owns (fieldmanager's stripmeta): identity, server-set metadata and, per subresource, the other half.
const STRIPPED_META = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** The object as ownership sees it: without apiVersion, kind and server-managed metadata. */
export function stripForOwnership(obj: Record<string, unknown>, ignore: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || ignore.includes(k)) continue;
    if (k === 'metadata' && isPlainObject(v)) {
      const meta: Record<string, unknown> = {};
      for (const [mk, mv] of Object.entries(v)) if (!STRIPPED_META.includes(mk)) meta[mk] = mv;
      if (Object.keys(meta).length) out.metadata = meta;
      continue;
    }
    out[k] = v;
  }
  return out;
}

// ---- field sets ------------------------------------------------------------------------------------

/** The fields an applied configuration specifies (structured-merge-diff ToFieldSet). */
export function toFieldSet(t: Typed, value: unknown): FieldSet {
  const set = new FieldSet();
  const walk = (schema: Schema | undefined, v: unknown, path: string[]) => {
    const shape = shapeOf(t, schema, v);
    switch (shape.kind) {
      case 'scalar':
      case 'atomic':
        if (path.length) set.add(path);
        return;
      case 'list-set':
        for (const item of v as unknown[]) set.add([...path, valueElement(item)]);
        return;
      case 'list-map':
        for (const item of v as Record<string, unknown>[]) {
          const p = [...path, keyElement(item, shape.keys)];
          set.add(p);
          walk(shape.items, item, p);
        }
        return;
      case 'map':
        for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
          const info = childOf(t, shape.schema, k);
          const p = [...path, fieldElement(k)];
          if (child === null || (isPlainObject(child) && Object.keys(child).length === 0)) set.add(p);
          else {
            walk(info.schema, child, p);
            if (!info.declared && isPlainObject(child)) set.add(p);
          }
        }
    }
  };
  walk(t.schema, value, []);
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** What changed from `oldV` to `newV` (nulls count as absent). */
export function compare(t: Typed, oldV: unknown, newV: unknown): Comparison {
  const added = new FieldSet();
  const modified = new FieldSet();
  const removed = new FieldSet();
  const present = (v: unknown) => v !== undefined && v !== null;
  const walk = (schema: Schema | undefined, o: unknown, n: unknown, path: string[], zeroPresent: boolean) => {
    if (!present(o) && !present(n)) return;
    if (!present(n)) {
      removed.add(path);
      return;
    }
    const shape = shapeOf(t, schema, n);
    const sameKind = present(o) && Array.isArray(o) === Array.isArray(n) && isPlainObject(o) === isPlainObject(n);
    if (shape.kind === 'scalar' || shape.kind === 'atomic' || (present(o) && !sameKind)) {
      if (!present(o)) added.add(path);
      else if (!deepEqual(o, n)) modified.add(path);
      return;
    }
    if (!present(o) && !zeroPresent && path.length) added.add(path);
    if (shape.kind === 'list-set') {
      const ov = (o as unknown[] | undefined) ?? [];
      const nv = n as unknown[];
      for (const item of nv) if (!ov.some((x) => deepEqual(x, item))) added.add([...path, valueElement(item)]);
      for (const item of ov) if (!nv.some((x) => deepEqual(x, item))) removed.add([...path, valueElement(item)]);
      return;
    }
    if (shape.kind === 'list-map') {
      const ov = ((o as Record<string, unknown>[] | undefined) ?? []).filter(isPlainObject);
      const oldByKey = new Map(ov.map((item) => [keyElement(item, shape.keys), item]));
      const newKeys = new Set<string>();
      for (const item of n as Record<string, unknown>[]) {
        const el = keyElement(item, shape.keys);
        newKeys.add(el);
        walk(shape.items, oldByKey.get(el), item, [...path, el], false);
      }
      for (const el of oldByKey.keys()) if (!newKeys.has(el)) removed.add([...path, el]);
      return;
    }
    const om = (isPlainObject(o) ? o : {}) as Record<string, unknown>;
    const nm = n as Record<string, unknown>;
    // A child counts as already there when the Go zero value of an existing (or zero-present) parent has it.
    const parentExists = present(o) || zeroPresent;
    for (const [k, v] of Object.entries(nm)) {
      const info = childOf(t, shape.schema, k);
      walk(info.schema, om[k], v, [...path, fieldElement(k)], info.zeroPresent && parentExists);
    }
    for (const [k, v] of Object.entries(om)) if (!(k in nm) && present(v)) removed.add([...path, fieldElement(k)]);
  };
  walk(t.schema, oldV, newV, [], true);
  return { added, modified, removed };
}

// ---- merging and pruning ------------------------------------------------------------------------------

/** Merges an applied configuration into the live object (maps and associative lists merge, the rest is replaced). */
export function mergeApplied(t: Typed, live: unknown, config: unknown): unknown {
  const walk = (schema: Schema | undefined, l: unknown, c: unknown): unknown => {
    if (l === undefined || l === null || c === null) return c;
    const shape = shapeOf(t, schema, c);
    if (shape.kind === 'scalar' || shape.kind === 'atomic') return c;
    if (shape.kind === 'list-set') {
      if (!Array.isArray(l)) return c;
      return [...l, ...(c as unknown[]).filter((x) => !l.some((y) => deepEqual(x, y)))];
    }
    if (shape.kind === 'list-map') {
      if (!Array.isArray(l)) return c;
      const out = [...l];
      for (const item of c as Record<string, unknown>[]) {
        const el = keyElement(item, shape.keys);
        const i = out.findIndex((x) => isPlainObject(x) && keyElement(x, shape.keys) === el);
        if (i >= 0) out[i] = walk(shape.items, out[i], item);
        else out.push(item);
      }
      return out;
    }
    if (!isPlainObject(l)) return c;
    const out: Record<string, unknown> = { ...l };
    for (const [k, v] of Object.entries(c as Record<string, unknown>)) out[k] = walk(childOf(t, shape.schema, k).schema, l[k], v);
    return out;
  };
  return walk(t.schema, live, config);
}

/** Removes the fields at `paths` (items by key, set members by value, fields by name). */
export function removePaths(t: Typed, value: Record<string, unknown>, paths: FieldSet): Record<string, unknown> {
  let out = structuredClone(value);
  for (const path of paths.paths().sort((a, b) => a.length - b.length)) out = removeOne(t, out, path) as Record<string, unknown>;
  return out;
}

function removeOne(t: Typed, root: unknown, path: string[]): unknown {
  const walk = (schema: Schema | undefined, node: unknown, i: number): unknown => {
    const el = path[i];
    const last = i === path.length - 1;
    if (Array.isArray(node)) {
      const shape = shapeOf(t, schema, node);
      if (el.startsWith('v:')) {
        if (!last) return node;
        const v = JSON.parse(el.slice(2));
        return node.filter((x) => !deepEqual(x, v));
      }
      if (el.startsWith('k:') && shape.kind === 'list-map') {
        const idx = node.findIndex((x) => isPlainObject(x) && keyElement(x, shape.keys) === el);
        if (idx < 0) return node;
        if (last) return node.filter((_, j) => j !== idx);
        const copy = [...node];
        copy[idx] = walk(shape.items, node[idx], i + 1);
        return copy;
      }
      return node;
    }
    if (!isPlainObject(node) || !el.startsWith('f:')) return node;
    const key = el.slice(2);
    if (!(key in node)) return node;
    const copy = { ...node };
    if (last) delete copy[key];
    else copy[key] = walk(childOf(t, schema, key).schema, node[key], i + 1);
    return copy;
  };
  return walk(t.schema, root, 0);
}

// ---- managedFields encoding ---------------------------------------------------------------------------------

export function decodeManagedFields(raw: unknown): ManagerEntry[] {
  if (!Array.isArray(raw)) return [];
  const out: ManagerEntry[] = [];
  for (const e of raw) {
    if (!isPlainObject(e)) continue;
    const operation = e.operation === 'Apply' ? 'Apply' : 'Update';
    out.push({
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation,
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
      time: typeof e.time === 'string' ? e.time : undefined,
      subresource: typeof e.subresource === 'string' && e.subresource ? e.subresource : undefined,
      set: FieldSet.fromFieldsV1(e.fieldsV1),
    });
  }
  return out;
}

/** Encoded entries, sorted as kube-apiserver sorts them: operation, time, manager, apiVersion, subresource. */
export function encodeManagedFields(entries: ManagerEntry[]): Record<string, unknown>[] {
  const sorted = [...entries].sort((a, b) => {
    if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
    const ta = a.time ?? '';
    const tb = b.time ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    if (a.manager !== b.manager) return a.manager < b.manager ? -1 : 1;
    if (a.apiVersion !== b.apiVersion) return a.apiVersion < b.apiVersion ? -1 : 1;
    return (a.subresource ?? '') < (b.subresource ?? '') ? -1 : (a.subresource ?? '') > (b.subresource ?? '') ? 1 : 0;
  });
  return sorted.map((e) => {
    const out: Record<string, unknown> = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion };
    if (e.time) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = e.set.toFieldsV1();
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

const sameIdentity = (a: ManagerEntry, b: { manager: string; operation: string; apiVersion: string; subresource?: string }) =>
  a.manager === b.manager && a.operation === b.operation && a.apiVersion === b.apiVersion && (a.subresource ?? '') === (b.subresource ?? '');

/** How a conflict names a manager: `"kubectl"` (Apply) or `"kubectl-client-side-apply" using v1` (Update). */
export function printManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}

export interface OwnershipContext {
  typed: Typed;
  manager: string;
  apiVersion: string;
  subresource: string;
  now: Date;
  /** Top-level fields this endpoint does not own (`status` on the main resource, `spec` on /status). */
  ignore: string[];
}

function finishEntry(entries: ManagerEntry[], ctx: OwnershipContext, operation: 'Apply' | 'Update', set: FieldSet, previous?: ManagerEntry): ManagerEntry[] {
  const id = { manager: ctx.manager, operation, apiVersion: ctx.apiVersion, subresource: ctx.subresource || undefined };
  const rest = entries.filter((e) => !sameIdentity(e, id));
  if (set.isEmpty()) return rest;
  const time = previous?.set.equals(set) && previous.time ? previous.time : rfc3339(ctx.now);
  return [...rest, { ...id, time, set }];
}

/** managedFields after a create/update/patch by `ctx.manager` (operation Update). */
export function trackUpdate(
  ctx: OwnershipContext,
  live: Record<string, unknown> | undefined,
  next: Record<string, unknown>,
  entries: ManagerEntry[],
): ManagerEntry[] {
  const cmp = compare(ctx.typed, live ? stripForOwnership(live, ctx.ignore) : {}, stripForOwnership(next, ctx.ignore));
  const changed = cmp.added.union(cmp.modified);
  const id = { manager: ctx.manager, operation: 'Update', apiVersion: ctx.apiVersion, subresource: ctx.subresource || undefined };
  const previous = entries.find((e) => sameIdentity(e, id));
  let out = entries.map((e) => (sameIdentity(e, id) ? e : { ...e, set: e.set.difference(changed).recursiveDifference(cmp.removed) }));
  out = out.filter((e) => sameIdentity(e, id) || !e.set.isEmpty());
  const mine = (previous?.set ?? new FieldSet()).recursiveDifference(cmp.removed).union(changed);
  return finishEntry(out, ctx, 'Update', mine, previous);
}

/**
 * Server-side apply: merges `config` into `live`, prunes what this manager applied before but no longer
 * does, and fails with a 409 when that would change fields other managers own (unless `force`).
 */
export function applyConfiguration(
  ctx: OwnershipContext,
  live: Record<string, unknown> | undefined,
  config: Record<string, unknown>,
  entries: ManagerEntry[],
  force: boolean,
): { object: Record<string, unknown>; entries: ManagerEntry[] } {
  const t = ctx.typed;
  const id = { manager: ctx.manager, operation: 'Apply', apiVersion: ctx.apiVersion, subresource: ctx.subresource || undefined };
  const previous = entries.find((e) => e.manager === ctx.manager && e.operation === 'Apply' && (e.subresource ?? '') === (ctx.subresource ?? ''));
  const strippedConfig = stripForOwnership(config, ctx.ignore);
  const applied = toFieldSet(t, strippedConfig);
  let merged = mergeApplied(t, live ?? {}, withoutIgnored(config, ctx.ignore)) as Record<string, unknown>;
  // Prune: fields this manager applied last time, no longer applies, and nobody else owns.
  if (previous) {
    const othersOwn = entries.filter((e) => e !== previous).reduce((acc, e) => acc.union(e.set), new FieldSet());
    const owned = applied.union(othersOwn);
    // Like structured-merge-diff's prune: ancestors of anything still owned stay (addBackOwnedItems).
    const dropped = previous.set.difference(owned).withoutAncestorsOf(owned);
    if (!dropped.isEmpty()) merged = removePaths(t, merged, dropped);
  }
  const cmp = compare(t, live ? stripForOwnership(live, ctx.ignore) : {}, stripForOwnership(merged, ctx.ignore));
  const changed = cmp.added.union(cmp.modified);
  const conflicts: { manager: string; path: string }[] = [];
  const others = entries.filter((e) => !sameIdentity(e, id) && !(e.manager === ctx.manager && e.operation === 'Apply'));
  for (const e of others) {
    for (const p of e.set.intersection(changed).paths()) conflicts.push({ manager: printManager(e), path: pathString(p) });
  }
  if (conflicts.length && !force) throw applyConflict(conflicts);
  let out = entries
    .filter((e) => !sameIdentity(e, id))
    .map((e) => ({ ...e, set: e.set.difference(force ? changed : new FieldSet()).recursiveDifference(cmp.removed) }))
    .filter((e) => !e.set.isEmpty());
  out = finishEntry(out, ctx, 'Apply', applied, previous);
  return { object: merged, entries: out };
}

function withoutIgnored(obj: Record<string, unknown>, ignore: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!ignore.includes(k) && k !== 'apiVersion' && k !== 'kind') out[k] = v;
  if (isPlainObject(obj.metadata)) {
    const meta = { ...obj.metadata };
    for (const k of STRIPPED_META) delete meta[k];
    out.metadata = meta;
  }
  return out;
}
