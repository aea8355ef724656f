// The one executor: sends RequestPlan steps with the resolved credentials over a Transport (node-transport.ts or
// undici-transport.ts in production). Streaming steps yield chunks as they arrive.
import type { Duplex, Readable } from 'node:stream';
import type { ChunkSink, Transport, TransportRequest } from './transport.js';
import { pushedFrom } from './pushed-stream.js';
import { KcurlError } from '../errors.js';
import { HOP_BY_HOP, headerPairs, headerRecord } from './headers.js';
import { impersonationHeaders, validHeaderValue, wireHeaderValue } from './impersonation.js';
import { tlsFailure } from './tls-failure.js';
import { type Io, monotonicMs } from '../io.js';
import type { Credentials } from '../kube/credentials-types.js';
import { parseDuration } from '../kube/duration.js';
import { type RequestStep, serverBase, stepUrl } from '../plan/request-plan.js';
import { type BodyRedaction, VerboseLog } from './verbosity.js';
import type { ExchangeRecording, RequestStart } from '../record/recorder.js';

export interface StepResponse {
  step: RequestStep;
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  /** Buffered body (non-streaming steps). */
  body: string;
  durationMs: number;
}

export interface StreamResponse extends Omit<StepResponse, 'body'> {
  chunks: AsyncIterable<Uint8Array>;
  /** Stops the stream (Ctrl-C, --request-timeout). */
  cancel(): void;
}

/** A client's request as a proxy relays it: any method, the raw target, its own headers, raw body bytes. */
export interface RelayRequest {
  method: string;
  /** Path and query exactly as the client sent them (appended to the server URL). */
  target: string;
  headers: [string, string][];
  /** Bytes, or a stream passed on as it arrives (a proxied upload; its Content-Length header is kept). */
  body?: Uint8Array | Readable;
}

export interface RelayResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  /**
   * The body as it arrives, never buffered (watches, follows), pushed to the sink (once); false from the sink's
   * data() holds the rest until resume(). pulledChunks (src/http/pushed-stream.ts) reads it as a loop instead.
   */
  pipe(sink: ChunkSink): void;
  resume(): void;
  /** The headers sent upstream (credentials included: redact before showing). */
  sentHeaders: [string, string][];
  url: string;
  cancel(): void;
}

export interface RelayUpgrade {
  headers: [string, string][];
  socket: Duplex;
  sentHeaders: [string, string][];
  url: string;
}

/** The answer to an upgrade step: the socket after 101 Switching Protocols, else the server's buffered answer. */
export interface UpgradeResponse extends StepResponse {
  socket?: Duplex;
}

export interface Executor {
  send(step: RequestStep): Promise<StepResponse>;
  /**
   * Sends a step that asks to switch protocols (its Upgrade header: websocket for exec and attach, SPDY/3.1 for
   * kubectl's fallback); the caller speaks the new protocol over the socket.
   */
  upgrade(step: RequestStep): Promise<UpgradeResponse>;
  stream(step: RequestStep): Promise<StreamResponse>;
  /**
   * Relays a request for kcurl proxy. Like kubectl proxy, the resolved credentials are added only when
   * the client sent no Authorization of its own.
   */
  relay(req: RelayRequest): Promise<RelayResponse>;
  /** Relays an upgrade request (exec, attach, port-forward) and returns the upstream socket after 101. */
  relayUpgrade(req: RelayRequest): Promise<RelayUpgrade>;
  close(): Promise<void>;
}

export interface ExecutorOptions {
  verbosity: number;
  userAgent: string;
  /** What moves the bytes: createNodeTransport or createUndiciTransport in production, canned answers in tests. */
  transport: Transport;
  /** --record: every exchange, streamed bodies chunk by chunk, goes here. */
  recorder?: { begin(start: RequestStart): ExchangeRecording };
  /** Redacts the bodies -v 8 and up print (the recorder's redaction; absent with --reveal). */
  redactBody?: BodyRedaction;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function authHeaders(creds: Credentials): Record<string, string | string[]> {
  const h: Record<string, string | string[]> = {};
  const token = creds.token?.value?.reveal();
  if (token !== undefined) h.authorization = `Bearer ${token}`;
  else if (creds.basic) {
    h.authorization = 'Basic ' + Buffer.from(`${creds.basic.username.value}:${creds.basic.password.value.reveal()}`).toString('base64');
  }
  for (const [name, value] of impersonationHeaders(creds.impersonate)) {
    const k = name.toLowerCase();
    const prev = h[k];
    h[k] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return h;
}

/**
 * The header pairs as they go on the wire, values carrying the same bytes kubectl sends (see wireHeaderValue). A
 * value with a control character (a token or plugin output with a line break) stops the request with kubectl's
 * words, instead of the HTTP library's, and without the value (it may be a credential).
 */
function wireHeaders(headers: Record<string, string | string[]>): [string, string][] {
  for (const [k, v] of Object.entries(headers)) {
    if (!(Array.isArray(v) ? v : [v]).every(validHeaderValue)) {
      const name = k.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
      throw new KcurlError('KCURL_CREDENTIALS', `net/http: invalid header field value for "${name}": it holds a line break or control character`, {
        hint:
          name === 'Authorization'
            ? 'the bearer token (or user name/password) must be one line; check the kubeconfig user, token file or exec plugin output'
            : undefined,
      });
    }
  }
  return headerPairs(headers).map(([k, v]) => [k, wireHeaderValue(v)]);
}

/** A response's header pairs as the record StepResponse carries (names lower-cased, repeats as arrays). */
function responseHeaders(pairs: [string, string][]): Record<string, string | string[]> {
  return headerRecord(pairs.map(([k, v]) => [k.toLowerCase(), v]));
}

export function createExecutor(io: Io, creds: Credentials, options: ExecutorOptions): Executor {
  const { transport } = options;
  const log = new VerboseLog(io, options.verbosity, creds, options.redactBody);
  const timeoutMs = creds.requestTimeout ? parseDuration(creds.requestTimeout) : 0;

  /** Everything before the transport: URL, headers, -v request lines, the recording's start, the timeout. */
  function prepare(step: RequestStep, stream: boolean, controller: AbortController | undefined) {
    const url = stepUrl(creds.server.value, step);
    const headers: Record<string, string | string[]> = { 'user-agent': options.userAgent };
    for (const [k, v] of step.headers) headers[k.toLowerCase()] = v;
    Object.assign(headers, authHeaders(creds));
    log.request(step, url, headers);
    const wire = wireHeaders(headers);
    const rec = options.recorder?.begin({
      method: step.method,
      url,
      headers: headerPairs(headers),
      body: step.body,
      stream,
      role: step.role,
    });
    const started = monotonicMs();
    const timer = controller && timeoutMs > 0 ? setTimeout(() => controller.abort(new Error('timeout')), timeoutMs) : undefined;
    const request: TransportRequest = { method: step.method, url, headers: wire, body: step.body, signal: controller?.signal, timeoutMs };
    const fail = (err: unknown): KcurlError => {
      if (timer) clearTimeout(timer);
      log.failure(step, url, monotonicMs() - started, err);
      const failure = networkError(err, creds, timeoutMs);
      rec?.end(failure.message);
      return failure;
    };
    return { request, url, started, timer, rec, fail };
  }

  let relayAuth: [string, string][] | undefined;

  return {
    async send(step) {
      // Without --request-timeout nothing can abort a sent step, so it gets no AbortController: making one and
      // listening on its signal compiles Node's EventTarget code, a measurable part of a single call.
      const { request, url, started, timer, rec, fail } = prepare(step, false, timeoutMs > 0 ? new AbortController() : undefined);
      let res;
      try {
        res = await transport.send(request);
      } catch (err) {
        throw fail(err);
      }
      if (timer) clearTimeout(timer);
      rec?.response({ status: res.status, statusText: STATUS_TEXT[res.status] ?? '', headers: res.headers });
      rec?.body(res.body);
      rec?.end();
      const response: StepResponse = {
        step,
        status: res.status,
        statusText: STATUS_TEXT[res.status] ?? '',
        headers: responseHeaders(res.headers),
        body: res.body,
        durationMs: monotonicMs() - started,
      };
      log.response(step, url, response);
      return response;
    },
    async upgrade(step) {
      if (!transport.upgradeOrAnswer) throw new KcurlError('KCURL_INTERNAL', 'internal: this transport cannot send upgrade requests');
      const { request, url, started, timer, rec, fail } = prepare(step, true, new AbortController());
      // undici writes Connection: upgrade and the Upgrade header itself.
      const protocol = request.headers.find(([k]) => k === 'upgrade')?.[1] ?? 'websocket';
      let res;
      try {
        res = await transport.upgradeOrAnswer({ ...request, headers: request.headers.filter(([k]) => k !== 'upgrade' && k !== 'connection'), protocol });
      } catch (err) {
        throw fail(err);
      }
      if (timer) clearTimeout(timer);
      const statusText = res.status === 101 ? 'Switching Protocols' : (STATUS_TEXT[res.status] ?? '');
      rec?.response({ status: res.status, statusText, headers: res.headers });
      const body = 'body' in res ? res.body : '';
      if (body) rec?.body(body);
      if ('socket' in res) res.socket.once('close', () => rec?.end());
      else rec?.end();
      const response: UpgradeResponse = {
        step,
        status: res.status,
        statusText,
        headers: responseHeaders(res.headers),
        body,
        durationMs: performance.now() - started,
        ...('socket' in res ? { socket: res.socket } : {}),
      };
      log.response(step, url, response);
      return response;
    },
    async stream(step) {
      const controller = new AbortController();
      const { request, url, started, timer, rec, fail } = prepare(step, true, controller);
      let res;
      try {
        res = await transport.stream(request);
      } catch (err) {
        throw fail(err);
      }
      rec?.response({ status: res.status, statusText: STATUS_TEXT[res.status] ?? '', headers: res.headers });
      const durationMs = monotonicMs() - started;
      const head = { step, status: res.status, statusText: STATUS_TEXT[res.status] ?? '', headers: responseHeaders(res.headers), durationMs };
      log.response(step, url, { ...head, body: undefined });
      const body = res.chunks;
      async function* chunks() {
        let ended: string | undefined = 'the reader stopped before the stream ended';
        try {
          for await (const chunk of body) {
            rec?.chunk(chunk);
            yield chunk;
            if (controller.signal.aborted) {
              ended = 'cancelled before the stream ended';
              return;
            }
          }
          ended = undefined;
        } catch (err) {
          if (controller.signal.aborted) {
            ended = 'cancelled before the stream ended';
            return;
          }
          const failure = networkError(err, creds, timeoutMs);
          ended = failure.message;
          throw failure;
        } finally {
          if (timer) clearTimeout(timer);
          rec?.end(ended);
        }
      }
      return {
        ...head,
        chunks: chunks(),
        cancel: () => {
          controller.abort(new Error('cancelled'));
        },
      };
    },
    async relay(req) {
      const url = serverBase(creds.server.value) + req.target;
      const streamed = req.body !== undefined && !(req.body instanceof Uint8Array);
      const headers = relayHeaders(req.headers, false, streamed);
      // No AbortController: one per relayed request cost the proxy about a tenth of its CPU per request
      // (docs/benchmarks.md, "proxy"); the transport's cancel() stops the answer instead. The body is pushed to
      // its reader (PushedStream), without a stream or a promise per chunk in between.
      const request: TransportRequest = {
        method: req.method,
        url,
        headers,
        body: req.body instanceof Uint8Array ? (req.body.length ? Buffer.from(req.body) : undefined) : req.body,
      };
      const res = transport.relay ? await transport.relay(request) : pushedFrom(await transport.stream(request));
      return {
        status: res.status,
        statusText: STATUS_TEXT[res.status] ?? '',
        headers: res.headers,
        sentHeaders: headers,
        url,
        pipe: (sink) => res.pipe(sink),
        resume: () => res.resume(),
        cancel: () => res.cancel(),
      };
    },
    async relayUpgrade(req) {
      if (!transport.upgrade) throw new KcurlError('KCURL_INTERNAL', 'internal: this transport cannot relay upgrade requests');
      const url = serverBase(creds.server.value) + req.target;
      const headers = relayHeaders(req.headers, true);
      const protocol = req.headers.find(([k]) => k.toLowerCase() === 'upgrade')?.[1] ?? 'SPDY/3.1';
      const up = await transport.upgrade({ method: req.method, url, headers: headers.filter(([k]) => k !== 'upgrade' && k !== 'connection'), protocol });
      return { headers: up.headers, socket: up.socket, sentHeaders: headers, url };
    },
    close: () => transport.close(),
  };

  /**
   * The client's headers minus hop-by-hop ones, plus credentials where the client sent none. Expect is
   * answered by the proxy itself (undici does not send it); Content-Length is kept only for a streamed
   * body (undici computes it for bytes, and checks a streamed body against it).
   */
  function relayHeaders(clientHeaders: [string, string][], keepUpgrade = false, keepLength = false): [string, string][] {
    const out: [string, string][] = [];
    for (const [name, v] of clientHeaders) {
      const k = name.toLowerCase();
      if (k === 'upgrade' ? !keepUpgrade : HOP_BY_HOP.has(k) || RELAY_DROPPED.has(k) || (k === 'content-length' && !keepLength)) continue;
      out.push([k, v]);
    }
    const hasAuth = out.some(([k]) => k === 'authorization');
    // The credentials' headers are the same for every relayed request: made once.
    relayAuth ??= Object.entries(authHeaders(creds)).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]));
    for (const pair of relayAuth) if (!(pair[0] === 'authorization' && hasAuth)) out.push(pair);
    return out;
  }
}

/**
 * Headers a relay never passes on besides the hop-by-hop ones: the proxy's own credentials, Host (the target's)
 * and Expect (answered by the proxy itself). Content-Length and Upgrade pass only when relayHeaders is told to.
 */
const RELAY_DROPPED = new Set(['proxy-authorization', 'host', 'expect']);

/** Maps transport (undici/Node) failures to one kubectl-like line with the cause and a way out. */
export function networkError(err: unknown, creds: Credentials, timeoutMs: number): KcurlError {
  if (err instanceof KcurlError) return err;
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const cause = (e?.cause ?? e) as NodeJS.ErrnoException & { reason?: string; hostname?: string };
  const code = cause?.code ?? e?.code ?? '';
  let host = creds.server.value;
  try {
    host = new URL(creds.server.value).host;
  } catch {
    /* keep the raw value */
  }
  const tls = tlsFailure(err);
  if (tls) {
    const hint =
      tls.problem === 'hostname mismatch'
        ? 'set tls-server-name (--tls-server-name) to a name the certificate lists'
        : 'pass the cluster CA with --certificate-authority FILE (or certificate-authority-data in the kubeconfig)';
    return new KcurlError('KCURL_TLS', `Unable to connect to the server ${host}: ${tls.x509} (${cause.message})`, { hint, cause: err });
  }
  if (code === 'ECONNREFUSED') {
    // kubectl says only this; when the kubeconfig's cluster has no server, say why localhost:8080 was dialled.
    const hint =
      creds.server.source.kind === 'default' && creds.clusterName !== undefined
        ? `cluster "${creds.clusterName}" in the kubeconfig has no server, so kubectl's default ${creds.server.value} was used; set clusters[].cluster.server (or pass --server)`
        : undefined;
    return new KcurlError('KCURL_NETWORK', `The connection to the server ${host} was refused - did you specify the right host or port?`, { cause: err, hint });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new KcurlError('KCURL_NETWORK', `Unable to connect to the server: dial tcp: lookup ${cause.hostname ?? host}: no such host`, { cause: err });
  }
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    (e as Error)?.name === 'AbortError' ||
    String((cause as Error)?.message).includes('timeout')
  ) {
    const after = timeoutMs > 0 ? ` after ${timeoutMs / 1000}s (--request-timeout)` : '';
    return new KcurlError('KCURL_NETWORK', `Unable to connect to the server ${host}: request timed out${after}`, { cause: err });
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
    return new KcurlError('KCURL_NETWORK', `the connection to the server ${host} was closed unexpectedly (${cause.message})`, { cause: err });
  }
  if (/certificate|SSL|TLS|tls/.test(String(cause?.message))) {
    return new KcurlError('KCURL_TLS', `Unable to connect to the server ${host}: ${cause.message}`, { cause: err });
  }
  return new KcurlError('KCURL_NETWORK', `Unable to connect to the server ${host}: ${cause?.message ?? String(err)}`, { cause: err });
}
