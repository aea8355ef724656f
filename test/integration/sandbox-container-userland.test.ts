// The container userland inside real pods, driven by kubectl v1.32: a pod's containers share emptyDir
// volumes (a sidecar follows a file another container writes), an emptyDir outlives a container restart,
// and a script reads its pod's files (serviceaccount mount, /etc/hosts) through shell pipelines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox({
    kubeletTimings: { stepMs: 5, backoffBaseMs: 150, backoffMaxMs: 600, terminationMsPerGraceSecond: 5, terminationMaxMs: 300, retryMs: 100 },
  });
}, 30_000);
afterAll(async () => {
  await t?.close();
});

async function kubectlOk(args: string[], stdin?: string): Promise<string> {
  const r = await t.kubectl(args, { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

async function phaseOf(name: string, wanted: string): Promise<any> {
  return eventually(async () => {
    const r = await t.request('GET', `/api/v1/namespaces/default/pods/${name}`);
    const pod = r.status === 200 ? r.json() : undefined;
    return pod?.status?.phase === wanted ? pod : undefined;
  }, `pod ${name} ${wanted}`);
}

describe('containers of a pod', () => {
  it('share an emptyDir: a sidecar with tail -f shows what the app container appends', async () => {
    await kubectlOk(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata: {name: sidecar}
spec:
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'for i in 1 2 3; do echo "request $i" >> /var/log/app/access.log; sleep 0.2; done; sleep 3600']
    volumeMounts: [{name: logs, mountPath: /var/log/app}]
  - name: tailer
    image: busybox
    command: [sh, -c, 'until [ -f /logs/access.log ]; do sleep 0.1; done; tail -n +1 -f /logs/access.log']
    volumeMounts: [{name: logs, mountPath: /logs, readOnly: true}]
  volumes:
  - {name: logs, emptyDir: {}}
`,
    );
    // kubectl logs answers 400 while the tailer is still ContainerCreating: poll until it has the third line.
    const logs = await eventually(async () => {
      const r = await t.kubectl(['logs', 'sidecar', '-c', 'tailer']);
      return r.code === 0 && r.stdout.includes('request 3') ? r.stdout : undefined;
    }, 'the tailer to show the third request');
    expect(logs).toBe('request 1\nrequest 2\nrequest 3\n');
  });

  it('keep emptyDir contents across a container restart', async () => {
    await kubectlOk(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata: {name: retry}
spec:
  restartPolicy: OnFailure
  containers:
  - name: main
    image: alpine
    command: [sh, -c, 'if [ -f /cache/attempted ]; then echo "second attempt"; else touch /cache/attempted; echo "first attempt"; exit 1; fi']
    volumeMounts: [{name: cache, mountPath: /cache}]
  volumes:
  - {name: cache, emptyDir: {}}
`,
    );
    const pod = await phaseOf('retry', 'Succeeded');
    expect(pod.status.containerStatuses[0].restartCount).toBe(1);
    expect(await kubectlOk(['logs', 'retry'])).toBe('second attempt\n');
    expect(await kubectlOk(['logs', 'retry', '--previous'])).toBe('first attempt\n');
  });
});

describe("a script over the pod's files", () => {
  it("reads the serviceaccount mount and kubelet's files with pipelines, here-documents and case", async () => {
    await kubectlOk(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Pod
metadata: {name: inspect, labels: {app: web}}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: alpine
    command:
    - sh
    - -c
    - |
      SA=/var/run/secrets/kubernetes.io/serviceaccount
      ls $SA
      echo "ns=$(cat $SA/namespace)"
      cut -d. -f1 $SA/token | base64 -d 2>/dev/null | grep -o '"alg":"[A-Z0-9]*"'
      grep -c nameserver /etc/resolv.conf
      grep "$(hostname)" /etc/hosts | cut -f2
      case "$(hostname)" in insp*) echo "named like its pod";; esac
      cat <<EOF | tr a-z A-Z
      done in $(cat $SA/namespace)
      EOF
      nosuchtool
`,
    );
    await phaseOf('inspect', 'Failed');
    expect(await kubectlOk(['logs', 'inspect'])).toBe(
      'ca.crt\nnamespace\ntoken\nns=default\n"alg":"RS256"\n1\ninspect\nnamed like its pod\nDONE IN DEFAULT\nsh: nosuchtool: not found\n',
    );
  });
});
