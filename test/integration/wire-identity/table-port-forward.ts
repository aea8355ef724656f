// Wire-identity rows for `port-forward`: the GETs that resolve the pod (the builder's, a deployment's or service's
// pods, the pod GET that checks it is Running), then the WebSocket upgrade of …/portforward (SPDY/3.1 inside). Each
// client forwards a random local port; once it prints its Forwarding lines, nginx's page is fetched through the
// port with curl, then the client is stopped with SIGINT. kubectl, kcurl and the snippet's python3-websocket client
// print the same lines; a port nothing listens on ends each of them with kubectl's error.
import { CLEAN_PATH, runProcess } from '../../helpers/spawn.js';
import { eventually } from '../sandbox-helpers.js';
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const PORT_FORWARD_NS = 'wire-pf';

const nginx = [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }];
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'site', namespace: PORT_FORWARD_NS, labels: { app: 'site' } },
  spec: { containers: nginx, terminationGracePeriodSeconds: 0 },
};
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'front', namespace: PORT_FORWARD_NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'front' } },
    template: { metadata: { labels: { app: 'front' } }, spec: { terminationGracePeriodSeconds: 0, containers: nginx } },
  },
};
const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'front', namespace: PORT_FORWARD_NS },
  spec: { selector: { app: 'front' }, ports: [{ name: 'web', port: 8080, targetPort: 'http' }] },
};

// A user who may read pods and create (POST) pods/portforward but not get it: the WebSocket upgrade (a GET) is
// refused, and kubectl's fallback dialer makes the SPDY/3.1 upgrade POST, which the sandbox serves too.
const FORWARDER = 'system:serviceaccount:wire-pf:forwarder';
const spdyOnly: KubeObject[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'forwarder', namespace: PORT_FORWARD_NS } },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'spdy-forwarder', namespace: PORT_FORWARD_NS },
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'spdy-forwarder', namespace: PORT_FORWARD_NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'spdy-forwarder' },
    subjects: [{ kind: 'ServiceAccount', name: 'forwarder', namespace: PORT_FORWARD_NS }],
  },
];

export async function seedPortForward(ops: SandboxOps): Promise<void> {
  await ops.create(pod, deployment, service, ...spdyOnly);
  await eventually(async () => {
    const pods = (await ops.request('GET', `/api/v1/namespaces/${PORT_FORWARD_NS}/pods`)).json().items as { status?: { phase?: string } }[];
    return pods.length === 2 && pods.every((p) => p.status?.phase === 'Running') ? true : undefined;
  }, 'the port-forward pods to run');
  await ops.settle();
}

const FORWARDING = /Forwarding from 127\.0\.0\.1:(\d+) -> \d+\n/;

/** curl through the forwarded port: nginx's page for a forwarded port 80, a failure for any other. */
function fetchPage(expectPage: boolean) {
  return async (_ops: SandboxOps, stdout: () => string) => {
    const port = FORWARDING.exec(stdout())![1];
    const r = await runProcess('curl', ['-sS', '--max-time', '10', `http://127.0.0.1:${port}/`], { env: { PATH: CLEAN_PATH } });
    const gotPage = r.code === 0 && r.stdout.includes('<title>Welcome to nginx!</title>');
    if (gotPage !== expectPage) throw new Error(`curl through port ${port}: exit ${r.code}, ${JSON.stringify((r.stdout + r.stderr).slice(0, 200))}`);
    // Each client prints "Handling connection" as it accepts: wait for it, so that every output has it.
    if (expectPage) await eventually(async () => (/Handling connection for \d+\n/.test(stdout()) ? true : undefined), 'the Handling connection line');
  };
}

/**
 * The random local port, and klog's header of kubectl's error line (time and pid), differ from run to run. kubectl
 * and kcurl print "Handling connection" as they accept: compared once the fetch has been answered.
 */
const normalise = (text: string) =>
  text.replace(/(127\.0\.0\.1:|\[::1\]:|connection for |forwarding )\d+/g, '$1<port>').replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'E<time> <pid> ');

const n = ['-n', PORT_FORWARD_NS];

const rows = (list: WireRow[]): WireRow[] => list.map((row) => ({ normalise, protobuf: true, ...row }));

export const PORT_FORWARD_ROWS: WireRow[] = rows([
  {
    args: ['port-forward', 'pod/site', ':80', ...n],
    whileRunning: { ready: FORWARDING, run: fetchPage(true) },
    note: "nginx's page fetched through the forwarded port, then SIGINT",
  },
  {
    args: ['port-forward', 'deploy/front', ':80', ...n],
    whileRunning: { ready: FORWARDING, run: fetchPage(true) },
    note: "kubectl lists the deployment's pods with protobuf and forwards to the most active one",
  },
  {
    args: ['port-forward', 'svc/front', ':web', ...n],
    whileRunning: { ready: FORWARDING, run: fetchPage(true) },
    note: "the service's port named web is its targetPort http, the pod's port 80",
  },
  {
    args: ['port-forward', 'site', ':81', ...n],
    whileRunning: { ready: FORWARDING, run: fetchPage(false), endsByItself: true },
    exitCode: 1,
    snippetExitCode: 1,
    note: "nothing listens on 81: the error stream carries the kubelet's text, logged as kubectl logs it, then error: lost connection to pod",
  },
  {
    args: ['port-forward', 'pod/site', ':80', ...n, `--as=${FORWARDER}`],
    whileRunning: { ready: FORWARDING, run: fetchPage(true) },
    snippetExitCode: 1,
    snippetCommonPrefix: true,
    note: "a user who may create pods/portforward but not get it: the WebSocket upgrade answers 403, kubectl and kcurl make the SPDY/3.1 upgrade POST and forward over plain SPDY; the snippet's WebSocket-only client reports the 403",
  },
  {
    args: ['port-forward', 'missing', '8080:80', ...n],
    exitCode: 1,
    note: 'a missing pod: the pod GET answers 404, then kubectl reads the namespace',
  },
]);
