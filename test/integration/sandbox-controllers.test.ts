// kube-controller-manager's behaviour in the sandbox as real kubectl v1.32 sees it: Deployment rollouts,
// scaling, ServiceAccount tokens (TokenRequest and token Secrets), StatefulSet ordering, DaemonSets per node
// and cascading deletion. Pods are run by the sandbox's simulated kubelet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/sandbox/types.js';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ nodes: 2, kubeletTimings: { stepMs: 5, terminationMsPerGraceSecond: 2, terminationMaxMs: 100 } });
});
afterAll(async () => {
  await t?.close();
});

const ok = async (args: string[], stdin?: string) => {
  const r = await t.kubectl(args, { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
};
const list = (group: string, resource: string, ns = 'default') => t.sb.store.list({ group, resource }, ns);
const whoami = async (token: string) => {
  const r = await t.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    as: { token },
  });
  return { status: r.status, user: r.status === 201 ? r.json().status.userInfo : undefined };
};

describe('Deployments with kubectl', () => {
  it('kubectl create deployment, rollout status, scale and set image roll out through ReplicaSets', async () => {
    expect(await ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=3'])).toBe('deployment.apps/web created\n');
    const status = await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(status.trim().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
    const rs = list('apps', 'replicasets');
    expect(rs).toHaveLength(1);
    const hash = rs[0].metadata.labels?.['pod-template-hash'];
    expect(rs[0].metadata.name).toBe(`web-${hash}`);
    const pods = await ok(['get', 'pods', '-l', 'app=web', '-o', 'name']);
    expect(
      pods
        .trim()
        .split('\n')
        .every((n) => new RegExp(`^pod/web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`).test(n)),
    ).toBe(true);
    const table = await ok(['get', 'deploy', 'web']);
    expect(table).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+\S+\n$/);
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.kind=Deployment',
      '-o',
      'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}',
    ]);
    expect(events).toContain(`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`);

    expect(await ok(['scale', 'deployment', 'web', '--replicas=5'])).toBe('deployment.apps/web scaled\n');
    await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.status.availableReplicas}/{.status.updatedReplicas}'])).toBe('5/5');

    await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    const rolled = await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(rolled).toContain('Waiting for deployment "web" rollout to finish');
    expect(rolled.trim().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
    const after = list('apps', 'replicasets');
    expect(after.map((r) => [r.metadata.annotations?.['deployment.kubernetes.io/revision'], (r.spec as { replicas: number }).replicas]).sort()).toEqual([
      ['1', 0],
      ['2', 5],
    ]);
    const history = await ok(['rollout', 'history', 'deployment/web']);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

    // kubectl rollout undo copies revision 1's template back: its ReplicaSet becomes revision 3.
    expect(await ok(['rollout', 'undo', 'deployment/web'])).toBe('deployment.apps/web rolled back\n');
    await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    const undone = t.sb.store.get({ group: 'apps', resource: 'replicasets' }, 'default', `web-${hash}`) as KubeObject;
    expect(undone.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect((undone.spec as { replicas: number }).replicas).toBe(5);
    expect(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe('nginx');
  }, 120_000);

  it('kubectl delete --cascade=orphan keeps the ReplicaSet; --cascade=foreground removes everything first', async () => {
    await ok(['create', 'deployment', 'orph', '--image=nginx', '--replicas=1']);
    await ok(['rollout', 'status', 'deployment/orph', '--timeout=60s']);
    expect(await ok(['delete', 'deployment', 'orph', '--cascade=orphan'])).toBe('deployment.apps "orph" deleted\n');
    const kept = list('apps', 'replicasets').filter((r) => r.metadata.name.startsWith('orph-'));
    expect(kept).toHaveLength(1);
    expect(kept[0].metadata.ownerReferences).toBeUndefined();
    expect(list('', 'pods').filter((p) => p.metadata.name.startsWith('orph-'))).toHaveLength(1);

    await ok(['create', 'deployment', 'fg', '--image=nginx', '--replicas=2']);
    await ok(['rollout', 'status', 'deployment/fg', '--timeout=60s']);
    expect(await ok(['delete', 'deployment', 'fg', '--cascade=foreground'])).toBe('deployment.apps "fg" deleted\n');
    // kubectl waited for the deployment to disappear, which foreground deletion allows only after its dependents.
    expect(list('apps', 'replicasets').filter((r) => r.metadata.name.startsWith('fg-'))).toEqual([]);
    expect(list('', 'pods').filter((p) => p.metadata.name.startsWith('fg-'))).toEqual([]);
  }, 120_000);
});

describe('Jobs with kubectl', () => {
  it('kubectl create job runs a pod to completion and kubectl wait sees the Complete condition', async () => {
    expect(await ok(['create', 'job', 'hello', '--image=busybox', '--', 'echo', 'Hello World'])).toBe('job.batch/hello created\n');
    expect(await ok(['wait', '--for=condition=complete', 'job/hello', '--timeout=60s'])).toBe('job.batch/hello condition met\n');
    const job = t.sb.store.get({ group: 'batch', resource: 'jobs' }, 'default', 'hello') as KubeObject;
    expect(job.status).toMatchObject({ succeeded: 1, ready: 0, uncountedTerminatedPods: {} });
    const pod = list('', 'pods').find((p) => p.metadata.labels?.['job-name'] === 'hello') as KubeObject;
    expect(pod.metadata.name).toMatch(/^hello-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.finalizers).toBeUndefined();
    expect(await ok(['logs', `job/hello`])).toBe('Hello World\n');
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=hello',
      '-o',
      'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}',
    ]);
    expect(events).toContain(`SuccessfulCreate: Created pod: ${pod.metadata.name}`);
    expect(events).toContain('Completed: Job completed');
  }, 60_000);
});

describe('ServiceAccount tokens', () => {
  it('kubectl create token default gives a token that authenticates as the account (and RBAC applies)', async () => {
    const token = (await ok(['create', 'token', 'default'])).trim();
    const me = await whoami(token);
    expect(me.status).toBe(201);
    expect(me.user.username).toBe('system:serviceaccount:default:default');
    expect(me.user.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']);
    const pods = await t.request('GET', '/api/v1/namespaces/default/pods', { as: { token } });
    expect(pods.status).toBe(403);
    expect(pods.json().message).toBe(
      'pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('a token Secret is filled shortly after creation, works, and dies with its ServiceAccount', async () => {
    await ok(['create', 'serviceaccount', 'robot']);
    const secret =
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: robot-token\n  annotations:\n    kubernetes.io/service-account.name: robot\ntype: kubernetes.io/service-account-token\n';
    await ok(['apply', '-f', '-'], secret);
    // The docs' loop: wait until the token controller has populated the Secret.
    const encoded = await eventually(
      async () => (await ok(['get', 'secret', 'robot-token', '-o', 'jsonpath={.data.token}'])) || undefined,
      'the token to be populated',
    );
    const token = Buffer.from(encoded, 'base64').toString('utf8');
    const described = await ok(['describe', 'secret', 'robot-token']);
    expect(described).toMatch(/^token:\s+\S+$/m);
    expect(described).toMatch(/^ca\.crt:\s+\d+ bytes$/m);
    expect(described).toMatch(/^namespace:\s+7 bytes$/m);
    expect((await whoami(token)).user.username).toBe('system:serviceaccount:default:robot');

    await ok(['delete', 'serviceaccount', 'robot']);
    expect((await whoami(token)).status).toBe(401);
    await eventually(async () => ((await t.kubectl(['get', 'secret', 'robot-token'])).code === 1 ? true : undefined), 'the Secret to be deleted');
  });
});

describe('StatefulSets and DaemonSets', () => {
  it('creates {name}-0…{name}-2 in order, each after the previous is Running and Ready, with their claims', async () => {
    const violations: string[] = [];
    const unsubscribe = t.sb.store.subscribe((e) => {
      if (e.type !== 'ADDED' || e.resource !== 'pods' || !/^kubia-\d+$/.test(e.object.metadata.name)) return;
      const ordinal = Number(e.object.metadata.name.split('-')[1]);
      if (ordinal === 0) return;
      const prev = t.sb.store.get({ group: '', resource: 'pods' }, 'default', `kubia-${ordinal - 1}`);
      const ready = (prev?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some(
        (c) => c.type === 'Ready' && c.status === 'True',
      );
      if ((prev?.status as { phase?: string } | undefined)?.phase !== 'Running' || !ready) violations.push(e.object.metadata.name);
    });
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'kubia' },
      spec: {
        replicas: 3,
        serviceName: 'kubia',
        selector: { matchLabels: { app: 'kubia' } },
        template: { metadata: { labels: { app: 'kubia' } }, spec: { containers: [{ name: 'kubia', image: 'nginx' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } } }],
      },
    };
    await ok(['apply', '-f', '-'], JSON.stringify(manifest));
    await ok(['rollout', 'status', 'statefulset/kubia', '--timeout=60s']);
    unsubscribe();
    expect(violations).toEqual([]);
    expect((await ok(['get', 'pods', '-l', 'app=kubia', '-o', 'name'])).trim().split('\n')).toEqual(['pod/kubia-0', 'pod/kubia-1', 'pod/kubia-2']);
    expect((await ok(['get', 'pvc', '-o', 'name'])).trim().split('\n')).toEqual([
      'persistentvolumeclaim/data-kubia-0',
      'persistentvolumeclaim/data-kubia-1',
      'persistentvolumeclaim/data-kubia-2',
    ]);
    expect(await ok(['get', 'pod', 'kubia-1', '-o', 'jsonpath={.spec.hostname}.{.spec.subdomain}'])).toBe('kubia-1.kubia');
    expect(await ok(['rollout', 'history', 'statefulset/kubia'])).toMatch(/^statefulset\.apps\/kubia \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n\n$/);

    await ok(['scale', 'statefulset', 'kubia', '--replicas=1']);
    await eventually(() => (list('', 'pods').filter((p) => p.metadata.name.startsWith('kubia-')).length === 1 ? true : undefined), 'scale-down to one pod');
    const deletes = list('', 'events')
      .filter((e) => e.reason === 'SuccessfulDelete' && (e.involvedObject as { name: string }).name === 'kubia')
      .map((e) => e.message);
    expect(deletes).toEqual(['delete Pod kubia-2 in StatefulSet kubia successful', 'delete Pod kubia-1 in StatefulSet kubia successful']);
    expect(list('', 'persistentvolumeclaims').map((c) => c.metadata.name)).toEqual(['data-kubia-0', 'data-kubia-1', 'data-kubia-2']);
  }, 120_000);

  it('a DaemonSet runs one pod on each node', async () => {
    const nodes = t.sb.store.list({ group: '', resource: 'nodes' });
    expect(nodes.length).toBe(2);
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'main', image: 'nginx' }] } },
      },
    };
    await ok(['apply', '-f', '-'], JSON.stringify(manifest));
    await ok(['rollout', 'status', 'daemonset/agent', '--timeout=60s']);
    const pods = list('', 'pods').filter((p: KubeObject) => p.metadata.labels?.app === 'agent');
    expect(pods.map((p) => (p.spec as { nodeName: string }).nodeName).sort()).toEqual(nodes.map((n) => n.metadata.name).sort());
    const table = await ok(['get', 'ds', 'agent']);
    expect(table).toMatch(/\nagent\s+2\s+2\s+2\s+2\s+2\s+<none>\s+\S+\n$/);
  }, 120_000);
});
