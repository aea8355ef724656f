// ResourceQuota and LimitRange enforced at admission, storage (the default StorageClass, provisioned and bound
// claims, StatefulSet volumeClaimTemplates mounted in running pods) and ReplicationControllers, as real
// kubectl v1.32 sees them against the sandbox. The refusal messages are those of the real plugins
// (plugin/pkg/admission/limitranger, staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ kubeletTimings: { stepMs: 5, terminationMsPerGraceSecond: 2, terminationMaxMs: 100 } });
});
afterAll(async () => {
  await t?.close();
});

const ok = async (args: string[], stdin?: string) => {
  const r = await t.kubectl(args, { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
};
const fails = async (args: string[], stdin?: string) => {
  const r = await t.kubectl(args, { stdin });
  expect(r.code).toBe(1);
  return r.stderr;
};
const overrides = (name: string, resources: object) => `--overrides=${JSON.stringify({ spec: { containers: [{ name, image: 'nginx', resources }] } })}`;

describe('ResourceQuota', () => {
  beforeAll(async () => {
    await ok(['create', 'namespace', 'quota']);
    await ok(
      ['apply', '-n', 'quota', '-f', '-'],
      'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\nspec:\n  hard:\n    pods: "2"\n    requests.cpu: "1"\n    limits.memory: 1Gi\n    configmaps: "2"\n    count/deployments.apps: "0"\n',
    );
    await eventually(() => (t.sb.store.get({ group: '', resource: 'resourcequotas' }, 'quota', 'compute')?.status ? true : undefined), 'the quota status');
  });

  it('the quota controller fills status; kubectl get quota prints Request and Limit', async () => {
    const q = JSON.parse(await ok(['get', 'quota', 'compute', '-n', 'quota', '-o', 'json']));
    expect(q.status.hard).toEqual({ configmaps: '2', 'count/deployments.apps': '0', 'limits.memory': '1Gi', pods: '2', 'requests.cpu': '1' });
    // The namespace's kube-root-ca.crt ConfigMap counts, as on a real cluster.
    expect(q.status.used).toEqual({ configmaps: '1', 'count/deployments.apps': '0', 'limits.memory': '0', pods: '0', 'requests.cpu': '0' });
    const table = await ok(['get', 'quota', '-n', 'quota']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+AGE\s+REQUEST\s+LIMIT$/);
    expect(table).toContain('configmaps: 1/2, count/deployments.apps: 0/0, pods: 0/2, requests.cpu: 0/1   limits.memory: 0/1Gi');
  });

  it('refuses a pod that does not state what the quota covers, one over quota, and counts objects by resource', async () => {
    expect(await fails(['run', 'bare', '-n', 'quota', '--image=nginx'])).toBe(
      'Error from server (Forbidden): pods "bare" is forbidden: failed quota: compute: must specify limits.memory for: bare; requests.cpu for: bare\n',
    );
    await ok(['run', 'a', '-n', 'quota', '--image=nginx', overrides('a', { requests: { cpu: '600m' }, limits: { memory: '512Mi' } })]);
    expect(await fails(['run', 'b', '-n', 'quota', '--image=nginx', overrides('b', { requests: { cpu: '600m' }, limits: { memory: '256Mi' } })])).toBe(
      'Error from server (Forbidden): pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1\n',
    );
    expect(await fails(['create', 'deployment', 'web', '-n', 'quota', '--image=nginx'])).toBe(
      'error: failed to create deployment: deployments.apps "web" is forbidden: exceeded quota: compute, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0\n',
    );
    await ok(['create', 'configmap', 'one', '-n', 'quota']);
    expect(await fails(['create', 'configmap', 'two', '-n', 'quota'])).toBe(
      'error: failed to create configmap: configmaps "two" is forbidden: exceeded quota: compute, requested: configmaps=1, used: configmaps=2, limited: configmaps=2\n',
    );
    const used = JSON.parse(await ok(['get', 'quota', 'compute', '-n', 'quota', '-o', 'jsonpath={.status.used}']));
    expect(used).toEqual({ configmaps: '2', 'count/deployments.apps': '0', 'limits.memory': '512Mi', pods: '1', 'requests.cpu': '600m' });
  });

  it('deleting a pod gives its usage back (the quota controller recalculates)', async () => {
    await ok(['delete', 'pod', 'a', '-n', 'quota', '--wait=true']);
    await eventually(async () => {
      const used = JSON.parse(await ok(['get', 'quota', 'compute', '-n', 'quota', '-o', 'jsonpath={.status.used}']));
      return used.pods === '0' && used['requests.cpu'] === '0' ? true : undefined;
    }, 'the released usage');
    await ok(['run', 'b', '-n', 'quota', '--image=nginx', overrides('b', { requests: { cpu: '600m' }, limits: { memory: '256Mi' } })]);
  });
});

describe('LimitRange', () => {
  beforeAll(async () => {
    await ok(['create', 'namespace', 'limits']);
    await ok(
      ['apply', '-n', 'limits', '-f', '-'],
      'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 500m, memory: 256Mi}\n    defaultRequest: {cpu: 100m}\n    max: {cpu: "1"}\n  - type: PersistentVolumeClaim\n    max: {storage: 2Gi}\n',
    );
  });

  it('is defaulted (defaultRequest.memory from default) and printed as kubectl get shows it', async () => {
    const lr = JSON.parse(await ok(['get', 'limitrange', 'defaults', '-n', 'limits', '-o', 'json']));
    expect(lr.spec.limits[0].defaultRequest).toEqual({ cpu: '100m', memory: '256Mi' });
    expect((await ok(['get', 'limits', '-n', 'limits'])).split('\n')[0]).toMatch(/^NAME\s+CREATED AT$/);
  });

  it('a new pod gets the defaults and the limit-ranger annotation', async () => {
    await ok(['run', 'web', '-n', 'limits', '--image=nginx']);
    const pod = JSON.parse(await ok(['get', 'pod', 'web', '-n', 'limits', '-o', 'json']));
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
    expect(pod.metadata.annotations['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web',
    );
    expect(pod.status.qosClass).toBe('Burstable');
  });

  it('refuses a container over max and a claim over max', async () => {
    expect(await fails(['run', 'big', '-n', 'limits', '--image=nginx', overrides('big', { limits: { cpu: '2' } })])).toBe(
      'Error from server (Forbidden): pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2\n',
    );
    const claim =
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: huge\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 5Gi\n';
    expect(await fails(['create', '-n', 'limits', '-f', '-'], claim)).toBe(
      'Error from server (Forbidden): error when creating "STDIN": persistentvolumeclaims "huge" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi\n',
    );
  });
});

describe('storage', () => {
  it('kubectl get sc shows the default class', async () => {
    expect(await ok(['get', 'sc'])).toMatch(
      /^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\nstandard \(default\)\s+kcurl\.sandbox\/hostpath\s+Delete\s+Immediate\s+false\s+\S+\n$/,
    );
  });

  it('a claim without a class gets the default one, is provisioned and bound; deleting it deletes the volume', async () => {
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: claim1\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n',
    );
    const claim = await eventually(async () => {
      const c = JSON.parse(await ok(['get', 'pvc', 'claim1', '-o', 'json']));
      return c.status.phase === 'Bound' ? c : undefined;
    }, 'the claim to be bound');
    const pv = `pvc-${claim.metadata.uid}`;
    expect(claim.spec).toMatchObject({ storageClassName: 'standard', volumeName: pv });
    expect(await ok(['get', 'pvc', 'claim1'])).toMatch(
      new RegExp(
        `^NAME\\s+STATUS\\s+VOLUME\\s+CAPACITY\\s+ACCESS MODES\\s+STORAGECLASS\\s+VOLUMEATTRIBUTESCLASS\\s+AGE\\nclaim1\\s+Bound\\s+${pv}\\s+1Gi\\s+RWO\\s+standard\\s+<unset>\\s+\\S+\\n$`,
      ),
    );
    expect(await ok(['get', 'pv', pv, '--no-headers'])).toMatch(
      new RegExp(`^${pv}\\s+1Gi\\s+RWO\\s+Delete\\s+Bound\\s+default/claim1\\s+standard\\s+<unset>\\s+\\S+\\n$`),
    );
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=claim1',
      '-o',
      'jsonpath={range .items[*]}{.reason}|{.source.component}{"\\n"}{end}',
    ]);
    expect(
      events
        .trim()
        .split('\n')
        .map((l) => l.replace(/_[0-9a-f-]{36}$/, '_<uuid>')),
    ).toEqual([
      'ExternalProvisioning|persistentvolume-controller',
      'Provisioning|kcurl.sandbox/hostpath_kcurl-control-plane_<uuid>',
      'ProvisioningSucceeded|kcurl.sandbox/hostpath_kcurl-control-plane_<uuid>',
    ]);
    await ok(['delete', 'pvc', 'claim1']);
    await eventually(async () => ((await t.kubectl(['get', 'pv', pv])).code === 1 ? true : undefined), 'the volume to be deleted');
  });

  it('a WaitForFirstConsumer class provisions once a pod using the claim is scheduled, on that pod’s node', async () => {
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local\nprovisioner: kcurl.sandbox/hostpath\nvolumeBindingMode: WaitForFirstConsumer\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: late\nspec:\n  storageClassName: local\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n',
    );
    await eventually(
      async () =>
        (await ok(['get', 'events', '--field-selector', 'involvedObject.name=late', '-o', 'jsonpath={.items[*].reason}'])) === 'WaitForFirstConsumer'
          ? true
          : undefined,
      'the waiting event',
    );
    expect(await ok(['get', 'pvc', 'late', '-o', 'jsonpath={.status.phase}'])).toBe('Pending');
    const spec = {
      containers: [
        { name: 'user', image: 'busybox', command: ['sh', '-c', 'echo ok > /d/f; cat /d/f; sleep 100'], volumeMounts: [{ name: 'd', mountPath: '/d' }] },
      ],
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'late' } }],
    };
    await ok(['run', 'user', '--image=busybox', `--overrides=${JSON.stringify({ spec })}`]);
    await eventually(
      async () => ((await ok(['get', 'pvc', 'late', '-o', 'jsonpath={.status.phase}'])) === 'Bound' ? true : undefined),
      'the claim to be bound',
    );
    const claim = JSON.parse(await ok(['get', 'pvc', 'late', '-o', 'json']));
    expect(claim.metadata.annotations['volume.kubernetes.io/selected-node']).toBe('kcurl-control-plane');
    const pv = JSON.parse(await ok(['get', 'pv', claim.spec.volumeName, '-o', 'json']));
    expect(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0]).toEqual({
      key: 'kubernetes.io/hostname',
      operator: 'In',
      values: ['kcurl-control-plane'],
    });
    await eventually(async () => ((await ok(['logs', 'user'])) === 'ok\n' ? true : undefined), 'the pod to write to its volume');
  });

  it('a StatefulSet with volumeClaimTemplates runs pods that write to their own claim, kept for the next pod', async () => {
    await ok(
      ['apply', '-f', '-'],
      [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:\n  name: db',
        'spec:',
        '  serviceName: db',
        '  replicas: 2',
        '  selector:\n    matchLabels: {app: db}',
        '  template:',
        '    metadata:\n      labels: {app: db}',
        '    spec:',
        '      containers:',
        '      - name: c',
        '        image: busybox',
        '        command: ["sh", "-c", "cat /data/owner 2>/dev/null; hostname > /data/owner; sleep 3600"]',
        '        volumeMounts: [{name: data, mountPath: /data}]',
        '  volumeClaimTemplates:',
        '  - metadata: {name: data}',
        '    spec:\n      accessModes: [ReadWriteOnce]\n      resources: {requests: {storage: 1Gi}}',
        '',
      ].join('\n'),
    );
    await ok(['rollout', 'status', 'statefulset/db', '--timeout=60s']);
    expect(await ok(['get', 'pvc', '-l', 'app=db', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}'])).toBe(
      'data-db-0=Bound data-db-1=Bound ',
    );
    expect(await ok(['get', 'pods', '-l', 'app=db', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}'])).toBe(
      'db-0=Running db-1=Running ',
    );
    expect(await ok(['logs', 'db-1'])).toBe('');
    // The controller makes db-1 again; it mounts the same claim and finds what the first one wrote.
    const uid = await ok(['get', 'pod', 'db-1', '-o', 'jsonpath={.metadata.uid}']);
    await ok(['delete', 'pod', 'db-1']);
    await eventually(async () => {
      const p = JSON.parse(await ok(['get', 'pods', '-l', 'app=db', '-o', 'json'])).items.find((x: any) => x.metadata.name === 'db-1');
      return p && p.metadata.uid !== uid && p.status.phase === 'Running' ? true : undefined;
    }, 'db-1 to run again');
    await eventually(async () => ((await ok(['logs', 'db-1'])) === 'db-1\n' ? true : undefined), 'the new db-1 to print the file');
    const volumes = JSON.parse(await ok(['get', 'pod', 'db-0', '-o', 'jsonpath={.spec.volumes[0]}']));
    expect(volumes).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } });
  });
});

describe('ReplicationController', () => {
  it('creates pods, scales through the scale subresource, and reports status', async () => {
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: kubia\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: {app: kubia}\n    spec:\n      containers:\n      - name: kubia\n        image: luksa/kubia\n',
    );
    const ready = (n: number) =>
      eventually(async () => {
        const out = await ok(['get', 'rc', 'kubia', '--no-headers']);
        return new RegExp(`^kubia\\s+${n}\\s+${n}\\s+${n}\\s`).test(out) ? out : undefined;
      }, `${n} ready replicas`);
    await ready(3);
    const rc = JSON.parse(await ok(['get', 'rc', 'kubia', '-o', 'json']));
    expect(rc.metadata.labels).toEqual({ app: 'kubia' });
    expect(rc.spec.selector).toEqual({ app: 'kubia' });
    expect(await ok(['scale', 'rc', 'kubia', '--replicas=1'])).toBe('replicationcontroller/kubia scaled\n');
    await ready(1);
    await eventually(
      async () => ((await ok(['get', 'pods', '-l', 'app=kubia', '-o', 'name'])).trim().split('\n').length === 1 ? true : undefined),
      'one pod left',
    );
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.kind=ReplicationController',
      '-o',
      'jsonpath={range .items[*]}{.reason}|{.source.component}{"\\n"}{end}',
    ]);
    expect(events.trim().split('\n').sort()).toEqual(
      [...Array(3).fill('SuccessfulCreate|replication-controller'), ...Array(2).fill('SuccessfulDelete|replication-controller')].sort(),
    );
  });
});
