// Redaction of recorded exchanges: a data transform applied before anything is written to a journal
// or HAR file. Credentials in headers, Secret values, TokenRequest tokens and PEM private keys are
// replaced by a marker that says what was removed; --reveal skips this module entirely.
import { decodeManifestStream } from '../manifest/yaml11.js';
import { marshalYaml } from '../output/go-yaml.js';

/** The marker text for a removed value: `<redacted: bearer token>`. */
export function marker(what: string): string {
  return `<redacted: ${what}>`;
}

const PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;

/** Replaces PEM private key blocks anywhere in a text. */
export function redactPrivateKeys(text: string): string {
  return text.replace(PRIVATE_KEY, (_m, kind: string) => marker(`${kind.trim() ? kind.trim().toLowerCase() + ' ' : ''}private key`));
}

/** One header value as it may be recorded. */
export function redactHeader(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const scheme = value.split(' ')[0].toLowerCase();
    if (scheme === 'bearer') return marker('bearer token');
    if (scheme === 'basic') return marker('basic credentials');
    return marker(lower === 'authorization' ? 'authorization' : 'proxy authorization');
  }
  if (lower === 'cookie') return marker('cookie');
  if (lower === 'set-cookie') return marker('cookie');
  return value;
}

export function redactHeaders(headers: readonly (readonly [string, string])[]): [string, string][] {
  return headers.map(([k, v]) => [k, redactHeader(k, v)]);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How the path of a request hints at the body's type when the body itself carries no kind (patches). */
export interface BodyContext {
  /** The URL path the body was sent to or came from. */
  path?: string;
  /** The body's Content-Type, when known (YAML bodies are decoded as YAML). */
  contentType?: string;
}

const SECRET_PATH = /\/secrets(\/[^/?]+)?\/?$/;
const TOKEN_PATH = /\/serviceaccounts\/[^/]+\/token\/?$/;

function secretValues(values: Record<string, Json>, base64: boolean): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string') {
      out[k] = v;
      continue;
    }
    const bytes = base64 ? Buffer.from(v, 'base64').length : Buffer.byteLength(v);
    out[k] = marker(`Secret ${base64 ? 'data' : 'stringData'} value, ${bytes} bytes`);
  }
  return out;
}

function redactSecret(obj: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...obj };
  if (isObject(obj.data)) out.data = secretValues(obj.data, true);
  if (isObject(obj.stringData)) out.stringData = secretValues(obj.stringData, false);
  // kubectl apply keeps the whole previous manifest, values included, in an annotation.
  const meta = obj.metadata;
  if (isObject(meta) && isObject(meta.annotations)) {
    const annotations = { ...meta.annotations };
    const key = 'kubectl.kubernetes.io/last-applied-configuration';
    const applied = annotations[key];
    if (typeof applied === 'string') {
      try {
        const parsed = JSON.parse(applied) as Json;
        annotations[key] = JSON.stringify(isObject(parsed) ? redactSecret(parsed) : parsed) + (applied.endsWith('\n') ? '\n' : '');
      } catch {
        annotations[key] = marker('last applied Secret manifest');
      }
    }
    out.metadata = { ...meta, annotations };
  }
  return out;
}

/** Walks a decoded API document (object, list, watch event, Table) and redacts what must not be kept. */
export function redactDocument(doc: Json, context: BodyContext = {}, depth = 0): Json {
  if (depth > 32) return doc;
  if (Array.isArray(doc)) {
    // A JSON patch sent to a Secret: values of ops under /data or /stringData.
    if (depth === 0 && context.path && SECRET_PATH.test(context.path)) {
      return doc.map((op) =>
        isObject(op) && typeof op.path === 'string' && /^\/(data|stringData)(\/|$)/.test(op.path) && 'value' in op
          ? { ...op, value: marker(`Secret ${op.path.startsWith('/data') ? 'data' : 'stringData'} value`) }
          : op,
      );
    }
    const mapped = doc.map((d) => redactDocument(d, {}, depth + 1));
    return mapped.some((m, i) => m !== doc[i]) ? mapped : doc;
  }
  if (!isObject(doc)) return doc;
  const kind = typeof doc.kind === 'string' ? doc.kind : undefined;
  if (kind === 'Secret' || (depth === 0 && kind === undefined && context.path && SECRET_PATH.test(context.path))) {
    return redactSecret(doc);
  }
  if (kind === 'TokenRequest' || (depth === 0 && kind === undefined && context.path && TOKEN_PATH.test(context.path))) {
    const status = doc.status;
    if (isObject(status) && typeof status.token === 'string') return { ...doc, status: { ...status, token: marker('service account token') } };
    return doc;
  }
  if (kind === 'SecretList' && Array.isArray(doc.items)) {
    return { ...doc, items: doc.items.map((i) => (isObject(i) ? redactSecret(i) : i)) };
  }
  // Lists, watch events ({type, object}) and Tables with includeObject (rows[].object). The same
  // reference comes back when nothing changed, so untouched bodies keep their exact bytes.
  let out: Record<string, Json> | undefined;
  if (Array.isArray(doc.items)) {
    const items = redactDocument(doc.items, {}, depth + 1);
    if (items !== doc.items) (out ??= { ...doc }).items = items;
  }
  if (isObject(doc.object)) {
    const object = redactDocument(doc.object, {}, depth + 1);
    if (object !== doc.object) (out ??= { ...doc }).object = object;
  }
  if (Array.isArray(doc.rows)) {
    const rows = doc.rows.map((r) => (isObject(r) && isObject(r.object) ? redactRow(r, depth) : r));
    if (rows.some((r, i) => r !== (doc.rows as Json[])[i])) (out ??= { ...doc }).rows = rows;
  }
  return out ?? doc;
}

function redactRow(row: Record<string, Json>, depth: number): Json {
  const object = redactDocument(row.object, {}, depth + 1);
  return object === row.object ? row : { ...row, object };
}

/**
 * Redacts a body recorded as text. JSON documents and newline-delimited JSON (watch streams) are
 * decoded, transformed and re-encoded; so are YAML bodies (Content-Type …yaml, e.g. `create
 * --content-type yaml`, or any non-JSON body sent to or from a Secret or TokenRequest URL); anything
 * else only loses PEM private keys.
 */
export function redactBodyText(text: string, context: BodyContext = {}): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const doc = JSON.parse(text) as Json;
      const redacted = redactDocument(doc, context);
      if (redacted === doc) return redactPrivateKeys(text);
      return redactPrivateKeys(JSON.stringify(redacted) + (text.endsWith('\n') ? '\n' : ''));
    } catch {
      // Not one document: maybe one JSON document per line (a watch).
      if (text.includes('\n') && !isYaml(context)) return text.split('\n').map((line) => redactJsonLine(line)).join('\n');
    }
  }
  if (isYaml(context) || isSecretOrTokenPath(context)) return redactPrivateKeys(redactYaml(text, context));
  return redactPrivateKeys(text);
}

const isYaml = (context: BodyContext) => /yaml/i.test(context.contentType ?? '');
const isSecretOrTokenPath = (context: BodyContext) => Boolean(context.path && (SECRET_PATH.test(context.path) || TOKEN_PATH.test(context.path)));

/**
 * A YAML stream, document by document: a document with something to redact is re-encoded (as YAML,
 * redacted); the others keep their exact text. A body for a Secret or TokenRequest URL that does not
 * decode is dropped whole, since its values cannot be picked out.
 */
function redactYaml(text: string, context: BodyContext): string {
  try {
    let changed = false;
    const out = decodeManifestStream(text).map(({ value, raw }) => {
      const redacted = value === null ? value : redactDocument(value as Json, context);
      if (redacted === value && raw !== undefined) return raw;
      if (redacted !== value) changed = true;
      return marshalYaml(redacted);
    });
    return changed ? out.join('---\n') : text;
  } catch {
    return isSecretOrTokenPath(context) ? marker('body of a Secret or TokenRequest that is neither JSON nor YAML') : text;
  }
}

/** One line of a watch stream (or any text line). */
export function redactJsonLine(line: string): string {
  if (!line.trim().startsWith('{')) return redactPrivateKeys(line);
  try {
    const doc = JSON.parse(line) as Json;
    const redacted = redactDocument(doc);
    return redactPrivateKeys(redacted === doc ? line : JSON.stringify(redacted));
  } catch {
    return redactPrivateKeys(line);
  }
}

/**
 * Protobuf bodies are not decoded here: when one belongs to a Secret or a TokenRequest (by path) the
 * whole body is replaced, since its values cannot be picked out.
 */
export function redactsWholeBinaryBody(context: BodyContext): boolean {
  if (!context.path) return false;
  return SECRET_PATH.test(context.path) || TOKEN_PATH.test(context.path);
}

/**
 * Redacts a streamed text body line by line: complete lines are redacted and returned as soon as they
 * arrive; a partial line waits for its newline (or for flush at the end of the stream).
 */
export class LineRedactor {
  #pending = '';
  push(text: string): string {
    const all = this.#pending + text;
    const cut = all.lastIndexOf('\n');
    if (cut < 0) {
      this.#pending = all;
      return '';
    }
    this.#pending = all.slice(cut + 1);
    return all
      .slice(0, cut + 1)
      .split('\n')
      .map((l, i, arr) => (i === arr.length - 1 ? l : redactJsonLine(l)))
      .join('\n');
  }
  flush(): string {
    const rest = this.#pending;
    this.#pending = '';
    return rest ? redactJsonLine(rest) : '';
  }
}
