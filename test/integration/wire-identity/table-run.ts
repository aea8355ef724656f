// Wire-identity rows for kubectl run: the Pod POST (JSON, fieldManager=kubectl-run), with --expose the Service POST
// after it, the result lines (Service first), the objects --dry-run=client prints, and kubectl's refusals.
import type { KubeObject, SandboxOps, WireRow } from './harness.js';
import { kubectlCloseRace } from './table-exec.js';

export const RUN_NS = 'wire-run';

const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: RUN_NS } });
const svc = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: RUN_NS } });
const fresh =
  (...objects: KubeObject[]) =>
  (ops: SandboxOps) =>
    ops.remove(...objects);
const n = ['-n', RUN_NS];
// A Service's allocated ClusterIP differs from one creation to the next.
// The service range is 10.96.0.0/12.
const clusterIps = (s: string) => s.replace(/\b10\.(9[6-9]|10\d|11[01])\.\d+\.\d+\b/g, '<cluster-ip>');

export const RUN_ROWS: WireRow[] = [
  { args: ['run', 'web', '--image=nginx:1.27', ...n], setup: fresh(pod('web')), mutating: true },
  {
    args: ['run', 'cmd', '--image=busybox', '--restart=Never', '--env=MODE=fast', '--labels=app=cmd,tier=job', '--command', ...n, '--', 'sh', '-c', 'echo hi'],
    setup: fresh(pod('cmd')),
    mutating: true,
  },
  {
    args: ['run', 'front', '--image=nginx', '--port=80', '--expose', ...n],
    setup: fresh(pod('front'), svc('front')),
    mutating: true,
    normalise: clusterIps,
    note: 'the Service after the Pod; allocated ClusterIPs compared by shape',
  },
  {
    args: ['run', 'saved', '--image=nginx', '--port=80', '--expose', '--save-config', ...n],
    setup: fresh(pod('saved'), svc('saved')),
    mutating: true,
    normalise: clusterIps,
    note: 'the last-applied annotation on both objects',
  },
  {
    args: ['run', 'front', '--image=nginx', '--port=80', '--expose', '--dry-run=server', '-o', 'name', ...n],
    setup: fresh(pod('front'), svc('front')),
    mutating: true,
    normalise: clusterIps,
  },
  {
    args: ['run', 'half', '--image=nginx', '--port=80', '--expose', ...n],
    setup: async (ops) => {
      await ops.remove(pod('half'), svc('half'));
      await ops.create({ ...svc('half'), spec: { clusterIP: 'None', selector: { app: 'other' }, ports: [{ port: 80 }] } });
    },
    mutating: true,
    exitCode: 1,
    note: 'the Service exists: the Pod is created and printed, then the error',
  },
  {
    args: ['run', 'taken', '--image=nginx', ...n],
    setup: async (ops) => {
      await ops.remove(pod('taken'));
      await ops.create({ ...pod('taken'), spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    },
    mutating: true,
    exitCode: 1,
    note: 'the Pod exists',
  },
];

// The printing flags go before a `--` (what follows it is the container's command).
const client = (...args: string[]): WireRow[] =>
  ['yaml', 'json'].map((o) => {
    const dash = args.includes('--') ? args.indexOf('--') : args.length;
    return { args: ['run', ...args.slice(0, dash), '--dry-run=client', '-o', o, ...args.slice(dash)], sendsNothing: true };
  });
const refused = (note: string, ...args: string[]): WireRow => ({ args: ['run', ...args], sendsNothing: true, exitCode: 1, note });

export const RUN_DRY_RUN_ROWS: WireRow[] = [
  ...client('web', '--image=nginx:1.27'),
  ...client('web', '--image=nginx', '--port=8080', '--env=A=1', '--env=B=two words', '--labels=app=web,tier=front', '--restart=OnFailure', ...n),
  ...client('bb', '--image=busybox', '--annotations=b=2', '--annotations=a=1', '--image-pull-policy=IfNotPresent', '--privileged', '--', 'sleep', '3600'),
  ...client('bb', '--image=busybox', '--command', '--', 'sh', '-c', 'echo $HOME'),
  ...client('front', '--image=nginx', '--port=80', '--expose', ...n),
  ...client('front', '--image=nginx', '--port=80', '--expose', '--labels=app=front'),
  { args: ['run', 'front', '--image=nginx', '--port=80', '--expose', '--dry-run=client'], sendsNothing: true },
  { args: ['run', 'front', '--image=nginx', '--port=80', '--expose', '--dry-run=client', '-o', 'name'], sendsNothing: true },
  refused('no NAME', '--image=nginx'),
  refused('no --image', 'web'),
  refused('an image that is no reference', 'web', '--image=NGINX:'),
  refused('--expose without --port', 'web', '--image=nginx', '--expose'),
  refused('an unknown restart policy', 'web', '--image=nginx', '--restart=Sometimes'),
  refused('-t without -i', 'web', '--image=nginx', '-t'),
  refused('--rm without attaching', 'web', '--image=nginx', '--rm'),
  refused('an env without =', 'web', '--image=nginx', '--env=A', '--dry-run=client'),
  refused('attaching to a dry run', 'web', '--image=nginx', '-i', '--dry-run=client'),
  refused('a port that is no number', 'web', '--image=nginx', '--port=http', '--dry-run=client'),
];

// --overrides: the generated Pod patched (a JSON merge patch by default, --override-type=json an RFC 6902 patch), then
// as kubectl's typed Pod writes it (fields in Go's order, unknown top-level ones gone, maps sorted, a container's
// resources: {}).
const merge = JSON.stringify({
  metadata: { labels: { run: null, app: 'ov' }, annotations: { note: 'x' } },
  // Fields in no particular order: kubectl writes them in its types' order.
  spec: { containers: [{ stdin: true, image: 'busybox:1.36', name: 'ov' }], serviceAccountName: 'default', nodeSelector: { zone: 'b', disk: 'ssd' } },
  unknown: 1,
});
const addSidecar = JSON.stringify([
  { op: 'add', path: '/spec/containers/-', value: { name: 'side', image: 'busybox:1.36', env: [{ name: 'A', value: '1' }] } },
  { op: 'replace', path: '/spec/dnsPolicy', value: 'Default' },
]);
const strategic = JSON.stringify({
  spec: {
    containers: [
      {
        name: 'ov',
        image: 'busybox:1.36',
        env: [
          { name: 'B', value: '2' },
          { name: 'A', $patch: 'delete' },
        ],
      },
      { name: 'side', image: 'busybox:1.36' },
    ],
  },
});
// $setElementOrder, $deleteFromPrimitiveList, finalizers merged as a set, and a $patch map added whole (which
// strategicpatch drops). The deleted and the added finalizers differ: Go applies the two in random order.
const directives = JSON.stringify({
  metadata: { finalizers: ['b', 'c'], '$deleteFromPrimitiveList/finalizers': ['a'] },
  spec: {
    '$setElementOrder/containers': [{ name: 'side' }, { name: 'ov' }],
    containers: [{ name: 'side', image: 'busybox:1.36' }],
    securityContext: { $patch: 'replace', runAsUser: 1 },
  },
});
export const RUN_OVERRIDES_ROWS: WireRow[] = [
  ...client('ov', '--image=nginx', '--env=A=1', '--env=C=3', '--override-type=strategic', `--overrides=${strategic}`),
  ...client('ov', '--image=nginx', '--override-type=strategic', `--overrides=${directives}`),
  ...client('ov', '--image=nginx', `--overrides=${merge}`),
  ...client('ov', '--image=nginx', '--override-type=json', `--overrides=${addSidecar}`),
  ...client('ov', '--image=nginx', '--overrides={"spec":{"containers":null}}', ...n),
  {
    args: ['run', 'ov', '--image=nginx', `--overrides=${merge}`, ...n],
    setup: fresh(pod('ov')),
    mutating: true,
    note: 'the patched Pod is what is POSTed',
  },
  refused('an override that is no JSON', 'ov', '--image=nginx', '--overrides={bad', '--dry-run=client'),
  refused('an override that is a JSON array', 'ov', '--image=nginx', '--overrides=[1]', '--dry-run=client'),
  refused('an unknown --override-type', 'ov', '--image=nginx', '--override-type=yaml', '--overrides={}', '--dry-run=client'),
  refused(
    'a strategic patch item without its merge key',
    'ov',
    '--image=nginx',
    '--override-type=strategic',
    '--overrides={"spec":{"containers":[{"image":"busybox"}]}}',
    '--dry-run=client',
  ),
  refused(
    'a JSON patch removing what is not there',
    'ov',
    '--image=nginx',
    '--override-type=json',
    '--overrides=[{"op":"remove","path":"/spec/nothere"}]',
    '--dry-run=client',
  ),
  refused('a JSON patch that is an object', 'ov', '--image=nginx', '--override-type=json', '--overrides={"op":"add"}', '--dry-run=client'),
];

// run -i / --attach: the Pod POST, the informer's LIST and WATCH of it until it runs and is ready (kubectl's typed
// client asks for protobuf), the WebSocket attach, with --restart=Never|OnFailure the LIST and WATCH again until
// it ends (its exit code is kubectl's), and with --rm the GET and DELETE. The container reads one line of stdin
// first, so the attach always finds it running. kcurl shows the whole plan first; the snippet stops in the first
// watch (it does not end by itself): its requests up to there are compared.
const attached = (name: string, note: string, ...args: string[]): WireRow => {
  const dash = args.indexOf('--');
  return {
    args: ['run', name, ...args.slice(0, dash), '--image=busybox:1.36', ...n, ...args.slice(dash)],
    stdin: 'hello\n',
    setup: fresh(pod(name)),
    mutating: true,
    protobuf: true,
    normalise: kubectlCloseRace,
    snippetStream: { limitMs: 2500 },
    snippetCommonPrefix: true,
    snippetRequestsOnly: true,
    note,
  };
};

export const RUN_ATTACH_ROWS: WireRow[] = [
  attached('att-rm', 'waits for the pod to end, then deletes it', '-i', '--rm', '--restart=Never', '--', 'sh', '-c', 'read l; echo got $l'),
  {
    ...attached(
      'att-exit',
      'the container exits 3: so does kubectl, after deleting the pod',
      '-i',
      '--rm',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'read l; echo $l; exit 3',
    ),
    exitCode: 3,
  },
  attached('att-keep', 'no --rm: the pod stays; stderr of the container on stderr', '-i', '--restart=Never', '--', 'sh', '-c', 'read l; echo got $l >&2'),
  attached(
    'att-tty',
    '-t without a terminal: kubectl says so and attaches without one',
    '-i',
    '-t',
    '--rm',
    '--restart=Never',
    '--',
    'sh',
    '-c',
    'read l; echo got $l',
  ),
  attached('att-always', '--restart=Always: no wait for the end, the pod deleted at once', '-i', '--rm', '--', 'sh', '-c', 'read l; echo got $l'),
  {
    ...attached(
      'att-svc',
      '--expose: the Service printed, not the Pod; --rm deletes both; exit 2',
      '-i',
      '--rm',
      '--restart=Never',
      '--port=80',
      '--expose',
      '--',
      'sh',
      '-c',
      'read l; echo $l; exit 2',
    ),
    setup: fresh(pod('att-svc'), svc('att-svc')),
    exitCode: 2,
  },
  attached('att-quiet', '-q: no prompt', '-i', '-q', '--rm', '--restart=OnFailure', '--', 'sh', '-c', 'read l; echo got $l'),
];
