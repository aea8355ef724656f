// Wire-identity rows for `patch`: the GET, then the PATCH with the patch re-encoded as JSON (strategic,
// merge and JSON patch), each row from a ConfigMap or Deployment re-created in a known state.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const PATCH_NS = 'wire-patch';

const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: PATCH_NS }, data: { a: '1', b: '2' } });
const deployment = (name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: PATCH_NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.26' },
          { name: 'side', image: 'busybox' },
        ],
      },
    },
  },
});
const state =
  (...objects: KubeObject[]) =>
  (ops: SandboxOps) =>
    ops.recreate(...objects);
const n = ['-n', PATCH_NS];

/** Manifests for -f: kubectl patches the object the file names without reading it first. */
export const PATCH_FILES: Record<string, string> = {
  'p.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\ndata:\n  a: "1"\n`,
};
const volatile = (s: string) => s.replace(/("?(uid|resourceVersion|creationTimestamp|time)"?): .*/g, '$1: <volatile>');

export const PATCH_ROWS: WireRow[] = [
  { args: ['patch', 'configmap', 'p', '-p', '{"data":{"c":"3"}}', ...n], setup: state(cm('p')), mutating: true, note: 'strategic (the default)' },
  { args: ['patch', 'cm/p', '--type=merge', '-p', 'data: {a: null, c: "3"}', ...n], setup: state(cm('p')), mutating: true, note: 'a YAML patch, sent as JSON' },
  { args: ['patch', 'cm', 'p', '--type=json', '-p', '[{"op":"remove","path":"/data/b"}]', ...n], setup: state(cm('p')), mutating: true },
  { args: ['patch', 'cm', 'p', '-p', '{"data":{"a":"1"}}', ...n], setup: state(cm('p')), mutating: true, note: 'no change: "patched (no change)"' },
  {
    args: ['patch', 'deployment', 'd', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}', ...n],
    setup: state(deployment('d')),
    mutating: true,
    note: 'a container merged by name',
  },
  { args: ['patch', 'cm', 'p', '-p', '{"data":{"c":"3"}}', '--dry-run=server', ...n], setup: state(cm('p')), mutating: true },
  { args: ['patch', 'cm', 'p', '--type=merge', '-p', '{"data":{"c":"3"}}', '-o', 'yaml', ...n], setup: state(cm('p')), mutating: true, normalise: volatile },
  {
    args: ['patch', 'cm', 'p', '--type=json', '-p', '[{"op":"replace","path":"/data/zz","value":"x"}]', ...n],
    setup: state(cm('p')),
    mutating: true,
    note: 'the server, with json-patch v4 too, sets a missing key on replace',
  },
  {
    args: ['patch', 'cm', 'p', '--type=json', '-p', '[{"op":"remove","path":"/data/zz"}]', ...n],
    setup: state(cm('p')),
    mutating: true,
    exitCode: 1,
    note: "the server refuses the JSON patch: 422 Invalid, without json-patch's own text",
  },
  {
    args: ['patch', 'cm', 'p', '--type=json', '-p', '[{"op":"test","path":"/data/a","value":"2"}]', ...n],
    setup: state(cm('p')),
    mutating: true,
    exitCode: 1,
    note: 'a failing test operation: 422 Invalid',
  },
  {
    args: ['patch', 'cm', 'p', '--type=json', '-p', '[1]', ...n],
    setup: state(cm('p')),
    mutating: true,
    exitCode: 1,
    note: 'an operation that is not an object: 400 BadRequest "error decoding patch: ..."',
  },
  {
    args: ['patch', 'cm', 'p', '--type=json', '-p', '[{"op":"replace","path":"/data/zz","value":"x"}]', '--dry-run=client', '-o', 'yaml', ...n],
    setup: state(cm('p')),
    mutating: true,
    normalise: volatile,
    note: 'client-side: json-patch v4 sets a missing key on replace',
  },
  {
    args: ['patch', 'cm', 'p', '--type=json', '-p', '[{"op":"remove","path":"/data/zz"}]', '--dry-run=client', ...n],
    setup: state(cm('p')),
    mutating: true,
    exitCode: 1,
    note: "client-side: json-patch v4's own error",
  },
  { args: ['patch', 'cm', 'missing', '-p', '{"data":{"c":"3"}}', ...n], exitCode: 1, note: 'the object does not exist' },
  { args: ['patch', '-f', 'p.yaml', '-p', '{"data":{"c":"3"}}', ...n], setup: state(cm('p')), mutating: true, note: 'no GET; -n fills in the namespace' },
  { args: ['patch', '-f', 'p.yaml', '--type=merge', '-p', '{"data":{"c":"3"}}', '-o', 'name', ...n], setup: state(cm('p')), mutating: true },
];
