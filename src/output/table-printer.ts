// kubectl's human-readable output of server-side Tables (cli-runtime printers/tableprinter.go and the multi-type
// loop of kubectl get): wide columns, NAMESPACE, --show-labels, -L, kind/name prefixes, blank lines between types.
// Cells are printed as the server sent them; nothing is recomputed (an Age cell stays "16m").
import { goSprint, isPlainObject } from './go-format.js';
import { formatLabels } from './label-text.js';
import { TabWriter } from './tabwriter.js';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description?: string;
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  conditions?: unknown[];
  /** PartialObjectMetadata (includeObject=Metadata, the default) or the full object (includeObject=Object). */
  object?: unknown;
}

/** meta.k8s.io/v1 Table as the API server returns it. */
export interface MetaV1Table {
  kind?: 'Table';
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface PrintOptions {
  /** -o wide: also columns with priority > 0. */
  wide: boolean;
  noHeaders: boolean;
  showLabels: boolean;
  /** -L key1,key2: one upper-cased column per key (the part after the last '/'). */
  labelColumns: string[];
  /** -A: a leading NAMESPACE column (ignored for cluster-scoped sections). */
  withNamespace: boolean;
  /** Several types in one get (kubectl get deploy,po): names become kind/name. */
  showKind?: boolean;
  /** The prefix for showKind, lower-cased kind[.group]: "pod", "deployment.apps". */
  kindPrefix?: string;
  /** Kept for renderers that compute ages; Table cells are printed as given. */
  now: Date;
}

export interface TableSection {
  table: MetaV1Table;
  /** lower-cased kind[.group]; consecutive sections with the same prefix share one layout (kubectl get pod a b). */
  kindPrefix?: string;
  /** false for cluster-scoped resources: no NAMESPACE column even with -A. */
  namespaced?: boolean;
}

/** What kubectl get writes to stderr when it printed nothing. */
export function noResourcesMessage(namespace?: string): string {
  return namespace ? `No resources found in ${namespace} namespace.` : 'No resources found';
}

/** One Table as kubectl get prints it (ends with a newline; empty string when there are no rows). */
export function printTable(table: MetaV1Table, opts: PrintOptions): string {
  return printTables([{ table, kindPrefix: opts.kindPrefix }], opts);
}

/**
 * Several tables in the order kubectl get received them. Consecutive tables of one kind are aligned together and
 * print one header; a new kind starts a new layout, preceded by a blank line when headers are shown and something
 * was already printed (kubectl get's separatorWriter).
 */
export function printTables(sections: TableSection[], opts: PrintOptions): string {
  let output = '';
  let separatorReady = false;
  let writer: TabWriter | undefined;
  let printer: HeaderState | undefined;
  let lastKey: string | undefined;
  // kubectl get's ToPrinter sets WithNamespace on print flags it shares between types, so once one type is printed
  // with a NAMESPACE column, every later type keeps it, cluster-scoped or not (deploy,ns -A shows an empty one).
  let namespaceColumnSticks = false;
  const flush = () => {
    const text = writer?.take() ?? '';
    if (text) {
      if (separatorReady) output += '\n';
      separatorReady = false;
      output += text;
    }
  };
  for (const section of sections) {
    const key = `${section.kindPrefix ?? ''}|${section.namespaced !== false}`;
    if (writer === undefined || key !== lastKey) {
      flush();
      if (lastKey !== undefined && !opts.noHeaders && output.length > 0) separatorReady = true;
      writer = new TabWriter();
      printer = { printedHeaders: false, lastColumns: undefined };
      lastKey = key;
      if (opts.withNamespace && section.namespaced !== false) namespaceColumnSticks = true;
    }
    const local: DecorateOptions = {
      ...opts,
      withNamespace: opts.withNamespace && (section.namespaced !== false || namespaceColumnSticks),
      kindPrefix: opts.showKind ? section.kindPrefix : undefined,
    };
    writer.write(renderTable(section.table, local, printer!));
  }
  flush();
  return output;
}

interface HeaderState {
  printedHeaders: boolean;
  lastColumns: TableColumnDefinition[] | undefined;
}

type DecorateOptions = Omit<PrintOptions, 'showKind'> & { kindPrefix?: string };

/**
 * kubectl get --watch: one HumanReadablePrinter and one tabwriter for the whole run, so the header prints once
 * and columns never shrink. Each call prints one Table (the first list, or a watch event's one-row Table whose
 * column definitions may be left out) and flushes; `eventType` adds kubectl's EVENT column (--output-watch-events).
 */
export class TableStreamPrinter {
  readonly #writer = new TabWriter();
  readonly #state: HeaderState = { printedHeaders: false, lastColumns: undefined };
  readonly #options: DecorateOptions;

  constructor(options: Omit<PrintOptions, 'showKind' | 'kindPrefix'> & { namespaced: boolean }) {
    this.#options = { ...options, withNamespace: options.withNamespace && options.namespaced };
  }

  print(table: MetaV1Table, eventType?: string): string {
    this.#writer.write(renderTable(table, this.#options, this.#state, eventType));
    return this.#writer.take();
  }
}

// cli-runtime tableprinter.go formatEventType: the EVENT cells are padded to one width.
const FORMATTED_EVENT_TYPES: Record<string, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' };

// HumanReadablePrinter.PrintObj for a Table: header suppression across tables of one kind, then decorate and print.
function renderTable(input: MetaV1Table, options: DecorateOptions, state: HeaderState, eventType?: string): string {
  let columns = input.columnDefinitions ?? [];
  const local = { ...options };
  if (state.printedHeaders && (columns.length === 0 || sameColumns(columns, state.lastColumns))) local.noHeaders = true;
  if (columns.length === 0) columns = state.lastColumns ?? [];
  else if (!sameColumns(columns, state.lastColumns)) {
    state.lastColumns = columns;
    state.printedHeaders = false;
  }
  const rows = input.rows ?? [];
  if (rows.length > 0) state.printedHeaders = true;
  const decorated = decorateTable(columns, rows, local);
  if (eventType) {
    // A WatchEvent's type becomes the first column (addColumns(beginning, …)), after the NAMESPACE decoration.
    decorated.columns = [{ name: 'Event', type: 'string', format: '', priority: 0 }, ...decorated.columns];
    decorated.rows = decorated.rows.map((cells) => [FORMATTED_EVENT_TYPES[eventType] ?? eventType, ...cells]);
  }
  return formatTable(decorated.columns, decorated.rows, local);
}

/**
 * The same column definitions, field by field in order (what comparing their JSON would say, without making it:
 * a watch compares every event's columns with the last ones).
 */
function sameColumns(a: TableColumnDefinition[], b: TableColumnDefinition[] | undefined): boolean {
  if (b === undefined) return false;
  return a === b || sameJson(a, b);
}

/** Equal values parsed from JSON, object keys in the same order (as their JSON texts would be equal). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    return a.length === y.length && a.every((x, i) => sameJson(x, y[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  return kx.length === ky.length && kx.every((k, i) => k === ky[i] && sameJson(x[k], y[k]));
}

interface Decorated {
  columns: TableColumnDefinition[];
  rows: unknown[][];
}

// decorateTable: NAMESPACE first, label columns last, kind/ on the name column.
function decorateTable(tableColumns: TableColumnDefinition[], tableRows: TableRow[], options: DecorateOptions): Decorated {
  const labelKeys = options.labelColumns ?? [];
  let width = tableColumns.length + labelKeys.length;
  if (options.withNamespace) width++;
  if (options.showLabels) width++;

  let columns = tableColumns;
  let nameColumn = -1;
  if (options.kindPrefix) nameColumn = tableColumns.findIndex((c) => c.format === 'name' && c.type === 'string');

  if (width !== tableColumns.length) {
    const extra = (name: string): TableColumnDefinition => ({ name, type: 'string', format: '', priority: 0 });
    columns = [
      ...(options.withNamespace ? [extra('Namespace')] : []),
      ...tableColumns,
      ...labelKeys.map((key) => extra(labelHeader(key))),
      ...(options.showLabels ? [extra('Labels')] : []),
    ];
  }

  const includeLabels = labelKeys.length > 0 || options.showLabels;
  const rows = tableRows.map((row) => {
    let cells = [...(row.cells ?? [])];
    if (!(includeLabels || options.withNamespace || nameColumn !== -1)) return cells;
    if (nameColumn !== -1 && nameColumn < cells.length) cells[nameColumn] = `${options.kindPrefix}/${goPercentS(cells[nameColumn])}`;
    const metadata = objectMetadata(row.object);
    if (metadata === undefined) {
      // No object to read metadata from: kubectl pads with nil cells (its loop re-reads the growing length,
      // so it adds fewer than it means to; the shorter row is what it prints).
      if (options.withNamespace) cells = [null, ...cells];
      for (let j = 0; j < width - cells.length; j++) cells.push(null);
      return cells;
    }
    if (options.withNamespace) cells = [typeof metadata.namespace === 'string' ? metadata.namespace : '', ...cells];
    if (includeLabels) {
      const labels = isPlainObject(metadata.labels) ? (metadata.labels as Record<string, unknown>) : {};
      for (const key of labelKeys) cells.push(typeof labels[key] === 'string' ? labels[key] : '');
      if (options.showLabels) cells.push(formatLabels(labels));
    }
    return cells;
  });
  return { columns, rows };
}

function objectMetadata(object: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(object)) return undefined;
  return isPlainObject(object.metadata) ? object.metadata : {};
}

/** -L app.kubernetes.io/name → NAME (formatLabelHeaders). */
function labelHeader(key: string): string {
  const parts = key.split('/');
  return parts[parts.length - 1].toUpperCase();
}

/** labels.FormatLabels: k=v,k2=v2 sorted by key, <none> when empty. */
// fmt.Sprintf("%s", v) for a cell of any type.
function goPercentS(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (typeof v === 'number' || typeof v === 'boolean')
    return `%!s(${typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'int64' : 'float64'}=${goSprint(v)})`;
  return goSprint(v);
}

/** printers.EscapeTerminal: ESC and CR cannot reach the terminal raw. */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

// printTable: upper-cased headers (omitted when there are no rows), cells tab-separated, hidden wide columns skipped.
function formatTable(columns: TableColumnDefinition[], rows: unknown[][], options: DecorateOptions): string {
  let text = '';
  if (!options.noHeaders) {
    if (rows.length === 0) return '';
    text +=
      columns
        .filter((c) => options.wide || c.priority === 0)
        .map((c) => c.name.toUpperCase())
        .join('\t') + '\n';
  }
  // The columns printed (all with -o wide, else those of priority 0), found once for every row.
  const shown: number[] = [];
  for (let i = 0; i < columns.length; i++) if (options.wide || columns[i].priority === 0) shown.push(i);
  for (const cells of rows) {
    let line = '';
    let first = true;
    for (const i of shown) {
      if (i >= cells.length) break;
      line += first ? formatCell(cells[i]) : `\t${formatCell(cells[i])}`;
      first = false;
    }
    text += line + '\n';
  }
  return text;
}

/** What formatCell has to change in a string cell: a line break ends it, ESC and CR are escaped. */
const CELL_SPECIALS = /[\f\n\r\x1b]/;

function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    if (!CELL_SPECIALS.test(cell)) return cell;
    // A string cell stops at its first line break (\f counts: tabwriter treats it as one), marked with "...".
    const brk = cell.search(/[\f\n\r]/);
    return brk >= 0 ? `${escapeTerminal(cell.slice(0, brk))}...` : escapeTerminal(cell);
  }
  return escapeTerminal(goSprint(cell));
}
