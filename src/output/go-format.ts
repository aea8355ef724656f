// How Go (and so kubectl) turns decoded JSON values into text: fmt's %v, encoding/json's Marshal (sorted keys,
// HTML-safe escapes), strconv's shortest 'g' floats, Go type names for error messages, and %q quoting.
// Values are what JSON.parse returns; kubectl decodes the same JSON into int64 / float64 / string / bool / nil / maps / slices.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const TWO_POW_63 = 2 ** 63;

/** True when kubectl's decoder would hold this number as an int64 (integral and in range); else it is a float64. */
export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && n >= -TWO_POW_63 && n < TWO_POW_63;
}

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form when exp < -4 || exp >= 6 (fmt %v, go-yaml). */
export function goFormatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const exp = f.toExponential(); // shortest round-trip digits, e.g. "1.0000005e+6"
  const [mantissa, e] = exp.split('e');
  const exponent = Number(e);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(f); // positional, shortest digits (JS and Go agree in this range)
}

/** A number as fmt %v prints what kubectl decoded: int64 as digits, float64 as shortest 'g'. */
export function goNumber(n: number): string {
  return isGoInt(n) ? String(n) : goFormatFloatG(n);
}

/** Compares strings by Unicode code point (= UTF-8 byte order), as Go's string < does. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1; // a surrogate half starts a code point above every BMP one
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function sortedKeys(obj: Record<string, unknown>): string[] {
  return Object.keys(obj).sort(compareCodePoints);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** fmt.Sprint / %v of a decoded JSON value: maps as map[k:v ...] (sorted keys), slices as [a b], nil as <nil>. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isPlainObject(v))
    return `map[${sortedKeys(v)
      .map((k) => `${k}:${goSprint(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

/** The Go type kubectl's decoder gives a JSON value, as error messages print it (%T / reflect.Type). */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

const HEX = '0123456789abcdef';
const NEEDS_JSON_ESCAPE = /["\\\x00-\x1f<>&\u2028\u2029\ud800-\udfff]/;

/** A JSON string literal as Go's encoding/json writes it (HTML-safe: <, >, & escaped; U+2028/2029 escaped). */
export function goJsonString(s: string): string {
  // Most strings need no escape at all: one test instead of a walk character by character.
  if (!NEEDS_JSON_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
    }
    if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) {
      out += `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
    } else if (c === 0x2028 || c === 0x2029) {
      out += `\\u202${HEX[c & 0xf]}`;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s[i] + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '\\ufffd'; // a lone surrogate is invalid UTF-8; Go writes the replacement character
    } else {
      out += s[i];
    }
  }
  return out + '"';
}

/**
 * json.Marshal (indent === undefined) or json.MarshalIndent(v, "", indent) of a decoded value:
 * map keys sorted byte-wise, Go's string escapes, numbers as Go prints int64/float64.
 */
export function goJsonMarshal(v: unknown, indent?: string, options: GoJsonOptions = {}): string {
  const parts: string[] = [];
  writeGoJson(v, indent, (chunk) => parts.push(chunk), options);
  return parts.join('');
}

export interface GoJsonOptions {
  /** The value is a typed object (kubectl's generators): keys in the order given, as Go writes struct fields. */
  keepOrder?: boolean;
}

/** Output is handed to write in pieces of about this many characters. */
export const OUTPUT_CHUNK = 1 << 16;

/**
 * goJsonMarshal written out in pieces of about 64 kB as it goes (between array elements), so a large list is never
 * held as one string.
 */
export function writeGoJson(v: unknown, indent: string | undefined, write: (chunk: string) => void, options: GoJsonOptions = {}): void {
  const nl = indent === undefined ? '' : '\n';
  const sep = indent === undefined ? ':' : ': ';
  let out = '';
  const walk = (value: unknown, depth: string): void => {
    if (value === null || value === undefined) out += 'null';
    else if (typeof value === 'string') out += goJsonString(value);
    else if (typeof value === 'number') out += Number.isFinite(value) ? JSON.stringify(value) : 'null';
    else if (typeof value === 'boolean') out += value ? 'true' : 'false';
    else if (Array.isArray(value)) {
      if (value.length === 0) {
        out += '[]';
        return;
      }
      const inner = indent === undefined ? '' : depth + indent;
      out += '[';
      for (let i = 0; i < value.length; i++) {
        if (out.length >= OUTPUT_CHUNK) {
          write(out);
          out = '';
        }
        out += `${i ? ',' : ''}${nl}${inner}`;
        walk(value[i], inner);
      }
      out += `${nl}${depth}]`;
    } else if (isPlainObject(value)) {
      // Go sorts a map's keys; a typed object (keepOrder) is written in its struct's field order.
      const keys = options.keepOrder ? Object.keys(value) : sortedKeys(value);
      if (keys.length === 0) {
        out += '{}';
        return;
      }
      const inner = indent === undefined ? '' : depth + indent;
      out += '{';
      for (let i = 0; i < keys.length; i++) {
        out += `${i ? ',' : ''}${nl}${inner}${goJsonString(keys[i])}${sep}`;
        walk(value[keys[i]], inner);
      }
      out += `${nl}${depth}}`;
    } else out += 'null';
  };
  walk(v, '');
  write(out);
}

/** Go's strconv.Quote / fmt %q, close enough for error messages: printable characters kept, others escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${HEX[c >> 4]}${HEX[c & 0xf]}`;
    else if (c > 0x7e && !/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch))
      out += c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** fmt's %#U: U+003D '=' (the character is shown only when printable). */
export function goUnicodeVerb(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const ch = String.fromCodePoint(cp);
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch) ? `${hex} '${ch}'` : hex;
}
