// What a fresh cluster has before anyone writes: the system namespaces, the `kubernetes` Service and its
// Endpoints pointing at the sandbox, the bootstrap RBAC policy and kubeadm's CoreDNS add-on in kube-system.
// Existing objects (from --state) are kept.
import type { ApiServer } from './api-server.js';
import { bootstrapRbacObjects } from './authz/rbac.js';
import { SANDBOX_PROVISIONER } from './controllers/volume-provisioner.js';
import { bootstrapApiGroups } from './bootstrap-api-groups.js';
import { coreDnsObjects } from './kube-system.js';
import type { KubeObject } from './types.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function bootstrap(api: ApiServer, opts: { port: number; advertiseAddress: string }): void {
  for (const name of SYSTEM_NAMESPACES) api.createSystemObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, 'kube-apiserver');
  api.createSystemObject(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        type: 'ClusterIP',
        clusterIP: api.allocator.apiServerIp,
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: opts.port }],
        sessionAffinity: 'None',
      },
    },
    'kube-apiserver',
  );
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: opts.advertiseAddress }], ports: [{ name: 'https', port: opts.port, protocol: 'TCP' }] }],
  };
  const existing = api.store.get({ group: '', resource: 'endpoints' }, 'default', 'kubernetes');
  if (!existing) api.createSystemObject(endpoints, 'kube-apiserver');
  else if (JSON.stringify(existing.subsets) !== JSON.stringify(endpoints.subsets)) {
    // The port changes from run to run (--port 0): keep the Endpoints pointing at this one.
    const def = api.registry.findKind('', 'Endpoints');
    if (def)
      api.writer.patched(
        def,
        existing,
        { ...structuredClone(existing), subsets: endpoints.subsets },
        { dryRun: false, fieldManager: 'kube-apiserver', subresource: '' },
      );
  }
  for (const obj of bootstrapRbacObjects()) api.createSystemObject(obj, 'kube-apiserver');
  bootstrapApiGroups(api, opts);
  // kubeadm's add-on phase; on a restart with --state whatever is stored (scaled, edited, deleted) stays.
  if (!api.store.get({ group: '', resource: 'serviceaccounts' }, 'kube-system', 'coredns')) {
    for (const obj of coreDnsObjects(api.allocator.dnsIp)) api.createSystemObject(obj, 'kubeadm');
  }
  api.controllers.refreshRootCa();
  bootstrapStorage(api);
}

/**
 * The default StorageClass `standard`, provisioned by the sandbox's own provisioner (controllers/
 * volume-provisioner.ts) and binding immediately, like minikube's `standard` class.
 */
function bootstrapStorage(api: ApiServer): void {
  api.createSystemObject(
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: SANDBOX_PROVISIONER,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    },
    'kubectl-create',
  );
}
