// RFC 6902 JSON Patch (the json-patch v4 port) and RFC 7386 merge patch, shared by the sandbox's PATCH
// handler and patch --dry-run=client.
import { describe, expect, it } from 'vitest';
import { applyJsonPatchV4, decodeJsonPatchV4, JsonPatchApplyError, JsonPatchDecodeError } from '../../../../src/kube/patch/json-patch-v4.js';
import { applyMergePatch } from '../../../../src/kube/patch/merge-patch.js';

describe('JSON patch (RFC 6902, json-patch v4)', () => {
  const applyJsonPatch = (doc: unknown, patch: unknown) => applyJsonPatchV4(doc, decodeJsonPatchV4(patch));
  const doc = { a: { b: 1, list: [1, 2, 3] }, c: 'x' };
  it.each([
    [[{ op: 'add', path: '/a/d', value: 4 }], { a: { b: 1, list: [1, 2, 3], d: 4 }, c: 'x' }],
    [[{ op: 'add', path: '/a/list/1', value: 9 }], { a: { b: 1, list: [1, 9, 2, 3] }, c: 'x' }],
    [[{ op: 'add', path: '/a/list/-', value: 9 }], { a: { b: 1, list: [1, 2, 3, 9] }, c: 'x' }],
    [[{ op: 'remove', path: '/a/list/0' }], { a: { b: 1, list: [2, 3] }, c: 'x' }],
    [[{ op: 'replace', path: '/c', value: 'y' }], { a: { b: 1, list: [1, 2, 3] }, c: 'y' }],
    [[{ op: 'move', from: '/c', path: '/a/c' }], { a: { b: 1, list: [1, 2, 3], c: 'x' } }],
    [[{ op: 'copy', from: '/a/b', path: '/e' }], { a: { b: 1, list: [1, 2, 3] }, c: 'x', e: 1 }],
    [
      [
        { op: 'test', path: '/a/b', value: 1 },
        { op: 'replace', path: '/a/b', value: 2 },
      ],
      { a: { b: 2, list: [1, 2, 3] }, c: 'x' },
    ],
    [[{ op: 'add', path: '/k~1v', value: true }], { a: { b: 1, list: [1, 2, 3] }, c: 'x', 'k/v': true }],
    // v4's partialDoc.get never fails, so a replace of a missing object key sets it.
    [[{ op: 'replace', path: '/nope', value: 1 }], { a: { b: 1, list: [1, 2, 3] }, c: 'x', nope: 1 }],
    [null, { a: { b: 1, list: [1, 2, 3] }, c: 'x' }],
  ])('%j', (ops, expected) => {
    expect(applyJsonPatch(doc, ops)).toEqual(expected);
    expect(doc).toEqual({ a: { b: 1, list: [1, 2, 3] }, c: 'x' });
  });

  it.each([
    [[{ op: 'test', path: '/a/b', value: 2 }], 'testing value /a/b failed: test failed', JsonPatchApplyError],
    [[{ op: 'remove', path: '/nope' }], "error in remove for path: '/nope': Unable to remove nonexistent key: nope: missing value", JsonPatchApplyError],
    [
      [{ op: 'remove', path: '/a/list/7' }],
      "error in remove for path: '/a/list/7': Unable to access invalid index: 7: invalid index referenced",
      JsonPatchApplyError,
    ],
    [[{ op: 'replace', path: '/a/list/7', value: 1 }], 'replace operation does not apply: doc is missing key: /a/list/7: missing value', JsonPatchApplyError],
    [[{ op: 'frob', path: '/a' }], 'Unexpected kind: frob', JsonPatchApplyError],
    [[{ path: '/a' }], 'Unexpected kind: unknown', JsonPatchApplyError],
    [{ op: 'add' }, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch', JsonPatchDecodeError],
    [[1], 'json: cannot unmarshal number into Go value of type jsonpatch.operation', JsonPatchDecodeError],
  ])('%j fails', (ops, message, type) => {
    const attempt = () => applyJsonPatch(doc, ops);
    expect(attempt).toThrow(type);
    expect(attempt).toThrow(message);
  });
});

describe('merge patch (RFC 7386)', () => {
  it.each([
    [{ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 } }, { a: 1, b: { d: 3, e: 4 } }],
    [{ list: [1, 2] }, { list: [3] }, { list: [3] }],
    [{ a: 1 }, { a: { b: 1 } }, { a: { b: 1 } }],
    [{ a: { b: 1 } }, { a: 'x' }, { a: 'x' }],
    // json-patch pruneNulls: what the patch adds keeps no null, inside list items too; the document's nulls stay.
    [{ keep: null }, { list: [{ name: 'c', image: null }, null] }, { keep: null, list: [{ name: 'c' }, null] }],
    [{ a: 1 }, { a: { b: null, c: [{ d: null, e: 1 }] } }, { a: { c: [{ e: 1 }] } }],
  ])('%j + %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });
});
