// RBAC escalation prevention's rule comparison (rule.go Covers/ruleCovers/BreakdownRule, CompactString) and
// the ConfirmNoEscalation message, against a policy held in memory.
import { describe, expect, it } from 'vitest';
import { breakdownRule, compactString, noEscalationError, ruleCovers, uncovered } from '../../../../src/sandbox/authz/escalation.js';
import type { PolicyRule } from '../../../../src/sandbox/authz/rbac.js';
import type { KubeObject, RbacSource, UserInfo } from '../../../../src/sandbox/types.js';

const RBAC = 'rbac.authorization.k8s.io';

describe('ruleCovers (one owner rule against one atomic rule)', () => {
  it.each<[string, PolicyRule, PolicyRule, boolean]>([
    ['exact', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, true],
    ['* verb covers any verb', { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, { verbs: ['delete'], apiGroups: [''], resources: ['pods'] }, true],
    [
      'a list of verbs does not cover *',
      { verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['*'], apiGroups: [''], resources: ['pods'] },
      false,
    ],
    ['* group', { verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] }, { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }, true],
    [
      'other group',
      { verbs: ['get'], apiGroups: [''], resources: ['deployments'] },
      { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] },
      false,
    ],
    [
      '*/scale covers deployments/scale',
      { verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] },
      { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments/scale'] },
      true,
    ],
    [
      '*/scale does not cover deployments',
      { verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] },
      { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] },
      false,
    ],
    [
      'pods does not cover pods/log',
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] },
      false,
    ],
    [
      'no resourceNames covers a named rule',
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'] },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] },
      true,
    ],
    [
      'a named rule does not cover every name',
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'] },
      false,
    ],
    [
      'the same name',
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a', 'b'] },
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['b'] },
      true,
    ],
    ['/logs/* covers /logs/kube.log', { verbs: ['get'], nonResourceURLs: ['/logs/*'] }, { verbs: ['get'], nonResourceURLs: ['/logs/kube.log'] }, true],
    ['/logs/* does not cover /metrics', { verbs: ['get'], nonResourceURLs: ['/logs/*'] }, { verbs: ['get'], nonResourceURLs: ['/metrics'] }, false],
    ['* covers every URL', { verbs: ['*'], nonResourceURLs: ['*'] }, { verbs: ['get'], nonResourceURLs: ['/version'] }, true],
  ])('%s', (_name, owner, sub, covered) => {
    expect(ruleCovers(owner, sub)).toBe(covered);
  });
});

describe('breakdown and the message', () => {
  it('breaks a rule into group × resource × verb × name pieces, and URLs × verbs', () => {
    expect(breakdownRule({ verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['x'], resourceNames: ['n'] })).toHaveLength(4);
    expect(breakdownRule({ verbs: ['get', 'post'], nonResourceURLs: ['/a', '/b'] })).toHaveLength(4);
    expect(breakdownRule({ verbs: ['get'], resources: ['pods'] })).toEqual([]);
  });

  it('compact strings name only the fields set, Go-quoted', () => {
    expect(compactString({ verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets'], resourceNames: ['db'] })).toBe(
      '{APIGroups:[""], Resources:["secrets"], ResourceNames:["db"], Verbs:["get" "list"]}',
    );
    expect(compactString({ verbs: ['*'], nonResourceURLs: ['*'] })).toBe('{NonResourceURLs:["*"], Verbs:["*"]}');
  });

  it('lists what is missing, merged per resource and sorted, with resolution errors after', () => {
    const objects: KubeObject[] = [
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'RoleBinding',
        metadata: { name: 'b', namespace: 'ns' },
        roleRef: { apiGroup: RBAC, kind: 'Role', name: 'gone' },
        subjects: [{ kind: 'User', name: 'u' }],
      },
      { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'r', namespace: 'ns' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] },
      {
        apiVersion: `${RBAC}/v1`,
        kind: 'RoleBinding',
        metadata: { name: 'c', namespace: 'ns' },
        roleRef: { apiGroup: RBAC, kind: 'Role', name: 'r' },
        subjects: [{ kind: 'User', name: 'u' }],
      },
    ];
    const rbac: RbacSource = {
      roles: (ns) => objects.filter((o) => o.kind === 'Role' && o.metadata.namespace === ns),
      roleBindings: (ns) => objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === ns),
      clusterRoles: () => [],
      clusterRoleBindings: () => [],
    };
    const user: UserInfo = { username: 'u', groups: ['g', 'system:authenticated'] };
    const wanted: PolicyRule[] = [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'configmaps'] }];
    expect(
      uncovered(
        rbac.roles('ns').flatMap((r) => r.rules as PolicyRule[]),
        wanted,
      ),
    ).toHaveLength(5);
    expect(noEscalationError(user, 'ns', rbac, wanted)).toBe(
      'user "u" (groups=["g" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["configmaps"], Verbs:["get" "list" "watch"]}\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["list" "watch"]}' +
        `; resolution errors: [roles.${RBAC} "gone" not found]`,
    );
    expect(noEscalationError(user, 'ns', rbac, [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }])).toBeUndefined();
  });
});
