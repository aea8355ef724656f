// Writes a one-context kubeconfig for tests (fake credentials only). It writes exactly the fields given,
// so tests can also build the contradictory kubeconfigs whose errors they check.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface ExecSpec {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion?: string;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
  provideClusterInfo?: boolean;
}

export interface KubeconfigSpec {
  server: string;
  /** Path for certificate-authority. */
  caFile?: string;
  /** PEM text, written base64-encoded as certificate-authority-data. */
  caData?: string;
  insecureSkipTLSVerify?: boolean;
  token?: string;
  tokenFile?: string;
  /** PEM text (written as client-certificate-data/client-key-data) or file paths (client-certificate/client-key). */
  clientCert?: { certPem: string; keyPem: string } | { certFile: string; keyFile: string };
  exec?: ExecSpec;
  namespace?: string;
  /** Names the context, cluster and user alike; default "kcurl-test". */
  contextName?: string;
  /** File name inside dir; default "kubeconfig". */
  fileName?: string;
}

/** Writes the kubeconfig into `dir` (mode 0600) and returns its path. */
export function writeKubeconfig(dir: string, spec: KubeconfigSpec): string {
  const name = spec.contextName ?? 'kcurl-test';
  const cluster: Record<string, unknown> = { server: spec.server };
  if (spec.caFile !== undefined) cluster['certificate-authority'] = spec.caFile;
  if (spec.caData !== undefined) cluster['certificate-authority-data'] = base64(spec.caData);
  if (spec.insecureSkipTLSVerify !== undefined) cluster['insecure-skip-tls-verify'] = spec.insecureSkipTLSVerify;

  const user: Record<string, unknown> = {};
  if (spec.token !== undefined) user.token = spec.token;
  if (spec.tokenFile !== undefined) user.tokenFile = spec.tokenFile;
  if (spec.clientCert && 'certPem' in spec.clientCert) {
    user['client-certificate-data'] = base64(spec.clientCert.certPem);
    user['client-key-data'] = base64(spec.clientCert.keyPem);
  } else if (spec.clientCert) {
    user['client-certificate'] = spec.clientCert.certFile;
    user['client-key'] = spec.clientCert.keyFile;
  }
  if (spec.exec) {
    user.exec = {
      apiVersion: spec.exec.apiVersion ?? 'client.authentication.k8s.io/v1',
      command: spec.exec.command,
      args: spec.exec.args ?? [],
      env: spec.exec.env ?? null,
      interactiveMode: spec.exec.interactiveMode ?? 'Never',
      provideClusterInfo: spec.exec.provideClusterInfo ?? false,
    };
  }

  const context: Record<string, unknown> = { cluster: name, user: name };
  if (spec.namespace !== undefined) context.namespace = spec.namespace;

  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name, cluster }],
    users: [{ name, user }],
    contexts: [{ name, context }],
    'current-context': name,
  };
  const path = join(dir, spec.fileName ?? 'kubeconfig');
  writeFileSync(path, stringify(doc), { mode: 0o600 });
  return path;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
