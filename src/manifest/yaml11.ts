// Manifest documents decoded the way kubectl decodes them: sigs.k8s.io/yaml over go-yaml v2, which reads
// YAML 1.1 (`y`, `yes`, `on`, `off` are booleans, `0777` is octal, timestamps stay strings) and turns every
// map key into a string (`y:` becomes "true"); then JSON. The `yaml` package only parses (failsafe schema,
// every scalar a string); the scalar resolution below is go-yaml v2's `resolve()`.
import { type Alias, type Document, isAlias, isMap, isScalar, isSeq, type Node, parseDocument, Scalar, visit } from 'yaml';

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
    resolved === null
      ? '!!null'
      : typeof resolved === 'boolean'
        ? '!!bool'
        : typeof resolved === 'number'
          ? Number.isInteger(resolved) && !/[.eE]/.test(text)
            ? '!!int'
            : '!!float'
          : '!!str';
  if (short === kind || (short === '!!float' && kind === '!!int')) return resolved;
  if (short === '!!timestamp' && TIMESTAMP.test(text)) return text;
  if (!['!!null', '!!bool', '!!int', '!!float', '!!timestamp', '!!map', '!!seq', '!!merge'].includes(short)) return resolved;
  throw new YamlDecodeError(`line ${line}: cannot unmarshal ${kind} \`${text}\` into ${short}`);
}

/** A place in a source: 1-based line and column, and the source as kubectl names it. */
export interface Place {
  line: number;
  column: number;
  source: string;
}

export class YamlDecodeError extends Error {
  /**
   * @param position where the problem is, counted from the start of its document (1-based), when known
   * @param hint kcurl's advice, given the place in the whole text (line, column, source name); default: a syntax error
   */
  constructor(
    message: string,
    readonly position?: { line: number; column: number },
    readonly hint: (at: Place) => string = (at) => `the syntax error is at line ${at.line}, column ${at.column} of ${at.source}`,
  ) {
    super(message);
  }

  /** The line of the whole text where the failing document starts (set by decodeManifestStream). */
  documentLine = 1;
}

// go-yaml decode.go (v2, the copy inside sigs.k8s.io/yaml that kubectl uses, and v3): once a decode has
// entered more than 1000 nodes, more than 100 of them through aliases, the share entered through aliases
// may not exceed this ratio: 99% up to 400,000 nodes, falling linearly to 10% at 4,000,000.
const ALIAS_RATIO_RANGE_LOW = 400_000;
const ALIAS_RATIO_RANGE_HIGH = 4_000_000;

export function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_RANGE_LOW)) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW);
}

/** Deeper than this a document is refused (go-yaml's parser: "exceeded max depth of 10000"). */
const MAX_DEPTH = 10_000;

/**
 * The deepest a YAML text may nest, above which kcurl refuses it before parsing. The `yaml` package parses
 * collections recursively and runs out of stack near 900 levels, and repeated overflows in one process can
 * end it (V8 aborts); go-yaml allows 10000. No manifest comes near either, so kcurl stops well before the
 * stack does, at the first line past this bound.
 */
export const MAX_TEXT_NESTING = 512;

/**
 * Where a YAML text first nests deeper than `limit` by a cheap upper bound, or -1: a line's block depth is
 * at most its column after the indentation and any `- `/`? ` indicators (each level takes at least one
 * column), and flow depth at most the unmatched `[`/`{` outside comments. Quotes are not tracked, so the
 * bound can only over-count (brackets inside strings), never under-count.
 */
export function nestingBeyond(text: string, limit = MAX_TEXT_NESTING): number {
  let flow = 0;
  let lineStart = 0;
  let block = 0; // this line's block depth bound: its column after indentation and indicators
  let atIndent = true;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = i + 1;
      atIndent = true;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (atIndent) {
      const next = text.charCodeAt(i + 1);
      const indicator = (c === 45 || c === 63) && (next === 32 || next === 10 || Number.isNaN(next)); // '- ' or '? '
      if (c === 32 || c === 9 || indicator) continue;
      atIndent = false;
      block = i - lineStart;
      if (block + flow > limit) return i;
    }
    if (c === 35 && (i === lineStart || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9))
      comment = true; // '#'
    else if (c === 91 || c === 123) {
      if (++flow + block > limit) return i;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return -1;
}

/** go-yaml reads `<<` (plain, untagged) as a merge key; the `yaml` package marks it with a symbol under YAML 1.1. */
function isMergeKey(node: unknown): boolean {
  if (!isScalar(node) || node.tag || (node.type !== undefined && node.type !== Scalar.PLAIN)) return false;
  return node.value === '<<' || (typeof node.value === 'symbol' && node.value.description === '<<');
}

/**
 * What each alias of a document points at: the last node with that anchor before it in document order (a
 * collection's anchor comes before its items, so `&a [*a]` points at itself, as in go-yaml). One walk: the
 * `yaml` package's Alias.resolve(doc) walks the whole document for every alias, quadratic in the aliases.
 */
function resolveAliases(doc: Document): Map<Alias, Node | undefined> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return targets;
}

/**
 * go-yaml's guard against alias bombs ("billion laughs"), for a parsed document of the `yaml` package: walks it
 * in the order go-yaml's decoder enters nodes (a mapping's key, then its value; an alias's target again, counted
 * as alias work; a merge key's sequence from its last map to its first), counting what go-yaml counts, and
 * refuses it as go-yaml does: "document contains excessive aliasing", or "anchor 'a' value contains itself" for
 * an alias inside its own anchor. Nothing is built and the walk stops at the first refusal, so it costs at most
 * what go-yaml would accept. The `yaml` package's own maxAliasCount counts differently (it refuses documents
 * go-yaml reads): every reader of YAML in kcurl calls this instead.
 */
export function checkAliasing(
  doc: Document,
  lineOf: (node: Node) => { line: number; column: number } | undefined = () => undefined,
  targets: Map<Alias, Node | undefined> = resolveAliases(doc),
): void {
  let decodeCount = 1; // the document node
  let aliasCount = 0;
  let aliasDepth = 0;
  const expanding = new Set<unknown>();
  const enter = (node: unknown, depth: number): void => {
    decodeCount++;
    if (aliasDepth > 0) aliasCount++;
    if (aliasCount > 100 && decodeCount > 1000 && aliasCount / decodeCount > allowedAliasRatio(decodeCount)) {
      throw new YamlDecodeError(
        'document contains excessive aliasing',
        { line: 1, column: 1 },
        (at) =>
          `the aliases (*name) of the document at line ${at.line} of ${at.source} expand to far more nodes than it holds; write the repeated parts out or use fewer aliases`,
      );
    }
    if (depth > MAX_DEPTH) throw new YamlDecodeError(`exceeded max depth of ${MAX_DEPTH}`, lineOf(node as Node));
    if (isAlias(node)) {
      if (expanding.has(node)) {
        throw new YamlDecodeError(
          `anchor '${node.source}' value contains itself`,
          lineOf(node),
          (at) => `the alias *${node.source} at line ${at.line}, column ${at.column} of ${at.source} is inside the node anchored &${node.source}`,
        );
      }
      const target = targets.get(node);
      if (!target) {
        // go-yaml's parser: no line in the message.
        throw new YamlDecodeError(
          `unknown anchor '${node.source}' referenced`,
          lineOf(node),
          (at) => `the alias *${node.source} at line ${at.line}, column ${at.column} of ${at.source} comes before any &${node.source}`,
        );
      }
      expanding.add(node);
      aliasDepth++;
      enter(target, depth + 1);
      aliasDepth--;
      expanding.delete(node);
    } else if (isSeq(node)) {
      for (const item of node.items) enter(item, depth + 1);
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (isMergeKey(pair.key)) {
          // go-yaml's merge: a sequence of maps is entered from its end (earlier maps take precedence).
          const value = pair.value;
          if (isSeq(value)) for (let i = value.items.length - 1; i >= 0; i--) enter(value.items[i], depth + 1);
          else enter(value, depth + 1);
          continue;
        }
        enter(pair.key, depth + 1);
        enter(pair.value, depth + 1);
      }
    }
  };
  if (doc.contents !== null && doc.contents !== undefined) enter(doc.contents, 0);
}

interface Ctx {
  targets: Map<Alias, Node | undefined>;
  lineOf(node: Node | undefined | null): number;
}

function nodeValue(ctx: Ctx, node: unknown, depth = 0): JsonValue {
  if (depth > MAX_DEPTH) throw new YamlDecodeError(`exceeded max depth of ${MAX_DEPTH}`);
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = ctx.targets.get(node);
    if (!target) throw new YamlDecodeError(`unknown anchor '${node.source}' referenced`);
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
        // go-yaml merges a sequence's maps from the last one: earlier maps take precedence.
        const maps = Array.isArray(merged) ? [...merged].reverse() : [merged];
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

// go-yaml's reader accepts tab, line breaks, printable ASCII, NEL and the rest of Unicode but the
// surrogates, U+FFFE and U+FFFF ("control characters are not allowed").
const CONTROL_CHARACTER = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/**
 * One YAML document (a chunk between `---` lines) as the JSON value kubectl sees; null for an empty document.
 * Errors carry the place within the chunk, as go-yaml counts lines.
 */
function decodeYamlDocument(text: string): JsonValue {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const positionAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const code = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new YamlDecodeError(
      'control characters are not allowed',
      positionAt(control.index),
      (at) => `a control character (${code}) is at line ${at.line}, column ${at.column} of ${at.source}; a manifest is text`,
    );
  }
  const deep = nestingBeyond(text);
  if (deep >= 0) {
    const at = positionAt(deep);
    throw new YamlDecodeError(
      `line ${at.line}: document is nested too deeply`,
      at,
      (p) => `at line ${p.line}, column ${p.column} of ${p.source} the document nests deeper than the ${MAX_TEXT_NESTING} levels kcurl reads; nest less deeply`,
    );
  }
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, strict: false, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const position = positionAt(err.pos[0]);
    const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    // The `yaml` parser recurses into nested collections; go-yaml refuses nesting beyond 10000 levels.
    if (/Maximum call stack size exceeded/.test(message))
      throw new YamlDecodeError(
        `line ${position.line}: document is nested too deeply`,
        position,
        (at) => `kcurl's YAML parser ran out of stack at line ${at.line}, column ${at.column} of ${at.source}; nest less deeply`,
      );
    throw new YamlDecodeError(`line ${position.line}: ${message}`, position);
  }
  const nodePosition = (node: Node | undefined | null) => (node?.range ? positionAt(node.range[0]) : undefined);
  const targets = resolveAliases(doc);
  checkAliasing(doc, nodePosition, targets);
  const ctx: Ctx = { targets, lineOf: (node) => nodePosition(node)?.line ?? 1 };
  return nodeValue(ctx, doc.contents);
}

export interface DecodedDocument {
  /** The document's value (null for an empty document). */
  value: JsonValue;
  /** The YAML document's text as written (absent for JSON streams). */
  raw?: string;
  /** The line of the whole text where the document starts. */
  line: number;
}

/**
 * The one way kcurl decodes manifest text (every -f source, YAML request bodies): a JSON stream when the first
 * character is `{` (kubectl's sniffing), otherwise YAML documents split on `---` lines, each checked against
 * go-yaml's alias limit and decoded as go-yaml v2 does. A YamlDecodeError's `documentLine` says where its
 * document starts in the text.
 */
export function decodeManifestStream(text: string): DecodedDocument[] {
  if (looksLikeJson(text)) return decodeJsonStream(text).map((value) => ({ value, line: 1 }));
  const out: DecodedDocument[] = [];
  let line = 1;
  for (const raw of splitYamlDocuments(text)) {
    try {
      out.push({ value: decodeYamlDocument(raw), raw, line });
    } catch (e) {
      if (e instanceof YamlDecodeError) e.documentLine = line;
      throw e;
    }
    line += (raw.match(/\n/g)?.length ?? 0) + 1; // the document's lines and its `---` separator
  }
  return out;
}

/**
 * Splits a YAML stream into documents the way apimachinery's YAMLReader does: a line starting with `---`
 * ends a document; only spaces or a comment may follow the marker on that line.
 */
function splitYamlDocuments(text: string): string[] {
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
function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

/** A stream of JSON values (`{…}{…}` or one per line), as json.Decoder reads them. */
function decodeJsonStream(text: string): JsonValue[] {
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
