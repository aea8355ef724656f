// Authentication: client certificates, static and service account bearer tokens, anonymous requests, and
// what kube-apiserver does with everything else (a Basic header is ignored, not rejected).
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import {
  anonymousUser,
  authenticate,
  parseServiceAccountUsername,
  serviceAccountUser,
  type AuthenticationContext,
} from '../../../../src/sandbox/authn/authenticate.js';
import { createCA, createClientCert } from '../../../../src/pki/pki.js';
import type { UserInfo } from '../../../../src/sandbox/types.js';

const ca = createCA('sandbox-ca');
const adminCert = createClientCert(ca, { commonName: 'kubernetes-admin', organizations: ['system:masters', 'kubeadm:cluster-admins'] }).certPem;

/** A certificate whose subject has an organization but no common name (forge signs it with a node-made key). */
function certWithoutCommonName(): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  cert.setSubject([{ shortName: 'O', value: 'devs' }]);
  cert.setIssuer([{ shortName: 'CN', value: 'sandbox-ca' }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const ciToken = 'eyJhbGciOiJSUzI1NiJ9.ci.sig';
const ctx: AuthenticationContext = {
  staticTokens: new Map<string, UserInfo>([
    ['admin-token', { username: 'admin', uid: 'admin', groups: ['system:masters'] }],
    ['already-authenticated', { username: 'bob', groups: ['system:authenticated', 'devs'] }],
  ]),
  verifyServiceAccountToken: (t) => (t === ciToken ? serviceAccountUser('build', 'ci', '5f0e…') : undefined),
};

describe('authenticate', () => {
  it.each([
    ['no credentials → anonymous (undefined)', { peerAuthorized: false }, undefined],
    [
      'a static token',
      { authorization: 'Bearer admin-token', peerAuthorized: false },
      { username: 'admin', uid: 'admin', groups: ['system:masters', 'system:authenticated'] },
    ],
    [
      'the scheme is case-insensitive and spaces are tolerated',
      { authorization: '  bearer   admin-token ', peerAuthorized: false },
      { username: 'admin', uid: 'admin', groups: ['system:masters', 'system:authenticated'] },
    ],
    [
      'system:authenticated is not added twice',
      { authorization: 'Bearer already-authenticated', peerAuthorized: false },
      { username: 'bob', groups: ['system:authenticated', 'devs'] },
    ],
    [
      'a service account token',
      { authorization: `Bearer ${ciToken}`, peerAuthorized: false },
      { username: 'system:serviceaccount:build:ci', uid: '5f0e…', groups: ['system:serviceaccounts', 'system:serviceaccounts:build', 'system:authenticated'] },
    ],
    ['an unknown bearer token → 401', { authorization: 'Bearer nope', peerAuthorized: false }, 'invalid'],
    ['an empty bearer token is no credential', { authorization: 'Bearer ', peerAuthorized: false }, undefined],
    [
      'Basic auth is ignored by every authenticator (removed in v1.19) → anonymous',
      { authorization: `Basic ${Buffer.from('admin:secret').toString('base64')}`, peerAuthorized: false },
      undefined,
    ],
    [
      'a client certificate signed by the CA: CN is the user, O the groups',
      { peerCertificatePem: adminCert, peerAuthorized: true },
      { username: 'kubernetes-admin', groups: ['system:masters', 'kubeadm:cluster-admins', 'system:authenticated'] },
    ],
    ['a client certificate that does not chain to the CA → 401', { peerCertificatePem: adminCert, peerAuthorized: false }, 'invalid'],
    ['an unreadable certificate → 401', { peerCertificatePem: 'not a certificate', peerAuthorized: true }, 'invalid'],
    [
      'an untrusted certificate does not spoil a valid token',
      { peerCertificatePem: adminCert, peerAuthorized: false, authorization: `Bearer ${ciToken}` },
      { username: 'system:serviceaccount:build:ci', uid: '5f0e…', groups: ['system:serviceaccounts', 'system:serviceaccounts:build', 'system:authenticated'] },
    ],
    [
      'a valid certificate wins over a bad token',
      { peerCertificatePem: adminCert, peerAuthorized: true, authorization: 'Bearer nope' },
      { username: 'kubernetes-admin', groups: ['system:masters', 'kubeadm:cluster-admins', 'system:authenticated'] },
    ],
  ])('%s', (_name, req, expected) => {
    expect(authenticate(req, ctx)).toEqual(expected);
  });

  it('a certificate without a common name authenticates no one; the token decides', () => {
    const pem = certWithoutCommonName();
    expect(authenticate({ peerCertificatePem: pem, peerAuthorized: true }, ctx)).toBeUndefined();
    expect(authenticate({ peerCertificatePem: pem, peerAuthorized: true, authorization: 'Bearer admin-token' }, ctx)).toMatchObject({ username: 'admin' });
  });

  it('without a service account verifier, tokens are checked against the static ones only', () => {
    expect(authenticate({ authorization: `Bearer ${ciToken}`, peerAuthorized: false }, { staticTokens: new Map() })).toBe('invalid');
  });

  it('does not hand out the static map’s objects (the groups are copies)', () => {
    const user = authenticate({ authorization: 'Bearer admin-token', peerAuthorized: false }, ctx) as UserInfo;
    user.groups.push('evil');
    expect(ctx.staticTokens.get('admin-token')!.groups).toEqual(['system:masters']);
  });
});

describe('identity helpers', () => {
  it('anonymousUser', () => {
    expect(anonymousUser()).toEqual({ username: 'system:anonymous', groups: ['system:unauthenticated'] });
  });

  it.each([
    ['system:serviceaccount:default:mysa', { namespace: 'default', name: 'mysa' }],
    ['system:serviceaccount:default', undefined],
    ['system:serviceaccount:a:b:c', undefined],
    ['alice', undefined],
  ])('parseServiceAccountUsername(%s)', (username, expected) => {
    expect(parseServiceAccountUsername(username)).toEqual(expected);
  });
});
