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
function jsonPayload(res: ServerResponse, body: unknown, opts: ReplyOptions): Buffer {
  const req = res.req;
  const url = req?.url ?? '';
  const q = url.indexOf('?');
  const pretty = opts.rawJson || (req !== undefined && wantsPretty(q < 0 ? '' : url.slice(q + 1), req.headers['user-agent'], req.headers.accept));
  return Buffer.from(pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body) + '\n');
}

export function sendObject(res: ServerResponse, code: number, body: unknown, opts: ReplyOptions = {}): void {
  baseHeaders(res);
  if (opts.warnings?.length) res.setHeader('Warning', warningHeaders(opts.warnings));
  for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
  let payload: Buffer;
  if (opts.negotiated?.format === 'yaml') {
    payload = Buffer.from(toYaml(body, { aliasDuplicateObjects: false }));
    res.setHeader('Content-Type', 'application/yaml');
  } else {
    payload = Buffer.isBuffer(body) ? body : jsonPayload(res, body, opts);
    res.setHeader('Content-Type', opts.contentType ?? 'application/json');
  }
  if (payload.length > GZIP_THRESHOLD_BYTES && acceptsGzip(res)) {
    payload = gzipSync(payload, { level: 1, strategy: zlibConstants.Z_DEFAULT_STRATEGY });
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
  }
  res.setHeader('Content-Length', payload.length);
  res.writeHead(code);
  res.end(res.req?.method === 'HEAD' ? undefined : payload);
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
