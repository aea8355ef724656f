// Wire-identity rows for `set image`: the GET, then the strategic merge PATCH with $setElementOrder, each
// row from a Deployment re-created with two containers and an init container.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const SET_NS = 'wire-set';

const deployment = (name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: SET_NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        containers: [
          { name: 'web', image: 'nginx:1.26' },
          { name: 'side', image: 'busybox:1.36' },
        ],
      },
    },
  },
});
const state = (name: string) => (ops: SandboxOps) => ops.recreate(deployment(name));
const n = ['-n', SET_NS];

/** Manifests for -f: the Deployment "web" by identity (kubectl reads it again before patching). */
export const SET_FILES: Record<string, string> = {
  'web.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${SET_NS}\n`,
};

export const SET_ROWS: WireRow[] = [
  { args: ['set', 'image', 'deployment/web', 'web=nginx:1.27', ...n], setup: state('web'), mutating: true },
  {
    args: ['set', 'image', 'deployment', 'web', 'side=busybox:1.37', 'init=busybox:1.37', ...n],
    setup: state('web'),
    mutating: true,
    note: 'a container and an init container',
  },
  { args: ['set', 'image', 'deploy/web', '*=nginx:1.27', ...n], setup: state('web'), mutating: true, note: 'every container' },
  { args: ['set', 'image', 'deploy/web', 'web=nginx:1.26', ...n], setup: state('web'), mutating: true, note: 'already set: the GET only, nothing printed' },
  { args: ['set', 'image', 'deploy/web', 'web=nginx:1.27', '--dry-run=server', ...n], setup: state('web'), mutating: true },
  { args: ['set', 'image', 'deploy/web', 'nope=nginx', ...n], setup: state('web'), mutating: true, exitCode: 1, note: 'no such container' },
  { args: ['set', 'image', '-f', 'web.yaml', 'web=nginx:1.27'], setup: state('web'), mutating: true },
  { args: ['set', 'image', '-f', 'web.yaml', 'deploy/web', 'web=nginx:1.27'], exitCode: 1, sendsNothing: true, note: 'a file and a name' },
];
