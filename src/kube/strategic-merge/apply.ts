// Applying a strategic merge patch: apimachinery's strategicpatch.StrategicMergeMapPatchUsingLookupPatchMeta
// (mergeMap with MergeParallelList and IgnoreUnmatchedNulls), ported so that both users get Go's result and
// error texts: the sandbox (PATCH application/strategic-merge-patch+json, merge keys from its OpenAPI schema)
// and `run --overrides --override-type=strategic` (kubectl's compiled-in v1.Pod tags, pod-patch-meta.ts).
// The same mergeMap with MergeParallelList off merges the two halves of a three-way patch (three-way.ts).
// Lists with patchStrategy merge merge by their patchMergeKey (maps) or as a deduplicated union
// (scalars), in normalizeElementOrder's order; other lists and replace-strategy maps are replaced; null deletes;
// the directives `$patch: replace|delete` (maps), `$patch: replace|delete` list elements, `$retainKeys`,
// `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>`.
// Names and structure follow patch.go so the two can be read side by side. Go iterates a patch's keys in random
// order; here the `$deleteFromPrimitiveList/` keys come first, then the others as written.
import { compareCodePoints, goSprint, goTypeName, isPlainObject } from '../../output/go-format.js';
import type { LookupPatchMeta } from './patch-meta.js';

type Json = unknown;
type JsonMap = Record<string, Json>;

export const DIRECTIVE_MARKER = '$patch';
export const DELETE_DIRECTIVE = 'delete';
export const REPLACE_DIRECTIVE = 'replace';
export const MERGE_DIRECTIVE = 'merge';
export const RETAIN_KEYS_STRATEGY = 'retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const RETAIN_KEYS_DIRECTIVE = `$${RETAIN_KEYS_STRATEGY}`;
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** A key that is a strategic merge directive, not a field: `$patch`, `$retainKeys`, `$setElementOrder/…`, `$deleteFromPrimitiveList/…`. */
export function isDirectiveKey(k: string): boolean {
  return (
    k === DIRECTIVE_MARKER ||
    k === RETAIN_KEYS_DIRECTIVE ||
    k.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
    k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
  );
}

/** An error of strategicpatch (or mergepatch), with Go's text. */
export class StrategicPatchError extends Error {}

// mergepatch's errors.
const ERR_NO_LIST_OF_LISTS = 'lists of lists are not supported';
const ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST = 'invalid patch format of primitive list';
const ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS = 'invalid patch format of retainKeys';
const ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST = 'invalid patch format of setElementOrder list';

export function noMergeKey(m: JsonMap, mergeKey: string): StrategicPatchError {
  return new StrategicPatchError(`map: ${goSprint(m)} does not contain declared merge key: ${mergeKey}`);
}

/** mergepatch.ErrBadArgType: `expected a []interface {}, but received a string`. */
function badArgType(expected: string, actual: Json): StrategicPatchError {
  return new StrategicPatchError(`expected a ${expected}, but received a ${actual === null || actual === undefined ? '%!s(<nil>)' : goTypeName(actual)}`);
}

const MAP_TYPE = 'map[string]interface {}';
const SLICE_TYPE = '[]interface {}';

/** reflect.DeepEqual over decoded JSON (int64 1 and float64 1 count as different types in Go; not here). */
export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (goTypeName(a) !== goTypeName(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return Number.isNaN(a) && Number.isNaN(b) ? false : a === b;
}

/** Go's `==` on interface values holding scalars (maps and slices are never equal here). */
export function scalarEqual(a: Json, b: Json): boolean {
  if (isPlainObject(a) || Array.isArray(a) || isPlainObject(b) || Array.isArray(b)) return false;
  return goTypeName(a) === goTypeName(b) && a === b;
}

export const kindOf = (v: Json): 'map' | 'slice' | 'scalar' => (isPlainObject(v) ? 'map' : Array.isArray(v) ? 'slice' : 'scalar');

export function extractRetainKeysPatchStrategy(strategies: string[]): [boolean, string] {
  switch (strategies.length) {
    case 0:
      return [false, ''];
    case 1:
      return strategies[0] === RETAIN_KEYS_STRATEGY ? [true, ''] : [false, strategies[0]];
    case 2:
      if (strategies[0] === RETAIN_KEYS_STRATEGY) return [true, strategies[1]];
      if (strategies[1] === RETAIN_KEYS_STRATEGY) return [true, strategies[0]];
      throw new StrategicPatchError(`unexpected patch strategy: [${strategies.join(' ')}]`);
    default:
      throw new StrategicPatchError(`unexpected patch strategy: [${strategies.join(' ')}]`);
  }
}

/** Go's sort.Sort over fmt %v strings (sortScalars, sortMapsBasedOnField); stable here, equal only for duplicates. */
export function sortBySprint<T>(items: T[], key: (v: T) => Json): T[] {
  return [...items].sort((a, b) => compareCodePoints(goSprint(key(a)), goSprint(key(b))));
}

export const sortScalars = (s: Json[]) => sortBySprint(s, (v) => v);

/** patch.go deduplicateScalars: a duplicate is replaced by the last element (order changes as in Go). */
export function deduplicateScalars(input: Json[]): Json[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (scalarEqual(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** sliceElementType: the one element kind of the slices (no lists of lists, no mixed types). */
export function sliceElementKind(...slices: Json[][]): 'map' | 'scalar' {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goTypeName(v);
      if (prev === undefined) {
        prev = t;
        if (Array.isArray(v)) throw new StrategicPatchError(ERR_NO_LIST_OF_LISTS);
      } else if (prev !== t) {
        throw new StrategicPatchError(`list element types are not identical: ${goSprint(slices)}`);
      }
    }
  }
  if (prev === undefined) throw new StrategicPatchError('no elements in any of the given slices');
  return prev === MAP_TYPE ? 'map' : 'scalar';
}

/** Index of an item in a list, by merge key value for maps, by value for scalars (Go `==`). */
function indexOf(list: Json[], item: Json, mergeKey: string, kind: 'map' | 'scalar'): number {
  const val = (v: Json) => (kind === 'map' ? (isPlainObject(v) ? v[mergeKey] : null) : v);
  const want = val(item);
  return list.findIndex((v) => scalarEqual(val(v), want) || (val(v) === null && want === null));
}

/** normalizeSliceOrder: `toSort` in the order of `order` (items not in it keep their place); `$patch: delete` items last. */
export function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: 'map' | 'scalar'): Json[] {
  let items = toSort;
  let toDelete: Json[] = [];
  if (kind === 'map') {
    for (const list of [toSort, order]) {
      for (const item of list) {
        if (!isPlainObject(item)) throw badArgType(MAP_TYPE, item);
        if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
      }
    }
    items = toSort.filter((v) => !(isPlainObject(v) && v[DIRECTIVE_MARKER] === DELETE_DIRECTIVE));
    toDelete = toSort.filter((v) => isPlainObject(v) && v[DIRECTIVE_MARKER] === DELETE_DIRECTIVE);
  }
  const sorted = stableSort(items, (a, b) => {
    const ia = indexOf(order, a, mergeKey, kind);
    const ib = indexOf(order, b, mergeKey, kind);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  });
  return [...sorted, ...toDelete];
}

function stableSort<T>(items: T[], cmp: (a: T, b: T) => number): T[] {
  return items
    .map((v, i) => [v, i] as const)
    .sort((a, b) => cmp(a[0], b[0]) || a[1] - b[1])
    .map(([v]) => v);
}

// ---- mergeMap --------------------------------------------------------------------------------------

export interface MergeOptions {
  /** Apply the parallel lists ($deleteFromPrimitiveList, $setElementOrder, $retainKeys) instead of keeping them. */
  mergeParallelList: boolean;
  /** Drop a null whose field is not in the original (and the nulls inside added values) instead of keeping it. */
  ignoreUnmatchedNulls: boolean;
}

/**
 * strategicpatch.StrategicMergeMapPatchUsingLookupPatchMeta: `patch` applied to `original` (neither is
 * modified), the merge strategies and keys looked up in `schema`. Throws StrategicPatchError (or the lookup's
 * PatchMetaError) with Go's text.
 */
export function strategicMergeMapPatch(original: JsonMap, patch: JsonMap, schema: LookupPatchMeta): JsonMap {
  return mergeMap(structuredClone(original), structuredClone(patch), schema, { mergeParallelList: true, ignoreUnmatchedNulls: true });
}

/** patch.go mergeMap. Modifies both maps (as Go does); callers pass copies. */
export function mergeMap(original: JsonMap, patch: JsonMap, schema: LookupPatchMeta, mo: MergeOptions): JsonMap {
  if (DIRECTIVE_MARKER in patch) return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  applyRetainKeysDirective(original, patch, mo);
  mergePatchIntoOriginal(original, patch, schema, mo);
  const entries = Object.entries(patch);
  const deleteLists = entries.filter(([k]) => k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX));
  for (let [k, patchV] of [...deleteLists, ...entries.filter(([k]) => !k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX))]) {
    let isDeleteList = false;
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!mo.mergeParallelList) {
        original[k] = patchV;
        continue;
      }
      k = extractKey(k, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[k];
      if (mo.ignoreUnmatchedNulls) continue;
    }
    if (!(k in original) || goTypeName(original[k]) !== goTypeName(patchV)) {
      // Not in the original, or of another type: the patch's value, without its directives.
      if (!isDeleteList) {
        if (mo.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
        takePatchValue(original, k, patchV);
      }
      continue;
    }
    const kind = kindOf(original[k]);
    if (kind === 'map') {
      const { sub, meta } = schema.forStruct(k);
      const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
      original[k] = strategy !== REPLACE_DIRECTIVE ? mergeMap(original[k] as JsonMap, patchV as JsonMap, sub, mo) : patchV;
    } else if (kind === 'slice') {
      const { sub, meta } = schema.forSlice(k);
      const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
      original[k] = mergeSliceHandler(original[k] as Json[], patchV as Json[], sub, strategy, meta.mergeKey, isDeleteList, mo);
    } else {
      takePatchValue(original, k, patchV);
    }
  }
  return original;
}

/** `original[k] = removeDirectives(patchV)`, or no `k` at all when patchV is itself a `$patch` map. */
function takePatchValue(original: JsonMap, k: string, patchV: Json): void {
  const [v, keep] = removeDirectives(patchV);
  if (keep) original[k] = v;
  else delete original[k];
}

/**
 * removeDirectives: a map with a `$patch` goes (its field, or its list element), at any depth; the other
 * directives stay. Since apimachinery 0.28 (kubernetes#117568): kubectl 1.32 does this, a v1.26 server kept them.
 */
function removeDirectives(v: Json): [Json, boolean] {
  if (isPlainObject(v)) {
    if (DIRECTIVE_MARKER in v) return [undefined, false];
    for (const [k, x] of Object.entries(v)) {
      const [nv, keep] = removeDirectives(x);
      if (keep) v[k] = nv;
      else delete v[k];
    }
    return [v, true];
  }
  if (Array.isArray(v)) {
    const out: Json[] = [];
    for (const x of v) {
      const [nv, keep] = removeDirectives(x);
      if (keep) out.push(nv);
    }
    return [out, true];
  }
  return [v, true];
}

/** discardNullValuesFromPatch: the null fields of maps, at any depth, go. */
function discardNullValuesFromPatch(v: Json): void {
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNullValuesFromPatch(x);
    }
  } else if (Array.isArray(v)) for (const x of v) discardNullValuesFromPatch(x);
}

function handleDirectiveInMergeMap(directive: Json, patch: JsonMap): JsonMap {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw badPatchType(directive, patch);
}

/** mergepatch.ErrBadPatchType. */
function badPatchType(t: Json, m: JsonMap): StrategicPatchError {
  const what = typeof t === 'string' ? t : t === null ? '%!s(<nil>)' : `%!s(${goTypeName(t)}=${goSprint(t)})`;
  return new StrategicPatchError(`unknown patch type: ${what} in map: ${goSprint(m)}`);
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw new StrategicPatchError(ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST);
    throw new StrategicPatchError(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
  }
  return s.slice(slash + 1);
}

function applyRetainKeysDirective(original: JsonMap, patch: JsonMap, mo: MergeOptions): void {
  if (!(RETAIN_KEYS_DIRECTIVE in patch)) return;
  const inPatch = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!mo.mergeParallelList) {
    if (RETAIN_KEYS_DIRECTIVE in original) {
      if (!deepEqual(original[RETAIN_KEYS_DIRECTIVE], inPatch))
        throw new StrategicPatchError(
          `${goSprint(original[RETAIN_KEYS_DIRECTIVE])} and ${goSprint(inPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = inPatch;
    }
    return;
  }
  if (!Array.isArray(inPatch)) throw new StrategicPatchError(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  // Go keeps the values in a map[interface{}]: only strings can name a key.
  const retained = (k: string) => inPatch.some((v) => v === k);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || k.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!retained(k)) throw new StrategicPatchError(ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS);
  }
  for (const k of Object.keys(original)) if (!retained(k)) delete original[k];
}

function mergePatchIntoOriginal(original: JsonMap, patch: JsonMap, schema: LookupPatchMeta, mo: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setElementOrderInPatch = patch[key];
    if (!mo.mergeParallelList) {
      if (key in original) {
        if (!deepEqual(original[key], setElementOrderInPatch)) throw new StrategicPatchError(ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST);
      } else {
        original[key] = setElementOrderInPatch;
      }
    }
    delete patch[key];
    if (!Array.isArray(setElementOrderInPatch)) throw badArgType(SLICE_TYPE, setElementOrderInPatch);
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = originalKey in original;
    const foundPatch = originalKey in patch;
    if (foundOriginal && !Array.isArray(original[originalKey])) throw badArgType(SLICE_TYPE, original[originalKey]);
    if (foundPatch && !Array.isArray(patch[originalKey])) throw badArgType(SLICE_TYPE, patch[originalKey]);
    const originalFieldValue = foundOriginal ? (original[originalKey] as Json[]) : [];
    const patchFieldValue = foundPatch ? (patch[originalKey] as Json[]) : [];
    const { sub, meta } = schema.forSlice(originalKey);
    const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
    const mergeKey = meta.mergeKey;
    validatePatchWithSetOrderList(patchFieldValue, setElementOrderInPatch, mergeKey);
    let merged: Json[];
    if (foundOriginal && !foundPatch) merged = originalFieldValue;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchFieldValue)[0] as Json[];
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalFieldValue, patchFieldValue, sub, strategy, mergeKey, false, mo);
    else continue;
    const [patchItems, serverOnlyItems] = partition(merged, setElementOrderInPatch, mergeKey);
    const kind = sliceElementKind(originalFieldValue, patchFieldValue);
    original[originalKey] = normalizeElementOrder(patchItems, serverOnlyItems, setElementOrderInPatch, originalFieldValue, mergeKey, kind);
    delete patch[originalKey];
  }
}

/** mergeKeyValueEqual: two list items name the same element (maps by their merge key, scalars by value). */
export function mergeKeyValueEqual(left: Json, right: Json, mergeKey: string): boolean {
  if (mergeKey === '') return scalarEqual(left, right);
  if (!isPlainObject(left)) throw badArgType(MAP_TYPE, left);
  if (!isPlainObject(right)) throw badArgType(MAP_TYPE, right);
  if (!(mergeKey in left)) throw noMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw noMergeKey(right, mergeKey);
  return scalarEqual(left[mergeKey], right[mergeKey]);
}

/**
 * validatePatchWithSetOrderList: the patch list's items (but those marked `$patch: delete`) must come in the
 * $setElementOrder list's order and all be in it.
 */
function validatePatchWithSetOrderList(patchList: Json[], setOrderList: Json[], mergeKey: string): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  let nonDeleteList = patchList;
  if (mergeKey !== '') {
    nonDeleteList = patchList.filter((v) => {
      if (!isPlainObject(v)) throw badArgType(MAP_TYPE, v);
      return v[DIRECTIVE_MARKER] !== DELETE_DIRECTIVE;
    });
  }
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDeleteList.length && setOrderIndex < setOrderList.length) {
    const item = nonDeleteList[patchIndex];
    if (isPlainObject(item) && DIRECTIVE_MARKER in item) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrderList[setOrderIndex], mergeKey)) patchIndex++;
    setOrderIndex++;
  }
  if (patchIndex < nonDeleteList.length && setOrderIndex >= setOrderList.length) {
    throw new StrategicPatchError(
      `The order in patch list:\n${goSprint(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goSprint(setOrderList)}\n`,
    );
  }
}

/** partitionPrimitivesByPresentInList / partitionMapsByPresentInList. */
function partition(list: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const inPatch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of list) {
    let found: boolean;
    if (mergeKey === '') found = by.some((b) => scalarEqual(b, v));
    else {
      if (!isPlainObject(v)) throw badArgType(MAP_TYPE, v);
      if (!(mergeKey in v)) throw noMergeKey(v, mergeKey);
      found = findMapInSliceBasedOnKeyValue(by, mergeKey, v[mergeKey]) >= 0;
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** findMapInSliceBasedOnKeyValue: the index of the map whose merge key has the value (-1: none). */
function findMapInSliceBasedOnKeyValue(list: Json[], mergeKey: string, value: Json): number {
  for (let k = 0; k < list.length; k++) {
    const v = list[k];
    if (!isPlainObject(v)) throw new StrategicPatchError(`value for key ${k} is not a map`);
    if (mergeKey in v && scalarEqual(v[mergeKey], value)) return k;
  }
  return -1;
}

/** normalizeElementOrder: each part in its order, then interleaved by the server's order (mergeSortedSlice). */
function normalizeElementOrder(patch: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string, kind: 'map' | 'scalar'): Json[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** mergeSortedSlice: the server's item first only when both are in the server's list and it comes first there. */
function mergeSortedSlice(left: Json[], right: Json[], serverOrder: Json[], mergeKey: string, kind: 'map' | 'scalar'): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  const size = left.length + right.length;
  for (let k = 0; k < size; k++) {
    if (i >= left.length && j < right.length) out.push(right[j++]);
    else if (j >= right.length && i < left.length) out.push(left[i++]);
    else {
      const li = indexOf(serverOrder, left[i], mergeKey, kind);
      const ri = indexOf(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function mergeSliceHandler(
  original: Json[],
  patch: Json[],
  schema: LookupPatchMeta,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  mo: MergeOptions,
): Json[] {
  if (strategy === MERGE_DIRECTIVE || isDeleteList) return mergeSlice(original, patch, schema, mergeKey, mo, isDeleteList);
  return patch;
}

function mergeSlice(original: Json[], patch: Json[], schema: LookupPatchMeta, mergeKey: string, mo: MergeOptions, isDeleteList: boolean): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: Json[];
  let orig = original;
  let pat = patch;
  if (kind !== 'map') {
    if (mo.mergeParallelList && isDeleteList) return original.filter((v) => !patch.some((d) => scalarEqual(d, v)));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw new StrategicPatchError('cannot merge lists without merge key for type map');
    [orig, pat] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(orig, pat, mergeKey, schema, mo);
  }
  const [patchItems, serverOnlyItems] = partition(merged, pat, mergeKey);
  return normalizeElementOrder(patchItems, serverOnlyItems, pat, orig, mergeKey, kind);
}

/** The list items with a `$patch`: delete removes the original's items with that key, replace drops the original. */
function mergeSliceWithSpecialElements(original: Json[], patch: Json[], mergeKey: string): [Json[], Json[]] {
  const without: Json[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!(DIRECTIVE_MARKER in m)) {
      without.push(v);
      continue;
    }
    const t = m[DIRECTIVE_MARKER];
    if (t === DELETE_DIRECTIVE) {
      if (!(mergeKey in m)) throw noMergeKey(m, mergeKey);
      for (let at = findMapInSliceBasedOnKeyValue(orig, mergeKey, m[mergeKey]); at >= 0; at = findMapInSliceBasedOnKeyValue(orig, mergeKey, m[mergeKey]))
        orig = [...orig.slice(0, at), ...orig.slice(at + 1)];
    } else if (t === REPLACE_DIRECTIVE) replace = true;
    else if (t === MERGE_DIRECTIVE) throw new StrategicPatchError('merging lists cannot yet be specified in the patch');
    else throw badPatchType(t, m);
  }
  return replace ? [without, []] : [orig, without];
}

function mergeSliceWithoutSpecialElements(original: Json[], patch: Json[], mergeKey: string, schema: LookupPatchMeta, mo: MergeOptions): Json[] {
  const out = [...original];
  for (const v of patch) {
    const m = v as JsonMap;
    if (!(mergeKey in m)) throw noMergeKey(m, mergeKey);
    const idx = findMapInSliceBasedOnKeyValue(out, mergeKey, m[mergeKey]);
    if (idx >= 0) out[idx] = mergeMap(out[idx] as JsonMap, m, schema, mo);
    else out.push(v);
  }
  return out;
}
