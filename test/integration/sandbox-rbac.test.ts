// The sandbox's RBAC as the real authorizer and RBAC storage decide it, as one table: a subject (a
// ServiceAccount with its own token, or a client certificate), a request, the expected status and the exact
// message (escalation and bind checks on create, update, patch and apply of roles and bindings; aggregated
// ClusterRoles; resourceNames, subresources, non-resource URLs; impersonation). A few rows again through the
// real kubectl v1.32, which prints the server's text after its own prefix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/require-tool.js';
import { eventually, KUBECTL_132, startTestSandbox, type Credentials, type TestSandbox } from './sandbox-helpers.js';

const RBAC = 'rbac.authorization.k8s.io';
const NS = 'team';
let t: TestSandbox;
const tokens = new Map<string, string>();

/** The rules each ServiceAccount of the `team` namespace holds there (a Role and RoleBinding named after it). */
const SUBJECTS: Record<string, object[]> = {
  // May write roles and bindings, read pods and their logs, read one ConfigMap.
  writer: [
    { apiGroups: [RBAC], resources: ['roles', 'rolebindings'], verbs: ['create', 'get', 'update', 'patch'] },
    { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] },
  ],
  // The same, and `escalate` on roles.
  escalator: [
    { apiGroups: [RBAC], resources: ['roles', 'rolebindings'], verbs: ['create', 'get', 'update', 'patch'] },
    { apiGroups: [RBAC], resources: ['roles'], verbs: ['escalate'] },
  ],
  // May act as the writer account (impersonation), and as nobody else.
  impersonator: [{ apiGroups: [''], resources: ['serviceaccounts'], resourceNames: ['writer'], verbs: ['impersonate'] }],
  // May write bindings and `bind` the admin ClusterRole only.
  delegate: [
    { apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['create'] },
    { apiGroups: [RBAC], resources: ['clusterroles'], resourceNames: ['admin'], verbs: ['bind'] },
  ],
};
/** Cluster-wide: writes ClusterRoles and ClusterRoleBindings, reads nodes and /healthz/*. */
const CLUSTER_WRITER = [
  { apiGroups: [RBAC], resources: ['clusterroles', 'clusterrolebindings'], verbs: ['create', 'get', 'update', 'patch'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
  { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['get'] },
  { nonResourceURLs: ['/healthz/*'], verbs: ['get'] },
];

const groupsOf = (sa: string) => `["system:serviceaccounts" "system:serviceaccounts:${sa === 'cluster-writer' ? 'default' : NS}" "system:authenticated"]`;
const userOf = (sa: string) => `system:serviceaccount:${sa === 'cluster-writer' ? 'default' : NS}:${sa}`;
const notHeld = (sa: string, ...missing: string[]) =>
  `user "${userOf(sa)}" (groups=${groupsOf(sa)}) is attempting to grant RBAC permissions not currently held:\n${missing.join('\n')}`;

const role = (name: string, rules: object[], extra: object = {}) => ({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, ...extra }, rules });
const clusterRole = (name: string, rules: object[], more: object = {}) => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name },
  rules,
  ...more,
});
/** A RoleBinding for `subject` (by default an account the table never acts as, so grants don't change later rows). */
const roleBinding = (name: string, kind: string, roleName: string, subject = 'bystander') => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'RoleBinding',
  metadata: { name },
  roleRef: { apiGroup: RBAC, kind, name: roleName },
  subjects: [{ kind: 'ServiceAccount', name: subject, namespace: NS }],
});
const clusterRoleBinding = (name: string, roleName: string, subject = 'bystander') => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: roleName },
  subjects: [{ kind: 'ServiceAccount', name: subject, namespace: 'default' }],
});
const ROLES = `/apis/${RBAC}/v1/namespaces/${NS}/roles`;
const BINDINGS = `/apis/${RBAC}/v1/namespaces/${NS}/rolebindings`;
const CLUSTER_ROLES = `/apis/${RBAC}/v1/clusterroles`;
const CLUSTER_BINDINGS = `/apis/${RBAC}/v1/clusterrolebindings`;
const forbiddenRole = (name: string, why: string) => `roles.${RBAC} "${name}" is forbidden: ${why}`;
const forbiddenBinding = (name: string, why: string) => `rolebindings.${RBAC} "${name}" is forbidden: ${why}`;
const CLUSTER_ADMIN_MISSING = ['{APIGroups:["*"], Resources:["*"], Verbs:["*"]}', '{NonResourceURLs:["*"], Verbs:["*"]}'];

interface Row {
  name: string;
  as: string;
  method: string;
  path: string;
  body?: object | string;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  message?: string;
}

const rows: Row[] = [
  // Bindings: `bind` on the role, or every permission in it.
  {
    name: 'binding cluster-admin to oneself',
    as: 'writer',
    method: 'POST',
    path: BINDINGS,
    body: roleBinding('evil', 'ClusterRole', 'cluster-admin'),
    status: 403,
    message: forbiddenBinding('evil', notHeld('writer', ...CLUSTER_ADMIN_MISSING)),
  },
  {
    name: 'binding a role whose rules the writer holds',
    as: 'writer',
    method: 'POST',
    path: BINDINGS,
    body: roleBinding('reads-pods', 'Role', 'pod-reader'),
    status: 201,
  },
  {
    name: 'binding a role that does not exist',
    as: 'writer',
    method: 'POST',
    path: BINDINGS,
    body: roleBinding('dangling', 'Role', 'nope'),
    status: 403,
    message: forbiddenBinding('dangling', `roles.${RBAC} "nope" not found`),
  },
  {
    name: 'binding the aggregated view role (more than the writer holds)',
    as: 'writer',
    method: 'POST',
    path: BINDINGS,
    body: roleBinding('views', 'ClusterRole', 'view'),
    status: 403,
  },
  {
    name: '`bind` on the admin ClusterRole allows binding it',
    as: 'delegate',
    method: 'POST',
    path: BINDINGS,
    body: roleBinding('delegated-admin', 'ClusterRole', 'admin'),
    status: 201,
  },
  {
    name: '`bind` on admin does not extend to cluster-admin',
    as: 'delegate',
    method: 'POST',
    path: BINDINGS,
    body: roleBinding('delegated-root', 'ClusterRole', 'cluster-admin'),
    status: 403,
    message: forbiddenBinding('delegated-root', notHeld('delegate', ...CLUSTER_ADMIN_MISSING)),
  },
  {
    name: 'a ClusterRoleBinding to cluster-admin',
    as: 'cluster-writer',
    method: 'POST',
    path: CLUSTER_BINDINGS,
    body: clusterRoleBinding('evil', 'cluster-admin'),
    status: 403,
    message: `clusterrolebindings.${RBAC} "evil" is forbidden: ${notHeld('cluster-writer', ...CLUSTER_ADMIN_MISSING)}`,
  },
  {
    name: "a ClusterRoleBinding to a role within the writer's rules",
    as: 'cluster-writer',
    method: 'POST',
    path: CLUSTER_BINDINGS,
    body: clusterRoleBinding('node-readers', 'node-reader'),
    status: 201,
  },

  // Role writes: `escalate`, or every rule granted (create, update, merge patch, server-side apply).
  {
    name: 'a Role granting secrets',
    as: 'writer',
    method: 'POST',
    path: ROLES,
    body: role('secrets', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]),
    status: 403,
    message: forbiddenRole('secrets', notHeld('writer', '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}')),
  },
  {
    name: 'a Role with one verb too many (watch)',
    as: 'writer',
    method: 'POST',
    path: ROLES,
    body: role('pods-watch', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch'] }]),
    status: 403,
    message: forbiddenRole('pods-watch', notHeld('writer', '{APIGroups:[""], Resources:["pods"], Verbs:["watch"]}')),
  },
  {
    name: "a Role within the writer's rules (subresource included)",
    as: 'writer',
    method: 'POST',
    path: ROLES,
    body: role('pods-ok', [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get'] }]),
    status: 201,
  },
  {
    name: 'a Role naming the one ConfigMap the writer may read',
    as: 'writer',
    method: 'POST',
    path: ROLES,
    body: role('cm-named', [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] }]),
    status: 201,
  },
  {
    name: 'a Role for every ConfigMap when the writer holds one by name',
    as: 'writer',
    method: 'POST',
    path: ROLES,
    body: role('cm-all', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
    status: 403,
    message: forbiddenRole('cm-all', notHeld('writer', '{APIGroups:[""], Resources:["configmaps"], Verbs:["get"]}')),
  },
  {
    name: 'a Role with a wildcard verb (only a literal * covers *)',
    as: 'writer',
    method: 'POST',
    path: ROLES,
    body: role('star', [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }]),
    status: 403,
    message: forbiddenRole('star', notHeld('writer', '{APIGroups:[""], Resources:["pods"], Verbs:["*"]}')),
  },
  {
    name: 'a generateName Role is named by nothing in the message',
    as: 'writer',
    method: 'POST',
    path: ROLES,
    body: { ...role('', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]), metadata: { generateName: 'gen-' } },
    status: 403,
    message: `roles.${RBAC} is forbidden: ${notHeld('writer', '{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}')}`,
  },
  {
    name: 'PUT adding secrets to an existing Role',
    as: 'writer',
    method: 'PUT',
    path: `${ROLES}/pods-ok`,
    body: role('pods-ok', [{ apiGroups: [''], resources: ['secrets'], verbs: ['delete'] }]),
    status: 403,
    message: forbiddenRole('pods-ok', notHeld('writer', '{APIGroups:[""], Resources:["secrets"], Verbs:["delete"]}')),
  },
  {
    name: 'merge patch adding a rule',
    as: 'writer',
    method: 'PATCH',
    path: `${ROLES}/pods-ok`,
    contentType: 'application/merge-patch+json',
    body: { rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }] },
    status: 403,
    message: forbiddenRole('pods-ok', notHeld('writer', '{APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}')),
  },
  {
    name: 'server-side apply creating a Role with secrets',
    as: 'writer',
    method: 'PATCH',
    path: `${ROLES}/applied?fieldManager=t`,
    contentType: 'application/apply-patch+yaml',
    body: `apiVersion: ${RBAC}/v1\nkind: Role\nmetadata:\n  name: applied\nrules:\n- apiGroups: [""]\n  resources: [secrets]\n  verbs: [get]\n`,
    status: 403,
    message: forbiddenRole('applied', notHeld('writer', '{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}')),
  },
  {
    name: 'only finalizers change on a Role granting more than the writer holds',
    as: 'writer',
    method: 'PATCH',
    path: `${ROLES}/admin-made`,
    contentType: 'application/merge-patch+json',
    body: { metadata: { finalizers: ['example.com/keep'] } },
    status: 200,
  },
  {
    name: 'a label on that Role is a write of its rules',
    as: 'writer',
    method: 'PATCH',
    path: `${ROLES}/admin-made`,
    contentType: 'application/merge-patch+json',
    body: { metadata: { labels: { a: 'b' } } },
    status: 403,
    message: forbiddenRole('admin-made', notHeld('writer', '{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}')),
  },
  {
    name: 'a dry run is checked too',
    as: 'writer',
    method: 'POST',
    path: `${ROLES}?dryRun=All`,
    body: role('dry', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]),
    status: 403,
  },
  {
    name: '`escalate` allows granting what one does not hold',
    as: 'escalator',
    method: 'POST',
    path: ROLES,
    body: role('escalated', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]),
    status: 201,
  },

  // ClusterRoles: subresource wildcards, non-resource URL prefixes, the aggregationRule.
  {
    name: 'a ClusterRole for deployments/scale under a */scale rule',
    as: 'cluster-writer',
    method: 'POST',
    path: CLUSTER_ROLES,
    body: clusterRole('scale-reader', [{ apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get'] }]),
    status: 201,
  },
  {
    name: 'a ClusterRole for deployments (not a subresource)',
    as: 'cluster-writer',
    method: 'POST',
    path: CLUSTER_ROLES,
    body: clusterRole('deploy-reader', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }]),
    status: 403,
    message: `clusterroles.${RBAC} "deploy-reader" is forbidden: ${notHeld('cluster-writer', '{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}')}`,
  },
  {
    name: 'a ClusterRole for /healthz/etcd under /healthz/*',
    as: 'cluster-writer',
    method: 'POST',
    path: CLUSTER_ROLES,
    body: clusterRole('health', [{ nonResourceURLs: ['/healthz/etcd'], verbs: ['get'] }]),
    status: 201,
  },
  {
    name: 'a ClusterRole for /metrics',
    as: 'cluster-writer',
    method: 'POST',
    path: CLUSTER_ROLES,
    body: clusterRole('metrics', [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]),
    status: 403,
    message: `clusterroles.${RBAC} "metrics" is forbidden: ${notHeld('cluster-writer', '{NonResourceURLs:["/metrics"], Verbs:["get"]}')}`,
  },
  {
    name: 'an aggregationRule needs cluster-admin',
    as: 'cluster-writer',
    method: 'POST',
    path: CLUSTER_ROLES,
    body: clusterRole('gather', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { gather: 'true' } }] } }),
    status: 403,
    message: `clusterroles.${RBAC} "gather" is forbidden: must have cluster-admin privileges to use the aggregationRule`,
  },
  {
    name: 'removing the aggregationRule of an aggregated role needs cluster-admin too',
    as: 'cluster-writer',
    method: 'PUT',
    path: `${CLUSTER_ROLES}/aggregated`,
    body: clusterRole('aggregated', []),
    status: 403,
    message: `clusterroles.${RBAC} "aggregated" is forbidden: must have cluster-admin privileges to use the aggregationRule`,
  },

  // The authorizer itself: subresources and resourceNames.
  { name: 'pods/log granted: allowed, then not found', as: 'writer', method: 'GET', path: `/api/v1/namespaces/${NS}/pods/nope/log`, status: 404 },
  {
    name: 'pods/log not granted',
    as: 'delegate',
    method: 'GET',
    path: `/api/v1/namespaces/${NS}/pods/nope/log`,
    status: 403,
    message: `pods "nope" is forbidden: User "system:serviceaccount:${NS}:delegate" cannot get resource "pods/log" in API group "" in the namespace "${NS}"`,
  },
  {
    name: 'pods granted does not grant pods/exec',
    as: 'writer',
    method: 'POST',
    path: `/api/v1/namespaces/${NS}/pods/nope/exec?command=ls&stdout=true`,
    status: 403,
    message: `pods "nope" is forbidden: User "system:serviceaccount:${NS}:writer" cannot create resource "pods/exec" in API group "" in the namespace "${NS}"`,
  },
  { name: 'the ConfigMap named in resourceNames', as: 'writer', method: 'GET', path: `/api/v1/namespaces/${NS}/configmaps/app-config`, status: 404 },
  {
    name: 'another ConfigMap',
    as: 'writer',
    method: 'GET',
    path: `/api/v1/namespaces/${NS}/configmaps/other`,
    status: 403,
    message: `configmaps "other" is forbidden: User "system:serviceaccount:${NS}:writer" cannot get resource "configmaps" in API group "" in the namespace "${NS}"`,
  },
  {
    name: 'listing ConfigMaps with only a resourceName granted',
    as: 'writer',
    method: 'GET',
    path: `/api/v1/namespaces/${NS}/configmaps`,
    status: 403,
    message: `configmaps is forbidden: User "system:serviceaccount:${NS}:writer" cannot list resource "configmaps" in API group "" in the namespace "${NS}"`,
  },

  // Authorization before any of that, impersonation, and the superuser group.
  {
    name: "a Role write without the create verb is the authorizer's 403",
    as: 'delegate',
    method: 'POST',
    path: ROLES,
    body: role('x', []),
    status: 403,
    message: `roles.${RBAC} is forbidden: User "system:serviceaccount:team:delegate" cannot create resource "roles" in API group "${RBAC}" in the namespace "team"`,
  },
  {
    name: 'impersonating a user without the impersonate verb',
    as: 'writer',
    method: 'GET',
    path: `/api/v1/namespaces/${NS}/secrets`,
    headers: { 'impersonate-user': 'kcurl-admin' },
    status: 403,
    message:
      'users "kcurl-admin" is forbidden: User "system:serviceaccount:team:writer" cannot impersonate resource "users" in API group "" at the cluster scope',
  },
  {
    name: 'impersonating system:masters as a group',
    as: 'writer',
    method: 'GET',
    path: `/api/v1/namespaces/${NS}/secrets`,
    headers: { 'impersonate-user': 'x', 'impersonate-group': 'system:masters' },
    status: 403,
    message: 'users "x" is forbidden: User "system:serviceaccount:team:writer" cannot impersonate resource "users" in API group "" at the cluster scope',
  },
  {
    name: 'impersonating the one account allowed acts with its rights',
    as: 'impersonator',
    method: 'GET',
    path: `/api/v1/namespaces/${NS}/pods`,
    headers: { 'impersonate-user': `system:serviceaccount:${NS}:writer` },
    status: 200,
  },
  {
    name: 'the impersonated account cannot escalate either',
    as: 'impersonator',
    method: 'POST',
    path: BINDINGS,
    body: roleBinding('via-impersonation', 'ClusterRole', 'cluster-admin'),
    headers: { 'impersonate-user': `system:serviceaccount:${NS}:writer` },
    status: 403,
    message: forbiddenBinding('via-impersonation', notHeld('writer', ...CLUSTER_ADMIN_MISSING)),
  },
  {
    name: 'impersonating an account not in resourceNames',
    as: 'impersonator',
    method: 'GET',
    path: `/api/v1/namespaces/${NS}/pods`,
    headers: { 'impersonate-user': `system:serviceaccount:${NS}:delegate` },
    status: 403,
    message: `serviceaccounts "delegate" is forbidden: User "system:serviceaccount:${NS}:impersonator" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "${NS}"`,
  },
  {
    name: 'system:masters (a client certificate) may bind cluster-admin',
    as: 'masters-cert',
    method: 'POST',
    path: BINDINGS,
    body: roleBinding('root-made', 'ClusterRole', 'cluster-admin'),
    status: 201,
  },
];

const credentialsOf = (as: string): Credentials =>
  as === 'masters-cert' ? { cert: t.sb.issueClientCert('root', ['system:masters']) } : { token: tokens.get(as) };

beforeAll(async () => {
  t = await startTestSandbox();
  const admin = async (method: string, path: string, body: object) => {
    const r = await t.request(method, path, { body });
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  };
  await admin('POST', '/api/v1/namespaces', { metadata: { name: NS } });
  for (const [sa, rules] of Object.entries(SUBJECTS)) {
    await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: sa } });
    await admin('POST', ROLES, role(sa, rules));
    await admin('POST', BINDINGS, roleBinding(sa, 'Role', sa, sa));
    tokens.set(sa, (await t.request('POST', `/api/v1/namespaces/${NS}/serviceaccounts/${sa}/token`, { body: {} })).json().status.token);
  }
  await admin('POST', '/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'cluster-writer' } });
  await admin('POST', CLUSTER_ROLES, clusterRole('cluster-writer', CLUSTER_WRITER));
  await admin('POST', CLUSTER_BINDINGS, clusterRoleBinding('cluster-writer', 'cluster-writer', 'cluster-writer'));
  tokens.set('cluster-writer', (await t.request('POST', '/api/v1/namespaces/default/serviceaccounts/cluster-writer/token', { body: {} })).json().status.token);
  await admin('POST', CLUSTER_ROLES, clusterRole('node-reader', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]));
  await admin('POST', CLUSTER_ROLES, clusterRole('aggregated', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { gather: 'true' } }] } }));
  await admin('POST', ROLES, role('pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]));
  await admin('POST', ROLES, role('admin-made', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]));
});
afterAll(async () => {
  await t?.close();
});

describe('RBAC: escalation, bind, impersonation (one table, in order)', () => {
  it.each(rows)('$as: $name → $status', async (row) => {
    const r = await t.request(row.method, row.path, { body: row.body, contentType: row.contentType, headers: row.headers, as: credentialsOf(row.as) });
    expect(r.status, r.text).toBe(row.status);
    if (r.status === 403) {
      const status = r.json();
      expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403 });
      if (row.message !== undefined) expect(status.message).toBe(row.message);
    }
  });
});

describe('aggregated ClusterRoles', () => {
  it('a role labelled aggregate-to-view extends view, edit and admin, and binding view then needs its rules too', async () => {
    const admin = async (method: string, path: string, body: object) => {
      const r = await t.request(method, path, { body });
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
      return r.json();
    };
    // An account holding a copy of view's rules (and may create bindings) may bind view.
    const view = (await t.request('GET', `${CLUSTER_ROLES}/view`)).json();
    await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'viewer-binder' } });
    await admin('POST', ROLES, role('viewer-binder', [...view.rules, { apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['create'] }]));
    await admin('POST', BINDINGS, roleBinding('viewer-binder', 'Role', 'viewer-binder', 'viewer-binder'));
    const token = (await t.request('POST', `/api/v1/namespaces/${NS}/serviceaccounts/viewer-binder/token`, { body: {} })).json().status.token;
    expect((await t.request('POST', BINDINGS, { body: roleBinding('view-before', 'ClusterRole', 'view'), as: { token } })).status).toBe(201);

    const widgets = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list'] };
    await admin('POST', CLUSTER_ROLES, {
      ...clusterRole('widget-reader', [widgets]),
      metadata: { name: 'widget-reader', labels: { [`${RBAC}/aggregate-to-view`]: 'true' } },
    });
    for (const name of ['view', 'edit', 'admin']) {
      await eventually(
        async () =>
          (await t.request('GET', `${CLUSTER_ROLES}/${name}`)).json().rules.some((r: { apiGroups?: string[] }) => r.apiGroups?.includes('example.com'))
            ? true
            : undefined,
        `${name} to aggregate widget-reader`,
      );
    }
    const r = await t.request('POST', BINDINGS, { body: roleBinding('view-after', 'ClusterRole', 'view'), as: { token } });
    expect(r.status).toBe(403);
    expect(r.json().message).toBe(
      forbiddenBinding('view-after', notHeld('viewer-binder', '{APIGroups:["example.com"], Resources:["widgets"], Verbs:["get" "list"]}')),
    );

    // Dropping the label takes the rules out again.
    await admin('PUT', `${CLUSTER_ROLES}/widget-reader`, clusterRole('widget-reader', [widgets]));
    await eventually(
      async () =>
        (await t.request('GET', `${CLUSTER_ROLES}/view`)).json().rules.some((x: { apiGroups?: string[] }) => x.apiGroups?.includes('example.com'))
          ? undefined
          : true,
      'view to drop widget-reader',
    );
    expect((await t.request('POST', BINDINGS, { body: roleBinding('view-again', 'ClusterRole', 'view'), as: { token } })).status).toBe(201);
  });
});

describe('RBAC through the real kubectl', () => {
  let writer: string;
  beforeAll(() => {
    requireTool(KUBECTL_132);
    writer = t.kubeconfigFor('writer', { token: tokens.get('writer') });
  });

  it("create rolebinding --clusterrole=cluster-admin as a ServiceAccount is refused with the server's text", async () => {
    const r = await t.kubectl(['-n', NS, 'create', 'rolebinding', 'self-admin', '--clusterrole=cluster-admin', `--serviceaccount=${NS}:writer`], {
      kubeconfig: writer,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: failed to create rolebinding: ${forbiddenBinding('self-admin', notHeld('writer', ...CLUSTER_ADMIN_MISSING))}\n`);
    expect((await t.kubectl(['-n', NS, 'get', 'secrets'], { kubeconfig: writer })).stderr).toBe(
      `Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:${NS}:writer" cannot list resource "secrets" in API group "" in the namespace "${NS}"\n`,
    );
  });

  it('create role with verbs the ServiceAccount lacks is refused; within its rules it is created', async () => {
    const denied = await t.kubectl(['-n', NS, 'create', 'role', 'secret-reader', '--verb=get', '--resource=secrets'], { kubeconfig: writer });
    expect(denied.stderr).toBe(
      `Error from server (Forbidden): ${forbiddenRole('secret-reader', notHeld('writer', '{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}'))}\n`,
    );
    const created = await t.kubectl(['-n', NS, 'create', 'role', 'kubectl-pods', '--verb=get,list', '--resource=pods'], { kubeconfig: writer });
    expect(created.stdout).toBe(`role.${RBAC}/kubectl-pods created\n`);
  });

  it('apply --server-side of a Role with more rules is refused', async () => {
    const manifest = `apiVersion: ${RBAC}/v1\nkind: Role\nmetadata:\n  name: kubectl-applied\n  namespace: ${NS}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get, list, delete]\n`;
    const r = await t.kubectl(['apply', '--server-side', '-f', '-'], { kubeconfig: writer, stdin: manifest });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(forbiddenRole('kubectl-applied', notHeld('writer', '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}')));
  });

  it('the admin (system:masters) binds cluster-admin as before', async () => {
    const r = await t.kubectl(['-n', NS, 'create', 'rolebinding', 'admin-grants', '--clusterrole=cluster-admin', `--serviceaccount=${NS}:delegate`]);
    expect(r.stdout).toBe(`rolebinding.${RBAC}/admin-grants created\n`);
  });
});
