// RBAC authorization: each rule feature of the k8s RBAC authorizer, the superuser group, service account
// subjects, the 403 texts compared with real responses, rules reviews and the bootstrap policy.
import { describe, expect, it } from 'vitest';
import { authorize, bootstrapRbacObjects, forbiddenMessage, forbiddenStatus, rulesReview } from '../../../../src/sandbox/authz/rbac.js';
import type { KubeObject, RbacSource, RequestAttributes, UserInfo } from '../../../../src/sandbox/types.js';
import { fixtureJson } from '../../../helpers/fixtures.js';

const fixture = fixtureJson;
const RBAC = 'rbac.authorization.k8s.io';

function source(objects: KubeObject[]): RbacSource {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  return {
    roles: (ns) => of('Role').filter((o) => o.metadata.namespace === ns),
    roleBindings: (ns) => of('RoleBinding').filter((o) => o.metadata.namespace === ns),
    clusterRoles: () => of('ClusterRole'),
    clusterRoleBindings: () => of('ClusterRoleBinding'),
  };
}

const role = (name: string, namespace: string | undefined, rules: object[]): KubeObject => ({
  apiVersion: `${RBAC}/v1`,
  kind: namespace ? 'Role' : 'ClusterRole',
  metadata: namespace ? { name, namespace } : { name },
  rules,
});
const binding = (name: string, namespace: string | undefined, roleRef: { kind: string; name: string }, subjects: object[]): KubeObject => ({
  apiVersion: `${RBAC}/v1`,
  kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
  metadata: namespace ? { name, namespace } : { name },
  roleRef: { apiGroup: RBAC, ...roleRef },
  subjects,
});

const alice: UserInfo = { username: 'alice', groups: ['devs', 'system:authenticated'] };
const ciSa: UserInfo = {
  username: 'system:serviceaccount:build:ci',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:build', 'system:authenticated'],
};

function req(user: UserInfo, verb: string, resource: string, more: Partial<RequestAttributes> = {}): RequestAttributes {
  return { user, verb, isResourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', resource, subresource: '', namespace: 'default', name: '', ...more };
}
const nonResource = (user: UserInfo, verb: string, path: string): RequestAttributes => ({
  user,
  verb,
  isResourceRequest: false,
  path,
  apiGroup: '',
  apiVersion: '',
  resource: '',
  subresource: '',
  namespace: '',
  name: '',
});

const policy = source([
  ...bootstrapRbacObjects(),
  role('pod-reader', 'default', [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }]),
  binding('alice-reads-pods', 'default', { kind: 'Role', name: 'pod-reader' }, [{ kind: 'User', apiGroup: RBAC, name: 'alice' }]),
  role('one-secret', 'default', [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['db-password'], verbs: ['get', 'list', 'watch'] }]),
  binding('devs-one-secret', 'default', { kind: 'Role', name: 'one-secret' }, [{ kind: 'Group', apiGroup: RBAC, name: 'devs' }]),
  role('scaler', undefined, [{ apiGroups: ['apps'], resources: ['*/scale'], verbs: ['*'] }]),
  binding('ci-scales', undefined, { kind: 'ClusterRole', name: 'scaler' }, [{ kind: 'ServiceAccount', name: 'ci', namespace: 'build' }]),
  binding('ci-views-build', 'build', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'ci' }]),
  role('metrics', undefined, [{ nonResourceURLs: ['/metrics', '/logs/*'], verbs: ['get'] }]),
  binding('alice-metrics', undefined, { kind: 'ClusterRole', name: 'metrics' }, [{ kind: 'User', apiGroup: RBAC, name: 'alice' }]),
]);

describe('authorize', () => {
  it.each([
    [
      'a Role via RoleBinding grants in its namespace',
      req(alice, 'list', 'pods'),
      true,
      'RBAC: allowed by RoleBinding "alice-reads-pods/default" of Role "pod-reader" to User "alice"',
    ],
    ['… but not in another namespace', req(alice, 'list', 'pods', { namespace: 'kube-system' }), false, ''],
    ['… nor at the cluster scope', req(alice, 'list', 'pods', { namespace: '' }), false, ''],
    [
      'a rule lists subresources explicitly',
      req(alice, 'get', 'pods', { subresource: 'log', name: 'web' }),
      true,
      'RBAC: allowed by RoleBinding "alice-reads-pods/default" of Role "pod-reader" to User "alice"',
    ],
    ['an unlisted subresource is not covered by its parent', req(alice, 'create', 'pods', { subresource: 'exec', name: 'web' }), false, ''],
    ['a verb not in the rule', req(alice, 'delete', 'pods', { name: 'web' }), false, ''],
    [
      'resourceNames: the named object',
      req(alice, 'get', 'secrets', { name: 'db-password' }),
      true,
      'RBAC: allowed by RoleBinding "devs-one-secret/default" of Role "one-secret" to Group "devs"',
    ],
    ['resourceNames: another object', req(alice, 'get', 'secrets', { name: 'other' }), false, ''],
    ['resourceNames: a list without a name never matches', req(alice, 'list', 'secrets'), false, ''],
    [
      'resourceNames: a list narrowed to the name (fieldSelector metadata.name)',
      req(alice, 'list', 'secrets', { name: 'db-password' }),
      true,
      'RBAC: allowed by RoleBinding "devs-one-secret/default" of Role "one-secret" to Group "devs"',
    ],
    [
      '*/scale matches any resource’s scale subresource',
      req(ciSa, 'update', 'deployments', { apiGroup: 'apps', subresource: 'scale', namespace: 'prod', name: 'web' }),
      true,
      'RBAC: allowed by ClusterRoleBinding "ci-scales" of ClusterRole "scaler" to ServiceAccount "ci/build"',
    ],
    ['*/scale does not match the resource itself', req(ciSa, 'update', 'deployments', { apiGroup: 'apps', namespace: 'prod', name: 'web' }), false, ''],
    [
      '*/scale does not match another api group',
      req(ciSa, 'update', 'replicationcontrollers', { subresource: 'scale', namespace: 'prod', name: 'web' }),
      false,
      '',
    ],
    [
      'a ServiceAccount subject without namespace means the binding’s namespace',
      req(ciSa, 'list', 'deployments', { apiGroup: 'apps', namespace: 'build' }),
      true,
      'RBAC: allowed by RoleBinding "ci-views-build/build" of ClusterRole "view" to ServiceAccount "ci/build"',
    ],
    ['a ClusterRole bound by a RoleBinding grants only there', req(ciSa, 'list', 'deployments', { apiGroup: 'apps', namespace: 'default' }), false, ''],
    [
      'non-resource URL, exact',
      nonResource(alice, 'get', '/metrics'),
      true,
      'RBAC: allowed by ClusterRoleBinding "alice-metrics" of ClusterRole "metrics" to User "alice"',
    ],
    [
      'non-resource URL, trailing * prefix',
      nonResource(alice, 'get', '/logs/kube-apiserver.log'),
      true,
      'RBAC: allowed by ClusterRoleBinding "alice-metrics" of ClusterRole "metrics" to User "alice"',
    ],
    ['non-resource URL, other verb', nonResource(alice, 'post', '/metrics'), false, ''],
    [
      'bootstrap: every authenticated user may discover the API',
      nonResource(ciSa, 'get', '/apis/apps/v1'),
      true,
      'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    ],
    [
      'bootstrap: anonymous users may read /version',
      nonResource({ username: 'system:anonymous', groups: ['system:unauthenticated'] }, 'get', '/version'),
      true,
      'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"',
    ],
    ['bootstrap: anonymous users may not list pods', req({ username: 'system:anonymous', groups: ['system:unauthenticated'] }, 'list', 'pods'), false, ''],
    [
      'bootstrap: self reviews for everyone authenticated',
      req(ciSa, 'create', 'selfsubjectaccessreviews', { apiGroup: 'authorization.k8s.io', namespace: '' }),
      true,
      'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
    ],
    [
      'system:masters is allowed everything, before RBAC (no reason)',
      req({ username: 'admin', groups: ['system:masters', 'system:authenticated'] }, 'delete', 'nodes', { namespace: '', name: 'n1' }),
      true,
      '',
    ],
  ])('%s', (_name, attrs, allowed, reason) => {
    expect(authorize(attrs, policy)).toEqual({ allowed, reason });
  });

  it('a user bound to cluster-admin through a ClusterRoleBinding is allowed by RBAC', () => {
    const rbac = source([
      ...bootstrapRbacObjects(),
      binding('root', undefined, { kind: 'ClusterRole', name: 'cluster-admin' }, [{ kind: 'User', apiGroup: RBAC, name: 'root' }]),
    ]);
    expect(authorize(req({ username: 'root', groups: [] }, 'get', 'secrets', { name: 's' }), rbac)).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "root" of ClusterRole "cluster-admin" to User "root"',
    });
  });

  it('a denial names bindings whose role is missing', () => {
    const rbac = source([
      binding('dangling', 'default', { kind: 'Role', name: 'gone' }, [{ kind: 'User', apiGroup: RBAC, name: 'alice' }]),
      binding('dangling2', undefined, { kind: 'ClusterRole', name: 'gone-too' }, [{ kind: 'User', apiGroup: RBAC, name: 'alice' }]),
    ]);
    expect(authorize(req(alice, 'get', 'pods', { name: 'x' }), rbac)).toEqual({
      allowed: false,
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "gone-too" not found, role.rbac.authorization.k8s.io "gone" not found]',
    });
  });
});

describe('forbidden messages match kube-apiserver', () => {
  const mysa: UserInfo = {
    username: 'system:serviceaccount:default:mysa',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
  };
  it.each([
    ['403-sa-cannot-list-pods', req(mysa, 'list', 'pods')],
    ['403-sa-cannot-get-secret', req(mysa, 'get', 'secrets', { name: 'my-secret' })],
    ['403-sa-cannot-list-cluster-scoped', req(mysa, 'list', 'nodes', { namespace: '' })],
  ])('%s', (file, attrs) => {
    const reference = fixture(`errors/${file}.json`);
    expect(authorize(attrs, source(bootstrapRbacObjects())).allowed).toBe(false);
    expect(forbiddenMessage(attrs)).toBe(reference.message);
    expect(forbiddenStatus(attrs)).toEqual(reference);
  });

  it.each([
    [
      'pods "web" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"',
      req(alice, 'get', 'pods', { subresource: 'log', name: 'web' }),
    ],
    [
      'deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" in the namespace "default"',
      req(alice, 'list', 'deployments', { apiGroup: 'apps' }),
    ],
    ['forbidden: User "alice" cannot get path "/metrics"', nonResource(alice, 'get', '/metrics')],
  ])('%s', (message, attrs) => {
    expect(forbiddenMessage(attrs)).toBe(message);
  });

  it('a non-resource 403 has empty details; a reason is appended', () => {
    expect(forbiddenStatus(nonResource(alice, 'get', '/metrics'))).toMatchObject({ details: {}, code: 403, reason: 'Forbidden' });
    expect(forbiddenMessage(req(alice, 'list', 'pods'), 'RBAC: role.rbac.authorization.k8s.io "gone" not found')).toBe(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io "gone" not found',
    );
  });
});

describe('rulesReview', () => {
  it('lists cluster-wide rules, then the namespace’s', () => {
    const status = rulesReview(alice, 'default', policy);
    expect(status.incomplete).toBe(false);
    expect(status.evaluationError).toBeUndefined();
    expect(status.resourceRules).toEqual([
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets'], resourceNames: ['db-password'] },
    ]);
    expect(status.nonResourceRules).toEqual([
      {
        verbs: ['get'],
        nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'],
      },
      { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
      { verbs: ['get'], nonResourceURLs: ['/metrics', '/logs/*'] },
    ]);
  });

  it('reports bindings to missing roles as the evaluation error', () => {
    const rbac = source([binding('dangling', 'default', { kind: 'Role', name: 'gone' }, [{ kind: 'User', apiGroup: RBAC, name: 'alice' }])]);
    expect(rulesReview(alice, 'default', rbac)).toEqual({
      resourceRules: [],
      nonResourceRules: [],
      incomplete: false,
      evaluationError: 'role.rbac.authorization.k8s.io "gone" not found',
    });
  });

  it('system:masters sees the cluster-admin rules', () => {
    const status = rulesReview({ username: 'admin', groups: ['system:masters', 'system:authenticated'] }, 'default', source(bootstrapRbacObjects()));
    expect(status.resourceRules[0]).toEqual({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    expect(status.nonResourceRules[0]).toEqual({ verbs: ['*'], nonResourceURLs: ['*'] });
    expect(status.evaluationError).toBeUndefined();
  });
});

describe('bootstrapRbacObjects', () => {
  const real = fixture('objects/list-clusterroles.rbac.authorization.k8s.io.json').items as KubeObject[];
  const ours = bootstrapRbacObjects();

  it.each([
    'cluster-admin',
    'admin',
    'edit',
    'view',
    'system:aggregate-to-admin',
    'system:aggregate-to-edit',
    'system:aggregate-to-view',
    'system:discovery',
    'system:public-info-viewer',
  ])('cluster role %s has the rules, labels and annotations of a real server', (name) => {
    const theirs = real.find((r) => r.metadata.name === name)!;
    const mine = ours.find((r) => r.kind === 'ClusterRole' && r.metadata.name === name)!;
    expect(mine.rules).toEqual(theirs.rules);
    expect(mine.aggregationRule).toEqual(theirs.aggregationRule);
    expect(mine.metadata.labels).toEqual(theirs.metadata.labels);
    expect(mine.metadata.annotations).toEqual(theirs.metadata.annotations);
  });

  it('system:basic-user also allows SelfSubjectReview (v1.28+)', () => {
    const mine = ours.find((r) => r.metadata.name === 'system:basic-user')!;
    const theirs = real.find((r) => r.metadata.name === 'system:basic-user')!;
    expect(mine.rules).toEqual([...(theirs.rules as object[]), { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] }]);
  });

  it('binds the bootstrap roles to their groups', () => {
    const bindings = ours.filter((o) => o.kind === 'ClusterRoleBinding');
    expect(
      bindings.map((b) => [
        b.metadata.name,
        (b.roleRef as { name: string }).name,
        (b.subjects as { kind: string; name: string }[]).map((s) => `${s.kind}:${s.name}`),
      ]),
    ).toEqual([
      ['cluster-admin', 'cluster-admin', ['Group:system:masters']],
      ['system:basic-user', 'system:basic-user', ['Group:system:authenticated']],
      ['system:discovery', 'system:discovery', ['Group:system:authenticated']],
      ['system:public-info-viewer', 'system:public-info-viewer', ['Group:system:authenticated', 'Group:system:unauthenticated']],
      ['system:service-account-issuer-discovery', 'system:service-account-issuer-discovery', ['Group:system:serviceaccounts']],
    ]);
    for (const b of bindings) {
      expect(b.metadata.labels).toEqual({ 'kubernetes.io/bootstrapping': 'rbac-defaults' });
      expect(b.metadata.annotations).toEqual({ 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
    }
  });

  it('returns fresh copies', () => {
    const a = bootstrapRbacObjects();
    (a[0].rules as object[]).length = 0;
    expect((bootstrapRbacObjects()[0].rules as object[]).length).toBeGreaterThan(0);
  });
});
