// Wire-identity rows for `get`: every row is read-only against the state seedGet() creates once.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const GET_NS = 'wire-get';

const cm = (name: string, labels: Record<string, string>, data: Record<string, string> = { k: 'v' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: GET_NS, labels },
  data,
});

const pod = (name: string, labels: Record<string, string>, image: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: GET_NS, labels },
  spec: { containers: [{ name: 'main', image }] },
});

export async function seedGet(ops: SandboxOps): Promise<void> {
  await ops.create(
    cm('alpha', { app: 'web', tier: 'frontend' }),
    cm('beta', { app: 'db' }, { 'a.txt': 'one', 'b.txt': 'two' }),
    cm('gamma', { app: 'web', tier: 'backend' }),
    cm('delta', {}),
    pod('web-1', { app: 'web' }, 'nginx:1.27'),
    pod('db-1', { app: 'db' }, 'postgres:16'),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: GET_NS, labels: { app: 'web' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
  );
  // The simulated kubelet moves the pods along: rows start once it is done.
  await ops.settle();
}

const n = ['-n', GET_NS];

export const GET_ROWS: WireRow[] = [
  { args: ['get', 'configmaps', ...n] },
  { args: ['get', 'cm', 'alpha', 'beta', ...n] },
  { args: ['get', 'configmap/alpha', 'pod/web-1', ...n] },
  { args: ['get', 'svc,cm', ...n] },
  { args: ['get', 'cm', '-l', 'app=web,tier!=backend', ...n] },
  { args: ['get', 'pods', '--field-selector', 'metadata.name=db-1', ...n] },
  { args: ['get', 'cm', '-A', '-l', 'app'] },
  { args: ['get', 'pods', '-o', 'wide', ...n] },
  { args: ['get', 'cm', 'alpha', '-o', 'json', ...n] },
  { args: ['get', 'configmaps', '-o', 'yaml', ...n] },
  { args: ['get', 'pods,svc', '-o', 'name', ...n] },
  { args: ['get', 'cm', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.metadata.labels.app}{"\\n"}{end}', ...n] },
  { args: ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image', ...n] },
  { args: ['get', 'cm', '--sort-by', '.metadata.labels.app', ...n] },
  { args: ['get', 'cm', '-L', 'app', '-L', 'tier', ...n] },
  { args: ['get', 'pods', '--show-labels', ...n] },
  { args: ['get', 'cm', '--no-headers', ...n] },
  { args: ['get', 'cm', '--chunk-size', '10', ...n], note: 'one page (limit=10)' },
  { args: ['get', 'cm', '--chunk-size', '0', ...n], note: 'chunking off: no limit' },
  { args: ['get', 'cm', '--chunk-size', '2', ...n], note: 'three pages: limit=2, then continue from each answer (the snippet loops)' },
  { args: ['get', 'cm', 'missing', ...n], exitCode: 1, note: 'NotFound: then the namespace is read (it exists: the object is the error)' },
  {
    args: ['get', 'cm', 'missing', '-o', 'json', '-n', 'wire-nowhere'],
    exitCode: 1,
    note: 'NotFound in a missing namespace: namespaces "wire-nowhere" not found',
  },
  { args: ['get', 'cm/missing', 'pod/absent', '-n', 'wire-nowhere'], exitCode: 1, note: 'one namespace check after each NotFound' },
  { args: ['get', 'cm', 'missing', 'beta', '-o', 'json', ...n], exitCode: 1, note: 'two names, one NotFound: a List of the other, then the error' },
  { args: ['get', 'cm', 'missing'], exitCode: 1, note: 'NotFound in "default": no namespace check' },
  { args: ['get', 'namespace', GET_NS, '-o', 'yaml'] },
  { args: ['get', 'nodes'] },
  { args: ['get', '--raw', `/api/v1/namespaces/${GET_NS}/configmaps/alpha`] },
  { args: ['get', '--raw', `/api/v1/namespaces/${GET_NS}/pods?labelSelector=app%3Dweb&limit=1`] },
  { args: ['get', '--raw', '/healthz'] },
];
