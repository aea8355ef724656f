// Wire-identity rows for kubectl expose: the GET of the exposed object (the resource builder's, JSON), then the
// Service POST built from it (selector, ports, protocols and labels taken from the object unless given), the
// result lines, --dry-run=client (the GET only) and kubectl's refusals.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const EXPOSE_NS = 'wire-expose';

const meta = (name: string, labels?: Record<string, string>) => ({ name, namespace: EXPOSE_NS, ...(labels ? { labels } : {}) });
const template = (labels: Record<string, string>, ports: object[]) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports }] },
});

/** Objects to expose. Controllers at zero replicas, so no answer changes between the clients' runs. */
export async function seedExpose(ops: SandboxOps): Promise<void> {
  await ops.create(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web', { app: 'web', tier: 'front' }),
      spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }, [{ containerPort: 8080, name: 'http' }]) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('api', { app: 'api' }),
      spec: { replicas: 0, selector: { matchLabels: { app: 'api' } }, template: template({ app: 'api' }, [{ containerPort: 9090 }]) },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('single', { app: 'single' }),
      spec: {
        containers: [
          { name: 'dns', image: 'coredns', ports: [{ containerPort: 53, protocol: 'UDP' }] },
          { name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] },
        ],
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('front'), spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
    {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: meta('legacy'),
      spec: { replicas: 0, selector: { app: 'legacy' }, template: template({ app: 'legacy' }, [{ containerPort: 9000 }]) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('sel'),
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'sel' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
        template: template({ app: 'sel', tier: 'a' }, []),
      },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings') },
  );
  await ops.settle();
}

const svc = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: EXPOSE_NS } });
const fresh =
  (...objects: KubeObject[]) =>
  (ops: SandboxOps) =>
    ops.remove(...objects);
const n = ['-n', EXPOSE_NS];

/** A manifest for -f: kubectl exposes the object as the file holds it (its selector, ports, labels), unread. */
export const EXPOSE_FILES: Record<string, string> = {
  'api.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    '  labels: {app: api, from: file}',
    'spec:',
    '  selector: {matchLabels: {app: api}}',
    '  template:',
    '    metadata: {labels: {app: api}}',
    '    spec: {containers: [{name: api, image: nginx, ports: [{containerPort: 9090}]}]}',
    '',
  ].join('\n'),
};
// A Service's allocated ClusterIP differs from one creation to the next.
// The service range is 10.96.0.0/12.
const clusterIps = (s: string) => s.replace(/\b10\.(9[6-9]|10\d|11[01])\.\d+\.\d+\b/g, '<cluster-ip>');

export const EXPOSE_ROWS: WireRow[] = [
  {
    args: ['expose', 'deployment', 'web', '--port=80', ...n],
    setup: fresh(svc('web')),
    mutating: true,
    normalise: clusterIps,
    note: 'selector and labels from the deployment; allocated ClusterIPs compared by shape',
  },
  {
    args: ['expose', 'pod/single', ...n],
    setup: fresh(svc('single')),
    mutating: true,
    normalise: clusterIps,
    note: "the pod's two ports, each with its protocol",
  },
  {
    args: ['expose', 'svc', 'front', '--name=front-tls', '--port=443', '--target-port=8443', '--dry-run=server', '-o', 'name', ...n],
    setup: fresh(svc('front-tls')),
    mutating: true,
    normalise: clusterIps,
  },
  {
    args: ['expose', 'deployment', 'web', '--name=web-saved', '--port=80', '--save-config', ...n],
    setup: fresh(svc('web-saved')),
    mutating: true,
    normalise: clusterIps,
    note: 'the last-applied annotation',
  },
  {
    args: ['expose', 'rc', 'legacy', '--cluster-ip=None', '-o', 'name', ...n],
    setup: fresh(svc('legacy')),
    mutating: true,
    note: 'headless',
  },
  {
    args: ['expose', 'deployment', 'web', '--port=80', ...n],
    setup: async (ops) => {
      await ops.remove(svc('web'));
      await ops.create({ ...svc('web'), spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] } });
    },
    mutating: true,
    exitCode: 1,
    note: 'the Service exists',
  },
  { args: ['expose', 'deployment', 'missing', '--port=80', ...n], exitCode: 1, note: 'no such deployment' },
  { args: ['expose', 'deployment', 'web', '--port=80', '-n', 'wire-expose-none'], exitCode: 1, note: 'no such namespace: kubectl reads it after the NotFound' },
  { args: ['expose', 'configmap', 'settings', '--port=80', ...n], exitCode: 1, note: 'not exposable, found out after the GET' },
  { args: ['expose', 'rs', 'sel', '--port=80', ...n], exitCode: 1, note: 'a selector with matchExpressions' },
  { args: ['expose', 'deployment', 'web', '--port=80', '--dry-run=client', '-o', 'yaml', ...n], note: 'the GET, then the Service printed' },
  {
    args: [
      'expose',
      'deployment',
      'web',
      '--name=web-np',
      '--port=80',
      '--target-port=http',
      '--type=NodePort',
      '--labels=exposed=yes',
      '--dry-run=client',
      '-o',
      'json',
      ...n,
    ],
  },
  { args: ['expose', 'pod', 'single', '--protocol=TCP', '--dry-run=client', '-o', 'yaml', ...n] },
  {
    args: [
      'expose',
      'service',
      'front',
      '--name=lb',
      '--type=LoadBalancer',
      '--load-balancer-ip=192.0.2.10',
      '--external-ip=192.0.2.20',
      '--session-affinity=ClientIP',
      '--selector=app=other',
      '--dry-run=client',
      '-o',
      'json',
      ...n,
    ],
  },
  { args: ['expose', 'rc', 'legacy', '--dry-run=client', ...n] },
  {
    args: ['expose', 'deployment', 'web', 'api', '--dry-run=client', '-o', 'yaml', ...n],
    note: "two objects: the second gets the first's selector, ports and labels, as in kubectl",
  },
  { args: ['expose', 'deployment', 'missing', 'api', '--port=80', '--dry-run=client', '-o', 'name', ...n], exitCode: 1, note: 'the error after the others' },
  { args: ['expose'], sendsNothing: true, exitCode: 1, note: 'nothing to expose' },
  { args: ['expose', 'deployment'], sendsNothing: true, exitCode: 1, note: 'no name' },
  { args: ['expose', 'widgets', 'x'], sendsNothing: true, exitCode: 1, note: 'an unknown resource type' },
  {
    args: ['expose', '-f', 'api.yaml', '--name=api-file', ...n],
    setup: fresh(svc('api-file')),
    mutating: true,
    normalise: clusterIps,
    note: 'no GET: the Service is built from the file (its port and labels)',
  },
  { args: ['expose', '-f', 'api.yaml', '--port=80', 'deploy/web', ...n], exitCode: 1, sendsNothing: true, note: 'a file and a name' },
];
