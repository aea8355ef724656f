// Wire-identity rows for `edit`: the GET, then (the editor being a sed command) the PATCH kubectl computes from
// the edited YAML — a two-way strategic merge patch — with fieldManager=kubectl-edit and fieldValidation=Strict.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const EDIT_NS = 'wire-edit';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: EDIT_NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [
          { name: 'web', image: 'nginx:1.26' },
          { name: 'side', image: 'busybox:1.36', command: ['sleep', '3600'] },
        ],
      },
    },
  },
};
const settings: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: EDIT_NS }, data: { k: 'v', other: 'x' } };

const fresh =
  (o: KubeObject, settle = false) =>
  async (ops: SandboxOps) => {
    await ops.recreate(o);
    if (settle) await ops.settle();
  };

const n = ['-n', EDIT_NS];
const second: KubeObject = { ...settings, metadata: { name: 'second', namespace: EDIT_NS }, data: { k: 'v2' } };

/** Manifests for -f: two ConfigMaps by identity (kubectl reads each again), and one alone. */
export const EDIT_FILES: Record<string, string> = {
  'pair.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\n`,
  'one.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ${EDIT_NS}\n`,
};
const both = async (ops: SandboxOps) => ops.recreate(settings, second);
/** The object is re-created for each run: its identity and times differ. */
const freshIdentity = (s: string) => s.replace(/(resourceVersion|uid): "?[0-9a-f-]+"?/g, '$1: <$1>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>');
const freshIdentityJson = (s: string) =>
  s.replace(/"(resourceVersion|uid)": "[0-9a-f-]+"/g, '"$1": "<$1>"').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>');
// The editor is sed run on the file (no quotes in the setting: kubectl splits it at spaces and adds the file).
const sed = (expr: string) => `sed -i ${expr}`;

export const EDIT_ROWS: WireRow[] = [
  {
    args: ['edit', 'deployment/web', ...n],
    env: { EDITOR: sed('s/image:.nginx:1.26$/&-alpine/') },
    setup: fresh(deployment, true),
    mutating: true,
    note: 'EDITOR changes one container image: $setElementOrder of the containers',
  },
  {
    args: ['edit', 'deploy', 'web', '-o', 'yaml', ...n],
    env: { KUBE_EDITOR: sed('s/progressDeadlineSeconds:.600$/&0/'), EDITOR: 'false' },
    normalise: freshIdentity,
    setup: fresh(deployment, true),
    mutating: true,
    note: 'KUBE_EDITOR wins over EDITOR; the edited object printed as YAML (uid, resourceVersion and times normalised)',
  },
  { args: ['edit', 'configmap/settings', ...n], env: { EDITOR: sed('s/k:.v$/&alue/') }, setup: fresh(settings), mutating: true },
  { args: ['edit', 'cm', 'settings', ...n], env: { EDITOR: 'true' }, setup: fresh(settings), mutating: true, note: 'nothing changed: the GET only' },
  { args: ['edit', 'cm/absent', ...n], env: { EDITOR: 'true' }, exitCode: 1, note: 'NotFound' },
  { args: ['edit', 'cm/settings', '-o', 'name', ...n], env: { EDITOR: 'true' }, exitCode: 1, note: '-o takes json or yaml only (checked after the GET)' },
  // several objects: one buffer holding a v1 List, then a PATCH for each item that changed
  {
    args: ['edit', 'cm/settings', 'cm/second', ...n],
    env: { EDITOR: sed('s/k:.v2$/&0/') },
    setup: both,
    mutating: true,
    note: 'only the second changed: "skipped", then its PATCH and "edited"',
  },
  { args: ['edit', 'cm', 'settings', 'second', ...n], env: { EDITOR: sed('s/v$/w/;s/v2$/w2/') }, setup: both, mutating: true, note: 'both changed' },
  {
    args: ['edit', '-f', 'pair.yaml', '-o', 'json', ...n],
    env: { EDITOR: sed('s/v2/v3/') },
    setup: both,
    mutating: true,
    normalise: freshIdentityJson,
  },
  {
    args: ['edit', '-f', 'one.yaml', ...n],
    env: { EDITOR: sed('s/x$/z/') },
    setup: both,
    mutating: true,
    note: 'one object from a file: the object itself, no List',
  },
  { args: ['edit', 'cm/settings', 'cm/second', ...n], env: { EDITOR: 'true' }, setup: both, mutating: true, note: 'nothing changed' },
  { args: ['edit', '-f', 'one.yaml', 'cm/second'], env: { EDITOR: 'true' }, exitCode: 1, sendsNothing: true, note: 'a file and a name' },
  {
    args: ['edit', '-f', 'one.yaml'],
    env: { EDITOR: sed('s/x$/z/') },
    setup: both,
    mutating: true,
    exitCode: 1,
    normalise: (s) => s.replace(/stored to "[^"]*"/, 'stored to "<file>"'),
    note: "the file's namespace is not the context's: kubectl edits, then refuses the change and keeps a copy",
  },
];
