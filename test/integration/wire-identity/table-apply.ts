// Wire-identity rows for `apply` and `create -f`: each row removes or re-creates its objects before
// every run (kubectl, kcurl, snippet), so all three start from the same state.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const APPLY_NS = 'wire-apply';

const cmManifest = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "${value}"\n`;
const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: APPLY_NS } });

/** The annotation `kubectl apply` writes: the applied manifest as compact JSON with sorted keys, plus a newline. */
const lastApplied = (name: string, value: string) =>
  JSON.stringify({ apiVersion: 'v1', data: { a: value }, kind: 'ConfigMap', metadata: { annotations: {}, name, namespace: APPLY_NS } }) + '\n';

/** A ConfigMap as a previous `kubectl apply` of data.a=value left it. */
const appliedBefore = (name: string, value: string): KubeObject => ({
  ...cm(name),
  metadata: { name, namespace: APPLY_NS, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(name, value) } },
  data: { a: value },
});

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    app: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

export const APPLY_FILES: Record<string, string> = {
  'applied.yaml': cmManifest('applied', '1'),
  'ssa.yaml': cmManifest('ssa', '1'),
  'dry.yaml': cmManifest('dry', '1'),
  'tree/one.yaml': cmManifest('tree-one', '1'),
  'tree/nested/two.yaml': cmManifest('tree-two', '2'),
  'tree/nested/notes.txt': 'not a manifest: apply -R reads .yaml, .yml and .json only\n',
  'created.yaml': cmManifest('created', '1'),
  // YAML 1.1, as kubectl reads it: the unquoted key `y` is the boolean true, sent as "true".
  'yaml11.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml11\ndata:\n  y: "yes"\n  n: "0755"\n',
  'multi.yaml': `${cmManifest('multi-cm', '1')}---\n${deployment}`,
};

const fresh =
  (...names: string[]) =>
  (ops: SandboxOps) =>
    ops.remove(...names.map(cm));
const n = ['-n', APPLY_NS];

export const APPLY_ROWS: WireRow[] = [
  { args: ['apply', '-f', 'applied.yaml', ...n], setup: fresh('applied'), mutating: true, note: 'new object: GET 404, POST' },
  {
    args: ['apply', '-f', 'applied.yaml', ...n],
    setup: (ops) => ops.recreate(appliedBefore('applied', '0')),
    mutating: true,
    note: 'changed since the last apply: three-way strategic-merge PATCH',
  },
  { args: ['apply', '-f', 'applied.yaml', ...n], setup: (ops) => ops.recreate(appliedBefore('applied', '1')), mutating: true, note: 'unchanged: the GET only' },
  { args: ['apply', '--server-side', '-f', 'ssa.yaml', ...n], setup: fresh('ssa'), mutating: true },
  {
    args: ['apply', '--server-side', '--force-conflicts', '-f', 'ssa.yaml', ...n],
    setup: async (ops) => {
      await ops.remove(cm('ssa'));
      // Another field manager owns data.a with a different value: a conflict without --force-conflicts.
      await ops.request('PATCH', `/api/v1/namespaces/${APPLY_NS}/configmaps/ssa?fieldManager=other-tool`, cmManifest('ssa', '0'), {
        contentType: 'application/apply-patch+yaml',
      });
    },
    mutating: true,
    note: 'another field manager owns data.a',
  },
  { args: ['apply', '--dry-run=client', '-f', 'dry.yaml', ...n], setup: fresh('dry'), mutating: true },
  { args: ['apply', '--dry-run=server', '-f', 'dry.yaml', ...n], setup: fresh('dry'), mutating: true },
  { args: ['apply', '-R', '-f', 'tree', ...n], setup: fresh('tree-one', 'tree-two'), mutating: true, note: 'nested directory with a non-manifest file' },
  { args: ['apply', '-f', '-', ...n], stdin: cmManifest('from-stdin', '1'), setup: fresh('from-stdin'), mutating: true },
  {
    args: ['apply', '-f', 'multi.yaml', ...n],
    setup: (ops) => ops.remove(cm('multi-cm'), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: APPLY_NS } }),
    mutating: true,
    note: 'two documents: a ConfigMap and a Deployment',
  },
  { args: ['create', '-f', 'created.yaml', ...n], setup: fresh('created'), mutating: true },
  { args: ['create', '-f', 'yaml11.yaml', ...n], setup: fresh('yaml11'), mutating: true, note: 'YAML 1.1 keys y/n become "true"/"false"' },
];
