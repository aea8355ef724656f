// The minimal Roles/ClusterRoles (and their bindings) that grant a set of permissions, as plain YAML documents
// separated by `---`: one Role per namespace, one ClusterRole for cluster-wide resources and non-resource
// URLs, no wildcards. Used by --explain, the 403 lesson and `kcurl rbac`.
import { marshalYaml } from '../output/go-yaml.js';
import type { Permission } from './verbs.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_API_VERSION = `${RBAC_GROUP}/v1`;

/** Who the binding is for; `placeholder` when kcurl could not tell who the credentials authenticate as. */
export type Subject =
  | { kind: 'ServiceAccount'; namespace: string; name: string; placeholder?: false }
  | { kind: 'User' | 'Group'; name: string; placeholder?: boolean };

export const PLACEHOLDER_USER: Subject = { kind: 'User', name: 'REPLACE-WITH-YOUR-USER-NAME', placeholder: true };

/** `system:serviceaccount:NS:NAME` is a ServiceAccount; any other user name a User. */
export function subjectForUser(user: string): Subject {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user);
  return m ? { kind: 'ServiceAccount', namespace: m[1], name: m[2] } : { kind: 'User', name: user };
}

export function subjectText(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} "${s.name}"`;
}

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

const VERB_ORDER = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const verbLess = (a: string, b: string) => {
  const i = VERB_ORDER.indexOf(a);
  const j = VERB_ORDER.indexOf(b);
  return (i < 0 ? 99 : i) - (j < 0 ? 99 : j) || (a < b ? -1 : a > b ? 1 : 0);
};

function addRule(rules: Map<string, Rule>, key: string, make: () => Rule, verb: string): void {
  const rule = rules.get(key) ?? rules.set(key, make()).get(key)!;
  if (!rule.verbs.includes(verb)) rule.verbs.push(verb);
}

function sortedRules(rules: Map<string, Rule>): Rule[] {
  return [...rules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => ({ ...r, verbs: [...r.verbs].sort(verbLess) }));
}

export interface RoleSet {
  /** namespace → rules of its Role; "" holds the ClusterRole's rules. */
  byNamespace: Map<string, Rule[]>;
  /** Permissions every authenticated user already has (not granted again). */
  everyone: Permission[];
}

/** Groups permissions into the rules of one Role per namespace and one ClusterRole. */
export function minimalRules(perms: readonly Permission[], opts: { resourceNames?: boolean } = {}): RoleSet {
  const rulesByNs = new Map<string, Map<string, Rule>>();
  const everyone: Permission[] = [];
  const seenEveryone = new Set<string>();
  for (const p of perms) {
    if (p.everyone) {
      const k = `${p.verb} ${p.nonResourceURL ?? `${p.apiGroup}/${p.resource}`}`;
      if (!seenEveryone.has(k)) everyone.push(p);
      seenEveryone.add(k);
      continue;
    }
    const ns = p.nonResourceURL !== undefined ? '' : (p.namespace ?? '');
    const rules = rulesByNs.get(ns) ?? rulesByNs.set(ns, new Map()).get(ns)!;
    if (p.nonResourceURL !== undefined) {
      addRule(rules, `~${p.nonResourceURL}`, () => ({ nonResourceURLs: [p.nonResourceURL!], verbs: [] }), p.verb);
      continue;
    }
    const name = opts.resourceNames && p.resourceName ? p.resourceName : undefined;
    addRule(
      rules,
      `${p.apiGroup}\u0000${p.resource}\u0000${name ?? ''}`,
      () =>
        name
          ? { apiGroups: [p.apiGroup ?? ''], resources: [p.resource!], resourceNames: [name], verbs: [] }
          : { apiGroups: [p.apiGroup ?? ''], resources: [p.resource!], verbs: [] },
      p.verb,
    );
  }
  const byNamespace = new Map([...rulesByNs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([ns, r]) => [ns, sortedRules(r)] as const));
  return { byNamespace, everyone };
}

function subjectObject(s: Subject): Record<string, string> {
  return s.kind === 'ServiceAccount' ? { kind: 'ServiceAccount', name: s.name, namespace: s.namespace } : { apiGroup: RBAC_GROUP, kind: s.kind, name: s.name };
}

/**
 * The YAML documents (Role + RoleBinding per namespace, ClusterRole + ClusterRoleBinding for cluster-wide
 * rules), `---` between them, no indentation prefix: `kubectl apply -f -` reads the text as it is. Without a
 * subject only the roles are printed.
 */
export function renderRoles(set: RoleSet, opts: { name: string; subject?: Subject }): string {
  const docs: string[] = [];
  for (const [ns, rules] of set.byNamespace) {
    const cluster = ns === '';
    const meta = cluster ? { name: opts.name } : { name: opts.name, namespace: ns };
    docs.push(marshalYaml({ apiVersion: RBAC_API_VERSION, kind: cluster ? 'ClusterRole' : 'Role', metadata: meta, rules }));
    if (opts.subject) {
      const note = opts.subject.placeholder
        ? '# the subject is a placeholder: kcurl could not tell who these credentials authenticate as (a 403 message names the user)\n'
        : '';
      docs.push(
        note +
          marshalYaml({
            apiVersion: RBAC_API_VERSION,
            kind: cluster ? 'ClusterRoleBinding' : 'RoleBinding',
            metadata: meta,
            roleRef: { apiGroup: RBAC_GROUP, kind: cluster ? 'ClusterRole' : 'Role', name: opts.name },
            subjects: [subjectObject(opts.subject)],
          }),
      );
    }
  }
  return docs.join('---\n');
}

/** A Kubernetes object name from free text: `kcurl-get-pods-log`. */
export function roleName(words: readonly string[]): string {
  const name = words
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return name.slice(0, 63).replace(/-$/, '') || 'kcurl';
}
