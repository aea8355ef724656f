// The kcurl proxy server: kubectl proxy's filter and routing in front of the one executor's relay.
// Bodies stream through as they arrive (watches, log follows); upgrade requests (exec, attach,
// port-forward) are relayed socket to socket; an unreachable API server gives 502 with a Status body.
// Every relayed exchange can go to a recorder and is reported to the caller for its one-line log.
import { createReadStream, promises as fsp } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { join, normalize, resolve as resolvePath } from 'node:path';
import type { Executor } from '../http/execute.js';
import { headerPairs, headerRecord } from '../record/exchange.js';
import type { Recorder } from '../record/recorder.js';
import { type ProxyFilter, extractHost, rejection, route } from './filter.js';
import { listen } from './listen.js';

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
  body?: Uint8Array;
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

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'te', 'trailer', 'upgrade']);

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function causeOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const c = e?.cause ?? e;
  if (c?.code === 'ECONNREFUSED') return `connection refused (${c.message})`;
  if (c?.code === 'ENOTFOUND') return `no such host (${c.message})`;
  return c?.message ?? String(err);
}

export async function startProxyServer(opts: ProxyServerOptions): Promise<RunningProxy> {
  const active = new Set<() => void>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const rawTarget = req.url ?? '/';
    const qAt = rawTarget.indexOf('?');
    const path = qAt >= 0 ? rawTarget.slice(0, qAt) : rawTarget;
    const query = qAt >= 0 ? rawTarget.slice(qAt) : '';
    const r = route(path, opts.apiPrefix, opts.www ? opts.wwwPrefix : undefined);
    if (r.kind === 'not-found') return goHttpError(res, 404, '404 page not found');
    if (r.kind === 'static') return serveStatic(opts.www!, r.path, res);
    const host = extractHost(req.headers.host ?? '');
    const refused = opts.filter && rejection(opts.filter, req.method ?? 'GET', r.path, host);
    if (refused) {
      req.resume();
      opts.onRejected?.(`${req.method ?? 'GET'} ${rawTarget}`, refused);
      return goHttpError(res, 403, 'Forbidden');
    }
    const target = r.path + query;
    const method = req.method ?? 'GET';
    const client = req.socket.remoteAddress ?? '';
    const headers = headerPairs(req.headers);
    const streaming = isStreamingTarget(target);
    const started = performance.now();
    const body = await readAll(req);
    const forwarded: [string, string][] = [...headers, ['x-forwarded-for', client.replace(/^::ffff:/, '')]];
    const info = (status: number, statusText: string, extra: Partial<RelayedInfo> = {}): RelayedInfo => ({
      method,
      target,
      headers,
      ...(body.length ? { body } : {}),
      status,
      statusText,
      ms: performance.now() - started,
      client,
      streaming,
      ...extra,
    });
    let upstream;
    try {
      upstream = await opts.executor.relay({ method, target, headers: forwarded, body });
    } catch (err) {
      const cause = causeOf(err);
      const rec = opts.recorder?.begin({ method, url: opts.serverUrl.replace(/\/+$/, '') + target, headers: forwarded, body, stream: streaming, client, startedAt: started });
      rec?.end(`error trying to reach the API server: ${cause}`);
      const text = statusBody(502, 'ServiceUnavailable', `error trying to reach the API server: ${cause}`);
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      const i = info(502, 'Bad Gateway', { error: cause });
      opts.onRelayed?.(i);
      opts.onFinished?.({ ...i, bytes: 0 });
      return;
    }
    const rec = opts.recorder?.begin({ method, url: upstream.url, headers: upstream.sentHeaders, body, stream: streaming, client, startedAt: started });
    rec?.response({ status: upstream.status, statusText: upstream.statusText, headers: upstream.headers });
    res.writeHead(upstream.status, headerRecord(upstream.headers.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()))));
    res.flushHeaders();
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
    let error: string | undefined;
    try {
      for await (const chunk of upstream.body) {
        bytes += chunk.length;
        if (streaming) rec?.chunk(chunk);
        else rec?.body(chunk);
        // No buffering: each chunk goes to the client as it arrives.
        res.write(chunk);
      }
      if (clientGone) error = 'the client closed the connection before the stream ended';
    } catch (err) {
      error = `the API server connection broke: ${causeOf(err)}`;
    } finally {
      active.delete(cancel);
      rec?.end(error);
      res.end();
      opts.onFinished?.({ ...head, ms: performance.now() - started, bytes, ...(error ? { error } : {}) });
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        const text = statusBody(500, 'InternalError', `kcurl proxy: ${(err as Error).message}`);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(text);
      } else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    listener.track(socket);
    socket.on('error', () => {});
    relayUpgrade(opts, req, socket, head).catch(() => socket.destroy());
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

async function relayUpgrade(opts: ProxyServerOptions, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const rawTarget = req.url ?? '/';
  const qAt = rawTarget.indexOf('?');
  const path = qAt >= 0 ? rawTarget.slice(0, qAt) : rawTarget;
  const r = route(path, opts.apiPrefix, undefined);
  const method = req.method ?? 'GET';
  const plain = (code: number, reason: string, text: string, type = 'text/plain; charset=utf-8') => {
    socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: ${type}\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  };
  if (r.kind !== 'api') return plain(404, 'Not Found', '404 page not found\n');
  const host = extractHost(req.headers.host ?? '');
  const refused = opts.filter && rejection(opts.filter, method, r.path, host);
  if (refused) {
    opts.onRejected?.(`${method} ${rawTarget} (upgrade)`, refused);
    return plain(403, 'Forbidden', 'Forbidden\n');
  }
  const target = r.path + (qAt >= 0 ? rawTarget.slice(qAt) : '');
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
    // (404 for a missing pod, 400 "Upgrade request required", 403 from RBAC …).
    try {
      const plainHeaders = forwarded.filter(([k]) => !['upgrade', 'connection'].includes(k.toLowerCase()));
      const answer = await opts.executor.relay({ method, target, headers: plainHeaders });
      const chunks: Buffer[] = [];
      for await (const c of answer.body) chunks.push(Buffer.from(c));
      const body = Buffer.concat(chunks);
      const rec = opts.recorder?.begin({ method, url: answer.url, headers: answer.sentHeaders, stream: false, client, startedAt: started });
      rec?.response({ status: answer.status, statusText: answer.statusText, headers: answer.headers });
      rec?.body(body);
      rec?.end();
      const head = [`HTTP/1.1 ${answer.status} ${answer.statusText}`];
      for (const [k, v] of answer.headers) if (!HOP_BY_HOP.has(k.toLowerCase()) && k.toLowerCase() !== 'content-length') head.push(`${k}: ${v}`);
      head.push(`content-length: ${body.length}`, 'connection: close', '', '');
      socket.end(Buffer.concat([Buffer.from(head.join('\r\n')), body]));
      opts.onRelayed?.({ ...base, status: answer.status, statusText: answer.statusText, ms: performance.now() - started, upgraded: false });
    } catch (again) {
      const cause = causeOf(again);
      const message = `error trying to reach the API server: ${cause}`;
      plain(502, 'Bad Gateway', statusBody(502, 'ServiceUnavailable', message), 'application/json');
      opts.onRelayed?.({ ...base, status: 502, statusText: 'Bad Gateway', ms: performance.now() - started, error: cause });
    }
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
