// PKI: certificates that Node's TLS, OpenSSL (through curl) and the sandbox authenticator accept and read back.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KcurlError } from '../../src/errors.js';
import { certificateSubject, createCA, createClientCert, createServerCert, type CertKeyPair } from '../../src/pki/pki.js';
import { requireTool } from '../helpers/require-tool.js';
import { runProcess } from '../helpers/spawn.js';

const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

let ca: CertKeyPair;
let serverPair: CertKeyPair;
let clientPair: CertKeyPair;
let otherCa: CertKeyPair;

beforeAll(() => {
  ca = createCA('kcurl-test-ca');
  otherCa = createCA('some-other-ca');
  serverPair = createServerCert(ca, {
    commonName: 'kcurl-test-server',
    dnsNames: ['localhost', 'kubernetes.default.svc'],
    ipAddresses: ['127.0.0.1', '::1'],
  });
  clientPair = createClientCert(ca, { commonName: 'alice', organizations: ['system:masters', 'dev'] });
});

describe('createCA', () => {
  it('is a self-signed CA with cA=true, keyCertSign and cRLSign, SHA-256, a positive 16-byte serial', () => {
    const x = new X509Certificate(ca.certPem);
    expect(x.ca).toBe(true);
    expect(x.checkIssued(x)).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.subject).toBe('CN=kcurl-test-ca');
    expect(x.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/);

    const f = forge.pki.certificateFromPem(ca.certPem);
    expect(f.siginfo.algorithmOid).toBe(OID_SHA256_WITH_RSA);
    expect(f.getExtension('basicConstraints')).toMatchObject({ cA: true, critical: true });
    expect(f.getExtension('keyUsage')).toMatchObject({ keyCertSign: true, cRLSign: true });
  });

  it('backdates notBefore by an hour and honours validDays', () => {
    const before = Date.now();
    const x = new X509Certificate(createCA('short-lived', { validDays: 2 }).certPem);
    const after = Date.now();
    const notBefore = Date.parse(x.validFrom);
    const notAfter = Date.parse(x.validTo);
    // Certificate times have one-second resolution: allow a second either side.
    expect(notBefore).toBeGreaterThanOrEqual(before - 3600_000 - 1000);
    expect(notBefore).toBeLessThanOrEqual(after - 3600_000 + 1000);
    expect(notAfter).toBeGreaterThanOrEqual(before + 2 * 86400_000 - 1000);
    expect(notAfter).toBeLessThanOrEqual(after + 2 * 86400_000 + 1000);
  });

  it('gives every certificate its own serial', () => {
    const serials = new Set([ca, otherCa, serverPair, clientPair].map((p) => new X509Certificate(p.certPem).serialNumber));
    expect(serials.size).toBe(4);
  });
});

describe('createServerCert', () => {
  it('is issued and signed by the CA, not a CA itself, for serverAuth with digitalSignature+keyEncipherment', () => {
    const x = new X509Certificate(serverPair.certPem);
    const caX = new X509Certificate(ca.certPem);
    expect(x.checkIssued(caX)).toBe(true);
    expect(x.verify(caX.publicKey)).toBe(true);
    expect(x.checkIssued(new X509Certificate(otherCa.certPem))).toBe(false);
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual([OID_SERVER_AUTH]); // Node calls extended key usage "keyUsage"
    const f = forge.pki.certificateFromPem(serverPair.certPem);
    expect(f.getExtension('keyUsage')).toMatchObject({ digitalSignature: true, keyEncipherment: true });
    expect(f.getExtension('keyUsage')).not.toMatchObject({ keyCertSign: true });
    expect(f.siginfo.algorithmOid).toBe(OID_SHA256_WITH_RSA);
  });

  it('names its DNS and IP (v4 and v6) subject alternative names', () => {
    const x = new X509Certificate(serverPair.certPem);
    expect(x.subjectAltName).toBe('DNS:localhost, DNS:kubernetes.default.svc, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkHost('example.com')).toBeUndefined();
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.checkIP('::1')).toBe('::1');
    expect(x.checkIP('10.0.0.1')).toBeUndefined();
  });

  it.each([
    ['an address that is not an IP', { ipAddresses: ['localhost'] }, /"localhost" is not an IPv4 or IPv6 address/],
    ['an empty common name', { commonName: '' }, /commonName must be a non-empty string/],
    ['an empty DNS name', { dnsNames: [''] }, /dnsNames entry must be a non-empty string/],
    ['a zero validity', { validDays: 0 }, /validDays must be a positive number/],
  ])('rejects %s with an input error', (_name, override, message) => {
    const call = () => createServerCert(ca, { commonName: 'x', dnsNames: [], ipAddresses: [], ...override });
    expect(call).toThrow(KcurlError);
    expect(call).toThrow(message);
  });

  it('rejects a CA pair that is not PEM with an input error naming the problem', () => {
    const call = () => createServerCert({ certPem: 'not a cert', keyPem: 'not a key' }, { commonName: 'x', dnsNames: [], ipAddresses: [] });
    expect(call).toThrow(/createServerCert: the CA certificate or key is not readable/);
    try {
      call();
    } catch (err) {
      expect((err as KcurlError).code).toBe('KCURL_INPUT');
    }
  });
});

describe('createClientCert and certificateSubject', () => {
  it.each([
    ['a user with groups', 'alice', ['system:masters', 'dev']],
    ['a user with no groups', 'system:serviceaccount:default:builder', []],
    ['names with spaces, commas and non-ASCII', 'Zoë, the admin', ['ops team', 'ünïcode=yes', 'a+b']],
  ])('round-trips the subject of %s', (_name, commonName, organizations) => {
    const pair = createClientCert(ca, { commonName, organizations });
    expect(certificateSubject(pair.certPem)).toEqual({ commonName, organizations });
  });

  it('writes one O attribute per group, and is a clientAuth certificate issued by the CA', () => {
    const x = new X509Certificate(clientPair.certPem);
    expect(x.subject.split('\n').filter((line) => line.startsWith('O='))).toEqual(['O=system:masters', 'O=dev']);
    expect(x.keyUsage).toEqual([OID_CLIENT_AUTH]);
    expect(x.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(x.ca).toBe(false);
  });

  it('reads the subject of a certificate with no CN', () => {
    const caSubject = certificateSubject(ca.certPem);
    expect(caSubject).toEqual({ commonName: 'kcurl-test-ca', organizations: [] });
  });

  it('reads the subject of an EC certificate that forge itself cannot parse', async () => {
    const openssl = requireTool('openssl');
    const dir = mkdtempSync(join(tmpdir(), 'kcurl-pki-'));
    try {
      await run(openssl, [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/O=system:nodes/O=edge/CN=system:node:worker-1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]);
      const { readFileSync } = await import('node:fs');
      const pem = readFileSync(join(dir, 'cert.pem'), 'utf8');
      expect(() => forge.pki.certificateFromPem(pem)).toThrow();
      expect(certificateSubject(pem)).toEqual({ commonName: 'system:node:worker-1', organizations: ['system:nodes', 'edge'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['text that is not PEM', 'hello'],
    ['a PEM block of another type', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'],
    ['a CERTIFICATE block with garbage inside', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
  ])('rejects %s with one clear input error', (_name, pem) => {
    expect(() => certificateSubject(pem)).toThrow(/^cannot read certificate subject: /);
    try {
      certificateSubject(pem);
    } catch (err) {
      expect(err).toBeInstanceOf(KcurlError);
      expect((err as KcurlError).code).toBe('KCURL_INPUT');
    }
  });
});

describe('TLS with these certificates', () => {
  let server: Server;
  let port: number;
  const seenClients: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createHttpsServer(
      { key: serverPair.keyPem, cert: serverPair.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const socket = req.socket as TLSSocket;
        const peer = socket.getPeerCertificate() as PeerCertificate;
        seenClients.push(socket.authorized ? String(peer.subject?.CN) : undefined);
        res.end('hello over tls\n');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '::', resolve)); // dual-stack: 127.0.0.1 and ::1
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['127.0.0.1 (IP SAN)', '127.0.0.1', undefined],
    ['::1 (IPv6 SAN)', '::1', undefined],
    ['localhost (DNS SAN)', '127.0.0.1', 'localhost'],
  ])('Node TLS client trusting only the CA accepts the server at %s', async (_name, host, servername) => {
    const result = await tlsHandshake({ host, port, servername, ca: ca.certPem });
    expect(result).toEqual({ authorized: true, error: undefined });
  });

  it('Node TLS client rejects a host name the certificate does not name', async () => {
    const result = await tlsHandshake({ host: '127.0.0.1', port, servername: 'example.com', ca: ca.certPem });
    expect(result.error).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('Node TLS client trusting another CA rejects the server', async () => {
    const result = await tlsHandshake({ host: '127.0.0.1', port, ca: otherCa.certPem });
    // The server also sends the CA (it is in its `ca` option), so OpenSSL reports an untrusted root in the chain.
    expect(result).toEqual({ authorized: false, error: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });

  it('the server authenticates a client certificate issued by the CA and reads its CN', async () => {
    seenClients.length = 0;
    const result = await tlsHandshake({ host: '127.0.0.1', port, ca: ca.certPem, cert: clientPair.certPem, key: clientPair.keyPem, request: true });
    expect(result).toEqual({ authorized: true, error: undefined });
    expect(seenClients).toEqual(['alice']);
  });

  it.each(['127.0.0.1', 'localhost'])('curl --cacert accepts https://%s:PORT', async (host) => {
    const curl = requireTool('curl');
    const dir = mkdtempSync(join(tmpdir(), 'kcurl-pki-'));
    try {
      writeFileSync(join(dir, 'ca.crt'), ca.certPem);
      const out = await run(curl, ['--silent', '--show-error', '--fail', '--cacert', join(dir, 'ca.crt'), `https://${host}:${port}/`]);
      expect(out).toBe('hello over tls\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('curl trusting another CA refuses the server (exit 60)', async () => {
    const curl = requireTool('curl');
    const dir = mkdtempSync(join(tmpdir(), 'kcurl-pki-'));
    try {
      writeFileSync(join(dir, 'other.crt'), otherCa.certPem);
      await expect(run(curl, ['--silent', '--cacert', join(dir, 'other.crt'), `https://127.0.0.1:${port}/`])).rejects.toMatchObject({ code: 60 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function tlsHandshake(opts: {
  host: string;
  port: number;
  servername?: string;
  ca: string;
  cert?: string;
  key?: string;
  request?: boolean;
}): Promise<{ authorized: boolean; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: opts.host, port: opts.port, servername: opts.servername, ca: opts.ca, cert: opts.cert, key: opts.key });
    socket.once('secureConnect', () => {
      if (!opts.request) {
        socket.end();
        resolve({ authorized: socket.authorized, error: undefined });
        return;
      }
      socket.write(`GET / HTTP/1.1\r\nHost: ${opts.host}\r\nConnection: close\r\n\r\n`);
      socket.on('data', () => {});
      socket.once('end', () => resolve({ authorized: socket.authorized, error: undefined }));
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve({ authorized: false, error: err.code }));
  });
}

/** Runs a program with the test's environment; its stdout, or an error carrying the exit code and stderr. */
async function run(file: string, args: string[]): Promise<string> {
  const r = await runProcess(file, args, { env: process.env as Record<string, string> });
  if (r.code !== 0)
    throw Object.assign(new Error(`${file} ${args.join(' ')} exited with ${r.code ?? r.signal}: ${r.stderr}`), { code: r.code, stderr: r.stderr });
  return r.stdout;
}
