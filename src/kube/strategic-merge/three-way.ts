// The client side of kubectl apply: apimachinery's strategicpatch.CreateThreeWayMergePatch, ported so the
// patch has the same content and, once marshalled with Go's encoding/json (sorted keys), the same bytes.
// deletions = diff(original → modified) keeping only deletions; delta = diff(current → modified) keeping
// only changes and additions; the patch is delta merged into deletions (parallel lists not merged).
// Names and structure follow patch.go so the two can be read side by side.
import { goSprint, goTypeName, compareCodePoints, isPlainObject } from '../../output/go-format.js';
import { type LookupPatchMeta, PatchMetaError } from './patch-meta.js';

type Json = unknown;
type JsonMap = Record<string, Json>;

const DIRECTIVE_MARKER = '$patch';
const DELETE_DIRECTIVE = 'delete';
const REPLACE_DIRECTIVE = 'replace';
const MERGE_DIRECTIVE = 'merge';
const RETAIN_KEYS_STRATEGY = 'retainKeys';
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
const RETAIN_KEYS_DIRECTIVE = '$' + RETAIN_KEYS_STRATEGY;
const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

export class StrategicPatchError extends Error {}

interface DiffOptions {
  setElementOrder: boolean;
  ignoreChangesAndAdditions: boolean;
  ignoreDeletions: boolean;
  buildRetainKeysDirective: boolean;
}

interface MergeOptions {
  mergeParallelList: boolean;
  ignoreUnmatchedNulls: boolean;
}

/** reflect.DeepEqual over decoded JSON (int64 1 and float64 1 count as different types in Go; not here). */
function deepEqual(a: Json, b: Json): boolean {
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
function scalarEqual(a: Json, b: Json): boolean {
  if (isPlainObject(a) || Array.isArray(a) || isPlainObject(b) || Array.isArray(b)) return false;
  return goTypeName(a) === goTypeName(b) && a === b;
}

const kindOf = (v: Json): 'map' | 'slice' | 'scalar' => (isPlainObject(v) ? 'map' : Array.isArray(v) ? 'slice' : 'scalar');

function extractRetainKeysPatchStrategy(strategies: string[]): [boolean, string] {
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
function sortBySprint<T>(items: T[], key: (v: T) => Json): T[] {
  return [...items].sort((a, b) => compareCodePoints(goSprint(key(a)), goSprint(key(b))));
}

const sortScalars = (s: Json[]) => sortBySprint(s, (v) => v);

/** patch.go deduplicateScalars: a duplicate is replaced by the last element (order changes as in Go). */
function deduplicateScalars(input: Json[]): Json[] {
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

function sliceElementKind(...slices: Json[][]): 'map' | 'scalar' {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goTypeName(v);
      if (prev === undefined) {
        prev = t;
        if (Array.isArray(v)) throw new StrategicPatchError('lists of lists are not supported');
      } else if (prev !== t) {
        throw new StrategicPatchError(`list element types are not identical: ${goSprint(slices)}`);
      }
    }
  }
  if (prev === undefined) throw new StrategicPatchError('no elements in any of the given slices');
  return prev === 'map[string]interface {}' ? 'map' : 'scalar';
}

function noMergeKey(m: JsonMap, mergeKey: string): StrategicPatchError {
  return new StrategicPatchError(`map: ${goSprint(m)} does not contain declared merge key: ${mergeKey}`);
}

// ---- diff ------------------------------------------------------------------------------------------

function diffMaps(original: JsonMap, modified: JsonMap, schema: LookupPatchMeta, o: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeysList: Json[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (o.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);
    if (!(key in original)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE_MARKER) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string')
        throw new StrategicPatchError(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      if (modifiedValue !== originalValue) patch[DIRECTIVE_MARKER] = modifiedValue;
      continue;
    }
    if (goTypeName(originalValue) !== goTypeName(modifiedValue)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isPlainObject(originalValue)) handleMapDiff(key, originalValue, modifiedValue as JsonMap, patch, schema, o);
    else if (Array.isArray(originalValue)) handleSliceDiff(key, originalValue, modifiedValue as Json[], patch, schema, o);
    else replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, o);
  }
  if (!o.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  if (retainKeysList.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) {
    patch[RETAIN_KEYS_DIRECTIVE] = sortScalars(retainKeysList);
  }
  return patch;
}

function lookup(schema: LookupPatchMeta, key: string, slice: boolean, originalValue: Json, modifiedValue: Json) {
  try {
    return slice ? schema.forSlice(key) : schema.forStruct(key);
  } catch (e) {
    // No metadata for the field: fine when nothing changed there.
    if (e instanceof PatchMetaError && deepEqual(originalValue, modifiedValue)) return undefined;
    throw e;
  }
}

function handleMapDiff(key: string, originalValue: JsonMap, modifiedValue: JsonMap, patch: JsonMap, schema: LookupPatchMeta, o: DiffOptions): void {
  const found = lookup(schema, key, false, originalValue, modifiedValue);
  if (!found) return;
  const [retainKeys, patchStrategy] = extractRetainKeysPatchStrategy(found.meta.strategies);
  const opts = { ...o, buildRetainKeysDirective: retainKeys };
  if (patchStrategy === REPLACE_DIRECTIVE) {
    if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
    return;
  }
  const patchValue = diffMaps(originalValue, modifiedValue, found.sub, opts);
  if (Object.keys(patchValue).length > 0) patch[key] = patchValue;
}

function handleSliceDiff(key: string, originalValue: Json[], modifiedValue: Json[], patch: JsonMap, schema: LookupPatchMeta, o: DiffOptions): void {
  const found = lookup(schema, key, true, originalValue, modifiedValue);
  if (!found) return;
  const [retainKeys, patchStrategy] = extractRetainKeysPatchStrategy(found.meta.strategies);
  if (patchStrategy !== MERGE_DIRECTIVE) {
    replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, o);
    return;
  }
  const opts = { ...o, buildRetainKeysDirective: retainKeys };
  const { addList, deletionList, setOrderList } = diffLists(originalValue, modifiedValue, found.sub, found.meta.mergeKey, opts);
  if (addList.length > 0) patch[key] = addList;
  if (deletionList.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`] = deletionList;
  if (setOrderList.length > 0) patch[`${SET_ELEMENT_ORDER_PREFIX}/${key}`] = setOrderList;
}

function replacePatchFieldIfNotEqual(key: string, original: Json, modified: Json, patch: JsonMap, o: DiffOptions): void {
  if (o.ignoreChangesAndAdditions) return;
  if (deepEqual(original, modified)) return;
  patch[key] = modified;
}

function hasAdditionalNewField(original: JsonMap, modified: JsonMap): boolean {
  return Object.entries(original).some(([k, v]) => v !== null && !(k in modified));
}

function diffLists(original: Json[], modified: Json[], schema: LookupPatchMeta, mergeKey: string, o: DiffOptions) {
  const empty = { addList: [] as Json[], deletionList: [] as Json[], setOrderList: [] as Json[] };
  if (original.length === 0) {
    if (modified.length === 0 || o.ignoreChangesAndAdditions) return empty;
    return { ...empty, addList: modified };
  }
  const kind = sliceElementKind(original, modified);
  if (kind === 'map') {
    const { patch, deletions } = diffListsOfMaps(original, modified, schema, mergeKey, o);
    let patchList = normalizeSliceOrder(patch, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    patchList = [...patchList, ...deletions];
    let setOrderList: Json[] = [];
    if (o.setElementOrder && ((!o.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!o.ignoreDeletions && patchList.length > 0))) {
      setOrderList = modified.map((v) => ({ [mergeKey]: (v as JsonMap)[mergeKey] }));
    }
    return { addList: patchList, deletionList: [], setOrderList };
  }
  const { addList, deletionList } = diffListsOfScalars(original, modified, o);
  const patchList = normalizeSliceOrder(addList, modified, mergeKey, kind);
  let setOrderList: Json[] = [];
  if (o.setElementOrder && ((!o.ignoreDeletions && deletionList.length > 0) || (!o.ignoreChangesAndAdditions && !deepEqual(original, modified)))) {
    setOrderList = modified;
  }
  return { addList: patchList, deletionList, setOrderList };
}

function mergeKeyValueEqual(left: Json, right: Json, mergeKey: string): boolean {
  if (mergeKey === '') return scalarEqual(left, right);
  if (!isPlainObject(left) || !isPlainObject(right)) throw new StrategicPatchError('expected a map in a list with a merge key');
  if (!(mergeKey in left)) throw noMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw noMergeKey(right, mergeKey);
  return scalarEqual(left[mergeKey], right[mergeKey]);
}

function isOrderSame(original: Json[], modified: Json[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => mergeKeyValueEqual(original[i], m, mergeKey));
}

function diffListsOfScalars(original: Json[], modified: Json[], o: DiffOptions): { addList: Json[]; deletionList: Json[] } {
  const originalScalars = sortScalars(original);
  const modifiedScalars = sortScalars(modified);
  let oi = 0;
  let mi = 0;
  const addList: Json[] = [];
  const deletionList: Json[] = [];
  for (;;) {
    const oIn = oi < originalScalars.length;
    const mIn = mi < modifiedScalars.length;
    if (!oIn && !mIn) break;
    const os = oIn ? goSprint(originalScalars[oi]) : '';
    const ms = mIn ? goSprint(modifiedScalars[mi]) : '';
    const cmp = compareCodePoints(os, ms);
    if (oIn && mIn && cmp === 0) {
      oi++;
      mi++;
    } else if (!oIn || (oIn && mIn && cmp > 0)) {
      if (!o.ignoreChangesAndAdditions) addList.push(modifiedScalars[mi]);
      mi++;
    } else {
      if (!o.ignoreDeletions) deletionList.push(originalScalars[oi]);
      oi++;
    }
  }
  return { addList, deletionList: deduplicateScalars(deletionList) };
}

function diffListsOfMaps(original: Json[], modified: Json[], schema: LookupPatchMeta, mergeKey: string, o: DiffOptions) {
  const patch: Json[] = [];
  const deletions: Json[] = [];
  const keyed = (list: Json[]) =>
    list.map((v) => {
      if (!isPlainObject(v)) throw new StrategicPatchError(`expected a map, got ${goSprint(v)}`);
      if (!(mergeKey in v)) throw noMergeKey(v, mergeKey);
      return v;
    });
  const originalSorted = sortBySprint(keyed(original), (m) => m[mergeKey]);
  const modifiedSorted = sortBySprint(keyed(modified), (m) => m[mergeKey]);
  let oi = 0;
  let mi = 0;
  for (;;) {
    const oIn = oi < originalSorted.length;
    const mIn = mi < modifiedSorted.length;
    if (!oIn && !mIn) break;
    const oEl = oIn ? originalSorted[oi] : undefined;
    const mEl = mIn ? modifiedSorted[mi] : undefined;
    const os = oEl ? goSprint(oEl[mergeKey]) : '';
    const ms = mEl ? goSprint(mEl[mergeKey]) : '';
    const cmp = compareCodePoints(os, ms);
    if (oIn && mIn && cmp === 0) {
      const patchValue = diffMaps(oEl!, mEl!, schema, o);
      if (Object.keys(patchValue).length > 0) {
        patchValue[mergeKey] = mEl![mergeKey];
        patch.push(patchValue);
      }
      oi++;
      mi++;
    } else if (!oIn || (oIn && mIn && cmp > 0)) {
      if (!o.ignoreChangesAndAdditions) patch.push(mEl);
      mi++;
    } else {
      if (!o.ignoreDeletions) deletions.push({ [mergeKey]: oEl![mergeKey], [DIRECTIVE_MARKER]: DELETE_DIRECTIVE });
      oi++;
    }
  }
  return { patch, deletions };
}

/** Index of an item in a list, by merge key value for maps, by value for scalars (Go `==`). */
function indexOf(list: Json[], item: Json, mergeKey: string, kind: 'map' | 'scalar'): number {
  const val = (v: Json) => (kind === 'map' ? (isPlainObject(v) ? v[mergeKey] : null) : v);
  const want = val(item);
  return list.findIndex((v) => scalarEqual(val(v), want) || (val(v) === null && want === null));
}

function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: 'map' | 'scalar'): Json[] {
  let items = toSort;
  let toDelete: Json[] = [];
  if (kind === 'map') {
    for (const list of [toSort, order]) {
      for (const item of list) {
        if (!isPlainObject(item)) throw new StrategicPatchError(`expected a map, got ${goSprint(item)}`);
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

// ---- merge (deletions + delta) -----------------------------------------------------------------------

function mergeMap(original: JsonMap, patch: JsonMap, schema: LookupPatchMeta, mo: MergeOptions): JsonMap {
  if (DIRECTIVE_MARKER in patch) return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  applyRetainKeysDirective(original, patch, mo);
  mergePatchIntoOriginal(original, patch, schema, mo);
  for (let [k, patchV] of Object.entries(patch)) {
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
    if (!(k in original)) {
      if (!isDeleteList) original[k] = patchV;
      continue;
    }
    if (goTypeName(original[k]) !== goTypeName(patchV)) {
      if (!isDeleteList) original[k] = patchV;
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
      original[k] = patchV;
    }
  }
  return original;
}

function handleDirectiveInMergeMap(directive: Json, patch: JsonMap): JsonMap {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw new StrategicPatchError(`Unknown patch type: ${goSprint(directive)} in map: ${goSprint(patch)}`);
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) throw new StrategicPatchError(`invalid patch key ${s}`);
  return s.slice(slash + 1);
}

function applyRetainKeysDirective(original: JsonMap, patch: JsonMap, mo: MergeOptions): void {
  if (!(RETAIN_KEYS_DIRECTIVE in patch)) return;
  const inPatch = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!mo.mergeParallelList) {
    if (RETAIN_KEYS_DIRECTIVE in original) {
      if (!deepEqual(original[RETAIN_KEYS_DIRECTIVE], inPatch))
        throw new StrategicPatchError('$retainKeys lists differ: this may happen when calculating the 3-way diff patch');
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = inPatch;
    }
    return;
  }
  throw new StrategicPatchError('internal: $retainKeys is applied by the server, not while computing a patch');
}

function mergePatchIntoOriginal(original: JsonMap, patch: JsonMap, schema: LookupPatchMeta, mo: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const setElementOrderInPatch = patch[key];
    if (!mo.mergeParallelList) {
      if (key in original) {
        if (!deepEqual(original[key], setElementOrderInPatch)) throw new StrategicPatchError('invalid patch: $setElementOrder lists differ');
      } else {
        original[key] = setElementOrderInPatch;
      }
    }
    delete patch[key];
    if (!Array.isArray(setElementOrderInPatch)) throw new StrategicPatchError('invalid patch: $setElementOrder must be a list');
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = originalKey in original;
    const foundPatch = originalKey in patch;
    const originalFieldValue = foundOriginal ? (original[originalKey] as Json[]) : [];
    const patchFieldValue = foundPatch ? (patch[originalKey] as Json[]) : [];
    if ((foundOriginal && !Array.isArray(originalFieldValue)) || (foundPatch && !Array.isArray(patchFieldValue))) {
      throw new StrategicPatchError(`invalid patch: ${originalKey} must be a list`);
    }
    const { sub, meta } = schema.forSlice(originalKey);
    const [, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
    const mergeKey = meta.mergeKey;
    let merged: Json[];
    if (foundOriginal && !foundPatch) merged = originalFieldValue;
    else if (!foundOriginal && foundPatch) merged = patchFieldValue;
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalFieldValue, patchFieldValue, sub, strategy, mergeKey, false, mo);
    else return;
    const [patchItems, serverOnlyItems] = partition(merged, setElementOrderInPatch, mergeKey);
    const kind = sliceElementKind(originalFieldValue, patchFieldValue);
    original[originalKey] = normalizeElementOrder(patchItems, serverOnlyItems, setElementOrderInPatch, originalFieldValue, mergeKey, kind);
    delete patch[originalKey];
  }
}

function partition(list: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const inPatch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of list) {
    let found: boolean;
    if (mergeKey === '') found = by.some((b) => scalarEqual(b, v));
    else {
      if (!isPlainObject(v)) throw new StrategicPatchError(`expected a map, got ${goSprint(v)}`);
      if (!(mergeKey in v)) throw noMergeKey(v, mergeKey);
      found = by.some((b) => isPlainObject(b) && mergeKey in b && scalarEqual(b[mergeKey], v[mergeKey]));
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

function normalizeElementOrder(patch: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string, kind: 'map' | 'scalar'): Json[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

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
  if (!Array.isArray(original) || !Array.isArray(patch)) throw new StrategicPatchError('expected lists to merge');
  if (strategy === MERGE_DIRECTIVE) return mergeSlice(original, patch, schema, mergeKey, mo, isDeleteList);
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
      orig = orig.filter((o) => !(isPlainObject(o) && mergeKey in o && scalarEqual(o[mergeKey], m[mergeKey])));
    } else if (t === REPLACE_DIRECTIVE) replace = true;
    else if (t === MERGE_DIRECTIVE) throw new StrategicPatchError('merging lists cannot yet be specified in the patch');
    else throw new StrategicPatchError(`Unknown patch type: ${goSprint(t)} in map: ${goSprint(m)}`);
  }
  return replace ? [without, []] : [orig, without];
}

function mergeSliceWithoutSpecialElements(original: Json[], patch: Json[], mergeKey: string, schema: LookupPatchMeta, mo: MergeOptions): Json[] {
  const out = [...original];
  for (const v of patch) {
    const m = v as JsonMap;
    if (!(mergeKey in m)) throw noMergeKey(m, mergeKey);
    const idx = out.findIndex((o) => isPlainObject(o) && mergeKey in o && scalarEqual(o[mergeKey], m[mergeKey]));
    if (idx >= 0) out[idx] = mergeMap(out[idx] as JsonMap, m, schema, mo);
    else out.push(v);
  }
  return out;
}

/**
 * strategicpatch.CreateThreeWayMergePatch(original, modified, current, schema, overwrite=true): the patch as a
 * decoded map (marshal it with goJsonMarshal for kubectl's bytes). `original` is the last-applied configuration
 * (absent → {}), `modified` the new configuration, `current` the live object.
 */
export function createThreeWayMergePatch(original: JsonMap | undefined, modified: JsonMap, current: JsonMap, schema: LookupPatchMeta): JsonMap {
  const clone = <T>(v: T): T => structuredClone(v);
  const deltaMap = diffMaps(clone(current), clone(modified), schema, {
    ignoreDeletions: true,
    setElementOrder: true,
    ignoreChangesAndAdditions: false,
    buildRetainKeysDirective: false,
  });
  const deletionsMap = diffMaps(clone(original ?? {}), clone(modified), schema, {
    setElementOrder: true,
    ignoreChangesAndAdditions: true,
    ignoreDeletions: false,
    buildRetainKeysDirective: false,
  });
  return mergeMap(deletionsMap, deltaMap, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}

/**
 * strategicpatch.CreateTwoWayMergePatch(original, modified, schema): what changed from original to modified,
 * with $setElementOrder directives (kubectl edit's patch).
 */
export function createTwoWayMergePatch(original: JsonMap, modified: JsonMap, schema: LookupPatchMeta): JsonMap {
  return diffMaps(structuredClone(original), structuredClone(modified), schema, {
    setElementOrder: true,
    ignoreChangesAndAdditions: false,
    ignoreDeletions: false,
    buildRetainKeysDirective: false,
  });
}
