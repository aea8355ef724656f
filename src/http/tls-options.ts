// The TLS settings of a connection to the API server, from the resolved credentials: one place for both
// transports (node-transport.ts, undici-transport.ts), so CA, client certificate, insecure-skip-tls-verify and
// tls-server-name mean the same bytes in every TLS handshake kcurl makes.
import type { Credentials } from '../kube/credentials-types.js';

export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
  /** tls-server-name; absent: the server's host name (no SNI for an IP address), as Node and undici compute it. */
  servername?: string;
}

export function tlsOptions(creds: Credentials): TlsOptions {
  return {
    ca: creds.ca ? Buffer.from(creds.ca.value).toString('utf8') : undefined,
    cert: creds.clientCert?.cert.value ? Buffer.from(creds.clientCert.cert.value).toString('utf8') : undefined,
    key: creds.clientCert?.key.value ? Buffer.from(creds.clientCert.key.value.reveal()).toString('utf8') : undefined,
    rejectUnauthorized: !creds.insecureSkipTLSVerify,
    servername: creds.tlsServerName,
  };
}
