// From the requests a client made to the RBAC that allows exactly them: each request's permission (the verb
// table in src/explain/verbs.ts), grouped into one Role per namespace and one ClusterRole (src/explain/rbac-yaml.ts);
// what every authenticated user may already do is listed in comments, not granted again.
import { usageError } from '../../errors.js';
import { minimalRules, renderRoles, roleName, type Subject } from '../../explain/rbac-yaml.js';
import { type Permission, permissionFor } from '../../explain/verbs.js';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  target: string;
}

export interface RbacOptions {
  forServiceaccount?: string;
  resourceNames: boolean;
  roleName: string;
}

/** `--for-serviceaccount NAMESPACE/NAME` as a subject. */
export function serviceAccountSubject(value: string | undefined): Subject | undefined {
  if (value === undefined) return undefined;
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(value);
  if (!m) throw usageError(`--for-serviceaccount: expected NAMESPACE/NAME, got ${JSON.stringify(value)}`, 'for example --for-serviceaccount default/ci');
  return { kind: 'ServiceAccount', namespace: m[1], name: m[3] };
}

function permissionOf(r: RecordedRequest): Permission {
  const q = r.target.indexOf('?');
  const path = q >= 0 ? r.target.slice(0, q) : r.target;
  const query = q >= 0 ? ([...new URLSearchParams(r.target.slice(q + 1))] as [string, string][]) : [];
  return permissionFor({ method: r.method, path, query });
}

/** The YAML (with comment lines) for `requests`; `source` names where they came from. */
export function renderRbac(requests: readonly RecordedRequest[], opts: RbacOptions, source: string): string {
  const subject = serviceAccountSubject(opts.forServiceaccount);
  const set = minimalRules(requests.map(permissionOf), { resourceNames: opts.resourceNames });
  const out = [`# RBAC for the ${requests.length} request${requests.length === 1 ? '' : 's'} in ${source}`];
  if (set.everyone.length) {
    out.push('# already allowed for every authenticated user (not granted here):');
    for (const p of set.everyone) {
      const what = p.nonResourceURL ?? `${p.resource}${p.apiGroup ? `.${p.apiGroup}` : ''}`;
      out.push(`#   ${p.verb} ${what} (${p.everyone})`);
    }
  }
  if (!set.byNamespace.size) return out.join('\n') + '\n# nothing else to grant\n';
  return out.join('\n') + '\n' + renderRoles(set, { name: roleName([opts.roleName]), subject });
}
