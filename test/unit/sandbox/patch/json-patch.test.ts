// The sandbox's answers to `application/json-patch+json` PATCH bodies: kube-apiserver 1.26's
// jsonPatcher.applyJSPatch (400 for a body that does not decode, 422 with a fixed message for a patch
// that does not apply), with json-patch v4's behaviour for what applies.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/sandbox/api-error.js';
import { applyJsonPatchRequest } from '../../../../src/sandbox/patch/json-patch.js';
import type { FieldValidation } from '../../../../src/sandbox/request-body.js';

const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p', namespace: 'default' }, data: { a: '1', b: '2' } };

function answer(patch: string, fieldValidation: FieldValidation = 'Strict'): Record<string, unknown> {
  try {
    applyJsonPatchRequest(cm, patch, fieldValidation);
  } catch (e) {
    if (e instanceof ApiError) return e.toStatus();
    throw e;
  }
  throw new Error(`${patch} applied`);
}

const status = (code: number, reason: string, message: string, details?: object) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

describe('sandbox JSON patch answers', () => {
  it('applies a replace of a missing key, as json-patch v4 does', () => {
    expect(applyJsonPatchRequest(cm, '[{"op":"replace","path":"/data/zz","value":"x"}]', 'Strict')).toEqual({
      patched: { ...cm, data: { a: '1', b: '2', zz: 'x' } },
      strictErrors: [],
    });
    expect(cm.data).toEqual({ a: '1', b: '2' });
  });

  it('applies a null patch as no operations', () => {
    expect(applyJsonPatchRequest(cm, 'null', 'Strict')).toEqual({ patched: cm, strictErrors: [] });
  });

  // The strict errors of the operations themselves (the caller reports them with the patched object's).
  it.each<[FieldValidation, string[]]>([
    ['Strict', ['json patch unknown field "[0].foo"', 'json patch duplicate field "[1].path"']],
    ['Warn', ['json patch unknown field "[0].foo"', 'json patch duplicate field "[1].path"']],
    ['Ignore', []],
  ])('reports unknown and repeated operation fields under %s', (fieldValidation, want) => {
    const patch = '[{"op":"add","path":"/data/c","value":"3","foo":"bar"},{"op":"add","path":"/data/d","path":"/data/e","value":"4"}]';
    expect(applyJsonPatchRequest(cm, patch, fieldValidation)).toEqual({ patched: { ...cm, data: { a: '1', b: '2', c: '3', e: '4' } }, strictErrors: want });
  });

  // NewGenericServerResponse(422, ...) keeps the reason's fixed message and drops json-patch's error text.
  it.each([
    ['remove of a missing path', '[{"op":"remove","path":"/data/zz"}]'],
    ['a failing test', '[{"op":"test","path":"/data/a","value":"2"}]'],
    ['an unknown op', '[{"op":"frob","path":"/data/a"}]'],
    ['a missing parent', '[{"op":"add","path":"/spec/x","value":1}]'],
  ])('%s → 422 Invalid', (_, patch) => {
    expect(answer(patch)).toEqual(status(422, 'Invalid', 'the server rejected our request due to an error in our request', {}));
  });

  it.each<[string, string, FieldValidation, string]>([
    ['invalid JSON (Strict)', '[{"op":', 'Strict', 'error decoding patch: unexpected end of JSON input'],
    ['invalid JSON (Warn)', "[{'op':1}]", 'Warn', "error decoding patch: invalid character '\\'' looking for beginning of object key string"],
    ['invalid JSON (Ignore)', '[{"op":', 'Ignore', 'unexpected end of JSON input'],
    ['an op that is not an object (Strict)', '[1]', 'Strict', 'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp'],
    ['an op that is not an object (Ignore)', '["x"]', 'Ignore', 'json: cannot unmarshal string into Go value of type jsonpatch.operation'],
    [
      'an object, not a list (Strict)',
      '{"op":"add"}',
      'Strict',
      'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    ],
    ['an object, not a list (Ignore)', '{"op":"add"}', 'Ignore', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
    [
      'a path that is not a string',
      '[{"op":"add","path":3}]',
      'Warn',
      'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string',
    ],
  ])('%s → 400 BadRequest', (_, patch, fieldValidation, message) => {
    expect(answer(patch, fieldValidation)).toEqual(status(400, 'BadRequest', message));
  });

  it('refuses more than 10000 operations with a 413', () => {
    const patch = JSON.stringify(Array.from({ length: 10001 }, () => ({ op: 'test', path: '/data/a', value: '1' })));
    expect(answer(patch)).toEqual(
      status(413, 'RequestEntityTooLarge', 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001'),
    );
  });
});
