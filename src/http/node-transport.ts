// The Transport of kcurl's own requests (get, describe, logs, apply, delete, …): node:http/node:https with one
// keep-alive agent per scheme, sending the very bytes undici-transport.ts sends — request line, `host`,
// `connection: keep-alive`, the headers in order, `content-length` last when there is a body (or the method
// expects one) — so an online single call loads neither undici nor its WebAssembly parser (docs/benchmarks.md,
// "single calls through node:https"). What it does not do itself goes to undici, loaded then: upgrades (exec,
// attach), bodies that are streams (a relayed upload), and a kubeconfig proxy-url (HTTP CONNECT).
// test/unit/http/node-transport.test.ts compares the request heads of both transports.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { Credentials } from '../kube/credentials-types.js';
import { headerPairs, headerRecord } from './headers.js';
import { tlsOptions } from './tls-options.js';
import type { Transport, TransportRequest } from './transport.js';
import { wakeup } from './wakeup.js';

/** Methods whose request carries a body by definition: undici sends `content-length: 0` for them when there is none. */
const EXPECTS_PAYLOAD = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);

/** How long a TCP/TLS connection may take to open: undici's connector default, so both give up alike. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A transport for the credentials' server. With a proxy-url every request goes through undici's ProxyAgent (one
 * implementation of CONNECT); otherwise node:http/https, undici only for what is listed above.
 */
export async function createNodeTransport(creds: Credentials): Promise<Transport> {
  if (creds.proxyUrl) return (await import('./undici-transport.js')).createUndiciTransport(creds);
  const tls = tlsOptions(creds);
  let httpsAgent: https.Agent | undefined;
  let httpAgent: http.Agent | undefined;
  let undici: Promise<Transport> | undefined;
  const fallback = () => {
    undici ??= import('./undici-transport.js').then((m) => m.createUndiciTransport(creds));
    return undici;
  };
  const agentFor = (protocol: string): http.Agent => {
    // TCP keep-alive after 60 s and no Nagle, as undici's connector sets them; ALPN offers http/1.1 only, as undici does.
    const common = { keepAlive: true, keepAliveMsecs: 60_000, noDelay: true };
    if (protocol === 'https:') {
      httpsAgent ??= new https.Agent({ ...common, ...tls, ALPNProtocols: ['http/1.1'] });
      return httpsAgent;
    }
    httpAgent ??= new http.Agent(common);
    return httpAgent;
  };

  /** Sends the request; resolves with the response once its head has arrived. */
  function open(req: TransportRequest): Promise<http.IncomingMessage> {
    const url = new URL(req.url);
    const body = typeof req.body === 'string' ? Buffer.from(req.body) : req.body ? Buffer.from(req.body as Uint8Array) : undefined;
    const head = wireHead(url, req.method, req.headers, body?.length ?? 0);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const signal = req.signal;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const r = client.request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: head.path,
        method: req.method,
        headers: head.headers,
        agent: agentFor(url.protocol),
        setHost: false,
      });
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => r.destroy(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (req.timeoutMs) timer = setTimeout(() => r.destroy(timeoutError(req.timeoutMs ?? 0)), req.timeoutMs);
      r.on('socket', (socket) => {
        if (!socket.connecting) return;
        const t = setTimeout(() => socket.destroy(Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' })), CONNECT_TIMEOUT_MS);
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(t));
        socket.once('close', () => clearTimeout(t));
      });
      r.on('response', (res) => {
        done();
        if (signal) {
          const stop = () => res.destroy(signal.reason);
          signal.addEventListener('abort', stop, { once: true });
          res.once('close', () => signal.removeEventListener('abort', stop));
        }
        resolve(res);
      });
      r.on('error', (err) => {
        done();
        reject(undiciWording(err));
      });
      r.end(body);
    });
  }

  return {
    async send(req) {
      if (isStream(req.body)) return (await fallback()).send(req);
      const res = await open(req);
      const chunks: Buffer[] = [];
      let timer: NodeJS.Timeout | undefined;
      // --request-timeout also bounds the body's wait, as undici's bodyTimeout does.
      const idle = () => {
        if (!req.timeoutMs) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => res.destroy(timeoutError(req.timeoutMs ?? 0)), req.timeoutMs);
      };
      idle();
      try {
        await new Promise<void>((resolve, reject) => {
          // Read from 'data' events, not `for await`: Readable's async iterator (and the end-of-stream and stream
          // utility modules it compiles on first use) is a measurable part of a single call. It ends as the
          // iterator does: the body on 'end', the stream's error on 'error', "Premature close" on a 'close' before either.
          let ended = false;
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            idle();
          });
          res.once('end', () => {
            ended = true;
            resolve();
          });
          res.once('error', reject);
          res.once('close', () => {
            if (!ended) reject(res.errored ?? Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
          });
        });
      } catch (err) {
        throw undiciWording(err);
      } finally {
        if (timer) clearTimeout(timer);
      }
      return { status: res.statusCode ?? 0, headers: responseHeaders(res.rawHeaders), body: utf8Text(Buffer.concat(chunks)) };
    },
    async stream(req) {
      if (isStream(req.body)) return (await fallback()).stream(req);
      const res = await open(req);
      return { status: res.statusCode ?? 0, headers: responseHeaders(res.rawHeaders), chunks: bodyChunks(res), cancel: () => res.destroy() };
    },
    async upgrade(req) {
      const t = await fallback();
      if (!t.upgrade) throw new Error('internal: undici transport without upgrade');
      return t.upgrade(req);
    },
    async upgradeOrAnswer(req) {
      const t = await fallback();
      if (!t.upgradeOrAnswer) throw new Error('internal: undici transport without upgradeOrAnswer');
      return t.upgradeOrAnswer(req);
    },
    async close() {
      httpsAgent?.destroy();
      httpAgent?.destroy();
      if (undici) await (await undici).close();
    },
  };
}

/**
 * The request head as undici writes it (lib/dispatcher/client-h1.js writeH1): `host` (the URL's host, default
 * port left out), `connection: keep-alive`, the headers grouped by name in order of first appearance (undici
 * takes them as a record), then `content-length` when there is a body or the method expects one. Given to Node
 * as a flat list, its headers go out as they are, with nothing added.
 */
export function wireHead(url: URL, method: string, headers: [string, string][], bodyLength: number): { path: string; headers: string[] } {
  const out = ['host', url.host, 'connection', 'keep-alive'];
  for (const [k, v] of headerPairs(headerRecord(headers))) out.push(k, v);
  if (bodyLength > 0 || EXPECTS_PAYLOAD.has(method)) out.push('content-length', String(bodyLength));
  return { path: `${url.pathname}${url.search}`, headers: out };
}

/** How many body bytes may wait for a slow reader before the response is paused (and TCP pushes back on the server). */
const MAX_QUEUED = 1 << 18;

/**
 * A streamed body as it arrives, taken from 'data' events. Node decrypts TLS records of at most 16 kB and hands each
 * to the HTTP parser in a callback of its own, so a 10 MB log is about 600 pieces, and a reader that keeps up is
 * woken for each; through Readable's async iterator each piece also cost a read(), a nextTick and more promise hops
 * (a third of the streaming time of `kcurl logs`, docs/benchmarks.md). What came while the reader was awaiting
 * something else is handed over at once, as one chunk. Waking the reader once per turn of the event loop instead
 * (setImmediate) made 256 kB chunks but cost as much in copying and GC as it saved, so nothing waits for a batch.
 * Listening starts at the first read, as with the async iterator, so a stream handed back unread stays paused.
 */
async function* bodyChunks(res: http.IncomingMessage): AsyncIterable<Uint8Array> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: unknown;
  const { wait, notify } = wakeup();
  res.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= MAX_QUEUED) res.pause();
    notify();
  });
  res.on('end', () => {
    ended = true;
    notify();
  });
  res.on('error', (err) => {
    failure ??= err;
    notify();
  });
  // Closed without 'end' or an error (node:http reports a cut connection as an error; this is the safety net).
  res.on('close', () => {
    if (!ended) failure ??= Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    notify();
  });
  try {
    for (;;) {
      if (queue.length > 0) {
        const chunk = queue.length === 1 ? queue[0] : Buffer.concat(queue, queued);
        queue.length = 0;
        queued = 0;
        if (res.isPaused()) res.resume();
        yield chunk;
      } else if (failure !== undefined) throw undiciWording(failure);
      else if (ended) return;
      else await wait();
    }
  } finally {
    // The reader stopped (Ctrl-C, a watch's end): the connection is not reused for a half-read body.
    if (!res.complete) res.destroy();
  }
}

function isStream(body: TransportRequest['body']): body is Readable {
  return body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array);
}

/** Response header pairs as undici-transport.ts gives them: names lower-cased, a repeated name's values together. */
function responseHeaders(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i].toLowerCase(), raw[i + 1]]);
  return headerPairs(headerRecord(pairs));
}

/** The body as text, a leading UTF-8 byte order mark dropped (undici's body.text()). */
function utf8Text(buf: Buffer): string {
  const start = buf.length > 2 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return buf.toString('utf8', start);
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`timeout: no answer within ${ms} ms`), { code: 'ETIMEDOUT' });
}

/**
 * Node's words for a connection the server closed before or while answering, as undici words them
 * ("other side closed", UND_ERR_SOCKET), so src/http/execute.ts reports it the same whichever transport sent it.
 */
function undiciWording(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ECONNRESET' && (e.message === 'socket hang up' || e.message === 'aborted')) {
    return Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  }
  return err;
}
