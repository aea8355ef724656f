// RFC 7386 JSON Merge Patch as evanphx/json-patch's MergePatch applies it (kube-apiserver for
// application/merge-patch+json, kubectl for run --overrides and apply's three-way merge patch): objects
// merge recursively, null deletes a key, anything else replaces; what the patch adds keeps no null
// (pruneNulls), while nulls already in the document stay.
import { isPlainObject } from '../../output/go-format.js';

/** `patch` merged into a copy of `target`; a patch that is no object replaces the target (its nulls pruned). */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return pruneNulls(structuredClone(patch));
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isPlainObject(out[k]) && isPlainObject(v)) out[k] = applyMergePatch(out[k], v);
    else out[k] = pruneNulls(v);
  }
  return out;
}

/** json-patch pruneNulls: a copy of `v` without the null members of its objects, at any depth (list items stay). */
export function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
  return out;
}
