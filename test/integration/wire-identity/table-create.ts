// Wire-identity rows for kubectl create's generator sub-commands (configmap, secret, namespace, serviceaccount,
// deployment, job, service): the POST kubectl's typed client sends as protobuf (decoded), the result lines, and for
// --dry-run=client the printed object (nothing sent).
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const CREATE_NS = 'wire-create';

export const CREATE_FILES: Record<string, string> = {
  'data/greeting.txt': 'hello\n',
  'data/app.env': '# settings\nMODE=fast\n  LEVEL=3\n\n',
};

const obj = (apiVersion: string, kind: string, name: string, namespace: string | undefined = CREATE_NS): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});
const cm = (name: string) => obj('v1', 'ConfigMap', name);
const fresh =
  (...objects: KubeObject[]) =>
  (ops: SandboxOps) =>
    ops.remove(...objects);
const n = ['-n', CREATE_NS];
// A created object's server-set fields differ between runs.
const volatile = (s: string) =>
  s
    .replace(/(uid|resourceVersion|creationTimestamp|time): .*/g, '$1: <volatile>')
    .replace(/"(uid|resourceVersion|creationTimestamp|time)": ".*"/g, '"$1": "<volatile>"');

export const CREATE_ROWS: WireRow[] = [
  { args: ['create', 'configmap', 'lit', '--from-literal=a=1', '--from-literal=b=two words', ...n], setup: fresh(cm('lit')), mutating: true, protobuf: true },
  {
    args: ['create', 'cm', 'files', '--from-file=data/greeting.txt', '--from-file=renamed=data/greeting.txt', '--from-literal=x=y', ...n],
    setup: fresh(cm('files')),
    mutating: true,
    protobuf: true,
    note: 'alias cm; a file, KEY=FILE and a literal',
  },
  {
    args: ['create', 'configmap', 'env', '--from-env-file=data/app.env', ...n],
    setup: fresh(cm('env')),
    mutating: true,
    protobuf: true,
    note: 'comments, blank lines and indented keys',
  },
  { args: ['create', 'configmap', 'dir', '--from-file=data', ...n], setup: fresh(cm('dir')), mutating: true, protobuf: true, note: 'each file of a directory' },
  {
    args: ['create', 'configmap', 'shown', '--from-literal=a=1', '-o', 'yaml', ...n],
    setup: fresh(cm('shown')),
    mutating: true,
    protobuf: true,
    normalise: volatile,
    note: 'server-set fields compared by shape',
  },
  {
    args: ['create', 'configmap', 'server-dry', '--from-literal=a=1', '--dry-run=server', ...n],
    setup: fresh(cm('server-dry')),
    mutating: true,
    protobuf: true,
  },
  {
    args: ['create', 'configmap', 'taken', '--from-literal=a=1', ...n],
    setup: (ops) => ops.recreate(cm('taken')),
    mutating: true,
    protobuf: true,
    exitCode: 1,
    note: 'the ConfigMap exists',
  },
  {
    args: ['create', 'secret', 'generic', 'creds', '--from-literal=password=hunter2', ...n],
    setup: fresh(obj('v1', 'Secret', 'creds')),
    mutating: true,
    protobuf: true,
    secretValue: 'hunter2',
  },
  {
    args: ['create', 'secret', 'docker-registry', 'pull', '--docker-server=registry.test', '--docker-username=bot', '--docker-password=pa55word', ...n],
    setup: fresh(obj('v1', 'Secret', 'pull')),
    mutating: true,
    protobuf: true,
    secretValue: 'pa55word',
  },
  { args: ['create', 'namespace', 'wire-create-made'], setup: fresh(obj('v1', 'Namespace', 'wire-create-made', undefined)), mutating: true, protobuf: true },
  { args: ['create', 'ns', CREATE_NS], protobuf: true, exitCode: 1, note: 'the namespace exists: the server error as is' },
  { args: ['create', 'serviceaccount', 'robot', '-o', 'name', ...n], setup: fresh(obj('v1', 'ServiceAccount', 'robot')), mutating: true, protobuf: true },
  {
    args: ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80', ...n],
    setup: fresh(obj('apps/v1', 'Deployment', 'web')),
    mutating: true,
    protobuf: true,
  },
  {
    args: ['create', 'service', 'clusterip', 'cs', '--clusterip=None', '--tcp=80:8080', ...n],
    setup: fresh(obj('v1', 'Service', 'cs')),
    mutating: true,
    protobuf: true,
    note: 'headless: no allocated IP to differ between runs',
  },
  {
    args: ['create', 'deploy', 'multi', '--image=busybox', '--image=registry.test/team/api:v2', ...n],
    setup: fresh(obj('apps/v1', 'Deployment', 'multi')),
    mutating: true,
    protobuf: true,
    note: 'alias deploy; two images',
  },
];

// --dry-run=client -o yaml|json: the object kubectl's generator builds, printed without a request.
const client = (...args: string[]): WireRow[] => ['yaml', 'json'].map((o) => ({ args: ['create', ...args, '--dry-run=client', '-o', o], sendsNothing: true }));

export const CREATE_DRY_RUN_ROWS: WireRow[] = [
  ...client('configmap', 'dry', '--from-literal=a=1', '--from-file=data/greeting.txt', ...n),
  ...client('configmap', 'dry', '--from-env-file=data/app.env'),
  {
    args: ['create', 'configmap', 'dry', '--from-literal=a=1', '--from-env-file=data/app.env'],
    sendsNothing: true,
    exitCode: 1,
    note: 'an env file with a literal',
  },
  ...client('configmap', 'empty'),
  ...client('secret', 'generic', 'dry', '--from-literal=k=v', '--type=Opaque', ...n),
  ...client('secret', 'docker-registry', 'dry', '--docker-username=u', '--docker-password=p', '--docker-email=u@example.test'),
  ...client('namespace', 'dry'),
  ...client('serviceaccount', 'dry', ...n),
  ...client('deployment', 'dry', '--image=nginx', '--replicas=3', '--port=8080', ...n),
  ...client('job', 'once', '--image=busybox', ...n),
  ...client('service', 'clusterip', 'cs', '--tcp=5678:8080', '--tcp=80', ...n),
  ...client('service', 'nodeport', 'np', '--tcp=80:http', '--node-port=30080'),
  ...client('svc', 'clusterip', 'headless', '--clusterip=None'),
  { args: ['create', 'job', 'once'], sendsNothing: true, exitCode: 1, note: 'no --image' },
  ...client(
    'deployment',
    'two',
    '--image=registry.test/team/api:v2',
    '--image=busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000',
  ),
  { args: ['create', 'configmap', 'dry', '--from-literal=a=1', '--dry-run=client'], sendsNothing: true },
  { args: ['create', 'configmap', 'dry', '--from-literal=a=1', '--dry-run=client', '-o', 'name'], sendsNothing: true },
  { args: ['create', 'configmap', 'dry', '--from-literal=a'], sendsNothing: true, exitCode: 1, note: 'a literal without =' },
  { args: ['create', 'configmap', 'dry', '--from-literal=a=1', '--from-literal=a=2'], sendsNothing: true, exitCode: 1, note: 'a key given twice' },
];
