// The three-way patch kubectl apply sends for kinds without strategic merge patch support (custom
// resources): apimachinery's jsonmergepatch.CreateThreeWayJSONMergePatch over evanphx/json-patch — the
// additions and changes from current to modified, plus the deletions from original to modified, as one
// RFC 7386 merge patch. Lists are replaced whole.
import { goTypeName, isPlainObject } from '../../output/go-format.js';
import { deepEqual } from '../json-equal.js';
import { applyMergePatch } from '../patch/merge-patch.js';

type JsonMap = Record<string, unknown>;

/** json-patch CreateMergePatch (getDiff): what turns `a` into `b`, removed keys as null. */
function mergeDiff(a: JsonMap, b: JsonMap): JsonMap {
  const into: JsonMap = {};
  for (const [key, bv] of Object.entries(b)) {
    if (!(key in a)) {
      into[key] = bv;
      continue;
    }
    const av = a[key];
    // json-patch decodes numbers as float64: only the JSON type matters here.
    const kind = (v: unknown) => (goTypeName(v) === 'int64' ? 'float64' : goTypeName(v));
    if (kind(av) !== kind(bv)) {
      into[key] = bv;
      continue;
    }
    if (isPlainObject(av)) {
      const dst = mergeDiff(av, bv as JsonMap);
      if (Object.keys(dst).length > 0) into[key] = dst;
    } else if (!deepEqual(av, bv)) {
      into[key] = bv;
    }
  }
  for (const key of Object.keys(a)) if (!(key in b)) into[key] = null;
  return into;
}

/** keepOrDeleteNullInObj: only the nulls (keepNull) or everything but the nulls. */
function keepOrDeleteNull(m: JsonMap, keepNull: boolean): JsonMap {
  const out: JsonMap = {};
  for (const [key, val] of Object.entries(m)) {
    if (keepNull && val === null) out[key] = null;
    else if (val !== null) {
      if (isPlainObject(val)) {
        // An explicitly set empty map is a value, not an empty patch.
        if (Object.keys(val).length === 0) {
          if (!keepNull) out[key] = val;
          continue;
        }
        const sub = keepOrDeleteNull(val, keepNull);
        if (Object.keys(sub).length > 0) out[key] = sub;
      } else if (!keepNull) out[key] = val;
    }
  }
  return out;
}

/** jsonmergepatch.CreateThreeWayJSONMergePatch as a decoded map (marshal with goJsonMarshal). */
export function createThreeWayJsonMergePatch(original: JsonMap | undefined, modified: JsonMap, current: JsonMap): JsonMap {
  const addAndChange = keepOrDeleteNull(mergeDiff(current, modified), false);
  const deletions = keepOrDeleteNull(mergeDiff(original ?? {}, modified), true);
  return applyMergePatch(deletions, addAndChange) as JsonMap;
}

/** json-patch CreateMergePatch(original, modified): kubectl edit's patch for kinds without strategic merge support. */
export function createJsonMergePatch(original: JsonMap, modified: JsonMap): JsonMap {
  return mergeDiff(original, modified);
}
