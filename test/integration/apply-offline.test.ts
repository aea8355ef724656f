// kcurl apply --offline prints one bash script that does apply's create-or-patch with curl alone. Run by
// bash against the sandbox it creates the objects the first time and patches them the second; afterwards
// kubectl apply finds nothing to change, because the script wrote the annotation kubectl would have.
// Also: create --content-type yaml sends the YAML document as written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';
import { jsonDocuments } from './record-helpers.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let dir: string;

const manifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: offline-cm
  labels:
    app: web
data:
  greeting: "hello <world> & friends"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: offline-web
spec:
  replicas: 0
  selector:
    matchLabels: {app: offline-web}
  template:
    metadata:
      labels: {app: offline-web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

beforeAll(async () => {
  t = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'kcurl-apply-offline-'));
  writeFileSync(join(dir, 'app.yaml'), manifest);
});

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kcurl apply --offline', () => {
  it('prints a script that creates, then patches, and leaves what kubectl apply leaves', async () => {
    const env = { KUBECONFIG: t.sb.kubeconfigPath };
    const out = await runKcurl(['apply', '-f', join(dir, 'app.yaml'), '--offline'], { env });
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    const script = out.stdout;
    expect(script).toContain("status=$(curl -sS -o /dev/null -w '%{http_code}'");
    expect(script).toContain('if [ "$status" = 404 ]; then');

    const first = await runSnippet(script, { env });
    expect(first.code).toBe(0);
    const cm = await t.request('GET', '/api/v1/namespaces/default/configmaps/offline-cm');
    expect(cm.status).toBe(200);
    expect(cm.json().data.greeting).toBe('hello <world> & friends');
    expect(cm.json().metadata.managedFields.map((m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`)).toEqual([
      'kubectl-client-side-apply/Update',
    ]);
    const rvAfterCreate = cm.json().metadata.resourceVersion;

    // Someone scales the deployment; the second run patches (status 200 branch) and keeps the objects.
    const second = await runSnippet(script, { env });
    expect(second.code).toBe(0);
    const dep = await t.request('GET', '/apis/apps/v1/namespaces/default/deployments/offline-web');
    expect(dep.status).toBe(200);
    expect(dep.json().spec.template.spec.containers[0].image).toBe('nginx:1.27');
    const cmAgain = await t.request('GET', '/api/v1/namespaces/default/configmaps/offline-cm');
    expect(cmAgain.json().metadata.uid).toBe(cm.json().metadata.uid);
    expect(cmAgain.json().metadata.resourceVersion).toBe(rvAfterCreate); // a patch that changes nothing

    // kubectl apply computes its three-way patch from the annotation the script wrote: nothing to do.
    writeFileSync(join(dir, 'app-copy.yaml'), manifest);
    const k = await t.kubectl(['apply', '-f', join(dir, 'app-copy.yaml')]);
    expect(k.stderr).toBe('');
    expect(k.stdout).toBe('configmap/offline-cm unchanged\ndeployment.apps/offline-web unchanged\n');
  });

  it('--server-side --offline prints the apply PATCH requests', async () => {
    const out = await runKcurl(['apply', '--server-side', '--force-conflicts', '-f', join(dir, 'app.yaml'), '--offline'], {
      env: { KUBECONFIG: t.sb.kubeconfigPath },
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("-H 'Content-Type: application/apply-patch+yaml'");
    expect(out.stdout).toContain("'/api/v1/namespaces/default/configmaps/offline-cm?fieldManager=kubectl&fieldValidation=Strict&force=true'");
    const run = await runSnippet(out.stdout, { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(run.code).toBe(0);
    // curl gets indented answers, back to back, as from a real server.
    expect(JSON.parse(jsonDocuments(run.stdout)[0]).metadata.name).toBe('offline-cm');
  });
});

describe('kcurl create --content-type yaml', () => {
  let proxy: RecordingProxy;
  beforeAll(async () => {
    proxy = await startRecordingProxy({ upstream: t.sb.url, upstreamCaPem: t.sb.caPem });
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('POSTs the document as written with Content-Type application/yaml, and the snippet does the same', async () => {
    const doc = '# a comment stays\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: as-written\ndata:\n  y: "a YAML 1.1 boolean key"\n';
    writeFileSync(join(dir, 'as-written.yaml'), doc);
    const kubeconfig = proxy.kubeconfig({ token: t.sb.adminToken, namespace: 'default' });
    proxy.reset();
    const out = await runKcurl(['create', '-f', join(dir, 'as-written.yaml'), '--content-type', 'yaml', '--show-curl'], { env: { KUBECONFIG: kubeconfig } });
    expect(out.stdout).toBe('configmap/as-written created\n');
    const post = proxy.exchanges.find((e) => e.method === 'POST')!;
    expect(post.body.toString('utf8')).toBe(doc);
    expect(post.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1]).toBe('application/yaml');
    expect(post.target).toBe('/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create&fieldValidation=Strict');
    // The API server decodes YAML with the same YAML 1.1 library kubectl uses: the key y became "true".
    const created = await t.request('GET', '/api/v1/namespaces/default/configmaps/as-written');
    expect(Object.keys(created.json().data)).toEqual(['true']);

    await t.request('DELETE', '/api/v1/namespaces/default/configmaps/as-written');
    proxy.reset();
    const snippet = out.stderr.slice(0, out.stderr.lastIndexOf('\n\n') + 1);
    const run = await runSnippet(snippet, { env: { KUBECONFIG: kubeconfig } });
    expect(run.code).toBe(0);
    const again = proxy.exchanges.find((e) => e.method === 'POST')!;
    expect(again.body.toString('utf8')).toBe(doc);
    expect(again.target).toBe(post.target);
  });
});
