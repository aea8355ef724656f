// Writing responses the way kube-apiserver does: JSON (or YAML when asked) with its usual headers,
// Status bodies for errors, `Warning: 299 - "…"` headers, and request bodies read under the 3 MiB limit.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants as zlibConstants, gzipSync } from 'node:zlib';
import { stringify as toYaml } from 'yaml';
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
}

/**
 * The JSON serializer's two forms: json.Encoder (compact, one trailing newline) or, for a pretty request,
 * json.MarshalIndent with two spaces and no trailing newline.
 */
function jsonPayload(res: ServerResponse, body: unknown, opts: ReplyOptions): Buffer | Buffer[] {
  const req = res.req;
  const url = req?.url ?? '';
  const q = url.indexOf('?');
  const pretty = opts.rawJson || (req !== undefined && wantsPretty(q < 0 ? '' : url.slice(q + 1), req.headers['user-agent'], req.headers.accept));
  if (pretty) return Buffer.from(JSON.stringify(body, null, 2));
  return compactJson(body);
}

/** Encoded pieces of a list body are gathered into buffers of about this many characters. */
const PIECE_CHARS = 1 << 16;

/**
 * JSON.stringify(body) + '\n' as buffers. A list (an object whose last key is an `items` array) is encoded item by
 * item into 64 kB pieces, so a list of 20,000 pods is never one 45 MB string next to its 45 MB UTF-8 copy.
 * The bytes are JSON.stringify's: the same keys in the same order, `null` for an item it would write as null.
 */
export function compactJson(body: unknown): Buffer | Buffer[] {
  const items = listItems(body);
  if (!items || items.length < 2) return Buffer.from(JSON.stringify(body) + '\n');
  const { items: _items, ...head } = body as Record<string, unknown>;
  const headJson = JSON.stringify(head);
  const pieces: Buffer[] = [];
  let cur = headJson.length > 2 ? `${headJson.slice(0, -1)},"items":[` : '{"items":[';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    cur += (i ? ',' : '') + (JSON.stringify(item) ?? 'null');
    if (cur.length >= PIECE_CHARS) {
      pieces.push(Buffer.from(cur));
      cur = '';
    }
  }
  pieces.push(Buffer.from(`${cur}]}\n`));
  return pieces;
}

/** The `items` array of a body whose last own key is `items` and that JSON.stringify writes key by key. */
function listItems(body: unknown): unknown[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body)) return undefined;
  if (typeof (body as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const keys = Object.keys(body);
  if (keys[keys.length - 1] !== 'items') return undefined;
  const items = (body as { items: unknown }).items;
  if (!Array.isArray(items) || typeof (items as { toJSON?: unknown }).toJSON === 'function') return undefined;
  return items;
}

export function sendObject(res: ServerResponse, code: number, body: unknown, opts: ReplyOptions = {}): void {
  baseHeaders(res);
  if (opts.warnings?.length) res.setHeader('Warning', warningHeaders(opts.warnings));
  for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
  let payload: Buffer | Buffer[];
  if (opts.negotiated?.format === 'yaml') {
    payload = Buffer.from(toYaml(body, { aliasDuplicateObjects: false }));
    res.setHeader('Content-Type', 'application/yaml');
  } else {
    payload = Buffer.isBuffer(body) ? body : jsonPayload(res, body, opts);
    res.setHeader('Content-Type', opts.contentType ?? 'application/json');
  }
  let length = Array.isArray(payload) ? payload.reduce((n, b) => n + b.length, 0) : payload.length;
  if (length > GZIP_THRESHOLD_BYTES && acceptsGzip(res)) {
    payload = gzipSync(Array.isArray(payload) ? Buffer.concat(payload, length) : payload, { level: 1, strategy: zlibConstants.Z_DEFAULT_STRATEGY });
    length = payload.length;
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
  }
  res.setHeader('Content-Length', length);
  res.writeHead(code);
  if (res.req?.method === 'HEAD') res.end();
  else if (Array.isArray(payload)) {
    // One corked write: the pieces leave together (one writev), not a TLS record per piece as they are queued.
    res.cork();
    for (const piece of payload) res.write(piece);
    res.end();
  } else res.end(payload);
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
