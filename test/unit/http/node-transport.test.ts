// The node:https transport against the undici one, over the same raw TLS server: the request bytes (request
// line, header names, order and values, body), the TLS handshake's SNI, ALPN and client certificate, keep-alive,
// what each gives back (status, headers, body), and every failure worded alike once src/http/execute.ts maps it.
import { type Server, type TLSSocket, createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkError } from '../../../src/http/execute.js';
import { createNodeTransport } from '../../../src/http/node-transport.js';
import type { Transport, TransportRequest } from '../../../src/http/transport.js';
import { createUndiciTransport } from '../../../src/http/undici-transport.js';
import type { Credentials } from '../../../src/kube/credentials-types.js';
import { Secret } from '../../../src/kube/secret.js';
import { type CertKeyPair, createCA, createClientCert, createServerCert } from '../../../src/pki/pki.js';
import { kindCredentials } from '../../helpers/credentials.js';

interface Received {
  /** The request exactly as it arrived: head and body bytes, as latin1 text. */
  raw: string;
  connection: number;
  servername: string | false | null;
  alpn: string | false | null;
  clientCN?: string;
}

type Behaviour = 'answer' | 'close' | 'silent' | 'stream' | 'cut';

/** What 'stream' and 'cut' send: a chunked body of many writes, bytes of every value, a UTF-8 character split between two. */
const STREAM_PIECES = Array.from({ length: 300 }, (_, i) =>
  Buffer.concat([Buffer.from(`line ${i} ${'x'.repeat(i * 37)}\n`), Buffer.from(Array.from({ length: 256 }, (_, b) => (b + i) % 256))]),
);
STREAM_PIECES.push(Buffer.from('caf\xc3', 'latin1'), Buffer.from('\xa9\n', 'latin1'));

const BOM_BODY = '\ufeff{"kind":"Status","message":"café"}';

/** A TLS server that records raw requests and answers each with a fixed response (or closes, or says nothing). */
async function rawServer(ca: CertKeyPair, clientCA: CertKeyPair) {
  const cert = createServerCert(ca, { commonName: 'api', dnsNames: ['localhost', 'api.example'], ipAddresses: ['127.0.0.1'] });
  const received: Received[] = [];
  let behaviour: Behaviour = 'answer';
  let connections = 0;
  const server: Server = createServer(
    { key: cert.keyPem, cert: cert.certPem, ca: clientCA.certPem, requestCert: true, rejectUnauthorized: false, ALPNProtocols: ['h2', 'http/1.1'] },
    (socket: TLSSocket) => {
      const connection = ++connections;
      let buf = Buffer.alloc(0);
      socket.on('error', () => {});
      socket.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buf.subarray(0, end + 4).toString('latin1');
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
          if (buf.length < end + 4 + length) return;
          const raw = buf.subarray(0, end + 4 + length).toString('latin1');
          buf = buf.subarray(end + 4 + length);
          const peer = socket.getPeerCertificate();
          received.push({
            raw,
            connection,
            servername: socket.servername,
            alpn: socket.alpnProtocol,
            clientCN: peer && 'subject' in peer ? String(peer.subject?.CN ?? '') || undefined : undefined,
          });
          if (behaviour === 'close') socket.destroy();
          else if (behaviour === 'stream' || behaviour === 'cut') {
            socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
            // 'cut': half of the body, then the connection closes with the response unfinished.
            const pieces = behaviour === 'cut' ? STREAM_PIECES.slice(0, STREAM_PIECES.length / 2) : STREAM_PIECES;
            for (const p of pieces) socket.write(Buffer.concat([Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]));
            if (behaviour === 'cut') socket.end();
            else socket.write('0\r\n\r\n');
          } else if (behaviour === 'answer') {
            const body = Buffer.from(BOM_BODY);
            socket.write(
              `HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nX-Twice: a\r\nAudit-Id: 1\r\nx-twice: b\r\nContent-Length: ${body.length}\r\n\r\n`,
            );
            socket.write(body);
          }
        }
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    set behaviour(b: Behaviour) {
      behaviour = b;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ca = createCA('wire-ca');
const clientCA = createCA('client-ca');
const client = createClientCert(clientCA, { commonName: 'jane', organizations: ['dev'] });
let server: Awaited<ReturnType<typeof rawServer>>;

beforeAll(async () => {
  server = await rawServer(ca, clientCA);
});
afterAll(() => server.close());

function creds(over: Partial<Credentials> = {}, host = '127.0.0.1'): Credentials {
  const src = { kind: 'default' } as const;
  return kindCredentials({
    server: { value: `https://${host}:${server.port}`, source: src },
    ca: { value: new TextEncoder().encode(ca.certPem), source: src },
    ...over,
  });
}

const TRANSPORTS: [string, (c: Credentials) => Transport | Promise<Transport>][] = [
  ['undici', (c) => createUndiciTransport(c)],
  ['node', (c) => createNodeTransport(c)],
];

/** Runs the requests over each transport (one transport per run) and returns what the server received. */
async function receivedBy(c: Credentials, requests: TransportRequest[]) {
  const out: Record<string, { received: Received[]; answers: unknown[] }> = {};
  for (const [name, make] of TRANSPORTS) {
    const start = server.received.length;
    const t = await make(c);
    const answers = [];
    for (const r of requests) answers.push(await t.send(r));
    await t.close();
    out[name] = { received: server.received.slice(start), answers };
  }
  return out;
}

const base = () => `https://127.0.0.1:${server.port}`;

describe('node transport: the bytes undici sends', () => {
  const H = (pairs: [string, string][]) => pairs;
  const cases: [string, () => TransportRequest][] = [
    [
      'GET with a query and kubectl headers',
      () => ({
        method: 'GET',
        url: `${base()}/api/v1/namespaces/default/pods?limit=500&labelSelector=app%3Dweb`,
        headers: H([
          ['user-agent', 'kcurl/0.1.0 (linux/x64)'],
          ['accept', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'],
          ['authorization', 'Bearer t0ken'],
        ]),
      }),
    ],
    [
      'repeated headers, interleaved (impersonation groups), and a value with bytes above ASCII',
      () => ({
        method: 'GET',
        url: `${base()}/api/v1/namespaces`,
        headers: H([
          ['impersonate-user', 'jane'],
          ['impersonate-group', 'a'],
          ['impersonate-extra-scopes', 'caf\u00c3\u00a9'],
          ['impersonate-group', 'b'],
        ]),
      }),
    ],
    [
      'POST with a UTF-8 JSON body',
      () => ({
        method: 'POST',
        url: `${base()}/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create`,
        headers: H([
          ['content-type', 'application/json'],
          ['accept', 'application/json'],
        ]),
        body: '{"metadata":{"name":"café"}}',
      }),
    ],
    ['POST without a body', () => ({ method: 'POST', url: `${base()}/x`, headers: [] })],
    ['POST with an empty body', () => ({ method: 'POST', url: `${base()}/x`, headers: [], body: '' })],
    [
      'DELETE with a body',
      () => ({ method: 'DELETE', url: `${base()}/x`, headers: [['content-type', 'application/json']], body: '{"propagationPolicy":"Background"}' }),
    ],
    ['DELETE without a body', () => ({ method: 'DELETE', url: `${base()}/x`, headers: [] })],
    [
      'PATCH with bytes',
      () => ({
        method: 'PATCH',
        url: `${base()}/x`,
        headers: [['content-type', 'application/merge-patch+json']],
        body: new TextEncoder().encode('{"data":{"k":"v"}}'),
      }),
    ],
    ['PUT', () => ({ method: 'PUT', url: `${base()}/x`, headers: [['content-type', 'application/json']], body: '{}' })],
  ];

  it.each(cases)('%s', async (_name, make) => {
    const got = await receivedBy(creds(), [make()]);
    expect(got.node.received.map((r) => r.raw)).toEqual(got.undici.received.map((r) => r.raw));
    expect(got.node.received).toHaveLength(1);
  });

  it('sends the requests of one run over one kept-alive connection', async () => {
    const req = cases[0][1]();
    const got = await receivedBy(creds(), [req, req, req]);
    expect(new Set(got.node.received.map((r) => r.connection)).size).toBe(1);
    expect(got.node.received.map((r) => r.raw)).toEqual(got.undici.received.map((r) => r.raw));
  });

  it('gives back the same status, headers (repeats together, names lower-cased) and body (no byte order mark)', async () => {
    const got = await receivedBy(creds(), [cases[0][1]()]);
    expect(got.node.answers).toEqual(got.undici.answers);
    expect(got.node.answers[0]).toMatchObject({ status: 404, body: '{"kind":"Status","message":"café"}' });
    expect((got.node.answers[0] as { headers: [string, string][] }).headers.slice(0, 4)).toEqual([
      ['content-type', 'application/json'],
      ['x-twice', 'a'],
      ['x-twice', 'b'],
      ['audit-id', '1'],
    ]);
  });

  it('streams the same chunks', async () => {
    for (const [, make] of TRANSPORTS) {
      const t = await make(creds());
      const res = await t.stream(cases[0][1]());
      let text = '';
      for await (const c of res.chunks) text += Buffer.from(c).toString('utf8');
      await t.close();
      expect(res.status).toBe(404);
      expect(text).toBe(BOM_BODY);
    }
  });
});

describe('node transport: streamed bodies', () => {
  const get = (): TransportRequest => ({ method: 'GET', url: `${base()}/log`, headers: [] });
  /** Reads a stream to its end (or its failure), optionally waiting a little before each read (a slow reader). */
  async function read(make: (c: Credentials) => Transport | Promise<Transport>, slow = false) {
    const t = await make(creds());
    const chunks: Buffer[] = [];
    let failure = '';
    try {
      const res = await t.stream(get());
      for await (const c of res.chunks) {
        chunks.push(Buffer.from(c));
        if (slow) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } catch (err) {
      failure = networkError(err, creds(), 0).message;
    } finally {
      await t.close();
    }
    return { body: Buffer.concat(chunks), failure };
  }
  const whole = Buffer.concat(STREAM_PIECES);

  it.each([false, true])('gives every byte in order, as undici does (slow reader: %s)', async (slow) => {
    server.behaviour = 'stream';
    try {
      for (const [name, make] of TRANSPORTS) {
        const got = await read(make, slow);
        expect({ name, failure: got.failure }).toEqual({ name, failure: '' });
        expect(got.body.equals(whole)).toBe(true);
      }
    } finally {
      server.behaviour = 'answer';
    }
  });

  it('a body cut short: what came, then the failure worded as undici words it', async () => {
    server.behaviour = 'cut';
    try {
      const got = Object.fromEntries(await Promise.all(TRANSPORTS.map(async ([name, make]) => [name, await read(make)] as const)));
      const half = Buffer.concat(STREAM_PIECES.slice(0, STREAM_PIECES.length / 2));
      expect(got.node.body.equals(half)).toBe(true);
      expect(got.node.failure).toBe(got.undici.failure);
      expect(got.node.failure).toContain('other side closed');
    } finally {
      server.behaviour = 'answer';
    }
  });
});

describe('node transport: the TLS handshake undici makes', () => {
  const req = (): TransportRequest => ({ method: 'GET', url: `${base()}/version`, headers: [] });
  const src = { kind: 'default' } as const;

  it.each<[string, () => Credentials]>([
    ['an IP address: no SNI', () => creds()],
    ['a host name: SNI with it', () => creds({}, 'localhost')],
    ['tls-server-name', () => creds({ tlsServerName: 'api.example' })],
    [
      'a client certificate',
      () =>
        creds({
          clientCert: {
            cert: { value: new TextEncoder().encode(client.certPem), source: src },
            key: { value: new Secret(new TextEncoder().encode(client.keyPem)), source: src },
          } as unknown as Credentials['clientCert'],
        }),
    ],
    ['insecure-skip-tls-verify without a CA', () => creds({ ca: undefined, insecureSkipTLSVerify: true })],
  ])('%s', async (_name, c) => {
    const got = await receivedBy(c(), [{ ...req(), url: `${c().server.value}/version` }]);
    const view = (r: Received) => ({ raw: r.raw, servername: r.servername, alpn: r.alpn, clientCN: r.clientCN });
    expect(got.node.received.map(view)).toEqual(got.undici.received.map(view));
    expect(got.node.received).toHaveLength(1);
  });
});

describe('node transport: failures worded as with undici', () => {
  /** The kcurl error message each transport's failure becomes. */
  async function failures(c: Credentials, req: () => TransportRequest, timeoutMs = 0) {
    const out: Record<string, string> = {};
    for (const [name, make] of TRANSPORTS) {
      const t = await make(c);
      try {
        await t.send(req());
        out[name] = 'no failure';
      } catch (err) {
        out[name] = `${networkError(err, c, timeoutMs).code}: ${networkError(err, c, timeoutMs).message}`;
      } finally {
        await t.close();
      }
    }
    return out;
  }
  const get =
    (url = `${base()}/x`) =>
    (): TransportRequest => ({ method: 'GET', url, headers: [] });

  it.each<[string, () => Credentials, string]>([
    ['an unknown certificate authority', () => creds({ ca: undefined }), 'x509: certificate signed by unknown authority'],
    ['a name the certificate does not list', () => creds({ tlsServerName: 'other.example' }), 'x509: certificate is not valid for this host name'],
  ])('%s', async (_name, c, words) => {
    const out = await failures(c(), get());
    expect(out.node).toBe(out.undici);
    expect(out.node).toContain(words);
  });

  it('a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = creds({ server: { value: `https://127.0.0.1:${port}`, source: { kind: 'default' } } });
    const out = await failures(c, get(`https://127.0.0.1:${port}/x`));
    expect(out.node).toBe(out.undici);
    expect(out.node).toContain('was refused');
  });

  it('a host name that does not resolve', async () => {
    const c = creds({ server: { value: 'https://kcurl-test.invalid:6443', source: { kind: 'default' } } });
    const out = await failures(c, get('https://kcurl-test.invalid:6443/x'));
    expect(out.node).toBe(out.undici);
    expect(out.node).toContain('KCURL_NETWORK: Unable to connect to the server');
  });

  it('a server that closes the connection instead of answering', async () => {
    server.behaviour = 'close';
    try {
      const out = await failures(creds(), get());
      expect(out.node).toBe(out.undici);
      expect(out.node).toContain('closed unexpectedly (other side closed)');
    } finally {
      server.behaviour = 'answer';
    }
  });

  it('an abort (--request-timeout) while waiting for the answer', async () => {
    server.behaviour = 'silent';
    try {
      const out = await failures(
        creds(),
        () => {
          const controller = new AbortController();
          setTimeout(() => controller.abort(new Error('timeout')), 200);
          return { ...get()(), signal: controller.signal, timeoutMs: 60_000 };
        },
        200,
      );
      expect(out.node).toBe(out.undici);
      expect(out.node).toContain('request timed out after 0.2s (--request-timeout)');
    } finally {
      server.behaviour = 'answer';
    }
  });
});
