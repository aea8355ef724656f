// The resolved connection and credentials of one kcurl run, with where every part came from.
// Values that are secret are wrapped in Secret; sources are plain data the snippet renderer
// turns into the shell commands that fetch the same value with standard tools.
import type { Secret } from './secret.js';

export type CredentialSource =
  /** Given on the command line (--token, --server, --certificate-authority …). */
  | { kind: 'flag'; flag: string }
  /** An inline field of a kubeconfig entry: users[name].user.token, clusters[name].cluster.certificate-authority-data … */
  | { kind: 'kubeconfig'; file: string; entry: 'cluster' | 'user' | 'context'; name: string; field: string }
  /** A file named by the kubeconfig or a flag (tokenFile, certificate-authority, client-key …). */
  | { kind: 'file'; path: string; via: string }
  /** A file of the in-pod serviceaccount mount (token, ca.crt, namespace). */
  | { kind: 'serviceaccount-mount'; path: string }
  /** https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT */
  | { kind: 'service-env' }
  /** $POD_NAMESPACE (in-cluster namespace override, as client-go reads it). */
  | { kind: 'env'; name: string }
  /** .data.token of a ServiceAccount token Secret, read with the base credentials. */
  | { kind: 'secret'; namespace: string; name: string }
  /** The status of an ExecCredential printed by a kubeconfig exec plugin. */
  | { kind: 'exec'; user: string; command: string; args: string[]; env: { name: string; value: string }[] }
  /** Nothing configured it: kubectl's built-in default (namespace "default", server http://localhost:8080). */
  | { kind: 'default' };

export interface Sourced<T> {
  value: T;
  source: CredentialSource;
}

/** A value that is known only after running something (an exec plugin) or asking the server (a Secret). */
export interface Deferred<T> {
  value?: T;
  source: CredentialSource;
}

export interface ExecConfig {
  apiVersion: string;
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  provideClusterInfo: boolean;
  interactiveMode?: string;
  installHint?: string;
}

export interface Credentials {
  /** How the connection was chosen. */
  origin: 'kubeconfig' | 'in-cluster' | 'none';
  /** Set when --kubeconfig named a file explicitly (snippet commands add --kubeconfig). */
  kubeconfigFlag?: string;
  /** The kubeconfig files that were merged (for messages and -v). */
  kubeconfigFiles: string[];
  contextName?: string;
  clusterName?: string;
  userName?: string;
  /** Set when --context was given (snippet kubectl commands add --context). */
  contextFlag?: string;

  server: Sourced<string>;
  namespace: Sourced<string>;
  /** PEM bytes of the CA bundle to trust. */
  ca?: Sourced<Uint8Array>;
  insecureSkipTLSVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  disableCompression?: boolean;

  token?: Deferred<Secret>;
  basic?: { username: Sourced<string>; password: Sourced<Secret> };
  clientCert?: { cert: Deferred<Uint8Array>; key: Deferred<Secret<Uint8Array>> };
  exec?: ExecConfig;
  impersonate?: { user?: string; uid?: string; groups: string[]; extra: Record<string, string[]> };

  /** --request-timeout as given ("5s", "1m"); 0 or absent means none. */
  requestTimeout?: string;
}

/** Credential-related flags (all optional), exactly as parsed from the command line. */
export interface ConnectionFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  token?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  requestTimeout?: string;
  username?: string;
  password?: string;
  as?: string;
  asGroup?: string[];
  asUid?: string;
  inCluster?: boolean;
  tokenFromSecret?: string;
}
