// kcurl create role|clusterrole|rolebinding|clusterrolebinding, run, expose and cluster-info with --offline: the
// script printed without contacting a server, run by bash against the sandbox, creates the object kubectl would have
// created (expose and cluster-info: sends the read known before any answer).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
});

afterAll(async () => {
  await t?.close();
});

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

describe('kcurl create … --offline prints a script that creates the object', () => {
  it.each([
    {
      args: ['create', 'role', 'off-reader', '--verb=get,list', '--resource=pods,deploy'],
      path: `${RBAC}/namespaces/default/roles/off-reader`,
      check: (o: any) =>
        expect(o.rules).toEqual([
          { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
          { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'] },
        ]),
    },
    {
      args: ['create', 'clusterrole', 'off-agg', '--aggregation-rule=team=web'],
      path: `${RBAC}/clusterroles/off-agg`,
      check: (o: any) => expect(o.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { team: 'web' } }] }),
    },
    {
      args: ['create', 'rolebinding', 'off-bind', '--clusterrole=view', '--user=jane', '--serviceaccount=default:robot'],
      path: `${RBAC}/namespaces/default/rolebindings/off-bind`,
      check: (o: any) =>
        expect(o.subjects).toEqual([
          { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
          { kind: 'ServiceAccount', name: 'robot', namespace: 'default' },
        ]),
    },
    {
      args: ['create', 'clusterrolebinding', 'off-cbind', '--clusterrole=view', '--group=devs'],
      path: `${RBAC}/clusterrolebindings/off-cbind`,
      check: (o: any) => expect(o.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }),
    },
    {
      args: ['run', 'off-web', '--image=nginx', '--port=80', '--expose', '--labels=app=off-web'],
      path: '/api/v1/namespaces/default/services/off-web',
      check: (o: any) => expect([o.spec.selector, o.spec.ports[0].targetPort]).toEqual([{ app: 'off-web' }, 80]),
    },
  ])('$args.0 $args.1 $args.2', async ({ args, path, check }) => {
    const env = { KUBECONFIG: t.sb.kubeconfigPath };
    const out = await runKcurl([...args, '--offline'], { env });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect((await t.request('GET', path)).status).toBe(404);
    const run = await runSnippet(out.stdout, { env });
    expect(run.code).toBe(0);
    const got = await t.request('GET', path);
    expect(got.status).toBe(200);
    check(got.json());
  });
});

describe('kcurl expose --offline', () => {
  it('prints the read of the exposed object, the request known before any answer; run, it gets the object', async () => {
    const env = { KUBECONFIG: t.sb.kubeconfigPath };
    const made = await runKcurl(['create', 'deployment', 'off-exp', '--image=nginx', '--port=8080', '--replicas=0', '-q'], { env });
    expect(made.code).toBe(0);
    const out = await runKcurl(['expose', 'deployment', 'off-exp', '--port=80', '--offline'], { env });
    expect(out.code).toBe(0);
    expect(out.stdout).not.toContain('-X POST');
    const run = await runSnippet(out.stdout, { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'Deployment', metadata: { name: 'off-exp' } });
  });
});

describe('kcurl cluster-info --offline', () => {
  it("prints the list kubectl sends; run, it answers with kube-system's cluster services", async () => {
    const env = { KUBECONFIG: t.sb.kubeconfigPath };
    const out = await runKcurl(['cluster-info', '--offline'], { env });
    expect(out.code).toBe(0);
    const run = await runSnippet(out.stdout, { env });
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout);
    expect(list.items.map((s: any) => s.metadata.labels['kubernetes.io/name'])).toEqual(['CoreDNS']);
  });
});
