// Certificate failures of Node's TLS as kubectl's Go client words them (crypto/x509), and which of the three
// usual problems each is: shared by the executor (API server) and the download of `-f https://…`.
import { isIP } from 'node:net';

export type TlsProblem = 'unknown authority' | 'hostname mismatch' | 'expired';

const TLS_CODES: Record<string, { x509: string; problem: TlsProblem }> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { x509: 'x509: certificate signed by unknown authority', problem: 'unknown authority' },
  SELF_SIGNED_CERT_IN_CHAIN: { x509: 'x509: certificate signed by unknown authority', problem: 'unknown authority' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { x509: 'x509: certificate signed by unknown authority', problem: 'unknown authority' },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { x509: 'x509: certificate signed by unknown authority', problem: 'unknown authority' },
  CERT_HAS_EXPIRED: { x509: 'x509: certificate has expired or is not yet valid', problem: 'expired' },
  CERT_NOT_YET_VALID: { x509: 'x509: certificate has expired or is not yet valid', problem: 'expired' },
  ERR_TLS_CERT_ALTNAME_INVALID: { x509: 'x509: certificate is not valid for this host name', problem: 'hostname mismatch' },
};

/** The failure behind a Node/undici error (its `cause` or itself) when it is a certificate problem. */
export function tlsFailure(err: unknown): { code: string; x509: string; problem: TlsProblem; cause: NodeJS.ErrnoException & TlsCause } | undefined {
  const e = err as { cause?: unknown; code?: string } | undefined;
  const cause = ((e?.cause as { code?: string } | undefined)?.code ? e?.cause : e) as (NodeJS.ErrnoException & TlsCause) | undefined;
  const code = cause?.code ?? '';
  const known = TLS_CODES[code];
  return known && cause ? { code, ...known, cause } : undefined;
}

interface TlsCause {
  host?: string;
  cert?: { subjectaltname?: string };
}

/**
 * Go's x509.HostnameError text for a name mismatch, from the names the certificate lists (Node puts them in
 * the error's `cert.subjectaltname`): "certificate is valid for a, b, not c", or for an IP address host
 * without IP SANs "cannot validate certificate for 10.0.0.1 because it doesn't contain any IP SANs".
 */
export function hostnameMismatchText(host: string, subjectAltName: string | undefined): string {
  const names = (subjectAltName ?? '').split(/,\s*/).filter(Boolean);
  const dns = names.filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4));
  const ips = names.filter((n) => n.startsWith('IP Address:')).map((n) => n.slice(11));
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    return ips.length === 0
      ? `x509: cannot validate certificate for ${bare} because it doesn't contain any IP SANs`
      : `x509: certificate is valid for ${ips.join(', ')}, not ${bare}`;
  }
  return dns.length === 0 ? 'x509: certificate is not valid for any names' : `x509: certificate is valid for ${dns.join(', ')}, not ${bare}`;
}
