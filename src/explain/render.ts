// --explain: one renderer for every command. For each request of a plan: the URL taken apart, each query
// parameter and header with why it is there, the RBAC permission it needs; then the minimal Role/RoleBinding
// (ClusterRole/ClusterRoleBinding when cluster-wide) for the identity in use, and where kcurl differs from kubectl.
import type { Credentials } from '../kube/credentials-types.js';
import { type RequestPlan, type RequestStep, stepUrl } from '../plan/request-plan.js';
import { QUERY_GLOSSARY, authenticationNote, headerMeaning } from './glossary.js';
import { identityOf } from './identity.js';
import { PLACEHOLDER_USER, minimalRules, renderRoles, roleName, subjectText } from './rbac-yaml.js';
import { urlAnatomy } from './url-anatomy.js';
import { type Permission, permissionFor, permissionText } from './verbs.js';

export interface ExplainOptions {
  /** Notes (kcurl vs kubectl) already printed in this run: each is printed once. */
  notesShown?: Set<string>;
  userAgent?: string;
}

function table(rows: readonly (readonly [string, string])[], indent: string): string[] {
  const width = Math.min(40, Math.max(0, ...rows.map(([k]) => k.length)));
  return rows.map(([k, v]) => (v ? `${indent}${k.padEnd(width)}  ${v}` : `${indent}${k}`));
}

function explainStep(step: RequestStep, index: number, creds: Credentials, perm: Permission, opts: ExplainOptions): string[] {
  const a = urlAnatomy(step.path);
  const out: string[] = [
    `${index + 1}. ${step.purpose}${step.role === 'call' ? '' : ` (${step.role})`}`,
    `   ${step.method} ${stepUrl(creds.server.value, step)}`,
  ];
  if (step.onlyAfter) out.push(`   sent only when request ${step.onlyAfter.step + 1} answers ${step.onlyAfter.status}`);
  out.push(
    '   path:',
    ...table(
      a.segments.map((s) => [`/${s.text}`, s.names]),
      '     ',
    ),
  );
  if (step.query.length) {
    const rows = step.query.map(([k, v]) => {
      const from = step.fromAnswer?.find((f) => f.param === k);
      const value = from ? `<.metadata.${from.field} of the answer to request ${from.step + 1}>` : v;
      return [`${k}=${value}`, QUERY_GLOSSARY[k] ?? ''] as const;
    });
    out.push('   query:', ...table(rows, '     '));
  }
  if (step.paged) out.push('   next pages: the same request with continue=<.metadata.continue of the answer>, until an answer has none');
  const headers: [string, string][] = step.headers.map(([k, v]) => [`${k}: ${v}`, headerMeaning(k, v, step.method)]);
  if (opts.userAgent) headers.push([`User-Agent: ${opts.userAgent}`, headerMeaning('User-Agent', opts.userAgent, step.method)]);
  const auth = authenticationNote(creds);
  if (auth) headers.push([`${auth.header}: ${auth.value}`, auth.meaning]);
  if (creds.impersonate?.user) headers.push([`Impersonate-User: ${creds.impersonate.user}`, headerMeaning('Impersonate-User', '', step.method)]);
  out.push('   headers:');
  // A long value goes on its own line, its meaning indented below it.
  for (const [k, v] of headers) {
    if (k.length > 40 && v) out.push(`     ${k}`, `       ${v}`);
    else out.push(...table([[k, v]], '     '));
  }
  const everyone = perm.everyone ? ` — every authenticated user has it (${perm.everyone})` : '';
  out.push(`   RBAC: ${permissionText(perm)}${everyone}`, `     ${perm.why}`);
  return out;
}

/** A read sent only after an error answer (get's namespace check after a NotFound). */
const isDiagnostic = (s: RequestStep) =>
  s.method === 'GET' && s.onlyAfter?.status !== undefined && [s.onlyAfter.status].flat().every((status) => status >= 400);

/** The whole explanation of a plan, ending with a blank line. */
export function renderExplain(plan: RequestPlan, creds: Credentials, opts: ExplainOptions = {}): string {
  const out: string[] = [`# explain: ${plan.command.replace(/^kubectl /, 'kcurl ')}, ${plan.steps.length} request${plan.steps.length === 1 ? '' : 's'}`];
  const perms = plan.steps.map((s) => permissionFor(s));
  plan.steps.forEach((step, i) => out.push(...explainStep(step, i, creds, perms[i], opts)));
  // The Role leaves out reads sent only to diagnose an error (get's namespace check after a NotFound).
  const granted = perms.filter((_p, i) => !isDiagnostic(plan.steps[i]));
  const set = minimalRules(granted);
  if (set.byNamespace.size) {
    const subject = identityOf(creds) ?? PLACEHOLDER_USER;
    const first = granted.find((p) => !p.everyone);
    const name = roleName(['kcurl', plan.command.replace(/^kubectl /, ''), (first?.resource ?? 'urls').split('/')[0]]);
    const kinds = [...set.byNamespace.keys()].some((ns) => ns === '') ? 'ClusterRole + ClusterRoleBinding' : 'Role + RoleBinding';
    out.push(
      '',
      `# RBAC: the minimal ${kinds} for ${subject.placeholder ? 'your user (placeholder below)' : subjectText(subject)}; feed it to kubectl apply -f -`,
    );
    out.push(renderRoles(set, { name, subject }).trimEnd());
  } else if (set.everyone.length) {
    out.push('', '# RBAC: nothing to grant: every authenticated user may already send these requests');
  }
  for (const note of plan.notes ?? []) {
    if (opts.notesShown?.has(note)) continue;
    opts.notesShown?.add(note);
    out.push('', `# kcurl and kubectl differ: ${note}`);
  }
  return out.join('\n') + '\n\n';
}
