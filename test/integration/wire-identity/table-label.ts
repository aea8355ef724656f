// Wire-identity rows for `label` and `annotate`: the GET, then the JSON merge PATCH computed from its answer,
// each row from a ConfigMap re-created with known labels and annotations.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const LABEL_NS = 'wire-label';

const labelled = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: LABEL_NS, labels: { app: 'web', tier: 'front' }, annotations: { note: 'old' } },
  data: { a: '1' },
});
const state = (name: string) => (ops: SandboxOps) => ops.recreate(labelled(name));
const n = ['-n', LABEL_NS];

/** Manifests for -f: the ConfigMap "lab" (its identity only; kubectl reads it again), and two in a directory. */
export const LABEL_FILES: Record<string, string> = {
  'lab.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lab\n  namespace: ${LABEL_NS}\n`,
  'both/lab.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lab\n  namespace: ${LABEL_NS}\n`,
  'both/lab2.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lab2' } }),
};
const volatile = (s: string) => s.replace(/("?(uid|resourceVersion|creationTimestamp|time)"?): .*/g, '$1: <volatile>');

export const LABEL_ROWS: WireRow[] = [
  { args: ['label', 'configmap', 'lab', 'env=prod', ...n], setup: state('lab'), mutating: true },
  { args: ['label', 'cm/lab', 'app=api', '--overwrite', 'tier-', ...n], setup: state('lab'), mutating: true, note: 'overwrite one label, remove another' },
  { args: ['label', 'cm', 'lab', 'tier-', ...n], setup: state('lab'), mutating: true, note: 'removing a label: "unlabeled"' },
  {
    args: ['label', 'cm', 'lab', 'app=web', 'gone-', ...n],
    setup: state('lab'),
    mutating: true,
    note: 'no change: an empty patch, "not labeled" and a warning',
  },
  {
    args: ['label', 'cm', 'lab', 'app=api', ...n],
    setup: state('lab'),
    mutating: true,
    exitCode: 1,
    note: 'a different value without --overwrite: the GET only',
  },
  { args: ['label', 'cm', 'lab', 'env=prod', '--dry-run=server', ...n], setup: state('lab'), mutating: true },
  { args: ['label', 'cm', 'lab', 'env=prod', '--dry-run=client', '-o', 'yaml', ...n], setup: state('lab'), mutating: true, normalise: volatile },
  { args: ['label', 'cm', 'lab', 'env=prod', '-o', 'json', ...n], setup: state('lab'), mutating: true, normalise: volatile },
  { args: ['label', 'cm', 'missing', 'env=prod', ...n], exitCode: 1, note: 'the object does not exist' },
  { args: ['annotate', 'cm', 'lab', 'owner=team-a', ...n], setup: state('lab'), mutating: true },
  { args: ['annotate', 'cm', 'lab', 'note=new', '--overwrite', ...n], setup: state('lab'), mutating: true },
  { args: ['annotate', 'cm', 'lab', 'note-', '-o', 'name', ...n], setup: state('lab'), mutating: true },
  { args: ['annotate', 'cm', 'lab', 'note=new', ...n], setup: state('lab'), mutating: true, exitCode: 1, note: 'a different value without --overwrite' },
  // -f: the objects the files name, each read again by name (the builder's Latest()), then patched
  { args: ['label', '-f', 'lab.yaml', 'env=prod'], setup: state('lab'), mutating: true },
  {
    args: ['annotate', '-f', 'both', 'note=new', '--overwrite', '-o', 'name', ...n],
    setup: async (ops) => ops.recreate(labelled('lab'), labelled('lab2')),
    mutating: true,
    note: 'a directory; -n fills in the namespace lab2.json leaves out',
  },
  { args: ['label', '-f', 'lab.yaml', 'cm/lab', 'env=prod'], exitCode: 1, sendsNothing: true, note: 'a file and a name' },
  {
    args: ['label', '-f', 'lab.yaml', '-n', 'default', 'env=prod'],
    setup: state('lab'),
    mutating: true,
    exitCode: 1,
    note: "the file's namespace differs from -n: read, then kubectl's error",
  },
];
