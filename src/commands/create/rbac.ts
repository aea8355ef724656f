// kubectl create role|clusterrole|rolebinding|clusterrolebinding (pkg/cmd/create/create_role.go,
// create_clusterrole.go, create_rolebinding.go, create_clusterrolebinding.go): the flags' checks in kubectl's
// order and the objects, field for field in Go's struct order. Pure: the RESTMapper lookup is passed in.
import { KcurlError, usageError } from '../../errors.js';
import type { ApiResource } from '../../kube/resources.js';
import { type Obj, objectMeta } from './objects.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_V1 = `${RBAC_GROUP}/v1`;

// create_role.go validResourceVerbs, validNonResourceVerbs and specialVerbs.
const RESOURCE_VERBS = [
  '*',
  'get',
  'delete',
  'list',
  'create',
  'update',
  'patch',
  'watch',
  'proxy',
  'deletecollection',
  'use',
  'bind',
  'escalate',
  'impersonate',
];
const NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
const SPECIAL_VERBS: Record<string, { group: string; resource: string }[]> = {
  use: [
    { group: 'policy', resource: 'podsecuritypolicies' },
    { group: 'extensions', resource: 'podsecuritypolicies' },
  ],
  bind: [
    { group: RBAC_GROUP, resource: 'roles' },
    { group: RBAC_GROUP, resource: 'clusterroles' },
  ],
  escalate: [
    { group: RBAC_GROUP, resource: 'roles' },
    { group: RBAC_GROUP, resource: 'clusterroles' },
  ],
  impersonate: [
    { group: '', resource: 'users' },
    { group: '', resource: 'serviceaccounts' },
    { group: '', resource: 'groups' },
    { group: 'authentication.k8s.io', resource: 'userextras' },
    { group: 'authentication.k8s.io', resource: 'uids' },
  ],
};

/** --resource=resource.group/subresource, split as kubectl's Complete does. */
export interface RuleResource {
  resource: string;
  group: string;
  subResource: string;
}

/** The RESTMapper's ResourceFor: the resource a name (short, singular or plural) and group mean, if any. */
export type ResourceMapper = (gr: { group: string; resource: string }) => ApiResource | undefined;

export interface RoleInput {
  verbs: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  aggregationRule: string[];
}

const unique = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) === i);

/** Complete's normalisation: "*" among the verbs is all of them; "*" alone among the resources is every resource. */
export function completeRole(input: RoleInput): { verbs: string[]; resources: RuleResource[]; resourceNames: string[]; nonResourceURLs: string[] } {
  const verbs: string[] = [];
  for (const v of input.verbs) {
    if (v === '*') {
      verbs.splice(0, verbs.length, '*');
      break;
    }
    if (!verbs.includes(v)) verbs.push(v);
  }
  const resources: RuleResource[] = [];
  for (const r of input.resources) {
    const slash = r.indexOf('/');
    const [head, subResource] = slash < 0 ? [r, ''] : [r.slice(0, slash), r.slice(slash + 1)];
    const dot = head.indexOf('.');
    const [resource, group] = dot < 0 ? [head, ''] : [head.slice(0, dot), head.slice(dot + 1)];
    if (resource === '*' && dot < 0 && slash < 0) {
      resources.length = 0;
      resources.push({ resource, group, subResource });
      break;
    }
    resources.push({ resource, group, subResource });
  }
  return { verbs, resources, resourceNames: unique(input.resourceNames), nonResourceURLs: unique(input.nonResourceURLs) };
}

/** A RESTMapper miss, worded as kubectl's StandardErrorMessage words a NoResourceMatchError (no `error: `). */
function noMatch(r: { resource: string; group: string }): KcurlError {
  const text = r.group
    ? `the server doesn't have a resource type "${r.resource}" in group "${r.group}"`
    : `the server doesn't have a resource type "${r.resource}"`;
  return new KcurlError('KCURL_RESOURCE', text, { bare: true });
}

/** validateResource: each resource must exist (unless a special verb names it), and special verbs only on theirs. */
function validateResources(verbs: string[], resources: RuleResource[], mapper: ResourceMapper): void {
  for (const r of resources) {
    if (!r.resource) throw usageError('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const found = mapper(r);
    const resolved = found ? { resource: found.resource, group: found.group } : { resource: r.resource, group: r.group };
    let missing = !found;
    for (const v of verbs) {
      const allowed = SPECIAL_VERBS[v];
      if (!allowed) continue;
      if (!allowed.some((a) => a.resource === resolved.resource && a.group === resolved.group))
        throw usageError(`can not perform '${v}' on '${resolved.resource}' in group '${resolved.group}'`);
      missing = false;
    }
    if (missing) throw noMatch(r);
  }
}

/** generateResourcePolicyRules: one rule per API group (sorted), then one for the non-resource URLs. */
function policyRules(verbs: string[], resources: RuleResource[], resourceNames: string[], nonResourceURLs: string[], mapper: ResourceMapper): Obj[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const found = mapper(r);
    const group = found ? found.group : r.group;
    let resource = found ? found.resource : r.resource;
    if (r.subResource) resource += `/${r.subResource}`;
    const list = byGroup.get(group) ?? [];
    if (!list.includes(resource)) list.push(resource);
    byGroup.set(group, list);
  }
  const rules: Obj[] = [...byGroup.keys()].sort().map((g) => ({
    verbs,
    apiGroups: [g],
    resources: byGroup.get(g),
    ...(resourceNames.length ? { resourceNames } : {}),
  }));
  if (nonResourceURLs.length) rules.push({ verbs, nonResourceURLs });
  return rules;
}

/** kubectl create role: Validate, then the Role. `warn` gets kubectl's warnings for non-standard verbs. */
export function role(name: string, namespace: string | undefined, input: RoleInput, mapper: ResourceMapper, warn: (line: string) => void): Obj {
  const o = completeRole(input);
  if (!o.verbs.length) throw usageError('at least one verb must be specified');
  for (const v of o.verbs) if (!RESOURCE_VERBS.includes(v)) warn(`Warning: '${v}' is not a standard resource verb`);
  if (!o.resources.length) throw usageError('at least one resource must be specified');
  validateResources(o.verbs, o.resources, mapper);
  return { kind: 'Role', apiVersion: RBAC_V1, metadata: objectMeta(name, namespace), rules: policyRules(o.verbs, o.resources, o.resourceNames, [], mapper) };
}

/** cliflag.MapStringString: key=value pairs, comma-separated, over any number of flags; Go maps print sorted. */
function labelMap(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 0) throw usageError(`invalid argument "${p}" for "--aggregation-rule" flag: malformed pair, expect string=string`);
    out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** kubectl create clusterrole: Validate, then the ClusterRole (rules, or an aggregationRule and `rules: null`). */
export function clusterRole(name: string, input: RoleInput, mapper: ResourceMapper, warn: (line: string) => void): Obj {
  const o = completeRole(input);
  const aggregation = labelMap(input.aggregationRule);
  const base = { kind: 'ClusterRole', apiVersion: RBAC_V1, metadata: objectMeta(name, undefined) };
  if (Object.keys(aggregation).length) {
    if (o.nonResourceURLs.length || o.verbs.length || o.resources.length || o.resourceNames.length)
      throw usageError('aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
    return { ...base, rules: null, aggregationRule: { clusterRoleSelectors: [{ matchLabels: aggregation }] } };
  }
  if (!o.verbs.length) throw usageError('at least one verb must be specified');
  if (!o.resources.length && !o.nonResourceURLs.length) throw usageError('one of resource or nonResourceURL must be specified');
  if (o.resources.length) {
    for (const v of o.verbs) if (!RESOURCE_VERBS.includes(v)) warn(`Warning: '${v}' is not a standard resource verb`);
    validateResources(o.verbs, o.resources, mapper);
  }
  if (o.nonResourceURLs.length) {
    for (const v of o.verbs) if (!NON_RESOURCE_VERBS.includes(v)) throw usageError(`invalid verb: '${v}' for nonResourceURL`);
    for (const url of o.nonResourceURLs) {
      if (url === '*') continue;
      if (!url.startsWith('/')) throw usageError('nonResourceURL should start with /');
      if (url.slice(0, -1).includes('*')) throw usageError("nonResourceURL only supports wildcard matches when '*' is at the end");
    }
  }
  return { ...base, rules: policyRules(o.verbs, o.resources, o.resourceNames, o.nonResourceURLs, mapper) };
}

export interface BindingInput {
  role?: string;
  clusterRole?: string;
  users: string[];
  groups: string[];
  serviceAccounts: string[];
}

/** kubectl create rolebinding|clusterrolebinding: subjects (users, groups, then service accounts) and the roleRef. */
export function binding(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | undefined, input: BindingInput): Obj {
  if (kind === 'RoleBinding' && !input.role === !input.clusterRole) throw usageError('exactly one of clusterrole or role must be specified');
  const subjects: Obj[] = [
    ...input.users.map((u) => ({ kind: 'User', apiGroup: RBAC_GROUP, name: u })),
    ...input.groups.map((g) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name: g })),
    ...input.serviceAccounts.map((sa) => {
      const parts = sa.split(':');
      if (parts.length !== 2 || !parts[0] || !parts[1]) throw usageError('serviceaccount must be <namespace>:<name>');
      return { kind: 'ServiceAccount', name: parts[1], namespace: parts[0] };
    }),
  ];
  const roleRef = input.role
    ? { apiGroup: RBAC_GROUP, kind: 'Role', name: input.role }
    : { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: input.clusterRole };
  return { kind, apiVersion: RBAC_V1, metadata: objectMeta(name, namespace), ...(subjects.length ? { subjects } : {}), roleRef };
}
