// Wire-identity rows for `rollout`: status (GET, then the informer's LIST and WATCH by name), history and undo
// (GET, the typed GET, then the ReplicaSets or ControllerRevisions by selector, and undo's PATCH), restart, pause
// and resume (GET, then a strategic merge PATCH). Each row starts from workloads re-created and rolled out.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const ROLLOUT_NS = 'wire-rollout';

// Pods that go at once: a re-created DaemonSet or StatefulSet places its pod only once the old one is gone.
const template = (app: string, image: string) => ({
  metadata: { labels: { app } },
  spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'web', image }] },
});
const deployment = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ROLLOUT_NS, labels: { tier: 'front' } },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: template(name, 'nginx:1.26'), ...extra },
});
// busybox without a command exits at once: the pod never becomes ready, the rollout never finishes.
const stuck: KubeObject = {
  ...deployment('stuck'),
  spec: { replicas: 1, selector: { matchLabels: { app: 'stuck' } }, template: template('stuck', 'busybox:1.36') },
};
const daemonSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: ROLLOUT_NS },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent', 'nginx:1.26') },
};
const statefulSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: ROLLOUT_NS },
  spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db', 'nginx:1.26') },
};

/** Manifests the -f rows name: the Deployment "web" (JSON is YAML), a directory holding it (-R), and one with two. */
export const ROLLOUT_FILES: Record<string, string> = {
  'web.yaml': JSON.stringify(deployment('web'), null, 2),
  'pair/stuck.json': JSON.stringify(deployment('stuck')),
  'pair/web.json': JSON.stringify(deployment('web')),
  'workloads/apps/web.json': JSON.stringify(deployment('web')),
};

const workloadPath = (o: KubeObject) =>
  `/apis/apps/v1/namespaces/${ROLLOUT_NS}/${o.kind === 'Deployment' ? 'deployments' : o.kind === 'DaemonSet' ? 'daemonsets' : 'statefulsets'}/${o.metadata.name}`;

/** A second revision: the pod template's image changed, then rolled out. */
async function newImage(ops: SandboxOps, o: KubeObject, image: string): Promise<void> {
  await ops.request(
    'PATCH',
    workloadPath(o),
    { spec: { template: { spec: { containers: [{ name: 'web', image }] } } } },
    {
      contentType: 'application/strategic-merge-patch+json',
    },
  );
  await ops.settle();
}

/** The objects re-created and rolled out (the controllers and the kubelet are done before the row starts). */
const fresh =
  (...objects: KubeObject[]) =>
  async (ops: SandboxOps) => {
    await ops.recreate(...objects);
    await ops.settle();
  };
/** A Deployment with two revisions (nginx:1.26, then nginx:1.27). */
const twoRevisions =
  (name = 'web') =>
  async (ops: SandboxOps) => {
    await fresh(deployment(name))(ops);
    await newImage(ops, deployment(name), 'nginx:1.27');
  };
/** Only "web" carries the tier=front label when the row starts. */
const onlyWeb = async (ops: SandboxOps) => {
  await ops.remove(stuck);
  await fresh(deployment('web'))(ops);
};
const onlyWebTwoRevisions = async (ops: SandboxOps) => {
  await ops.remove(stuck);
  await twoRevisions()(ops);
};
const paused = async (ops: SandboxOps) => {
  await ops.recreate(deployment('web', { paused: true }));
  await ops.settle();
};

const n = ['-n', ROLLOUT_NS];
/** Objects re-created for each run: their identity, generated names and times differ. */
const freshIdentity = (s: string) =>
  s
    .replace(/(resourceVersion|uid): "?[0-9a-f-]+"?/g, '$1: <$1>')
    .replace(/web-[0-9a-z]{8,10}\b/g, 'web-<hash>')
    .replace(/pod-template-hash: "?[0-9a-z]+"?/g, 'pod-template-hash: <hash>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>');
const freshIdentityJson = (s: string) =>
  s.replace(/"(resourceVersion|uid)": "[0-9a-f-]+"/g, '"$1": "<$1>"').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>');
// rollout status's informer watch never ends by itself: the snippet's curl is stopped after a while.
const watchRow = { mutating: true, snippetStream: { limitMs: 2500 } } as const;
// The typed clients of the history viewers and rollbackers ask for protobuf.
const typed = { protobuf: true, mutating: true } as const;
// restart's annotation holds the time of the run.
const restartedAt = (s: string) => s.replace(/"kubectl\.kubernetes\.io\/restartedAt":"[^"]*"/g, '"kubectl.kubernetes.io/restartedAt":"<now>"');

export const ROLLOUT_ROWS: WireRow[] = [
  // status
  { args: ['rollout', 'status', 'deployment/web', ...n], setup: fresh(deployment('web')), ...watchRow },
  { args: ['rollout', 'status', 'deploy', 'web', '--watch=false', ...n], setup: fresh(deployment('web')), ...watchRow },
  { args: ['rollout', 'status', 'deploy/web', '--revision=1', '--timeout=30s', ...n], setup: fresh(deployment('web')), ...watchRow },
  {
    args: ['rollout', 'status', 'deploy/web', '--revision=5', ...n],
    setup: fresh(deployment('web')),
    ...watchRow,
    exitCode: 1,
    note: 'another revision runs',
  },
  {
    args: ['rollout', 'status', 'deploy/stuck', '--timeout=2s', ...n],
    setup: fresh(stuck),
    ...watchRow,
    exitCode: 1,
    note: 'its pod never gets ready: the progress line, then the timeout',
  },
  { args: ['rollout', 'status', 'daemonset/agent', ...n], setup: fresh(daemonSet), ...watchRow },
  { args: ['rollout', 'status', 'statefulset/db', ...n], setup: fresh(statefulSet), ...watchRow },
  { args: ['rollout', 'status', 'deploy/missing', ...n], exitCode: 1, note: 'the object does not exist' },
  // history
  { args: ['rollout', 'history', 'deployment/web', ...n], setup: twoRevisions(), ...typed },
  { args: ['rollout', 'history', 'deployment/web', '--revision=1', ...n], setup: twoRevisions(), ...typed, note: 'the pod template of revision 1' },
  { args: ['rollout', 'history', 'deployment/web', '--revision=7', ...n], setup: twoRevisions(), ...typed, exitCode: 1, note: 'no such revision' },
  { args: ['rollout', 'history', 'deployment/web', '-o', 'name', ...n], setup: twoRevisions(), ...typed, note: 'the ReplicaSets by revision' },
  {
    args: ['rollout', 'history', 'deployment/web', '--revision=2', '-o', 'yaml', ...n],
    setup: twoRevisions(),
    ...typed,
    normalise: freshIdentity,
    note: 'the ReplicaSet of revision 2 (uid, resourceVersion, names and times normalised)',
  },
  { args: ['rollout', 'history', 'daemonset/agent', ...n], setup: fresh(daemonSet), ...typed, note: 'ControllerRevisions' },
  { args: ['rollout', 'history', 'deploy/missing', ...n], exitCode: 1 },
  // undo
  { args: ['rollout', 'undo', 'deployment/web', ...n], setup: twoRevisions(), ...typed, note: 'a JSON patch of the template and annotations' },
  { args: ['rollout', 'undo', 'deployment/web', '--to-revision=2', ...n], setup: twoRevisions(), ...typed, note: 'already at revision 2: skipped' },
  { args: ['rollout', 'undo', 'deployment/web', '--dry-run=server', '-o', 'name', ...n], setup: twoRevisions(), ...typed },
  { args: ['rollout', 'undo', 'deployment/web', '--to-revision=9', ...n], setup: twoRevisions(), ...typed, exitCode: 1 },
  { args: ['rollout', 'undo', 'deployment/web', ...n], setup: paused, ...typed, exitCode: 1, note: 'paused: kubectl refuses after reading the revisions' },
  // restart, pause, resume
  {
    args: ['rollout', 'restart', 'deployment/web', ...n],
    setup: fresh(deployment('web')),
    mutating: true,
    normalise: restartedAt,
    normaliseRequests: true,
    note: 'restartedAt normalised',
  },
  { args: ['rollout', 'restart', 'ds/agent', '-o', 'name', ...n], setup: fresh(daemonSet), mutating: true, normalise: restartedAt, normaliseRequests: true },
  { args: ['rollout', 'restart', 'deployment/web', ...n], setup: paused, mutating: true, exitCode: 1, note: 'paused' },
  { args: ['rollout', 'pause', 'deployment/web', ...n], setup: fresh(deployment('web')), mutating: true },
  { args: ['rollout', 'pause', 'deployment/web', '-o', 'name', ...n], setup: fresh(deployment('web')), mutating: true },
  { args: ['rollout', 'pause', 'deployment/web', ...n], setup: paused, mutating: true, exitCode: 1, note: 'already paused' },
  { args: ['rollout', 'pause', 'daemonset/agent', ...n], setup: fresh(daemonSet), mutating: true, exitCode: 1, note: 'not supported' },
  { args: ['rollout', 'resume', 'deployment/web', ...n], setup: paused, mutating: true },
  { args: ['rollout', 'resume', 'deployment/web', ...n], setup: fresh(deployment('web')), mutating: true, exitCode: 1, note: 'not paused' },
  { args: ['rollout', 'pause', 'deployment/missing', ...n], exitCode: 1 },
  {
    args: ['rollout', 'pause', 'deployment', '-l', 'tier=front', ...n],
    setup: async (ops) => {
      // Only "web" carries the label when the row starts.
      await ops.remove(stuck);
      await fresh(deployment('web'))(ops);
    },
    mutating: true,
    note: 'a LIST by label, then the PATCH',
  },
  { args: ['rollout', 'restart', 'deploy', '-l', 'tier=none', ...n], exitCode: 0, note: 'the selector matches nothing' },
  // -l on status, history and undo: the LIST's items stand for the builder's GETs
  { args: ['rollout', 'status', 'deploy', '-l', 'tier=front', ...n], setup: onlyWeb, ...watchRow, note: 'a LIST by label, then each one watched' },
  { args: ['rollout', 'history', 'deploy', '-l', 'tier=front', ...n], setup: onlyWebTwoRevisions, ...typed },
  { args: ['rollout', 'history', 'deploy', '-l', 'tier=front', '-o', 'name', ...n], setup: onlyWebTwoRevisions, ...typed },
  { args: ['rollout', 'undo', 'deploy', '-l', 'tier=front', ...n], setup: onlyWebTwoRevisions, ...typed },
  { args: ['rollout', 'history', 'deploy', '-l', 'tier=none', ...n], ...typed, note: 'the selector matches nothing: no message' },
  { args: ['rollout', 'status', 'deploy/web', '-l', 'tier=front', ...n], exitCode: 1, sendsNothing: true, note: 'names and a selector' },
  // history -o of DaemonSets and StatefulSets: the object with each ControllerRevision applied
  {
    args: ['rollout', 'history', 'daemonset/agent', '-o', 'yaml', ...n],
    setup: async (ops) => {
      await fresh(daemonSet)(ops);
      await newImage(ops, daemonSet, 'nginx:1.27');
    },
    ...typed,
    normalise: freshIdentity,
    note: 'one DaemonSet per revision',
  },
  { args: ['rollout', 'history', 'statefulset/db', '-o', 'json', '--revision=1', ...n], setup: fresh(statefulSet), ...typed, normalise: freshIdentityJson },
  { args: ['rollout', 'history', 'sts', 'db', '-o', 'name', ...n], setup: fresh(statefulSet), ...typed },
  // -f FILE, -f DIR -R: the objects named by the files, each read by name
  { args: ['rollout', 'status', '-f', 'web.yaml'], setup: fresh(deployment('web')), ...watchRow },
  { args: ['rollout', 'history', '-f', 'web.yaml'], setup: twoRevisions(), ...typed },
  { args: ['rollout', 'undo', '-f', 'workloads', '-R'], setup: twoRevisions(), ...typed, note: 'a directory read recursively' },
  {
    args: ['rollout', 'restart', '-f', 'pair', '-o', 'name'],
    setup: fresh(deployment('web'), stuck),
    mutating: true,
    normalise: restartedAt,
    normaliseRequests: true,
    note: 'a directory of two files',
  },
  { args: ['rollout', 'pause', '-f', 'web.yaml'], setup: fresh(deployment('web')), mutating: true },
  { args: ['rollout', 'status', '-f', 'web.yaml', 'deploy/web'], exitCode: 1, sendsNothing: true, note: 'a file and a name' },
  { args: ['rollout', 'history', '-f', 'absent.yaml'], exitCode: 1, sendsNothing: true, note: 'no such file' },
  {
    args: ['rollout', 'history', '-f', 'web.yaml', '-n', 'default'],
    setup: twoRevisions(),
    ...typed,
    exitCode: 1,
    note: "the file's namespace differs from -n: read (Latest()), then kubectl's error",
  },
];
