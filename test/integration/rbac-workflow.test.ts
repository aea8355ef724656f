// kcurl rbac on a workshop workflow: kubectl (v1.32) runs get pods, logs, create configmap, apply -f and
// auth can-i through `kcurl record`; `kcurl rbac` derives the Role from the recording and binds it to a fresh
// ServiceAccount; the same workflow run as that account succeeds step by step; and with any one granted verb
// taken out of the Role some step fails (the Role is minimal). Real sandbox, kcurl, kubectl.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { requireTool } from '../helpers/require-tool.js';
import { KUBECTL_132, eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

const RBAC_PATH = '/apis/rbac.authorization.k8s.io/v1/namespaces/default';
let t: TestSandbox;
let runner: string;
let rbacYaml: string;

const WORKFLOW: string[][] = [
  ['get', 'pods'],
  ['logs', 'web'],
  ['create', 'configmap', 'settings', '--from-literal=color=blue'],
  ['apply', '-f', 'app.yaml'],
  ['auth', 'can-i', 'list', 'pods'],
];

/** Deletes what the workflow creates, so every run sends the same requests (create, not AlreadyExists). */
async function reset(): Promise<void> {
  for (const name of ['settings', 'app']) await t.request('DELETE', `/api/v1/namespaces/default/configmaps/${name}`);
}

/** Runs the workflow with a kubeconfig; the exit code and stderr of each step. */
async function workflow(kubeconfig: string): Promise<{ step: string; code: number | null; stderr: string }[]> {
  const results = [];
  for (const args of WORKFLOW) {
    const r = await t.kubectl(
      args.map((a) => (a.endsWith('.yaml') ? join(t.dir, a) : a)),
      { kubeconfig, env: { HOME: t.dir } },
    );
    results.push({ step: args.join(' '), code: r.code, stderr: r.stderr });
  }
  await reset();
  return results;
}

beforeAll(async () => {
  requireTool(KUBECTL_132);
  t = await startTestSandbox();
  writeFileSync(join(t.dir, 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  mode: workshop\n');
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'web', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello from web; sleep 3600'] }] },
  };
  expect((await t.request('POST', '/api/v1/namespaces/default/pods', { body: pod })).status).toBe(201);
  await eventually(async () => ((await t.request('GET', '/api/v1/namespaces/default/pods/web/log')).text.includes('hello') ? true : undefined), 'web to log');
  expect((await t.request('POST', '/api/v1/namespaces/default/serviceaccounts', { body: { metadata: { name: 'runner' } } })).status).toBe(201);
  const token = await t.request('POST', '/api/v1/namespaces/default/serviceaccounts/runner/token', { body: { spec: {} } });
  runner = t.kubeconfigFor('runner', { token: token.json().status.token });

  // The workflow, recorded as the admin through kcurl record.
  const journal = join(t.dir, 'workflow.jsonl');
  for (const args of WORKFLOW) {
    const r = await runKcurl(['record', '-q', '--record', journal, '--', KUBECTL_132, ...args], {
      cwd: t.dir,
      env: { HOME: t.dir, KUBECONFIG: t.sb.kubeconfigPath },
    });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
  await reset();
  const derived = await runKcurl(['rbac', journal, '--for-serviceaccount', 'default/runner'], { cwd: t.dir });
  expect(derived.code, derived.stderr).toBe(0);
  rbacYaml = derived.stdout;
});
afterAll(async () => t?.close());

describe('kcurl record --rbac', () => {
  it('prints the Role for what the client just did after the report, on stderr', async () => {
    const r = await runKcurl(['record', '-q', '--rbac', '--resource-names', '--', KUBECTL_132, 'get', 'pod', 'web', '-o', 'name'], {
      cwd: t.dir,
      env: { HOME: t.dir, KUBECONFIG: t.sb.kubeconfigPath },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('pod/web\n');
    expect(r.stderr).toContain(
      'kind: Role\nmetadata:\n  name: kcurl-recorded\n  namespace: default\nrules:\n- apiGroups:\n  - ""\n  resourceNames:\n  - web\n  resources:\n  - pods\n  verbs:\n  - get\n',
    );
  });

  it('refuses a malformed --for-serviceaccount before running the client', async () => {
    const r = await runKcurl(['record', '--rbac', '--for-serviceaccount', 'runner', '--', 'false'], {
      cwd: t.dir,
      env: { HOME: t.dir, KUBECONFIG: t.sb.kubeconfigPath },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: --for-serviceaccount: expected NAMESPACE/NAME, got "runner"; for example --for-serviceaccount default/ci\n');
  });
});

describe('kcurl rbac on a recorded workflow', () => {
  it('derives one Role for the namespace, with subresources and no wildcards, and lists what everyone may already do', () => {
    expect(rbacYaml).toContain('#   create selfsubjectaccessreviews.authorization.k8s.io (system:basic-user)\n');
    expect(rbacYaml).toMatch(/^# {3}get \/api \(system:discovery\)$/m);
    expect(rbacYaml).toContain('  - pods/log\n');
    expect(rbacYaml).not.toContain('*');
    expect(rbacYaml).not.toContain('resourceNames');
    expect(rbacYaml.match(/^kind: \w+/gm)).toEqual(['kind: Role', 'kind: RoleBinding']);
  });

  it('is forbidden before the Role is bound, and every step succeeds after', async () => {
    const before = await workflow(runner);
    expect(before.some((s) => s.code !== 0)).toBe(true);
    const applied = await t.kubectl(['apply', '-f', '-'], { stdin: rbacYaml, env: { HOME: t.dir } });
    expect(applied.code, applied.stderr).toBe(0);
    const after = await workflow(runner);
    for (const s of after) expect(s.code, `${s.step}: ${s.stderr}`).toBe(0);
  });

  it('is minimal: without any one granted verb some step fails', async () => {
    const role = (await t.request('GET', `${RBAC_PATH}/roles/kcurl-recorded`)).json();
    const rules = role.rules as { resources: string[]; verbs: string[] }[];
    const variants = rules.flatMap((r, i) => r.verbs.map((v) => ({ i, v, what: `${v} ${r.resources.join(',')}` })));
    expect(variants.map((x) => x.what).sort()).toEqual(['create configmaps', 'get configmaps', 'get pods', 'get pods/log', 'list pods']);
    try {
      for (const { i, v, what } of variants) {
        const fewer = rules.map((r, j) => (j === i ? { ...r, verbs: r.verbs.filter((x) => x !== v) } : r)).filter((r) => r.verbs.length);
        const put = await t.request('PUT', `${RBAC_PATH}/roles/kcurl-recorded`, {
          body: { ...role, metadata: { ...role.metadata, resourceVersion: undefined }, rules: fewer },
        });
        expect(put.status, put.text).toBe(200);
        const steps = await workflow(runner);
        expect(
          steps.some((s) => s.code !== 0),
          `all steps passed without ${what}`,
        ).toBe(true);
      }
    } finally {
      await t.request('PUT', `${RBAC_PATH}/roles/kcurl-recorded`, { body: { ...role, metadata: { ...role.metadata, resourceVersion: undefined } } });
    }
    const restored = await workflow(runner);
    for (const s of restored) expect(s.code, `${s.step}: ${s.stderr}`).toBe(0);
  });
});
