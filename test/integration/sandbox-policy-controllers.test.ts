// ValidatingAdmissionPolicy / ValidatingAdmissionPolicyBinding served (stored, not enforced), and the
// PodDisruptionBudget and HorizontalPodAutoscaler statuses their controllers compute, driven by the real
// kubectl v1.32: `kubectl get` rows (printers.go), `kubectl describe` (kcurl's equal to it), explain and
// validation errors. The HPA controller's sync period is shortened from 15 s for the test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseAges } from '../helpers/ages.js';
import { requireTool } from '../helpers/require-tool.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { eventually, KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
const NS = 'budgets';

const write = (name: string, text: string) => {
  const file = join(t.dir, name);
  writeFileSync(file, text);
  return file;
};
const ok = async (args: string[]) => {
  const r = await t.kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
};
const table = (text: string) => normaliseAges(text, { keepColumnWidth: true });

const POLICIES = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: replica-limit}
spec:
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules:
    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
  validations:
  - {expression: "object.spec.replicas <= int(params.data.max)", message: too many replicas}
  - {expression: "has(object.metadata.labels)"}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: audit-only}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  auditAnnotations: [{key: image, valueExpression: "object.spec.containers[0].image"}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: replica-limit-prod}
spec:
  policyName: replica-limit
  validationActions: [Deny]
  paramRef: {name: limits, namespace: prod, parameterNotFoundAction: Deny}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: replica-limit-any}
spec:
  policyName: replica-limit
  validationActions: [Warn, Audit]
  paramRef: {name: limits, parameterNotFoundAction: Allow}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: replica-limit-selected}
spec:
  policyName: replica-limit
  validationActions: [Audit]
  paramRef:
    selector: {matchLabels: {tier: web, env: prod}, matchExpressions: [{key: zone, operator: In, values: [a, b]}]}
    parameterNotFoundAction: Deny
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: audit-only}
spec:
  policyName: audit-only
  validationActions: [Audit]
  matchResources: {namespaceSelector: {matchLabels: {audit: "true"}}}
`;

const WORKLOADS = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: solo, namespace: ${NS}, labels: {app: solo}}
spec: {containers: [{name: solo, image: nginx}]}
`;

beforeAll(async () => {
  requireTool(KUBECTL_132);
  t = await startTestSandbox({ hpaSyncPeriodMs: 300 });
  await ok(['create', 'namespace', NS]);
  await ok(['apply', '-f', write('workloads.yaml', WORKLOADS)]);
  await ok(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=60s']);
  await ok(['wait', '--for=condition=Ready', 'pod/solo', '-n', NS, '--timeout=60s']);
}, 90_000);
afterAll(async () => {
  await t?.close();
});

describe('ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding', () => {
  beforeAll(async () => {
    await ok(['apply', '-f', write('policies.yaml', POLICIES)]);
  });

  it('kubectl get prints the columns of printers.go', async () => {
    expect(table(await ok(['get', 'validatingadmissionpolicies']))).toBe(
      'NAME            VALIDATIONS   PARAMKIND      AGE\naudit-only      0             <unset>        <age>\nreplica-limit   2             v1/ConfigMap   <age>\n',
    );
    const columns = (text: string) => text.replace(/ {2,}/g, '   ');
    expect(columns(table(await ok(['get', 'validatingadmissionpolicybindings'])))).toBe(
      [
        'NAME                     POLICYNAME      PARAMREF                                                                                                                                                                    AGE',
        'audit-only               audit-only      <unset>                                                                                                                                                                     <age>',
        'replica-limit-any        replica-limit   */limits                                                                                                                                                                    <age>',
        'replica-limit-prod       replica-limit   prod/limits                                                                                                                                                                 <age>',
        'replica-limit-selected   replica-limit   &LabelSelector{MatchLabels:map[string]string{env: prod,tier: web,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:zone,Operator:In,Values:[a b],},},}   <age>',
        '',
      ]
        .map(columns)
        .join('\n'),
    );
  });

  it('defaults, and the status controller reports the generation type-checked', async () => {
    const policy = await eventually(async () => {
      const p = JSON.parse(await ok(['get', 'validatingadmissionpolicy', 'replica-limit', '-o', 'json', '--show-managed-fields']));
      return p.status.observedGeneration ? p : undefined;
    }, 'the policy status');
    expect(policy.status).toEqual({ observedGeneration: 1, typeChecking: {} });
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints).toEqual({
      resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'], scope: '*' }],
      namespaceSelector: {},
      objectSelector: {},
      matchPolicy: 'Equivalent',
    });
    const managers = policy.metadata.managedFields.map((m: { manager: string; subresource?: string }) => [m.manager, m.subresource ?? '']);
    expect(managers).toContainEqual(['validatingadmissionpolicy-status', 'status']);
    const binding = JSON.parse(await ok(['get', 'validatingadmissionpolicybinding', 'audit-only', '-o', 'json']));
    expect(binding.spec.matchResources).toEqual({ namespaceSelector: { matchLabels: { audit: 'true' } }, objectSelector: {}, matchPolicy: 'Equivalent' });
  });

  it('validation errors read as the real server words them', async () => {
    const bad = await t.kubectl(['apply', '-f', '-'], {
      stdin:
        'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: bad}\nspec:\n  validationActions: [Deny, Warn]\n',
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'The ValidatingAdmissionPolicyBinding "bad" is invalid: \n* spec.policyName: Required value\n* spec.validationActions: Invalid value: [Deny Warn]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)\n',
    );
    const empty = await t.kubectl(['apply', '-f', '-'], {
      stdin: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: empty}\nspec: {}\n',
    });
    expect(empty.stderr).toBe(
      'The ValidatingAdmissionPolicy "empty" is invalid: \n* spec.matchConstraints: Required value\n* spec.validations: Required value: validations or auditAnnotations must contain at least one item\n* spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item\n',
    );
  });

  it('policies are stored, not enforced: a Deployment the policy would deny is admitted', async () => {
    await ok(['create', 'configmap', 'limits', '-n', 'default', '--from-literal=max=1']);
    expect(await ok(['create', 'deployment', 'big', '-n', 'default', '--image=nginx', '--replicas=5'])).toBe('deployment.apps/big created\n');
  });

  it('kubectl explain reads the served schema', async () => {
    const out = await ok(['explain', 'validatingadmissionpolicybinding.spec.paramRef']);
    expect(out).toContain('parameterNotFoundAction\t<string>');
    expect(out).toContain('selector\t<LabelSelector>');
  });

  it.each([
    ['validatingadmissionpolicy', 'replica-limit'],
    ['validatingadmissionpolicybinding', 'replica-limit-selected'],
  ])('kcurl describe %s equals kubectl describe', async (kind, name) => {
    const k = await t.kubectl(['describe', kind, name]);
    const c = await runKcurl(['describe', kind, name, '--kubeconfig', t.sb.kubeconfigPath, '-q']);
    expect(k.code).toBe(0);
    expect(k.stdout).toContain(`Kind:         ${kind === 'validatingadmissionpolicy' ? 'ValidatingAdmissionPolicy' : 'ValidatingAdmissionPolicyBinding'}`);
    expect(normaliseAges(c.stdout)).toBe(normaliseAges(k.stdout));
  });
});

describe('PodDisruptionBudget status (the disruption controller)', () => {
  beforeAll(async () => {
    await ok(['create', 'pdb', 'web-half', '-n', NS, '--selector=app=web', '--min-available=50%']);
    await ok(['create', 'pdb', 'web-max', '-n', NS, '--selector=app=web', '--max-unavailable=1']);
    await ok(['create', 'pdb', 'web-all', '-n', NS, '--selector=app=web', '--min-available=3']);
    await ok(['create', 'pdb', 'solo', '-n', NS, '--selector=app=solo', '--max-unavailable=50%']);
    await ok(['create', 'pdb', 'nothing', '-n', NS, '--selector=app=nothing', '--min-available=1']);
    await eventually(async () => {
      const items = JSON.parse(await ok(['get', 'pdb', '-n', NS, '-o', 'json'])).items as { status: { conditions?: unknown[] } }[];
      return items.every((p) => p.status.conditions) ? true : undefined;
    }, 'every PDB status');
  });

  it('kubectl get pdb: allowed disruptions from the Ready pods', async () => {
    expect(table(await ok(['get', 'pdb', '-n', NS]))).toBe(
      [
        'NAME       MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE',
        'nothing    1               N/A               0                     <age>',
        'solo       N/A             50%               0                     <age>',
        'web-all    3               N/A               0                     <age>',
        'web-half   50%             N/A               1                     <age>',
        'web-max    N/A             1                 1                     <age>',
        '',
      ].join('\n'),
    );
  });

  it('status and the DisruptionAllowed condition', async () => {
    const pdb = JSON.parse(await ok(['get', 'pdb', 'web-half', '-n', NS, '-o', 'json']));
    expect(pdb.status).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      conditions: [
        { type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: expect.any(String), reason: 'SufficientPods', message: '' },
      ],
    });
    const all = JSON.parse(await ok(['get', 'pdb', 'web-all', '-n', NS, '-o', 'json']));
    expect(all.status.conditions[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
  });

  it('scaling the Deployment moves expected and healthy pods', async () => {
    await ok(['scale', 'deployment', 'web', '-n', NS, '--replicas=4']);
    const status = await eventually(async () => {
      const s = JSON.parse(await ok(['get', 'pdb', 'web-half', '-n', NS, '-o', 'json'])).status;
      return s.currentHealthy === 4 ? s : undefined;
    }, 'four healthy pods');
    expect(status).toMatchObject({ disruptionsAllowed: 2, currentHealthy: 4, desiredHealthy: 2, expectedPods: 4 });
  }, 60_000);

  it.each(['web-half', 'solo', 'nothing'])('kubectl describe pdb %s (kcurl prints the same)', async (name) => {
    const k = await t.kubectl(['describe', 'pdb', name, '-n', NS]);
    const c = await runKcurl(['describe', 'pdb', name, '-n', NS, '--kubeconfig', t.sb.kubeconfigPath, '-q']);
    expect(k.code).toBe(0);
    expect(normaliseAges(c.stdout)).toBe(normaliseAges(k.stdout));
    if (name === 'nothing') expect(k.stdout).toMatch(/Normal {2}NoPods .* controllermanager {2}No matching pods found\n/);
    if (name === 'solo') expect(k.stdout).toContain('Warning  UnmanagedPods');
    if (name === 'web-half') expect(k.stdout).toContain('Status:\n    Allowed disruptions:  ');
  });
});

describe('HorizontalPodAutoscaler status (no metrics server)', () => {
  beforeAll(async () => {
    await ok(['autoscale', 'deployment', 'web', '-n', NS, '--min=2', '--max=6', '--cpu-percent=50']);
    await ok(['autoscale', 'deployment', 'missing', '-n', NS, '--min=1', '--max=3']).catch(() => undefined);
    await ok([
      'apply',
      '-f',
      write(
        'hpa-missing.yaml',
        `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: missing, namespace: ${NS}}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: missing}\n  minReplicas: 1\n  maxReplicas: 3\n`,
      ),
    ]);
    await eventually(async () => {
      const items = JSON.parse(await ok(['get', 'hpa', '-n', NS, '-o', 'json'])).items as { status: { conditions?: unknown[] } }[];
      return items.every((h) => (h.status.conditions?.length ?? 0) > 0) ? true : undefined;
    }, 'every HPA status');
  }, 60_000);

  it('kubectl get hpa: <unknown> targets and the current replicas', async () => {
    const out = table(await ok(['get', 'hpa', '-n', NS]));
    expect(out.split('\n')[0]).toBe('NAME      REFERENCE            TARGETS              MINPODS   MAXPODS   REPLICAS   AGE');
    expect(out.split('\n')[1]).toBe('missing   Deployment/missing   cpu: <unknown>/80%   1         3         0          <age>');
    expect(out.split('\n')[2]).toMatch(/^web {7}Deployment\/web {7}cpu: <unknown>\/50% {3}2 {9}6 {9}[34] {10}<age>$/);
  });

  it('conditions as the HPA controller sets them when metrics.k8s.io is not served', async () => {
    const web = JSON.parse(await ok(['get', 'hpa', 'web', '-n', NS, '-o', 'json']));
    expect(web.status.currentMetrics).toEqual([{ type: '' }]);
    expect(web.status.conditions.map((c: Record<string, string>) => [c.type, c.status, c.reason])).toEqual([
      ['AbleToScale', 'True', 'SucceededGetScale'],
      ['ScalingActive', 'False', 'FailedGetResourceMetric'],
    ]);
    const missing = JSON.parse(await ok(['get', 'hpa', 'missing', '-n', NS, '-o', 'json']));
    expect(missing.status.conditions).toEqual([
      {
        type: 'AbleToScale',
        status: 'False',
        lastTransitionTime: expect.any(String),
        reason: 'FailedGetScale',
        message: 'the HPA controller was unable to get the target\'s current scale: deployments.apps "missing" not found',
      },
    ]);
  });

  it("kubectl describe hpa: conditions and the controller's events (kcurl prints the same)", async () => {
    const k = await t.kubectl(['describe', 'hpa', 'web', '-n', NS]);
    expect(k.stdout).toContain(
      '  ScalingActive  False   FailedGetResourceMetric  the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)\n',
    );
    expect(k.stdout).toMatch(
      /Warning {2}FailedComputeMetricsReplicas .* horizontal-pod-autoscaler {2}invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu resource metric value: /,
    );
    // Events are counted as the controller syncs again: compare once they stop moving within a sync period.
    const c = await runKcurl(['describe', 'hpa', 'missing', '-n', NS, '--kubeconfig', t.sb.kubeconfigPath, '-q']);
    const k2 = await t.kubectl(['describe', 'hpa', 'missing', '-n', NS]);
    const strip = (s: string) => normaliseAges(s).replace(/\(x\d+ over <age>\)/g, '(xN over <age>)');
    expect(strip(c.stdout)).toBe(strip(k2.stdout));
  });

  it('a target below minReplicas is scaled up (SuccessfulRescale)', async () => {
    await ok(['create', 'deployment', 'small', '-n', NS, '--image=nginx', '--replicas=1']);
    await ok(['autoscale', 'deployment', 'small', '-n', NS, '--min=2', '--max=4']);
    const replicas = await eventually(async () => {
      const d = JSON.parse(await ok(['get', 'deployment', 'small', '-n', NS, '-o', 'json']));
      return d.spec.replicas === 2 ? d.spec.replicas : undefined;
    }, 'the rescale');
    expect(replicas).toBe(2);
    const events = await ok([
      'get',
      'events',
      '-n',
      NS,
      '--field-selector=involvedObject.name=small,involvedObject.kind=HorizontalPodAutoscaler',
      '-o',
      'jsonpath={.items[*].message}',
    ]);
    expect(events).toContain('New size: 2; reason: Current number of replicas below Spec.MinReplicas');
  });
});
