// kubectl get --sort-by (kubectl/pkg/cmd/get/sorter.go): the first JSONPath match of each object is compared —
// numbers numerically, strings as Kubernetes quantities when both parse ("100Mi" < "1Gi") and otherwise byte by byte
// ("pod-10" < "pod-2": kubectl 1.32 sorts decoded JSON strings plainly); objects without the field count as smallest.
// Go's unstable sort.Sort is reproduced too, so ties and missing fields land where kubectl puts them.
import { usageError } from '../errors.js';
import { compareCodePoints, goTypeName } from './go-format.js';
import { goSort } from './go-sort.js';
import { JsonPathError, findResults, parseTemplateRaw, relaxedJsonPathExpression, resultKind, type JsonPathTemplate } from './jsonpath.js';
import type { MetaV1Table } from './table-printer.js';

/** Objects in kubectl's --sort-by order (a new array). */
export function sortObjects(objs: unknown[], sortBy: string): unknown[] {
  if (objs.length === 0) return [];
  let field: string;
  let template: JsonPathTemplate;
  try {
    field = relaxedJsonPathExpression(sortBy);
    template = parseTemplateRaw(field);
  } catch (err) {
    if (err instanceof JsonPathError) throw usageError(err.message, `in --sort-by=${sortBy}`);
    throw err;
  }
  const firsts = objs.map((o) => firstResult(template, o, sortBy));
  if (!firsts.some((f) => f.found)) throw usageError(`couldn't find any field with path ${JSON.stringify(field)} in the list of objects`);
  const items = [...objs];
  sortParallel(items, firsts, field, '*unstructured.Unstructured');
  return items;
}

/** Table rows in --sort-by order; kubectl asks for includeObject=Object so each row carries its full object. */
export function sortTableRows(table: MetaV1Table, sortBy: string): MetaV1Table {
  const rows = [...(table.rows ?? [])];
  if (rows.length <= 1) return { ...table, rows };
  let field: string;
  try {
    field = relaxedJsonPathExpression(sortBy);
  } catch {
    field = sortBy;
  }
  let template: JsonPathTemplate;
  try {
    template = parseTemplateRaw(field);
  } catch (err) {
    if (err instanceof JsonPathError) throw usageError(`sorting error: ${err.message}`);
    throw err;
  }
  const firsts = rows.map((r) => firstResult(template, r.object, sortBy));
  if (!firsts.some((f) => f.found)) throw usageError(`couldn't find any field with path ${JSON.stringify(field)} in the list of objects`);
  sortParallel(rows, firsts, field, '[][][]reflect.Value');
  return { ...table, rows };
}

interface First {
  found: boolean;
  value?: unknown;
}

function firstResult(t: JsonPathTemplate, obj: unknown, sortBy: string): First {
  let results: unknown[][];
  try {
    results = findResults(t, obj, true);
  } catch (err) {
    if (err instanceof JsonPathError) throw usageError(err.message, `in --sort-by=${sortBy}`);
    throw err;
  }
  if (results.length === 0 || results[0].length === 0) return { found: false };
  return { found: true, value: results[0][0] };
}

function sortParallel<T>(items: T[], firsts: First[], field: string, containerType: string): void {
  goSort({
    len: () => items.length,
    swap: (i, j) => {
      [items[i], items[j]] = [items[j], items[i]];
      [firsts[i], firsts[j]] = [firsts[j], firsts[i]];
    },
    less: (i, j) => {
      if (!firsts[i].found) return true;
      if (!firsts[j].found) return false;
      const result = isLess(firsts[i].value, firsts[j].value);
      if (typeof result === 'string') {
        const kind = resultKind(firsts[i].value).literal ? 'uint8' : 'interface';
        throw usageError(`Field ${field} in ${containerType} is an unsortable type: ${kind}, err: ${result}`);
      }
      return result;
    },
  });
}

/** sorter.go isLess for values held in interfaces; returns the error text when kubectl would fail. */
function isLess(iv: unknown, jv: unknown): boolean | string {
  const a = resultKind(iv);
  const b = resultKind(jv);
  if (a.literal) {
    // A string's byte (from .* on a string) is a plain uint8, not an interface.
    return b.literal ? (a.value as number) < (b.value as number) : 'unsortable type: uint8';
  }
  const x = a.value;
  const y = b.value;
  if (x === null && y === null) return false;
  if (x === null) return true;
  if (y === null) return false;
  const xt = goTypeName(x);
  switch (xt) {
    case 'int64':
    case 'float64':
      if (goTypeName(y) === xt) return (x as number) < (y as number);
      return 'unsortable interface: interface';
    case 'string': {
      // Both quantities: by value; otherwise plain string order.
      if (typeof y !== 'string') return 'unsortable interface: interface';
      const qx = parseQuantity(x as string);
      if (qx === undefined) return compareCodePoints(x as string, y) < 0;
      const qy = parseQuantity(y);
      if (qy === undefined) return compareCodePoints(x as string, y) < 0;
      return qx < qy;
    }
    default:
      return `unsortable type: ${xt}`;
  }
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * resource.ParseQuantity's value in nano-units (rounded up, as a Quantity is), or undefined when the text is not a
 * quantity. "0", "100m", "1.5Gi", "2e3", "-", "." and even "Mi" are quantities; "web-1" is not.
 */
export function parseQuantity(str: string): bigint | undefined {
  if (str.length === 0) return undefined;
  if (str === '0') return 0n;
  // parseQuantityString: [sign] digits [. digits] suffix
  let pos = 0;
  const end = str.length;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return 0n;
  const numStart = pos;
  while (pos < end && str[pos] >= '0' && str[pos] <= '9') pos++;
  let num = str.slice(numStart, pos) || '0';
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (pos < end && str[pos] >= '0' && str[pos] <= '9') pos++;
    denom = str.slice(denomStart, pos);
  }
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (pos < end) {
    if (str[pos] === '-' || str[pos] === '+') pos++;
    while (pos < end && str[pos] >= '0' && str[pos] <= '9') pos++;
    if (pos < end) return undefined;
  }
  const suffix = str.slice(suffixStart);

  let base: 2 | 10;
  let exponent: number;
  if (suffix in DECIMAL_SUFFIXES) [base, exponent] = [10, DECIMAL_SUFFIXES[suffix]];
  else if (suffix in BINARY_SUFFIXES) [base, exponent] = [2, BINARY_SUFFIXES[suffix]];
  else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    [base, exponent] = [10, Number(suffix.slice(1))];
  } else return undefined;

  // value = num.denom × base^exponent; in nano-units, rounded away from zero.
  num = num.replace(/^0+(?=\d)/, '');
  let mantissa = BigInt(num + denom);
  let numerator = mantissa * 1_000_000_000n;
  let denominator = 10n ** BigInt(denom.length);
  if (base === 10) {
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
  } else numerator *= 2n ** BigInt(exponent);
  let nanos = numerator / denominator;
  if (numerator % denominator !== 0n) nanos += 1n;
  mantissa = positive ? nanos : -nanos;
  return mantissa;
}
