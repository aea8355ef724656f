// kubectl -o custom-columns=HEADER:.path,... (cli-runtime CustomColumnsPrinter): headers as given, one row per
// object, every match of a column's JSONPath printed with fmt's %v and joined by commas, <none> when nothing matches.
import { usageError } from '../errors.js';
import { JsonPathError, findResults, parseTemplateRaw, relaxedJsonPathExpression, sprintResult, type JsonPathTemplate } from './jsonpath.js';
import { escapeTerminal } from './table-printer.js';
import { tabulate } from './tabwriter.js';

export interface CustomColumn {
  header: string;
  /** The relaxed expression, e.g. "{.metadata.name}". */
  fieldSpec: string;
}

/** NewCustomColumnsPrinterFromSpec: "NAME:.metadata.name,IMAGE:.spec.containers[*].image". */
export function parseCustomColumnsSpec(spec: string): CustomColumn[] {
  if (spec.length === 0) throw usageError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw usageError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    try {
      return { header: part.slice(0, colon), fieldSpec: relaxedJsonPathExpression(part.slice(colon + 1)) };
    } catch (err) {
      if (err instanceof JsonPathError) throw usageError(err.message, `in custom-columns spec ${JSON.stringify(part)}`);
      throw err;
    }
  });
}

/** The table kubectl prints for -o custom-columns; objs are the items (a list's items, or the one object). */
export function printCustomColumns(spec: string, objs: unknown[], opts: { noHeaders: boolean }): string {
  const columns = parseCustomColumnsSpec(spec);
  const templates: JsonPathTemplate[] = columns.map((c) => {
    try {
      return parseTemplateRaw(c.fieldSpec);
    } catch (err) {
      // kubectl reports the parser's bare message ("unterminated array").
      if (err instanceof JsonPathError) throw usageError(err.message, `in custom-columns column ${JSON.stringify(`${c.header}:${c.fieldSpec}`)}`);
      throw err;
    }
  });
  let text = opts.noHeaders ? '' : `${columns.map((c) => c.header).join('\t')}\n`;
  for (const obj of objs) {
    const cells = templates.map((t) => {
      let values: unknown[][];
      try {
        values = findResults(t, obj, true);
      } catch (err) {
        if (err instanceof JsonPathError) throw usageError(err.message, `in custom-columns expression ${t.source}`);
        throw err;
      }
      const strings: string[] = [];
      if (values.length === 0 || values[0].length === 0) strings.push('<none>');
      for (const list of values) for (const v of list) strings.push(escapeTerminal(sprintResult(v)));
      return strings.join(',');
    });
    text += `${cells.join('\t')}\n`;
  }
  return tabulate(text);
}
