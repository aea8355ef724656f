// RBAC privilege-escalation prevention, as kube-apiserver's RBAC storage applies it to every create,
// update, patch and apply of a Role, ClusterRole, RoleBinding or ClusterRoleBinding
// (pkg/registry/rbac/escalation_check.go, pkg/registry/rbac/validation/rule.go and policy_comparator.go,
// pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased/storage.go):
// system:masters may do anything; a role write needs `escalate` on it or every rule it grants; a binding
// needs `bind` on the role it refers to or every rule of that role.
import { goQuote } from '../../output/go-format.js';
import { forbidden } from '../api-error.js';
import { compareGoStrings } from '../key-order.js';
import { deepEqual } from '../object-meta.js';
import type { KubeObject, RbacSource, UserInfo } from '../types.js';
import { aggregate, authorize, roleRefOf, roleReferenceRules, rulesFor, rulesOf, SUPERUSER_GROUP, type PolicyRule } from './rbac.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A write of an RBAC object, as the policy-based storage sees it. */
export interface RbacWrite {
  user: UserInfo;
  /** roles, clusterroles, rolebindings or clusterrolebindings. */
  resource: string;
  /** The request's namespace ('' for cluster-scoped kinds) and the name on its URL ('' for a POST). */
  namespace: string;
  requestName: string;
  object: KubeObject;
  /** The stored object, for updates. */
  old?: KubeObject;
}

/** clusterrole/policybased: an aggregationRule needs `*` on everything. */
const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

/** Throws the Forbidden Status the real storage returns when `write` would grant more than its user holds. */
export function checkRbacWrite(write: RbacWrite, rbac: RbacSource): void {
  if (escalationAllowed(write.user)) return;
  const { resource, object } = write;
  const gr = { group: RBAC_GROUP, resource };
  // Only finalizers or ownerReferences changing (the garbage collector's writes) is never an escalation.
  if (write.old && isOnlyMutatingGCFields(object, write.old)) return;
  if (resource === 'roles' || resource === 'clusterroles') {
    if (roleEscalationAuthorized(write, rbac)) return;
    const missing = noEscalationError(write.user, write.namespace, rbac, rulesOf(object));
    if (missing) throw forbidden(gr, object.metadata.name, missing);
    if (resource === 'clusterroles' && (hasAggregationRule(object) || (write.old && hasAggregationRule(write.old)))) {
      if (noEscalationError(write.user, write.namespace, rbac, FULL_AUTHORITY)) {
        throw forbidden(gr, object.metadata.name, 'must have cluster-admin privileges to use the aggregationRule');
      }
    }
    return;
  }
  if (resource === 'rolebindings' || resource === 'clusterrolebindings') {
    const bindingNamespace = resource === 'rolebindings' ? write.namespace : '';
    const ref = roleRefOf(object);
    if (bindingAuthorized(write.user, ref, bindingNamespace, rbac)) return;
    const errors: string[] = [];
    const rules = roleReferenceRules(ref, bindingNamespace, rbac, errors, 'registry');
    if (errors.length) throw forbidden(gr, object.metadata.name, errors[0]);
    const missing = noEscalationError(write.user, write.namespace, rbac, rules);
    if (missing) throw forbidden(gr, object.metadata.name, missing);
  }
}

/** EscalationAllowed: system:masters is the privileged loopback group and may grant anything. */
function escalationAllowed(user: UserInfo): boolean {
  return user.groups.includes(SUPERUSER_GROUP);
}

/** RoleEscalationAuthorized: `escalate` on the role resource being written. */
function roleEscalationAuthorized(write: RbacWrite, rbac: RbacSource): boolean {
  return authorize(
    {
      user: write.user,
      verb: 'escalate',
      isResourceRequest: true,
      path: '',
      apiGroup: RBAC_GROUP,
      apiVersion: '*',
      resource: write.resource,
      subresource: '',
      namespace: write.namespace,
      name: write.requestName,
    },
    rbac,
  ).allowed;
}

/** BindingAuthorized: `bind` on the referenced role, checked in the binding's namespace. */
function bindingAuthorized(user: UserInfo, ref: { kind: string; name: string; apiGroup?: string }, bindingNamespace: string, rbac: RbacSource): boolean {
  const resource = ref.kind === 'ClusterRole' ? 'clusterroles' : ref.kind === 'Role' ? 'roles' : '';
  if (!resource) return false;
  return authorize(
    {
      user,
      verb: 'bind',
      isResourceRequest: true,
      path: '',
      apiGroup: ref.apiGroup ?? '',
      apiVersion: '',
      resource,
      subresource: '',
      namespace: bindingNamespace,
      name: ref.name,
    },
    rbac,
  ).allowed;
}

/**
 * ConfirmNoEscalation: undefined when the rules `user` holds in `namespace` cover `rules`, else the message
 * `user "u" (groups=["a" "b"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], …}`.
 */
export function noEscalationError(user: UserInfo, namespace: string, rbac: RbacSource, rules: PolicyRule[]): string | undefined {
  const errors: string[] = [];
  const owned = rulesFor(user, namespace, rbac, errors, 'registry');
  const missing = uncovered(owned, rules);
  if (missing.length === 0) return undefined;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort(compareGoStrings);
  let msg = `user ${goQuote(user.username)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
  if (errors.length) msg += `; resolution errors: [${aggregate(errors)}]`;
  return msg;
}

/** Covers: the atomic pieces of `servant` that no rule of `owner` covers. */
export function uncovered(owner: PolicyRule[], servant: PolicyRule[]): PolicyRule[] {
  return servant.flatMap(breakdownRule).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
}

/** BreakdownRule: one rule per group × resource × verb (× resourceName), and per nonResourceURL × verb. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  const names = rule.resourceNames ?? [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (names.length) for (const n of names) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [n] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs ?? []) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const has = (set: string[] | undefined, e: string) => (set ?? []).includes(e);
const hasAll = (set: string[] | undefined, items: string[] | undefined) => (items ?? []).every((e) => has(set, e));

// resourceCoversAll: `*`, the exact names, or `*` followed by `/sub` for a subresource.
function resourceCoversAll(set: string[] | undefined, covers: string[] | undefined): boolean {
  if (has(set, '*') || hasAll(set, covers)) return true;
  return (covers ?? []).every((path) => {
    if (has(set, path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && has(set, `*/${path.slice(slash + 1)}`);
  });
}

/** nonResourceURLCovers: an exact path, or a prefix ending in `*`. */
function nonResourceURLCovers(owner: string, sub: string): boolean {
  return owner === sub || (owner.endsWith('*') && sub.startsWith(owner.replace(/\*+$/, '')));
}

/** ruleCovers: whether `owner` covers the atomic rule `sub`. */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources, sub.resources);
  const urls = (sub.nonResourceURLs ?? []).every((p) => (owner.nonResourceURLs ?? []).some((o) => nonResourceURLCovers(o, p)));
  const ownerNames = owner.resourceNames ?? [];
  const names = (sub.resourceNames ?? []).length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, sub.resourceNames);
  return verbs && groups && resources && names && urls;
}

/** CompactRules: atomic rules that differ only by verb (one group, one resource, at most one name) become one. */
function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple =
      (r.resourceNames ?? []).length <= 1 && (r.nonResourceURLs ?? []).length === 0 && (r.apiGroups ?? []).length === 1 && (r.resources ?? []).length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups, r.resources, r.resourceNames ?? []]);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

/** rbacv1helpers.CompactString: `{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}`. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${goQuoteList(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${goQuoteList(r.resources)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goQuoteList(r.nonResourceURLs)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${goQuoteList(r.resourceNames)}`);
  if (r.verbs?.length) parts.push(`Verbs:${goQuoteList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** Go's %q for a []string: `["a" "b"]`. */
const goQuoteList = (list: string[]) => `[${list.map(goQuote).join(' ')}]`;

function hasAggregationRule(role: KubeObject): boolean {
  const rule = (role as { aggregationRule?: { clusterRoleSelectors?: unknown[] } }).aggregationRule;
  return Array.isArray(rule?.clusterRoleSelectors) && rule.clusterRoleSelectors.length > 0;
}

/** rbacregistry.IsOnlyMutatingGCFields: the update differs from the stored object only in finalizers, ownerReferences, managedFields. */
function isOnlyMutatingGCFields(obj: KubeObject, old: KubeObject): boolean {
  const meta = { ...obj.metadata };
  for (const k of ['ownerReferences', 'finalizers', 'selfLink', 'managedFields', 'resourceVersion']) {
    if (old.metadata[k] === undefined) delete meta[k];
    else meta[k] = old.metadata[k];
  }
  return deepEqual({ ...obj, metadata: meta }, old);
}
