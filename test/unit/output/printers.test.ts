// Table, name and custom-columns printers beyond the kubectl goldens: option handling, header reuse across
// tables of one kind, messages for empty results and bad specs.
import { describe, expect, it } from 'vitest';
import { KcurlError } from '../../../src/errors.js';
import { parseCustomColumnsSpec, printCustomColumns } from '../../../src/output/custom-columns.js';
import { nameOf, printNames } from '../../../src/output/name-printer.js';
import { formatLabels } from '../../../src/output/label-text.js';
import { noResourcesMessage, printTable, printTables, type MetaV1Table, type PrintOptions } from '../../../src/output/table-printer.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const opts = (o: Partial<PrintOptions> = {}): PrintOptions => ({
  wide: false,
  noHeaders: false,
  showLabels: false,
  labelColumns: [],
  withNamespace: false,
  now: NOW,
  ...o,
});
const table = (rows: [string, string, Record<string, string>?][], extra = false): MetaV1Table => ({
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Age', type: 'string', format: '', priority: 0 },
    ...(extra ? [{ name: 'Node', type: 'string', format: '', priority: 1 }] : []),
  ],
  rows: rows.map(([name, age, labels]) => ({ cells: extra ? [name, age, 'node-1'] : [name, age], object: { metadata: { name, namespace: 'ns1', labels } } })),
});

describe('printTable', () => {
  it.each([
    ['plain', opts(), 'NAME   AGE\na      5m\n'],
    ['no headers', opts({ noHeaders: true }), 'a     5m\n'],
    ['wide shows priority columns', opts({ wide: true }), 'NAME   AGE   NODE\na      5m    node-1\n'],
    ['namespace first', opts({ withNamespace: true }), 'NAMESPACE   NAME   AGE\nns1         a      5m\n'],
    ['labels last', opts({ showLabels: true, labelColumns: ['x/tier'] }), 'NAME   AGE   TIER   LABELS\na      5m    web    x/tier=web,z=1\n'],
    ['kind prefix only with showKind', opts({ kindPrefix: 'pod' }), 'NAME   AGE\na      5m\n'],
    ['kind prefix', opts({ kindPrefix: 'deployment.apps', showKind: true }), 'NAME                AGE\ndeployment.apps/a   5m\n'],
  ])('%s', (_name, o, want) => {
    expect(printTable(table([['a', '5m', { z: '1', 'x/tier': 'web' }]], true), o)).toBe(want);
  });

  it('prints nothing for a table without rows, headers or not', () => {
    expect(printTable(table([]), opts())).toBe('');
    expect(printTable(table([]), opts({ noHeaders: true }))).toBe('');
  });

  it('prints one header for consecutive tables of one kind with the same columns', () => {
    const out = printTables(
      [
        { table: table([['a', '1s']]), kindPrefix: 'pod' },
        { table: table([['long-name', '2s']]), kindPrefix: 'pod' },
      ],
      opts(),
    );
    expect(out).toBe('NAME        AGE\na           1s\nlong-name   2s\n');
  });

  it('separates kinds with a blank line only when headers are shown', () => {
    const sections = [
      { table: table([['a', '1s']]), kindPrefix: 'pod' },
      { table: table([['b', '2s']]), kindPrefix: 'service' },
    ];
    expect(printTables(sections, opts({ showKind: true }))).toBe('NAME    AGE\npod/a   1s\n\nNAME        AGE\nservice/b   2s\n');
    expect(printTables(sections, opts({ showKind: true, noHeaders: true }))).toBe('pod/a   1s\nservice/b   2s\n');
  });
});

describe('formatLabels and noResourcesMessage', () => {
  it.each([
    [{}, '<none>'],
    [{ b: '2', a: '1' }, 'a=1,b=2'],
    [{ 'app.kubernetes.io/name': 'x', app: 'y' }, 'app=y,app.kubernetes.io/name=x'],
    // Go sorts keys by their UTF-8 bytes: U+FF5E (EF BD 9E) before U+1F600 (F0 9F 98 80), which UTF-16 orders the other way.
    [{ 'a\u{1F600}': '2', 'a\uFF5E': '1' }, 'a\uFF5E=1,a\u{1F600}=2'],
    [{ n: 3, t: true }, 'n=3,t=true'],
  ])('formatLabels(%j) = %s', (labels, want) => {
    expect(formatLabels(labels)).toBe(want);
  });

  it.each([
    ['default', 'No resources found in default namespace.'],
    [undefined, 'No resources found'],
  ])('namespace %s → %s', (ns, want) => {
    expect(noResourcesMessage(ns)).toBe(want);
  });
});

describe('printNames', () => {
  it.each([
    [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx' } }, undefined, 'pod/nginx'],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, undefined, 'deployment.apps/web'],
    [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'admin' } },
      undefined,
      'clusterrole.rbac.authorization.k8s.io/admin',
    ],
    [{ apiVersion: 'v1', kind: 'Pod', metadata: {} }, undefined, 'pod/<unknown>'],
    [{ metadata: { name: 'web' } }, { kind: 'Deployment', group: 'apps' }, 'deployment.apps/web'],
    [{ metadata: { name: 'p' } }, { resource: 'pods', group: '' }, 'pods/p'],
  ])('%j → %s', (obj, hint, want) => {
    expect(nameOf(obj, hint)).toBe(want);
  });

  it('one line per object', () => {
    expect(
      printNames([
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' } },
      ]),
    ).toBe('pod/a\npod/b\n');
  });

  it.each([
    [{ metadata: { name: 'x' } }, 'missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type'],
    [{ apiVersion: 'v1', metadata: { name: 'x' } }, 'missing kind for resource with name x'],
  ])('%j without a hint fails: %s', (obj, message) => {
    expect(() => nameOf(obj)).toThrowError(new KcurlError('KCURL_INTERNAL', message));
  });
});

describe('custom columns', () => {
  const pods = [
    { metadata: { name: 'a', labels: { app: 'x' } }, spec: { containers: [{ image: 'nginx' }, { image: 'busybox' }] } },
    { metadata: { name: 'bb' }, spec: { containers: [] } },
  ];

  it('prints every match joined by commas, <none> for no match, maps as Go prints them', () => {
    expect(printCustomColumns('NAME:.metadata.name,IMAGES:.spec.containers[*].image,LABELS:.metadata.labels', pods, { noHeaders: false })).toBe(
      'NAME   IMAGES          LABELS\na      nginx,busybox   map[app:x]\nbb     <none>          <none>\n',
    );
  });

  it('keeps headers as written and can drop them', () => {
    expect(printCustomColumns('name:metadata.name', pods, { noHeaders: false })).toBe('name\na\nbb\n');
    expect(printCustomColumns('name:metadata.name', pods, { noHeaders: true })).toBe('a\nbb\n');
  });

  it.each([
    ['', 'custom-columns format specified but no custom columns given'],
    ['NAME', 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>'],
    ['A:{.a}{.b}', "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"],
  ])('spec %j fails: %s', (spec, message) => {
    expect(() => parseCustomColumnsSpec(spec)).toThrowError(message);
  });

  it('reports JSONPath syntax errors with the column that has them', () => {
    let err: KcurlError | undefined;
    try {
      printCustomColumns('A:.a[', pods, { noHeaders: false });
    } catch (e) {
      err = e as KcurlError;
    }
    expect(err?.message).toBe('unterminated array');
    expect(err?.hint).toContain('A:{.a[}');
  });
});
