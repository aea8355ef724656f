// Wire-identity rows for `logs`: pods running simulated busybox shells, seeded once and waited for
// (their log is complete before the first row), except the follow row, which re-creates its pod each run.
import { eventually } from '../sandbox-helpers.js';
import type { KubeObject, SandboxOps, WireRow } from './harness.js';

export const LOGS_NS = 'wire-logs';

const busybox = (name: string, script: string) => ({ name, image: 'busybox:1.36', command: ['sh', '-c', script] });
const pod = (name: string, containers: object[], extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: LOGS_NS, labels: { app: name } },
  spec: { containers, terminationGracePeriodSeconds: 0, ...extra },
});

const talker = pod('talker', [busybox('main', 'for i in 1 2 3 4 5; do echo "line $i"; done; sleep 3600')]);
const duo = pod('duo', [busybox('first', 'echo from first; sleep 3600'), busybox('second', 'echo from second; sleep 3600')], {});
const crasher = pod('crasher', [busybox('main', 'echo attempt; exit 1')], { restartPolicy: 'Always' });
const finisher = pod('finisher', [busybox('main', 'echo start; sleep 1; echo middle; sleep 1; echo end')], { restartPolicy: 'Never' });
const job: KubeObject = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'once', namespace: LOGS_NS },
  spec: { template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [busybox('work', 'echo job done')] } } },
};
const statefulSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'store', namespace: LOGS_NS },
  spec: {
    replicas: 1,
    serviceName: 'store',
    selector: { matchLabels: { app: 'store' } },
    template: {
      metadata: { labels: { app: 'store' } },
      spec: { terminationGracePeriodSeconds: 0, containers: [busybox('store', 'echo store ready; sleep 3600')] },
    },
  },
};
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'echoer', namespace: LOGS_NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'echoer' } },
    template: {
      metadata: { labels: { app: 'echoer' } },
      spec: { containers: [busybox('echo', 'echo hello from the deployment; sleep 3600')], terminationGracePeriodSeconds: 0 },
    },
  },
};

async function podStatus(ops: SandboxOps, name: string): Promise<any> {
  return (await ops.request('GET', `/api/v1/namespaces/${LOGS_NS}/pods/${name}`)).json().status ?? {};
}

async function logOf(ops: SandboxOps, name: string, query = ''): Promise<string> {
  return (await ops.request('GET', `/api/v1/namespaces/${LOGS_NS}/pods/${name}/log${query}`, undefined, { allow: [400, 404] })).text;
}

export async function seedLogs(ops: SandboxOps): Promise<void> {
  await ops.create(talker, duo, crasher, deployment, job, statefulSet);
  await eventually(async () => ((await logOf(ops, 'talker')).includes('line 5') ? true : undefined), 'talker to log five lines');
  await eventually(async () => ((await logOf(ops, 'duo', '?container=second')).includes('from second') ? true : undefined), 'duo to log');
  await eventually(async () => ((await podStatus(ops, 'crasher')).containerStatuses?.[0]?.restartCount >= 1 ? true : undefined), 'crasher to restart once');
  await eventually(async () => {
    const pods = (await ops.request('GET', `/api/v1/namespaces/${LOGS_NS}/pods?labelSelector=app%3Dechoer`)).json().items;
    return pods.length === 1 && (await logOf(ops, pods[0].metadata.name)).includes('hello') ? true : undefined;
  }, 'the deployment pod to log');
  await eventually(async () => {
    const pods = (await ops.request('GET', `/api/v1/namespaces/${LOGS_NS}/pods?labelSelector=job-name%3Donce`)).json().items;
    return pods.length === 1 && (await logOf(ops, pods[0].metadata.name)).includes('job done') ? true : undefined;
  }, 'the job pod to log');
  await eventually(async () => ((await logOf(ops, 'store-0')).includes('store ready') ? true : undefined), 'the statefulset pod to log');
}

/** The follow row's pod, re-created and running (but not finished) before each run. */
async function freshFinisher(ops: SandboxOps): Promise<void> {
  await ops.recreate(finisher);
  await eventually(async () => ((await podStatus(ops, 'finisher')).phase === 'Running' ? true : undefined), 'finisher to run');
}

const n = ['-n', LOGS_NS];

export const LOGS_ROWS: WireRow[] = [
  { args: ['logs', 'talker', ...n] },
  { args: ['logs', 'talker', '-c', 'main', '--tail=2', ...n] },
  { args: ['logs', 'talker', '--since=1h', ...n] },
  { args: ['logs', 'talker', '--since-time=2000-01-01T00:00:00Z', ...n] },
  { args: ['logs', 'talker', '--timestamps', ...n] },
  { args: ['logs', 'talker', '--limit-bytes=9', ...n] },
  { args: ['logs', 'duo', '-c', 'second', ...n] },
  // kubectl ranges over a Go map of per-container requests: its order varies from run to run.
  { args: ['logs', 'duo', '--all-containers', ...n], unorderedRequests: true, note: "kubectl's container order varies (a Go map)" },
  { args: ['logs', 'duo', '--all-containers', '--prefix', ...n], unorderedRequests: true, note: "kubectl's container order varies (a Go map)" },
  { args: ['logs', 'crasher', '--previous', ...n], note: 'a restarting container' },
  // kubectl lists the deployment's pods with protobuf (kcurl with JSON).
  { args: ['logs', 'deploy/echoer', ...n], protobuf: true, note: "kubectl lists the deployment's pods with protobuf" },
  { args: ['logs', 'sts/store', ...n], protobuf: true, note: "kubectl lists the statefulset's pods with protobuf" },
  { args: ['logs', 'job/once', ...n], protobuf: true, note: "kubectl lists the job's pods with protobuf" },
  { args: ['logs', '-f', 'finisher', ...n], setup: freshFinisher, mutating: true, note: 'follows a running container until it exits' },
  { args: ['logs', 'duo', ...n], note: 'several containers and no -c: kubectl picks the first and says so on stderr' },
];
