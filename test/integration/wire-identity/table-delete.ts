// Wire-identity rows for `delete`: each row re-creates the objects it deletes before every run.
import type { KubeObject, WireRow } from './harness.js';

export const DELETE_NS = 'wire-delete';

const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: DELETE_NS }, data: { k: 'v' } });
const deploy: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'doomed', namespace: DELETE_NS },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: 'doomed' } },
    template: { metadata: { labels: { app: 'doomed' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
  },
};

export const DELETE_FILES: Record<string, string> = {
  'doomed.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n  namespace: wire-delete\n',
};

const n = ['-n', DELETE_NS];

export const DELETE_ROWS: WireRow[] = [
  { args: ['delete', 'configmap', 'plain', ...n], setup: (ops) => ops.recreate(cm('plain')), mutating: true },
  { args: ['delete', '-f', 'doomed.yaml'], setup: (ops) => ops.recreate(cm('from-file')), mutating: true },
  { args: ['delete', 'cm', 'graceful', '--grace-period=3', ...n], setup: (ops) => ops.recreate(cm('graceful')), mutating: true },
  { args: ['delete', 'cm', 'fg', '--cascade=foreground', ...n], setup: (ops) => ops.recreate(cm('fg')), mutating: true },
  { args: ['delete', 'deployment', 'doomed', '--cascade=orphan', ...n], setup: (ops) => ops.recreate(deploy), mutating: true },
  { args: ['delete', 'cm', 'nowait', '--wait=false', ...n], setup: (ops) => ops.recreate(cm('nowait')), mutating: true },
  { args: ['delete', 'cm', 'absent', ...n], setup: (ops) => ops.remove(cm('absent')), exitCode: 1, note: 'NotFound' },
];
