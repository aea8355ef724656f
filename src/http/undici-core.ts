// The part of undici kcurl's transport uses — Agent, ProxyAgent, buildConnector and the request/upgrade API on Dispatcher —
// loaded module by module. undici's index also loads fetch, WebSocket, EventSource, the cache stores, the
// interceptors and the mock agents (about 100 Node built-ins instead of about 30, ~25 ms of every online
// command: docs/benchmarks.md). request() and upgrade() below are undici's own top-level functions
// (index.js makeDispatcher) for the case kcurl uses: a URL string and an explicit dispatcher.
import Agent from 'undici/lib/dispatcher/agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import DispatcherBase from 'undici/lib/dispatcher/dispatcher.js';
import * as api from 'undici/lib/api/index.js';
import { parseHeaders, parseURL } from 'undici/lib/core/util.js';
import { RequestAbortedError } from 'undici/lib/core/errors.js';
import type { Readable } from 'node:stream';
import type { ChunkSink } from './transport.js';
import buildConnector from 'undici/lib/core/connect.js';
import type { Dispatcher } from 'undici';

// What undici's index does once: every dispatcher gets request(), stream(), pipeline(), upgrade(), connect().
Object.assign(DispatcherBase.prototype, api);

export { Agent, ProxyAgent, buildConnector };
export type { Dispatcher };

/**
 * The origin and path undici's top-level functions derive from a URL string (its parseURL: WHATWG URL). A path and
 * query of characters that parsing leaves as they are, with no dot segment, skip it (a relay's every request:
 * about 3 % of kcurl proxy's CPU per request); the origin of the part before the path is parsed once.
 */
export function target(url: string): { origin: string; path: string } {
  const at = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : -1;
  const slash = at < 0 ? -1 : url.indexOf('/', at);
  if (slash > at) {
    const rest = url.slice(slash);
    if (PLAIN_TARGET.test(rest) && !DOT_SEGMENT.test(rest)) {
      const base = url.slice(0, slash);
      let origin = origins.get(base);
      if (origin === undefined) {
        const u = parseURL(url);
        // A base whose parsing moves the path (a backslash, an odd authority) takes the long way.
        if (`${u.pathname}${u.search}` !== rest) return { origin: u.origin, path: u.search ? `${u.pathname}${u.search}` : u.pathname };
        origin = u.origin;
        if (origins.size >= 16) origins.clear();
        origins.set(base, origin);
      }
      return { origin, path: rest };
    }
  }
  const u = parseURL(url);
  return { origin: u.origin, path: u.search ? `${u.pathname}${u.search}` : u.pathname };
}

/** A path, and a non-empty query, of characters WHATWG URL parsing keeps as they are in an http(s) URL. */
const PLAIN_TARGET = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@/%]*(\?[A-Za-z0-9\-._~!$&()*+,;=:@/%?]+)?$/;
/** A "." or ".." segment (also percent-encoded), which parsing removes. */
const DOT_SEGMENT = /\/(\.|%2e)(\.|%2e)?(\/|\?|$)/i;
const origins = new Map<string, string>();

type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher };
type UpgradeOptions = Omit<Dispatcher.UpgradeOptions, 'path'> & { dispatcher: Dispatcher };

export function request(url: string, { dispatcher, ...opts }: RequestOptions): Promise<Dispatcher.ResponseData> {
  return dispatcher.request({ ...opts, ...target(url) });
}

export function upgrade(url: string, { dispatcher, ...opts }: UpgradeOptions): Promise<Dispatcher.UpgradeData> {
  const t = target(url);
  return dispatcher.upgrade({ ...opts, path: t.path, origin: t.origin } as Dispatcher.UpgradeOptions);
}

/** What an upgrade request got: the upgraded socket (101), or the server's answer when it did not upgrade. */
export type UpgradeOutcome =
  | { status: 101; rawHeaders: Buffer[]; socket: import('node:stream').Duplex }
  | { status: number; rawHeaders: Buffer[]; body: Buffer };

/**
 * An upgrade request (WebSocket, SPDY) that also hands back a refusal: undici's upgrade() drops a non-101 answer
 * as "bad upgrade", but kubectl reports the Status it carries (a missing container's 400, RBAC's 403), so the
 * request is dispatched with a handler that keeps either outcome.
 */
export function upgradeOrAnswer(
  url: string,
  opts: { dispatcher: Dispatcher; method: string; headers: Record<string, string | string[]>; protocol: string; headersTimeout?: number },
): Promise<UpgradeOutcome> {
  const t = target(url);
  return new Promise((resolve, reject) => {
    let status = 0;
    let rawHeaders: Buffer[] = [];
    const chunks: Buffer[] = [];
    opts.dispatcher.dispatch(
      {
        origin: t.origin,
        path: t.path,
        method: opts.method as Dispatcher.HttpMethod,
        headers: opts.headers,
        upgrade: opts.protocol,
        headersTimeout: opts.headersTimeout,
      },
      {
        onConnect() {},
        onHeaders(statusCode: number, headers: Buffer[]) {
          status = statusCode;
          rawHeaders = headers;
          return true;
        },
        onData(chunk: Buffer) {
          chunks.push(Buffer.from(chunk));
          return true;
        },
        onComplete() {
          resolve({ status, rawHeaders, body: Buffer.concat(chunks) });
        },
        onError(err: Error) {
          reject(err);
        },
        onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: import('node:stream').Duplex) {
          resolve({ status: 101, rawHeaders: (headers ?? []).map((h) => Buffer.from(h)), socket });
          void statusCode;
        },
      } as unknown as Dispatcher.DispatchHandler,
    );
  });
}

/** A relayed answer's head, and its body pushed as it arrives (see RelayHandler). */
export interface RelayedAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  pipe(sink: ChunkSink): void;
  resume(): void;
  cancel(): void;
}

/** What arrives before pipe() is held up to this much; past it the connection waits for the reader. */
const HELD_BEFORE_PIPE = 1 << 16;

/**
 * undici's dispatch handler for a relay: request() with none of its per-request machinery (an AsyncResource, a
 * Readable for the body, a promise per chunk through the async iterator), the body going from the parser's
 * callbacks straight to the reader. Errors and their wording are undici's, as with request(): before the head
 * they reject, after it they end the body; a request body stream is destroyed when the request fails, as
 * request()'s handler does.
 */
class RelayHandler implements RelayedAnswer {
  status = 0;
  headers: Record<string, string | string[]> = {};
  #resolve: (answer: RelayedAnswer) => void;
  #reject: (err: unknown) => void;
  #body: unknown;
  #abort: ((err?: Error) => void) | undefined = undefined;
  #resumeParser: (() => void) | undefined = undefined;
  #sink: ChunkSink | undefined = undefined;
  #held: Buffer[] = [];
  #heldBytes = 0;
  #headed = false;
  #paused = false;
  /** The body's end (or failure) has arrived. */
  #ended = false;
  #failure: unknown = undefined;
  /** The sink has been told of the end. */
  #done = false;
  #cancelled = false;

  constructor(resolve: (answer: RelayedAnswer) => void, reject: (err: unknown) => void, body: unknown) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#body = body;
  }

  onConnect(abort: (err?: Error) => void): void {
    this.#abort = abort;
    if (this.#cancelled) abort(new RequestAbortedError());
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true;
    this.status = statusCode;
    this.headers = parseHeaders(rawHeaders);
    this.#resumeParser = resume;
    this.#headed = true;
    this.#resolve(this);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#cancelled) return true;
    const sink = this.#sink;
    if (sink === undefined) {
      this.#held.push(chunk);
      this.#heldBytes += chunk.length;
      return this.#heldBytes < HELD_BEFORE_PIPE;
    }
    if (this.#paused || this.#held.length > 0) {
      this.#held.push(chunk);
      return false;
    }
    if (sink.data(chunk)) return true;
    this.#paused = true;
    return false;
  }

  onComplete(): void {
    this.#ended = true;
    if (this.#sink !== undefined && this.#held.length === 0) this.#finish();
  }

  onError(err: unknown): void {
    const body = this.#body as Readable | undefined;
    if (body && typeof (body as Readable).pipe === 'function' && !body.destroyed) {
      body.on('error', () => {});
      body.destroy(err as Error);
    }
    if (!this.#headed) {
      this.#headed = true;
      this.#reject(err);
      return;
    }
    if (this.#ended) return;
    this.#ended = true;
    this.#failure = err;
    if (this.#sink !== undefined && this.#held.length === 0) this.#finish();
  }

  pipe(sink: ChunkSink): void {
    if (this.#sink !== undefined) throw new Error('internal: a relayed body is piped once');
    this.#sink = sink;
    this.#flush();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#flush();
  }

  cancel(): void {
    if (this.#cancelled || this.#done) return;
    this.#cancelled = true;
    this.#held = [];
    // Aborting an answer that has ended does nothing; one still arriving loses its connection (as destroying
    // request()'s body does).
    this.#abort?.(new RequestAbortedError());
    if (this.#sink !== undefined) this.#finish();
  }

  /** Hands held chunks to the sink while it takes them, then the end or more from the connection. */
  #flush(): void {
    const sink = this.#sink!;
    while (this.#held.length > 0) {
      const chunk = this.#held.shift()!;
      this.#heldBytes -= chunk.length;
      if (!sink.data(chunk)) {
        this.#paused = true;
        return;
      }
      if (this.#cancelled) return;
    }
    if (this.#ended) this.#finish();
    else this.#resumeParser?.();
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#sink!.end(this.#cancelled ? undefined : this.#failure);
  }
}

type RelayOptions = Omit<Dispatcher.DispatchOptions, 'origin' | 'path'> & { dispatcher: Dispatcher };

/** request() for a relay: the answer's head, its body pushed to a sink (RelayHandler). */
export function relay(url: string, { dispatcher, ...opts }: RelayOptions): Promise<RelayedAnswer> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch({ ...opts, ...target(url) }, new RelayHandler(resolve, reject, opts.body) as unknown as Dispatcher.DispatchHandler);
  });
}
