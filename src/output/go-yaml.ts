// YAML exactly as kubectl -o yaml writes it: sigs.k8s.io/yaml (JSON → go-yaml v2 → YAML) with go-yaml v2's emitter,
// ported from its libyaml-derived emitterc.go: keys in go-yaml's "natural" order, sequences not indented under their
// key, strings quoted only when they would read back as something else, long scalars folded at column 80, literal
// blocks for multi-line strings, \e / \x / \u escapes in double quotes.
import { KcurlError } from '../errors.js';
import { OUTPUT_CHUNK, isGoInt, goFormatFloatG, isPlainObject } from './go-format.js';
import { goSortInPlace } from './go-sort.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

interface Context {
  root: boolean;
  sequence: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

const SPACE = 0x20;
const isSpace = (c: number | undefined) => c === SPACE;
const isBlank = (c: number | undefined) => c === SPACE || c === 0x09;
const isBreak = (c: number | undefined) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankz = (c: number | undefined) => isBlank(c) || isBreak(c) || c === 0 || c === undefined;
// go-yaml's is_printable, decoded from its UTF-8 byte tests (tab, CR, NEL and 4-byte characters are not printable).
const isPrintable = (c: number) => c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

function toCodePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/** sigs.k8s.io/yaml.Marshal of a decoded JSON value. */
export function marshalYaml(value: unknown): string {
  const parts: string[] = [];
  writeYaml(value, (chunk) => parts.push(chunk));
  return parts.join('');
}

/**
 * marshalYaml written out in pieces of about 64 kB as it goes (at line starts), so a large list is never held as one
 * string. A string go-yaml would refuse stops the output where it is found.
 */
export function writeYaml(value: unknown, write: (chunk: string) => void): void {
  const e = new Emitter(write);
  e.emitNode(value, { root: true, sequence: false, mapping: false, simpleKey: false });
  // Document end: a final line break.
  e.writeIndent();
  e.flush();
}

// sigs.k8s.io/yaml marshals to JSON and has go-yaml parse it back, so every string first travels through Go's JSON
// encoding and go-yaml's reader: raw control characters are refused, a raw NEL folds like a line break. Applied to
// each string and key as it is written, not to a copy of the document.
function readBackKeys(map: Record<string, unknown>): Record<string, unknown> {
  let changed = false;
  for (const k in map) if (readBack(k) !== k) changed = true;
  if (!changed) return map;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) out[readBack(k)] = v;
  return out;
}

function readBack(s: string): string {
  // Characters Go's JSON encoder leaves raw but go-yaml's reader rejects.
  if (/[\x7f-\x84\x86-\x9f\ufffe\uffff]/.test(s)) throw new KcurlError('KCURL_INPUT', 'yaml: control characters are not allowed');
  if (!s.includes('\u0085')) return s;
  // Inside a double-quoted scalar a line break (NEL is one in YAML 1.1) with the blanks around it folds to a space;
  // n breaks in a row become n-1 newlines.
  return s.replace(/[ \t]*(?:\u0085[ \t]*)+/g, (m) => {
    const breaks = (m.match(/\u0085/g) ?? []).length;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

/** Keys remembered as written text (a list repeats the same few hundred keys thousands of times). */
const KEY_CACHE_LIMIT = 4096;

class Emitter {
  out = '';
  private readonly keys = new Map<string, { text: string; columns: number }>();

  constructor(private readonly sink: (chunk: string) => void) {}

  flush(): void {
    if (this.out) this.sink(this.out);
    this.out = '';
  }

  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  // go-yaml's flow level: kcurl writes only empty flow collections ([] and {}), so it is always 0 for scalars.
  private readonly flowLevel: number = 0;

  emitNode(value: unknown, ctx: Context): void {
    if (Array.isArray(value)) {
      if (value.length === 0) return this.emitFlowEmpty('[', ']');
      return this.emitBlockSequence(value, ctx);
    }
    if (isPlainObject(value)) {
      const map = readBackKeys(value);
      const keys = Object.keys(map);
      if (keys.length === 0) return this.emitFlowEmpty('{', '}');
      return this.emitBlockMapping(map, keys);
    }
    if (typeof value === 'string') {
      const s = readBack(value);
      return this.emitScalar(s, requestedStringStyle(s), ctx);
    }
    if (typeof value === 'number') return this.emitScalar(formatNumber(value), 'plain', ctx);
    if (typeof value === 'boolean') return this.emitScalar(value ? 'true' : 'false', 'plain', ctx);
    return this.emitScalar('null', 'plain', ctx);
  }

  private emitFlowEmpty(open: string, close: string): void {
    // A flow collection with no items: "[" then "]" (the flow level and indent it opens change nothing here).
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private emitBlockSequence(items: unknown[], ctx: Context): void {
    const saved = this.indent;
    // In a mapping value right after "key:", a sequence is not indented ("items:\n- a").
    const indentless = ctx.mapping && !this.indention;
    if (this.indent < 0) this.indent = 0;
    else if (!indentless) this.indent += BEST_INDENT;
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, { root: false, sequence: true, mapping: false, simpleKey: false });
    }
    this.indent = saved;
  }

  private emitBlockMapping(map: Record<string, unknown>, keys: string[]): void {
    const saved = this.indent;
    this.indent = this.indent < 0 ? 0 : this.indent + BEST_INDENT;
    goSortInPlace(keys, yamlKeyLess);
    for (const key of keys) {
      this.writeIndent();
      const cached = this.keys.get(key);
      if (cached) {
        // What the branch below writes for a simple key after writeIndent, and the state it leaves.
        this.out += cached.text;
        this.column += cached.columns;
        this.whitespace = false;
        this.indention = false;
      } else if (checkSimpleKey(key)) {
        const start = this.out.length;
        const column = this.column;
        this.emitScalar(key, requestedStringStyle(key), { root: false, sequence: false, mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
        if (this.keys.size < KEY_CACHE_LIMIT) this.keys.set(key, { text: this.out.slice(start), columns: this.column - column });
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitNode(key, { root: false, sequence: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(map[key], { root: false, sequence: false, mapping: true, simpleKey: false });
    }
    this.indent = saved;
  }

  private emitScalar(value: string, requested: Style, ctx: Context): void {
    const chars = toCodePoints(value);
    const a = analyzeScalar(chars);
    let style = requested;
    if (ctx.simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
      if (chars.length === 0 && (this.flowLevel > 0 || ctx.simpleKey)) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || ctx.simpleKey)) style = 'double';

    const saved = this.indent;
    this.indent = this.indent < 0 ? BEST_INDENT : this.indent + BEST_INDENT;
    const allowBreaks = !ctx.simpleKey;
    if (style === 'plain') this.writePlain(chars, allowBreaks, value, a.multiline);
    else if (style === 'single') this.writeSingleQuoted(chars, allowBreaks);
    else if (style === 'double') this.writeDoubleQuoted(chars, allowBreaks);
    else this.writeLiteral(chars);
    this.indent = saved;
  }

  // ---- low-level writers (emitterc.go) ----

  private put(ch: string): void {
    this.out += ch;
    this.column++;
  }

  private write(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.write(c);
      this.column = 0;
    }
  }

  writeIndent(): void {
    if (this.out.length >= OUTPUT_CHUNK) this.flush();
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(v: number[], allowBreaks: boolean, text: string, multiline: boolean): void {
    if (!this.whitespace) this.put(' ');
    // One line that cannot fold (no space, or too short to reach the width): the loop below would copy it as is.
    if (!multiline && (this.column + v.length <= BEST_WIDTH || !text.includes(' '))) {
      this.out += text;
      this.column += v.length;
      this.whitespace = false;
      this.indention = false;
      return;
    }
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(v[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1 && !isSpace(v[i + 1])) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    // go-yaml's is_bom looks at the start of the value whatever the index, so after a leading BOM every
    // character is escaped.
    const bom = v[0] === 0xfeff;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const simple = DOUBLE_QUOTE_ESCAPES[c];
        if (simple !== undefined) this.put(simple);
        else {
          const [letter, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter);
          for (const d of c.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (isSpace(v[i + 1])) this.put('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator('|', true, false, false);
    // Block scalar hints: an indentation digit when the text starts with a space or break, then chomping.
    if (isSpace(v[0]) || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    if (v.length === 0 || !isBreak(v[v.length - 1])) chomp = '-';
    else if (v.length === 1 || isBreak(v[v.length - 2])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of v) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const DOUBLE_QUOTE_ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

// yaml_emitter_check_simple_key for a scalar key: single line and at most 128 bytes.
function checkSimpleKey(key: string): boolean {
  if (/[\r\n\u0085\u2028\u2029]/.test(key)) return false;
  return Buffer.byteLength(key, 'utf8') <= 128;
}

function analyzeScalar(v: number[]): Analysis {
  if (v.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  const start = String.fromCodePoint(...v.slice(0, 3));
  if (start === '---' || start === '...') {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    const followedByWhitespace = i + 1 >= v.length || isBlank(v[i + 1]);
    if (c < 0x80) {
      const ch = String.fromCharCode(c);
      if (i === 0) {
        if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
          flowIndicators = true;
          blockIndicators = true;
        } else if (ch === '?' || ch === ':') {
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
        } else if (ch === '-' && followedByWhitespace) {
          flowIndicators = true;
          blockIndicators = true;
        }
      } else if (',?[]{}'.includes(ch)) {
        flowIndicators = true;
      } else if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }

    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === v.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === v.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }

  const a: Analysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

function formatNumber(n: number): string {
  return isGoInt(n) ? String(n) : goFormatFloatG(n);
}

// encoder.stringv: literal for multi-line text, plain when the text would read back as a string, else double quotes.
function requestedStringStyle(s: string): Style {
  if (s.includes('\n')) return 'literal';
  return resolvesToString(s) && !isBase60Float(s) ? 'plain' : 'double';
}

// ---- go-yaml v2 resolve.go: what an unquoted scalar would be read back as ----

const RESOLVE_MAP = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);

function resolveHint(s: string): string {
  if (s === '') return 'N';
  const c = s[0];
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** True when go-yaml would read the unquoted text back as a string (resolve returns !!str). */
export function resolvesToString(s: string): boolean {
  const hint = resolveHint(s);
  if (hint === '') return true;
  if (RESOLVE_MAP.has(s)) return false;
  if (hint === '.') return !/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (hint === 'D' || hint === 'S') {
    if (isYamlTimestamp(s)) return false;
    const plain = s.replace(/_/g, '');
    if (parseGoInt(plain, 64, true) !== undefined) return false;
    if (parseGoInt(plain, 64, false) !== undefined) return false;
    if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return false;
    if (plain.startsWith('0b')) {
      if (parseBinary(plain.slice(2), true) !== undefined || parseBinary(plain.slice(2), false) !== undefined) return false;
    } else if (plain.startsWith('-0b')) {
      if (parseBinary('-' + plain.slice(3), true) !== undefined) return false;
    }
  }
  return true;
}

function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0];
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

// strconv.ParseInt(s, 0, 64) (signed) / ParseUint(s, 0, 64): base prefixes 0x 0o 0b and a bare leading 0 for octal.
function parseGoInt(s: string, bits: number, signed: boolean): bigint | undefined {
  let body = s;
  let negative = false;
  if (signed && (body[0] === '+' || body[0] === '-')) {
    negative = body[0] === '-';
    body = body.slice(1);
  }
  let base = 10;
  let digits = body;
  if (/^0[xX]/.test(body)) [base, digits] = [16, body.slice(2)];
  else if (/^0[oO]/.test(body)) [base, digits] = [8, body.slice(2)];
  else if (/^0[bB]/.test(body)) [base, digits] = [2, body.slice(2)];
  else if (body.length > 1 && body[0] === '0') [base, digits] = [8, body.slice(1)];
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base as 2 | 8 | 10 | 16];
  if (!valid.test(digits)) return undefined;
  let value = 0n;
  for (const d of digits) value = value * BigInt(base) + BigInt(parseInt(d, 16));
  if (negative) value = -value;
  const limit = 1n << BigInt(signed ? bits - 1 : bits);
  if (signed ? value < -limit || value >= limit : value >= limit) return undefined;
  return value;
}

function parseBinary(s: string, signed: boolean): bigint | undefined {
  let body = s;
  let negative = false;
  if (signed && (body[0] === '+' || body[0] === '-')) {
    negative = body[0] === '-';
    body = body.slice(1);
  }
  if (!/^[01]+$/.test(body)) return undefined;
  let value = BigInt('0b' + body);
  if (negative) value = -value;
  const limit = 1n << (signed ? 63n : 64n);
  if (signed ? value < -limit || value >= limit : value >= limit) return undefined;
  return value;
}

const TIMESTAMP = /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(?:Z|[+-](\d\d):(\d\d)))|(?: (\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?))?$/;

// go-yaml's parseTimestamp: the formats it tries with time.Parse, including time.Parse's range checks.
function isYamlTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return false;
  const daysIn = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysIn) return false;
  const hour = m[4] ?? m[9];
  const minute = m[5] ?? m[10];
  const second = m[6] ?? m[11];
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59)) return false;
  if (m[7] !== undefined && (Number(m[7]) > 24 || Number(m[8]) > 60)) return false;
  return true;
}

// ---- go-yaml v2 sorter.go: the order of mapping keys ----

// unicode.IsLetter / unicode.IsDigit, with an ASCII fast path.
const isLetter = (c: number) => (c < 0x80 ? (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) : /\p{L}/u.test(String.fromCodePoint(c)));
const isDigit = (c: number) => (c < 0x80 ? c >= 0x30 && c <= 0x39 : /\p{Nd}/u.test(String.fromCodePoint(c)));

/** go-yaml v2 keyList.Less for string keys: letters after non-letters, runs of digits compared as numbers. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = toCodePoints(a);
  const br = toCodePoints(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai] - 0x30);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi] - 0x30);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}
