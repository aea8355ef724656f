// Reading a server-side Table answer (a page of `kubectl get`) without building every row's object. A row's
// `object` (PartialObjectMetadata with its managedFields, or the whole object with includeObject=Object) is most of
// a page's bytes, and the table printer reads it only for -A, -L, --show-labels and --sort-by: each row's object is
// parsed from the page's text when it is first read. 20,000 pods in pages of 500: 25 MB of JSON, of which about
// 2 MB (the cells and the page's own fields) is parsed up front.

/** The answer's structure is not what this reader walks: the whole text goes to JSON.parse instead. */
class Unscanned extends Error {}

/**
 * JSON.parse(text), except that the `object` of each element of a top-level `rows` array is parsed when first read
 * (it is an own, enumerable property either way; assigning to it replaces it). Everything else is parsed with
 * JSON.parse, and the text between is checked as JSON. A row object that turns out not to be JSON throws
 * `invalid()` when it is read.
 */
export function parseTableJson(text: string, invalid: () => Error): unknown {
  try {
    const parsed = scanTop(text, invalid);
    if (parsed !== undefined) return parsed;
  } catch (err) {
    if (!(err instanceof Unscanned || err instanceof SyntaxError)) throw err;
  }
  return JSON.parse(text);
}

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const BACKSLASH = 92;

function ws(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** The index after the string starting at i (a quote). */
function stringEnd(s: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = s.indexOf('"', from);
    if (q < 0) throw new Unscanned();
    let backslashes = 0;
    for (let p = q - 1; s.charCodeAt(p) === BACKSLASH; p--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** The index after the value starting at i; its inside is left to JSON.parse. */
function valueEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) return stringEnd(s, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === QUOTE) j = stringEnd(s, j) - 1;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return j + 1;
    }
    throw new Unscanned();
  }
  // A number or a literal: up to the next delimiter.
  let j = i;
  for (; j < s.length; j++) {
    const d = s.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 32 || d === 10 || d === 13 || d === 9) break;
  }
  if (j === i) throw new Unscanned();
  return j;
}

function keyAt(s: string, i: number, end: number): string {
  const raw = s.slice(i + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(s.slice(i, end)) as string) : raw;
}

/** As JSON.parse defines a member: an own data property, `__proto__` included. */
function define(obj: Record<string | symbol, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Walks an object's members from i (its `{`): `member(key, valueStart)` reads the value and returns the index
 * after it. Returns the index after the closing `}`.
 */
function members(s: string, i: number, member: (key: string, at: number) => number): number {
  i = ws(s, i + 1);
  if (s.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (s.charCodeAt(i) !== QUOTE) throw new Unscanned();
    const keyEnd = stringEnd(s, i);
    const key = keyAt(s, i, keyEnd);
    i = ws(s, keyEnd);
    if (s.charCodeAt(i) !== COLON) throw new Unscanned();
    i = ws(s, member(key, ws(s, i + 1)));
    const c = s.charCodeAt(i);
    if (c === CLOSE_BRACE) return i + 1;
    if (c !== COMMA) throw new Unscanned();
    i = ws(s, i + 1);
  }
}

function scanTop(s: string, invalid: () => Error): Record<string, unknown> | undefined {
  const start = ws(s, 0);
  if (s.charCodeAt(start) !== OPEN_BRACE) return undefined;
  const out: Record<string, unknown> = {};
  const end = members(s, start, (key, at) => {
    if (key === 'rows' && s.charCodeAt(at) === OPEN_BRACKET) {
      const [rows, after] = scanRows(s, at, invalid);
      define(out, key, rows);
      return after;
    }
    const e = valueEnd(s, at);
    define(out, key, JSON.parse(s.slice(at, e)));
    return e;
  });
  if (ws(s, end) !== s.length) throw new Unscanned();
  return out;
}

function scanRows(s: string, i: number, invalid: () => Error): [unknown[], number] {
  const rows: unknown[] = [];
  i = ws(s, i + 1);
  if (s.charCodeAt(i) === CLOSE_BRACKET) return [rows, i + 1];
  for (;;) {
    if (s.charCodeAt(i) === OPEN_BRACE) {
      const row: Record<string, unknown> = {};
      i = members(s, i, (key, at) => {
        const e = valueEnd(s, at);
        if (key === 'object' && s.charCodeAt(at) === OPEN_BRACE) {
          Object.defineProperty(row, LAZY, { value: { s, start: at, end: e, invalid }, configurable: true, writable: true });
          Object.defineProperty(row, key, LAZY_OBJECT);
        } else define(row, key, JSON.parse(s.slice(at, e)));
        return e;
      });
      rows.push(row);
    } else {
      const e = valueEnd(s, i);
      rows.push(JSON.parse(s.slice(i, e)));
      i = e;
    }
    i = ws(s, i);
    const c = s.charCodeAt(i);
    if (c === CLOSE_BRACKET) return [rows, i + 1];
    if (c !== COMMA) throw new Unscanned();
    i = ws(s, i + 1);
  }
}

/** Where a row's unparsed object is: s.slice(start, end). */
interface LazySpan {
  s: string;
  start: number;
  end: number;
  invalid: () => Error;
}

const LAZY = Symbol('unparsed row object');

/** One accessor shared by every row: parses the row's object on first read and puts the value in its place. */
const LAZY_OBJECT: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: Record<string | symbol, unknown>) {
    const span = this[LAZY] as LazySpan;
    let value: unknown;
    try {
      value = JSON.parse(span.s.slice(span.start, span.end));
    } catch {
      throw span.invalid();
    }
    define(this, 'object', value);
    delete this[LAZY];
    return value;
  },
  set(this: Record<string | symbol, unknown>, value: unknown) {
    define(this, 'object', value);
    delete this[LAZY];
  },
};
