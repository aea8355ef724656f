// The RBAC objects kube-apiserver bootstraps (plugin/pkg/auth/authorizer/rbac/bootstrappolicy): the
// user-facing cluster roles, discovery roles and their bindings, with the rules a v1.26 server served
// (plus SelfSubjectReview for system:basic-user, GA since v1.28). admin/edit/view are aggregated roles.
import type { KubeObject } from '../types.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_API_VERSION = `${RBAC_GROUP}/v1`;

interface Rule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): Rule =>
  resourceNames ? { verbs, apiGroups, resources, resourceNames } : { verbs, apiGroups, resources };
const nonResource = (verbs: string[], nonResourceURLs: string[]): Rule => ({ verbs, nonResourceURLs });

const bootstrapMetadata = (name: string, labels: Record<string, string> = {}) => ({
  name,
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
});

function clusterRole(name: string, rules: Rule[], opts: { labels?: Record<string, string> } = {}): KubeObject {
  return { kind: 'ClusterRole', apiVersion: RBAC_API_VERSION, metadata: bootstrapMetadata(name, opts.labels), rules };
}

/** A role whose rules the aggregation controller fills from every cluster role labelled `aggregateFrom: "true"`. */
function aggregatedClusterRole(name: string, opts: { labels?: Record<string, string>; aggregateFrom: string }): KubeObject {
  return {
    kind: 'ClusterRole',
    apiVersion: RBAC_API_VERSION,
    metadata: bootstrapMetadata(name, opts.labels),
    rules: [],
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [opts.aggregateFrom]: 'true' } }] },
  };
}

function clusterRoleBinding(name: string, groups: string[]): KubeObject {
  return {
    kind: 'ClusterRoleBinding',
    apiVersion: RBAC_API_VERSION,
    metadata: bootstrapMetadata(name),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects: groups.map((g) => ({ apiGroup: RBAC_GROUP, kind: 'Group', name: g })),
  };
}

const bootstrapClusterRoles = (): KubeObject[] => [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), nonResource(['*'], ['*'])]),
  aggregatedClusterRole('admin', { aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-admin' }),
  aggregatedClusterRole('edit', {
    labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
    aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-edit',
  }),
  aggregatedClusterRole('view', {
    labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
    aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-view',
  }),
  clusterRole(
    'system:aggregate-to-admin',
    [
      rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
      rule(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
    ],
    { labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
  ),
  clusterRole(
    'system:aggregate-to-edit',
    [
      rule(['get', 'list', 'watch'], [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
      rule(['impersonate'], [''], ['serviceaccounts']),
      rule(['create', 'delete', 'deletecollection', 'patch', 'update'], [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
      rule(['create'], [''], ['pods/eviction']),
      rule(
        ['create', 'delete', 'deletecollection', 'patch', 'update'],
        [''],
        [
          'configmaps',
          'events',
          'persistentvolumeclaims',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'secrets',
          'serviceaccounts',
          'services',
          'services/proxy',
        ],
      ),
      rule(['create'], [''], ['serviceaccounts/token']),
      rule(
        ['create', 'delete', 'deletecollection', 'patch', 'update'],
        ['apps'],
        ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'],
      ),
      rule(['create', 'delete', 'deletecollection', 'patch', 'update'], ['autoscaling'], ['horizontalpodautoscalers']),
      rule(['create', 'delete', 'deletecollection', 'patch', 'update'], ['batch'], ['cronjobs', 'jobs']),
      rule(
        ['create', 'delete', 'deletecollection', 'patch', 'update'],
        ['extensions'],
        [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'ingresses',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicationcontrollers/scale',
        ],
      ),
      rule(['create', 'delete', 'deletecollection', 'patch', 'update'], ['policy'], ['poddisruptionbudgets']),
      rule(['create', 'delete', 'deletecollection', 'patch', 'update'], ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
      rule(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], ['coordination.k8s.io'], ['leases']),
    ],
    { labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
  ),
  clusterRole(
    'system:aggregate-to-view',
    [
      rule(
        ['get', 'list', 'watch'],
        [''],
        [
          'configmaps',
          'endpoints',
          'persistentvolumeclaims',
          'persistentvolumeclaims/status',
          'pods',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'serviceaccounts',
          'services',
          'services/status',
        ],
      ),
      rule(
        ['get', 'list', 'watch'],
        [''],
        [
          'bindings',
          'events',
          'limitranges',
          'namespaces/status',
          'pods/log',
          'pods/status',
          'replicationcontrollers/status',
          'resourcequotas',
          'resourcequotas/status',
        ],
      ),
      rule(['get', 'list', 'watch'], [''], ['namespaces']),
      rule(['get', 'list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
      rule(
        ['get', 'list', 'watch'],
        ['apps'],
        [
          'controllerrevisions',
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'statefulsets',
          'statefulsets/scale',
          'statefulsets/status',
        ],
      ),
      rule(['get', 'list', 'watch'], ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
      rule(['get', 'list', 'watch'], ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
      rule(
        ['get', 'list', 'watch'],
        ['extensions'],
        [
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'ingresses',
          'ingresses/status',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'replicationcontrollers/scale',
        ],
      ),
      rule(['get', 'list', 'watch'], ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
      rule(['get', 'list', 'watch'], ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
    ],
    { labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
  ),
  clusterRole('system:basic-user', [
    rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]),
  clusterRole('system:discovery', [
    nonResource(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/']),
  ]),
  clusterRole('system:public-info-viewer', [nonResource(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
  clusterRole('system:service-account-issuer-discovery', [nonResource(['get'], ['/.well-known/openid-configuration', '/openid/v1/jwks'])]),
];

/**
 * Fresh copies of the bootstrap ClusterRoles and ClusterRoleBindings (no uid, resourceVersion or
 * creationTimestamp: the store assigns those), with the aggregated roles' rules already filled in.
 */
export function bootstrapRbacObjects(): KubeObject[] {
  const roles = bootstrapClusterRoles();
  // Aggregation sources first: view feeds edit, edit feeds admin.
  for (const name of ['view', 'edit', 'admin']) {
    const role = roles.find((r) => r.metadata.name === name);
    if (role) role.rules = aggregatedRules(role, roles);
  }
  return [
    ...roles,
    clusterRoleBinding('cluster-admin', ['system:masters']),
    clusterRoleBinding('system:basic-user', ['system:authenticated']),
    clusterRoleBinding('system:discovery', ['system:authenticated']),
    clusterRoleBinding('system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
    clusterRoleBinding('system:service-account-issuer-discovery', ['system:serviceaccounts']),
  ];
}

/** A label selector's matchLabels alone (all the bootstrap roles use). */
const matchLabelsOnly = (selector: unknown, labels: Record<string, string> | undefined) =>
  Object.entries((selector as { matchLabels?: Record<string, string> }).matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);

/**
 * The rules the ClusterRole aggregation controller gives `role`: the rules of every other cluster role its
 * aggregationRule selects, visited by name, without duplicates. `role.rules` when it has no aggregationRule.
 * `selects` matches one metav1.LabelSelector (matchLabels only unless given).
 */
export function aggregatedRules(
  role: KubeObject,
  clusterRoles: KubeObject[],
  selects: (selector: unknown, labels: Record<string, string> | undefined) => boolean = matchLabelsOnly,
): unknown[] {
  if (!role.aggregationRule) return Array.isArray(role.rules) ? role.rules : [];
  const selectors = (role.aggregationRule as { clusterRoleSelectors?: unknown[] }).clusterRoleSelectors ?? [];
  const selected = clusterRoles
    .filter((r) => r.metadata.name !== role.metadata.name)
    .filter((r) => selectors.some((s) => selects(s, r.metadata.labels)))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const rules: unknown[] = [];
  const seen = new Set<string>();
  for (const source of selected) {
    for (const r of Array.isArray(source.rules) ? source.rules : []) {
      const key = JSON.stringify(r);
      if (seen.has(key)) continue;
      seen.add(key);
      rules.push(r);
    }
  }
  return rules;
}
