// kubectl parity: every case in test/golden/output/cases.json was run through the real kubectl v1.32 (see the
// README there); the printers must reproduce its stdout byte for byte, and its error messages.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KcurlError, formatError } from '../../../src/errors.js';
import { printCustomColumns } from '../../../src/output/custom-columns.js';
import { listItems, printObjects, toKubectlList } from '../../../src/output/json-yaml.js';
import { executeJsonPath, parseJsonPathTemplate } from '../../../src/output/jsonpath.js';
import { printNames } from '../../../src/output/name-printer.js';
import { sortObjects, sortTableRows } from '../../../src/output/sort-by.js';
import { noResourcesMessage, printTables, type MetaV1Table, type PrintOptions } from '../../../src/output/table-printer.js';

const repo = path.resolve(__dirname, '../../..');
const goldenDir = path.join(repo, 'test/golden/output');

interface Section {
  file: string;
  kindPrefix?: string;
  namespaced?: boolean;
}
type Render =
  | { type: 'table'; sections: Section[]; opts: Partial<PrintOptions>; sortBy?: string }
  | { type: 'noResources'; namespace?: string; table: string }
  | { type: 'objects'; format: 'json' | 'yaml'; files: string[]; asList: boolean; showManagedFields?: boolean; error?: boolean }
  | { type: 'names'; files?: string[]; single?: string; sortBy?: string; error?: boolean }
  | { type: 'jsonpath'; template: string; files: string[]; asList: boolean; error?: boolean }
  | { type: 'customColumns'; spec: string; files: string[]; asList: boolean; noHeaders: boolean; sortBy?: string; error?: boolean };
interface Case {
  name: string;
  kubectl: string[];
  render: Render;
}

const cases: Case[] = JSON.parse(readFileSync(path.join(goldenDir, 'cases.json'), 'utf8'));
const load = (file: string): unknown => JSON.parse(readFileSync(path.join(repo, file), 'utf8'));
const golden = (name: string, ext: 'out' | 'err'): string => {
  const file = path.join(goldenDir, `${name}.${ext}`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};
const items = (files: string[]) => files.flatMap((f) => listItems(load(f)));
const NOW = new Date('2026-11-23T00:22:37Z');

// What kcurl prints for a case; a thrown KcurlError stands for kubectl's stderr.
function render(r: Render): string {
  switch (r.type) {
    case 'table': {
      const opts: PrintOptions = { wide: false, noHeaders: false, showLabels: false, labelColumns: [], withNamespace: false, now: NOW, ...r.opts };
      const sections = r.sections.map((s) => {
        let table = load(s.file) as MetaV1Table;
        if (r.sortBy) table = sortTableRows(table, r.sortBy);
        return { table, kindPrefix: s.kindPrefix, namespaced: s.namespaced };
      });
      return printTables(sections, opts);
    }
    case 'noResources':
      return printTables([{ table: load(r.table) as MetaV1Table }], {
        wide: false,
        noHeaders: false,
        showLabels: false,
        labelColumns: [],
        withNamespace: false,
        now: NOW,
      });
    case 'objects': {
      const obj = r.asList ? toKubectlList(items(r.files)) : load(r.files[0]);
      return printObjects(r.format, obj, { showManagedFields: r.showManagedFields });
    }
    case 'names': {
      let objs = r.single ? [load(r.single)] : items(r.files ?? []);
      if (r.sortBy) objs = sortObjects(objs, r.sortBy);
      return printNames(objs);
    }
    case 'jsonpath': {
      const data = r.asList ? toKubectlList(items(r.files)) : load(r.files[0]);
      return executeJsonPath(parseJsonPathTemplate(r.template), data);
    }
    case 'customColumns': {
      let objs = r.asList ? items(r.files) : [load(r.files[0])];
      if (r.sortBy) objs = sortObjects(objs, r.sortBy);
      return printCustomColumns(r.spec, objs, { noHeaders: r.noHeaders });
    }
  }
}

const isError = (r: Render) => 'error' in r && r.error === true;

describe('printers reproduce real kubectl v1.32 output', () => {
  const printing = cases.filter((c) => !isError(c.render));
  it.each(printing.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(golden(c.name, 'out').length > 0 || c.render.type === 'noResources' || golden(c.name, 'err') === '').toBe(true);
    expect(render(c.render)).toBe(golden(c.name, 'out'));
  });

  const empty = cases.filter((c) => c.render.type === 'noResources');
  it.each(empty.map((c) => [c.name, c] as const))('%s: stderr message', (_name, c) => {
    const r = c.render as Extract<Render, { type: 'noResources' }>;
    expect(`${noResourcesMessage(r.namespace)}\n`).toBe(golden(c.name, 'err'));
  });
});

describe('errors read as kubectl words them', () => {
  const failing = cases.filter((c) => isError(c.render));
  it.each(failing.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const kubectlStderr = golden(c.name, 'err');
    expect(kubectlStderr).not.toBe('');
    let thrown: unknown;
    try {
      render(c.render);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(KcurlError);
    const err = thrown as KcurlError;
    // kubectl's line is "error: <message>" (or a klog F-line for unsortable fields); kcurl's message is that line,
    // without the object dump kubectl appends to jsonpath execution errors.
    const firstLine = kubectlStderr.split('\n')[0];
    expect(firstLine).toContain(err.message);
    expect(formatError(err).split('\n')).toHaveLength(1);
  });
});
