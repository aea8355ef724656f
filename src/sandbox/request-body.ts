// Decoding request bodies as kube-apiserver's serializers do: JSON or YAML (YAML 1.1, first document),
// the kind/apiVersion checks, Go-style decode errors, and unknown fields per fieldValidation
// (Strict → 400, Warn → a warning, Ignore → silently dropped).
import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import { checkAliasing, nestingBeyond, YamlDecodeError } from '../manifest/yaml11.js';
import { badRequest, unsupportedMediaType } from './api-error.js';
import { isPlainObject } from './object-meta.js';
import { compareCodePoints, goQuote } from '../output/go-format.js';
import { typedBodyStrictErrors } from './strict-fields.js';
import { decodeProtobufObject } from './protobuf-body.js';
import { groupVersionOf, type ResourceDef } from './registry.js';
import { canonicalQuantity, QUANTITY_FORMAT_ERROR } from './defaults/quantity.js';
import { firstTypeMismatch, isPreserveUnknown, itemsOf, propertyOf, type Schema, type SchemaDefinitions } from './schema.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** Content types whose bodies are read as YAML. */
export const YAML_TYPES = ['application/yaml', 'application/apply-patch+yaml', 'text/yaml'];

/** Go's encoding/json error text for what JSON.parse rejected (V8's wording never reaches a client). */
export function goJsonError(text: string, err: Error): string {
  const msg = err.message;
  if (/end of JSON input|Unterminated string/.test(msg)) return 'unexpected end of JSON input';
  const m = /position (\d+)/.exec(msg);
  let pos: number | undefined;
  if (m) {
    pos = Number(m[1]);
    // Go's scanner skips whitespace before judging the next character; V8 may point at the whitespace.
    if (!/string literal|escaped character/.test(msg)) while (pos < text.length && ' \t\r\n'.includes(text[pos])) pos++;
    if (pos >= text.length) return 'unexpected end of JSON input';
  }
  const ch = pos !== undefined ? text[pos] : (/token '(.)'/.exec(msg)?.[1] ?? '?');
  const c = quoteChar(ch);
  if (/Bad control character/.test(msg)) return `invalid character ${c} in string literal`;
  if (/Bad escaped character/.test(msg)) return `invalid character ${c} in string escape code`;
  if (/Exponent part/.test(msg)) return `invalid character ${c} in exponent of numeric literal`;
  if (/No number after minus/.test(msg)) return `invalid character ${c} in numeric literal`;
  if (/fractional number/.test(msg)) return `invalid character ${c} after decimal point in numeric literal`;
  if (/after property name/.test(msg)) return `invalid character ${c} after object key`;
  if (/after property value/.test(msg)) return `invalid character ${c} after object key:value pair`;
  if (/property name/.test(msg)) return `invalid character ${c} looking for beginning of object key string`;
  if (/after JSON/.test(msg)) return `invalid character ${c} after top-level value`;
  if (/after array element/.test(msg)) return `invalid character ${c} after array element`;
  return `invalid character ${c} looking for beginning of value`;
}

/** encoding/json's quoteChar: `'x'`, `'\''`, `'"'`, control characters escaped as strconv.Quote does. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const code = c.charCodeAt(0);
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };
  if (named[code]) return `'${named[code]}'`;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

const summarize = (body: Buffer) => {
  const s = body.toString('utf8');
  return s.length > 30 ? `${s.slice(0, 30)}...` : s;
};

/**
 * Nesting limit of bodies. encoding/json refuses more than 10000 levels (`exceeded max depth`) before decoding
 * anything; the sandbox handles objects with recursive code (V8's own JSON.stringify among it) that overflows
 * near 2000 levels, so it gives the same 400 from 1000 levels on, far deeper than any manifest nests.
 */
const MAX_DEPTH = 1000;

/** Whether a decoded value nests arrays/objects deeper than MAX_DEPTH (aliases can build depth YAML text lacks). */
function valueTooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > MAX_DEPTH) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Whether JSON text nests arrays/objects deeper than MAX_DEPTH (strings skipped). */
export function jsonTooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** JSON.parse with Go's error texts (`exceeded max depth` included); `describe` wraps the text into the message. */
export function parseJson(text: string, describe: (goError: string) => string): unknown {
  if (jsonTooDeep(text)) throw badRequest(describe('exceeded max depth'));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(describe(goJsonError(text, e as Error)));
  }
}

/** Parses a JSON or YAML body into a value. `expectedKind` names the type in decode errors. */
export function parseBody(body: Buffer, contentType: string, expectedKind: string): unknown {
  const ct = contentType || 'application/json';
  const text = body.toString('utf8');
  if (ct === 'application/json' || ct === '*/*') {
    return parseJson(
      text,
      (err) =>
        `the object provided is unrecognized (must be of type ${expectedKind}): couldn't get version/kind; json parse error: ${err} (${summarize(body)})`,
    );
  }
  if (YAML_TYPES.includes(ct)) return parseYaml(text);
  if (ct === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(body);
  throw unsupportedMediaType(OBJECT_MEDIA_TYPES);
}

export function parseYaml(text: string): unknown {
  return parseYamlBody(text).value;
}

/**
 * A YAML body as kube-apiserver decodes it: the value (go-yaml keeps the last of a repeated key, as here) and what
 * go-yaml's strict decoding says of the repeated keys, `line 5: key "name" already set in map`, one per repeat.
 */
export function parseYamlBody(text: string): { value: unknown; duplicates: string[] } {
  // Refused before the parser's recursion can exhaust the stack (see nestingBeyond), as too deep.
  const deep = nestingBeyond(text);
  if (deep >= 0) {
    const line = text.slice(0, deep).split('\n').length;
    throw badRequest(`error converting YAML to JSON: yaml: ${line > 1 ? `line ${line}: ` : ''}exceeded max depth of 10000`);
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: false,
    lineCounter,
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const doc = Array.isArray(docs) ? docs[0] : docs;
  if (!doc) return { value: null, duplicates: [] };
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    // The parser here recurses and gives up (a RangeError it reports) near 800 levels, before go-yaml's limit
    // of 10000; no manifest nests that deep, so it is reported as go-yaml reports its limit (no line on line 1).
    if (/Maximum call stack size exceeded/.test(what))
      throw badRequest(`error converting YAML to JSON: yaml: ${line && line > 1 ? `line ${line}: ` : ''}exceeded max depth of 10000`);
    throw badRequest(`error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ''}${what.charAt(0).toLowerCase()}${what.slice(1)}`);
  }
  // go-yaml's alias-bomb guard, shared with kcurl's manifest readers.
  try {
    checkAliasing(doc);
  } catch (e) {
    if (e instanceof YamlDecodeError) throw badRequest(`error converting YAML to JSON: yaml: ${e.message}`);
    throw e;
  }
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  if (valueTooDeep(value)) throw badRequest('error converting YAML to JSON: yaml: exceeded max depth of 10000');
  return { value, duplicates: repeatedKeys(doc.contents, (offset) => lineCounter.linePos(offset).line) };
}

/**
 * go-yaml v2's strict complaints about repeated map keys (decode.go setMapIndex), in its order: a pair's value is
 * decoded before its key is checked, so repeats inside a value come first; the line is the value's (the key's when
 * the value is empty). Keys are compared as the values they decode to (`1` and `"1"` differ) and printed as Go's
 * %#v prints them.
 */
function repeatedKeys(root: unknown, lineOf: (offset: number) => number): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        walk(pair.value);
        if (!isScalar(pair.key)) continue;
        const key = pair.key.value;
        const id = `${key === null ? 'null' : typeof key}:${String(key)}`;
        if (!seen.has(id)) {
          seen.add(id);
          continue;
        }
        const at = (pair.value as { range?: [number, number, number] } | null)?.range?.[0] ?? pair.key.range?.[0] ?? 0;
        out.push(`line ${lineOf(at)}: key ${typeof key === 'string' ? goQuote(key) : key === null ? '<nil>' : String(key)} already set in map`);
      }
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      for (const item of (node as { items: unknown[] }).items) walk(item);
    }
  };
  walk(root);
  return out;
}

/** go-yaml's error for repeated keys: every complaint on a line of its own. */
export function yamlUnmarshalErrors(duplicates: string[]): string {
  return `yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}`;
}

/**
 * Checks a decoded object body against the endpoint's kind: apiVersion/kind may be omitted (the
 * endpoint's are assumed) but must not differ; values must have decodable JSON types. Quantities are
 * rewritten in place in their canonical form (numbers included), as the server stores them.
 */
export function checkObjectBody(value: unknown, def: ResourceDef, defs: SchemaDefinitions, schema: Schema | undefined): Record<string, unknown> {
  const gv = groupVersionOf(def);
  if (!isPlainObject(value)) {
    const t = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    throw badRequest(
      `the object provided is unrecognized (must be of type ${def.kind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${t} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  const apiVersion = value.apiVersion;
  const kind = value.kind;
  if (apiVersion !== undefined && apiVersion !== gv) {
    if (typeof apiVersion === 'string' && apiVersion.split('/').length <= 2) {
      throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${gv})`);
    }
    throw badRequest(`${String(kind ?? def.kind)} in version "${String(apiVersion)}" cannot be handled as a ${def.kind}`);
  }
  if (kind !== undefined && kind !== def.kind) {
    throw badRequest(
      `${String(kind)} in version "${def.version}" cannot be handled as a ${def.kind}: no kind "${String(kind)}" is registered for version "${gv}"`,
    );
  }
  // Custom resources decode as unstructured JSON: wrong types are schema validation errors (422) later.
  const mismatch = def.crdName ? undefined : firstTypeMismatch(defs, schema, value, canonicalQuantity);
  if (mismatch?.quantity) throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${QUANTITY_FORMAT_ERROR}`);
  if (mismatch) {
    throw badRequest(
      `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: json: cannot unmarshal ${mismatch.actual} into Go struct field ${def.kind}.${mismatch.path} of type ${mismatch.expected}`,
    );
  }
  return value;
}

/**
 * Drops fields the schema does not declare and reports them (`spec.foo`, `spec.containers[0].bogus`)
 * as kube-apiserver's strict decoder names them.
 */
export function pruneUnknownFields(
  defs: SchemaDefinitions,
  root: Schema | undefined,
  obj: Record<string, unknown>,
  { sortedKeys = false }: { sortedKeys?: boolean } = {},
): string[] {
  const found: string[] = [];
  const walk = (schema: Schema | undefined, value: unknown, path: string) => {
    const s = defs.resolve(schema);
    if (!s || isPreserveUnknown(s) || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      const items = itemsOf(defs, s);
      if (items) value.forEach((v, i) => walk(items, v, `${path}[${i}]`));
      return;
    }
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (sortedKeys) keys.sort(compareCodePoints);
    for (const k of keys) {
      const child = propertyOf(defs, s, k);
      const childPath = path ? `${path}.${k}` : k;
      if (child.kind === 'unknown') {
        found.push(childPath);
        delete rec[k];
      } else if (child.kind === 'schema') walk(child.schema, rec[k], childPath);
    }
  };
  walk(root, obj, '');
  return found;
}

/** What the body's own text says beyond its value: its JSON text, or a YAML body's repeated keys. */
export type BodySource = { json: string } | { yamlDuplicates: string[] };

/**
 * Applies a fieldValidation directive to an object body (mutating it) and returns the warnings to send. A JSON
 * body's repeated fields are strict errors too, reported among the unknown ones in document order. A YAML body is
 * converted to JSON first (which keeps one of each key and sorts them), so go-yaml's complaints about its repeated
 * keys come first, as one error (one warning each), then the unknown fields in sorted order.
 */
export function enforceFieldValidation(
  directive: FieldValidation,
  def: ResourceDef,
  defs: SchemaDefinitions,
  schema: Schema | undefined,
  obj: Record<string, unknown>,
  source?: BodySource,
): string[] {
  const yaml = source !== undefined && 'yamlDuplicates' in source;
  const yamlDuplicates = yaml ? source.yamlDuplicates : [];
  if (!schema && yamlDuplicates.length === 0) return [];
  const unknown = schema ? pruneUnknownFields(defs, schema, obj, { sortedKeys: yaml }) : [];
  if (directive === 'Ignore') return [];
  const unknownTexts = source && 'json' in source ? typedBodyStrictErrors(source.json, unknown) : unknown.map((p) => `unknown field ${goQuote(p)}`);
  if (unknownTexts.length === 0 && yamlDuplicates.length === 0) return [];
  if (directive === 'Strict') {
    const errors = yamlDuplicates.length ? [yamlUnmarshalErrors(yamlDuplicates), ...unknownTexts] : unknownTexts;
    throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${errors.join(', ')}`);
  }
  return [...yamlDuplicates, ...unknownTexts];
}

export function parseFieldValidation(v: string | null): FieldValidation {
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(v)}: supported values: "Ignore", "Strict", "Warn"`);
}
