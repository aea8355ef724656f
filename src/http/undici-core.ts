// The part of undici kcurl's transport uses — Agent, ProxyAgent, buildConnector and the request/upgrade API on Dispatcher —
// loaded module by module. undici's index also loads fetch, WebSocket, EventSource, the cache stores, the
// interceptors and the mock agents (about 100 Node built-ins instead of about 30, ~25 ms of every online
// command: docs/benchmarks.md). request() and upgrade() below are undici's own top-level functions
// (index.js makeDispatcher) for the case kcurl uses: a URL string and an explicit dispatcher.
import Agent from 'undici/lib/dispatcher/agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import DispatcherBase from 'undici/lib/dispatcher/dispatcher.js';
import * as api from 'undici/lib/api/index.js';
import { parseURL } from 'undici/lib/core/util.js';
import buildConnector from 'undici/lib/core/connect.js';
import type { Dispatcher } from 'undici';

// What undici's index does once: every dispatcher gets request(), stream(), pipeline(), upgrade(), connect().
Object.assign(DispatcherBase.prototype, api);

export { Agent, ProxyAgent, buildConnector };
export type { Dispatcher };

/** The origin and path undici's top-level functions derive from a URL string (its parseURL: WHATWG URL). */
function target(url: string): { origin: string; path: string } {
  const u = parseURL(url);
  return { origin: u.origin, path: u.search ? `${u.pathname}${u.search}` : u.pathname };
}

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
