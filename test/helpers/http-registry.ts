// A strict stand-in for the API server in command tests (after GitHub CLI's httpmock.Registry): each expected
// request is registered with its canned answer, an unexpected request fails the test at once with the list of
// what was expected, and verify() fails on any registered request that was never made. It plugs in under the
// executor as a kcurl Transport, so headers, credentials, -v logging and --record run as they do for real.
import { ACCEPT } from '../../src/plan/request-plan.js';
import type { Transport, TransportRequest, TransportStream } from '../../src/http/transport.js';
import { readFixture } from './fixtures.js';

/** A request as the registry saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  path: string;
  query: [string, string][];
  headers: [string, string][];
  body?: string;
  stream: boolean;
}

export interface Reply {
  status?: number;
  headers?: [string, string][];
  /** The body (send), or the whole stream when chunks is absent. */
  body?: string;
  /** A streamed answer, chunk by chunk (watch, logs -f); the stream then ends. */
  chunks?: string[];
}

export interface Expectation {
  method: string;
  path: string;
  /**
   * Pairs: the query must be exactly these, in this order. A record: exactly these names and values, any
   * order. A function: any test. Absent: any query.
   */
  query?: [string, string][] | Record<string, string> | ((q: [string, string][]) => boolean);
  /** Headers the request must carry (names case-insensitive; values as sent). */
  headers?: Record<string, string>;
  /** An assertion on the request body (throw to fail; expect(...) works). */
  body?: (body: string) => void;
}

interface Stub {
  expect: Expectation;
  reply: Reply | ((req: SeenRequest) => Reply);
  used: boolean;
}

/** A JSON answer. */
export function json(value: unknown, status = 200): Reply {
  return { status, headers: [['content-type', 'application/json']], body: JSON.stringify(value) };
}

/** A JSON answer read from a file under fixtures/ (real apiserver captures: tables/, objects/, errors/, discovery/). */
export function fixture(relPath: string, status = 200): Reply {
  return { status, headers: [['content-type', 'application/json']], body: readFixture(relPath) };
}

/** A file's parsed JSON under fixtures/, to build an answer from. */
export { fixtureJson } from './fixtures.js';

/** A streamed answer: the chunks in order, then the end of the stream. */
export function chunks(parts: string[], contentType = 'application/json'): Reply {
  return { status: 200, headers: [['content-type', contentType]], chunks: parts };
}

function describeExpectation(e: Expectation): string {
  const q =
    e.query === undefined
      ? ''
      : typeof e.query === 'function'
        ? '?<matcher>'
        : '?' + new URLSearchParams(Array.isArray(e.query) ? e.query : Object.entries(e.query)).toString();
  return `${e.method} ${e.path}${q}`;
}

function describeRequest(r: SeenRequest): string {
  return `${r.method} ${r.path}${r.query.length ? '?' + new URLSearchParams(r.query).toString() : ''}`;
}

function queryMatches(want: Expectation['query'], got: [string, string][]): boolean {
  if (want === undefined) return true;
  if (typeof want === 'function') return want(got);
  if (Array.isArray(want)) return JSON.stringify(want) === JSON.stringify(got);
  const entries = Object.entries(want);
  return entries.length === got.length && entries.every(([k, v]) => got.some(([gk, gv]) => gk === k && gv === v));
}

function headersMatch(want: Expectation['headers'], got: [string, string][]): boolean {
  if (!want) return true;
  return Object.entries(want).every(([k, v]) => got.some(([gk, gv]) => gk.toLowerCase() === k.toLowerCase() && gv === v));
}

export class HttpRegistry {
  readonly #stubs: Stub[] = [];
  readonly requests: SeenRequest[] = [];
  /** Failures seen while the command ran (an unexpected request, a failed body assertion): rethrown by check(). */
  readonly failures: Error[] = [];

  /** Expects one request; each registration answers once (register twice for a request made twice). */
  register(expect: Expectation, reply: Reply | ((req: SeenRequest) => Reply)): this {
    this.#stubs.push({ expect, reply, used: false });
    return this;
  }

  /** Expects kubectl's cold-cache discovery (GET /api, GET /apis, aggregated), answered from fixtures/discovery. */
  discovery(): this {
    const accept = { Accept: ACCEPT.aggregatedDiscovery };
    const aggregated = (file: string): Reply => ({
      ...fixture(file),
      headers: [['content-type', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList']],
    });
    this.register({ method: 'GET', path: '/api', headers: accept }, aggregated('discovery/aggregated-v2-api.json'));
    this.register({ method: 'GET', path: '/apis', headers: accept }, aggregated('discovery/aggregated-v2-apis.json'));
    return this;
  }

  /** Fails on any registered request that was not made (and on anything check() would fail on). */
  verify(): void {
    this.check();
    const unused = this.#stubs.filter((s) => !s.used);
    if (unused.length) {
      throw new Error(
        `${unused.length} expected request(s) were never made:\n${unused.map((s) => '  ' + describeExpectation(s.expect)).join('\n')}\nmade:\n${this.#made()}`,
      );
    }
  }

  /** Rethrows the first failure seen while the command ran. */
  check(): void {
    if (this.failures.length) throw this.failures[0];
  }

  #made(): string {
    return this.requests.map((r) => '  ' + describeRequest(r)).join('\n') || '  (none)';
  }

  #match(req: TransportRequest, stream: boolean): { seen: SeenRequest; reply: Reply } {
    const u = new URL(req.url);
    const body =
      req.body === undefined
        ? undefined
        : typeof req.body === 'string'
          ? req.body
          : req.body instanceof Uint8Array
            ? Buffer.from(req.body).toString('utf8')
            : '<stream>';
    const seen: SeenRequest = { method: req.method, url: req.url, path: u.pathname, query: [...u.searchParams], headers: req.headers, body, stream };
    this.requests.push(seen);
    const stub = this.#stubs.find(
      (s) =>
        !s.used &&
        s.expect.method === req.method &&
        s.expect.path === u.pathname &&
        queryMatches(s.expect.query, seen.query) &&
        headersMatch(s.expect.headers, req.headers),
    );
    if (!stub) {
      const pending =
        this.#stubs
          .filter((s) => !s.used)
          .map((s) => '  ' + describeExpectation(s.expect))
          .join('\n') || '  (nothing more)';
      const err = new Error(`unexpected request ${describeRequest(seen)}\nheaders: ${JSON.stringify(req.headers)}\nexpected one of:\n${pending}`);
      this.failures.push(err);
      throw err;
    }
    stub.used = true;
    if (stub.expect.body) {
      try {
        stub.expect.body(body ?? '');
      } catch (e) {
        this.failures.push(e as Error);
        throw e;
      }
    }
    return { seen, reply: typeof stub.reply === 'function' ? stub.reply(seen) : stub.reply };
  }

  /** The registry as a kcurl Transport (pass `() => registry.transport()` as main's transport factory). */
  transport(): Transport {
    return {
      send: async (req) => {
        const { reply } = this.#match(req, false);
        return { status: reply.status ?? 200, headers: reply.headers ?? [], body: reply.body ?? (reply.chunks ?? []).join('') };
      },
      stream: async (req): Promise<TransportStream> => {
        const { reply } = this.#match(req, true);
        const parts = reply.chunks ?? (reply.body === undefined ? [] : [reply.body]);
        const signal = req.signal;
        let cancelled = false;
        async function* gen() {
          for (const p of parts) {
            if (signal?.aborted || cancelled) return;
            yield new TextEncoder().encode(p);
          }
        }
        return { status: reply.status ?? 200, headers: reply.headers ?? [], chunks: gen(), cancel: () => (cancelled = true) };
      },
      close: async () => {},
    };
  }
}
