// ServiceAccount tokens as kube-apiserver issues them for TokenRequest: RS256-signed JWTs with the
// `kubernetes.io` claims, bound to the service account's uid, verified on every request that presents one.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { serviceAccountUser } from './authn/authenticate.js';
import type { ObjectStore } from './store.js';
import type { KubeObject, UserInfo } from './types.js';

export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** The issuer of the tokens the token controller puts into service-account-token Secrets. */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';
const LEGACY_PREFIX = 'kubernetes.io/serviceaccount/';

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

interface Claims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti: string;
  nbf: number;
  sub: string;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } };
}

export class ServiceAccountTokens {
  readonly #key: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #kid: string;
  readonly #store: ObjectStore;
  readonly #now: () => Date;

  constructor(store: ObjectStore, now: () => Date, keyPem?: string) {
    this.#store = store;
    this.#now = now;
    if (keyPem) this.#key = createPrivateKey(keyPem);
    else this.#key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.#publicKey = createPublicKey(this.#key);
    this.#kid = b64url(this.#publicKey.export({ type: 'spki', format: 'der' }).subarray(-32));
  }

  /** A token for `sa` valid for `expirationSeconds` (kube-apiserver's default 3600, minimum 600). */
  issue(
    sa: KubeObject,
    spec: { audiences?: string[]; expirationSeconds?: number },
  ): { token: string; expirationTimestamp: Date; audiences: string[]; expirationSeconds: number } {
    const now = Math.floor(this.#now().getTime() / 1000);
    const expirationSeconds = Math.max(600, spec.expirationSeconds ?? 3600);
    const audiences = spec.audiences?.length ? spec.audiences : [DEFAULT_ISSUER];
    const namespace = sa.metadata.namespace ?? '';
    const claims: Claims = {
      aud: audiences,
      exp: now + expirationSeconds,
      iat: now,
      iss: DEFAULT_ISSUER,
      jti: randomUUID(),
      'kubernetes.io': { namespace, serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid ?? '' } },
      nbf: now,
      sub: `system:serviceaccount:${namespace}:${sa.metadata.name}`,
    };
    const header = b64url(JSON.stringify({ alg: 'RS256', kid: this.#kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.#key);
    return {
      token: `${header}.${payload}.${b64url(signature)}`,
      expirationTimestamp: new Date((now + expirationSeconds) * 1000),
      audiences,
      expirationSeconds,
    };
  }

  /**
   * A token for a `kubernetes.io/service-account-token` Secret (serviceaccount.LegacyClaims): no expiry, no
   * audience, valid while the Secret holds it and the account keeps its uid.
   */
  issueLegacy(sa: KubeObject, secretName: string): string {
    const namespace = sa.metadata.namespace ?? '';
    const claims = {
      iss: LEGACY_ISSUER,
      [`${LEGACY_PREFIX}namespace`]: namespace,
      [`${LEGACY_PREFIX}secret.name`]: secretName,
      [`${LEGACY_PREFIX}service-account.name`]: sa.metadata.name,
      [`${LEGACY_PREFIX}service-account.uid`]: sa.metadata.uid ?? '',
      sub: `system:serviceaccount:${namespace}:${sa.metadata.name}`,
    };
    const header = b64url(JSON.stringify({ alg: 'RS256', kid: this.#kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), this.#key);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  /** The service account a token authenticates as; undefined if forged, expired or its account is gone. */
  verify(token: string): UserInfo | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    let claims: Claims;
    try {
      if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), this.#publicKey, Buffer.from(parts[2], 'base64url'))) return undefined;
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Claims;
    } catch {
      return undefined;
    }
    if ((claims.iss as string) === LEGACY_ISSUER) return this.#verifyLegacy(token, claims as unknown as Record<string, unknown>);
    const now = Math.floor(this.#now().getTime() / 1000);
    if (claims.iss !== DEFAULT_ISSUER || claims.exp <= now || claims.nbf > now + 60) return undefined;
    const k = claims['kubernetes.io'];
    if (!k?.serviceaccount) return undefined;
    const sa = this.#store.get({ group: '', resource: 'serviceaccounts' }, k.namespace, k.serviceaccount.name);
    if (!sa || sa.metadata.uid !== k.serviceaccount.uid) return undefined;
    return serviceAccountUser(k.namespace, k.serviceaccount.name, k.serviceaccount.uid, {
      'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`],
    });
  }

  /**
   * legacyValidator: the Secret named in the token must still exist, still hold this very token and still
   * name the account, and the account must exist with the same uid.
   */
  #verifyLegacy(token: string, claims: Record<string, unknown>): UserInfo | undefined {
    const str = (k: string) => (typeof claims[`${LEGACY_PREFIX}${k}`] === 'string' ? (claims[`${LEGACY_PREFIX}${k}`] as string) : '');
    const namespace = str('namespace');
    const name = str('service-account.name');
    const uid = str('service-account.uid');
    if (!namespace || !name || claims.sub !== `system:serviceaccount:${namespace}:${name}`) return undefined;
    const secret = this.#store.get({ group: '', resource: 'secrets' }, namespace, str('secret.name'));
    if (!secret || secret.metadata.deletionTimestamp) return undefined;
    const stored = (secret.data as Record<string, string> | undefined)?.token;
    if (!stored || Buffer.from(stored, 'base64').toString('utf8') !== token) return undefined;
    if (secret.metadata.annotations?.['kubernetes.io/service-account.name'] !== name) return undefined;
    const sa = this.#store.get({ group: '', resource: 'serviceaccounts' }, namespace, name);
    if (!sa || sa.metadata.deletionTimestamp || (uid && sa.metadata.uid !== uid)) return undefined;
    return serviceAccountUser(namespace, name, uid);
  }

  /** Tokens die with their account: verification already checks the uid, nothing is cached. */
  forget(_sa: KubeObject): void {}
}
