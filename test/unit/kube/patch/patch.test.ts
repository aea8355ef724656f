// RFC 6902 JSON Patch and RFC 7386 merge patch, shared by the sandbox's PATCH handler and patch --dry-run=client.
import { describe, expect, it } from 'vitest';
import { applyJsonPatch, type JsonPatchError, parseJsonPatch } from '../../../../src/kube/patch/json-patch.js';
import { applyMergePatch } from '../../../../src/kube/patch/merge-patch.js';

describe('JSON patch (RFC 6902)', () => {
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
  ])('%j', (ops, expected) => {
    expect(applyJsonPatch(doc, parseJsonPatch(ops))).toEqual(expected);
    expect(doc).toEqual({ a: { b: 1, list: [1, 2, 3] }, c: 'x' });
  });

  it.each([
    [[{ op: 'test', path: '/a/b', value: 2 }], 'testing value /a/b failed: test failed', false],
    [[{ op: 'replace', path: '/nope', value: 1 }], 'replace operation does not apply: doc is missing path: "/nope": missing value', false],
    [[{ op: 'remove', path: '/a/list/7' }], 'remove operation does not apply: doc is missing path: "/a/list/7": missing value', false],
    [[{ op: 'frob', path: '/a' }], 'Unexpected kind: frob', true],
  ])('%j fails', (ops, message, malformed) => {
    const attempt = () => applyJsonPatch(doc, parseJsonPatch(ops));
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (e) {
      expect((e as JsonPatchError).malformed).toBe(malformed);
    }
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
