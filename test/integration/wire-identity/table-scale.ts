// Wire-identity rows for `scale`: the GET, then the merge PATCH of the scale subresource, each row from a
// Deployment re-created with one replica.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const SCALE_NS = 'wire-scale';

const deployment = (name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: SCALE_NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
});
// After the re-creation the controllers and the kubelet roll the Deployment out (its status changes for a
// second or so); the row starts once they are done, so kubectl, kcurl and the snippet read the same status.
const state =
  (...names: string[]) =>
  async (ops: SandboxOps) => {
    await ops.recreate(...names.map(deployment));
    await ops.settle();
  };
const n = ['-n', SCALE_NS];

/** Manifests for -f: kubectl scales the object the file names without reading it first. */
export const SCALE_FILES: Record<string, string> = {
  'web.json': JSON.stringify(deployment('web')),
};

export const SCALE_ROWS: WireRow[] = [
  { args: ['scale', 'deployment', 'web', '--replicas=3', ...n], setup: state('web'), mutating: true },
  {
    args: ['scale', 'deploy/web', 'deploy/api', '--replicas=0', ...n],
    setup: state('web', 'api'),
    mutating: true,
    note: 'two objects: both GETs, then both PATCHes',
  },
  { args: ['scale', 'deployment', 'web', '--replicas=2', '--dry-run=server', ...n], setup: state('web'), mutating: true },
  { args: ['scale', 'deployment', 'web', '--replicas=2', '-o', 'name', ...n], setup: state('web'), mutating: true },
  { args: ['scale', 'deployment', 'missing', '--replicas=2', ...n], exitCode: 1, note: 'the object does not exist' },
  { args: ['scale', '-f', 'web.json', '--replicas=2'], setup: state('web'), mutating: true, note: 'no GET: the PATCH of …/scale only' },
  { args: ['scale', '-f', 'web.json', '--replicas=2', '-n', 'default'], exitCode: 1, sendsNothing: true, note: "the file's namespace differs from -n" },
];
