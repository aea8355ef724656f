// Wire-identity rows for kubectl cluster-info: the one list of services labelled kubernetes.io/cluster-service=true
// (kube-system unless -n), and the text (plain: kubectl v1.32 prints no colours).
import type { SandboxOps, WireRow } from './harness.js';

export const CLUSTER_INFO_NS = 'wire-cluster-info';

/** Cluster services of every shape kubectl words differently: a kubernetes.io/name, an https port, no ports. */
export async function seedClusterInfo(ops: SandboxOps): Promise<void> {
  const labels = { 'kubernetes.io/cluster-service': 'true' };
  const svc = (name: string, extraLabels: Record<string, string>, spec: object) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: CLUSTER_INFO_NS, labels: { ...labels, ...extraLabels } },
    spec: { clusterIP: 'None', ...spec },
  });
  await ops.create(
    svc('dashboard', { 'kubernetes.io/name': 'Dashboard' }, { selector: { app: 'd' }, ports: [{ name: 'https', port: 8443 }] }),
    svc('metrics', {}, { selector: { app: 'm' }, ports: [{ port: 443 }] }),
    svc('dns', {}, { selector: { app: 'dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
    svc('bare', {}, { selector: { app: 'b' } }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'unlabelled', namespace: CLUSTER_INFO_NS }, spec: { clusterIP: 'None', selector: { app: 'u' } } },
  );
}

export const CLUSTER_INFO_ROWS: WireRow[] = [
  { args: ['cluster-info'], note: "kube-system's CoreDNS Service" },
  { args: ['cluster-info', '-n', CLUSTER_INFO_NS], note: 'https guessed from a port name or 443; a service without ports' },
  { args: ['cluster-info', '-n', 'default'], note: 'no cluster services: the control plane only' },
  { args: ['cluster-info', '--as=nobody'], exitCode: 1, note: 'forbidden: the footer, then the error' },
];
