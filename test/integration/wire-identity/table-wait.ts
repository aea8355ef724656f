// Wire-identity rows for `wait`: the builder's GET (or LIST for -l/--all), then per object the informer's LIST
// and WATCH by name until the condition holds, or --for=delete's GET and watch until the object goes.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const WAIT_NS = 'wire-wait';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: WAIT_NS, labels: { app: 'web' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'web', image: 'nginx:1.26' }] } },
  },
};
const present: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'present', namespace: WAIT_NS, labels: { made: 'yes' } },
  data: { k: 'v' },
};
const doomed: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'doomed', namespace: WAIT_NS }, data: { k: 'v' } };

/** The Deployment re-created and rolled out: its Available condition is True. */
const rolledOut = async (ops: SandboxOps) => {
  await ops.recreate(deployment);
  await ops.settle();
};

const n = ['-n', WAIT_NS];
// The informer's watch is opened, then dropped once the condition holds: the snippet's curl is stopped after a while.
const watchRow = { setup: rolledOut, mutating: true, snippetStream: { limitMs: 2500 } } as const;

export const WAIT_ROWS: WireRow[] = [
  { args: ['wait', 'deployment/web', '--for=condition=Available', ...n], ...watchRow },
  { args: ['wait', 'deploy', 'web', '--for=condition=available=true', '-o', 'name', ...n], ...watchRow, note: 'condition names match regardless of case' },
  { args: ['wait', 'deploy/web', '--for=jsonpath={.status.replicas}=1', ...n], ...watchRow },
  { args: ['wait', 'deploy/web', '--for=jsonpath={.spec.paused}', '--timeout=1s', ...n], ...watchRow, exitCode: 1, note: 'never set: times out' },
  { args: ['wait', 'deploy', '-l', 'app=web', '--for=condition=Available', ...n], ...watchRow, note: 'a LIST by label first' },
  { args: ['wait', 'deploy', '--all', '--for=condition=Available', ...n], ...watchRow },
  { args: ['wait', 'deploy/web', '--for=condition=Available=False', '--timeout=1s', ...n], ...watchRow, exitCode: 1, note: 'times out' },
  { args: ['wait', 'deploy/web', '--for=condition=Available', '--timeout=0', ...n], setup: rolledOut, mutating: true, note: 'one look: a GET, no watch' },
  {
    args: ['wait', 'configmap/doomed', '--for=delete', '--timeout=20s', ...n],
    setup: (ops) => ops.recreate(doomed),
    during: { when: /[?&]watch=true/, run: (ops) => ops.remove(doomed) },
    mutating: true,
    snippetStream: { until: /"type":\s*"DELETED"/, limitMs: 10000 },
    note: 'the ConfigMap is deleted while the watch is open',
  },
  { args: ['wait', 'configmap/absent', '--for=delete', ...n], note: 'already gone: a GET, its namespace, exit 0' },
  { args: ['wait', 'deploy/absent', '--for=condition=Available', ...n], exitCode: 1, note: 'NotFound' },
  { args: ['wait', 'deploy', '-l', 'app=none', '--for=condition=Available', ...n], exitCode: 1, note: 'no matching resources found' },
  { args: ['wait', 'deploy/web', '--for=ready', ...n], exitCode: 1, sendsNothing: true, note: 'unrecognized condition' },
];

// --for=create: the builder's reads until nothing is missing, then once more. Rows whose outcome does not depend on
// how many 0.5 s rounds pass (wait.test.ts has the object created while kubectl and kcurl poll).
const exists = { setup: (ops: SandboxOps) => ops.recreate(present), mutating: true } as const;
export const WAIT_CREATE_ROWS: WireRow[] = [
  { args: ['wait', 'configmap/present', '--for=create', ...n], ...exists, note: 'it exists: two GETs' },
  { args: ['wait', 'cm', 'present', '--for=create', '-o', 'name', ...n], ...exists },
  { args: ['wait', 'cm', '-l', 'made=yes', '--for=create', ...n], ...exists, note: 'two LISTs' },
  { args: ['wait', 'cm/absent', '--for=create', '--timeout=0', ...n], exitCode: 1, note: 'one look: the GET, its namespace, timed out' },
  {
    args: ['wait', 'cm/absent', 'cm/absent2', '--for=create', ...n],
    exitCode: 1,
    note: 'two NotFounds make an aggregate, which is no NotFound: kubectl stops at once',
  },
  { args: ['wait', 'cm/present', '--for=create', '--as=nobody', ...n], exitCode: 1, note: 'Forbidden ends the wait' },
];
