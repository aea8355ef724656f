// The throwaway self-signed ECDSA certificates of kcurl record's HTTPS proxy: read back by Node's own X.509
// parser (names, usage, validity, a signature its own key verifies) and accepted by a real TLS handshake
// that trusts it as the only CA, for 127.0.0.1 and localhost.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCert } from '../../../src/pki/self-signed.js';

const server = createSelfSignedCert({
  commonName: 'kcurl-record',
  dnsNames: ['localhost'],
  ipAddresses: ['127.0.0.1', '::1'],
  validHours: 24,
  usage: 'server',
});

/** Connects to a TLS server presenting the certificate, trusting it as the only CA; resolves to the verification error, if any. */
async function handshake(servername: string | undefined, checkName: string): Promise<string | null> {
  const srv = tls.createServer({ cert: server.certPem, key: server.keyPem }, (s) => s.end());
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  try {
    return await new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca: server.certPem, servername, rejectUnauthorized: false }, () => {
        const why = socket.authorizationError ? String(socket.authorizationError) : null;
        const identity = tls.checkServerIdentity(checkName, socket.getPeerCertificate());
        socket.destroy();
        resolve(why ?? (identity ? identity.message : null));
      });
      socket.on('error', reject);
    });
  } finally {
    srv.close();
  }
}

describe('createSelfSignedCert', () => {
  it('is a P-256 certificate for its names that its own key signed, valid from an hour ago', () => {
    const cert = new X509Certificate(server.certPem);
    expect(cert.subject).toBe('CN=kcurl-record');
    expect(cert.issuer).toBe('CN=kcurl-record');
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.ca).toBe(true);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(server.keyPem))).toBe(true);
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(25 * 3600_000);
  });

  it('a client certificate has clientAuth and no names', () => {
    const cert = new X509Certificate(createSelfSignedCert({ commonName: 'c', dnsNames: [], ipAddresses: [], validHours: 1, usage: 'client' }).certPem);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.subjectAltName).toBeUndefined();
  });

  it.each([
    ['127.0.0.1', undefined],
    ['localhost', 'localhost'],
  ])('a TLS client trusting it as its only CA accepts the server as %s', async (name, servername) => {
    expect(await handshake(servername, name)).toBeNull();
  });

  it('a TLS client refuses it for another name', async () => {
    expect(await handshake('example.com', 'example.com')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });
});
