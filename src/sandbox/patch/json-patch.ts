// An `application/json-patch+json` PATCH as kube-apiserver 1.26 answers it (k8s.io/apiserver
// pkg/endpoints/handlers/patch.go, jsonPatcher.applyJSPatch), applied with the json-patch v4 port the
// server itself uses (src/kube/patch/json-patch-v4.ts):
//   - fieldValidation Strict or Warn: the body is first decoded strictly into []jsonPatchOp;
//     a failure is a 400 "error decoding patch: <encoding/json's error>"; unknown and repeated fields of
//     the operations are strict errors ("json patch unknown field \"[0].foo\""), which the caller reports
//     with the patched object's (strict-fields.ts);
//   - jsonpatch.DecodePatch fails: a 400 with the library's text;
//   - more than 10000 operations: a 413;
//   - Patch.Apply fails: NewGenericServerResponse(422, ...), whose fixed message ("the server rejected
//     our request due to an error in our request", reason Invalid, details {}) drops the library's text.
import { ApiError, badRequest } from '../api-error.js';
import { applyJsonPatchV4, decodeJsonPatchV4, goJsonTypeName, JsonPatchApplyError, JsonPatchDecodeError } from '../../kube/patch/json-patch-v4.js';
import { isPlainObject } from '../object-meta.js';
import { type FieldValidation, goJsonError, jsonTooDeep } from '../request-body.js';
import { jsonPatchStrictErrors } from '../strict-fields.js';

/** handlers.go maxJSONPatchOperations. */
const MAX_OPERATIONS = 10000;

/** NewGenericServerResponse(http.StatusUnprocessableEntity, ...): the library's message is not in the Status. */
export const JSON_PATCH_NOT_APPLIED = 'the server rejected our request due to an error in our request';

/**
 * The object `current` with the JSON patch `text` applied and the patch's own strict errors (under Strict or
 * Warn), or the ApiError kube-apiserver answers.
 */
export function applyJsonPatchRequest(current: unknown, text: string, fieldValidation: FieldValidation): { patched: unknown; strictErrors: string[] } {
  const strict = fieldValidation !== 'Ignore';
  if (jsonTooDeep(text)) throw badRequest(strict ? 'error decoding patch: exceeded max depth' : 'exceeded max depth');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = goJsonError(text, e as Error);
    throw badRequest(strict ? `error decoding patch: ${message}` : message);
  }
  let strictErrors: string[] = [];
  if (strict) {
    const typeError = strictDecodeError(doc);
    if (typeError) throw badRequest(`error decoding patch: ${typeError}`);
    strictErrors = jsonPatchStrictErrors(text).map((e) => `json patch ${e}`);
  }
  try {
    const ops = decodeJsonPatchV4(doc);
    if (ops.length > MAX_OPERATIONS)
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`,
      );
    return { patched: applyJsonPatchV4(current, ops), strictErrors };
  } catch (e) {
    if (e instanceof JsonPatchDecodeError) throw badRequest(e.message);
    if (e instanceof JsonPatchApplyError) throw new ApiError(422, 'Invalid', JSON_PATCH_NOT_APPLIED, {});
    throw e;
  }
}

/**
 * kjson.UnmarshalStrict(patch, &[]jsonPatchOp{Op, Path, From string; Value any}): encoding/json's first
 * type error, if any (nulls decode to zero values).
 */
function strictDecodeError(doc: unknown): string | undefined {
  if (doc === null) return undefined;
  if (!Array.isArray(doc)) return `json: cannot unmarshal ${goJsonTypeName(doc)} into Go value of type []handlers.jsonPatchOp`;
  for (const op of doc) {
    if (op === null) continue;
    if (!isPlainObject(op)) return `json: cannot unmarshal ${goJsonTypeName(op)} into Go value of type handlers.jsonPatchOp`;
    for (const [field, v] of Object.entries(op)) {
      if ((field === 'op' || field === 'path' || field === 'from') && v !== null && typeof v !== 'string')
        return `json: cannot unmarshal ${goJsonTypeName(v)} into Go struct field jsonPatchOp.${field} of type string`;
    }
  }
  return undefined;
}
