// Redaction of recorded exchanges: a data transform applied before anything is written to a journal
// or HAR file. Credentials in headers, Secret values (and, for every object under a secrets path, the
// last-applied-configuration annotation and managedFields values), TokenRequest tokens and PEM private
// keys are replaced by a marker that says what was removed; --reveal skips this module entirely.
// Entry points: redactBody (a whole body, any encoding), BodyStreamRedactor (a streamed body, chunk by
// chunk), redactHeaders; the recorder and the proxy record through them.
import { decodeManifestStream } from '../manifest/yaml11.js';
import { marshalYaml } from '../output/go-yaml.js';
import { headerValue, isText } from './exchange.js';
import type { Snippet } from '../snippet/model.js';
import { type FieldRewrite, isProtobufEnvelope, mapEntryBytes, readEnvelope, readMapEntry, replaceEnvelopeRaw, rewriteMessage } from '../protobuf/codec.js';

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

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The last-applied-configuration annotation of an object under a secrets path: the previous manifest, its values redacted. */
function redactLastApplied(applied: string): string {
  try {
    const parsed = JSON.parse(applied) as Json;
    return JSON.stringify(isObject(parsed) ? redactSecret(parsed) : parsed) + (applied.endsWith('\n') ? '\n' : '');
  } catch {
    return marker('last applied Secret manifest');
  }
}

/**
 * managedFields list the fields each manager set; keys are field names, but a set element is written with
 * its value (`v:"…"`), so under a secrets path those values go.
 */
function redactFieldsV1(fields: Json, depth = 0): Json {
  if (!isObject(fields) || depth > 64) return fields;
  const out: Record<string, Json> = {};
  let n = 0;
  let changed = false;
  for (const [k, v] of Object.entries(fields)) {
    const value = redactFieldsV1(v, depth + 1);
    const key = k.startsWith('v:') ? `v:${JSON.stringify(marker(`value ${++n}`))}` : k;
    if (key !== k || value !== v) changed = true;
    out[key] = value;
  }
  return changed ? out : fields;
}

/** The metadata of an object under a secrets path: last-applied annotation and managedFields values redacted. */
function redactSecretMetadata(meta: Json): Json {
  if (!isObject(meta)) return meta;
  let out: Record<string, Json> | undefined;
  if (isObject(meta.annotations) && typeof meta.annotations[LAST_APPLIED] === 'string') {
    const applied = meta.annotations[LAST_APPLIED];
    const redacted = redactLastApplied(applied);
    if (redacted !== applied) (out ??= { ...meta }).annotations = { ...meta.annotations, [LAST_APPLIED]: redacted };
  }
  if (Array.isArray(meta.managedFields)) {
    const entries = meta.managedFields.map((e) => {
      if (!isObject(e) || !('fieldsV1' in e)) return e;
      const fieldsV1 = redactFieldsV1(e.fieldsV1);
      return fieldsV1 === e.fieldsV1 ? e : { ...e, fieldsV1 };
    });
    if (entries.some((e, i) => e !== (meta.managedFields as Json[])[i])) (out ??= { ...meta }).managedFields = entries;
  }
  return out ?? meta;
}

function redactSecret(obj: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...obj };
  if (isObject(obj.data)) out.data = secretValues(obj.data, true);
  if (isObject(obj.stringData)) out.stringData = secretValues(obj.stringData, false);
  // kubectl apply keeps the whole previous manifest, values included, in an annotation.
  if ('metadata' in obj) out.metadata = redactSecretMetadata(obj.metadata);
  return out;
}

const isSecretPath = (context: BodyContext) => Boolean(context.path && SECRET_PATH.test(context.path));

/**
 * Walks a decoded API document (object, list, watch event, Table, PartialObjectMetadata) and redacts what
 * must not be kept. Under a secrets path every object's metadata is redacted too, whatever shape carries
 * it (a Table row's PartialObjectMetadata keeps the annotations of `kubectl get secrets`).
 */
export function redactDocument(doc: Json, context: BodyContext = {}, depth = 0, inSecrets = isSecretPath(context)): Json {
  if (depth > 32) return doc;
  if (Array.isArray(doc)) {
    // A JSON patch sent to a Secret: values of ops under /data, /stringData and the last-applied annotation.
    if (depth === 0 && isSecretPath(context)) {
      return doc.map((op) => {
        if (!isObject(op) || typeof op.path !== 'string' || !('value' in op)) return op;
        if (/^\/(data|stringData)(\/|$)/.test(op.path)) return { ...op, value: marker(`Secret ${op.path.startsWith('/data') ? 'data' : 'stringData'} value`) };
        if (
          /^\/metadata(\/|$)/.test(op.path) &&
          op.path !== '/metadata/name' &&
          op.path !== '/metadata/namespace' &&
          !/^\/metadata\/labels(\/|$)/.test(op.path)
        ) {
          const value = op.path === '/metadata' ? redactSecretMetadata(op.value) : marker('Secret metadata value');
          return { ...op, value };
        }
        return op;
      });
    }
    const mapped = doc.map((d) => redactDocument(d, {}, depth + 1, inSecrets));
    return mapped.some((m, i) => m !== doc[i]) ? mapped : doc;
  }
  if (!isObject(doc)) return doc;
  const kind = typeof doc.kind === 'string' ? doc.kind : undefined;
  // A body without a kind sent to a Secret's URL is a patch of it (a watch event, {type, object}, is not).
  const watchEvent = typeof doc.type === 'string' && isObject(doc.object);
  if (kind === 'Secret' || (depth === 0 && kind === undefined && !watchEvent && isSecretPath(context))) {
    return redactSecret(doc);
  }
  if (kind === 'TokenRequest' || (depth === 0 && kind === undefined && context.path && TOKEN_PATH.test(context.path))) {
    const status = doc.status;
    if (isObject(status) && typeof status.token === 'string') return { ...doc, status: { ...status, token: marker('service account token') } };
    return doc;
  }
  // A TokenReview carries the bearer token it asks about in spec.token.
  if (kind === 'TokenReview' && isObject(doc.spec) && typeof doc.spec.token === 'string') {
    return { ...doc, spec: { ...doc.spec, token: marker('bearer token under review') } };
  }
  if (kind === 'SecretList' && Array.isArray(doc.items)) {
    return { ...doc, items: doc.items.map((i) => (isObject(i) ? redactSecret(i) : i)) };
  }
  // Lists, watch events ({type, object}) and Tables with includeObject (rows[].object). The same
  // reference comes back when nothing changed, so untouched bodies keep their exact bytes.
  let out: Record<string, Json> | undefined;
  if (inSecrets && isObject(doc.metadata)) {
    const metadata = redactSecretMetadata(doc.metadata);
    if (metadata !== doc.metadata) (out ??= { ...doc }).metadata = metadata;
  }
  if (Array.isArray(doc.items)) {
    const items = redactDocument(doc.items, {}, depth + 1, inSecrets);
    if (items !== doc.items) (out ??= { ...doc }).items = items;
  }
  if (isObject(doc.object)) {
    const object = redactDocument(doc.object, {}, depth + 1, inSecrets);
    if (object !== doc.object) (out ??= { ...doc }).object = object;
  }
  if (Array.isArray(doc.rows)) {
    const rows = doc.rows.map((r) => (isObject(r) && isObject(r.object) ? redactRow(r, depth, inSecrets) : r));
    if (rows.some((r, i) => r !== (doc.rows as Json[])[i])) (out ??= { ...doc }).rows = rows;
  }
  return out ?? doc;
}

function redactRow(row: Record<string, Json>, depth: number, inSecrets: boolean): Json {
  const object = redactDocument(row.object, {}, depth + 1, inSecrets);
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
      if (text.includes('\n') && !isYaml(context))
        return text
          .split('\n')
          .map((line) => redactJsonLine(line, context))
          .join('\n');
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
export function redactJsonLine(line: string, context: BodyContext = {}): string {
  if (!line.trim().startsWith('{')) return redactPrivateKeys(line);
  try {
    const doc = JSON.parse(line) as Json;
    // Each line is a whole document of the stream (a watch event), not the body a patch path describes.
    const redacted = redactDocument(doc, {}, 0, isSecretPath(context));
    return redactPrivateKeys(redacted === doc ? line : JSON.stringify(redacted));
  } catch {
    return redactPrivateKeys(line);
  }
}

// ---- protobuf ------------------------------------------------------------------------------------

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
/** Kinds whose protobuf bodies are walked wherever they come from. */
const PROTOBUF_KINDS = new Set(['Secret', 'SecretList', 'TokenRequest', 'WatchEvent']);

/** Marker bytes for a protobuf string or bytes field. */
const markerBytes = (what: string) => Buffer.from(marker(what), 'utf8');

function protobufRewrite(inSecrets: boolean): FieldRewrite {
  return (message, field, value) => {
    if (message === 'k8s.io.api.core.v1.Secret' && (field === 'data' || field === 'stringData')) {
      const entry = readMapEntry(value);
      return mapEntryBytes(entry.key, markerBytes(`Secret ${field} value, ${entry.value.length} bytes`));
    }
    if (message === 'k8s.io.api.authentication.v1.TokenRequestStatus' && field === 'token') return markerBytes('service account token');
    if (inSecrets && message === `${META}.ObjectMeta` && field === 'annotations') {
      const entry = readMapEntry(value);
      if (entry.key !== LAST_APPLIED) return value;
      return mapEntryBytes(entry.key, redactLastApplied(entry.value.toString('utf8')));
    }
    if (inSecrets && message === `${META}.FieldsV1` && field === 'Raw') {
      try {
        const fields = JSON.parse(value.toString('utf8')) as Json;
        const redacted = redactFieldsV1(fields);
        return redacted === fields ? value : Buffer.from(JSON.stringify(redacted), 'utf8');
      } catch {
        return markerBytes('managed fields');
      }
    }
    // The object of a watch event (or any embedded object): its own envelope, or JSON.
    if (message === 'k8s.io.apimachinery.pkg.runtime.RawExtension' && field === 'raw') {
      const inner = redactBody(value, { path: inSecrets ? '/api/v1/secrets' : undefined });
      return typeof inner === 'string' ? Buffer.from(inner, 'utf8') : Buffer.from(inner);
    }
    return undefined;
  };
}

/**
 * A `k8s\0` protobuf body redacted field by field (and re-encoded), or undefined when it cannot be read;
 * the caller then drops it whole if it belongs to a Secret or a TokenRequest.
 */
export function redactProtobuf(body: Buffer, context: BodyContext = {}): Buffer | undefined {
  try {
    const envelope = readEnvelope(body);
    const inSecrets = isSecretPath(context) || envelope.kind === 'Secret' || envelope.kind === 'SecretList';
    if (!inSecrets && !PROTOBUF_KINDS.has(envelope.kind)) return body;
    const typeName = envelope.kind === 'WatchEvent' ? `${META}.WatchEvent` : envelope.typeName;
    if (!typeName) return inSecrets || isSecretOrTokenPath(context) ? undefined : body;
    const raw = rewriteMessage(typeName, envelope.raw, protobufRewrite(inSecrets));
    return raw === envelope.raw ? body : replaceEnvelopeRaw(body, raw);
  } catch {
    return undefined;
  }
}

const WHOLE_BINARY_MARKER = 'protobuf body of a Secret or TokenRequest that could not be decoded';

/**
 * The one entry point for a whole body, request or response: text (JSON, JSON lines, YAML, anything
 * else) comes back as redacted text; a protobuf body as redacted bytes, or as a marker when it belongs to
 * a Secret or a TokenRequest and cannot be decoded; other bytes unchanged.
 */
export function redactBody(body: Uint8Array | string, context: BodyContext = {}): string | Uint8Array {
  if (typeof body === 'string') return redactBodyText(body, context);
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (isProtobufEnvelope(buf) || /protobuf/i.test(context.contentType ?? '')) {
    const redacted = redactProtobuf(buf, context);
    if (redacted) return redacted === buf ? body : redacted;
    return isSecretOrTokenPath(context) ? marker(WHOLE_BINARY_MARKER) : buf;
  }
  if (isText(buf)) return redactBodyText(buf.toString('utf8'), context);
  return isSecretOrTokenPath(context) ? marker('binary body of a Secret or TokenRequest') : body;
}

/**
 * A relayed request as the proxy log and the record report print it (a curl line): its body redacted as
 * a recording keeps it, so a Secret applied through `kcurl proxy` or `kcurl record` is not shown.
 */
export function redactRelayedBody<T extends { target: string; headers: [string, string][]; body?: Uint8Array }>(r: T): T {
  if (!r.body?.length) return r;
  const body = redactBody(r.body, { path: r.target.split('?')[0], contentType: headerValue(r.headers, 'content-type') });
  return body === r.body ? r : { ...r, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
}

/**
 * Redacts a streamed text body line by line: complete lines are redacted and returned as soon as they
 * arrive; a partial line waits for its newline (or for flush at the end of the stream). A PEM private
 * key block, which spans lines in a plain-text stream (logs -f), is held back until its END line.
 */
export class LineRedactor {
  #pending = '';
  constructor(private readonly context: BodyContext = {}) {}
  push(text: string): string {
    const all = this.#pending + text;
    let cut = all.lastIndexOf('\n');
    // An unterminated private key block waits whole (up to a bound, so a stream cannot grow memory forever).
    const open = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?![\s\S]*-----END [A-Z0-9 ]*PRIVATE KEY-----)/.exec(all);
    if (open && all.length - open.index < 1 << 20) cut = all.lastIndexOf('\n', open.index);
    if (cut < 0) {
      this.#pending = all;
      return '';
    }
    this.#pending = all.slice(cut + 1);
    return (
      redactPrivateKeys(all.slice(0, cut))
        .split('\n')
        .map((l) => redactJsonLine(l, this.context))
        .join('\n') + '\n'
    );
  }
  flush(): string {
    const rest = this.#pending;
    this.#pending = '';
    return rest
      ? redactPrivateKeys(
          rest
            .split('\n')
            .map((l) => redactJsonLine(l, this.context))
            .join('\n'),
        )
      : '';
  }
}

/**
 * Redacts a streamed body chunk by chunk, as the recorder and the proxy receive it: text line by line
 * (JSON watch events, log lines), a protobuf watch frame by frame (4-byte big-endian length, then a
 * `k8s\0` WatchEvent). Each push returns what may be kept now: text, bytes, or '' while waiting for the
 * rest of a line or frame. A protobuf frame of a Secret or TokenRequest stream that cannot be decoded
 * ends the kept body with one marker.
 */
export class BodyStreamRedactor {
  readonly #lines: LineRedactor;
  // A UTF-8 character split between two chunks is decoded once both have arrived.
  readonly #text = new TextDecoder('utf-8');
  #frames: Buffer = Buffer.alloc(0);
  #dropped = false;
  constructor(private readonly context: BodyContext) {
    this.#lines = new LineRedactor(context);
  }
  /** A protobuf stream (decided by the response's Content-Type). */
  get protobuf(): boolean {
    return /protobuf/i.test(this.context.contentType ?? '');
  }
  push(chunk: Uint8Array): string | Buffer {
    if (!this.protobuf) return this.#lines.push(this.#text.decode(chunk, { stream: true }));
    if (this.#dropped) return '';
    this.#frames = Buffer.concat([this.#frames, chunk]);
    const out: Buffer[] = [];
    while (this.#frames.length >= 4) {
      const len = this.#frames.readUInt32BE(0);
      if (this.#frames.length < 4 + len) break;
      const frame = this.#frames.subarray(4, 4 + len);
      this.#frames = this.#frames.subarray(4 + len);
      const redacted = redactProtobuf(frame, this.context);
      if (!redacted) {
        if (!isSecretOrTokenPath(this.context)) {
          out.push(lengthPrefix(frame.length), frame);
          continue;
        }
        this.#dropped = true;
        this.#frames = Buffer.alloc(0);
        return out.length ? Buffer.concat(out) : marker(WHOLE_BINARY_MARKER);
      }
      out.push(lengthPrefix(redacted.length), redacted);
    }
    return out.length ? Buffer.concat(out) : '';
  }
  flush(): string | Buffer {
    if (!this.protobuf) return this.#lines.push(this.#text.decode()) + this.#lines.flush();
    const rest = this.#frames;
    this.#frames = Buffer.alloc(0);
    // A frame cut off mid-way: its bytes cannot be checked, so a Secret stream keeps none of them.
    if (!rest.length || this.#dropped) return '';
    return isSecretOrTokenPath(this.context) ? marker('incomplete protobuf frame of a Secret or TokenRequest stream') : rest;
  }
}

function lengthPrefix(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/**
 * A snippet model whose request bodies sent to Secret URLs are redacted as recordings keep them (a request's
 * TokenRequest carries no token yet, so it stays runnable as written).
 */
export function redactSnippetBodies(model: Snippet): Snippet {
  return {
    ...model,
    requests: model.requests.map((r) =>
      r.body && SECRET_PATH.test(r.url.path)
        ? { ...r, body: { ...r.body, text: redactBodyText(r.body.text, { path: r.url.path, contentType: r.body.contentType }) } }
        : r,
    ),
  };
}
