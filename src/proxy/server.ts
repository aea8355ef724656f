// The kcurl proxy server: kubectl proxy's routing and filter (admit, in filter.ts) in front of the one
// executor's relay. Bodies stream both ways with bounded memory: an upload goes upstream as it arrives
// (Expect: 100-continue answered as Go's server does, when the body is first read), a response goes to
// the client chunk by chunk and waits for a slow reader instead of piling up. Upgrade requests (exec,
// attach, port-forward) are relayed socket to socket; an unreachable API server gives 502 with a Status.
// Every relayed exchange can go to a recorder (bodies kept up to RECORD_LIMIT) and is reported to the
// caller for its one-line log.
import { createReadStream, promises as fsp } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { drained } from '../http/drained.js';
import { pulledChunks } from '../http/pushed-stream.js';
import { type Duplex, Transform } from 'node:stream';
import { join, normalize, resolve as resolvePath } from 'node:path';
import { serverBase } from '../plan/request-plan.js';
import type { Executor } from '../http/execute.js';
import { headerPairs, headerRecord } from '../record/exchange.js';
import type { Recorder } from '../record/recorder.js';
import { type ProxyFilter, type Verdict, admit } from './filter.js';
import { listen } from './listen.js';
import { HOP_BY_HOP } from '../http/headers.js';

/**
 * The most of one body (request or whole response) a recording keeps; past it the body is described, not
 * kept. Above the API server's own 3 MiB limit on request bodies, so every request it accepts is kept whole.
 */
export const RECORD_LIMIT = 8 * 1024 * 1024;
/** The most of a request body shown inline in the proxy's log line. */
export const SHOW_LIMIT = 64 * 1024;
/**
 * How long a client may take to send its request line and headers. kubectl proxy sets no limit; a
 * client trickling headers forever would hold a connection (and its memory) as long as it likes.
 */
export const HEADERS_TIMEOUT_MS = 10_000;

export interface ProxyServerOptions {
  port: number;
  address: string;
  /** Absent with --disable-filter. */
  filter?: ProxyFilter;
  /** With a trailing slash. */
  apiPrefix: string;
  /** --www directory and its prefix (with a trailing slash). */
  www?: string;
  wwwPrefix: string;
  executor: Executor;
  /** The API server URL (for recording requests that never reached it). */
  serverUrl: string;
  recorder?: Recorder;
  /** Serve HTTPS with this certificate (kcurl record, for clients that refuse plain HTTP); plain HTTP without it. */
  tls?: { certPem: string; keyPem: string };
  /** Called once per relayed request when its response head arrives (or it fails). */
  onRelayed?(info: RelayedInfo): void;
  /** Called for a request the filter turned away (403 Forbidden). */
  onRejected?(request: string, why: string): void;
  /** Called when the whole response has been passed on (streams: when they end). */
  onFinished?(info: RelayedInfo & { bytes: number }): void;
}

export interface RelayedInfo {
  method: string;
  /** Path and query as sent to the API server. */
  target: string;
  /** The client's headers as received. */
  headers: [string, string][];
  /** The request body, when it is complete and small enough to show (SHOW_LIMIT). */
  body?: Uint8Array;
  /** The request body's size (also when it is not kept in `body`). */
  bodyBytes?: number;
  status: number;
  statusText: string;
  ms: number;
  client: string;
  upgraded?: boolean;
  error?: string;
  /** The request is a watch or follow (its response is a stream). */
  streaming: boolean;
}

export interface RunningProxy {
  address: string;
  port: number;
  close(): Promise<void>;
}

/** A request whose response is a stream: watches and follows. */
export function isStreamingTarget(target: string): boolean {
  // Most requests name neither: skip parsing their query.
  if (!target.includes('watch') && !target.includes('follow')) return false;
  const q = target.includes('?') ? new URLSearchParams(target.slice(target.indexOf('?') + 1)) : new URLSearchParams();
  const on = (v: string | null) => v === 'true' || v === '1';
  return on(q.get('watch')) || on(q.get('follow')) || /\/watch\//.test(target.split('?')[0]);
}

function statusBody(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }) + '\n';
}

/** Go's http.Error: text/plain, nosniff, the text and a newline. */
function goHttpError(res: ServerResponse, code: number, text: string): void {
  const body = text + '\n';
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function causeOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const c = e?.cause ?? e;
  if (c?.code === 'ECONNREFUSED') return `connection refused (${c.message})`;
  if (c?.code === 'ENOTFOUND') return `no such host (${c.message})`;
  return c?.message ?? String(err);
}

/** Counts the bytes passing through and keeps the first `limit` of them. */
class BodyTap extends Transform {
  bytes = 0;
  ended = false;
  readonly #kept: Buffer[] = [];
  #keptBytes = 0;
  constructor(readonly limit: number) {
    super();
    this.on('end', () => (this.ended = true));
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err: null, chunk: Buffer) => void): void {
    this.bytes += chunk.length;
    if (this.#keptBytes + chunk.length <= this.limit) {
      this.#kept.push(chunk);
      this.#keptBytes += chunk.length;
    }
    done(null, chunk);
  }
  /** The whole body when it has ended within the limit. */
  whole(): Buffer | undefined {
    return this.ended && this.bytes === this.#keptBytes ? Buffer.concat(this.#kept) : undefined;
  }
}

/** Text recorded in place of a body a recording does not keep. */
function notRecorded(what: string): string {
  return `<not recorded: ${what}>`;
}

/** The request carries a body (a length above zero or chunked framing). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** Go's html.EscapeString subset used by http.Redirect. */
function htmlEscape(s: string): string {
  return s.replace(/[&'<>"]/g, (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;' })[c]!);
}

/** The answer for a request admit did not send on, as Go's net/http writes it: status, headers, body. */
function goAnswer(
  verdict: Exclude<Verdict, { kind: 'api' | 'static' }>,
  method: string,
): { code: number; reason: string; headers: [string, string][]; body: string } {
  const plain = (code: number, reason: string, text: string): ReturnType<typeof goAnswer> => ({
    code,
    reason,
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['X-Content-Type-Options', 'nosniff'],
    ],
    body: text + '\n',
  });
  switch (verdict.kind) {
    case 'redirect': {
      // http.Redirect: an HTML body for GET only, the Content-Type for GET and HEAD.
      const headers: [string, string][] = [['Location', verdict.location]];
      if (method === 'GET' || method === 'HEAD') headers.unshift(['Content-Type', 'text/html; charset=utf-8']);
      return {
        code: 301,
        reason: 'Moved Permanently',
        headers,
        body: method === 'GET' ? `<a href="${htmlEscape(verdict.location)}">Moved Permanently</a>.\n\n` : '',
      };
    }
    case 'bad-request':
      // The server's own answer to a request it cannot parse (no nosniff, no newline, connection closed).
      return {
        code: 400,
        reason: 'Bad Request',
        headers: [
          ['Content-Type', 'text/plain; charset=utf-8'],
          ['Connection', 'close'],
        ],
        body: '400 Bad Request',
      };
    case 'not-found':
      return plain(404, 'Not Found', '404 page not found');
    case 'forbidden':
      return plain(403, 'Forbidden', 'Forbidden');
  }
}

export async function startProxyServer(opts: ProxyServerOptions): Promise<RunningProxy> {
  const active = new Set<() => void>();
  const verdictFor = (req: IncomingMessage): Verdict =>
    admit(
      { filter: opts.filter, apiPrefix: opts.apiPrefix, staticPrefix: opts.www ? opts.wwwPrefix : undefined },
      { method: req.method ?? 'GET', target: req.url ?? '/', host: req.headers.host ?? '', origin: req.headers.origin },
    );

  const handle = async (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    const method = req.method ?? 'GET';
    const rawTarget = req.url ?? '/';
    const verdict = verdictFor(req);
    if (verdict.kind === 'static') {
      // A file server reads no body: close the connection after the answer rather than wait for one.
      if (hasBody(req)) res.setHeader('Connection', 'close');
      return serveStatic(opts.www!, verdict.path, res);
    }
    if (verdict.kind !== 'api') {
      if (verdict.kind === 'forbidden') opts.onRejected?.(`${method} ${rawTarget}`, verdict.why);
      const answer = goAnswer(verdict, method);
      // The body is never read: like Go's server, close the connection rather than wait for a body that
      // may be large or, after Expect: 100-continue, never sent.
      const headers = [...answer.headers];
      if (hasBody(req) && !headers.some(([k]) => k === 'Connection')) headers.push(['Connection', 'close']);
      res.writeHead(answer.code, answer.reason, [...headers, ['Content-Length', String(Buffer.byteLength(answer.body))]].flat());
      res.end(answer.body);
      return;
    }
    const target = verdict.target;
    const client = req.socket.remoteAddress ?? '';
    const headers = headerPairs(req.headers);
    const streaming = isStreamingTarget(target);
    const started = performance.now();
    let tap: BodyTap | undefined;
    if (hasBody(req)) {
      // Go's server sends 100 Continue when the handler first reads the body: here, as it starts upstream.
      if (expectsContinue) res.writeContinue();
      tap = new BodyTap(opts.recorder ? Math.max(RECORD_LIMIT, SHOW_LIMIT) : SHOW_LIMIT);
      req.on('error', (err) => tap!.destroy(err));
      req.on('close', () => {
        if (!req.complete) tap!.destroy(new Error('the client closed the connection before sending the whole body'));
      });
      req.pipe(tap);
    }
    const forwarded: [string, string][] = [...headers, ['x-forwarded-for', client.replace(/^::ffff:/, '')]];
    // The request body as recorded and shown: known once it has been passed on (the API server reads it
    // before answering; one that answers early leaves it described instead).
    const requestBody = (): { whole?: Buffer; size: number; recorded?: Buffer | string } => {
      if (!tap) return { size: 0 };
      const whole = tap.whole();
      const size = tap.bytes;
      if (whole && whole.length <= RECORD_LIMIT) return { whole, size, recorded: whole };
      if (!tap.ended) return { size, recorded: notRecorded(`the API server answered after ${size} bytes of the request body; the rest was still arriving`) };
      return { size, recorded: notRecorded(`a request body of ${size} bytes, more than the ${RECORD_LIMIT} bytes a recording keeps`) };
    };
    const info = (status: number, statusText: string, extra: Partial<RelayedInfo> = {}): RelayedInfo => {
      const b = requestBody();
      return {
        method,
        target,
        headers,
        ...(b.whole && b.whole.length <= SHOW_LIMIT && b.whole.length ? { body: b.whole } : {}),
        ...(b.size ? { bodyBytes: b.size } : {}),
        status,
        statusText,
        ms: performance.now() - started,
        client,
        streaming,
        ...extra,
      };
    };
    let upstream;
    try {
      upstream = await opts.executor.relay({ method, target, headers: forwarded, body: tap });
    } catch (err) {
      const cause = causeOf(err);
      const rec = opts.recorder?.begin({
        method,
        url: serverBase(opts.serverUrl) + target,
        headers: forwarded,
        body: requestBody().recorded,
        stream: streaming,
        client,
        startedAt: started,
      });
      rec?.end(`error trying to reach the API server: ${cause}`);
      const text = statusBody(502, 'ServiceUnavailable', `error trying to reach the API server: ${cause}`);
      if (!res.headersSent) {
        res.writeHead(502, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          ...(tap && !tap.ended ? { connection: 'close' } : {}),
        });
        res.end(text);
      } else res.destroy();
      const i = info(502, 'Bad Gateway', { error: cause });
      opts.onRelayed?.(i);
      opts.onFinished?.({ ...i, bytes: 0 });
      return;
    }
    const rec = opts.recorder?.begin({
      method,
      url: upstream.url,
      headers: upstream.sentHeaders,
      body: requestBody().recorded,
      stream: streaming,
      client,
      startedAt: started,
    });
    rec?.response({ status: upstream.status, statusText: upstream.statusText, headers: upstream.headers });
    res.writeHead(upstream.status, headerRecord(upstream.headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()))));
    // A watch or follow shows its head at once (the client waits for it before any event). A whole answer's head
    // goes out with its first bytes, and a body that arrives in one piece ends the response in the same write:
    // one write to the client per answer instead of three (head, body, end), as kubectl proxy's does.
    if (streaming) res.flushHeaders();
    const length = Number(upstream.headers.find(([k]) => k === 'content-length')?.[1] ?? -1);
    const head = info(upstream.status, upstream.statusText);
    opts.onRelayed?.(head);
    let bytes = 0;
    let clientGone = false;
    const cancel = () => {
      clientGone = true;
      upstream.cancel();
    };
    active.add(cancel);
    res.on('close', () => {
      if (!res.writableFinished) cancel();
    });
    // A whole (non-streamed) response is recorded at its end: kept up to RECORD_LIMIT, described past it.
    let kept: Buffer[] | undefined = rec && !streaming ? [] : undefined;
    let keptBytes = 0;
    const resume = () => {
      if (clientGone) cancel();
      else upstream.resume();
    };
    await new Promise<void>((resolve, reject) => {
      upstream.pipe({
        data(chunk) {
          if (clientGone) return false;
          bytes += chunk.length;
          if (streaming) rec?.chunk(chunk);
          else if (kept) {
            keptBytes += chunk.length;
            if (keptBytes > RECORD_LIMIT) kept = undefined;
            else kept.push(Buffer.from(chunk));
          }
          // No buffering: each chunk goes to the client as it arrives, and a slow reader holds the upstream back.
          if (bytes === length && !streaming) {
            res.end(chunk);
            return true;
          }
          if (res.write(chunk)) return true;
          drained(res).then(resume);
          return false;
        },
        end(err) {
          let error: string | undefined;
          if (clientGone) error = 'the client closed the connection before the stream ended';
          else if (err !== undefined) error = `the API server connection broke: ${causeOf(err)}`;
          active.delete(cancel);
          try {
            if (rec && !streaming)
              rec.body(kept ? Buffer.concat(kept) : notRecorded(`a response body of ${bytes} bytes, more than the ${RECORD_LIMIT} bytes a recording keeps`));
            rec?.end(error);
            res.end();
            opts.onFinished?.({ ...head, ms: performance.now() - started, bytes, ...(error ? { error } : {}) });
            resolve();
          } catch (e) {
            reject(e);
          }
        },
      });
    });
  };

  const dispatch = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    handle(req, res, expectsContinue).catch((err) => {
      if (!res.headersSent) {
        const text = statusBody(500, 'InternalError', `kcurl proxy: ${(err as Error).message}`);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(text);
      } else res.destroy();
    });
  };
  // requestTimeout 0: an upload may take as long as it keeps streaming, as with kubectl proxy; only the
  // request head has a deadline.
  const serverOptions = { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 0, connectionsCheckingInterval: 1000 };
  const handler = (req: IncomingMessage, res: ServerResponse) => dispatch(req, res, false);
  const server = opts.tls
    ? https.createServer({ ...serverOptions, cert: opts.tls.certPem, key: opts.tls.keyPem }, handler)
    : http.createServer(serverOptions, handler);
  // With a listener here Node leaves the 100 Continue to the handler.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => dispatch(req, res, true));

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    listener.track(socket);
    socket.on('error', () => {});
    relayUpgrade(opts, verdictFor(req), req, socket, head).catch(() => socket.destroy());
  });

  const listener = await listen(server, opts.address, opts.port);
  return {
    address: opts.address,
    port: listener.port,
    close: () => {
      for (const c of active) c();
      return listener.close();
    },
  };
}

async function relayUpgrade(opts: ProxyServerOptions, verdict: Verdict, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const rawTarget = req.url ?? '/';
  const method = req.method ?? 'GET';
  if (verdict.kind !== 'api') {
    if (verdict.kind === 'forbidden') opts.onRejected?.(`${method} ${rawTarget} (upgrade)`, verdict.why);
    const answer = verdict.kind === 'static' ? goAnswer({ kind: 'not-found' }, method) : goAnswer(verdict, method);
    const lines = [`HTTP/1.1 ${answer.code} ${answer.reason}`, ...answer.headers.filter(([k]) => k !== 'Connection').map(([k, v]) => `${k}: ${v}`)];
    lines.push(`Content-Length: ${Buffer.byteLength(answer.body)}`, 'Connection: close', '', '');
    socket.end(lines.join('\r\n') + answer.body);
    return;
  }
  const plain = (code: number, reason: string, text: string, type = 'text/plain; charset=utf-8') => {
    socket.end(
      `HTTP/1.1 ${code} ${reason}\r\nContent-Type: ${type}\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  };
  const target = verdict.target;
  const client = req.socket.remoteAddress ?? '';
  const headers = headerPairs(req.headers);
  const started = performance.now();
  const forwarded: [string, string][] = [...headers, ['x-forwarded-for', client.replace(/^::ffff:/, '')]];
  const base = { method, target, headers, client, streaming: true, upgraded: true };
  let up;
  try {
    up = await opts.executor.relayUpgrade({ method, target, headers: forwarded });
  } catch {
    // Not upgraded: ask again without the upgrade headers to pass the API server's own answer on
    // (404 for a missing pod, 400 "Upgrade request required", 403 from RBAC …), streamed like any answer.
    let answer;
    try {
      const plainHeaders = forwarded.filter(([k]) => !['upgrade', 'connection'].includes(k.toLowerCase()));
      answer = await opts.executor.relay({ method, target, headers: plainHeaders });
    } catch (again) {
      const cause = causeOf(again);
      const message = `error trying to reach the API server: ${cause}`;
      plain(502, 'Bad Gateway', statusBody(502, 'ServiceUnavailable', message), 'application/json');
      opts.onRelayed?.({ ...base, status: 502, statusText: 'Bad Gateway', ms: performance.now() - started, error: cause });
      return;
    }
    const rec = opts.recorder?.begin({ method, url: answer.url, headers: answer.sentHeaders, stream: false, client, startedAt: started });
    rec?.response({ status: answer.status, statusText: answer.statusText, headers: answer.headers });
    if (answer.status < 400) {
      // kubectl's upgradeaware handler passes on only error answers; anything else is not an upgrade.
      answer.cancel();
      rec?.end(`invalid upgrade response: status code ${answer.status}`);
      plain(500, 'Internal Server Error', `invalid upgrade response: status code ${answer.status}\n`);
      opts.onRelayed?.({
        ...base,
        status: 500,
        statusText: 'Internal Server Error',
        ms: performance.now() - started,
        upgraded: false,
        error: `invalid upgrade response: status code ${answer.status}`,
      });
      return;
    }
    // Without a Content-Length from upstream the body ends when the connection closes.
    const lines = [`HTTP/1.1 ${answer.status} ${answer.statusText}`];
    for (const [k, v] of answer.headers) if (!HOP_BY_HOP.has(k.toLowerCase())) lines.push(`${k}: ${v}`);
    lines.push('connection: close', '', '');
    socket.write(lines.join('\r\n'));
    opts.onRelayed?.({ ...base, status: answer.status, statusText: answer.statusText, ms: performance.now() - started, upgraded: false });
    let kept: Buffer[] | undefined = rec ? [] : undefined;
    let bytes = 0;
    let error: string | undefined;
    try {
      for await (const c of pulledChunks(answer)) {
        bytes += c.length;
        if (kept && bytes <= RECORD_LIMIT) kept.push(Buffer.from(c));
        else kept = undefined;
        if (!socket.write(c)) await drained(socket);
        if (socket.destroyed) {
          answer.cancel();
          error = 'the client closed the connection before the response ended';
          break;
        }
      }
    } catch (err) {
      error = `the API server connection broke: ${causeOf(err)}`;
    }
    rec?.body(kept ? Buffer.concat(kept) : notRecorded(`a response body of ${bytes} bytes, more than the ${RECORD_LIMIT} bytes a recording keeps`));
    rec?.end(error);
    socket.end();
    return;
  }
  const rec = opts.recorder?.begin({ method, url: up.url, headers: up.sentHeaders, stream: true, client, startedAt: started });
  rec?.response({ status: 101, statusText: 'Switching Protocols', headers: up.headers });
  // The upgraded connection carries framed binary streams (SPDY or WebSocket): the recording keeps the
  // handshake only.
  rec?.end();
  const lines = ['HTTP/1.1 101 Switching Protocols', ...up.headers.map(([k, v]) => `${k}: ${v}`), '', ''];
  socket.write(lines.join('\r\n'));
  if (head.length) up.socket.write(head);
  up.socket.pipe(socket);
  socket.pipe(up.socket);
  up.socket.on('error', () => socket.destroy());
  up.socket.on('close', () => socket.destroy());
  socket.on('close', () => up.socket.destroy());
  opts.onRelayed?.({ ...base, status: 101, statusText: 'Switching Protocols', ms: performance.now() - started });
}

/** http.FileServer over --www (directory listing left out; index.html served for directories). */
async function serveStatic(root: string, rel: string, res: ServerResponse): Promise<void> {
  let name: string;
  try {
    name = decodeURIComponent(rel);
  } catch {
    return goHttpError(res, 400, '400 Bad Request');
  }
  // Like http.Dir, the name is cleaned as an absolute path first, so no '..' can leave the directory
  // (a prefix check alone would let /srv/www/../www-private through).
  let file = join(resolvePath(root), normalize('/' + name));
  let st = await fsp.stat(file).catch(() => undefined);
  if (st?.isDirectory()) {
    file = join(file, 'index.html');
    st = await fsp.stat(file).catch(() => undefined);
  }
  if (!st?.isFile()) return goHttpError(res, 404, '404 page not found');
  res.writeHead(200, { 'content-type': contentType(file), 'content-length': st.size });
  // A file that vanishes or cannot be read after the stat ends the response instead of the process.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function contentType(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  const types: Record<string, string> = {
    html: 'text/html; charset=utf-8',
    css: 'text/css; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    json: 'application/json',
    txt: 'text/plain; charset=utf-8',
    svg: 'image/svg+xml',
    png: 'image/png',
  };
  return types[ext] ?? 'application/octet-stream';
}
