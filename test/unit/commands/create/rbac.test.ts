// kubectl create role|clusterrole|rolebinding|clusterrolebinding's objects and checks (src/commands/create/rbac.ts),
// against the built-in v1.32 resource table as the RESTMapper.
import { describe, expect, it } from 'vitest';
import { binding, clusterRole, type completeRole, role } from '../../../../src/commands/create/rbac.js';
import { builtinCatalog, resourceFor } from '../../../../src/kube/resources.js';

const mapper = (gr: { group: string; resource: string }) => resourceFor(builtinCatalog(), gr);
const input = (o: Partial<Parameters<typeof completeRole>[0]>) => ({
  verbs: [],
  resources: [],
  resourceNames: [],
  nonResourceURLs: [],
  aggregationRule: [],
  ...o,
});

describe('create role', () => {
  it.each([
    [
      'short names and subresources, one rule per group, groups sorted',
      { verbs: ['get', 'list', 'get'], resources: ['deploy', 'pods', 'rs.apps/scale', 'pods'] },
      [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
        { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments', 'replicasets/scale'] },
      ],
    ],
    ['"*" among the verbs is all of them', { verbs: ['get', '*', 'list'], resources: ['pods'] }, [{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }]],
    [
      '"*" alone among the resources replaces them',
      { verbs: ['get'], resources: ['pods', '*', 'nodes'] },
      [{ verbs: ['get'], apiGroups: [''], resources: ['*'] }],
    ],
    [
      'resource names, duplicates dropped',
      { verbs: ['get'], resources: ['cm'], resourceNames: ['a', 'b', 'a'] },
      [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'] }],
    ],
  ])('%s', (_name, given, rules) => {
    expect(role('r', undefined, input(given), mapper, () => {}).rules).toEqual(rules);
  });

  it.each([
    [{ resources: ['pods'] }, 'at least one verb must be specified'],
    [{ verbs: ['get'] }, 'at least one resource must be specified'],
    [{ verbs: ['get'], resources: ['.apps'] }, 'resource must be specified if apiGroup/subresource specified'],
    [{ verbs: ['use'], resources: ['pods'] }, "can not perform 'use' on 'pods' in group ''"],
    [{ verbs: ['get'], resources: ['foos'] }, 'the server doesn\'t have a resource type "foos"'],
    [{ verbs: ['get'], resources: ['foos.example.com'] }, 'the server doesn\'t have a resource type "foos" in group "example.com"'],
  ])('refuses %j: %s', (given, message) => {
    expect(() => role('r', undefined, input(given), mapper, () => {})).toThrow(message);
  });

  it('warns about a verb that is not a standard one, and still builds the role', () => {
    const warnings: string[] = [];
    role('r', 'ns', input({ verbs: ['frob'], resources: ['pods'] }), mapper, (w) => warnings.push(w));
    expect(warnings).toEqual(["Warning: 'frob' is not a standard resource verb"]);
  });

  it('escalate and bind are allowed on roles and clusterroles only', () => {
    const r = role('r', undefined, input({ verbs: ['escalate', 'bind'], resources: ['roles', 'clusterroles.rbac.authorization.k8s.io'] }), mapper, () => {});
    expect(r.rules).toEqual([{ verbs: ['escalate', 'bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'clusterroles'] }]);
  });
});

describe('create clusterrole', () => {
  it('an aggregation rule: sorted labels and rules: null', () => {
    expect(clusterRole('c', input({ aggregationRule: ['b=2', 'a=1'] }), mapper, () => {})).toEqual({
      kind: 'ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'c', creationTimestamp: null },
      rules: null,
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: '1', b: '2' } }] },
    });
  });

  it('non-resource URLs follow the resource rules, duplicates dropped', () => {
    expect(clusterRole('c', input({ verbs: ['get'], resources: ['nodes'], nonResourceURLs: ['/x', '/logs/*', '/x'] }), mapper, () => {}).rules).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['nodes'] },
      { verbs: ['get'], nonResourceURLs: ['/x', '/logs/*'] },
    ]);
  });

  it.each([
    [{ aggregationRule: ['a=b'], verbs: ['get'] }, 'aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames'],
    [{ verbs: ['get'] }, 'one of resource or nonResourceURL must be specified'],
    [{ verbs: ['list'], nonResourceURLs: ['/x'] }, "invalid verb: 'list' for nonResourceURL"],
    [{ verbs: ['get'], nonResourceURLs: ['x'] }, 'nonResourceURL should start with /'],
    [{ verbs: ['get'], nonResourceURLs: ['/a*/b'] }, "nonResourceURL only supports wildcard matches when '*' is at the end"],
    [{ aggregationRule: ['novalue'] }, 'malformed pair, expect string=string'],
  ])('refuses %j: %s', (given, message) => {
    expect(() => clusterRole('c', input(given), mapper, () => {})).toThrow(message);
  });
});

describe('create rolebinding, clusterrolebinding', () => {
  it('users, then groups, then service accounts; the roleRef last', () => {
    const b = binding('RoleBinding', 'b', 'ns', { clusterRole: 'view', users: ['u'], groups: ['g'], serviceAccounts: ['kube-system:sa'] });
    expect(JSON.stringify(b)).toBe(
      '{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"b","namespace":"ns","creationTimestamp":null},' +
        '"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"u"},{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"g"},' +
        '{"kind":"ServiceAccount","name":"sa","namespace":"kube-system"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}}',
    );
  });

  it.each([
    [{ users: [], groups: [], serviceAccounts: [] }, 'exactly one of clusterrole or role must be specified'],
    [{ role: 'a', clusterRole: 'b', users: [], groups: [], serviceAccounts: [] }, 'exactly one of clusterrole or role must be specified'],
    [{ role: 'a', users: [], groups: [], serviceAccounts: ['robot'] }, 'serviceaccount must be <namespace>:<name>'],
    [{ role: 'a', users: [], groups: [], serviceAccounts: ['a:b:c'] }, 'serviceaccount must be <namespace>:<name>'],
  ])('refuses %j: %s', (given, message) => {
    expect(() => binding('RoleBinding', 'b', undefined, given)).toThrow(message);
  });
});
