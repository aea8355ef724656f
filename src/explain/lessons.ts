// Error lessons: after kubectl's own error line (printed unchanged by main), a few lines on what the error
// means and what to type next — 401 (which credential, from where, why it may be refused), 403 (the missing
// rule and the Role that grants it), 404 (type, object or namespace), 409/422 (the fields), connection refused
// or no kubeconfig, an unknown CA, and typos (resource types, commands, flags). Built only from what the run
// already knows: no extra request is sent.
import { ApiStatusError, KcurlError, type KubeStatus } from '../errors.js';
import type { Credentials } from '../kube/credentials-types.js';
import { builtinCatalog } from '../kube/resources.js';
import type { RequestStep } from '../plan/request-plan.js';
import { shellQuote } from '../render/shell-quote.js';
import { COMMANDS, findCommand } from '../cli/registry.js';
import { effectiveFlags } from '../cli/spec.js';
import { sourceText } from './glossary.js';
import { minimalRules, renderRoles, roleName, subjectForUser, subjectText } from './rbac-yaml.js';
import { closest } from './suggest.js';
import { urlAnatomy } from './url-anatomy.js';
import { type Permission, canICommand, permissionText } from './verbs.js';

/** A request of this run the server refused (Session records them). */
export interface FailedRequest {
  step: RequestStep;
  status: number;
  body: string;
}

export interface LessonInput {
  argv: readonly string[];
  /** The error main() caught, if the command did not report it itself. */
  err?: unknown;
  failures: readonly FailedRequest[];
  creds?: Credentials;
}

// kubectl's commands. Reached only for a word kcurl does not know as a command (usageLesson), so a command kcurl
// gains needs no change here: for the rest, `kcurl record -- kubectl …` shows the requests kubectl sends.
const KUBECTL_COMMANDS = [
  'annotate',
  'autoscale',
  'certificate',
  'cluster-info',
  'config',
  'cordon',
  'debug',
  'diff',
  'drain',
  'edit',
  'events',
  'explain',
  'expose',
  'kustomize',
  'label',
  'patch',
  'plugin',
  'port-forward',
  'replace',
  'rollout',
  'run',
  'scale',
  'set',
  'taint',
  'top',
  'uncordon',
  'wait',
];

const head = (title: string) => `\nkcurl explains (${title}):`;

function parseStatus(body: string): KubeStatus | undefined {
  try {
    const s = JSON.parse(body) as KubeStatus;
    return s && s.kind === 'Status' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** The lesson for this run's failure, or '' when there is none to give. */
export function renderLesson(input: LessonInput): string {
  const lines = lessonLines(input);
  return lines.length ? lines.join('\n') + '\n\n' : '';
}

function lessonLines(input: LessonInput): string[] {
  const { err } = input;
  if (err instanceof KcurlError && !(err instanceof ApiStatusError)) {
    if (err.code === 'KCURL_USAGE') return usageLesson(err.message, input.argv);
    if (err.code === 'KCURL_RESOURCE') return resourceTypeLesson(err.message);
    if (err.code === 'KCURL_NETWORK') return connectionLesson(err.message, input.creds);
    if (err.code === 'KCURL_TLS') return tlsLesson(err.message, input.creds);
    return [];
  }
  const failure = input.failures[input.failures.length - 1];
  const status = (failure && parseStatus(failure.body)) ?? (err instanceof ApiStatusError ? err.status : undefined);
  const code = failure?.status ?? (err instanceof ApiStatusError ? err.httpStatus : undefined);
  if (code === undefined) return [];
  switch (code) {
    case 401:
      return unauthorizedLesson(input.creds);
    case 403:
      return forbiddenLesson(status);
    case 404:
      return notFoundLesson(input.failures, status);
    case 409:
    case 422:
      return fieldsLesson(code, status);
    default:
      return [];
  }
}

function unauthorizedLesson(creds: Credentials | undefined): string[] {
  const out = [head('401 Unauthorized'), '  The server could not tell who you are: it refused the credentials, or none were sent.'];
  if (!creds) return out;
  const who = creds.contextName ? ` (context "${creds.contextName}", user "${creds.userName ?? ''}")` : '';
  if (creds.token) {
    const src = creds.token.source;
    out.push(`  sent: a bearer token from ${sourceText(src)}${who}`);
    if (src.kind === 'exec')
      out.push(`  likely: the plugin's token expired or its login lapsed; run ${shellQuote(src.command)} yourself and read what it says.`);
    else if (src.kind === 'secret') {
      out.push(
        `  likely: the ServiceAccount of Secret ${src.namespace}/${src.name} was deleted (its tokens die with it), or the Secret is not a`,
        '  ServiceAccount token. Since v1.24 clusters no longer create `default-token-…` Secrets: create one (an admin runs kubectl apply -f -)',
        '  or ask for a short-lived token instead: kcurl create token NAME',
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: NAME-token',
        '  annotations:',
        '    kubernetes.io/service-account.name: NAME',
        'type: kubernetes.io/service-account-token',
      );
    } else if (src.kind === 'serviceaccount-mount')
      out.push("  likely: the pod's ServiceAccount was deleted and recreated, or the mounted token is from another cluster.");
    else {
      out.push(
        '  likely: the token expired (kubectl create token gives one hour unless --duration says more), its ServiceAccount was deleted,',
        '  or it belongs to another cluster. A fresh one: kcurl create token NAME (with credentials that may create it).',
      );
    }
  } else if (creds.basic) {
    out.push(
      `  sent: basic authentication (user name from ${sourceText(creds.basic.username.source)})${who}`,
      '  likely: Kubernetes no longer accepts passwords (removed in v1.19); use a token or a client certificate.',
    );
  } else if (creds.clientCert) {
    out.push(
      `  sent: a TLS client certificate from ${sourceText(creds.clientCert.cert.source)}${who}`,
      '  likely: the certificate expired, or another CA signed it than the one this server trusts for clients.',
    );
  } else {
    out.push(`  sent: no credentials at all${who}: the kubeconfig user has no token, certificate or exec plugin, and anonymous requests are refused.`);
  }
  return out;
}

/** kube-apiserver's Forbidden message: `… User "u" cannot VERB resource "R" in API group "G" in the namespace "NS"` (or a path). */
const FORBIDDEN_RESOURCE =
  /User "((?:[^"\\]|\\.)*)" cannot (\S+) resource "([^"]*)" in API group "([^"]*)" (?:in the namespace "([^"]*)"|at the cluster scope)/;
const FORBIDDEN_PATH = /User "((?:[^"\\]|\\.)*)" cannot (\S+) path "([^"]*)"/;

/** The user and the missing permission a 403 Status names, if it names them. */
export function parseForbidden(status: KubeStatus | undefined): { user: string; permission: Permission } | undefined {
  const message = status?.message ?? '';
  const r = FORBIDDEN_RESOURCE.exec(message);
  if (r) {
    const permission: Permission = { verb: r[2], apiGroup: r[4], resource: r[3], namespace: r[5] ?? '', resourceName: status?.details?.name, why: '' };
    return { user: r[1], permission };
  }
  const p = FORBIDDEN_PATH.exec(message);
  if (p) return { user: p[1], permission: { verb: p[2], nonResourceURL: p[3], why: '' } };
  return undefined;
}

function forbiddenLesson(status: KubeStatus | undefined): string[] {
  const parsed = parseForbidden(status);
  const out = [head('403 Forbidden'), '  The server knows who you are, and RBAC gives you no rule that allows this request.'];
  if (!parsed) return out;
  const { user, permission: p } = parsed;
  const subject = subjectForUser(user);
  out.push(
    `  who: ${subjectText(subject)}`,
    `  missing: ${permissionText(p)}`,
    `  check: ${canICommand(p, shellQuote)}`,
    `  grant it: an admin applies this (kubectl apply -f -):`,
  );
  const name = roleName(['kcurl', p.verb, (p.resource ?? 'urls').split('/')[0]]);
  out.push(renderRoles(minimalRules([p]), { name, subject }).trimEnd());
  return out;
}

function notFoundLesson(failures: readonly FailedRequest[], status: KubeStatus | undefined): string[] {
  const failure = failures[failures.length - 1];
  const a = failure ? urlAnatomy(failure.step.path) : undefined;
  const out = [head('404 Not Found')];
  // kubectl's namespace check (a GET of the namespace after a NotFound) answered 404: the namespace is missing.
  const nsCheck = failures.find((f) => f.step.onlyAfter && urlAnatomy(f.step.path).resource === 'namespaces');
  if (nsCheck || (a?.resource === 'namespaces' && a.name && !a.subresource)) {
    const ns = nsCheck ? urlAnatomy(nsCheck.step.path).name : a!.name;
    out.push(`  The namespace "${ns}" does not exist, so nothing in it can be found.`, '  see the namespaces there are: kcurl get namespaces');
    return out;
  }
  if (status?.details?.name !== undefined && status.details.kind) {
    // The server answered a Status about the object: the type is served, the object is not there.
    const resource = a?.resource || status.details.kind;
    const where = a?.namespace ? ` -n ${shellQuote(a.namespace)}` : '';
    out.push(
      `  The type "${resource}" exists; no object named "${status.details.name}" was found${a?.namespace ? ` in namespace "${a.namespace}"` : ''}.`,
      `  see what there is: kcurl get ${shellQuote(status.details.group ? `${resource}.${status.details.group}` : resource)}${where}`,
    );
    if (a?.namespace && a.namespace !== 'default') out.push(`  (a missing namespace answers the same: kcurl get namespace ${shellQuote(a.namespace)})`);
    return out;
  }
  const gv = a ? (a.group ? `${a.group}/${a.version}` : a.version) : '';
  out.push(
    `  The server does not serve this path${a?.resource ? `: no resource type "${a.resource}" in ${gv || 'that API'}` : ''}. The type (or its API group/version)`,
    '  is unknown to this server, e.g. a CustomResourceDefinition not installed yet.',
    '  see the types it serves: kcurl api-resources',
  );
  return out;
}

function fieldsLesson(code: number, status: KubeStatus | undefined): string[] {
  const causes = status?.details?.causes ?? [];
  const out = [head(code === 409 ? '409 Conflict' : '422 Invalid')];
  if (code === 409) {
    out.push(
      status?.reason === 'AlreadyExists'
        ? '  An object with this name exists already: change the name, delete the old one, or use kcurl apply (creates or updates).'
        : '  The object changed since it was read (its resourceVersion moved on), or a field has another owner: read it again and retry.',
    );
  } else {
    out.push('  The server refused the object: these fields are invalid, one per line:');
  }
  for (const c of causes) out.push(`  - ${c.field ?? '(object)'}: ${c.message ?? c.reason ?? ''}`);
  return out;
}

function connectionLesson(message: string, creds: Credentials | undefined): string[] {
  if (!/refused|no such host|timed out/.test(message)) return [];
  const out = [head('cannot reach the API server')];
  if (!creds || creds.origin === 'none') {
    out.push(
      "  No kubeconfig was found ($KUBECONFIG unset, ~/.kube/config missing) and this is not a pod, so kubectl's default",
      `  ${creds?.server.value ?? 'http://localhost:8080'} was tried.`,
    );
  } else {
    out.push(`  Tried ${creds.server.value}, from ${sourceText(creds.server.source)}${creds.contextName ? ` (context "${creds.contextName}")` : ''}.`);
    out.push('  Nothing answered there: the cluster (or sandbox) is stopped, or the address is wrong.');
  }
  out.push(
    '  practise on a local sandbox:  kcurl sandbox --port 0 --kubeconfig /tmp/kcurl-sandbox &',
    '                        then:  export KUBECONFIG=/tmp/kcurl-sandbox',
    '  or take the guided tour:     kcurl demo',
  );
  return out;
}

function tlsLesson(message: string, creds: Credentials | undefined): string[] {
  const out = [head('TLS: the server certificate is not trusted')];
  if (/authority|self.signed|issuer/i.test(message)) {
    const ca = creds?.ca ? `the CA from ${sourceText(creds.ca.source)}` : 'the system CAs only (no CA configured for this cluster)';
    out.push(
      `  The server's certificate is signed by a CA this client does not trust. Checked against ${ca}.`,
      '  Give the cluster CA: --certificate-authority FILE, or clusters[].cluster.certificate-authority-data in the kubeconfig',
      '  (a sandbox writes it into its kubeconfig). --insecure-skip-tls-verify skips the check: never on a real cluster.',
    );
  } else if (/hostname|altnames|IP SANs|not valid for/i.test(message)) {
    out.push('  The certificate does not name this host: connect by a name it lists, or set --tls-server-name to one.');
  } else out.push('  The certificate could not be verified (expired, or not yet valid).');
  return out;
}

function usageLesson(message: string, argv: readonly string[]): string[] {
  const cmd = /^unknown command "(.*)" for "kcurl"$/.exec(message);
  if (cmd) {
    const word = cmd[1];
    const out = [head('unknown command')];
    const near = closest(
      word,
      COMMANDS.map((c) => c.name),
    );
    if (near.length) out.push(`  did you mean: ${near.map((n) => `kcurl ${n}`).join(', ')}`);
    if (KUBECTL_COMMANDS.includes(word)) {
      const rest = argv.slice(argv.indexOf(word) + 1).filter((w) => w !== '--explain');
      out.push(
        `  kcurl does not build "kubectl ${word}" itself; see the requests kubectl sends for it:`,
        `  kcurl record -- kubectl ${[word, ...rest].map(shellQuote).join(' ')}`,
      );
    }
    return out.length > 1 ? out : [];
  }
  const flag = /^unknown (?:shorthand )?flag: (?:'(.)' in )?(\S+)$/.exec(message);
  if (flag) {
    const given = flag[1] ? `-${flag[1]}` : flag[2];
    const command = argv.map((w) => findCommand(w)).find((c) => c !== undefined);
    const flags = effectiveFlags(command?.flags ?? []);
    const names = flags.filter((f) => !f.hidden).flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]);
    const near = closest(given, names);
    return near.length ? [head('unknown flag'), `  did you mean: ${near.join(', ')}`] : [];
  }
  return [];
}

function resourceTypeLesson(message: string): string[] {
  const m = /resource type "(.*)"/.exec(message);
  if (!m) return [];
  // Any name of a type (plural, singular, short name) may be the one mistyped; the suggestion is its plural.
  const plural = new Map<string, string>();
  for (const r of builtinCatalog().resources) for (const n of [r.resource, r.singularName, ...r.shortNames]) if (!plural.has(n)) plural.set(n, r.resource);
  const near = [...new Set(closest(m[1].split('.')[0], plural.keys(), 5).map((n) => plural.get(n)!))].slice(0, 3);
  const out = [head('unknown resource type')];
  if (near.length) out.push(`  did you mean: ${near.join(', ')}`);
  out.push('  see every type the server serves: kcurl api-resources');
  return out;
}
