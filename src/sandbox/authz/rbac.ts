// Authorization as kube-apiserver's authorizer chain decides it: the system:masters superuser group, then
// the RBAC authorizer (plugin/pkg/auth/authorizer/rbac): ClusterRoleBindings grant everywhere, RoleBindings
// in their namespace. Also the 403 texts, the SelfSubjectRulesReview rules and SSAR reasons.
import type { AuthorizationDecision, KubeObject, RbacSource, RequestAttributes, UserInfo } from '../types.js';

export { aggregatedRules, bootstrapRbacObjects } from './bootstrap-policy.js';

/** user.SystemPrivilegedGroup: the privileged-group authorizer allows it everything, before RBAC runs. */
export const SUPERUSER_GROUP = 'system:masters';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup?: string;
}

/** One rule together with the binding that granted it. */
interface VisitedRule {
  rule: PolicyRule;
  binding: KubeObject;
  subject: Subject;
}

/**
 * The decision for one request. system:masters is allowed with an empty reason (the privileged-group
 * authorizer answers before RBAC, as the captured SelfSubjectAccessReview shows); otherwise RBAC allows with
 * `RBAC: allowed by …` or denies (the reason then only lists bindings whose role could not be found).
 */
export function authorize(attrs: RequestAttributes, rbac: RbacSource): AuthorizationDecision {
  if (attrs.user.groups.includes(SUPERUSER_GROUP)) return { allowed: true, reason: '' };
  const errors: string[] = [];
  for (const visited of visitRules(attrs.user, attrs.namespace, rbac, errors)) {
    if (ruleAllows(attrs, visited.rule)) return { allowed: true, reason: describeDecisionReason(visited.binding, visited.subject) };
  }
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregate(errors)}` : '' };
}

/** The SSAR `status.reason` for a rule granted by `binding` to `subject`: `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to Group "z"`. */
export function describeDecisionReason(binding: KubeObject, subject: Subject): string {
  const ref = roleRefOf(binding);
  const bindingNamespace = binding.metadata.namespace ?? '';
  const source =
    binding.kind === 'RoleBinding'
      ? `RoleBinding "${binding.metadata.name}/${bindingNamespace}" of ${ref.kind} "${ref.name}" to ${describeSubject(subject, bindingNamespace)}`
      : `ClusterRoleBinding "${binding.metadata.name}" of ${ref.kind} "${ref.name}" to ${describeSubject(subject, '')}`;
  return `RBAC: allowed by ${source}`;
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

/**
 * The 403 message kube-apiserver writes (endpoints/handlers/responsewriters Forbidden + apierrors.NewForbidden):
 * `pods "x" is forbidden: User "u" cannot get resource "pods" in API group "" in the namespace "default"`.
 * A non-empty authorizer `reason` is appended after `: `.
 */
export function forbiddenMessage(attrs: RequestAttributes, reason = ''): string {
  const why = reason ? `${forbiddenReason(attrs)}: ${reason}` : forbiddenReason(attrs);
  if (!attrs.isResourceRequest) return `forbidden: ${why}`;
  const qualified = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  return attrs.name ? `${qualified} "${attrs.name}" is forbidden: ${why}` : `${qualified} is forbidden: ${why}`;
}

/** The `User "u" cannot …` part of a 403 message. */
export function forbiddenReason(attrs: RequestAttributes): string {
  const user = attrs.user.username;
  if (!attrs.isResourceRequest) return `User "${user}" cannot ${attrs.verb} path "${attrs.path}"`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  return `User "${user}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.apiGroup}" ${scope}`;
}

/** The whole 403 Status body, details as apierrors.NewForbidden fills them. */
export function forbiddenStatus(attrs: RequestAttributes, reason = ''): Record<string, unknown> {
  const details: Record<string, string> = {};
  if (attrs.isResourceRequest) {
    if (attrs.name) details.name = attrs.name;
    if (attrs.apiGroup) details.group = attrs.apiGroup;
    if (attrs.resource) details.kind = attrs.resource;
  }
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: forbiddenMessage(attrs, reason),
    reason: 'Forbidden',
    details,
    code: 403,
  };
}

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface RulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

/**
 * SelfSubjectRulesReview `status`: every rule that applies to `user` in `namespace`, in the order RBAC
 * visits them (ClusterRoleBindings, then the namespace's RoleBindings). Only the RBAC rule resolver
 * answers, so system:masters sees the cluster-admin rules of its binding.
 */
export function rulesReview(user: UserInfo, namespace: string, rbac: RbacSource): RulesReviewStatus {
  const errors: string[] = [];
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  for (const { rule } of visitRules(user, namespace, rbac, errors)) {
    if (rule.resources && rule.resources.length > 0) {
      const r: ResourceRule = { verbs: [...rule.verbs] };
      if (rule.apiGroups?.length) r.apiGroups = [...rule.apiGroups];
      r.resources = [...rule.resources];
      if (rule.resourceNames?.length) r.resourceNames = [...rule.resourceNames];
      resourceRules.push(r);
    }
    if (rule.nonResourceURLs && rule.nonResourceURLs.length > 0) {
      nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] });
    }
  }
  const status: RulesReviewStatus = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length > 0) status.evaluationError = aggregate(errors);
  return status;
}

// ---- the rule resolver (pkg/registry/rbac/validation DefaultRuleResolver.VisitRulesFor) ----

/**
 * How a missing role is named: the authorizer reads through listers (`role.rbac.authorization.k8s.io "x" not
 * found`), the escalation checks through the registry (`roles.rbac.authorization.k8s.io "x" not found`).
 */
export type RoleLookup = 'lister' | 'registry';

function* visitRules(user: UserInfo, namespace: string, rbac: RbacSource, errors: string[], lookup: RoleLookup = 'lister'): Generator<VisitedRule> {
  for (const binding of rbac.clusterRoleBindings()) {
    const subject = appliesTo(user, subjectsOf(binding), '');
    if (!subject) continue;
    const rules = roleReferenceRules(roleRefOf(binding), '', rbac, errors, lookup);
    for (const rule of rules) yield { rule, binding, subject };
  }
  if (namespace === '') return;
  for (const binding of rbac.roleBindings(namespace)) {
    const subject = appliesTo(user, subjectsOf(binding), namespace);
    if (!subject) continue;
    const rules = roleReferenceRules(roleRefOf(binding), namespace, rbac, errors, lookup);
    for (const rule of rules) yield { rule, binding, subject };
  }
}

/** DefaultRuleResolver.RulesFor: every rule `user` holds in `namespace` ('' → cluster-wide only); failures go to `errors`. */
export function rulesFor(user: UserInfo, namespace: string, rbac: RbacSource, errors: string[], lookup: RoleLookup = 'lister'): PolicyRule[] {
  return [...visitRules(user, namespace, rbac, errors, lookup)].map((v) => v.rule);
}

/** DefaultRuleResolver.GetRoleReferenceRules: the rules of the role a binding in `bindingNamespace` refers to. */
export function roleReferenceRules(ref: RoleRef, bindingNamespace: string, rbac: RbacSource, errors: string[], lookup: RoleLookup = 'lister'): PolicyRule[] {
  const missing = (resource: string) => `${lookup === 'lister' ? resource : `${resource}s`}.rbac.authorization.k8s.io "${ref.name}" not found`;
  if (ref.kind === 'Role') {
    const role = rbac.roles(bindingNamespace).find((r) => r.metadata.name === ref.name);
    if (!role) {
      errors.push(missing('role'));
      return [];
    }
    return rulesOf(role);
  }
  if (ref.kind === 'ClusterRole') {
    const role = rbac.clusterRoles().find((r) => r.metadata.name === ref.name);
    if (!role) {
      errors.push(missing('clusterrole'));
      return [];
    }
    return rulesOf(role);
  }
  errors.push(`unsupported role reference kind: "${ref.kind}"`);
  return [];
}

/** The first subject of the binding that names this user (appliesTo returns its index). */
function appliesTo(user: UserInfo, subjects: Subject[], namespace: string): Subject | undefined {
  return subjects.find((s) => {
    switch (s.kind) {
      case 'User':
        return user.username === s.name;
      case 'Group':
        return user.groups.includes(s.name);
      case 'ServiceAccount': {
        // A subject without a namespace means the binding's own namespace.
        const saNamespace = s.namespace || namespace;
        return saNamespace !== '' && user.username === `system:serviceaccount:${saNamespace}:${s.name}`;
      }
      default:
        return false;
    }
  });
}

// ---- rule matching (rbac.RuleAllows and rbacv1helpers) ----

/** Whether one policy rule grants the request. */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.isResourceRequest) return nonResourceURLMatches(rule, attrs.path);
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  return apiGroupMatches(rule, attrs.apiGroup) && resourceMatches(rule, combined, attrs.subresource) && resourceNameMatches(rule, attrs.name);
}

const verbMatches = (rule: PolicyRule, verb: string) => (rule.verbs ?? []).some((v) => v === '*' || v === verb);
const apiGroupMatches = (rule: PolicyRule, group: string) => (rule.apiGroups ?? []).some((g) => g === '*' || g === group);

function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return (rule.resources ?? []).some((r) => {
    if (r === '*' || r === combined) return true;
    // `*/scale` matches the scale subresource of every resource.
    return subresource !== '' && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource);
  });
}

/** No resourceNames means every name; with resourceNames only a request that names one of them matches (so an unnamed list never does). */
function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => {
    if (u === '*' || u === path) return true;
    return u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''));
  });
}

// ---- reading RBAC objects ----

export function rulesOf(role: KubeObject): PolicyRule[] {
  const rules = (role as { rules?: unknown }).rules;
  return Array.isArray(rules) ? (rules.filter((r) => r && typeof r === 'object') as PolicyRule[]) : [];
}

function subjectsOf(binding: KubeObject): Subject[] {
  const subjects = (binding as { subjects?: unknown }).subjects;
  return Array.isArray(subjects) ? (subjects.filter((s) => s && typeof s === 'object') as Subject[]) : [];
}

export function roleRefOf(binding: KubeObject): RoleRef {
  const ref = (binding as { roleRef?: Partial<RoleRef> }).roleRef ?? {};
  return { kind: ref.kind ?? '', name: ref.name ?? '', apiGroup: ref.apiGroup };
}

/** utilerrors.NewAggregate(errs).Error(): one message alone, several deduplicated inside `[…]`. */
export function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}
