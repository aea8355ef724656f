// The proxy conformance table: one list of requests (written raw on a socket where curl cannot express
// them), each sent to `kcurl proxy` and to the real `kubectl proxy` v1.32 started against the same
// sandbox. Every row expects the same verdict from both (relayed or refused, status class, redirect
// location), except where kcurl is deliberately stricter or different, which the row states with its reason.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS_TIMEOUT_MS } from '../../src/proxy/server.js';
import { CLEAN_PATH, runProcess, startProcess } from '../helpers/spawn.js';
import { startKcurlServer, type KcurlServer } from './record-helpers.js';
import { KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

let t: TestSandbox;
let dir: string;
let kcurl: KcurlServer;
let kubectl: { child: ChildProcess; port: number };

beforeAll(async () => {
  t = await startTestSandbox();
  dir = tempDir('kcurl-proxy-conformance-');
  [kcurl, kubectl] = await Promise.all([
    startKcurlServer(['proxy', '--port', '0', '--quiet'], { KUBECONFIG: t.sb.kubeconfigPath }),
    startKubectlProxy(t.sb.kubeconfigPath),
  ]);
});

afterAll(async () => {
  await kcurl?.stop();
  kubectl?.child.kill('SIGKILL');
  await t?.close();
});

async function startKubectlProxy(kubeconfig: string): Promise<{ child: ChildProcess; port: number }> {
  const run = startProcess(KUBECTL_132, ['proxy', '--port', '0'], { env: { PATH: CLEAN_PATH, HOME: tempDir('kubectl-home-'), KUBECONFIG: kubeconfig } });
  return { child: run.child, port: Number((await run.waitForOutput(/Starting to serve on 127\.0\.0\.1:(\d+)/))[1]) };
}

interface RawReply {
  /** Status lines of interim (1xx) responses, in order. */
  interim: string[];
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection after answering (or without answering). */
  closed: boolean;
}

/** Parses what a server wrote back: interim responses, then one final response (or nothing). */
function parseReply(raw: string, closed: boolean): RawReply | undefined {
  const interim: string[] = [];
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    if (status >= 100 && status < 200 && status !== 101) {
      interim.push(statusLine);
      rest = rest.slice(end + 4);
      continue;
    }
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
    let body = rest.slice(end + 4);
    if (status === 101) return { interim, status, headers, body: '', closed };
    if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      if (Buffer.byteLength(body, 'latin1') < n) return undefined;
      body = body.slice(0, n);
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      if (!body.includes('0\r\n\r\n')) return undefined;
      let out = '';
      let at = 0;
      for (;;) {
        const lineEnd = body.indexOf('\r\n', at);
        const size = parseInt(body.slice(at, lineEnd), 16);
        if (!size) break;
        out += body.slice(lineEnd + 2, lineEnd + 2 + size);
        at = lineEnd + 2 + size + 2;
      }
      body = out;
    } else if (!closed) return undefined;
    return { interim, status, headers, body, closed };
  }
}

/**
 * Writes `request` (or lets `drive` write it) and resolves with the parsed reply once it is complete,
 * or with whatever came back when the connection closed or `waitMs` passed.
 */
function exchange(port: number, request: string | ((sock: net.Socket) => void), waitMs = 5000): Promise<{ reply?: RawReply; raw: string; closed: boolean }> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => (typeof request === 'string' ? sock.write(Buffer.from(request, 'latin1')) : request(sock)));
    let raw = '';
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ reply: parseReply(raw, closed), raw, closed });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    sock.on('data', (c: Buffer) => {
      raw += c.toString('latin1');
      const r = parseReply(raw, false);
      // Complete, and the server said it closes: wait for the close to record it.
      if (r && !/close/i.test(r.headers.connection ?? '')) finish(false);
    });
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(true));
  });
}

/**
 * What a reply means, in words both proxies can be held to: answered by the proxy itself (redirect,
 * refusal, bad request) or relayed from the API server (its JSON, by status class).
 */
function verdict(x: { reply?: RawReply; closed: boolean }): string {
  const r = x.reply;
  if (!r) return x.closed ? 'closed without an answer' : 'no answer yet';
  const interim = r.interim.some((l) => / 100 /.test(l)) ? ' after 100 Continue' : '';
  if (r.status === 301) return `redirect to ${r.headers.location}`;
  if (r.status === 403 && r.body === 'Forbidden\n') return `refused: 403 Forbidden${interim}`;
  if (r.status === 400 && !/json/.test(r.headers['content-type'] ?? '')) return 'refused: 400 Bad Request';
  if (r.status === 408) return 'refused: 408 Request Timeout';
  if (r.status === 501 && !/json/.test(r.headers['content-type'] ?? '')) return 'refused: 501 Not Implemented';
  if (r.status === 500 && /text\/plain/.test(r.headers['content-type'] ?? '')) return `refused: 500 ${r.body.trim()}`;
  if (/json/.test(r.headers['content-type'] ?? '')) return `relayed: ${String(r.status)[0]}xx${interim}`;
  if (r.status === 404 && r.body === '404 page not found\n') return 'not found (404 page not found)';
  return `other: ${r.status}`;
}

const POD = '/api/v1/namespaces/default/pods/p';
const get =
  (target: string, extra: string[] = []) =>
  (host: string) =>
    [`GET ${target} HTTP/1.1`, `Host: ${host}`, ...extra, 'Connection: close', '', ''].join('\r\n');
const websocket = [
  'Connection: Upgrade',
  'Upgrade: websocket',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Protocol: v5.channel.k8s.io',
];
const spdy = ['Connection: Upgrade', 'Upgrade: SPDY/3.1', 'X-Stream-Protocol-Version: v4.channel.k8s.io'];
const configMap = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });

interface Row {
  name: string;
  /** The raw request for a Host header value ("127.0.0.1:PORT"); each proxy gets its own. */
  request: (host: string, proxy: 'kcurl' | 'kubectl') => string;
  /** kubectl proxy's verdict (and kcurl's, unless `stricter` says otherwise). */
  kubectl: string;
  /** Where kcurl answers differently on purpose: its verdict and why. */
  kcurl?: { verdict: string; why: string };
}

const rows: Row[] = [
  // Paths: Go's ServeMux redirects unclean paths before any filter runs; the filter sees the %-decoded path.
  { name: 'dot-segment before /api', request: get(`/x/../${POD.slice(1)}/exec`), kubectl: `redirect to ${POD}/exec` },
  { name: 'dot-segment inside the path, query kept', request: get(`${POD}/./exec?command=ls`), kubectl: `redirect to ${POD}/exec?command=ls` },
  { name: 'double slash', request: get(`/${POD}/exec`), kubectl: `redirect to ${POD}/exec` },
  { name: 'trailing /..', request: get('/api/v1/namespaces/x/..?a=1'), kubectl: 'redirect to /api/v1/namespaces?a=1' },
  { name: 'percent-encoded letter (%65xec)', request: get(`${POD}/%65xec`), kubectl: 'refused: 403 Forbidden' },
  { name: 'encoded dot-segment after pods (%2e%2e)', request: get(`${POD}/%2e%2e/p/exec`), kubectl: 'refused: 403 Forbidden' },
  {
    name: 'encoded dot-segment before /api (%2e%2e)',
    request: get(`/x/%2e%2e${POD}/exec`),
    kubectl: 'relayed: 4xx',
    kcurl: {
      verdict: 'refused: 403 Forbidden',
      why: 'kubectl matches --reject-paths against "/x/../api/…", which misses ^/api/, and sends the request on; kcurl also matches the cleaned path',
    },
  },
  { name: 'encoded slash (%2F) before exec', request: get('/api/v1/namespaces/default/pods%2Fp/exec'), kubectl: 'refused: 403 Forbidden' },
  { name: 'encoded slash (%2F) in the name', request: get(`${POD}%2Fexec`), kubectl: 'refused: 403 Forbidden' },
  { name: 'malformed escape (%zz)', request: get(`${POD}/%zz`), kubectl: 'refused: 400 Bad Request' },
  { name: 'request target that is not a path (*)', request: get('*'), kubectl: 'refused: 400 Bad Request' },
  {
    name: 'dot-segment before an escaped character',
    request: get('/x/../api/v1/namespaces/default/configmaps/a%20b'),
    kubectl: 'redirect to /api/v1/namespaces/default/configmaps/a%2520b',
    kcurl: {
      verdict: 'redirect to /api/v1/namespaces/default/configmaps/a%20b',
      why: 'Go escapes the already escaped path a second time (%20 becomes %2520), sending the client to another name; kcurl keeps the escapes as sent',
    },
  },
  // exec and attach, plain and as upgrades (WebSocket and SPDY).
  { name: 'exec', request: get(`${POD}/exec?command=ls`), kubectl: 'refused: 403 Forbidden' },
  { name: 'exec as a WebSocket upgrade', request: get(`${POD}/exec?command=ls`, websocket), kubectl: 'refused: 403 Forbidden' },
  { name: 'exec as a WebSocket upgrade, %65xec', request: get(`${POD}/%65xec?command=ls`, websocket), kubectl: 'refused: 403 Forbidden' },
  { name: 'exec as a WebSocket upgrade, dot-segment', request: get(`/x/..${POD}/exec?command=ls`, websocket), kubectl: `redirect to ${POD}/exec?command=ls` },
  { name: 'attach', request: get(`${POD}/attach`), kubectl: 'refused: 403 Forbidden' },
  { name: 'attach as a SPDY upgrade', request: get(`${POD}/attach?stdout=true`, spdy), kubectl: 'refused: 403 Forbidden' },
  {
    name: 'a list asked for with Upgrade: websocket (the API server answers 200, not 101)',
    request: get('/api/v1/namespaces/default/configmaps', websocket),
    kubectl: 'refused: 500 invalid upgrade response: status code 200',
  },
  {
    name: "a missing pod's port-forward as a WebSocket upgrade (the API server's 404 is passed on)",
    request: get(`${POD}/portforward?ports=80`, websocket),
    kubectl: 'relayed: 4xx',
  },
  { name: 'log (allowed)', request: get(`${POD}/log`), kubectl: 'relayed: 4xx' },
  { name: 'a list (allowed)', request: get('/api/v1/namespaces/default/configmaps'), kubectl: 'relayed: 2xx' },
  // Host and Origin.
  { name: 'Host not accepted', request: (_h) => get('/api/v1/namespaces')('evil.com'), kubectl: 'refused: 403 Forbidden' },
  { name: 'Host not accepted, with a port', request: (h) => get('/api/v1/namespaces')(`evil.com:${h.split(':')[1]}`), kubectl: 'refused: 403 Forbidden' },
  { name: 'Host localhost with a port', request: (h) => get('/api/v1/namespaces')(`localhost:${h.split(':')[1]}`), kubectl: 'relayed: 2xx' },
  // kubectl matches the host without its port, and net.SplitHostPort drops the brackets with the port:
  // the default ^\[::1\]$ only accepts a bare "[::1]".
  { name: 'Host [::1] with a port', request: (h) => get('/api/v1/namespaces')(`[::1]:${h.split(':')[1]}`), kubectl: 'refused: 403 Forbidden' },
  { name: 'Host [::1] without a port', request: () => get('/api/v1/namespaces')('[::1]'), kubectl: 'relayed: 2xx' },
  {
    name: 'no Host header (HTTP/1.1)',
    request: () => ['GET /api/v1/namespaces HTTP/1.1', 'Connection: close', '', ''].join('\r\n'),
    kubectl: 'refused: 400 Bad Request',
  },
  { name: 'no Host header (HTTP/1.0)', request: () => ['GET /api/v1/namespaces HTTP/1.0', '', ''].join('\r\n'), kubectl: 'refused: 403 Forbidden' },
  { name: 'absolute-form target naming another host', request: get('http://evil.com/api/v1/namespaces'), kubectl: 'refused: 403 Forbidden' },
  { name: 'Origin of the proxy itself', request: (h) => get('/api/v1/namespaces', [`Origin: http://${h}`])(h), kubectl: 'relayed: 2xx' },
  {
    name: 'Origin of another site',
    request: get('/api/v1/namespaces', ['Origin: http://evil.com']),
    kubectl: 'relayed: 2xx',
    kcurl: {
      verdict: 'refused: 403 Forbidden',
      why: "kubectl proxy ignores Origin, so any web page the user opens can send requests (and WebSocket handshakes, which browsers send cross-site without asking) with the user's credentials",
    },
  },
  {
    name: 'Origin of another site on a WebSocket upgrade',
    request: get('/api/v1/namespaces/default/pods/p/portforward?ports=80', ['Origin: http://evil.com', ...websocket]),
    kubectl: 'relayed: 4xx',
    kcurl: { verdict: 'refused: 403 Forbidden', why: 'the same cross-site hole, where it matters most: a page could open a port-forward or a watch' },
  },
  {
    name: 'Origin "null" (sandboxed frame, file://)',
    request: get('/api/v1/namespaces', ['Origin: null']),
    kubectl: 'relayed: 2xx',
    kcurl: { verdict: 'refused: 403 Forbidden', why: 'an opaque origin is a page of unknown site' },
  },
  // Framing: request smuggling through conflicting lengths.
  {
    name: 'Content-Length and Transfer-Encoding together',
    request: (h, proxy) => {
      const body = configMap(`clte-${proxy}`);
      const chunked = `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      return [
        `POST /api/v1/namespaces/default/configmaps HTTP/1.1`,
        `Host: ${h}`,
        'Content-Type: application/json',
        'Content-Length: 4',
        'Transfer-Encoding: chunked',
        'Connection: close',
        '',
        chunked,
      ].join('\r\n');
    },
    kubectl: 'relayed: 2xx',
    kcurl: {
      verdict: 'refused: 400 Bad Request',
      why: "Go lets Transfer-Encoding win; kcurl (Node's parser) refuses the ambiguous framing outright, as RFC 9112 §6.1 allows a server to, so no two readings of one message can exist",
    },
  },
  {
    name: 'two different Content-Lengths',
    request: (h) =>
      [
        `POST /api/v1/namespaces/default/configmaps HTTP/1.1`,
        `Host: ${h}`,
        'Content-Type: application/json',
        'Content-Length: 2',
        'Content-Length: 3',
        'Connection: close',
        '',
        '{}',
      ].join('\r\n'),
    kubectl: 'refused: 400 Bad Request',
  },
  {
    name: 'a second request hidden in a chunked body',
    request: (h) => {
      const hidden = `GET ${POD}/exec?command=sh HTTP/1.1\r\nHost: ${h}\r\n\r\n`;
      return [
        `POST /api/v1/namespaces/default/configmaps HTTP/1.1`,
        `Host: ${h}`,
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
        'Connection: close',
        '',
        `${Buffer.byteLength(hidden).toString(16)}\r\n${hidden}\r\n0\r\n\r\n`,
      ].join('\r\n');
    },
    kubectl: 'relayed: 4xx',
  },
  ...(
    [
      ['an unknown transfer coding next to Content-Length', ['Transfer-Encoding: xchunked', 'Content-Length: 2'], 'refused: 501 Not Implemented'],
      ['chunked listed twice', ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'], 'refused: 501 Not Implemented'],
      ['chunked followed by identity', ['Transfer-Encoding: chunked, identity'], 'refused: 501 Not Implemented'],
      ['a space before the colon of Transfer-Encoding', ['Transfer-Encoding : chunked', 'Content-Length: 2'], 'refused: 400 Bad Request'],
      ['a signed Content-Length', ['Content-Length: +2'], 'refused: 400 Bad Request'],
      ['a Content-Length list', ['Content-Length: 2, 2'], 'refused: 400 Bad Request'],
    ] as const
  ).map(
    ([name, framing, kubectlVerdict]): Row => ({
      name: `smuggling: ${name}`,
      request: (h) =>
        [`POST /api/v1/namespaces/default/configmaps HTTP/1.1`, `Host: ${h}`, 'Content-Type: application/json', ...framing, 'Connection: close', '', '{}'].join(
          '\r\n',
        ),
      kubectl: kubectlVerdict,
      ...(kubectlVerdict === 'refused: 501 Not Implemented'
        ? {
            kcurl: {
              verdict: 'refused: 400 Bad Request',
              why: "refused all the same: Node's parser answers 400 where Go answers 501 for framing it does not implement",
            },
          }
        : {}),
    }),
  ),
  // Expect: 100-continue without curl's help: a refused request is answered at once, without 100 Continue.
  {
    name: 'Expect: 100-continue on a refused path',
    request: (h) => [`POST ${POD}/exec?command=ls HTTP/1.1`, `Host: ${h}`, 'Content-Length: 2000000', 'Expect: 100-continue', '', ''].join('\r\n'),
    kubectl: 'refused: 403 Forbidden',
  },
];

describe('kcurl proxy and kubectl proxy side by side', () => {
  it.each(rows.map((r) => [r.kcurl ? `${r.name} (kcurl stricter or different: ${r.kcurl.why})` : r.name, r] as const))('%s', async (_name, row) => {
    const [k, c] = await Promise.all([
      exchange(kubectl.port, row.request(`127.0.0.1:${kubectl.port}`, 'kubectl')),
      exchange(kcurl.port, row.request(`127.0.0.1:${kcurl.port}`, 'kcurl')),
    ]);
    expect(verdict(k), `kubectl proxy answered:\n${k.raw}`).toBe(row.kubectl);
    expect(verdict(c), `kcurl proxy answered:\n${c.raw}`).toBe(row.kcurl?.verdict ?? row.kubectl);
  });

  it("refusals and redirects look the same as kubectl's (status line, headers, body)", async () => {
    for (const target of [`${POD}/%65xec`, `/x/..${POD}/exec?command=ls`, `${POD}/%zz`]) {
      const [k, c] = await Promise.all([
        exchange(kubectl.port, get(target)(`127.0.0.1:${kubectl.port}`)),
        exchange(kcurl.port, get(target)(`127.0.0.1:${kcurl.port}`)),
      ]);
      const shape = (r: RawReply | undefined) =>
        r && { status: r.status, type: r.headers['content-type'], nosniff: r.headers['x-content-type-options'], location: r.headers.location, body: r.body };
      expect(shape(c.reply)).toEqual(shape(k.reply));
    }
  });

  it('a body over 1 MiB through curl (which sends Expect: 100-continue) is relayed by both after 100 Continue', async () => {
    const file = join(dir, 'big.json');
    for (const proxy of ['kubectl', 'kcurl'] as const) {
      const port = proxy === 'kcurl' ? kcurl.port : kubectl.port;
      // Over 1 MiB on the wire, yet within what the API server stores: a ConfigMap's values may total 1 MiB
      // and its annotations 256 KiB.
      const body = JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `big-${proxy}`, annotations: { 'example.com/filler': 'b'.repeat(200_000) } },
        data: { x: 'a'.repeat(1_000_000) },
      });
      expect(body.length).toBeGreaterThan(1024 * 1024);
      writeFileSync(file, body);
      const r = await runProcess(
        'curl',
        [
          '-sS',
          '-v',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          '-X',
          'POST',
          '-H',
          'Content-Type: application/json',
          '--data-binary',
          `@${file}`,
          `http://127.0.0.1:${port}/api/v1/namespaces/default/configmaps`,
        ],
        { env: { PATH: CLEAN_PATH } },
      );
      expect(r.stderr).toContain('> Expect: 100-continue');
      expect(r.stderr).toContain('< HTTP/1.1 100 Continue');
      expect(r.stdout).toBe('201');
      const stored = await t.request('GET', `/api/v1/namespaces/default/configmaps/big-${proxy}`);
      expect(stored.json().data.x).toHaveLength(1_000_000);
    }
  });

  it('a client sending its headers byte by byte is served by both', async () => {
    const slowly = (port: number) => (sock: net.Socket) => {
      const bytes = Buffer.from(get('/api/v1/namespaces/default/configmaps')(`127.0.0.1:${port}`), 'latin1');
      let i = 0;
      const tick = setInterval(() => {
        if (sock.destroyed || i >= bytes.length) return clearInterval(tick);
        sock.write(bytes.subarray(i, ++i));
      }, 5);
    };
    const [k, c] = await Promise.all([exchange(kubectl.port, slowly(kubectl.port), 10_000), exchange(kcurl.port, slowly(kcurl.port), 10_000)]);
    expect(verdict(k)).toBe('relayed: 2xx');
    expect(verdict(c)).toBe('relayed: 2xx');
  });

  it(`a client that stops halfway through its headers: kcurl answers 408 and closes after ${HEADERS_TIMEOUT_MS / 1000} s, kubectl proxy waits on (stricter: bounded time per connection)`, async () => {
    const stall = (port: number) => (sock: net.Socket) => sock.write(`GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    const wait = HEADERS_TIMEOUT_MS + 3000;
    const [k, c] = await Promise.all([exchange(kubectl.port, stall(kubectl.port), wait), exchange(kcurl.port, stall(kcurl.port), wait)]);
    expect(verdict(k)).toBe('no answer yet');
    expect(verdict(c)).toBe('refused: 408 Request Timeout');
    expect(c.closed).toBe(true);
  }, 30_000);
});
