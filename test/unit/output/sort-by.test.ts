// --sort-by beyond the kubectl goldens: quantity values, comparison rules per type, errors, and Go's sort.Sort.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goSortInPlace } from '../../../src/output/go-sort.js';
import { parseQuantity, sortObjects, sortTableRows } from '../../../src/output/sort-by.js';
import type { MetaV1Table } from '../../../src/output/table-printer.js';

const GIGA = 1_000_000_000n;

describe('parseQuantity (nano-units)', () => {
  it.each([
    ['0', 0n],
    ['1', GIGA],
    ['100m', 100_000_000n],
    ['1.5', 1_500_000_000n],
    ['1Ki', 1024n * GIGA],
    ['1.5Gi', 1610612736n * GIGA],
    ['2e3', 2000n * GIGA],
    ['1E3', 1000n * GIGA],
    ['1k', 1000n * GIGA],
    ['1E', 10n ** 18n * GIGA],
    ['-2', -2n * GIGA],
    ['+2', 2n * GIGA],
    ['0.1n', 1n],
    ['1n', 1n],
    ['.5', 500_000_000n],
    ['-', 0n],
    ['Mi', 0n],
    ['007', 7n * GIGA],
  ])('%s = %d', (text, nanos) => {
    expect(parseQuantity(text)).toBe(nanos);
  });

  it.each(['', 'abc', 'web-1', '1Z', '1e', '1.2.3', '5dd6e5aa-ac7b', '1 k'])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

const cm = (name: string, data: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
const names = (objs: unknown[]) => objs.map((o) => (o as { metadata: { name: string } }).metadata.name);

describe('sortObjects', () => {
  it.each([
    ['quantities by value', [cm('a', { v: '1Gi' }), cm('b', { v: '100Mi' }), cm('c', { v: '2' })], ['c', 'b', 'a']],
    ['strings byte by byte when not both quantities', [cm('a', { v: 'pod-2' }), cm('b', { v: 'pod-10' }), cm('c', { v: 'Pod' })], ['c', 'b', 'a']],
    ['a quantity against a word compares as text', [cm('a', { v: 'x' }), cm('b', { v: '5' })], ['b', 'a']],
    ['integers numerically', [cm('a', { v: 10 }), cm('b', { v: 9 }), cm('c', { v: -1 })], ['c', 'b', 'a']],
    ['floats numerically', [cm('a', { v: 2.5 }), cm('b', { v: 0.5 })], ['b', 'a']],
    ['missing values first', [cm('a', { v: 'x' }), cm('b', {}), cm('c', { v: 'a' })], ['b', 'c', 'a']],
    ['null before values', [cm('a', { v: 'x' }), cm('b', { v: null })], ['b', 'a']],
  ])('%s', (_name, objs, want) => {
    expect(names(sortObjects(objs, '.data.v'))).toEqual(want);
  });

  it('leaves the input array untouched', () => {
    const objs = [cm('b', { v: '2' }), cm('a', { v: '1' })];
    sortObjects(objs, '.data.v');
    expect(names(objs)).toEqual(['b', 'a']);
  });

  it.each([
    ['.data.nope', /couldn't find any field with path "\{\.data\.nope\}" in the list of objects/],
    ['{.a}{.b}', /unexpected path string/],
    ['.data[', /unterminated array/],
  ])('%s fails: %s', (sortBy, message) => {
    expect(() => sortObjects([cm('a', { v: 1 }), cm('b', { v: 2 })], sortBy)).toThrowError(message);
  });

  it.each([
    [[cm('a', { v: true }), cm('b', { v: false })], 'unsortable type: bool'],
    [[cm('a', { v: 1 }), cm('b', { v: 'x' })], 'unsortable interface: interface'],
    [[cm('a', { v: 1 }), cm('b', { v: 1.5 })], 'unsortable interface: interface'],
    [[cm('a', { v: {} }), cm('b', { v: {} })], 'unsortable type: map[string]interface {}'],
  ])('comparing %j fails like kubectl: %s', (objs, reason) => {
    expect(() => sortObjects(objs, '.data.v')).toThrowError(`Field {.data.v} in *unstructured.Unstructured is an unsortable type: interface, err: ${reason}`);
  });

  it('does not compare a lone unsortable value (kubectl only fails when two meet)', () => {
    expect(names(sortObjects([cm('a', { v: {} }), cm('b', {})], '.data.v'))).toEqual(['b', 'a']);
  });
});

describe('sortTableRows', () => {
  const table = (objects: unknown[]): MetaV1Table => ({
    columnDefinitions: [{ name: 'Name', type: 'string', format: 'name', priority: 0 }],
    rows: objects.map((object) => ({ cells: [(object as { metadata: { name: string } }).metadata.name], object })),
  });

  it('orders rows by their objects and keeps the columns', () => {
    const sorted = sortTableRows(table([cm('b', { v: '2' }), cm('a', { v: '1' })]), '.data.v');
    expect(sorted.rows.map((r) => r.cells[0])).toEqual(['a', 'b']);
    expect(sorted.columnDefinitions).toHaveLength(1);
  });

  it('leaves a one-row table alone even when the field is missing', () => {
    expect(sortTableRows(table([cm('a', {})]), '.data.v').rows).toHaveLength(1);
  });

  it('words a bad expression as kubectl does for tables', () => {
    expect(() => sortTableRows(table([cm('a', {}), cm('b', {})]), '.data[')).toThrowError('sorting error: unterminated array');
  });
});

describe('goSortInPlace', () => {
  it('sorts like a correct sort for any strict order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }), (xs) => {
        expect(goSortInPlace([...xs], (a, b) => a < b)).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });

  it("is not stable above 12 elements, as Go's pdqsort is not", () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ key: i % 3, id: i }));
    const sorted = goSortInPlace([...items], (a, b) => a.key < b.key);
    expect(sorted.map((x) => x.key)).toEqual([...items].map((x) => x.key).sort());
    expect(sorted.filter((x) => x.key === 0).map((x) => x.id)).not.toEqual(items.filter((x) => x.key === 0).map((x) => x.id));
  });
});
