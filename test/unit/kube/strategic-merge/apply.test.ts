// The shared strategic merge patch (strategicpatch's mergeMap): directives, merge keys, primitive lists and
// Go's error texts, over a small table of struct tags. test/integration/strategic-merge-kubectl.test.ts
// compares the same function with kubectl's own on Pods and Deployments.
import { describe, expect, it } from 'vitest';
import { mergeMap, StrategicPatchError, strategicMergeMapPatch } from '../../../../src/kube/strategic-merge/apply.js';
import { PatchMetaFromTable, type PatchMetaTable } from '../../../../src/kube/strategic-merge/patch-meta.js';

const TABLE: PatchMetaTable = {
  Root: {
    items: { type: 'Item', strategy: 'merge', mergeKey: 'name' },
    tags: { strategy: 'merge' },
    args: {},
    sources: { type: 'Source', strategy: 'merge,retainKeys', mergeKey: 'name' },
    settings: { strategy: 'replace' },
    odd: { strategy: 'merge,replace' },
    maps: { strategy: 'merge' },
  },
  Item: { ports: { strategy: 'merge', mergeKey: 'port' } },
};
const root = () => new PatchMetaFromTable(TABLE, 'Root');
const smp = (original: Record<string, unknown>, patch: Record<string, unknown>): any => strategicMergeMapPatch(original, patch, root());
const fails = (original: Record<string, unknown>, patch: Record<string, unknown>) => {
  try {
    smp(original, patch);
  } catch (e) {
    expect(e).toBeInstanceOf(StrategicPatchError);
    return (e as Error).message;
  }
  throw new Error('the patch applied');
};

const doc = () => ({
  items: [
    { name: 'a', value: 1, ports: [{ port: 80 }, { port: 81 }] },
    { name: 'b', value: 2 },
  ],
  tags: ['x', 'y'],
  args: ['1', '2'],
  meta: { k: 'v', l: 'w' },
});

describe('strategicMergeMapPatch: maps', () => {
  it('merges maps, sets scalars, deletes nulls and leaves its inputs alone', () => {
    const original = doc();
    const patch = { meta: { k: 'v2', l: null, m: 'n' }, extra: 1, gone: null };
    expect(smp(original, patch)).toEqual({ ...doc(), meta: { k: 'v2', m: 'n' }, extra: 1 });
    expect(original).toEqual(doc());
    expect(patch).toEqual({ meta: { k: 'v2', l: null, m: 'n' }, extra: 1, gone: null });
  });

  it('$patch: replace takes the map as it is, $patch: delete empties it', () => {
    expect(smp(doc(), { meta: { $patch: 'replace', z: 1 } }).meta).toEqual({ z: 1 });
    expect(smp(doc(), { meta: { $patch: 'delete', z: 1 } }).meta).toEqual({});
    expect(smp(doc(), { $patch: 'replace', only: true })).toEqual({ only: true });
  });

  it('a replace strategy takes the map as it is', () => {
    expect(smp({ settings: { a: 1 } }, { settings: { b: 2 } })).toEqual({ settings: { b: 2 } });
  });

  it('a value the original lacks or holds as another type is taken without nulls nor $patch maps', () => {
    expect(smp(doc(), { fresh: { a: null, b: { $patch: 'replace', c: 1 }, d: [{ $patch: 'delete' }, 1], e: { '$setElementOrder/x': [] } } }).fresh).toEqual({
      d: [1],
      e: { '$setElementOrder/x': [] },
    });
    expect(smp(doc(), { meta: ['now', 'a', 'list'] }).meta).toEqual(['now', 'a', 'list']);
    expect('fresh' in smp(doc(), { fresh: { $patch: 'delete' } })).toBe(false);
  });

  it('refuses an unknown $patch with Go’s text', () => {
    expect(fails(doc(), { meta: { $patch: 'nope', a: 1 } })).toBe('unknown patch type: nope in map: map[$patch:nope a:1]');
    expect(fails(doc(), { meta: { $patch: 2 } })).toBe('unknown patch type: %!s(int64=2) in map: map[$patch:2]');
  });

  it('refuses more than one strategy besides retainKeys', () => {
    expect(fails({ odd: [1] }, { odd: [2] })).toBe('unexpected patch strategy: [merge replace]');
  });
});

describe('strategicMergeMapPatch: lists of maps', () => {
  it('merges by the merge key: items the patch names first, in its order, unless the original had them in front', () => {
    const out = smp(doc(), { items: [{ name: 'c' }, { name: 'a', value: 9, ports: [{ port: 82 }, { port: 80, tcp: true }] }] });
    expect(out.items).toEqual([{ name: 'c' }, { name: 'a', value: 9, ports: [{ port: 82 }, { port: 80, tcp: true }, { port: 81 }] }, { name: 'b', value: 2 }]);
    expect(smp(doc(), { items: [{ name: 'b', value: 3 }] }).items.map((i: { name: string }) => i.name)).toEqual(['a', 'b']);
  });

  it('$patch: delete removes every item with the key, $patch: replace keeps only the patch’s items', () => {
    const twice = { items: [{ name: 'a' }, { name: 'b' }, { name: 'a', x: 1 }] };
    expect(smp(twice, { items: [{ name: 'a', $patch: 'delete' }] }).items).toEqual([{ name: 'b' }]);
    expect(smp(doc(), { items: [{ name: 'n', v: null }, { $patch: 'replace' }] }).items).toEqual([{ name: 'n', v: null }]);
  });

  it('refuses an item without the merge key, $patch: merge and unknown list directives', () => {
    expect(fails(doc(), { items: [{ value: 3 }] })).toBe('map: map[value:3] does not contain declared merge key: name');
    expect(fails(doc(), { items: [{ $patch: 'delete' }] })).toBe('map: map[$patch:delete] does not contain declared merge key: name');
    expect(fails(doc(), { items: [{ name: 'a', $patch: 'merge' }] })).toBe('merging lists cannot yet be specified in the patch');
    expect(fails(doc(), { items: [{ name: 'a', $patch: 'x' }] })).toBe('unknown patch type: x in map: map[$patch:x name:a]');
  });

  it('refuses mixed element types, lists of lists and maps in a merge list without a key', () => {
    expect(fails(doc(), { items: ['a'] })).toBe(
      'list element types are not identical: [[map[name:a ports:[map[port:80] map[port:81]] value:1] map[name:b value:2]] [a]]',
    );
    expect(fails({ tags: [] }, { tags: [['a']] })).toBe('lists of lists are not supported');
    expect(fails({ maps: [{ a: 1 }] }, { maps: [{ b: 2 }] })).toBe('cannot merge lists without merge key for type map');
  });

  it('retainKeys on a list of maps: $retainKeys clears the other keys, and must name every key the patch sets', () => {
    const original = { sources: [{ name: 's', emptyDir: {}, readOnly: true }] };
    expect(smp(original, { sources: [{ name: 's', $retainKeys: ['name', 'secret'], secret: { n: 1 } }] }).sources).toEqual([{ name: 's', secret: { n: 1 } }]);
    expect(fails(original, { sources: [{ name: 's', $retainKeys: ['name'], secret: {} }] })).toBe('invalid patch format of retainKeys');
    expect(fails(original, { sources: [{ name: 's', $retainKeys: 'name' }] })).toBe('invalid patch format of retainKeys');
  });
});

describe('strategicMergeMapPatch: primitive lists', () => {
  it('unions a merge list (new values first), replaces the others', () => {
    expect(smp(doc(), { tags: ['y', 'z'] }).tags).toEqual(['x', 'y', 'z']);
    expect(smp(doc(), { tags: ['w'] }).tags).toEqual(['w', 'x', 'y']);
    expect(smp(doc(), { args: ['3'] }).args).toEqual(['3']);
  });

  it('$deleteFromPrimitiveList removes values, from any list, before the patch’s own values are added (Go: in random order)', () => {
    expect(smp(doc(), { '$deleteFromPrimitiveList/tags': ['x'] }).tags).toEqual(['y']);
    expect(smp(doc(), { '$deleteFromPrimitiveList/args': ['1'] }).args).toEqual(['2']);
    expect(smp(doc(), { tags: ['x'], '$deleteFromPrimitiveList/tags': ['x'] }).tags).toEqual(['x', 'y']);
    expect('nothing' in smp(doc(), { '$deleteFromPrimitiveList/nothing': ['x'] })).toBe(false);
  });
});

describe('strategicMergeMapPatch: $setElementOrder', () => {
  it('orders a list by it, with or without changes to the list', () => {
    expect(smp(doc(), { '$setElementOrder/items': [{ name: 'b' }, { name: 'a' }] }).items.map((i: { name: string }) => i.name)).toEqual(['b', 'a']);
    const out = smp(doc(), { '$setElementOrder/items': [{ name: 'b' }, { name: 'c' }, { name: 'a' }], items: [{ name: 'c' }] });
    expect(out.items.map((i: { name: string }) => i.name)).toEqual(['b', 'c', 'a']);
    expect(smp(doc(), { '$setElementOrder/tags': ['y', 'x'] }).tags).toEqual(['y', 'x']);
    expect(smp({}, { '$setElementOrder/tags': ['a'], tags: ['a'] })).toEqual({ tags: ['a'] });
  });

  it('refuses a patch list out of its order, and one that is no list', () => {
    expect(fails(doc(), { '$setElementOrder/items': [{ name: 'b' }], items: [{ name: 'a', value: 3 }] })).toBe(
      "The order in patch list:\n[map[name:a value:3]]\n doesn't match $setElementOrder list:\n[map[name:b]]\n",
    );
    expect(fails(doc(), { '$setElementOrder/items': 'b' })).toBe('expected a []interface {}, but received a string');
    expect(fails(doc(), { '$setElementOrder/meta': [] })).toBe('expected a []interface {}, but received a map[string]interface {}');
  });
});

describe('mergeMap without parallel lists (merging two patches, as CreateThreeWayMergePatch does)', () => {
  it('keeps the directives and nulls for the server', () => {
    const merged = mergeMap({ '$setElementOrder/items': [{ name: 'a' }] }, { '$deleteFromPrimitiveList/tags': ['x'], gone: null, $retainKeys: ['a'] }, root(), {
      mergeParallelList: false,
      ignoreUnmatchedNulls: false,
    });
    expect(merged).toEqual({ '$setElementOrder/items': [{ name: 'a' }], '$deleteFromPrimitiveList/tags': ['x'], gone: null, $retainKeys: ['a'] });
  });
});

describe('PatchMetaFromTable', () => {
  it('gives a field the table does not list no metadata, at any depth', () => {
    const { sub, meta } = root().forStruct('unknown');
    expect(meta).toEqual({ strategies: [], mergeKey: '' });
    expect(sub.forSlice('deeper').meta).toEqual({ strategies: [], mergeKey: '' });
    expect(root().forSlice('items').sub.forSlice('ports').meta).toEqual({ strategies: ['merge'], mergeKey: 'port' });
  });
});
