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

export const DUMP_NS = 'wire-dump';

/** A namespace to dump: a pod that has logged, and a deployment with its replica set and pod; then a quiet sandbox. */
export async function seedDump(ops: SandboxOps): Promise<void> {
  await ops.create(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'talker', namespace: DUMP_NS },
      spec: {
        terminationGracePeriodSeconds: 0,
        initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'echo init done'] }],
        containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello from main; sleep 3600'] }],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: DUMP_NS },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      },
    },
  );
  await ops.settle(2000);
}

// The lists are read by kubectl's typed clientset (protobuf); kcurl asks for JSON.
const dump = (note: string, ...args: string[]): WireRow => ({ args: ['cluster-info', 'dump', ...args], protobuf: true, note });

export const CLUSTER_INFO_DUMP_ROWS: WireRow[] = [
  dump('nodes, the seven lists of the namespace, then each container log between START and END lines', '--namespaces', DUMP_NS),
  dump('YAML: --- between the lists', '--namespaces', DUMP_NS, '-o', 'yaml'),
  dump('two namespaces, comma-separated', `--namespaces=${DUMP_NS},${CLUSTER_INFO_NS}`),
  dump('the default: kube-system and the current namespace (-n)', '-n', DUMP_NS),
  dump('--all-namespaces: the namespaces LIST after the nodes', '-A'),
  dump('the files are written; stdout says where', '--namespaces', DUMP_NS, '--output-directory=dumped'),
  { ...dump('the nodes LIST is forbidden: the error, nothing printed', '--as=nobody'), exitCode: 1 },
  { args: ['cluster-info', 'dump', '-o', 'wide'], sendsNothing: true, exitCode: 1, note: 'no such printer' },
];
