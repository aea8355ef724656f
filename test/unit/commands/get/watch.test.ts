// kcurl get --watch without a server: the watch request kubectl sends and how each event is printed.
import { describe, expect, it } from 'vitest';
import { getOptionsFromFlags } from '../../../../src/commands/get/options.js';
import { WatchPrinter, watchStep } from '../../../../src/commands/get/watch.js';
import { builtinCatalog, resolveResource } from '../../../../src/kube/resources.js';
import { requestTarget } from '../../../../src/plan/request-plan.js';
import type { MetaV1Table } from '../../../../src/output/table-printer.js';
import { commandOptions } from '../../../../src/cli/spec.js';
import { GET_FLAGS, type GetFlags } from '../../../../src/commands/get/flags.js';

const configmaps = resolveResource(builtinCatalog(), 'configmaps');
const now = new Date('2026-01-01T00:00:00Z');

describe('the watch request', () => {
  it.each([
    [['cm'], {}, '47', '/api/v1/namespaces/default/configmaps?resourceVersion=47&watch=true'],
    [
      ['cm'],
      { selector: 'app=x', fieldSelector: 'metadata.name!=y' },
      '9',
      '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%21%3Dy&labelSelector=app%3Dx&resourceVersion=9&watch=true',
    ],
    [['cm'], { allNamespaces: true }, '5', '/api/v1/configmaps?resourceVersion=5&watch=true'],
    // One object: WatchSingle from resourceVersion 0 with a metadata.name field selector.
    [['cm', 'x'], {}, '0', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dx&resourceVersion=0&watch=true'],
  ])('%j %j', (args, flags, rv, expected) => {
    const opts = getOptionsFromFlags(args, commandOptions(GET_FLAGS, flags));
    const step = watchStep(opts, { resource: configmaps, names: opts.targets[0].names }, 'default', rv, 'application/json');
    expect(requestTarget(step)).toBe(expected);
    expect(step.stream).toBe(true);
  });
});

const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', managedFields: [{ manager: 'kubectl' }], ...extra },
});

const table = (rows: string[][], withColumns: boolean): MetaV1Table => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  columnDefinitions: withColumns
    ? [
        { name: 'Name', type: 'string', format: 'name', priority: 0 },
        { name: 'Data', type: 'integer', format: '', priority: 0 },
      ]
    : [],
  rows: rows.map((cells) => ({ cells, object: { metadata: { namespace: 'default' } } })),
});

describe('printing watch events', () => {
  const printer = (args: string[], flags: Partial<GetFlags> = {}) =>
    new WatchPrinter(getOptionsFromFlags(args, commandOptions(GET_FLAGS, flags)), { resource: configmaps, names: [] }, now);

  it('prints one header, then event rows whose columns never shrink', () => {
    const p = printer(['cm']);
    expect(p.table(table([['kube-root-ca.crt', '1']], true), undefined)).toBe('NAME               DATA\nkube-root-ca.crt   1\n');
    expect(p.table(table([['a', '2']], true), undefined)).toBe('a                  2\n');
    expect(p.table(table([['b', '3']], false), undefined)).toBe('b                  3\n');
  });

  it('adds the EVENT column padded like kubectl (--output-watch-events), before NAMESPACE', () => {
    const p = printer(['cm'], { allNamespaces: true });
    expect(p.table(table([['a', '1']], true), 'ADDED')).toBe('EVENT      NAMESPACE   NAME   DATA\nADDED      default     a      1\n');
    expect(p.table(table([['a', '1']], false), 'MODIFIED')).toBe('MODIFIED   default     a      1\n');
  });

  it('prints -o json objects indented without managedFields, and events compact with them', () => {
    const p = printer(['cm'], { output: 'json' });
    expect(p.object(cm('a'), undefined)).toBe(
      '{\n    "apiVersion": "v1",\n    "kind": "ConfigMap",\n    "metadata": {\n        "name": "a",\n        "namespace": "default"\n    }\n}\n',
    );
    expect(p.object(cm('a'), 'DELETED')).toBe(
      '{"type":"DELETED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"managedFields":[{"manager":"kubectl"}],"name":"a","namespace":"default"}}}\n',
    );
  });

  it('separates -o yaml objects with ---, and prints an event as object then type', () => {
    const p = printer(['cm'], { output: 'yaml' });
    const first = p.object(cm('a'), undefined);
    expect(first.startsWith('apiVersion: v1\n')).toBe(true);
    const second = p.object(cm('b'), 'ADDED');
    expect(second.startsWith('---\nobject:\n  apiVersion: v1\n')).toBe(true);
    expect(second.endsWith('type: ADDED\n')).toBe(true);
  });

  it('prints -o name without the event type', () => {
    expect(printer(['cm'], { output: 'name' }).object(cm('a'), 'ADDED')).toBe('configmap/a\n');
  });
});
