// -o json / -o yaml beyond the kubectl goldens: go-yaml's quoting decisions one by one, key order, number forms,
// and round-trip properties (whatever kcurl prints as YAML or JSON reads back as the same value).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { KcurlError } from '../../../src/errors.js';
import { goFormatFloatG, goJsonMarshal, goJsonString } from '../../../src/output/go-format.js';
import { marshalYaml, resolvesToString, yamlKeyLess } from '../../../src/output/go-yaml.js';
import { goSortInPlace } from '../../../src/output/go-sort.js';
import { listItems, omitManagedFields, printObjects, toKubectlList, writeObjects } from '../../../src/output/json-yaml.js';

describe('marshalYaml scalars', () => {
  it.each([
    ['plain word', 'nginx', 'v: nginx\n'],
    ['YAML 1.1 bool', 'yes', 'v: "yes"\n'],
    ['bool-looking capitals', 'OFF', 'v: "OFF"\n'],
    ['integer text', '8080', 'v: "8080"\n'],
    ['octal text', '0755', 'v: "0755"\n'],
    ['hex text', '0x1F', 'v: "0x1F"\n'],
    ['float text', '1.5', 'v: "1.5"\n'],
    ['sexagesimal', '1:30', 'v: "1:30"\n'],
    ['timestamp', '2024-01-02T03:04:05Z', 'v: "2024-01-02T03:04:05Z"\n'],
    ['impossible date stays plain', '2024-02-30', 'v: 2024-02-30\n'],
    ['empty', '', 'v: ""\n'],
    ['null word', 'null', 'v: "null"\n'],
    ['indicator at start', '*wild', "v: '*wild'\n"],
    ['dash then space', '- x', "v: '- x'\n"],
    ['colon then space', 'a: b', "v: 'a: b'\n"],
    ['space then hash', 'a #b', "v: 'a #b'\n"],
    ['single quote inside single quotes', "'x", "v: '''x'\n"],
    ['leading space', ' x', "v: ' x'\n"],
    ['tab needs double quotes', 'a\tb', 'v: "a\\tb"\n'],
    ['ESC escape', 'a\x1bb', 'v: "a\\eb"\n'],
    ['astral plane escapes', '😀', 'v: "\\U0001F600"\n'],
    ['multi-line literal keeps one newline', 'a\nb\n', 'v: |\n  a\n  b\n'],
    ['literal strips missing newline', 'a\nb', 'v: |-\n  a\n  b\n'],
    ['literal keeps extra newlines', 'a\n\n', 'v: |+\n  a\n\n'],
    ['literal with leading space gets an indent digit', ' a\nb', 'v: |2-\n   a\n  b\n'],
    ['space before a newline forces double quotes', 'a \nb', 'v: "a \\nb"\n'],
  ])('%s', (_name, value, want) => {
    expect(marshalYaml({ v: value })).toBe(want);
  });

  it.each([
    [0.5, '0.5'],
    [1e21, '1e+21'],
    [1.5e-7, '1.5e-07'],
    [1000000.5, '1.0000005e+06'],
    [123456.5, '123456.5'],
    [-3, '-3'],
    [2 ** 53, '9007199254740992'],
  ])("number %d prints as %s (int64 digits, else Go's shortest %%g)", (n, want) => {
    expect(marshalYaml({ v: n })).toBe(`v: ${want}\n`);
  });

  it.each([
    [1e6, '1e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5, '-2.5'],
  ])('goFormatFloatG(%d) = %s', (n, want) => {
    expect(goFormatFloatG(n)).toBe(want);
  });

  it('folds a long plain scalar at the first space past column 80, continuing two columns deeper', () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    const out = marshalYaml({ key: words });
    const [first, second] = out.split('\n');
    expect(first.length).toBeGreaterThan(80);
    expect(first.slice(0, first.lastIndexOf(' ')).length).toBeLessThanOrEqual(80);
    expect(second.startsWith('  w')).toBe(true);
  });

  it('writes keys longer than 128 bytes as explicit "? key" entries', () => {
    expect(marshalYaml({ ['k'.repeat(129)]: 1 })).toBe(`? ${'k'.repeat(129)}\n: 1\n`);
  });

  it("refuses control characters go-yaml cannot read, with kubectl's message", () => {
    expect(() => marshalYaml({ v: 'a\x7fb' })).toThrowError(new KcurlError('KCURL_INPUT', 'yaml: control characters are not allowed'));
  });
});

describe('resolvesToString (what go-yaml reads back unquoted)', () => {
  it.each([
    ['hello', true],
    ['y', false],
    ['On', false],
    ['~', false],
    ['.inf', false],
    ['.5', false],
    ['.x', true],
    ['-', true],
    ['+1', false],
    ['1_000', false],
    ['0b101', false],
    ['-0b101', false],
    ['0o17', false],
    ['08', false],
    ['0xFFFFFFFFFFFFFFFF', false],
    ['0xFFFFFFFFFFFFFFFFF', true],
    ['1e999', true],
    ['2024-1-2', false],
    ['2024-01-02 03:04:05', false],
    ['2024-01-02t03:04:05.5+01:00', false],
    ['2024-13-02', true],
    ['<<', true],
  ])('%s → %s', (text, want) => {
    expect(resolvesToString(text)).toBe(want);
  });
});

describe('yamlKeyLess (go-yaml v2 key order)', () => {
  it.each([
    [
      ['b', 'a', 'B', 'A'],
      ['A', 'B', 'a', 'b'],
    ],
    [
      ['a10', 'a9', 'a1'],
      ['a1', 'a9', 'a10'],
    ],
    [
      ['x', '_x', '1'],
      ['_x', '1', 'x'],
    ],
    [
      ['x.y', 'x-y', 'x0'],
      ['x-y', 'x.y', 'x0'],
    ],
    [
      ['f:spec', '.', 'k:{"uid":"1"}', 'f:metadata'],
      ['.', 'f:metadata', 'f:spec', 'k:{"uid":"1"}'],
    ],
    [
      ['a01', 'a1', 'a001'],
      ['a1', 'a01', 'a001'],
    ],
  ])('%j sorts to %j', (keys, want) => {
    expect(goSortInPlace([...keys], yamlKeyLess)).toEqual(want);
  });
});

describe('goJsonMarshal (encoding/json)', () => {
  it.each([
    ['HTML characters are escaped', { a: '<b> & </b>' }, '{"a":"\\u003cb\\u003e \\u0026 \\u003c/b\\u003e"}'],
    ['line and paragraph separators are escaped', ['\u2028\u2029'], '["\\u2028\\u2029"]'],
    ['control characters use short or \\u00XX escapes', ['\b\f\n\r\t\x01\x1b'], '["\\b\\f\\n\\r\\t\\u0001\\u001b"]'],
    ['keys sort by byte', { b: 1, a: 2, B: 3, é: 4 }, '{"B":3,"a":2,"b":1,"é":4}'],
    ['empty collections stay inline', { a: [], b: {} }, '{"a":[],"b":{}}'],
  ])('%s', (_name, value, want) => {
    expect(goJsonMarshal(value)).toBe(want);
  });

  it('indents with the given string like MarshalIndent', () => {
    expect(goJsonMarshal({ a: [1, { b: null }], c: {} }, '    ')).toBe(
      '{\n    "a": [\n        1,\n        {\n            "b": null\n        }\n    ],\n    "c": {}\n}',
    );
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const normalized = JSON.parse(JSON.stringify(v));
        expect(JSON.parse(goJsonMarshal(v, '    '))).toEqual(normalized);
        expect(JSON.parse(goJsonString(typeof v === 'string' ? v : 'x'))).toBe(typeof v === 'string' ? v : 'x');
      }),
    );
  });
});

describe('YAML output reads back as the same value', () => {
  // Strings go-yaml accepts (no C1 controls) and that do not contain NEL, which go-yaml folds on the way.
  const safeString = fc.string({ unit: 'grapheme-composite' }).filter((s) => !/[\x7f-\x9f\ufffe\uffff]/.test(s));
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      safeString,
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      tie('list'),
      tie('map'),
    ),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(safeString, tie('node'), { maxKeys: 4 }),
  })).node;
  // The YAML 1.2 core schema is the oracle: go-yaml v2 writes "." or "1_0x" plain, which a strict YAML 1.1 reader
  // would take for numbers but go-yaml (and so kubectl) reads back as strings.
  it('parses back with a YAML 1.2 reader', () => {
    fc.assert(
      fc.property(value, (v) => {
        const normalized = JSON.parse(JSON.stringify(v));
        expect(YAML.parse(marshalYaml(normalized))).toEqual(normalized);
      }),
      { numRuns: 500 },
    );
  });

  it('prints a lone dot plain, as go-yaml does for managedFields keys', () => {
    expect(marshalYaml({ 'f:data': { '.': {} } })).toBe('f:data:\n  .: {}\n');
  });
});

describe('printObjects and lists', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', managedFields: [{ manager: 'kubectl' }] } };

  it('hides managedFields unless asked, in objects and list items', () => {
    expect(printObjects('json', pod)).not.toContain('managedFields');
    expect(printObjects('yaml', toKubectlList([pod]))).not.toContain('managedFields');
    expect(printObjects('yaml', pod, { showManagedFields: true })).toContain('managedFields:\n  - manager: kubectl\n');
    expect(omitManagedFields(pod)).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
  });

  it('ends JSON with a newline and indents four spaces', () => {
    expect(printObjects('json', { apiVersion: 'v1', kind: 'Namespace' })).toBe('{\n    "apiVersion": "v1",\n    "kind": "Namespace"\n}\n');
  });

  it('refuses an object without apiVersion and kind, as kubectl does', () => {
    expect(() => printObjects('yaml', { metadata: {} })).toThrow(/missing apiVersion or kind/);
  });

  it("fills in item kinds from the list kind and builds kubectl's v1 List", () => {
    const serverList = { apiVersion: 'apps/v1', kind: 'DeploymentList', metadata: { resourceVersion: '9' }, items: [{ metadata: { name: 'web' } }] };
    expect(listItems(serverList)).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }]);
    expect(toKubectlList(serverList)).toEqual({
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }],
    });
  });
});

describe('writeObjects: a large list written in pieces', () => {
  // Pods with the shapes the key cache and the one-line fast paths meet: repeated keys, long annotations that
  // fold at column 80, multi-line strings, quoted values.
  const pod = (i: number) => ({
    metadata: {
      name: `pod-${i}`,
      labels: { app: 'web', yes: 'no', [`key-${i % 7}`]: String(i) },
      annotations: { note: `a long sentence for pod ${i} that goes on well past the eightieth column of the line so it folds there` },
    },
    spec: { containers: [{ name: 'app', args: ['sh', '-c', `echo ${i}\nsleep 1\n`], env: [{ name: 'X', value: "it's" }] }] },
  });
  const list = { apiVersion: 'v1', items: Array.from({ length: 2000 }, (_, i) => pod(i)), kind: 'List', metadata: { resourceVersion: '' } };

  it.each(['json', 'yaml'] as const)('-o %s: the pieces join to printObjects and none is much over 64 kB', (format) => {
    const chunks: string[] = [];
    writeObjects(format, list, (c) => chunks.push(c));
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
    const whole = chunks.join('');
    expect(whole).toBe(printObjects(format, list));
    expect(format === 'json' ? JSON.parse(whole) : YAML.parse(whole)).toEqual(list);
  });

  it('-o yaml: an item written after thousands of others reads as the same item written alone', () => {
    const whole = printObjects('yaml', list);
    const alone = marshalYaml({ items: [pod(1999)] });
    expect(whole.endsWith(`${alone.slice('items:\n'.length)}kind: List\nmetadata:\n  resourceVersion: ""\n`)).toBe(true);
  });
});
