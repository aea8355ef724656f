// Manifest documents decoded the way kubectl decodes them: sigs.k8s.io/yaml over go-yaml v2, which reads
// YAML 1.1 (`y`, `yes`, `on`, `off` are booleans, `0777` is octal, timestamps stay strings) and turns every
// map key into a string (`y:` becomes "true"); then JSON. The `yaml` package only parses (failsafe schema,
// every scalar a string); the scalar resolution below is go-yaml v2's `resolve()`.
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, parseDocument, Scalar } from 'yaml';
import { inputError } from '../errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const YAML_NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const YAML_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const YAML_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const YAML_FLOAT_STYLE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// go-yaml v2 parseTimestamp's layouts: such values are kept as strings when decoded into interface{}.
const TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/;

/** Go's strconv.ParseInt(s, 0, 64) (base prefixes 0x, 0o, 0b, and a leading 0 for octal); undefined when invalid. */
function parseGoInt(s: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const body = m[2];
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (/^0[oO]/.test(body)) v = BigInt('0o' + body.slice(2));
  else if (/^0[bB]/.test(body)) v = BigInt('0b' + body.slice(2));
  else if (body.length > 1 && body.startsWith('0')) v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  v *= sign;
  // int64 first, then uint64 (positive only), as go-yaml tries them.
  if (v < -(2n ** 63n) || v >= 2n ** 64n) return undefined;
  return Number(v);
}

/** go-yaml v2 `resolve("", in)` for a plain (unquoted) scalar. */
export function resolvePlainScalar(text: string): JsonValue {
  const first = text[0];
  if (text === '' || YAML_NULL.has(text)) return null;
  if (YAML_TRUE.has(text)) return true;
  if (YAML_FALSE.has(text)) return false;
  if (first === '.') {
    if (['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF'].includes(text)) return text.toLowerCase().includes('nan') ? NaN : Infinity;
    const f = Number(text);
    return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) && Number.isFinite(f) ? f : text;
  }
  if (['+.inf', '+.Inf', '+.INF'].includes(text)) return Infinity;
  if (['-.inf', '-.Inf', '-.INF'].includes(text)) return -Infinity;
  if (/[0-9+-]/.test(first)) {
    if (TIMESTAMP.test(text)) return text;
    const plain = text.replace(/_/g, '');
    const i = parseGoInt(plain);
    if (i !== undefined) return i;
    if (YAML_FLOAT_STYLE.test(plain)) return Number(plain);
  }
  return text;
}

const TAG = 'tag:yaml.org,2002:';

/** A scalar with an explicit tag (!!str, !!int, …), resolved as go-yaml does or refused like it. */
function resolveTagged(tag: string, text: string, line: number): JsonValue {
  const short = tag.startsWith(TAG) ? `!!${tag.slice(TAG.length)}` : tag;
  if (short === '!!str' || short === '!!binary' || short === '!') return text;
  const resolved = resolvePlainScalar(text);
  const kind =
    resolved === null ? '!!null' : typeof resolved === 'boolean' ? '!!bool' : typeof resolved === 'number' ? (Number.isInteger(resolved) && !/[.eE]/.test(text) ? '!!int' : '!!float') : '!!str';
  if (short === kind || (short === '!!float' && kind === '!!int')) return resolved;
  if (short === '!!timestamp' && TIMESTAMP.test(text)) return text;
  if (!['!!null', '!!bool', '!!int', '!!float', '!!timestamp', '!!map', '!!seq', '!!merge'].includes(short)) return resolved;
  throw new YamlDecodeError(`line ${line}: cannot unmarshal ${kind} \`${text}\` into ${short}`);
}

export class YamlDecodeError extends Error {
  /** Where a syntax error is, counted from the start of its document (1-based), when the parser says. */
  constructor(
    message: string,
    readonly position?: { line: number; column: number },
  ) {
    super(message);
  }
}

interface Ctx {
  doc: Document;
  lineOf(node: Node | undefined | null): number;
}

function nodeValue(ctx: Ctx, node: unknown, depth = 0): JsonValue {
  if (depth > 1000) throw new YamlDecodeError('document is nested too deeply');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    if (!target) throw new YamlDecodeError(`line ${ctx.lineOf(node)}: unknown anchor '${node.source}' referenced`);
    return nodeValue(ctx, target, depth + 1);
  }
  if (isScalar(node)) {
    const text = node.value === null || node.value === undefined ? '' : String(node.value);
    if (node.tag) return resolveTagged(node.tag, text, ctx.lineOf(node));
    if (node.type === Scalar.PLAIN) return resolvePlainScalar(text);
    return text;
  }
  if (isSeq(node)) return node.items.map((item) => nodeValue(ctx, item, depth + 1));
  if (isMap(node)) {
    const out: Record<string, JsonValue> = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.value === '<<' && !keyNode.tag) {
        // go-yaml v2 merge key: the referenced mapping(s) are merged in at this point.
        const merged = nodeValue(ctx, pair.value, depth + 1);
        const maps = Array.isArray(merged) ? merged : [merged];
        for (const m of maps) {
          if (m === null || typeof m !== 'object' || Array.isArray(m)) {
            throw new YamlDecodeError(`line ${ctx.lineOf(keyNode)}: map merge requires map or sequence of maps as the value`);
          }
          Object.assign(out, m);
        }
        continue;
      }
      const key = nodeValue(ctx, keyNode, depth + 1);
      out[jsonKey(key, ctx.lineOf(keyNode))] = nodeValue(ctx, pair.value, depth + 1);
    }
    return out;
  }
  throw new YamlDecodeError(`line ${ctx.lineOf(node as Node)}: unsupported YAML node`);
}

/** sigs.k8s.io/yaml convertToJSONableObject: map keys become strings (bools as "true"/"false", numbers in decimal). */
function jsonKey(key: JsonValue, line: number): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (typeof key === 'number') {
    if (Number.isInteger(key)) return String(key);
    if (Number.isNaN(key)) return '.nan';
    if (key === Infinity) return '.inf';
    if (key === -Infinity) return '-.inf';
    return String(Math.fround(key));
  }
  throw new YamlDecodeError(`line ${line}: unsupported map key of type: ${key === null ? '<nil>' : 'object'}`);
}

/**
 * One YAML document (a chunk between `---` lines) as the JSON value kubectl sees; null for an empty document.
 * Errors carry the line within the chunk, as go-yaml reports them.
 */
export function decodeYamlDocument(text: string): JsonValue {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, strict: false, prettyErrors: false });
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const err = doc.errors[0];
  if (err) {
    const line = lineAt(err.pos[0]);
    const column = err.pos[0] - lineStarts[line - 1] + 1;
    throw new YamlDecodeError(`line ${line}: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, { line, column });
  }
  const ctx: Ctx = { doc, lineOf: (node) => (node?.range ? lineAt(node.range[0]) : 1) };
  return nodeValue(ctx, doc.contents);
}

/**
 * Splits a YAML stream into documents the way apimachinery's YAMLReader does: a line starting with `---`
 * ends a document; only spaces or a comment may follow the marker on that line.
 */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let current: string[] = [];
  const lines = text.split(/(?<=\n)/);
  for (const line of lines) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest.length > 0 && !rest.startsWith('#')) {
        throw new YamlDecodeError(`invalid Yaml document separator: ${rest}`);
      }
      docs.push(current.join(''));
      current = [];
      continue;
    }
    current.push(line);
  }
  docs.push(current.join(''));
  return docs;
}

/** Whether the bytes are JSON by kubectl's sniffing: the first non-space character is `{`. */
export function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

/** A stream of JSON values (`{…}{…}` or one per line), as json.Decoder reads them. */
export function decodeJsonStream(text: string): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (i >= n) break;
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (depth === 0 && /\s/.test(c)) break;
    }
    const chunk = text.slice(start, i);
    try {
      out.push(JSON.parse(chunk) as JsonValue);
    } catch (e) {
      const before = text.slice(0, start);
      const line = before.split('\n').length;
      throw new YamlDecodeError(`line ${line}: ${(e as Error).message}`);
    }
  }
  return out;
}

/** Re-exported so callers can tell decode failures from other errors. */
export const manifestSyntaxError = (source: string, message: string) =>
  inputError(`error parsing ${source}: error converting YAML to JSON: yaml: ${message}`, 'fix the manifest (the line number counts from the start of its document)');
