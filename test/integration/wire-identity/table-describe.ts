// Wire-identity rows for `describe`: read-only against the objects seedDescribe() creates and lets settle.
// kubectl's describe asks for protobuf and varies its events fieldSelector term order: rows say so.
import { eventually } from '../sandbox-helpers.js';
import type { SandboxOps, WireRow } from './harness.js';

export const DESCRIBE_NS = 'wire-describe';
const ns = DESCRIBE_NS;

export async function seedDescribe(ops: SandboxOps): Promise<void> {
  await ops.create(
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: ns, labels: { app: 'web' }, annotations: { note: 'described' } },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80 }],
            env: [{ name: 'MODE', value: 'demo' }],
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: ns, labels: { app: 'api' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'api', image: 'nginx:1.27' }] } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: ns },
      spec: {
        replicas: 1,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'db', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }] },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'agent', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: ns },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: ns },
      type: 'Opaque',
      stringData: { username: 'admin', password: 's3cr3t-value' },
    },
    // One key: kubectl prints a ConfigMap's data in Go map order, which varies from run to run.
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns }, data: { 'app.properties': 'mode=demo\nlevel=info\n' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: ns } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reader', namespace: ns },
      rules: [{ apiGroups: [''], resources: ['pods', 'configmaps'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'robot-reads', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: ns }],
    },
  );
  await eventually(async () => {
    const crd = (await ops.request('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com')).json();
    return crd.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True') ? true : undefined;
  }, 'the Widget CRD to be established');
  await ops.create({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'gizmo', namespace: ns, labels: { size: 'small' } },
    spec: { color: 'blue', parts: ['a', 'b'] },
  } as never);
  await ops.settle(1500);
}

/** kubectl lists a Secret's keys in Go map order (random per run): compare the `key:  N bytes` lines as a set. */
function sortSecretKeys(text: string): string {
  return text.replace(
    /(Data\n====\n)((?:[^\n]+:\s+\d+ bytes\n)+)/,
    (_m, head: string, lines: string) => head + lines.split('\n').filter(Boolean).sort().join('\n') + '\n',
  );
}

const n = ['-n', ns];
const d = { protobuf: true, unorderedFieldSelector: true } as const;

export const DESCRIBE_ROWS: WireRow[] = [
  { args: ['describe', 'pod', 'web', ...n], ...d },
  { args: ['describe', 'deployment', 'api', ...n], ...d },
  { args: ['describe', 'svc', 'api', ...n], ...d },
  { args: ['describe', 'statefulset', 'db', ...n], ...d },
  { args: ['describe', 'daemonset', 'agent', ...n], ...d },
  { args: ['describe', 'secret', 'creds', ...n], ...d, normalise: sortSecretKeys, note: 'key lines compared as a set (kubectl prints them in Go map order)' },
  { args: ['describe', 'cm', 'settings', ...n], ...d },
  { args: ['describe', 'sa', 'robot', ...n], ...d },
  { args: ['describe', 'namespace', ns], ...d },
  { args: ['describe', 'node'], ...d },
  { args: ['describe', 'role', 'reader', ...n], ...d },
  { args: ['describe', 'rolebinding', 'robot-reads', ...n], ...d },
  { args: ['describe', 'widget', 'gizmo', ...n], ...d },
  { args: ['describe', 'pods', '-l', 'app=web', ...n], ...d },
  { args: ['describe', 'rs', '-l', 'app=api', ...n], ...d, note: "the deployment's ReplicaSet, found by label" },
];
