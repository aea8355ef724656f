// What a workshop participant meets on a real v1.32 cluster, checked with real curl and kubectl v1.32 against
// the sandbox: indented JSON for curl (compact for kubectl), anonymous requests judged by RBAC, kube-system's
// CoreDNS behind `kubectl cluster-info`, numeric quantities, a second apply of a running Pod, and the watch 410.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/require-tool.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let caFile: string;

beforeAll(async () => {
  t = await startTestSandbox({ nodes: 2, kubeletTimings: { stepMs: 5 } });
  caFile = join(t.dir, 'ca.crt');
  writeFileSync(caFile, t.sb.caPem);
}, 30_000);
afterAll(async () => {
  await t?.close();
});

/** Real curl against the sandbox; `token` adds a bearer token, nothing else is sent. */
async function curl(path: string, opts: { token?: string; args?: string[] } = {}): Promise<{ status: number; body: string }> {
  const args = ['-sS', '--cacert', caFile, '-w', '\n%{http_code}', ...(opts.args ?? [])];
  if (opts.token) args.push('-H', `Authorization: Bearer ${opts.token}`);
  const r = await runProcess(requireTool('/usr/bin/curl'), [...args, `${t.sb.url}${path}`], { env: { PATH: CLEAN_PATH } });
  if (r.code !== 0) throw new Error(`curl ${path} failed: ${r.stderr}`);
  const i = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(i + 1)), body: r.stdout.slice(0, i) };
}

async function kubectlOk(args: string[], stdin?: string): Promise<string> {
  const r = await t.kubectl(args, { stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

describe('pretty JSON', () => {
  it('is indented two spaces for curl, without a trailing newline (json.MarshalIndent)', async () => {
    const r = await curl('/api/v1/namespaces/default/services/kubernetes', { token: t.sb.adminToken });
    expect(r.status).toBe(200);
    expect(r.body).toBe(JSON.stringify(JSON.parse(r.body), null, 2));
    expect(r.body).toMatch(/^\{\n {2}"kind": "Service",\n {2}"apiVersion": "v1",\n {2}"metadata": \{\n {4}"name": "kubernetes",/);
  });

  it('follows ?pretty= over the User-Agent, and Status errors are indented too', async () => {
    const compact = await curl('/api/v1/namespaces/default/configmaps/nope?pretty=false', { token: t.sb.adminToken });
    expect(compact).toEqual({
      status: 404,
      body: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"nope\\" not found","reason":"NotFound","details":{"name":"nope","kind":"configmaps"},"code":404}\n',
    });
    const pretty = await t.request('GET', '/api/v1/namespaces/default/configmaps/nope?pretty=true');
    expect(pretty.text).toBe(JSON.stringify(JSON.parse(pretty.text), null, 2));
  });

  it('is compact for kubectl', async () => {
    const r = await t.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/kubernetes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\{"kind":"Service","apiVersion":"v1","metadata":\{"name":"kubernetes",/);
    expect(r.stdout.endsWith('}\n')).toBe(true);
  });
});

describe('anonymous requests', () => {
  it('are system:anonymous: a 403 with the Forbidden message for curl without credentials', async () => {
    const r = await curl('/api/v1/namespaces/default/pods');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    });
  });

  it.each(['/version', '/healthz', '/livez', '/readyz'])('can read %s (system:public-info-viewer)', async (path) => {
    const r = await curl(path);
    expect(r.status).toBe(200);
    if (path !== '/version') expect(r.body).toBe('ok');
    else expect(JSON.parse(r.body)).toMatchObject({ major: '1', minor: '32' });
  });

  it('with a token the server does not know still get 401', async () => {
    const r = await curl('/version', { token: 'not-a-token' });
    expect([r.status, JSON.parse(r.body).reason]).toEqual([401, 'Unauthorized']);
  });
});

describe('a watch from before the watch window', () => {
  it('answers the 410 Expired ERROR event, with curl and with kubectl', async () => {
    const started = Number((await t.request('GET', '/api/v1/namespaces')).json().metadata.resourceVersion);
    const r = await curl('/api/v1/namespaces/default/pods?watch=1&resourceVersion=1', { token: t.sb.adminToken });
    expect(r.status).toBe(200);
    const event = JSON.parse(r.body);
    expect(event).toEqual({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/),
        reason: 'Expired',
        code: 410,
      },
    });
    expect(Number(/\((\d+)\)/.exec(event.object.message)?.[1])).toBeLessThanOrEqual(started);
    const k = await kubectlOk(['get', '--raw', '/api/v1/pods?watch=1&resourceVersion=1']);
    expect(JSON.parse(k).object.reason).toBe('Expired');
  });
});

describe('a running Pod', () => {
  it('takes a second kubectl apply: what the kubelet wrote passes strict validation (schema and kubelet agree on v1.32)', async () => {
    const manifest = (label: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: twice\n  labels:\n    rev: "${label}"\nspec:\n  containers:\n  - name: web\n    image: nginx\n`;
    await kubectlOk(['apply', '-f', '-'], manifest('1'));
    const running = await eventually(async () => {
      const pod = (await t.request('GET', '/api/v1/namespaces/default/pods/twice')).json();
      return pod.status?.phase === 'Running' ? pod : undefined;
    }, 'pod twice Running');
    expect(running.status.hostIPs).toEqual([{ ip: running.status.hostIP }]);
    expect(running.status.containerStatuses[0].volumeMounts).toBeDefined();
    expect(await kubectlOk(['apply', '-f', '-'], manifest('2'))).toBe('pod/twice configured\n');
    const replaced = await t.kubectl(['replace', '-f', '-'], {
      stdin: JSON.stringify((await t.request('GET', '/api/v1/namespaces/default/pods/twice')).json()),
    });
    expect([replaced.code, replaced.stderr]).toEqual([0, '']);
  });
});

describe('quantities given as numbers', () => {
  it('are accepted in resources, env and downward API volumes, and stored in canonical form', async () => {
    const manifest = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: numeric',
      'spec:',
      '  containers:',
      '  - name: c',
      '    image: busybox',
      '    command: ["sh", "-c", "cat /info/cpu; echo; echo limit=$CPU; sleep 3600"]',
      '    resources:',
      '      requests:',
      '        cpu: 0.5',
      '        memory: 1e3',
      '      limits:',
      '        cpu: 1',
      '        memory: 1000',
      '    env:',
      '    - name: CPU',
      '      valueFrom:',
      '        resourceFieldRef:',
      '          resource: limits.cpu',
      '          divisor: 1',
      '    volumeMounts:',
      '    - name: info',
      '      mountPath: /info',
      '  volumes:',
      '  - name: info',
      '    downwardAPI:',
      '      items:',
      '      - path: cpu',
      '        resourceFieldRef:',
      '          containerName: c',
      '          resource: requests.cpu',
      '          divisor: 0.001',
      '',
    ].join('\n');
    expect(await kubectlOk(['apply', '-f', '-'], manifest)).toBe('pod/numeric created\n');
    const pod = (await t.request('GET', '/api/v1/namespaces/default/pods/numeric')).json();
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '1', memory: '1k' }, requests: { cpu: '500m', memory: '1k' } });
    expect(pod.spec.containers[0].env[0].valueFrom.resourceFieldRef).toEqual({ resource: 'limits.cpu', divisor: '1' });
    expect(pod.spec.volumes[0].downwardAPI.items[0].resourceFieldRef).toEqual({ containerName: 'c', resource: 'requests.cpu', divisor: '1m' });
    const logs = await eventually(async () => {
      const r = await t.kubectl(['logs', 'numeric']);
      return r.code === 0 && r.stdout.includes('limit=') ? r.stdout : undefined;
    }, 'numeric pod logs');
    expect(logs).toBe('500\nlimit=1\n');
  });

  it("a string that is not a quantity is the decoder's 400", async () => {
    const r = await t.request('POST', '/api/v1/namespaces/default/pods?dryRun=All', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'bad' },
        spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: 'abc' } } }] },
      },
    });
    expect([r.status, r.json().message]).toEqual([
      400,
      'Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    ]);
  });
});

describe('kube-system', () => {
  it('kubectl cluster-info prints the control plane and CoreDNS, as on a kubeadm cluster', async () => {
    expect(await kubectlOk(['cluster-info'])).toBe(
      `Kubernetes control plane is running at ${t.sb.url}\n` +
        `CoreDNS is running at ${t.sb.url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n` +
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });

  it('has the kube-dns Service at the tenth address and CoreDNS pods Running on the nodes', async () => {
    const svc = (await t.request('GET', '/api/v1/namespaces/kube-system/services/kube-dns')).json();
    expect(svc.metadata.labels).toEqual({ 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' });
    expect(svc.spec).toMatchObject({
      clusterIP: '10.96.0.10',
      type: 'ClusterIP',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    });
    const corefile = (await t.request('GET', '/api/v1/namespaces/kube-system/configmaps/coredns')).json().data.Corefile;
    expect(corefile).toContain('kubernetes cluster.local in-addr.arpa ip6.arpa {');
    const pods = await eventually(async () => {
      const out = await kubectlOk([
        'get',
        'pods',
        '-n',
        'kube-system',
        '-l',
        'k8s-app=kube-dns',
        '-o',
        'jsonpath={range .items[*]}{.status.phase} {.spec.nodeName} {.spec.containers[0].image}{"\\n"}{end}',
      ]);
      const lines = out.trim().split('\n');
      return lines.length === 2 && lines.every((l) => l.startsWith('Running ')) ? lines : undefined;
    }, 'two CoreDNS pods Running');
    for (const line of pods) expect(line).toMatch(/^Running kcurl-(control-plane|worker) registry\.k8s\.io\/coredns\/coredns:v1\.11\.3$/);
    expect(await kubectlOk(['get', 'deploy', 'coredns', '-n', 'kube-system', '-o', 'jsonpath={.status.readyReplicas}'])).toBe('2');
    // kubeadm pulled the image before the cluster started.
    const events = await kubectlOk([
      'get',
      'events',
      '-n',
      'kube-system',
      '--field-selector',
      'reason=Pulled',
      '-o',
      'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
    ]);
    expect(events.trim().split('\n')).toEqual(Array(2).fill('Container image "registry.k8s.io/coredns/coredns:v1.11.3" already present on machine'));
    const logs = await kubectlOk(['logs', '-n', 'kube-system', 'deploy/coredns']);
    expect(logs).toMatch(/^\.:53\n\[INFO\] plugin\/reload: Running configuration SHA512 = [0-9a-f]{128}\nCoreDNS-1\.11\.3\n/);
  });
});

describe('bodies that are not JSON', () => {
  // A JSON patch is first decoded strictly into []jsonPatchOp, and a merge patch into a map, unless
  // fieldValidation=Ignore (the default is Warn), and that error is prefixed "error decoding patch: " (patch.go
  // jsonPatcher.applyJSPatch); the strategic merge patcher answers the decoder's error as it is.
  const services = '/api/v1/namespaces/default/services/kubernetes';
  it.each([
    ['application/merge-patch+json', services, 'error decoding patch: '],
    ['application/merge-patch+json', `${services}?fieldValidation=Ignore`, ''],
    ['application/strategic-merge-patch+json', services, ''],
    ['application/json-patch+json', services, 'error decoding patch: '],
    ['application/json-patch+json', `${services}?fieldValidation=Ignore`, ''],
    ['application/json-patch+json', '/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale', 'error decoding patch: '],
    ['application/merge-patch+json', '/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale', 'error decoding patch: '],
  ])("a %s patch of %s is a 400 in encoding/json's words", async (type, path, prefix) => {
    const r = await curl(path, { token: t.sb.adminToken, args: ['-X', 'PATCH', '-H', `Content-Type: ${type}`, '--data-binary', '{bad'] });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      code: 400,
      message: `${prefix}invalid character 'b' looking for beginning of object key string`,
    });
  });
});

describe('field order', () => {
  it('typed objects come back in Go struct order whatever order kubectl sent (it sends sorted keys)', async () => {
    await kubectlOk(['run', 'ordered', '--image=nginx', '--port=80', '--env=A=1']);
    const pod = JSON.parse((await t.request('GET', '/api/v1/namespaces/default/pods/ordered')).text);
    expect(Object.keys(pod.spec).slice(0, 5)).toEqual(['volumes', 'containers', 'restartPolicy', 'terminationGracePeriodSeconds', 'dnsPolicy']);
    expect(Object.keys(pod.spec.containers[0])).toEqual([
      'name',
      'image',
      'ports',
      'env',
      'resources',
      'volumeMounts',
      'terminationMessagePath',
      'terminationMessagePolicy',
      'imagePullPolicy',
    ]);
    expect(Object.keys(pod.spec.containers[0].ports[0])).toEqual(['containerPort', 'protocol']);
    expect(Object.keys(pod.spec.tolerations[0])).toEqual(['key', 'operator', 'effect', 'tolerationSeconds']);
  });
});
