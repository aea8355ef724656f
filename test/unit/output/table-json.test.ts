import { describe, expect, it } from 'vitest';
import { parseTableJson } from '../../../src/output/table-json.js';

const invalid = () => new Error('not JSON');

const row = (i: number) => ({
  cells: [`pod-${i}`, '1/1', 'Running', 0, '5m', null, true],
  object: {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      name: `pod-${i}`,
      namespace: 'ns',
      labels: { app: 'x', 'q"uote': 'a\\b}]', '{"cells":[': '日本語 😀' },
      managedFields: [{ fieldsV1: { 'f:spec': { 'k:{"name":"app"}': { '.': {} } } } }],
    },
  },
});

const table = (rows: unknown[]) => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { resourceVersion: '9', continue: 'abc' },
  columnDefinitions: [{ name: 'Name', type: 'string', format: 'name', description: 'd', priority: 0 }],
  rows,
});

describe('parseTableJson: JSON.parse, with row objects parsed when first read', () => {
  it.each([
    ['a Table page', JSON.stringify(table(Array.from({ length: 50 }, (_, i) => row(i))))],
    [
      'indented, with whitespace everywhere',
      JSON.stringify(table([row(1), row(2)]), null, 2)
        .replace(/,/g, ' ,\n\t ')
        .replace(/:/g, ' : '),
    ],
    ['no rows', JSON.stringify(table([]))],
    ['rows not objects', JSON.stringify(table([1, 'two', null, [3]]))],
    ['a row without an object', JSON.stringify(table([{ cells: ['a'] }, { object: null, cells: ['b'] }]))],
    ['the object before the cells', JSON.stringify(table([{ object: { a: 1 }, cells: ['a'] }]))],
    ['a key given twice', '{"rows":[{"object":{"a":1},"cells":[1],"object":{"b":2}}],"kind":"Table","kind":"X"}'],
    ['escapes in keys', '{"r\\u006fws":[{"obj\\u0065ct":{"a":"\\"}"}}],"__proto__":{"x":1}}'],
    ['a rows key that is not an array', '{"rows":{"object":{"a":1}}}'],
    ['not a Table', '{"kind":"PodList","items":[{"metadata":{"name":"a"}}]}'],
    ['not an object', '[{"rows":[]}]'],
    ['a string', '"rows"'],
  ])('%s: the same value', (_, text) => {
    const parsed = parseTableJson(text, invalid);
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(JSON.parse(text)));
    expect(parsed).toEqual(JSON.parse(text));
  });

  it('leaves a row object unparsed until it is read, then keeps the parsed value', () => {
    const parsed = parseTableJson(JSON.stringify(table([row(1)])), invalid) as { rows: { object: unknown; cells: unknown[] }[] };
    const r = parsed.rows[0];
    expect(typeof Object.getOwnPropertyDescriptor(r, 'object')?.get).toBe('function');
    expect(Object.keys(r)).toEqual(['cells', 'object']);
    const first = r.object;
    expect(first).toEqual(row(1).object);
    expect(r.object).toBe(first);
    expect(Object.getOwnPropertyDescriptor(r, 'object')).toEqual({ value: first, writable: true, enumerable: true, configurable: true });
    r.object = 'replaced';
    expect(r.object).toBe('replaced');
    expect({ ...r }).toEqual({ cells: row(1).cells, object: 'replaced' });
  });

  it.each([
    ['cut short', JSON.stringify(table([row(1)])).slice(0, -10)],
    ['a bad value outside the rows', '{"kind":Table,"rows":[]}'],
    ['trailing text', '{"rows":[]} x'],
    ['a bad cell', '{"rows":[{"cells":[tru],"object":{}}]}'],
  ])('text that is not JSON (%s) throws as JSON.parse does', (_, text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => parseTableJson(text, invalid)).toThrow(SyntaxError);
  });

  it('a row object that is not JSON throws invalid() when it is read', () => {
    const parsed = parseTableJson('{"rows":[{"cells":["a"],"object":{"a":tru}}]}', invalid) as { rows: { cells: unknown[]; object: unknown }[] };
    expect(parsed.rows[0].cells).toEqual(['a']);
    expect(() => parsed.rows[0].object).toThrow('not JSON');
  });
});
