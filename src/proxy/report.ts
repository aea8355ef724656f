// How a relayed request is shown: its REST line (with discovery labelled) and the equivalent direct curl
// line against the API server, using the same credential preamble variables as kcurl's snippets.
import type { Credentials } from '../kube/credentials-types.js';
import type { HttpMethod, RequestStep } from '../plan/request-plan.js';
import { curlForStep } from '../render/curl.js';
import type { Preamble } from '../render/credential-preamble.js';
import { shellComment } from '../render/shell-quote.js';
import { isText } from '../record/exchange.js';
import { requestAsJson } from '../record/protobuf-json.js';
import { isProtobufEnvelope } from '../protobuf/codec.js';
import { HOP_BY_HOP } from '../http/headers.js';

/**
 * Headers that belong to the connection or to the client program, not to the API call (a browser's cookies
 * included: they are the browser's credentials, never the API server's).
 */
const NOT_SHOWN = new Set([
  ...HOP_BY_HOP,
  'host',
  'proxy-authorization',
  'content-length',
  'authorization',
  'user-agent',
  'accept-encoding',
  'x-forwarded-for',
  'expect',
  'cookie',
]);

/** Go's textproto.CanonicalMIMEHeaderKey: "kubectl-command" → "Kubectl-Command". */
export function canonicalHeader(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** What a discovery-type request is for, or undefined for an API call. */
export function requestLabel(method: string, target: string): string | undefined {
  if (method !== 'GET') return undefined;
  const path = target.split('?')[0].replace(/\/+$/, '');
  if (path === '/api' || path === '/apis' || /^\/api\/v1$/.test(path) || /^\/apis\/[^/]+(\/[^/]+)?$/.test(path)) return 'discovery';
  if (path.startsWith('/openapi/') || path === '/openapi' || path === '/swagger.json') return 'openapi';
  if (path === '/version') return 'version';
  return undefined;
}

export interface ShownRequest {
  method: string;
  target: string;
  headers: [string, string][];
  /** The body when it is complete and small enough to show. */
  body?: Uint8Array;
  /** The body's size, also when it is not shown. */
  bodyBytes?: number;
  streaming: boolean;
}

/**
 * The request as a plan step (the raw target kept verbatim as the path), protobuf shown as JSON
 * (src/record/protobuf-json.ts: the caller says so once, with convertedNote).
 */
export function shownStep(r: ShownRequest): RequestStep {
  const json = requestAsJson(r.headers, r.body);
  const headers = json.headers.filter(([k]) => !NOT_SHOWN.has(k.toLowerCase())).map(([k, v]): [string, string] => [canonicalHeader(k), v]);
  const text = json.body?.length && isText(json.body) ? Buffer.from(json.body).toString('utf8') : undefined;
  return {
    method: r.method as HttpMethod,
    path: r.target,
    query: [],
    headers,
    ...(text !== undefined ? { body: text } : {}),
    stream: r.streaming,
    purpose: `${r.method} ${r.target}`,
    role: (requestLabel(r.method, r.target) === 'discovery' ? 'discovery' : 'call') as RequestStep['role'],
  };
}

/**
 * One curl command on one line; protobuf bodies shown as JSON (shownStep), other binary and large bodies
 * described in a trailing comment, not inlined. `sayConverted` adds a trailing comment to a line shown as
 * JSON (a log line by line); a report says it once for all its calls (convertedNote) instead.
 * Redaction (unless --reveal) is the caller's: redactRelayedBody in src/record/redact.ts, before this.
 */
export function curlLine(r: ShownRequest, _creds: Credentials, preamble: Preamble, opts: { sayConverted?: boolean } = {}): string {
  const step = shownStep(r);
  const line = curlForStep(step, preamble);
  if (opts.sayConverted) {
    const { converted } = requestAsJson(r.headers, r.body);
    if (converted.body) return `${line}  ${shellComment('sent as protobuf, shown as the JSON it encodes')}`;
    if (converted.accept) return `${line}  ${shellComment('asked for protobuf, shown asking for JSON')}`;
  }
  if (r.body?.length && step.body === undefined) {
    const what = isProtobufEnvelope(r.body) ? ' (protobuf that kcurl cannot decode)' : '';
    return `${line}  ${shellComment(`plus a binary body of ${r.body.length} bytes${what}, not shown`)}`;
  }
  if (!r.body?.length && r.bodyBytes) return `${line}  ${shellComment(`plus a body of ${r.bodyBytes} bytes, not shown`)}`;
  return line;
}
