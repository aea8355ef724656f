// Server-side printing: turns stored objects into the metav1.Table kube-apiserver returns for
// `Accept: application/json;as=Table;g=meta.k8s.io;v=v1` (built-in printers, the CRD column convertor,
// or the default Name/Created At convertor), including the includeObject handling of endpoints/handlers.
import type { KubeObject, MetaTable } from '../types.js';
import { COLUMNS, CREATION_TIMESTAMP_DESCRIPTION, nameCol, type ColumnDefinition } from './column-definitions.js';
import { humanDuration, parseTimestamp } from './human-duration.js';
import { ROW_PRINTERS, type PrintedRow } from './row-printers.js';
import { evaluateJsonPath } from './simple-jsonpath.js';

/** A CRD's additionalPrinterColumns entry. */
export interface CustomColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface TableOptions {
  now: Date;
  /** metav1.TableOptions includeObject; kube-apiserver treats an empty value as Metadata. */
  includeObject: 'None' | 'Metadata' | 'Object';
  /**
   * For custom resources: the CRD version's additionalPrinterColumns. An empty list means the CRD declares
   * none, and the server then shows an `Age` column. Leave undefined for kinds that are not custom resources.
   */
  customColumns?: CustomColumn[];
}

type TableRow = MetaTable['rows'][number] & { conditions?: PrintedRow['conditions'] };

/** The Table for `objs` (a list, or one object). `metadata.resourceVersion`/`continue` are the caller's to fill. */
export function tableFor(resource: { group: string; resource: string }, objs: KubeObject[], opts: TableOptions): MetaTable {
  let columnDefinitions: ColumnDefinition[];
  let print: (obj: KubeObject) => PrintedRow;
  const printer = ROW_PRINTERS[`${resource.group}/${resource.resource}`];
  if (opts.customColumns !== undefined) {
    ({ columnDefinitions, print } = customResourceConvertor(opts.customColumns, opts.now));
  } else if (printer) {
    columnDefinitions = COLUMNS[resource.resource];
    print = (obj) => printer(obj, opts.now);
  } else {
    columnDefinitions = COLUMNS._default;
    print = (obj) => ({ cells: [obj.metadata.name, createdAt(obj.metadata.creationTimestamp)] });
  }
  const rows: TableRow[] = (resource.resource === 'flowschemas' ? byMatchingPrecedence(objs) : objs).map((obj) => {
    const printed = print(obj);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions;
    const object = rowObject(obj, opts.includeObject);
    if (object !== undefined) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: columnDefinitions.map((c) => ({ ...c })),
    rows,
  };
}

/** printFlowSchemaList sorts a list (FlowSchemaSequence): lowest matchingPrecedence first, then by name. */
function byMatchingPrecedence(objs: KubeObject[]): KubeObject[] {
  const precedence = (o: KubeObject) => Number((o.spec as { matchingPrecedence?: number } | undefined)?.matchingPrecedence ?? 0);
  return [...objs].sort((a, b) => precedence(a) - precedence(b) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** The default convertor prints the creation time itself, in UTC RFC 3339 (Go's zero time when absent). */
function createdAt(timestamp: unknown): string {
  const ms = parseTimestamp(timestamp);
  return ms === undefined ? '0001-01-01T00:00:00Z' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The JSON of stored objects' metadata, written once per stored object: a stored object is never changed (a write
 * stores a new one, with new metadata), so a Table of the same objects again costs no JSON.stringify of their
 * managedFields, most of a PartialObjectMetadata row.
 */
const metadataJson = new WeakMap<object, string>();

/** JSON.stringify(row) for a row of {@link tableFor}; a PartialObjectMetadata object's metadata comes from metadataJson. */
export function tableRowJson(row: unknown): string {
  const r = row as TableRow;
  const keys = Object.keys(r);
  const object = r.object as Record<string, unknown> | undefined;
  const withConditions = keys.length === 3 && keys[1] === 'conditions' && r.conditions !== undefined;
  const metadata = object?.metadata as Record<string, unknown> | undefined;
  if (
    !(keys.length === 2 || withConditions) ||
    keys[0] !== 'cells' ||
    keys[keys.length - 1] !== 'object' ||
    !Array.isArray(r.cells) ||
    !isPartialObjectMetadata(object) ||
    typeof metadata !== 'object' ||
    metadata === null ||
    'toJSON' in metadata
  ) {
    return JSON.stringify(row);
  }
  let json = metadataJson.get(metadata);
  if (json === undefined) {
    json = JSON.stringify(metadata);
    metadataJson.set(metadata, json);
  }
  const conditions = withConditions ? `,"conditions":${JSON.stringify(r.conditions)}` : '';
  return `{"cells":${JSON.stringify(r.cells)}${conditions},"object":{"kind":"PartialObjectMetadata","apiVersion":${JSON.stringify(object.apiVersion)},"metadata":${json}}}`;
}

/** A row object as rowObject makes it for includeObject=Metadata: kind, apiVersion (a string) and metadata, in that order. */
function isPartialObjectMetadata(o: Record<string, unknown> | undefined): o is Record<string, unknown> {
  if (typeof o !== 'object' || o === null || Array.isArray(o) || 'toJSON' in o) return false;
  const keys = Object.keys(o);
  return (
    keys.length === 3 &&
    keys[0] === 'kind' &&
    keys[1] === 'apiVersion' &&
    keys[2] === 'metadata' &&
    o.kind === 'PartialObjectMetadata' &&
    typeof o.apiVersion === 'string'
  );
}

function rowObject(obj: KubeObject, include: TableOptions['includeObject']): unknown {
  switch (include) {
    case 'None':
      return undefined;
    case 'Object':
      return obj;
    default:
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  }
}

/** apiextensions-apiserver tableconvertor: Name, then one column per additionalPrinterColumn (Age when none). */
function customResourceConvertor(columns: CustomColumn[], now: Date) {
  const effective: CustomColumn[] =
    columns.length > 0 ? columns : [{ name: 'Age', type: 'date', description: CREATION_TIMESTAMP_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' }];
  const columnDefinitions: ColumnDefinition[] = [
    nameCol(),
    ...effective.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
  const print = (obj: KubeObject): PrintedRow => {
    const cells: unknown[] = [obj.metadata.name];
    for (const column of effective) {
      let results: unknown[];
      try {
        results = evaluateJsonPath(column.jsonPath, obj);
      } catch {
        results = [];
      }
      cells.push(results.length === 0 ? null : customCell(column.type, results[0], now));
    }
    return { cells };
  };
  return { columnDefinitions, print };
}

/** cellForJSONValue, and jsonpath's text output for string columns. */
function customCell(type: string, value: unknown, now: Date): unknown {
  if (value === null || value === undefined) return type === 'string' ? 'null' : null;
  switch (type) {
    case 'string':
      return typeof value === 'object' ? JSON.stringify(sortKeys(value)) : goText(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      const ms = parseTimestamp(value);
      return ms === undefined ? '<invalid>' : humanDuration(now.getTime() - ms);
    }
    default:
      return null;
  }
}

/** fmt.Fprint of a decoded JSON scalar; non-integral floats follow Go's %v (strconv 'g', shortest: exponent form when it is < -4 or ≥ 6). */
function goText(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) {
    const exp = Math.floor(Math.log10(Math.abs(value)));
    if (exp < -4 || exp >= 6) return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
