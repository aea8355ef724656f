// Authentication as kube-apiserver's authenticator chain decides it (k8s.io/apiserver pkg/authentication):
// a client certificate that chains to the sandbox CA, else a bearer token (static tokens, then service
// account tokens), else anonymous. Every authenticated user also gets the group system:authenticated.
import { certificateSubject } from '../../pki/pki.js';
import type { UserInfo } from '../types.js';

export interface AuthenticationRequest {
  /** The Authorization header, as received. */
  authorization?: string;
  /** The client certificate the TLS peer presented, PEM encoded. */
  peerCertificatePem?: string;
  /** True when that certificate chains to the sandbox CA. */
  peerAuthorized: boolean;
}

export interface AuthenticationContext {
  staticTokens: Map<string, UserInfo>;
  verifyServiceAccountToken?: (token: string) => UserInfo | undefined;
}

export const ANONYMOUS_USER = 'system:anonymous';
export const AUTHENTICATED_GROUP = 'system:authenticated';
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';

/** user.Anonymous as the anonymous authenticator reports it. */
export function anonymousUser(): UserInfo {
  return { username: ANONYMOUS_USER, groups: [UNAUTHENTICATED_GROUP] };
}

/**
 * The user a request authenticates as; undefined when it carries no credentials the server recognises
 * (the caller then treats it as {@link anonymousUser}); 'invalid' when it carries credentials that fail
 * (→ 401 Unauthorized).
 *
 * As in kube-apiserver: the first authenticator that succeeds wins (so a valid certificate beats a bad
 * token); an `Authorization` header that is not `Bearer` is ignored by every authenticator (basic auth
 * was removed in v1.19), so such a request is anonymous, not rejected.
 */
export function authenticate(req: AuthenticationRequest, ctx: AuthenticationContext): UserInfo | undefined | 'invalid' {
  let failed = false;

  // x509: the peer certificate must chain to the client CA; CN is the user, O the groups.
  if (req.peerCertificatePem) {
    if (!req.peerAuthorized) {
      failed = true;
    } else {
      const user = userFromCertificate(req.peerCertificatePem);
      if (user === 'invalid') failed = true;
      else if (user) return withAuthenticatedGroup(user);
    }
  }

  // bearer token (k8s.io/apiserver/pkg/authentication/request/bearertoken).
  const token = bearerToken(req.authorization);
  if (token !== undefined) {
    const user = ctx.staticTokens.get(token) ?? ctx.verifyServiceAccountToken?.(token);
    if (user) return withAuthenticatedGroup(user);
    failed = true;
  }

  return failed ? 'invalid' : undefined;
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const parts = (header ?? '')
    .trim()
    .split(/\s+/)
    .filter((p) => p !== '');
  if (parts.length < 2 || parts[0].toLowerCase() !== 'bearer') return undefined;
  return parts[1];
}

/** x509 CommonNameUserConversion: no CN means "not this authenticator", an unreadable certificate is a failure. */
function userFromCertificate(pem: string): UserInfo | undefined | 'invalid' {
  let subject: { commonName?: string; organizations: string[] };
  try {
    subject = certificateSubject(pem);
  } catch {
    return 'invalid';
  }
  if (!subject.commonName) return undefined;
  return { username: subject.commonName, groups: [...subject.organizations] };
}

/** group.AuthenticatedGroupAdder: adds system:authenticated unless the user is anonymous or already has it (or system:unauthenticated). */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  const groups = user.groups ?? [];
  if (user.username === ANONYMOUS_USER || groups.includes(AUTHENTICATED_GROUP) || groups.includes(UNAUTHENTICATED_GROUP)) {
    return { ...user, groups: [...groups] };
  }
  return { ...user, groups: [...groups, AUTHENTICATED_GROUP] };
}

/** serviceaccount.UserInfo: the identity a service account token authenticates as (before system:authenticated is added). */
export function serviceAccountUser(namespace: string, name: string, uid?: string, extra?: Record<string, string[]>): UserInfo {
  const user: UserInfo = {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
  };
  if (uid) user.uid = uid;
  if (extra && Object.keys(extra).length > 0) user.extra = extra;
  return user;
}

/** The namespace and name in a `system:serviceaccount:NS:NAME` user name, or undefined for other users. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  const prefix = 'system:serviceaccount:';
  if (!username.startsWith(prefix)) return undefined;
  const parts = username.slice(prefix.length).split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { namespace: parts[0], name: parts[1] };
}
