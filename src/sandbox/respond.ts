// Writing responses the way kube-apiserver does: JSON (or YAML when asked) with its usual headers,
// Status bodies for errors, `Warning: 299 - "…"` headers, and request bodies read under the 3 MiB limit.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32, deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { stringify as toYaml } from 'yaml';
import { drained } from '../http/drained.js';
import { type ApiError, tooLarge } from './api-error.js';
import { wantsPretty, type Negotiated } from './negotiation.js';

/** kube-apiserver's --max-request-body-bytes default for resource requests. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** responsewriters: bodies larger than this are gzipped (level 1) for clients that accept gzip. */
const GZIP_THRESHOLD_BYTES = 128 * 1024;

const acceptsGzip = (res: ServerResponse) => /(^|,)\s*gzip\s*(;|,|$)/i.test(String(res.req?.headers['accept-encoding'] ?? ''));

export function baseHeaders(res: ServerResponse): void {
  res.setHeader('Audit-Id', randomUUID());
  res.setHeader('Cache-Control', 'no-cache, private');
}

/** `Warning` headers (RFC 7234 code 299), one per message, as kube-apiserver adds them. */
export function warningHeaders(messages: string[]): string[] {
  return [...new Set(messages)].map((m) => `299 - ${JSON.stringify(m)}`);
}

export interface ReplyOptions {
  negotiated?: Negotiated;
  contentType?: string;
  headers?: Record<string, string | string[]>;
  warnings?: string[];
  /** responsewriters.WriteRawJSON (/version, the root paths): always indented, whoever asks. */
  rawJson?: boolean;
  /** JSON.stringify of one element of a list's items or a Table's rows, when the caller has a quicker way to it. */
  encodeElement?: (element: unknown) => string;
}

/**
 * The JSON serializer's two forms: json.Encoder (compact, one trailing newline) or, for a pretty request,
 * json.MarshalIndent with two spaces and no trailing newline. Compact bodies come as pieces made as they are read.
 */
function jsonPayload(res: ServerResponse, body: unknown, opts: ReplyOptions): Iterable<Buffer> {
  const req = res.req;
  const url = req?.url ?? '';
  const q = url.indexOf('?');
  const pretty = opts.rawJson || (req !== undefined && wantsPretty(q < 0 ? '' : url.slice(q + 1), req.headers['user-agent'], req.headers.accept));
  if (pretty) return [Buffer.from(JSON.stringify(body, null, 2))];
  return compactJsonPieces(body, opts.encodeElement);
}

/** Encoded pieces of a list body are gathered into buffers of about this many characters. */
const PIECE_CHARS = 1 << 16;

/**
 * JSON.stringify(body) + '\n' as buffers. A list (an object whose last key is an `items` array) or a Table (whose
 * last key is `rows`) is encoded element by element into 64 kB pieces, so a list of 20,000 pods is never one 45 MB
 * string next to its 45 MB UTF-8 copy, and a page of 500 is never one string of megabytes (V8 keeps strings that
 * large in its large-object space until a full collection, so each page's would pile up until then).
 * The bytes are JSON.stringify's: the same keys in the same order, `null` for an element it would write as null.
 */
export function compactJson(body: unknown): Buffer | Buffer[] {
  const pieces = [...compactJsonPieces(body)];
  return pieces.length === 1 ? pieces[0] : pieces;
}

/** compactJson's pieces, each made when it is asked for (a gzipped body never holds the uncompressed whole). */
function* compactJsonPieces(body: unknown, encode: (element: unknown) => string | undefined = JSON.stringify): Generator<Buffer> {
  const list = lastArray(body);
  if (!list || list.elements.length < 2) {
    yield Buffer.from(JSON.stringify(body) + '\n');
    return;
  }
  const { [list.key]: _elements, ...head } = body as Record<string, unknown>;
  const headJson = JSON.stringify(head);
  const open = `"${list.key}":[`;
  let cur = headJson.length > 2 ? `${headJson.slice(0, -1)},${open}` : `{${open}`;
  const elements = list.elements;
  for (let i = 0; i < elements.length; i++) {
    cur += (i ? ',' : '') + (encode(elements[i]) ?? 'null');
    if (cur.length >= PIECE_CHARS) {
      yield Buffer.from(cur);
      cur = '';
    }
  }
  yield Buffer.from(`${cur}]}\n`);
}

/** The array under a body's last own key when that key is `items` or `rows` and JSON.stringify writes it key by key. */
function lastArray(body: unknown): { key: 'items' | 'rows'; elements: unknown[] } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body)) return undefined;
  if (typeof (body as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const keys = Object.keys(body);
  const key = keys[keys.length - 1];
  if (key !== 'items' && key !== 'rows') return undefined;
  const elements = (body as Record<string, unknown>)[key];
  if (!Array.isArray(elements) || typeof (elements as { toJSON?: unknown }).toJSON === 'function') return undefined;
  return { key, elements };
}

// gzip's member header (no name, no mtime; OS "unknown", as Go's compress/gzip writes it) and the options of
// responsewriters' gzip writer (level 1).
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const DEFLATE_OPTIONS = { level: 1, strategy: zlibConstants.Z_DEFAULT_STRATEGY };

/**
 * One gzip member of the concatenated pieces, compressed a piece at a time: each piece is deflated on its own and
 * flushed to a byte boundary (Z_SYNC_FLUSH), and the streams are joined, as pigz joins blocks it compressed apart,
 * then an empty final block and the trailer (CRC-32 and length of the whole). Only the compressed output is held:
 * never the uncompressed body as one buffer, nor a copy of it.
 */
export function gzipPieces(pieces: Iterable<Buffer>): Buffer[] {
  const out: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    crc = crc32(piece, crc);
    size += piece.length;
    out.push(deflateRawSync(piece, { ...DEFLATE_OPTIONS, finishFlush: zlibConstants.Z_SYNC_FLUSH }));
  }
  out.push(deflateRawSync(Buffer.alloc(0), DEFLATE_OPTIONS));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  out.push(trailer);
  return out;
}

export function sendObject(res: ServerResponse, code: number, body: unknown, opts: ReplyOptions = {}): void {
  baseHeaders(res);
  if (opts.warnings?.length) res.setHeader('Warning', warningHeaders(opts.warnings));
  for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
  let pieces: Iterable<Buffer>;
  if (opts.negotiated?.format === 'yaml') {
    pieces = [Buffer.from(toYaml(body, { aliasDuplicateObjects: false }))];
    res.setHeader('Content-Type', 'application/yaml');
  } else {
    pieces = Buffer.isBuffer(body) ? [body] : jsonPayload(res, body, opts);
    res.setHeader('Content-Type', opts.contentType ?? 'application/json');
  }
  // The pieces up to the gzip threshold decide; a body past it is compressed as the rest of it is made.
  const iterator = pieces[Symbol.iterator]();
  const first: Buffer[] = [];
  let length = 0;
  while (length <= GZIP_THRESHOLD_BYTES) {
    const next = iterator.next();
    if (next.done) break;
    first.push(next.value);
    length += next.value.length;
  }
  let payload: Buffer[];
  if (length > GZIP_THRESHOLD_BYTES && acceptsGzip(res)) {
    payload = gzipPieces(
      (function* () {
        yield* first.splice(0);
        for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
      })(),
    );
    length = payload.reduce((n, b) => n + b.length, 0);
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
  } else {
    payload = first;
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      payload.push(next.value);
      length += next.value.length;
      if (length > STREAM_THRESHOLD_BYTES) {
        // A list this large (unpaged, to a client that takes no gzip) is written as it is made, waiting for the
        // socket to drain, with no Content-Length (chunked, as kube-apiserver writes any large body): neither the
        // whole body nor its TLS records pile up in the sandbox.
        res.writeHead(code);
        if (res.req?.method === 'HEAD') res.end();
        else void writeDrained(res, payload, iterator);
        return;
      }
    }
  }
  res.setHeader('Content-Length', length);
  res.writeHead(code);
  if (res.req?.method === 'HEAD') res.end();
  else if (payload.length > 1) {
    // One corked write: the pieces leave together (one writev), not a TLS record per piece as they are queued.
    res.cork();
    for (const piece of payload) res.write(piece);
    res.end();
  } else res.end(payload[0]);
}

/** Uncompressed bodies up to this size are sent whole with a Content-Length; larger ones as they are made. */
const STREAM_THRESHOLD_BYTES = 8 * 1024 * 1024;

/** Writes `first`, then what `rest` makes, each piece once the response has room for it; stops if the client goes. */
async function writeDrained(res: ServerResponse, first: Buffer[], rest: Iterator<Buffer>): Promise<void> {
  const pieces = (function* () {
    yield* first.splice(0);
    for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
  })();
  try {
    for (const piece of pieces) {
      if (res.destroyed) return;
      if (!res.write(piece)) await drained(res);
    }
  } catch {
    // The headers are out: a body that cannot be finished ends the connection, as a broken stream does.
    res.destroy();
    return;
  }
  if (!res.destroyed) res.end();
}

export function sendError(res: ServerResponse, err: ApiError, warnings: string[] = []): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendObject(res, err.code, err.toStatus(), { warnings });
}

export function sendText(res: ServerResponse, code: number, text: string, headers: Record<string, string> = {}): void {
  baseHeaders(res);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.writeHead(code);
  res.end(text);
}

/** Reads the request body; more than `limit` bytes is a 413 (the rest is drained, not buffered). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}
