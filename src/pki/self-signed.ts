// Throwaway self-signed ECDSA P-256 certificates, written as DER by hand and signed by node:crypto:
// made in milliseconds (an RSA key and node-forge's signing take a second or more), for endpoints that live
// as long as one command (kcurl record's HTTPS recording proxy). Shaped like `openssl req -x509` output
// (CA:TRUE, its own key identifiers, serverAuth or clientAuth, the names as subject alternative names), so Go, OpenSSL
// and Node clients accept it as the one certificate of their CA bundle.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import type { CertKeyPair } from './pki.js';

const HOUR_MS = 60 * 60 * 1000;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer) => tlv(0x04, b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const TRUE = Buffer.from([0x01, 0x01, 0xff]);

function integer(b: Buffer): Buffer {
  return tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const groups: number[] = [];
    for (let v = n; ; v = Math.floor(v / 128)) {
      groups.unshift((v % 128) | (groups.length ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime (YYMMDDHHMMSSZ), which RFC 5280 asks for up to 2049. */
function utcTime(d: Date): Buffer {
  return tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z', 'ascii'));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const h = parts(head);
  const t = parts(tail);
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.concat(groups.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [TRUE] : []), octets(value));

/**
 * A self-signed certificate and key (PEM) for the given names, for a TLS server (serverAuth) or client
 * (clientAuth); valid from an hour ago (clock skew) for validHours.
 */
export function createSelfSignedCert(opts: {
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
  validHours: number;
  usage: 'server' | 'client';
}): CertKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // The subject public key bits: the uncompressed point closing the SubjectPublicKeyInfo.
  const keyId = createHash('sha1').update(spki.subarray(-65)).digest();
  const name = seq(set(seq(oid('2.5.4.3'), utf8(opts.commonName))));
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  const now = Date.now();
  const altNames = seq(
    ...opts.dnsNames.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    ...opts.ipAddresses.map((ip) => {
      if (isIP(ip) === 0) throw new Error(`createSelfSignedCert: "${ip}" is not an IP address`);
      return tlv(0x87, ipBytes(ip));
    }),
  );
  const extensions = seq(
    extension('2.5.29.19', true, seq(TRUE)),
    // digitalSignature (bit 0) and keyCertSign (bit 5): 2 unused bits.
    extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0x84]))),
    extension('2.5.29.37', false, seq(oid(opts.usage === 'server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2'))),
    extension('2.5.29.14', false, octets(keyId)),
    extension('2.5.29.35', false, seq(tlv(0x80, keyId))),
    ...(opts.dnsNames.length + opts.ipAddresses.length ? [extension('2.5.29.17', false, altNames)] : []),
  );
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now - HOUR_MS)), utcTime(new Date(now + opts.validHours * HOUR_MS))),
    name,
    spki,
    tlv(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
