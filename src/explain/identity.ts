// Who the credentials in use authenticate as, when the client can tell without asking the server: the user
// being impersonated (--as), the `sub` of a ServiceAccount JWT, the CN of a client certificate. Otherwise unknown.
import { X509Certificate } from 'node:crypto';
import type { Credentials } from '../kube/credentials-types.js';
import { type Subject, subjectForUser } from './rbac-yaml.js';

/** The claims of a JWT, read without checking its signature (only to name the subject in a suggestion). */
function jwtSubject(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' && claims.sub.startsWith('system:serviceaccount:') ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

function certificateUser(pem: Uint8Array): string | undefined {
  try {
    // The CN is the user name, as kube-apiserver reads a client certificate. Node's X509Certificate rather than
    // src/pki's forge-based reader, which would pull node-forge into the commands' bundle for one field.
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(new X509Certificate(Buffer.from(pem)).subject)?.[1];
    return cn || undefined;
  } catch {
    return undefined;
  }
}

export function identityOf(creds: Credentials): Subject | undefined {
  if (creds.impersonate?.user) return subjectForUser(creds.impersonate.user);
  const token = creds.token?.value?.reveal();
  if (token !== undefined) {
    const sub = jwtSubject(token);
    return sub ? subjectForUser(sub) : undefined;
  }
  const cert = creds.clientCert?.cert.value;
  if (cert) {
    const user = certificateUser(cert);
    return user ? subjectForUser(user) : undefined;
  }
  return undefined;
}
