// A local HTTPS server with its own CA that records every request exactly as received (method, raw
// target, raw headers in order, body bytes, client certificate) and answers from a per-test route table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { certificateSubject, createCA, createServerCert, type CertKeyPair } from '../../src/pki/pki.js';

export interface RecordedRequest {
  method: string;
  /** The request target exactly as sent on the request line: path plus query, not decoded. */
  target: string;
  httpVersion: string;
  /** Header lines as received: names in their original case, in order, repeats kept. */
  headers: [string, string][];
  body: Buffer;
  /** Present when the client sent a certificate; `authorized` says whether it chains to opts.clientCA. */
  clientCert?: { commonName?: string; organizations: string[]; authorized: boolean };
  /** The TLS server name the client sent (SNI), if any. */
  servername?: string | false | null;
}

export type RouteHandler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface CannedResponse {
  status?: number;
  headers?: Record<string, string> | [string, string][];
  /** A string or Buffer is sent as is; anything else as JSON (with Content-Type application/json unless given). */
  body?: string | Buffer | unknown;
}

/** A route whose response stays open until the test ends it: watch and `logs -f` tests. */
export interface StreamHandle {
  /** Resolves with the request once one has reached the route and its response headers are sent. */
  opened: Promise<RecordedRequest>;
  /** Writes a chunk to every open response of this route. */
  write(chunk: string | Buffer): void;
  /** Ends every open response, optionally with a last chunk. */
  end(chunk?: string | Buffer): void;
}

export interface RecordingServer {
  /** https://127.0.0.1:PORT (the certificate also names localhost and ::1). */
  url: string;
  port: number;
  ca: CertKeyPair;
  caPem: string;
  /** The CA certificate written to a temporary directory, for --cacert and kubeconfig certificate-authority. */
  caFile: string;
  /** A temporary directory removed on close(), for kubeconfigs, tokens and other per-test files. */
  dir: string;
  /** Every request so far, in arrival order (the same array throughout; reset() empties it). */
  requests: RecordedRequest[];
  /**
   * Answers `method` (or '*') at `path`: a string matches the path without the query exactly, a RegExp is
   * tested against the whole raw target. Routes added later take precedence over earlier ones.
   */
  route(method: string, path: string | RegExp, response: RouteHandler | CannedResponse): void;
  streamRoute(method: string, path: string | RegExp, init?: { status?: number; headers?: Record<string, string> }): StreamHandle;
  /** Forgets recorded requests; routes stay. */
  reset(): void;
  /** Removes all routes (everything answers the default 404 again). */
  clearRoutes(): void;
  close(): Promise<void>;
}

// What kube-apiserver v1.26 answers for a path it does not serve
// (reference: kube-apiserver-v1.26/errors/404-unknown-path.json, `404 application/json`).
export const NOT_FOUND_STATUS = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
} as const;

interface Route {
  method: string;
  path: string | RegExp;
  handler: RouteHandler;
}

export async function startRecordingServer(opts: { clientCA?: CertKeyPair } = {}): Promise<RecordingServer> {
  const ca = createCA('kcurl-recording-server-ca');
  const serverPair = createServerCert(ca, {
    commonName: 'kcurl-recording-server',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1', '::1'],
  });
  const dir = mkdtempSync(join(tmpdir(), 'kcurl-recording-'));
  const caFile = join(dir, 'ca.crt');
  writeFileSync(caFile, ca.certPem);

  const requests: RecordedRequest[] = [];
  let routes: Route[] = [];

  const server: Server = createServer(
    {
      key: serverPair.keyPem,
      cert: serverPair.certPem,
      // Ask every client for a certificate but accept any (or none): the test inspects what arrived.
      requestCert: true,
      rejectUnauthorized: false,
      ...(opts.clientCA ? { ca: opts.clientCA.certPem } : {}),
    },
    (req, res) => {
      void handle(req, res);
    },
  );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      target: req.url ?? '',
      httpVersion: req.httpVersion,
      headers: pairs(req.rawHeaders),
      body: Buffer.concat(chunks),
      clientCert: peerSubject(req.socket as TLSSocket),
      // Only when one was sent, so requests without SNI (an IP address) compare as before.
      ...((req.socket as TLSSocket).servername ? { servername: (req.socket as TLSSocket).servername } : {}),
    };
    requests.push(recorded);
    const route = findRoute(routes, recorded);
    try {
      if (route) await route.handler(recorded, res);
      else sendCanned(res, { status: 404, body: NOT_FOUND_STATUS });
    } catch (err) {
      if (!res.headersSent) sendCanned(res, { status: 500, body: `recording server route failed: ${(err as Error).message}\n` });
      else res.destroy(err as Error);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca,
    caPem: ca.certPem,
    caFile,
    dir,
    requests,
    route(method, path, response) {
      const handler: RouteHandler = typeof response === 'function' ? response : (_req, res) => sendCanned(res, response);
      routes.push({ method: method.toUpperCase(), path, handler });
    },
    streamRoute(method, path, init = {}) {
      const open = new Set<ServerResponse>();
      let resolveOpened!: (req: RecordedRequest) => void;
      const opened = new Promise<RecordedRequest>((resolve) => (resolveOpened = resolve));
      routes.push({
        method: method.toUpperCase(),
        path,
        handler: (req, res) => {
          res.writeHead(init.status ?? 200, { 'Content-Type': 'application/json', ...init.headers });
          res.flushHeaders();
          open.add(res);
          res.once('close', () => open.delete(res));
          resolveOpened(req);
        },
      });
      return {
        opened,
        write(chunk) {
          for (const res of open) res.write(chunk);
        },
        end(chunk) {
          for (const res of open) res.end(chunk);
          open.clear();
        },
      };
    },
    reset() {
      requests.length = 0;
    },
    clearRoutes() {
      routes = [];
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every value of header `name` (case-insensitive), in the order received. */
export function headerValues(req: RecordedRequest, name: string): string[] {
  const lower = name.toLowerCase();
  return req.headers.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
}

function findRoute(routes: Route[], req: RecordedRequest): Route | undefined {
  const path = req.target.split('?')[0];
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i];
    if (r.method !== '*' && r.method !== req.method) continue;
    if (typeof r.path === 'string' ? r.path === path : r.path.test(req.target)) return r;
  }
  return undefined;
}

function sendCanned(res: ServerResponse, canned: CannedResponse): void {
  const headers: [string, string][] = Array.isArray(canned.headers) ? canned.headers : Object.entries(canned.headers ?? {});
  let body: Buffer;
  if (canned.body === undefined) body = Buffer.alloc(0);
  else if (Buffer.isBuffer(canned.body)) body = canned.body;
  else if (typeof canned.body === 'string') body = Buffer.from(canned.body, 'utf8');
  else {
    body = Buffer.from(JSON.stringify(canned.body) + '\n', 'utf8'); // apiserver's JSON encoder ends with a newline
    if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
  }
  res.statusCode = canned.status ?? 200;
  for (const [k, v] of headers) res.appendHeader(k, v);
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

function peerSubject(socket: TLSSocket): RecordedRequest['clientCert'] {
  const peer = socket.getPeerCertificate?.() as PeerCertificate | undefined;
  if (!peer?.raw) return undefined;
  const pem = `-----BEGIN CERTIFICATE-----\n${peer.raw
    .toString('base64')
    .match(/.{1,64}/g)
    ?.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { ...certificateSubject(pem), authorized: socket.authorized };
}
