// Conformance: the real kubectl v1.32 (a client nobody here wrote) against the real sandbox, asserting on
// kubectl's own output. One sandbox for the file; each test uses its own object names.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { requireTool } from '../helpers/require-tool.js';
import { startProcess } from '../helpers/spawn.js';
import { KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
const write = (name: string, text: string) => {
  const file = join(t.dir, name);
  writeFileSync(file, text);
  return file;
};
const ok = async (args: string[], opts?: Parameters<TestSandbox['kubectl']>[1]) => {
  const r = await t.kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  requireTool(KUBECTL_132);
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

describe('discovery and version', () => {
  it('kubectl on PATH (the dispatcher) stays on 1.32 because /version reports minor 32', async () => {
    const r = await t.kubectl(['version'], { binary: requireTool('kubectl') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: v1\.32\.\d+-dispatcher$/m);
    expect(r.stdout).toMatch(/^Server Version: v1\.32\.\d+/m);
  });

  it('api-versions lists every served group version', async () => {
    const versions = (await ok(['api-versions'])).trim().split('\n');
    // The other groups a v1.32 cluster serves: test/integration/sandbox-api-groups.test.ts.
    for (const gv of [
      'apiextensions.k8s.io/v1',
      'apps/v1',
      'authentication.k8s.io/v1',
      'authorization.k8s.io/v1',
      'batch/v1',
      'coordination.k8s.io/v1',
      'rbac.authorization.k8s.io/v1',
      'storage.k8s.io/v1',
      'v1',
    ]) {
      expect(versions).toContain(gv);
    }
    expect(versions).toEqual([...versions].sort());
  });

  it.each([
    ['pods', /^pods\s+po\s+v1\s+true\s+Pod$/m],
    ['deployments', /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m],
    ['customresourcedefinitions', /^customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false\s+CustomResourceDefinition$/m],
    ['storageclasses', /^storageclasses\s+sc\s+storage\.k8s\.io\/v1\s+false\s+StorageClass$/m],
    ['resourcequotas', /^resourcequotas\s+quota\s+v1\s+true\s+ResourceQuota$/m],
    ['clusterroles', /^clusterroles\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRole$/m],
  ])('api-resources shows %s', async (_name, line) => {
    const out = await ok(['api-resources']);
    expect(out.split('\n')[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(out).toMatch(line);
  });
});

describe('create and get in every output form', () => {
  beforeAll(async () => {
    const file = write('cm-forms.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: forms\n  labels: {app: forms}\ndata:\n  a: "1"\n  b: "2"\n');
    expect(await ok(['create', '-f', file])).toBe('configmap/forms created\n');
  });

  it('table', async () => {
    const out = await ok(['get', 'configmap', 'forms']);
    expect(out).toMatch(/^NAME\s+DATA\s+AGE\nforms\s+2\s+\d+s\n$/);
  });

  it('wide and --show-labels', async () => {
    expect(await ok(['get', 'cm', 'forms', '-o', 'wide', '--show-labels'])).toMatch(/^NAME\s+DATA\s+AGE\s+LABELS\nforms\s+2\s+\d+s\s+app=forms\n$/);
  });

  it('json', async () => {
    const obj = JSON.parse(await ok(['get', 'cm', 'forms', '-o', 'json']));
    expect(obj).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1', b: '2' }, metadata: { name: 'forms', namespace: 'default' } });
    expect(obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(obj.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('yaml', async () => {
    expect(parseYaml(await ok(['get', 'cm', 'forms', '-o', 'yaml']))).toMatchObject({ kind: 'ConfigMap', data: { a: '1', b: '2' } });
  });

  it('name', async () => {
    expect(await ok(['get', 'cm', '-l', 'app=forms', '-o', 'name'])).toBe('configmap/forms\n');
  });

  it('jsonpath', async () => {
    expect(await ok(['get', 'cm', 'forms', '-o', 'jsonpath={.data.b}'])).toBe('2');
  });

  it('pods table shows the real columns, wide adds IP/NODE/…', async () => {
    // schedulerName: no scheduler binds it, so it stays Pending for the assertion.
    write(
      'pod-cols.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: cols\nspec:\n  schedulerName: manual\n  containers:\n  - name: c\n    image: nginx\n',
    );
    await ok(['apply', '-f', join(t.dir, 'pod-cols.yaml')]);
    expect(await ok(['get', 'pod', 'cols'])).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\ncols\s+0\/1\s+Pending\s+0\s+\d+s\n$/);
    expect(await ok(['get', 'pod', 'cols', '-o', 'wide'])).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/);
  });

  it('create of an existing object is AlreadyExists', async () => {
    const r = await t.kubectl(['create', '-f', join(t.dir, 'cm-forms.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (AlreadyExists): error when creating "' + join(t.dir, 'cm-forms.yaml') + '": configmaps "forms" already exists\n');
  });

  it('get of a missing object is NotFound', async () => {
    const r = await t.kubectl(['get', 'cm', 'nope']);
    expect(r.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
  });
});

describe('apply', () => {
  it('client-side: created, configured (three-way patch), unchanged', async () => {
    const v1 = write('apply-v1.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: csa\ndata:\n  a: "1"\n  b: "1"\n');
    const v2 = write('apply-v2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: csa\n  labels: {tier: web}\ndata:\n  a: "2"\n');
    expect(await ok(['apply', '-f', v1])).toBe('configmap/csa created\n');
    expect(await ok(['apply', '-f', v2])).toBe('configmap/csa configured\n');
    expect(await ok(['apply', '-f', v2])).toBe('configmap/csa unchanged\n');
    const obj = JSON.parse(await ok(['get', 'cm', 'csa', '-o', 'json', '--show-managed-fields']));
    expect(obj.data).toEqual({ a: '2' });
    expect(obj.metadata.labels).toEqual({ tier: 'web' });
    expect(obj.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        fieldsV1: {
          'f:data': { '.': {}, 'f:a': {} },
          'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} }, 'f:labels': { '.': {}, 'f:tier': {} } },
        },
      }),
    ]);
  });

  it('server-side: a conflict with the client-side manager, then --force-conflicts takes the field', async () => {
    write('ssa-base.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n');
    const mine = write('ssa-mine.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "2"\n  b: "3"\n');
    await ok(['apply', '-f', join(t.dir, 'ssa-base.yaml')]);
    const conflict = await t.kubectl(['apply', '--server-side', '-f', mine]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr.split('\n')[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a');
    expect(await ok(['apply', '--server-side', '--force-conflicts', '-f', mine])).toBe('configmap/ssa serverside-applied\n');
    const obj = JSON.parse(await ok(['get', 'cm', 'ssa', '-o', 'json', '--show-managed-fields']));
    expect(obj.data).toEqual({ a: '2', b: '3' });
    const kubectlEntry = obj.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl');
    expect(kubectlEntry).toMatchObject({ operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } });
  });

  it('server-side apply prunes what the manager stops applying', async () => {
    const full = write('ssa-prune-1.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prune\ndata:\n  keep: "1"\n  drop: "1"\n');
    const less = write('ssa-prune-2.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: prune\ndata:\n  keep: "2"\n');
    expect(await ok(['apply', '--server-side', '-f', full])).toBe('configmap/prune serverside-applied\n');
    await ok(['apply', '--server-side', '-f', less]);
    expect(JSON.parse(await ok(['get', 'cm', 'prune', '-o', 'json'])).data).toEqual({ keep: '2' });
  });
});

describe('patch, label, annotate, scale, delete', () => {
  beforeAll(async () => {
    const deploy = write(
      'deploy.yaml',
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        'spec:',
        '  replicas: 1',
        '  selector:',
        '    matchLabels: {app: web}',
        '  template:',
        '    metadata:',
        '      labels: {app: web}',
        '    spec:',
        '      containers:',
        '      - name: nginx',
        '        image: nginx:1.25',
        '        env:',
        '        - {name: A, value: "1"}',
        '',
      ].join('\n'),
    );
    await ok(['apply', '-f', deploy]);
  });

  it.each([
    ['json', '[{"op":"replace","path":"/spec/replicas","value":3}]', '{.spec.replicas}', '3'],
    ['merge', '{"metadata":{"labels":{"patched":"merge"}}}', '{.metadata.labels.patched}', 'merge'],
    // strategicpatch puts the items the patch names before the ones only the object has (normalizeElementOrder):
    // `kubectl patch --local` gives the same `B A`.
    [
      'strategic',
      '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"B","value":"2"}]}]}}}}',
      '{.spec.template.spec.containers[0].env[*].name}',
      'B A',
    ],
  ])('patch --type=%s', async (type, patch, jsonpath, expected) => {
    expect(await ok(['patch', 'deployment', 'web', `--type=${type}`, '-p', patch])).toBe('deployment.apps/web patched\n');
    expect(await ok(['get', 'deploy', 'web', '-o', `jsonpath=${jsonpath}`])).toBe(expected);
  });

  it('a failing json-patch test operation is rejected', async () => {
    const r = await t.kubectl(['patch', 'deploy', 'web', '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":42}]']);
    expect(r.stderr).toBe('The request is invalid: the server rejected our request due to an error in our request\n');
  });

  it('spec changes bump metadata.generation, label changes do not', async () => {
    const before = Number(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}']));
    await ok(['label', 'deploy', 'web', 'extra=yes']);
    expect(Number(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}']))).toBe(before);
    await ok(['set', 'image', 'deploy/web', 'nginx=nginx:1.27']);
    expect(Number(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}']))).toBe(before + 1);
  });

  it('label and annotate', async () => {
    expect(await ok(['label', 'deploy', 'web', 'team=blue'])).toBe('deployment.apps/web labeled\n');
    expect(await ok(['annotate', 'deploy', 'web', 'owner=me'])).toBe('deployment.apps/web annotated\n');
    expect(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.labels.team}/{.metadata.annotations.owner}'])).toBe('blue/me');
    expect(await ok(['get', 'deploy', '-l', 'team=blue', '-o', 'name'])).toBe('deployment.apps/web\n');
  });

  it('scale through the scale subresource', async () => {
    expect(await ok(['scale', 'deploy', 'web', '--replicas=5'])).toBe('deployment.apps/web scaled\n');
    expect(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('5');
  });

  it('delete, then NotFound', async () => {
    await ok(['create', '-f', write('del.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: del\n')]);
    expect(await ok(['delete', 'cm', 'del'])).toBe('configmap "del" deleted\n');
    expect((await t.kubectl(['get', 'cm', 'del'])).stderr).toBe('Error from server (NotFound): configmaps "del" not found\n');
  });
});

describe('typed-client commands (kubectl 1.32 sends protobuf bodies)', () => {
  it.each([
    [
      ['create', 'deployment', 'pb-web', '--image=nginx', '--replicas=2'],
      'deployment.apps/pb-web created\n',
      ['get', 'deploy', 'pb-web', '-o', 'jsonpath={.spec.replicas}/{.spec.template.spec.containers[0].image}'],
      '2/nginx',
    ],
    [['create', 'configmap', 'pb-cm', '--from-literal=k=v'], 'configmap/pb-cm created\n', ['get', 'cm', 'pb-cm', '-o', 'jsonpath={.data.k}'], 'v'],
    [
      ['create', 'secret', 'generic', 'pb-secret', '--from-literal=pw=s3cret'],
      'secret/pb-secret created\n',
      ['get', 'secret', 'pb-secret', '-o', 'jsonpath={.data.pw}'],
      Buffer.from('s3cret').toString('base64'),
    ],
    [['create', 'namespace', 'pb-ns'], 'namespace/pb-ns created\n', ['get', 'ns', 'pb-ns', '-o', 'jsonpath={.status.phase}'], 'Active'],
    [
      ['create', 'role', 'pb-role', '--verb=get', '--resource=pods'],
      'role.rbac.authorization.k8s.io/pb-role created\n',
      ['get', 'role', 'pb-role', '-o', 'jsonpath={.rules[0].verbs[0]}'],
      'get',
    ],
  ])('kubectl %j', async (args, created, check, expected) => {
    expect(await ok(args)).toBe(created);
    expect(await ok(check)).toBe(expected);
  });

  it('auth whoami and create token', async () => {
    expect(await ok(['auth', 'whoami'])).toMatch(
      /^ATTRIBUTE\s+VALUE\nUsername\s+kcurl-admin\nUID\s+kcurl-admin\nGroups\s+\[system:masters system:authenticated\]\n$/,
    );
    expect((await ok(['create', 'token', 'default'])).trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe('watch', () => {
  it('get -w prints the initial list, then an event for a new object', async () => {
    const cm = (name: string) =>
      write(`${name}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {watched: "yes"}\ndata: {x: "1"}\n`);
    await ok(['create', '-f', cm('watched-a')]);
    const watch = startProcess(KUBECTL_132, ['--kubeconfig', t.sb.kubeconfigPath, 'get', 'configmaps', '-w', '-l', 'watched=yes'], {
      env: { PATH: '/usr/bin:/bin', HOME: t.dir, KUBECACHEDIR: join(t.dir, 'kube-cache') },
    });
    try {
      await watch.waitForOutput(/^watched-a\s/m);
      await ok(['create', '-f', cm('watched-b')]);
      await watch.waitForOutput(/^watched-b\s/m);
    } finally {
      watch.child.kill('SIGTERM');
    }
    const out = watch.out();
    expect(out).toMatch(/^NAME\s+DATA\s+AGE\nwatched-a\s+1\s+\d+s\nwatched-b\s+1\s+\d+s\n$/);
  });
});

describe('authentication and authorization', () => {
  it('auth can-i as admin, and --list', async () => {
    expect(await ok(['auth', 'can-i', 'list', 'pods'])).toBe('yes\n');
    expect(await ok(['auth', 'can-i', '--list'])).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n\*\.\*\s+\[\]\s+\[\]\s+\[\*\]\n/);
  });

  it('a limited user (client certificate) gets the real 403 message, and can-i says no', async () => {
    const jane = t.kubeconfigFor('jane', { cert: t.sb.issueClientCert('jane', ['devs']) });
    const r = await t.kubectl(['get', 'pods'], { kubeconfig: jane });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    const can = await t.kubectl(['auth', 'can-i', 'create', 'deployments'], { kubeconfig: jane });
    expect(can.stdout).toBe('no\n');
  });

  it('a service account token: forbidden until a RoleBinding grants view', async () => {
    await ok(['create', 'serviceaccount', 'viewer']);
    const token = (await ok(['create', 'token', 'viewer'])).trim();
    const sa = t.kubeconfigFor('viewer', { token });
    expect((await t.kubectl(['get', 'secret', 'pb-secret'], { kubeconfig: sa })).stderr).toBe(
      'Error from server (Forbidden): secrets "pb-secret" is forbidden: User "system:serviceaccount:default:viewer" cannot get resource "secrets" in API group "" in the namespace "default"\n',
    );
    await ok(['create', 'rolebinding', 'viewer-view', '--clusterrole=view', '--serviceaccount=default:viewer']);
    expect(await ok(['get', 'cm', 'forms', '-o', 'name'], { kubeconfig: sa })).toBe('configmap/forms\n');
    expect((await t.kubectl(['auth', 'can-i', 'delete', 'configmaps'], { kubeconfig: sa })).stdout).toBe('no\n');
  });

  it('--as impersonates when RBAC allows the impersonate verb', async () => {
    const asSa = await t.kubectl(['get', 'pods', '--as=system:serviceaccount:default:nobody']);
    expect(asSa.stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:nobody" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    expect(await ok(['auth', 'can-i', 'get', 'pods', '--as=someone', '--as-group=system:masters'])).toBe('yes\n');
    const jane = t.kubeconfigFor('jane-as', { cert: t.sb.issueClientCert('jane', ['devs']) });
    const denied = await t.kubectl(['get', 'pods', '--as=kcurl-admin'], { kubeconfig: jane });
    expect(denied.stderr).toBe(
      'Error from server (Forbidden): users "kcurl-admin" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope\n',
    );
  });

  it('a bad token is Unauthorized', async () => {
    const bad = t.kubeconfigFor('bad', { token: 'not-a-token' });
    expect((await t.kubectl(['get', 'pods'], { kubeconfig: bad })).stderr).toBe('error: You must be logged in to the server (Unauthorized)\n');
  });
});

describe('explain and custom resources', () => {
  it('explain pods reads the OpenAPI v3 documents', async () => {
    const out = await ok(['explain', 'pods.spec.restartPolicy']);
    expect(out).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: restartPolicy <string>\n/);
  });

  it('a CRD serves its custom resources with its printer columns, then takes them away', async () => {
    const crd = write(
      'crd.yaml',
      [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata:',
        '  name: crontabs.stable.example.com',
        'spec:',
        '  group: stable.example.com',
        '  scope: Namespaced',
        '  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}',
        '  versions:',
        '  - name: v1',
        '    served: true',
        '    storage: true',
        '    schema:',
        '      openAPIV3Schema:',
        '        type: object',
        '        properties:',
        '          spec:',
        '            type: object',
        '            properties:',
        '              cronSpec: {type: string}',
        '              replicas: {type: integer}',
        '    additionalPrinterColumns:',
        '    - {name: Spec, type: string, jsonPath: .spec.cronSpec}',
        '    - {name: Replicas, type: integer, jsonPath: .spec.replicas}',
        '',
      ].join('\n'),
    );
    expect(await ok(['apply', '-f', crd])).toBe('customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n');
    expect(await ok(['wait', '--for', 'condition=established', 'crd/crontabs.stable.example.com'])).toBe(
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com condition met\n',
    );
    const ct = write(
      'ct.yaml',
      'apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: nightly\nspec:\n  cronSpec: "0 0 * * *"\n  replicas: 2\n',
    );
    expect(await ok(['apply', '-f', ct])).toBe('crontab.stable.example.com/nightly created\n');
    expect(await ok(['get', 'ct'])).toMatch(/^NAME\s+SPEC\s+REPLICAS\nnightly\s+0 0 \* \* \*\s+2\n$/);
    expect(await ok(['patch', 'ct', 'nightly', '--type=merge', '-p', '{"spec":{"replicas":3}}'])).toBe('crontab.stable.example.com/nightly patched\n');
    const bad = await t.kubectl(['patch', 'ct', 'nightly', '--type=merge', '-p', '{"spec":{"replicas":"many"}}']);
    expect(bad.stderr).toBe(
      'The CronTab "nightly" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n',
    );
    expect(await ok(['explain', 'crontab.spec.replicas'])).toMatch(
      /^GROUP:\s+stable\.example\.com\nKIND:\s+CronTab\nVERSION:\s+v1\n\nFIELD: replicas <integer>/,
    );
    expect(await ok(['delete', 'ct', 'nightly'])).toBe('crontab.stable.example.com "nightly" deleted\n');
    expect(await ok(['delete', '-f', crd])).toBe('customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n');
    expect((await ok(['api-resources', '--api-group=stable.example.com'])).trim().split('\n')).toHaveLength(1);
  });
});
