// A tiny certificate authority: CA, server and client certificates (RSA-2048, SHA-256) as PEM,
// and reading a client certificate's subject (CN = user, O = groups) the way kube-apiserver does.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { inputError } from '../errors.js';

export interface CertKeyPair {
  certPem: string;
  keyPem: string;
}

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** A self-signed CA certificate: basicConstraints cA=true, keyUsage keyCertSign + cRLSign. */
export function createCA(commonName: string, opts: { validDays?: number } = {}): CertKeyPair {
  requireName(commonName, 'createCA: commonName');
  const { cert, keys, keyPem } = newCertificate(opts.validDays ?? 3650, 'createCA');
  const subject = [utf8Attr(OID_COMMON_NAME, commonName)];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true, digitalSignature: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** A server certificate for TLS (extKeyUsage serverAuth) with DNS and IP (v4 or v6) subject alternative names. */
export function createServerCert(ca: CertKeyPair, opts: { commonName: string; dnsNames: string[]; ipAddresses: string[]; validDays?: number }): CertKeyPair {
  requireName(opts.commonName, 'createServerCert: commonName');
  for (const ip of opts.ipAddresses) {
    if (isIP(ip) === 0) throw inputError(`createServerCert: "${ip}" is not an IPv4 or IPv6 address`, 'put host names in dnsNames');
  }
  for (const dns of opts.dnsNames) requireName(dns, 'createServerCert: a dnsNames entry');
  const altNames = [...opts.dnsNames.map((value) => ({ type: 2, value })), ...opts.ipAddresses.map((ip) => ({ type: 7, ip }))];
  return issue(
    ca,
    opts.validDays ?? 365,
    'createServerCert',
    [utf8Attr(OID_COMMON_NAME, opts.commonName)],
    [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
    ],
  );
}

/** A client certificate as kube-apiserver reads it: CN is the user name, one O attribute per group. */
export function createClientCert(ca: CertKeyPair, opts: { commonName: string; organizations: string[]; validDays?: number }): CertKeyPair {
  requireName(opts.commonName, 'createClientCert: commonName');
  for (const o of opts.organizations) requireName(o, 'createClientCert: an organizations entry');
  const subject = [...opts.organizations.map((o) => utf8Attr(OID_ORGANIZATION, o)), utf8Attr(OID_COMMON_NAME, opts.commonName)];
  return issue(ca, opts.validDays ?? 365, 'createClientCert', subject, [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
}

/**
 * kube-controller-manager's csrsigning for an approved CertificateSigningRequest: a certificate for the
 * request's key and subject (its subject alternative names copied), the requested usages, valid from five
 * minutes ago (the signer backdates) for `validSeconds`. Requests with other than RSA keys are refused.
 */
export function signCertificateRequest(ca: CertKeyPair, requestPem: string, opts: { usages: string[]; validSeconds: number }): string {
  let req: forge.pki.CertificateSigningRequest;
  try {
    req = forge.pki.certificationRequestFromPem(requestPem);
  } catch (err) {
    throw inputError(`the certificate request is not readable: ${(err as Error).message}`);
  }
  if (!req.verify()) throw inputError('the certificate request signature does not verify');
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = req.publicKey as forge.pki.rsa.PublicKey;
  cert.serialNumber = randomSerial();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 5 * 60_000);
  cert.validity.notAfter = new Date(Math.min(now + opts.validSeconds * 1000, caCert.validity.notAfter.getTime()));
  cert.setSubject(req.subject.attributes);
  cert.setIssuer(caCert.subject.attributes);
  const requested = (req.getAttribute({ name: 'extensionRequest' }) as { extensions?: { name?: string; altNames?: unknown[] }[] } | null)?.extensions ?? [];
  const altNames = requested.find((e) => e.name === 'subjectAltName')?.altNames;
  const usage = new Set(opts.usages);
  // Go's x509.CreateCertificate leaves keyUsage out when no bit is requested (usages: [client auth]).
  const keyUsage = usage.has('digital signature') || usage.has('key encipherment');
  cert.setExtensions([
    ...(keyUsage
      ? [{ name: 'keyUsage', critical: true, digitalSignature: usage.has('digital signature'), keyEncipherment: usage.has('key encipherment') }]
      : []),
    { name: 'extKeyUsage', clientAuth: usage.has('client auth'), serverAuth: usage.has('server auth') },
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ...(altNames?.length ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/**
 * The subject's common name and organizations, in certificate order. Works for any key type
 * (walks the DER rather than asking forge, which only parses RSA certificates).
 */
export function certificateSubject(certPem: string): { commonName?: string; organizations: string[] } {
  let subject: forge.asn1.Asn1;
  try {
    const block = forge.pem.decode(certPem).find((b) => b.type === 'CERTIFICATE');
    if (!block) throw new Error('no CERTIFICATE block');
    const cert = forge.asn1.fromDer(block.body);
    const tbs = children(cert)[0];
    const fields = children(tbs);
    // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, ...
    const hasVersion = fields[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC;
    subject = fields[hasVersion ? 5 : 4];
    if (!subject) throw new Error('certificate has no subject');
  } catch (err) {
    throw inputError(`cannot read certificate subject: ${(err as Error).message}`, 'pass a PEM "-----BEGIN CERTIFICATE-----" block');
  }
  const result: { commonName?: string; organizations: string[] } = { organizations: [] };
  for (const rdn of children(subject)) {
    for (const attr of children(rdn)) {
      const [oidNode, valueNode] = children(attr);
      if (!oidNode || !valueNode || typeof oidNode.value !== 'string') continue;
      const oid = forge.asn1.derToOid(oidNode.value);
      if (oid === OID_COMMON_NAME) result.commonName = decodeString(valueNode);
      else if (oid === OID_ORGANIZATION) result.organizations.push(decodeString(valueNode));
    }
  }
  return result;
}

function issue(ca: CertKeyPair, validDays: number, what: string, subject: forge.pki.CertificateField[], extensions: object[]): CertKeyPair {
  let caCert: forge.pki.Certificate;
  let caKey: forge.pki.rsa.PrivateKey;
  try {
    caCert = forge.pki.certificateFromPem(ca.certPem);
    caKey = forge.pki.privateKeyFromPem(ca.keyPem) as forge.pki.rsa.PrivateKey;
  } catch (err) {
    throw inputError(`${what}: the CA certificate or key is not readable: ${(err as Error).message}`, 'pass a CertKeyPair from createCA');
  }
  const { cert, keyPem } = newCertificate(validDays, what);
  cert.setSubject(subject);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    ...extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

function newCertificate(validDays: number, what: string) {
  if (!Number.isFinite(validDays) || validDays <= 0) throw inputError(`${what}: validDays must be a positive number, got ${validDays}`);
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const keys = {
    privateKey: forge.pki.privateKeyFromPem(pair.privateKey) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(pair.publicKey) as forge.pki.rsa.PublicKey,
  };
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = randomSerial();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - HOUR_MS); // tolerate clock skew between machines
  cert.validity.notAfter = new Date(now + validDays * DAY_MS);
  return { cert, keys, keyPem: pair.privateKey };
}

/** 16 random bytes as hex, first byte in 0x01..0x7f so the DER INTEGER is positive and minimal. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0] & 0x7f || 0x01;
  return bytes.toString('hex');
}

/** Subject attributes as UTF8String (as Kubernetes' own certificates are): names like system:masters are not PrintableString. */
function utf8Attr(type: string, value: string): forge.pki.CertificateField {
  // @types/node-forge types valueTagClass as asn1.Class; it is an asn1.Type tag.
  return { type, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
}

function requireName(value: string, what: string): void {
  if (typeof value !== 'string' || value.length === 0) throw inputError(`${what} must be a non-empty string`);
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error('malformed certificate structure');
  return node.value;
}

function decodeString(node: forge.asn1.Asn1): string {
  if (typeof node.value !== 'string') return '';
  if (node.type === forge.asn1.Type.UTF8) return forge.util.decodeUtf8(node.value);
  if (node.type === forge.asn1.Type.BMPSTRING) {
    let out = '';
    for (let i = 0; i + 1 < node.value.length; i += 2) out += String.fromCharCode((node.value.charCodeAt(i) << 8) | node.value.charCodeAt(i + 1));
    return out;
  }
  return node.value; // PrintableString, IA5String, T61String: single-byte
}
