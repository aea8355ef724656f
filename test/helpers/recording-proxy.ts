// A recording HTTPS reverse proxy for wire comparisons: it serves its own certificate, forwards every
// request (method, target, headers, body) to an upstream API server such as the sandbox, streams the
// response back chunk by chunk (watch, logs -f), and records both sides of every exchange. Upgrade requests
// (exec and attach over WebSocket, kubectl's SPDY fallback) are forwarded on a connection of their own: a
// 101 answer joins the two sockets (the frames are passed on, not recorded), any other answer is recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpsRequest, Agent, type Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCA, createServerCert } from '../../src/pki/pki.js';
import { writeKubeconfig } from './write-kubeconfig.js';

export interface ProxiedExchange {
  method: string;
  /** The request target exactly as the client sent it (path plus raw query). */
  target: string;
  /** The path without the query, as sent (still percent-encoded). */
  path: string;
  /** Query parameters decoded (form-style: '+' is a space), in the order sent. */
  query: [string, string][];
  /** Request header lines as received: original case, in order, repeats kept. */
  headers: [string, string][];
  body: Buffer;
  response: {
    /** 0 until the upstream answered; 502 when it could not be reached. */
    status: number;
    headers: IncomingHttpHeaders;
    /** Every byte passed to the client so far (grows while a stream is open). */
    body: Buffer;
    /** True once the upstream response ended or the client went away. */
    finished: boolean;
  };
  /** Resolves when the exchange is over (response ended, or either side closed). */
  done: Promise<void>;
}

export interface RecordingProxy {
  /** https://127.0.0.1:PORT */
  url: string;
  caPem: string;
  /** A temporary directory removed on close(), for kubeconfigs and other per-test files. */
  dir: string;
  /** Every exchange so far, in arrival order (the same array throughout; reset() empties it). */
  exchanges: ProxiedExchange[];
  /** Forgets recorded exchanges. */
  reset(): void;
  /** Resolves once every recorded exchange is over. */
  settled(): Promise<void>;
  /**
   * Writes a kubeconfig (mode 0600) pointing at the proxy with a bearer token, trusting the proxy's CA,
   * and returns its path. The proxy forwards the token's Authorization header to the upstream unchanged.
   */
  kubeconfig(opts: { token: string; namespace?: string; fileName?: string; contextName?: string }): string;
  close(): Promise<void>;
}

export interface RecordingProxyOptions {
  /** Base URL of the upstream API server (https://host:port). */
  upstream: string;
  /** CA that signed the upstream's serving certificate. */
  upstreamCaPem: string;
  /**
   * Presented to the upstream on every forwarded request; lets client-certificate users talk through the
   * proxy (TLS client certificates cannot be forwarded). Requests with an Authorization header keep it.
   */
  upstreamClientCert?: { certPem: string; keyPem: string };
}

// Hop-by-hop headers (RFC 9110 §7.6.1) and Host are the proxy's own business; Accept-Encoding is dropped
// on the upstream leg so recorded response bodies are plain bytes (the client's request is recorded as sent).
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'accept-encoding']);

export async function startRecordingProxy(opts: RecordingProxyOptions): Promise<RecordingProxy> {
  const ca = createCA('kcurl-recording-proxy-ca');
  const serving = createServerCert(ca, { commonName: 'kcurl-recording-proxy', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] });
  const dir = mkdtempSync(join(tmpdir(), 'kcurl-proxy-'));
  const upstream = new URL(opts.upstream);
  const agent = new Agent({
    ca: opts.upstreamCaPem,
    cert: opts.upstreamClientCert?.certPem,
    key: opts.upstreamClientCert?.keyPem,
    keepAlive: true,
    maxSockets: 64,
  });
  const exchanges: ProxiedExchange[] = [];
  const open = new Set<Promise<void>>();

  const server: Server = createServer({ key: serving.keyPem, cert: serving.certPem }, (req, res) => {
    void forward(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => forwardUpgrade(req, socket, head));

  /** Starts recording one exchange; `end` marks it finished (once). */
  function record(req: IncomingMessage, target: string, body: Buffer): { exchange: ProxiedExchange; end: () => void } {
    const q = target.indexOf('?');
    let finish!: () => void;
    const exchange: ProxiedExchange = {
      method: req.method ?? '',
      target,
      path: q < 0 ? target : target.slice(0, q),
      query: q < 0 ? [] : [...new URLSearchParams(target.slice(q + 1))],
      headers: pairs(req.rawHeaders),
      body,
      response: { status: 0, headers: {}, body: Buffer.alloc(0), finished: false },
      done: new Promise<void>((r) => (finish = r)),
    };
    exchanges.push(exchange);
    open.add(exchange.done);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      exchange.response.finished = true;
      open.delete(exchange.done);
      finish();
    };
    return { exchange, end };
  }

  /** The client's headers as sent upstream (repeated ones kept as a list); an upgrade keeps its Upgrade header. */
  function forwardedHeaders(sent: [string, string][], upgrade: boolean): Record<string, string | string[]> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of sent) {
      const key = name.toLowerCase();
      if (NOT_FORWARDED.has(key) && !(upgrade && key === 'upgrade')) continue;
      const prev = headers[key];
      headers[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
    }
    return headers;
  }

  function forwardUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const target = req.url ?? '/';
    const { exchange, end } = record(req, target, Buffer.alloc(0));
    const headers = forwardedHeaders(exchange.headers, true);
    headers.connection = 'Upgrade';
    const statusHead = (status: number, message: string, raw: string[]) => {
      const lines = [`HTTP/1.1 ${status} ${message}`];
      for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
      return lines.join('\r\n') + '\r\n\r\n';
    };
    const up = httpsRequest({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      method: exchange.method,
      path: target,
      headers,
      agent: false,
      ca: opts.upstreamCaPem,
      cert: opts.upstreamClientCert?.certPem,
      key: opts.upstreamClientCert?.keyPem,
    });
    up.on('upgrade', (upRes, upSocket: Socket, upHead: Buffer) => {
      exchange.response.status = upRes.statusCode ?? 101;
      exchange.response.headers = upRes.headers;
      socket.write(statusHead(exchange.response.status, upRes.statusMessage ?? 'Switching Protocols', upRes.rawHeaders));
      if (upHead.length) socket.write(upHead);
      if (head.length) upSocket.write(head);
      socket.pipe(upSocket);
      upSocket.pipe(socket);
      const close = () => {
        socket.destroy();
        upSocket.destroy();
        end();
      };
      socket.on('close', close);
      upSocket.on('close', close);
      socket.on('error', close);
      upSocket.on('error', close);
    });
    up.on('response', (upRes) => {
      exchange.response.status = upRes.statusCode ?? 502;
      exchange.response.headers = upRes.headers;
      // Hop-by-hop headers and the length are the proxy's own: the answer goes back whole, then the connection closes.
      const kept: string[] = [];
      for (let i = 0; i + 1 < upRes.rawHeaders.length; i += 2) {
        const name = upRes.rawHeaders[i].toLowerCase();
        if (!NOT_FORWARDED.has(name) && name !== 'content-length') kept.push(upRes.rawHeaders[i], upRes.rawHeaders[i + 1]);
      }
      const chunks: Buffer[] = [];
      upRes.on('data', (c: Buffer) => chunks.push(c));
      upRes.on('end', () => {
        exchange.response.body = Buffer.concat(chunks);
        kept.push('Content-Length', String(exchange.response.body.length), 'Connection', 'close');
        socket.end(Buffer.concat([Buffer.from(statusHead(exchange.response.status, upRes.statusMessage ?? '', kept)), exchange.response.body]));
        end();
      });
      upRes.on('error', () => {
        socket.destroy();
        end();
      });
    });
    up.on('error', (err) => {
      exchange.response.status = 502;
      const text = `recording proxy: upstream failed: ${err.message}\n`;
      socket.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
      end();
    });
    socket.on('error', () => up.destroy());
    up.end();
  }

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = req.url ?? '/';
    const { exchange, end } = record(req, target, Buffer.concat(chunks));
    const headers = forwardedHeaders(exchange.headers, false);
    headers['content-length'] = String(exchange.body.length);

    const up = httpsRequest(
      { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: exchange.method, path: target, headers, agent },
      (upRes) => {
        exchange.response.status = upRes.statusCode ?? 0;
        exchange.response.headers = upRes.headers;
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(upRes.headers)) if (v !== undefined && !NOT_FORWARDED.has(k)) out[k] = v;
        res.writeHead(upRes.statusCode ?? 502, out);
        res.flushHeaders();
        upRes.on('data', (c: Buffer) => {
          exchange.response.body = Buffer.concat([exchange.response.body, c]);
          res.write(c);
        });
        upRes.on('end', () => {
          res.end();
          end();
        });
        upRes.on('error', () => {
          res.destroy();
          end();
        });
      },
    );
    up.on('error', (err) => {
      if (!res.headersSent) {
        exchange.response.status = 502;
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recording proxy: upstream failed: ${err.message}\n`);
      } else res.destroy();
      end();
    });
    // The client hung up (Ctrl-C, --request-timeout, curl --max-time): stop the upstream stream as well.
    res.on('close', () => {
      if (!exchange.response.finished) {
        up.destroy();
        end();
      }
    });
    up.end(exchange.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    caPem: ca.certPem,
    dir,
    exchanges,
    reset() {
      exchanges.length = 0;
    },
    async settled() {
      while (open.size > 0) await Promise.all([...open]);
    },
    kubeconfig({ token, namespace, fileName, contextName }) {
      return writeKubeconfig(dir, { server: url, caData: ca.certPem, token, namespace, fileName, contextName: contextName ?? 'wire-proxy' });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every value of request header `name` (case-insensitive), in the order received. */
export function requestHeader(ex: Pick<ProxiedExchange, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const values = ex.headers.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
  return values.length ? values.join(', ') : undefined;
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}
