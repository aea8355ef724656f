// kubectl's JSONPath (k8s.io/client-go/util/jsonpath as in kubectl 1.32), ported parser and evaluator:
// {.a.b}, [*], [n], [a:b:c], [a,b], ['key'], [?(@.x == "y")], ..name, {range}…{end}, "literals", text outside
// braces. Quirks kept on purpose: ['a.b'] splits on the dot (use a\.b), filters have no =~, results of one
// expression are joined by spaces, maps and lists print as compact JSON, null prints as "null".
import { usageError } from '../errors.js';
import { goJsonMarshal, goNumber, goSprint, goTypeName, goUnicodeVerb, goQuote, isGoInt, isPlainObject, compareCodePoints, sortedKeys } from './go-format.js';

interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

export type JsonPathNode =
  | ListNode
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'identifier'; name: string }
  | { type: 'array'; params: [Param, Param, Param] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] };

interface ListNode {
  type: 'list';
  nodes: JsonPathNode[];
}

/** A parsed template. */
export interface JsonPathTemplate {
  readonly source: string;
  readonly root: ListNode;
}

/** A parse or evaluation failure with client-go's own wording (kubectl adds its prefix). */
export class JsonPathError extends Error {}

const EOF = -1;

// ---------------------------------------------------------------- parser

class Parser {
  private pos = 0;
  private start = 0;
  private width = 0;
  readonly root: ListNode = { type: 'list', nodes: [] };

  constructor(private readonly input: string) {}

  parse(): ListNode {
    for (;;) {
      const action = this.parseText();
      if (!action) return this.root;
      this.parseInsideAction(action);
    }
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  /** Text up to the next '{' (appended as a text node); returns the new action's list, or undefined at the end. */
  private parseText(): ListNode | undefined {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consumeText() });
        this.pos += 1;
        this.consumeText();
        const action: ListNode = { type: 'list', nodes: [] };
        this.root.nodes.push(action);
        return action;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consumeText() });
    return undefined;
  }

  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith('}', this.pos)) {
        this.pos += 1;
        this.consumeText();
        return;
      }
      if (this.input.startsWith('[?(', this.pos)) {
        this.parseFilter(cur);
        continue;
      }
      if (this.input.startsWith('..', this.pos)) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JsonPathError('unclosed action');
      if (r === 0x20 || r === 0x40 /* @ */ || r === 0x24 /* $ */) this.consumeText();
      else if (r === 0x5b /* [ */) this.parseArray(cur);
      else if (r === 0x22 || r === 0x27) this.parseQuote(cur, r);
      else if (r === 0x2e /* . */) this.parseField(cur);
      else if (r === 0x2b || r === 0x2d || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else throw new JsonPathError(`unrecognized character in action: ${goUnicodeVerb(r)}`);
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.type === 'recursive') throw new JsonPathError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    let r = this.peek();
    if (r === 0x2b || r === 0x2d) this.next();
    for (;;) {
      r = this.next();
      if (r !== 0x2e && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const i = goAtoi(value);
    if (i !== undefined) {
      cur.nodes.push({ type: 'int', value: i });
      return;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
      cur.nodes.push({ type: 'float', value: Number(value) });
      return;
    }
    throw new JsonPathError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathError('unterminated array');
      if (r === 0x5d /* ] */) break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';

    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', nodes: parts.map((part) => parseAction(`[${trimSpaces(part)}]`)) });
      return;
    }

    const dictKey = /^'([^']*)'$/.exec(text);
    if (dictKey) {
      cur.nodes.push(...parseAction(`.${dictKey[1]}`).nodes);
      return;
    }

    const slice = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/.exec(text);
    if (!slice) throw new JsonPathError(`invalid array index ${text}`);
    const values = [slice[1] ?? '', slice[2] ?? '', slice[3] ?? ''];
    const params: [Param, Param, Param] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      if (values[i] !== '') {
        if (i > 0) values[i] = values[i].slice(1);
        if (i > 0 && values[i] === '') params[i].known = false;
        else {
          const n = goAtoi(values[i]);
          if (n === undefined) throw new JsonPathError(`array index ${values[i]} is not a number`);
          params[i].known = true;
          params[i].value = n;
        }
      } else if (i === 1) {
        params[i] = { known: true, value: params[0].value + 1, derived: true };
      } else {
        params[i] = { known: false, value: 0, derived: false };
      }
    }
    cur.nodes.push({ type: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathError('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === 0x29 /* ) */) {
        if (begin === end) break;
      }
    }
    if (this.next() !== 0x5d) throw new JsonPathError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: { type: 'list', nodes: [] }, operator: 'exists' });
    } else {
      cur.nodes.push({ type: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), operator: m[2] });
    }
  }

  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new JsonPathError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance()) {
      /* scan to the next unescaped terminator */
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', value: value.replace(/\\/g, '') });
  }

  private advance(): boolean {
    const r = this.next();
    if (r === 0x5c) this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

function parseAction(text: string): ListNode {
  return new Parser(`{${text}}`).parse().nodes[0] as ListNode;
}

const trimSpaces = (s: string) => s.replace(/^ +| +$/g, '');
const isEndOfLine = (r: number) => r === 0x0d || r === 0x0a;
const isDigit = (r: number) => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number) => r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));
function isTerminator(r: number): boolean {
  if (r === 0x20 || r === 0x09 || isEndOfLine(r) || r === EOF) return true;
  return '.,[]$@{}'.includes(String.fromCodePoint(r));
}

// strconv.Atoi: optional sign, ASCII digits, int64 range.
function goAtoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return undefined;
  return Number(n);
}

// UnquoteExtend: strconv.Unquote that also takes single-quoted strings.
function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0];
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  let body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  while (body.length > 0) {
    const c = body[0];
    if (c === quote) return undefined;
    if (c !== '\\') {
      const cp = body.codePointAt(0)!;
      const ch = String.fromCodePoint(cp);
      out += ch;
      body = body.slice(ch.length);
      continue;
    }
    if (body.length <= 1) return undefined;
    const e = body[1];
    body = body.slice(2);
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (e in simple) out += simple[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(0, n);
      if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const v = parseInt(hex, 16);
      if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) return undefined;
      out += e === 'x' ? String.fromCharCode(v) : String.fromCodePoint(v);
      body = body.slice(n);
    } else if (e >= '0' && e <= '7') {
      const oct = e + body.slice(0, 2);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = parseInt(oct, 8);
      if (v > 255) return undefined;
      out += String.fromCharCode(v);
      body = body.slice(2);
    } else if (e === "'" || e === '"') {
      if (e !== quote) return undefined;
      out += e;
    } else return undefined;
  }
  return out;
}

/** Parses a kubectl -o jsonpath template; bad syntax is a usage error worded as kubectl words it. */
export function parseJsonPathTemplate(t: string): JsonPathTemplate {
  try {
    return parseTemplateRaw(t);
  } catch (err) {
    if (err instanceof JsonPathError) throw usageError(`error parsing jsonpath ${t}, ${err.message}`);
    throw err;
  }
}

/** Parses a template; a syntax error is thrown as JsonPathError with client-go's bare message. */
export function parseTemplateRaw(t: string): JsonPathTemplate {
  return { source: t, root: new Parser(t).parse() };
}

/**
 * printers.RelaxedJSONPathExpression (custom-columns, --sort-by): ".a.b", "a.b", "{.a.b}" and "{a.b}" all mean "{.a.b}".
 */
export function relaxedJsonPathExpression(expression: string): string {
  if (expression.length === 0) return expression;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expression);
  if (!m) {
    throw new JsonPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  }
  return `{.${m[1] ?? m[2]}}`;
}

// ---------------------------------------------------------------- evaluation

/** Number literals and string bytes keep their Go kinds (int, float64, uint8) for comparisons. */
class Literal {
  constructor(
    readonly literal: 'int' | 'float' | 'uint8',
    readonly value: number,
  ) {}
}
/** reflect.ValueOf(nil): what a range body sees for a null element or for an empty range. */
const INVALID = Symbol('invalid reflect.Value');

type Value = unknown; // decoded JSON | Literal | typeof INVALID

const isLiteral = (v: Value): v is Literal => v instanceof Literal;
const isMap = (v: Value): v is Record<string, unknown> => isPlainObject(v) && !(v instanceof Literal);

interface EvalState {
  allowMissingKeys: boolean;
  beginRange: number;
  inRange: number;
  endRange: number;
  lastEndNode: number;
}

/** Evaluates a template: one result list per expression, as client-go's FindResults. */
export function findResults(t: JsonPathTemplate, data: unknown, allowMissingKeys = true): Value[][] {
  const state: EvalState = { allowMissingKeys, beginRange: 0, inRange: 0, endRange: 0, lastEndNode: -1 };
  return findFrom(t.root.nodes, 0, data, state);
}

function findFrom(nodes: JsonPathNode[], start: number, data: Value, s: EvalState): Value[][] {
  const cur = [data];
  const full: Value[][] = [];
  for (let i = start; i < nodes.length; i++) {
    const results = walk(cur, nodes[i], s);
    if (s.endRange > 0 && s.endRange <= s.inRange) {
      s.endRange--;
      s.lastEndNode = i;
      break;
    }
    if (s.beginRange > 0) {
      s.beginRange--;
      s.inRange++;
      if (results.length > 0) {
        for (const value of results) full.push(...findFrom(nodes, i + 1, value === null ? INVALID : value, s));
      } else {
        findFrom(nodes, i + 1, INVALID, s);
      }
      s.inRange--;
      for (let k = i + 1; k < nodes.length; k++) {
        if (k === s.lastEndNode) {
          i = k;
          break;
        }
      }
      continue;
    }
    full.push(results);
  }
  return full;
}

function walk(values: Value[], node: JsonPathNode, s: EvalState): Value[] {
  switch (node.type) {
    case 'list':
      return evalList(values, node, s);
    case 'text':
      return [node.text];
    case 'field':
      return evalField(values, node.value, s);
    case 'array':
      return evalArray(values, node.params);
    case 'filter':
      return evalFilter(values, node, s);
    case 'int':
      return values.map(() => new Literal('int', node.value));
    case 'float':
      return values.map(() => new Literal('float', node.value));
    case 'bool':
      return values.map(() => node.value);
    case 'wildcard':
      return evalWildcard(values);
    case 'recursive':
      return evalRecursive(values);
    case 'union':
      return node.nodes.flatMap((list) => evalList(values, list, s));
    case 'identifier':
      return evalIdentifier(values, node.name, s);
  }
}

function evalList(values: Value[], node: ListNode, s: EvalState): Value[] {
  let cur = values;
  for (const n of node.nodes) cur = walk(cur, n, s);
  return cur;
}

function evalIdentifier(input: Value[], name: string, s: EvalState): Value[] {
  if (name === 'range') {
    s.beginRange++;
    return input;
  }
  if (name === 'end') {
    if (s.inRange > 0) {
      s.endRange++;
      return [];
    }
    throw new JsonPathError('not in range, nothing to end');
  }
  throw new JsonPathError(`unrecognized identifier ${name}`);
}

// template.Indirect: a JSON null is a nil interface.
const isNil = (v: Value) => v === null || v === undefined;

function evalArray(input: Value[], nodeParams: [Param, Param, Param]): Value[] {
  const result: Value[] = [];
  for (const value of input) {
    if (isNil(value)) continue;
    if (!Array.isArray(value)) throw new JsonPathError(`${typeName(value)} is not array or slice`);
    const params = nodeParams.map((p) => ({ ...p }));
    const len = value.length;
    if (!params[0].known) params[0].value = 0;
    if (params[0].value < 0) params[0].value += len;
    if (!params[1].known) params[1].value = len;
    if (params[1].value < 0 || (params[1].value === 0 && params[1].derived)) params[1].value += len;
    if (params[1].value !== params[0].value) {
      if (params[0].value >= len || params[0].value < 0) throw new JsonPathError(`array index out of bounds: index ${params[0].value}, length ${len}`);
      if (params[1].value > len || params[1].value < 0) throw new JsonPathError(`array index out of bounds: index ${params[1].value - 1}, length ${len}`);
      if (params[0].value > params[1].value) throw new JsonPathError(`starting index ${params[0].value} is greater than ending index ${params[1].value}`);
    } else {
      return result;
    }
    const slice = value.slice(params[0].value, params[1].value);
    let step = 1;
    if (params[2].known) {
      if (params[2].value <= 0) throw new JsonPathError('step must be > 0');
      step = params[2].value;
    }
    for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
  }
  return result;
}

function evalField(input: Value[], key: string, s: EvalState): Value[] {
  const results: Value[] = [];
  if (input.length === 0) return results;
  for (const value of input) {
    if (isNil(value)) continue;
    if (isMap(value) && Object.hasOwn(value, key)) results.push(value[key]);
  }
  if (results.length === 0 && !s.allowMissingKeys) throw new JsonPathError(`${key} is not found`);
  return results;
}

// Children of a value for [*] / .* / ..: map values (in key order; Go's map order is random), list items,
// and a string's UTF-8 bytes.
function children(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(Buffer.from(value, 'utf8'), (b) => new Literal('uint8', b));
  if (isMap(value)) return sortedKeys(value).map((k) => value[k]);
  return [];
}

function evalWildcard(input: Value[]): Value[] {
  return input.filter((v) => !isNil(v)).flatMap(children);
}

function evalRecursive(input: Value[]): Value[] {
  const result: Value[] = [];
  for (const value of input) {
    if (isNil(value)) continue;
    const kids = children(value);
    if (kids.length !== 0) {
      result.push(value);
      result.push(...evalRecursive(kids));
    }
  }
  return result;
}

function evalFilter(input: Value[], node: { left: ListNode; right: ListNode; operator: string }, s: EvalState): Value[] {
  const results: Value[] = [];
  for (const value of input) {
    if (!Array.isArray(value))
      throw new JsonPathError(`${value === INVALID ? '<invalid reflect.Value>' : sprintResult(value)} is not array or slice and cannot be filtered`);
    for (const item of value) {
      let lefts: Value[] = [];
      let leftError: unknown;
      try {
        lefts = evalList([item], node.left, s);
      } catch (err) {
        leftError = err;
      }
      if (node.operator === 'exists') {
        if (lefts.length > 0) results.push(item);
        continue;
      }
      if (leftError) throw leftError;
      if (lefts.length === 0) continue;
      if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
      const rights = evalList([item], node.right, s);
      if (rights.length === 0) continue;
      if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
      if (compare(node.operator, lefts[0], rights[0])) results.push(item);
    }
  }
  return results;
}

// ---- text/template's comparison functions (eq, ne, lt, le, gt, ge) ----

type Kind = 'bool' | 'int' | 'uint' | 'float' | 'string';

function basicKind(v: Value): { kind: Kind; value: number | string | boolean } {
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'number') return { kind: isGoInt(v) ? 'int' : 'float', value: v };
  if (isLiteral(v)) return { kind: v.literal === 'uint8' ? 'uint' : v.literal === 'int' ? 'int' : 'float', value: v.value };
  throw new JsonPathError('invalid type for comparison');
}

function eq(a: Value, b: Value): boolean {
  const x = basicKind(a);
  const y = basicKind(b);
  if (x.kind !== y.kind) {
    if ((x.kind === 'int' && y.kind === 'uint') || (x.kind === 'uint' && y.kind === 'int')) return x.value === y.value;
    throw new JsonPathError('incompatible types for comparison');
  }
  return x.value === y.value;
}

function lt(a: Value, b: Value): boolean {
  const x = basicKind(a);
  const y = basicKind(b);
  if (x.kind !== y.kind) {
    if ((x.kind === 'int' && y.kind === 'uint') || (x.kind === 'uint' && y.kind === 'int')) return (x.value as number) < (y.value as number);
    throw new JsonPathError('incompatible types for comparison');
  }
  if (x.kind === 'bool') throw new JsonPathError('invalid type for comparison');
  if (x.kind === 'string') return compareCodePoints(x.value as string, y.value as string) < 0;
  return (x.value as number) < (y.value as number);
}

function compare(operator: string, left: Value, right: Value): boolean {
  switch (operator) {
    case '<':
      return lt(left, right);
    case '>':
      return !(lt(left, right) || eq(left, right));
    case '==':
      return eq(left, right);
    case '!=':
      return !eq(left, right);
    case '<=':
      return lt(left, right) || eq(left, right);
    case '>=':
      return !lt(left, right);
    default:
      throw new JsonPathError(`unrecognized filter operator ${operator}`);
  }
}

function typeName(v: Value): string {
  if (v === INVALID) return '<invalid reflect.Value>';
  if (isLiteral(v)) return v.literal === 'int' ? 'int' : v.literal === 'uint8' ? 'uint8' : 'float64';
  return goTypeName(v);
}

// ---------------------------------------------------------------- printing

/** One value as PrintResults writes it: maps and lists as compact JSON, scalars as fmt.Fprint does. */
export function formatResult(v: Value): string {
  if (Array.isArray(v) || isMap(v)) return goJsonMarshal(v);
  return valueText(v);
}

/** fmt.Sprint of a result as custom-columns and sorting see it (maps as map[...]). */
export function sprintResult(v: Value): string {
  if (v === INVALID) return '<nil>';
  if (isLiteral(v)) return goNumber(v.value);
  return goSprint(v);
}

function valueText(v: Value): string {
  if (v === INVALID) return '<no value>';
  if (v === null || v === undefined) return 'null';
  if (isLiteral(v)) return goNumber(v.value);
  return goSprint(v);
}

/** Lets sorting tell a JSON value from the Go-kinded values the evaluator makes (string bytes, literals). */
export function resultKind(v: Value): { literal?: 'int' | 'float' | 'uint8'; value: unknown } {
  if (v === INVALID) return { value: null };
  if (isLiteral(v)) return { literal: v.literal, value: v.value };
  return { value: v };
}

/** Runs a template the way kubectl -o jsonpath prints it. allowMissingKeys defaults to true, as in kubectl. */
export function executeJsonPath(t: JsonPathTemplate, data: unknown, opts: { allowMissingKeys: boolean } = { allowMissingKeys: true }): string {
  let results: Value[][];
  try {
    results = findResults(t, data, opts.allowMissingKeys);
  } catch (err) {
    if (err instanceof JsonPathError) {
      // kubectl goes on with "Printing more information for debugging the template:" and a dump of the object.
      throw usageError(`error executing jsonpath ${goQuote(t.source)}: Error executing template: ${err.message}`);
    }
    throw err;
  }
  return results.map((list) => list.map(formatResult).join(' ')).join('');
}
