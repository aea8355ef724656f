// What kube-controller-manager does for every new namespace, done at once: the `default` ServiceAccount
// (serviceaccounts-controller) and the `kube-root-ca.crt` ConfigMap (root-ca-cert-publisher).
import type { ApiServer } from './api-server.js';
import type { KubeObject } from './types.js';

const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export class NamespaceControllers {
  readonly #api: ApiServer;
  readonly #caPem: string;

  constructor(api: ApiServer, caPem: string) {
    this.#api = api;
    this.#caPem = caPem;
  }

  /** After a restart with a new CA: points every namespace's kube-root-ca.crt at it. */
  refreshRootCa(): void {
    const def = this.#api.registry.findKind('', 'ConfigMap');
    if (!def) return;
    for (const cm of this.#api.store.list({ group: '', resource: 'configmaps' })) {
      if (cm.metadata.name !== 'kube-root-ca.crt' || (cm.data as Record<string, string> | undefined)?.['ca.crt'] === this.#caPem) continue;
      this.#api.writer.patched(
        def,
        cm,
        { ...structuredClone(cm), data: { 'ca.crt': this.#caPem } },
        { dryRun: false, fieldManager: 'kube-controller-manager', subresource: '' },
      );
    }
  }

  namespaceChanged(ns: KubeObject, type: 'ADDED' | 'MODIFIED' | 'DELETED'): void {
    if (type !== 'ADDED') return;
    const namespace = ns.metadata.name;
    this.#api.createSystemObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } }, 'kube-controller-manager');
    this.#api.createSystemObject(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
        data: { 'ca.crt': this.#caPem },
      },
      'kube-controller-manager',
    );
  }
}
