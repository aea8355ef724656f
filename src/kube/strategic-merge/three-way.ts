// The client side of kubectl apply: apimachinery's strategicpatch.CreateThreeWayMergePatch, ported so the
// patch has the same content and, once marshalled with Go's encoding/json (sorted keys), the same bytes.
// deletions = diff(original → modified) keeping only deletions; delta = diff(current → modified) keeping
// only changes and additions; the patch is delta merged into deletions (apply.ts mergeMap, parallel lists not
// merged).
// Names and structure follow patch.go so the two can be read side by side.
import { compareCodePoints, goSprint, goTypeName, isPlainObject } from '../../output/go-format.js';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  deduplicateScalars,
  deepEqual,
  extractRetainKeysPatchStrategy,
  MERGE_DIRECTIVE,
  mergeKeyValueEqual,
  mergeMap,
  noMergeKey,
  normalizeSliceOrder,
  RETAIN_KEYS_DIRECTIVE,
  REPLACE_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  StrategicPatchError,
  sliceElementKind,
  sortBySprint,
  sortScalars,
} from './apply.js';
import { type LookupPatchMeta, PatchMetaError } from './patch-meta.js';

export { StrategicPatchError };

type Json = unknown;
type JsonMap = Record<string, Json>;

interface DiffOptions {
  setElementOrder: boolean;
  ignoreChangesAndAdditions: boolean;
  ignoreDeletions: boolean;
  buildRetainKeysDirective: boolean;
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
