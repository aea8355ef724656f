// Pods that run in the sandbox, driven by the real kubectl v1.32: scheduling, the kubelet's lifecycle and
// events, container logs (follow, tail, timestamps, previous), downward API env and files, deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox({
    nodes: 2,
    kubeletTimings: { stepMs: 5, backoffBaseMs: 150, backoffMaxMs: 600, terminationMsPerGraceSecond: 5, terminationMaxMs: 300, retryMs: 100 },
  });
}, 30_000);
afterAll(async () => {
  await t?.close();
});

const podPath = (name: string, ns = 'default') => `/api/v1/namespaces/${ns}/pods/${name}`;

async function phaseOf(name: string, wanted: string): Promise<any> {
  return eventually(async () => {
    const r = await t.request('GET', podPath(name));
    const pod = r.status === 200 ? r.json() : undefined;
    return pod?.status?.phase === wanted ? pod : undefined;
  }, `pod ${name} ${wanted}`);
}

async function kubectlOk(args: string[], stdin?: string): Promise<string> {
  const r = await t.kubectl(args, { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

describe('nodes', () => {
  it('registers kind-style nodes that kubectl lists as Ready', async () => {
    const out = await kubectlOk(['get', 'nodes']);
    expect(out).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    expect(out).toMatch(/kcurl-control-plane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.0/);
    expect(out).toMatch(/kcurl-worker\s+Ready\s+<none>/);
    const node = (await t.request('GET', '/api/v1/nodes/kcurl-worker')).json();
    expect(node.metadata.labels['kubernetes.io/hostname']).toBe('kcurl-worker');
    expect(node.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    });
    expect(Number(node.status.allocatable.cpu)).toBeGreaterThan(0);
  });
});

describe('a pod that prints and exits', () => {
  it('runs echo Hello World to Completed with the kubelet events, and kubectl logs prints it', async () => {
    await kubectlOk(['run', 'hello', '--image=busybox', '--restart=Never', '--', 'echo', 'Hello World']);
    const pod = await phaseOf('hello', 'Succeeded');
    expect(pod.spec.nodeName).toMatch(/^kcurl-/);
    expect(pod.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(pod.status.containerStatuses[0]).toMatchObject({
      name: 'hello',
      ready: false,
      restartCount: 0,
      image: 'docker.io/library/busybox:latest',
      started: false,
    });
    expect(pod.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(pod.status.containerStatuses[0].state.terminated.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(pod.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=False',
      'Initialized=True',
      'Ready=False',
      'ContainersReady=False',
      'PodScheduled=True',
    ]);
    expect(await kubectlOk(['logs', 'hello'])).toBe('Hello World\n');
    expect(await kubectlOk(['get', 'pod', 'hello'])).toMatch(/hello\s+0\/1\s+Completed\s+0\s+/);

    const events = await eventually(async () => {
      const out = await kubectlOk(['get', 'events', '--field-selector', 'involvedObject.name=hello', '--sort-by=.metadata.name']);
      return out.includes('Started') ? out : undefined;
    }, 'events of hello');
    expect(events).toMatch(/Normal\s+Scheduled\s+pod\/hello\s+Successfully assigned default\/hello to kcurl-/);
    expect(events).toMatch(/Normal\s+Pulling\s+pod\/hello\s+Pulling image "busybox"/);
    expect(events).toMatch(/Normal\s+Pulled\s+pod\/hello\s+Successfully pulled image "busybox" in \S+ \(\S+ including waiting\)\. Image size: 2166802 bytes\./);
    expect(events).toMatch(/Normal\s+Created\s+pod\/hello\s+Created container: hello/);
    expect(events).toMatch(/Normal\s+Started\s+pod\/hello\s+Started container hello/);
  });

  it('shows the sh -c script output with variables, loops and arithmetic', async () => {
    await kubectlOk([
      'run',
      'script',
      '--image=alpine',
      '--restart=Never',
      '--env=GREETING=hi',
      '--',
      'sh',
      '-c',
      'i=0; while [ $i -lt 3 ]; do echo "$GREETING $i"; i=$((i+1)); done; printf "%s-%d\\n" done 42; false || echo recovered',
    ]);
    await phaseOf('script', 'Succeeded');
    expect(await kubectlOk(['logs', 'script'])).toBe('hi 0\nhi 1\nhi 2\ndone-42\nrecovered\n');
  });

  it('keeps sleeping through a sleep longer than the longest timer (sleep 365d)', async () => {
    await kubectlOk(['run', 'long-sleep', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo up; sleep 365d; echo woke']);
    await phaseOf('long-sleep', 'Running');
    await eventually(async () => ((await kubectlOk(['logs', 'long-sleep'])) === 'up\n' ? true : undefined), 'long-sleep logs');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await t.request('GET', podPath('long-sleep'))).json().status.phase).toBe('Running');
    expect(await kubectlOk(['logs', 'long-sleep'])).toBe('up\n');
    await kubectlOk(['delete', 'pod', 'long-sleep', '--grace-period=0', '--force']);
  });

  it('fails with exit 127 and a clear message for a command the sandbox does not simulate', async () => {
    await kubectlOk(['run', 'unsupported', '--image=python:3.12', '--restart=Never', '--', 'python3', '-c', 'print(1)']);
    const pod = await phaseOf('unsupported', 'Failed');
    const terminated = pod.status.containerStatuses[0].state.terminated;
    expect(terminated).toMatchObject({ exitCode: 127, reason: 'Error' });
    expect(terminated.message).toContain('"python3" is not simulated');
    expect(await kubectlOk(['get', 'pod', 'unsupported'])).toMatch(/unsupported\s+0\/1\s+Error\s+0/);
  });
});

describe('a long-running pod', () => {
  it('runs nginx with its startup lines, follows logs and honours tail/timestamps/since', async () => {
    await kubectlOk(['run', 'web', '--image=nginx']);
    const pod = await phaseOf('web', 'Running');
    expect(pod.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
    expect(await kubectlOk(['get', 'pod', 'web'])).toMatch(/web\s+1\/1\s+Running\s+0\s+/);
    const logs = await kubectlOk(['logs', 'web']);
    expect(logs).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(logs).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \[notice\] 1#1: start worker processes\n/);
    const tail = await kubectlOk(['logs', 'web', '--tail=2', '--timestamps']);
    const lines = tail.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z \d{4}\/\d{2}\/\d{2} /);
    expect(await kubectlOk(['logs', 'web', '--limit-bytes=13'])).toBe('/docker-entry');
    expect(await kubectlOk(['logs', 'web', '--since-time=2999-01-01T00:00:00Z'])).toBe('');
  });

  it('streams with --follow until the container stops', async () => {
    await kubectlOk(['run', 'ticker', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'for i in 1 2 3; do echo tick $i; sleep 0.3; done']);
    await phaseOf('ticker', 'Running');
    const r = await t.kubectl(['logs', '-f', 'ticker']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('tick 1\ntick 2\ntick 3\n');
  });

  it("answers 400 with kubelet's message while the container waits", async () => {
    await kubectlOk(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata: {name: waiting}
spec:
  containers:
  - name: app
    image: busybox
    command: [sleep, infinity]
    env:
    - name: FROM_MISSING
      valueFrom: {configMapKeyRef: {name: missing, key: k}}
`,
    );
    await eventually(async () => {
      const pod = (await t.request('GET', podPath('waiting'))).json();
      return pod.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError' ? pod : undefined;
    }, 'CreateContainerConfigError');
    const r = await t.kubectl(['logs', 'waiting']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (BadRequest): container "app" in pod "waiting" is waiting to start: CreateContainerConfigError\n');
    expect(await kubectlOk(['get', 'pod', 'waiting'])).toMatch(/waiting\s+0\/1\s+CreateContainerConfigError\s+0/);
    await kubectlOk(['create', 'configmap', 'missing', '--from-literal=k=v']);
    await phaseOf('waiting', 'Running');
  });
});

describe('restarts', () => {
  it('goes into CrashLoopBackOff with BackOff events, restartCount and previous logs', async () => {
    await kubectlOk(['run', 'crash', '--image=busybox', '--', 'sh', '-c', 'echo run $(date +%s%N); exit 3']);
    const pod = await eventually(
      async () => {
        const p = (await t.request('GET', podPath('crash'))).json();
        const s = p.status?.containerStatuses?.[0];
        return s?.restartCount >= 1 && s?.state?.waiting?.reason === 'CrashLoopBackOff' ? p : undefined;
      },
      'CrashLoopBackOff after a restart',
      30_000,
    );
    const status = pod.status.containerStatuses[0];
    expect(status.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(status.state.waiting.message).toMatch(/^back-off \S+ restarting failed container=crash pod=crash_default\(/);
    expect(pod.status.phase).toBe('Running');
    // The back-off is short here, so the table is read until it catches the waiting state.
    const table = await eventually(async () => {
      const out = await kubectlOk(['get', 'pod', 'crash']);
      return out.includes('CrashLoopBackOff') ? out : undefined;
    }, 'CrashLoopBackOff in the table');
    expect(table).toMatch(/crash\s+0\/1\s+CrashLoopBackOff\s+\d+ \(\S+ ago\)\s+/);
    const previous = await kubectlOk(['logs', 'crash', '--previous']);
    expect(previous).toMatch(/^run \d+\n$/);
    const events = await kubectlOk(['get', 'events', '--field-selector', 'reason=BackOff']);
    expect(events).toMatch(/Warning\s+BackOff\s+pod\/crash\s+Back-off restarting failed container crash in pod crash_default\(/);
  });

  it('has no previous instance before the first restart', async () => {
    const r = await t.kubectl(['logs', 'hello', '--previous']);
    expect(r.stderr).toBe('Error from server (BadRequest): previous terminated container "hello" in pod "hello" not found\n');
  });
});

describe('the downward API', () => {
  it('exposes metadata through env and files that follow label changes', async () => {
    await kubectlOk(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata:
  name: podinfo
  labels: {app: demo, tier: web}
  annotations: {note: 'say "hi"'}
spec:
  containers:
  - name: main
    image: busybox
    command: [sh, -c, 'echo "$MY_POD_NAME/$MY_NS on $MY_NODE ip=$MY_IP cpu=$CPU_MILLIS sa=$SA"; cat /etc/podinfo/labels; echo; cat /etc/podinfo/annotations; echo; while ! grep -q changed /etc/podinfo/labels; do sleep 0.05; done; echo updated; cat /etc/podinfo/labels; echo; sleep infinity']
    resources: {requests: {cpu: 250m, memory: 64Mi}, limits: {cpu: 500m}}
    env:
    - {name: MY_POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: MY_NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
    - {name: MY_NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
    - {name: MY_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
    - {name: CPU_MILLIS, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
    volumeMounts: [{name: podinfo, mountPath: /etc/podinfo}]
  volumes:
  - name: podinfo
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: annotations, fieldRef: {fieldPath: metadata.annotations}}
`,
    );
    const pod = await phaseOf('podinfo', 'Running');
    const before = await eventually(async () => {
      const out = await kubectlOk(['logs', 'podinfo']);
      return out.includes('note=') ? out : undefined;
    }, 'podinfo output');
    const head = `podinfo/default on ${pod.spec.nodeName} ip=${pod.status.podIP} cpu=500 sa=default\napp="demo"\ntier="web"\n`;
    expect(before.slice(0, head.length)).toBe(head);
    expect(before).toContain('note="say \\"hi\\""\n');
    await kubectlOk(['label', 'pod', 'podinfo', 'changed=yes']);
    const after = await eventually(async () => {
      const out = await kubectlOk(['logs', 'podinfo']);
      return out.includes('updated\n') ? out : undefined;
    }, 'label update');
    expect(after.slice(after.lastIndexOf('updated\n'))).toBe('updated\napp="demo"\nchanged="yes"\ntier="web"\n');
  });
});

describe('deletion', () => {
  it('shows Terminating with Killing events, then removes the pod', async () => {
    const r = await t.request('DELETE', podPath('web'));
    expect(r.status).toBe(200);
    const body = r.json();
    expect(body.metadata.deletionTimestamp).toBeDefined();
    expect(body.metadata.deletionGracePeriodSeconds).toBe(30);
    await eventually(async () => ((await t.request('GET', podPath('web'))).status === 404 ? true : undefined), 'pod web gone');
    const events = await kubectlOk(['get', 'events', '--field-selector', 'involvedObject.name=web,reason=Killing']);
    expect(events).toMatch(/Normal\s+Killing\s+pod\/web\s+Stopping container web/);
  });

  it('kubectl delete waits for the kubelet and reports the pod deleted', async () => {
    const out = await kubectlOk(['delete', 'pod', 'podinfo']);
    expect(out).toBe('pod "podinfo" deleted\n');
    expect((await t.request('GET', podPath('podinfo'))).status).toBe(404);
  });
});

describe('scheduling', () => {
  it('keeps a pod with an unmatched nodeSelector Pending with FailedScheduling', async () => {
    await kubectlOk(['run', 'nowhere', '--image=nginx', '--overrides={"spec":{"nodeSelector":{"disk":"ssd"}}}']);
    const pod = await eventually(async () => {
      const p = (await t.request('GET', podPath('nowhere'))).json();
      return p.status?.conditions?.some((c: any) => c.type === 'PodScheduled' && c.status === 'False') ? p : undefined;
    }, 'Unschedulable');
    const message =
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
    expect(pod.status.conditions[0]).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
    expect(await kubectlOk(['get', 'pod', 'nowhere'])).toMatch(/nowhere\s+0\/1\s+Pending\s+0/);
    const events = await kubectlOk(['get', 'events', '--field-selector', 'reason=FailedScheduling']);
    expect(events).toContain(message);
    await kubectlOk(['label', 'node', 'kcurl-worker', 'disk=ssd']);
    const running = await phaseOf('nowhere', 'Running');
    expect(running.spec.nodeName).toBe('kcurl-worker');
  });

  it('reports Insufficient cpu for requests beyond the allocatable', async () => {
    await kubectlOk([
      'run',
      'hungry',
      '--image=nginx',
      '--overrides={"spec":{"containers":[{"name":"hungry","image":"nginx","resources":{"requests":{"cpu":"10000"}}}]}}',
    ]);
    const pod = await eventually(async () => {
      const p = (await t.request('GET', podPath('hungry'))).json();
      return p.status?.conditions?.[0]?.reason === 'Unschedulable' ? p : undefined;
    }, 'Unschedulable');
    expect(pod.status.conditions[0].message).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    );
  });
});

describe('init containers and several containers', () => {
  it('runs init containers first, then needs a container name for logs', async () => {
    await kubectlOk(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata: {name: multi}
spec:
  initContainers:
  - {name: setup, image: busybox, command: [sh, -c, 'echo preparing; sleep 1']}
  containers:
  - {name: app, image: busybox, command: [sh, -c, 'echo app up; sleep infinity']}
  - {name: sidecar, image: busybox, command: [sh, -c, 'echo sidecar up; sleep infinity']}
`,
    );
    const init = await eventually(async () => {
      const out = await kubectlOk(['get', 'pod', 'multi']);
      return /Init:0\/1|PodInitializing/.test(out) ? out : undefined;
    }, 'Init status');
    expect(init).toMatch(/multi\s+0\/2\s+(Init:0\/1|PodInitializing)\s+0/);
    const pod = await phaseOf('multi', 'Running');
    expect(pod.status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await kubectlOk(['logs', 'multi', '-c', 'setup'])).toBe('preparing\n');
    const r = await t.request('GET', `${podPath('multi')}/log`);
    expect([r.status, r.json().message]).toEqual([400, 'a container name must be specified for pod multi, choose one of: [app sidecar]']);
    expect(
      await eventually(async () => {
        const out = await kubectlOk(['logs', 'multi', '-c', 'sidecar']);
        return out || undefined;
      }, 'sidecar logs'),
    ).toBe('sidecar up\n');
    const describe = await kubectlOk(['describe', 'pod', 'multi']);
    expect(describe).toMatch(/Status:\s+Running/);
    expect(describe).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container sidecar/);
    expect(describe).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/multi to kcurl-/);
  });

  it('OnFailure restarts a failing container but completes a successful one', async () => {
    await kubectlOk(['run', 'onfailure', '--image=busybox', '--restart=OnFailure', '--', 'sh', '-c', 'echo ok']);
    const pod = await phaseOf('onfailure', 'Succeeded');
    expect(pod.status.containerStatuses[0].restartCount).toBe(0);
  });
});

describe('restart with --state', () => {
  it('keeps running pods running and completed pods completed', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'kcurl-wl-state-'));
    const statePath = join(dir, 'state.jsonl');
    const timings = { stepMs: 5, terminationMaxMs: 100 };
    try {
      let s = await startTestSandbox({ statePath, kubeletTimings: timings });
      const created = await s.kubectl(['run', 'keeper', '--image=nginx']);
      expect(created.code).toBe(0);
      const done = await s.kubectl(['run', 'oneshot', '--image=busybox', '--restart=Never', '--', 'echo', 'done']);
      expect(done.code).toBe(0);
      const before = await eventually(async () => {
        const a = (await s.request('GET', podPath('keeper'))).json();
        const b = (await s.request('GET', podPath('oneshot'))).json();
        return a.status?.phase === 'Running' && b.status?.phase === 'Succeeded' ? a : undefined;
      }, 'keeper Running, oneshot Succeeded');
      await s.close();

      s = await startTestSandbox({ statePath, kubeletTimings: timings });
      try {
        const after = (await s.request('GET', podPath('keeper'))).json();
        expect(after.status.phase).toBe('Running');
        expect(after.status.podIP).toBe(before.status.podIP);
        expect(after.status.containerStatuses[0]).toMatchObject({ ready: true, restartCount: 0, containerID: before.status.containerStatuses[0].containerID });
        const logs = await eventually(async () => {
          const r = await s.kubectl(['logs', 'keeper']);
          return r.stdout.includes('start worker processes') ? r.stdout : undefined;
        }, 'nginx running again');
        expect(logs).toContain('Configuration complete; ready for start up');
        expect((await s.request('GET', podPath('oneshot'))).json().status.phase).toBe('Succeeded');
        const deleted = await s.kubectl(['delete', 'pod', 'keeper']);
        expect(deleted.stdout).toBe('pod "keeper" deleted\n');
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('volumes', () => {
  it('waits with FailedMount for a missing ConfigMap, then reads mounted ConfigMap, Secret and serviceaccount files', async () => {
    await kubectlOk(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata: {name: mounts}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: alpine
    command: [sh, -c, 'cat /config/greeting; echo; cat /creds/user; echo; cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo; ls /config; head -c 3 /var/run/secrets/kubernetes.io/serviceaccount/token; echo; cat /etc/hostname']
    volumeMounts:
    - {name: config, mountPath: /config}
    - {name: creds, mountPath: /creds, readOnly: true}
  volumes:
  - name: config
    configMap: {name: app-config}
  - name: creds
    secret: {secretName: app-creds}
`,
    );
    await eventually(async () => {
      const out = await kubectlOk(['get', 'events', '--field-selector', 'involvedObject.name=mounts,reason=FailedMount']);
      return out.includes('MountVolume.SetUp failed for volume "config" : configmap "app-config" not found') ? out : undefined;
    }, 'FailedMount event');
    expect(await kubectlOk(['get', 'pod', 'mounts'])).toMatch(/mounts\s+0\/1\s+ContainerCreating\s+0/);
    await kubectlOk(['create', 'secret', 'generic', 'app-creds', '--from-literal=user=admin']);
    await kubectlOk(['create', 'configmap', 'app-config', '--from-literal=greeting=hello', '--from-literal=other=x']);
    await phaseOf('mounts', 'Succeeded');
    expect(await kubectlOk(['logs', 'mounts'])).toBe('hello\nadmin\ndefault\ngreeting\nother\neyJ\nmounts\n');
  });
});
