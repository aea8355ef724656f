// Validation and the 422 Status: the exact body a real server sent, and the common invalid objects with the
// field paths and texts kube-apiserver reports for them.
import { describe, expect, it } from 'vitest';
import { applyDefaults, invalidStatus, validate } from '../../../../src/sandbox/defaults/defaults.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';
import { fixtureJson } from '../../../helpers/fixtures.js';

const fixture = fixtureJson;

/** Defaults then validates, the order kube-apiserver runs them in. */
function check(group: string, resource: string, obj: KubeObject, old?: KubeObject): string[] {
  applyDefaults(group, resource, obj, { randomSuffix: () => 'abcde', operation: old ? 'update' : 'create' });
  return validate(group, resource, obj, old).map((e) => `${e.field}: ${e.message}`);
}

const pod = (spec: Record<string, unknown>, name = 'p'): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec });
const deployment = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec,
});
const template = (labels: Record<string, string>, podSpec: Record<string, unknown> = { containers: [{ name: 'c', image: 'nginx' }] }) => ({
  metadata: { labels },
  spec: podSpec,
});

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('invalidStatus', () => {
  it('matches the 422 a real server sent for a pod with a bad name and no containers', () => {
    const reference = fixture('errors/422-invalid-pod.json');
    const obj = pod({}, 'Bad_Name');
    applyDefaults('', 'pods', obj, { randomSuffix: () => 'abcde' });
    const errors = validate('', 'pods', obj);
    expect(invalidStatus('Pod', 'Bad_Name', errors)).toEqual(reference);
  });

  it('one error is not bracketed, duplicates are reported once, and the kind is group-qualified', () => {
    const err = { field: 'spec.selector', type: 'FieldValueRequired', message: 'Required value' };
    expect(invalidStatus('Deployment', 'web', [err, err], 'apps')).toMatchObject({
      message: 'Deployment.apps "web" is invalid: spec.selector: Required value',
      details: { name: 'web', group: 'apps', kind: 'Deployment' },
      code: 422,
    });
  });
});

describe('validate: objects kube-apiserver rejects', () => {
  it.each([
    ['a pod without an image', '', 'pods', pod({ containers: [{ name: 'app' }] }), ['spec.containers[0].image: Required value']],
    [
      'a pod with a bad container name and duplicates',
      '',
      'pods',
      pod({
        containers: [
          { name: 'App', image: 'nginx' },
          { name: 'b', image: 'nginx' },
        ],
        initContainers: [{ name: 'b', image: 'busybox' }],
      }),
      [`spec.containers[0].name: Invalid value: "App": ${LABEL_MSG}`, 'spec.initContainers[0].name: Duplicate value: "b"'],
    ],
    [
      'a pod with bad ports, pull policy and restart policy',
      '',
      'pods',
      pod({
        containers: [{ name: 'a', image: 'nginx', imagePullPolicy: 'Sometimes', ports: [{ containerPort: 70000 }, { containerPort: 80, protocol: 'HTTP' }] }],
        restartPolicy: 'Sometimes',
      }),
      [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
        'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    ],
    [
      'a volume mount of an unknown volume',
      '',
      'pods',
      pod({ containers: [{ name: 'a', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }),
      ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ],
    [
      'a deployment whose selector does not match its template',
      'apps',
      'deployments',
      deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'api', tier: 'be' }) }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"api", "tier":"be"}: `selector` does not match template `labels`'],
    ],
    ['a deployment without a selector', 'apps', 'deployments', deployment({ template: template({ app: 'web' }) }), ['spec.selector: Required value']],
    [
      'a deployment whose pods may not restart',
      'apps',
      'deployments',
      deployment({
        replicas: -1,
        selector: { matchLabels: { app: 'web' } },
        template: template({ app: 'web' }, { containers: [{ name: 'c', image: 'nginx' }], restartPolicy: 'Never' }),
      }),
      [
        'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      ],
    ],
    [
      'a job left with the default restartPolicy Always',
      'batch',
      'jobs',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'pi', namespace: 'default' },
        spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
      },
      ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'],
    ],
    [
      'a service without ports',
      '',
      'services',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'default' }, spec: { clusterIP: '10.96.0.50' } },
      ['spec.ports: Required value'],
    ],
    [
      'a service name that is no DNS-1035 label',
      '',
      'services',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '1svc', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ port: 80 }, { port: 81 }] } },
      [
        `metadata.name: Invalid value: "1svc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
        'spec.ports[0].name: Required value',
        'spec.ports[1].name: Required value',
      ],
    ],
    [
      'a namespace name with a dot',
      '',
      'namespaces',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } },
      [`metadata.name: Invalid value: "team.a": ${LABEL_MSG}`],
    ],
    [
      'an object without a name',
      '',
      'configmaps',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', namespace: 'default' } },
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'a configmap name in capitals',
      '',
      'configmaps',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Config', namespace: 'default' } },
      [`metadata.name: Invalid value: "Config": ${SUBDOMAIN_MSG}`],
    ],
    [
      'a label value with spaces',
      '',
      'configmaps',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', labels: { team: 'a b' } } },
      [
        `metadata.labels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    ],
    [
      'a configmap key with a space',
      '',
      'configmaps',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { 'bad key': 'x' } },
      [
        `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      ],
    ],
    [
      'a role rule without verbs or api groups',
      'rbac.authorization.k8s.io',
      'roles',
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'default' }, rules: [{ resources: ['pods'] }] },
      [
        'rules[0].verbs: Required value: verbs must contain at least one value',
        'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      ],
    ],
    [
      'a cluster role binding to a Role, with a namespace-less service account',
      'rbac.authorization.k8s.io',
      'clusterrolebindings',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'b' },
        roleRef: { kind: 'Role', name: 'r' },
        subjects: [
          { kind: 'ServiceAccount', name: 'ci' },
          { kind: 'Robot', name: 'r2' },
        ],
      },
      [
        'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
        'subjects[0].namespace: Required value',
        'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
      ],
    ],
  ])('%s', (_name, group, resource, obj, expected) => {
    expect(check(group, resource, obj as KubeObject)).toEqual(expected);
  });

  it.each([
    ['a pod', '', 'pods', pod({ containers: [{ name: 'app', image: 'nginx' }] })],
    [
      'a deployment',
      'apps',
      'deployments',
      deployment({ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, template: template({ app: 'web' }) }),
    ],
    [
      'a headless service',
      '',
      'services',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'db' } } },
    ],
    ['a namespace', '', 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'example.com/owner': 'me' } } }],
    [
      'a statefulset whose containers mount its volumeClaimTemplates',
      'apps',
      'statefulsets',
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          serviceName: 'web',
          selector: { matchLabels: { app: 'web' } },
          template: template({ app: 'web' }, { containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }),
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      },
    ],
  ])('accepts %s', (_name, group, resource, obj) => {
    expect(check(group, resource, obj as KubeObject)).toEqual([]);
  });
});

describe('validate: updates', () => {
  const created = () => {
    const p = pod({ containers: [{ name: 'app', image: 'nginx:1.26', ports: [{ containerPort: 80 }] }] });
    applyDefaults('', 'pods', p, { randomSuffix: () => 'abcde' });
    return p;
  };

  it('a pod may change its image', () => {
    const old = created();
    const next = structuredClone(old);
    (next.spec as any).containers[0].image = 'nginx:1.27';
    expect(validate('', 'pods', next, old)).toEqual([]);
  });

  it('a pod may not change anything else in its spec', () => {
    const old = created();
    const next = structuredClone(old);
    (next.spec as any).containers[0].ports[0].containerPort = 8080;
    const [err, ...rest] = validate('', 'pods', next, old);
    expect(rest).toEqual([]);
    expect(err.field).toBe('spec');
    expect(err.type).toBe('FieldValueForbidden');
    expect(err.message).toMatch(
      /^Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
    // The go-cmp diff of the internal core.PodSpec follows (its layout is tested in pod-spec-diff.test.ts).
    expect(err.message).toContain('\n  core.PodSpec{\n');
    expect(err.message).toMatch(/\n- \t+ContainerPort: 80,\n\+ \t+ContainerPort: 8080,\n/);
  });

  it('a pod may add tolerations and change their tolerationSeconds, but not drop or change one', () => {
    const old = created();
    (old.spec as any).tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
    const added = structuredClone(old);
    (added.spec as any).tolerations = [
      { ...(old.spec as any).tolerations[0], tolerationSeconds: 60 },
      { key: 'gpu', operator: 'Exists' },
    ];
    expect(validate('', 'pods', added, old)).toEqual([]);
    const dropped = structuredClone(old);
    (dropped.spec as any).tolerations = [{ key: 'gpu', operator: 'Exists' }];
    expect(validate('', 'pods', dropped, old).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });

  it('a pod may not add or remove a container, and says so before comparing the rest', () => {
    const old = created();
    const next = structuredClone(old);
    (next.spec as any).containers.push({ ...(next.spec as any).containers[0], name: 'sidecar' });
    expect(validate('', 'pods', next, old).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });

  it('a deployment selector is immutable', () => {
    const old = deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web', v: '2' }) });
    applyDefaults('apps', 'deployments', old);
    const next = structuredClone(old);
    (next.spec as any).selector = { matchLabels: { app: 'web', v: '2' } };
    expect(validate('apps', 'deployments', next, old).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('a role binding cannot change its roleRef', () => {
    const old: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'default' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [],
    };
    const next = structuredClone(old);
    (next.roleRef as any).name = 'edit';
    expect(validate('rbac.authorization.k8s.io', 'rolebindings', next, old).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
  });

  it('a service keeps its cluster IP', () => {
    const old: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default' },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ports: [{ port: 80, protocol: 'TCP' }] },
    };
    const next = structuredClone(old);
    (next.spec as any).clusterIPs = ['10.96.0.21'];
    expect(validate('', 'services', next, old).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.21"}: may not change once set',
    ]);
  });
});
