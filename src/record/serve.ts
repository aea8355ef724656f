// A read-only API server made of a recording: each request is matched by method, path and query (in
// any order) to a recorded exchange and answered with its status, headers and body; repeated requests
// take the recorded answers in order. Anything unmatched gets a 404 Status naming the nearest
// recorded request, so a workshop can run offline from a recording.
import http from 'node:http';
import { listen } from '../proxy/listen.js';
import { type Exchange, bodyBytes, headerRecord } from './exchange.js';

export interface RecordedTarget {
  method: string;
  /** Path and query as recorded. */
  target: string;
  key: string;
}

/** path + query parameters sorted, so `?b=1&a=2` and `?a=2&b=1` match. */
export function matchKey(method: string, target: string): string {
  const q = target.indexOf('?');
  const raw = q >= 0 ? target.slice(0, q) : target;
  // A malformed escape (a stray '%') cannot be decoded: it is matched as sent rather than failing the request.
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // kept as sent
  }
  const params = q >= 0 ? [...new URLSearchParams(target.slice(q + 1))].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0)) : [];
  return `${method.toUpperCase()} ${path}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

export function targetOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The recorded request closest to a missed one: same method first, then the longest shared prefix. */
export function nearest(method: string, target: string, recorded: readonly RecordedTarget[]): RecordedTarget | undefined {
  let best: RecordedTarget | undefined;
  let bestScore = -Infinity;
  for (const r of recorded) {
    const score = (r.method === method ? 100_000 : 0) + commonPrefix(r.target, target) * 10 - Math.abs(r.target.length - target.length);
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

const DROPPED = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

export class RecordingIndex {
  readonly byKey = new Map<string, Exchange[]>();
  readonly served = new Map<string, number>();
  readonly targets: RecordedTarget[] = [];

  constructor(exchanges: readonly Exchange[]) {
    for (const ex of exchanges) {
      if (!ex.response) continue;
      const target = targetOf(ex.request.url);
      const key = matchKey(ex.request.method, target);
      const list = this.byKey.get(key) ?? [];
      list.push(ex);
      this.byKey.set(key, list);
      this.targets.push({ method: ex.request.method.toUpperCase(), target, key });
    }
  }

  /** The next recorded answer for this request (the last one again once all were served). */
  answer(method: string, target: string): Exchange | undefined {
    const key = matchKey(method, target);
    const list = this.byKey.get(key);
    if (!list) return undefined;
    const n = this.served.get(key) ?? 0;
    this.served.set(key, n + 1);
    return list[Math.min(n, list.length - 1)];
  }
}

export interface RunningReplayServer {
  port: number;
  close(): Promise<void>;
}

export async function startReplayServer(
  exchanges: readonly Exchange[],
  opts: { port: number; address: string; file: string; onRequest?(line: string): void },
): Promise<RunningReplayServer> {
  const index = new RecordingIndex(exchanges);
  const server = http.createServer((req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    req.resume();
    const ex = index.answer(method, target);
    if (!ex?.response) {
      const near = nearest(method, target, index.targets);
      const message =
        `kcurl replay: ${opts.file} has no recorded response for ${method} ${target}` +
        (near ? `; the nearest recorded request is ${near.method} ${near.target}` : '; the recording has no responses');
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'NotFound', code: 404 }) + '\n';
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      opts.onRequest?.(`404 ${method} ${target} (not recorded)`);
      return;
    }
    const headers = headerRecord(ex.response.headers.filter(([k]) => !DROPPED.has(k.toLowerCase())));
    const body = bodyBytes(ex.response.body);
    headers['content-length'] = String(body.length);
    res.writeHead(ex.response.status, ex.response.statusText || undefined, headers);
    res.end(method === 'HEAD' ? undefined : body);
    opts.onRequest?.(`${ex.response.status} ${method} ${target}`);
  });
  const listener = await listen(server, opts.address, opts.port, 'choose another --port (0 picks a free one)');
  return { port: listener.port, close: () => listener.close() };
}
