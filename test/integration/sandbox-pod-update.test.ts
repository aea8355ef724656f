// `kubectl apply` of a changed running Pod (real kubectl v1.32): the image may change; any other spec change
// is refused with kube-apiserver's 422 text, the go-cmp diff of the internal PodSpec included, byte for byte as
// fixtures/go-cmp/pod-spec-diff holds it (what go-cmp printed for the same two pods); adding a container is
// refused before any diff, as ValidateContainerUpdates does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-kcurl.js';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;

const manifest = (container: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
${container}`;
const WEB = `    image: nginx
    ports:
    - containerPort: 80
`;

const UPDATABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
/** What kubectl prints for the 422: its line, the server's message (the list, then the diff), a blank line. */
const refusal = (diff: string) =>
  `The Pod "web" is invalid: spec: Forbidden: ${UPDATABLE}\n${readFileSync(join(REPO_ROOT, 'fixtures', 'go-cmp', 'pod-spec-diff', `${diff}.txt`), 'utf8')}\n`;
// The fixtures were printed for a pod whose token volume got the suffix 5k2sm; the sandbox draws its own.
const sameVolumeName = (s: string) => s.replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-5k2sm');

beforeAll(async () => {
  t = await startTestSandbox({ kubeletTimings: { stepMs: 5 } });
  const r = await t.kubectl(['apply', '-f', '-'], { stdin: manifest(WEB) });
  expect(r.stdout).toBe('pod/web created\n');
  await eventually(
    async () => ((await t.request('GET', '/api/v1/namespaces/default/pods/web')).json().status?.phase === 'Running' ? true : undefined),
    'web Running',
  );
}, 30_000);
afterAll(async () => {
  await t?.close();
});

describe('kubectl apply of a changed running Pod', () => {
  it.each([
    ['port', WEB.replace('80', '8080')],
    ['env', `${WEB}    env:\n    - name: MODE\n      value: debug\n`],
    ['requests', `${WEB}    resources:\n      requests:\n        cpu: 500m\n`],
    ['port-name', WEB.replace('- containerPort: 80', '- containerPort: 80\n      name: http')],
  ])('%s: refused with the real message and its go-cmp diff', async (diff, container) => {
    const r = await t.kubectl(['apply', '-f', '-'], { stdin: manifest(container) });
    expect({ code: r.code, stdout: r.stdout, stderr: sameVolumeName(r.stderr) }).toEqual({ code: 1, stdout: '', stderr: refusal(diff) });
  });

  it('a second container: refused before any comparison', async () => {
    const r = await t.kubectl(['apply', '-f', '-'], { stdin: manifest(`${WEB}  - name: sidecar\n    image: busybox\n`) });
    expect(r).toMatchObject({ code: 1, stderr: 'The Pod "web" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers\n' });
  });

  it('the image: allowed, and the pod keeps its spec otherwise', async () => {
    const r = await t.kubectl(['apply', '-f', '-'], { stdin: manifest(WEB.replace('nginx', 'nginx:1.27')) });
    expect(r).toMatchObject({ code: 0, stdout: 'pod/web configured\n', stderr: '' });
    const pod = (await t.request('GET', '/api/v1/namespaces/default/pods/web')).json();
    expect(pod.spec.containers[0]).toMatchObject({ image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] });
  });
});
