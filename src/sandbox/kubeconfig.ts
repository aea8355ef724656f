// The kubeconfig the sandbox writes at start: context `kcurl-sandbox`, the cluster with its CA inline,
// a token admin and a client-certificate admin (O=system:masters), default namespace `default`, mode 0600.
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

export interface SandboxKubeconfig {
  server: string;
  caPem: string;
  adminToken: string;
  clientCertPem: string;
  clientKeyPem: string;
}

export const CONTEXT = 'kcurl-sandbox';
export const TOKEN_USER = 'kcurl-sandbox-admin';
export const CERT_USER = 'kcurl-sandbox-admin-cert';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function kubeconfigYaml(k: SandboxKubeconfig): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CONTEXT, cluster: { server: k.server, 'certificate-authority-data': b64(k.caPem) } }],
    users: [
      { name: TOKEN_USER, user: { token: k.adminToken } },
      { name: CERT_USER, user: { 'client-certificate-data': b64(k.clientCertPem), 'client-key-data': b64(k.clientKeyPem) } },
    ],
    contexts: [
      { name: CONTEXT, context: { cluster: CONTEXT, user: TOKEN_USER, namespace: 'default' } },
      { name: `${CONTEXT}-cert`, context: { cluster: CONTEXT, user: CERT_USER, namespace: 'default' } },
    ],
    'current-context': CONTEXT,
    preferences: {},
  });
}

/** Writes the kubeconfig readable by its owner only (credentials inside). */
export function writeKubeconfig(file: string, k: SandboxKubeconfig): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, kubeconfigYaml(k), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
