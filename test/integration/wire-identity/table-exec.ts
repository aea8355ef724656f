// Wire-identity rows for `exec` and `attach`: the pod GET, then the WebSocket upgrade (v5.channel.k8s.io) with
// the same query, the command's output and exit code, and kubectl's SPDY fallback POST when the upgrade is
// refused. The snippet's python3-websocket client makes the same upgrade and exits as kubectl does.
import { eventually } from '../sandbox-helpers.js';
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const EXEC_NS = 'wire-exec';

const sleeper = (name: string) => ({ name, image: 'busybox:1.36', command: ['sleep', '3600'] });
const pod = (name: string, containers: object[], annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: EXEC_NS, ...(annotations ? { annotations } : {}) },
  spec: { containers, terminationGracePeriodSeconds: 0 },
});

const shell = pod('shell', [sleeper('main')]);
const duo = pod('duo', [sleeper('first'), sleeper('second')]);
const annotated = pod('annotated', [sleeper('first'), sleeper('second')], { 'kubectl.kubernetes.io/default-container': 'second' });
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'runner', namespace: EXEC_NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'runner' } },
    template: { metadata: { labels: { app: 'runner' } }, spec: { terminationGracePeriodSeconds: 0, containers: [sleeper('run')] } },
  },
};
// attach: the container's main process reads a line from the attached stdin, answers and ends.
const reader: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'reader', namespace: EXEC_NS },
  spec: {
    restartPolicy: 'Never',
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'main', image: 'busybox:1.36', stdin: true, stdinOnce: true, command: ['sh', '-c', 'read line; echo got $line; echo bye >&2'] }],
  },
};

async function running(ops: SandboxOps, name: string): Promise<void> {
  await eventually(
    async () => ((await ops.request('GET', `/api/v1/namespaces/${EXEC_NS}/pods/${name}`)).json().status?.phase === 'Running' ? true : undefined),
    `${name} to run`,
  );
}

export async function seedExec(ops: SandboxOps): Promise<void> {
  await ops.create(shell, duo, annotated, deployment);
  for (const name of ['shell', 'duo', 'annotated']) await running(ops, name);
  await eventually(async () => {
    const pods = (await ops.request('GET', `/api/v1/namespaces/${EXEC_NS}/pods?labelSelector=app%3Drunner`)).json().items;
    return pods.length === 1 && pods[0].status?.phase === 'Running' ? true : undefined;
  }, 'the deployment pod to run');
  await ops.settle();
}

/** The attach row's pod, re-created and running before each client: its process ends after one line. */
async function freshReader(ops: SandboxOps): Promise<void> {
  await ops.recreate(reader);
  await running(ops, 'reader');
}

const n = ['-n', EXEC_NS];

/**
 * kubectl at times logs its own race on closing the WebSocket (klog `"Unhandled Error" err="websocket: close
 * sent"`) after the session has ended: a log line of kubectl's, not its output, so it is left out.
 */
export const kubectlCloseRace = (text: string) => text.replace(/^E\d{4} [^\n]*"websocket: close sent"\n/gm, '');

const rows = (list: WireRow[]): WireRow[] => list.map((row) => ({ normalise: kubectlCloseRace, ...row }));

export const EXEC_ROWS: WireRow[] = rows([
  { args: ['exec', 'shell', ...n, '--', 'echo', 'hello world'] },
  { args: ['exec', '-i', 'shell', ...n, '--', 'sh', '-c', 'cat; echo to stderr >&2'], stdin: 'line one\nline two\n' },
  {
    args: ['exec', 'shell', ...n, '--', 'sh', '-c', 'echo partial; exit 3'],
    exitCode: 3,
    snippetExitCode: 3,
    note: 'the command exits 3: so do kubectl, kcurl and the snippet',
  },
  { args: ['exec', 'duo', '-c', 'second', ...n, '--', 'echo', 'from second'] },
  { args: ['exec', 'duo', ...n, '--', 'echo', 'from the default'], note: 'several containers and no -c: kubectl picks the first and says so on stderr' },
  { args: ['exec', 'annotated', ...n, '--', 'echo', 'annotated'], note: 'the kubectl.kubernetes.io/default-container annotation picks the container' },
  {
    args: ['exec', 'deploy/runner', ...n, '--', 'echo', 'from the deployment'],
    protobuf: true,
    note: "kubectl lists the deployment's pods with protobuf and execs in the most active one",
  },
  {
    args: ['exec', 'missing', ...n, '--', 'true'],
    exitCode: 1,
    note: 'a missing pod: the pod GET answers 404, then kubectl reads the namespace; the snippet shows those two reads',
  },
  {
    args: ['exec', 'shell', '-c', 'nothere', ...n, '--', 'true'],
    exitCode: 1,
    snippetExitCode: 1,
    snippetCommonPrefix: true,
    note: "a missing container: the upgrade answers 400, kubectl and kcurl send the SPDY fallback POST and report its Status; the snippet's client reports the 400",
  },
]);

export const ATTACH_ROWS: WireRow[] = rows([
  {
    args: ['attach', '-i', 'reader', ...n],
    stdin: 'hello\n',
    setup: freshReader,
    mutating: true,
    note: 'a container whose process reads one line of the attached stdin, answers and ends (re-created for each client)',
  },
]);
