// Wire-identity rows for `get --watch`: list, then watch from the list's resourceVersion; a ConfigMap is
// created while each client's watch is open, and --request-timeout ends the watch.
// The snippet watches from the resourceVersion its own list step answered, and curl --max-time ends it
// at --request-timeout as kubectl's client timeout ends kubectl's watch.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const WATCH_NS = 'wire-watch';

const cm = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: WATCH_NS, labels: { app: 'watched' } },
  data: { k: 'v' },
});

export async function seedWatch(ops: SandboxOps): Promise<void> {
  await ops.create(cm('already-there'));
}

const arrival = {
  setup: (ops: SandboxOps) => ops.remove(cm('arrives')),
  during: { when: /[?&]watch=(true|1)(&|$)/, run: (ops: SandboxOps) => ops.create(cm('arrives')) },
  // No `until`: the snippet's curl --max-time must end it (get-watch.test.ts checks that it ended by itself).
  snippetStream: { limitMs: 8000 },
  mutating: true,
} as const;

/** The ConfigMap that arrives is created afresh for each client: its identity and times differ by run. */
const freshIdentity = (s: string) => s.replace(/"(resourceVersion|uid)":\s*"[^"]*"/g, '"$1":"<$1>"').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>');

const n = ['-n', WATCH_NS];

export const WATCH_ROWS: WireRow[] = [
  { args: ['get', 'configmaps', '-w', '--request-timeout=2s', ...n], ...arrival },
  { args: ['get', 'cm', '-l', 'app=watched', '--watch', '-o', 'name', '--request-timeout=2s', ...n], ...arrival },
  {
    args: ['get', 'cm', '--watch-only', '-o', 'json', '--output-watch-events', '--request-timeout=2s', ...n],
    ...arrival,
    normalise: freshIdentity,
    note: 'uid, resourceVersion and times of the new object normalised',
  },
];
