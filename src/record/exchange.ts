// The recorded form of one HTTP exchange, shared by the journal (.jsonl), the HAR writer, replay and
// the proxy. Headers keep their order and repeats; bodies are UTF-8 text or base64 for binary bytes.

export { headerPairs, headerRecord } from '../http/headers.js';

export interface RecordedBody {
  /** The body as text; base64 of the bytes when encoding is "base64". */
  text: string;
  encoding?: 'base64';
  /** The body's real size in bytes (before redaction). */
  size: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: RecordedBody;
}

export interface RecordedResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: RecordedBody;
}

export interface Exchange {
  id: string;
  /** ISO time the request started. */
  startedDateTime: string;
  /** The command line that made (kcurl) or relayed (kcurl proxy/record) the request. */
  command: string;
  /** Where the credentials came from, never their value ("kubeconfig … user token"). */
  credentials: string;
  /** Who sent it: "kcurl" for kcurl's own requests, the client's address for relayed ones. */
  client: string;
  /** discovery, openapi, lookup or call (kcurl's own requests), when known. */
  role?: string;
  request: RecordedRequest;
  /** Absent when the request failed before a response arrived (see error). */
  response?: RecordedResponse;
  timings: { waitMs: number; receiveMs: number };
  /** The response body was read as a stream (watch, follow). */
  streamed: boolean;
  /** False for a stream cut off before it ended (Ctrl-C, kill -9, a dropped connection). */
  complete: boolean;
  error?: string;
  /** Values were kept (--reveal). */
  revealed?: boolean;
}

export function headerValue(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** Decodes recorded body bytes. */
export function bodyBytes(body: RecordedBody | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  return body.encoding === 'base64' ? Buffer.from(body.text, 'base64') : Buffer.from(body.text, 'utf8');
}

/**
 * Appends a chunk (text, or base64 of bytes) to a recorded body. Once any chunk is binary the whole body
 * is kept as base64. The body's size is left to the caller (it counts the bytes before redaction).
 */
export function appendBodyData(body: RecordedBody, data: string, encoding?: 'base64'): void {
  if (encoding === 'base64' || body.encoding === 'base64') {
    body.text = Buffer.concat([bodyBytes(body), Buffer.from(data, encoding === 'base64' ? 'base64' : 'utf8')]).toString('base64');
    body.encoding = 'base64';
  } else body.text += data;
}

/** True when the bytes are valid UTF-8 without NULs (so they can be kept as text). */
export function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
