// The PolicyRule table of Role/ClusterRole descriptions and of `auth can-i --list`: kubectl breaks every rule
// down to one verb, resource and name (rbac.BreakdownRule), merges the simple ones back per resource
// (rbac.CompactRules) and sorts them stably by the protobuf String() of the rule (rbac.SortableRuleSlice).
import { type Obj, byteCompare, goList } from './fields.js';

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

const list = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);

function breakdown(rule: Obj): Rule[] {
  const out: Rule[] = [];
  const verbs = list(rule.verbs);
  for (const group of list(rule.apiGroups)) {
    for (const resource of list(rule.resources)) {
      for (const verb of verbs) {
        const names = list(rule.resourceNames);
        if (names.length > 0)
          for (const n of names) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [n], nonResourceURLs: [] });
        else out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [], nonResourceURLs: [] });
      }
    }
  }
  for (const url of list(rule.nonResourceURLs))
    for (const verb of verbs) out.push({ verbs: [verb], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url] });
  return out;
}

function compact(rules: Rule[]): Rule[] {
  const compacted: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple = r.resourceNames.length <= 1 && r.nonResourceURLs.length === 0 && r.apiGroups.length === 1 && r.resources.length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames.length > 0, r.resourceNames[0] ?? '']);
    const existing = simple.get(key);
    if (existing) existing.verbs.push(...r.verbs);
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...compacted, ...simple.values()];
}

/** The generated protobuf String() of rbacv1.PolicyRule, the sort key kubectl uses. */
function ruleString(r: Rule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup: "resource.group/subresource". */
function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const [res, sub] = resources[0].split(/\/(.*)/s);
  let combined = res;
  if (groups.length > 0 && groups[0] !== '') combined += `.${groups[0]}`;
  if (sub !== undefined) combined += `/${sub}`;
  return combined;
}

/** The table rows ("Resources\tNon-Resource URLs\tResource Names\tVerbs\n") for a role's rules. */
export function describeRules(rules: Obj[]): string[] {
  const rows = compact(rules.flatMap(breakdown));
  const sorted = rows.map((r) => ({ r, key: ruleString(r) })).sort((a, b) => byteCompare(a.key, b.key));
  return sorted.map(
    ({ r }) => `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`,
  );
}
