// kcurl get: responses → kubectl's output (tables from the server's Table, or json/yaml/name/jsonpath/custom-columns).
import type { Io } from '../../io.js';
import { printTables, noResourcesMessage } from '../../output/table-printer.js';
import { writeObjects } from '../../output/json-yaml.js';
import { printNames } from '../../output/name-printer.js';
import { executeJsonPath, parseJsonPathTemplate } from '../../output/jsonpath.js';
import { printCustomColumns } from '../../output/custom-columns.js';
import { sortObjects } from '../../output/sort-by.js';
import type { GetOptions } from './options.js';
import type { ResolvedTarget } from './plan.js';

export interface TargetResult {
  target: ResolvedTarget;
  /** Parsed response bodies: one object per named GET, one list/Table per page. */
  responses: unknown[];
}

type Obj = Record<string, any>;

/** Items of a list response, with apiVersion and kind filled in as kubectl's decoder does. */
function itemsOf(response: Obj): Obj[] {
  if (!Array.isArray(response.items)) return [response];
  const kind = typeof response.kind === 'string' ? response.kind.replace(/List$/, '') : undefined;
  return response.items.map((item: Obj) => ({ apiVersion: response.apiVersion, kind, ...item }));
}

function mergeTables(responses: Obj[]): Obj | undefined {
  const tables = responses.filter((r) => r?.kind === 'Table');
  if (tables.length === 0) return undefined;
  return { ...tables[0], rows: tables.flatMap((t) => t.rows ?? []) };
}

export function presentGet(io: Io, opts: GetOptions, results: TargetResult[], ctx: { namespace: string; now: Date; hadErrors: boolean }): void {
  const multipleTypes = results.length > 1;
  if (opts.output.kind === 'table') {
    const sections = [];
    for (const { target, responses } of results) {
      const table = mergeTables(responses as Obj[]);
      if (!table || table.rows.length === 0) continue;
      if (opts.sortBy) {
        const sorted = sortObjects(
          table.rows.map((r: Obj) => r.object),
          opts.sortBy,
        );
        const rowOf = new Map(table.rows.map((r: Obj) => [r.object, r]));
        table.rows = sorted.map((o) => rowOf.get(o));
      }
      const r = target.resource;
      sections.push({ table: table as never, kindPrefix: r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase(), namespaced: r.namespaced });
    }
    const text = sections.length
      ? printTables(sections, {
          wide: opts.output.wide,
          noHeaders: opts.noHeaders,
          showLabels: opts.showLabels,
          labelColumns: opts.labelColumns,
          withNamespace: opts.allNamespaces,
          showKind: multipleTypes,
          now: ctx.now,
        })
      : '';
    if (text === '') {
      // kubectl get: the message only when nothing was printed and nothing failed.
      if (ctx.hadErrors) return;
      const allNamespaced = !opts.allNamespaces && results.every((r) => r.target.resource.namespaced);
      io.stderr.write(noResourcesMessage(allNamespaced ? ctx.namespace : undefined) + '\n');
      return;
    }
    io.stdout.write(text);
    return;
  }

  let items: Obj[] = results.flatMap((r) => (r.responses as Obj[]).flatMap(itemsOf));
  if (opts.sortBy) items = sortObjects(items, opts.sortBy) as Obj[];
  if (opts.output.kind === 'name') {
    const text = results
      .map((r) =>
        printNames(
          items.filter((i) => results.length === 1 || matches(i, r.target)),
          { kind: r.target.resource.kind, resource: r.target.resource.resource, group: r.target.resource.group },
        ),
      )
      .join('');
    io.stdout.write(text);
    return;
  }
  // kubectl get: a single named object prints as itself, anything else as a v1 List.
  const single = results.length === 1 && results[0].target.names.length === 1 && items.length === 1;
  const data = single ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
  switch (opts.output.kind) {
    case 'json':
    case 'yaml':
      // Written as it is made: 20,000 pods of YAML are never held as one string.
      writeObjects(opts.output.kind, data, (chunk) => io.stdout.write(chunk));
      return;
    case 'jsonpath':
      io.stdout.write(executeJsonPath(parseJsonPathTemplate(opts.output.template), data, { allowMissingKeys: true }));
      return;
    case 'custom-columns':
      io.stdout.write(printCustomColumns(opts.output.spec, single ? [data] : items, { noHeaders: opts.noHeaders }));
      return;
  }
}

function matches(item: Obj, target: ResolvedTarget): boolean {
  return item.kind === target.resource.kind;
}
