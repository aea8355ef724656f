// Resolved credentials for renderer tests: the kind cluster of a kubeconfig at KUBECONFIG_PATH with a bearer
// token from it, as credential resolution returns them; each test overrides the fields its case is about.
import type { Credentials } from '../../src/kube/credentials-types.js';
import { Secret } from '../../src/kube/secret.js';

export const KUBECONFIG_PATH = '/home/me/.kube/config';
export const TOKEN_VALUE = 's3cr3t-token-value';

export function kindCredentials(over: Partial<Credentials> = {}): Credentials {
  const file = KUBECONFIG_PATH;
  return {
    origin: 'kubeconfig',
    kubeconfigFiles: [file],
    contextName: 'kind-kind',
    clusterName: 'kind-kind',
    userName: 'kind-admin',
    server: { value: 'https://127.0.0.1:6443', source: { kind: 'kubeconfig', file, entry: 'cluster', name: 'kind-kind', field: 'server' } },
    namespace: { value: 'default', source: { kind: 'default' } },
    insecureSkipTLSVerify: false,
    token: { value: new Secret(TOKEN_VALUE), source: { kind: 'kubeconfig', file, entry: 'user', name: 'kind-admin', field: 'token' } },
    ...over,
  };
}
