// kcurl auth can-i VERB TYPE[/NAME] | NONRESOURCEURL: a SelfSubjectAccessReview (kubectl pkg/cmd/auth/cani.go),
// printed as yes/no with kubectl's exit code (0 allowed, 1 denied). kubectl sends the review as protobuf;
// kcurl sends the same object as JSON.
import { KcurlError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import type { ApiResource } from '../../kube/resources.js';
import { tabulate } from '../../output/tabwriter.js';
import { describeRules } from '../describe/rbac.js';
import { ACCEPT, type RequestPlan, type RequestStep, bodyStep } from '../../plan/request-plan.js';
import { runPlan } from '../../plan/run-plan.js';
import type { CanIFlags } from './flags.js';

export const PROTOBUF_NOTE =
  'kubectl sends this SelfSubjectAccessReview as protobuf (Content-Type: application/vnd.kubernetes.protobuf, Accept: application/vnd.kubernetes.protobuf,application/json); kcurl sends the same object as JSON';

// cani.go resourceVerbs / nonResourceURLVerbs.
export const RESOURCE_VERBS = new Set([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'impersonate',
  '*',
  'approve',
  'sign',
  'escalate',
  'attest',
]);
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
// cani.go nonStandardResourceNames: authorizable names that are not API resources.
const NON_STANDARD_RESOURCES = new Set(['users', 'groups']);

export interface CanIRequest {
  verb: string;
  /** Set for a resource check. */
  resource?: { group: string; resource: string; name?: string; subresource?: string; namespace?: string };
  /** Set for a non-resource URL (`/healthz`). */
  nonResourceURL?: string;
}

/** The review as client-go's JSON encoder writes it (ResourceAttributes' fields are omitempty). */
export function accessReviewBody(r: CanIRequest): string {
  const spec =
    r.nonResourceURL !== undefined
      ? { nonResourceAttributes: { path: r.nonResourceURL, verb: r.verb } }
      : {
          resourceAttributes: Object.fromEntries(
            [
              ['namespace', r.resource?.namespace],
              ['verb', r.verb],
              ['group', r.resource?.group],
              ['resource', r.resource?.resource],
              ['subresource', r.resource?.subresource],
              ['name', r.resource?.name],
            ].filter(([, v]) => v),
          ),
        };
  for (const attrs of Object.values(spec))
    for (const k of Object.keys(attrs)) if ((attrs as Record<string, string>)[k] === '') delete (attrs as Record<string, string>)[k];
  return JSON.stringify({
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: false },
  });
}

export function accessReviewStep(r: CanIRequest): RequestStep {
  const what = r.nonResourceURL ?? [r.resource?.resource, r.resource?.subresource].filter(Boolean).join('/');
  const purpose = `ask whether the current user may ${r.verb} ${what}${r.resource?.name ? ` "${r.resource.name}"` : ''}${r.resource?.namespace ? ` in namespace ${r.resource.namespace}` : ''} (SelfSubjectAccessReview)`;
  return bodyStep('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', [], accessReviewBody(r), 'application/json', purpose);
}

/** The discovery GET kubectl makes to warn about a namespaced check of a cluster-scoped resource. */
export function scopeCheckStep(r: Pick<ApiResource, 'group' | 'version'>): RequestStep {
  return {
    method: 'GET',
    path: r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`,
    query: [],
    headers: [['Accept', ACCEPT.jsonAny]],
    stream: false,
    purpose: 'read the resource list of the group-version (kubectl warns when a cluster-scoped resource is checked in a namespace)',
    kind: 'discovery',
    role: 'lookup',
  };
}

export async function runAuth(session: Session, positionals: string[], flags: CanIFlags): Promise<number> {
  const [sub, ...args] = positionals;
  if (sub !== 'can-i') {
    throw usageError(
      sub === undefined ? 'a sub-command is required: can-i' : `unknown command "${sub}" for "kcurl auth"`,
      "kcurl supports 'kcurl auth can-i'; see 'kcurl auth --help'",
    );
  }
  return runCanI(session, args, flags);
}

async function runCanI(session: Session, args: string[], flags: CanIFlags): Promise<number> {
  const io = session.io;
  const warn = (message: string) => io.stderr.write(`Warning: ${message}\n`);
  const quiet = flags.quiet;
  const allNamespaces = flags.allNamespaces;
  const subresource = flags.subresource ?? '';
  if (flags.list) {
    if (quiet || allNamespaces || subresource)
      throw new KcurlError('KCURL_USAGE', "list option can't be specified with neither quiet, all-namespaces nor subresource options");
    if (args.length !== 0) throw new KcurlError('KCURL_USAGE', 'list option must be specified with no arguments');
    return runCanIList(session, flags);
  }
  if (args.length !== 2) {
    throw usageError('you must specify two arguments: verb resource or verb resource/resourceName.', "see 'kcurl auth can-i --help' for usage");
  }
  const [verb, target] = args;
  const creds = await session.credentials();
  const namespace = allNamespaces ? '' : creds.namespace.value;
  const lookups: RequestStep[] = [];

  let request: CanIRequest;
  let mapped: ApiResource | undefined;
  if (target.startsWith('/')) {
    if (subresource) throw new KcurlError('KCURL_USAGE', '--subresource can not be used with NonResourceURL');
    request = { verb, nonResourceURL: target };
  } else {
    const slash = target.indexOf('/');
    const typeArg = slash >= 0 ? target.slice(0, slash) : target;
    const name = slash >= 0 ? target.slice(slash + 1) : undefined;
    let group = '';
    let resource = typeArg;
    if (typeArg !== '*') {
      try {
        mapped = (await session.resolveTypes([typeArg.toLowerCase()]))[0];
        group = mapped.group;
        resource = mapped.resource;
      } catch (err) {
        if (!(err instanceof KcurlError) || err.code !== 'KCURL_RESOURCE') throw err;
        // cani.go resourceFor: warn and ask about the name as typed.
        const lower = typeArg.toLowerCase();
        const dot = lower.indexOf('.');
        const gr = { resource: dot >= 0 ? lower.slice(0, dot) : lower, group: dot >= 0 ? lower.slice(dot + 1) : '' };
        if (!NON_STANDARD_RESOURCES.has(gr.group ? `${gr.resource}.${gr.group}` : gr.resource)) {
          warn(
            gr.group
              ? `the server doesn't have a resource type '${gr.resource}' in group '${gr.group}'\n`
              : `the server doesn't have a resource type '${gr.resource}'\n`,
          );
        }
      }
    }
    request = { verb, resource: { group, resource, name, subresource, namespace } };
  }

  // cani.go Validate: the scope warning (one discovery GET), the verb warning, then --no-headers.
  if (request.nonResourceURL !== undefined) {
    if (!NON_RESOURCE_VERBS.has(verb) && !session.options.offline) warn(`verb '${verb}' is not a known verb\n`);
  } else if (mapped && !allNamespaces) {
    if (!session.options.offline) {
      const [step] = (await session.finalize({ command: 'kubectl auth can-i', steps: [scopeCheckStep(mapped)] })).steps;
      lookups.push(step);
      const res = await session.send(step);
      if (res.status >= 200 && res.status < 300) {
        const list = JSON.parse(res.body) as { resources?: { name: string; namespaced: boolean }[] };
        const entry = list.resources?.find((r) => r.name === mapped!.resource);
        if (entry && !entry.namespaced) {
          warn(
            mapped.group
              ? `resource '${mapped.resource}' is not namespace scoped in group '${mapped.group}'\n`
              : `resource '${mapped.resource}' is not namespace scoped\n`,
          );
        }
      }
    }
    if (!RESOURCE_VERBS.has(verb) && !session.options.offline) warn(`verb '${verb}' is not a known verb\n`);
  }
  if (flags.noHeaders) throw new KcurlError('KCURL_USAGE', '--no-headers cannot be set without --list specified');

  const plan: RequestPlan = await session.finalize({ command: 'kubectl auth can-i', steps: [accessReviewStep(request)], notes: [PROTOBUF_NOTE] });
  const run = await runPlan(session, plan, { json: true, sentBefore: lookups });
  if (!run) return 0;
  const status = (run[0].answers[0] as { status?: { allowed?: boolean; reason?: string; evaluationError?: string } }).status ?? {};
  if (!quiet) {
    if (status.allowed) io.stdout.write('yes\n');
    else io.stdout.write(`no${status.reason ? ` - ${status.reason}` : ''}${status.evaluationError ? ` - ${status.evaluationError}` : ''}\n`);
  }
  return status.allowed ? 0 : 1;
}

interface RulesReviewStatus {
  resourceRules?: { verbs?: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }[] | null;
  nonResourceRules?: { verbs?: string[]; nonResourceURLs?: string[] }[] | null;
  incomplete?: boolean;
  evaluationError?: string;
}

/** kubectl auth can-i --list's table for a SelfSubjectRulesReview status (cani.go printStatus). */
export function printRulesReview(status: RulesReviewStatus, noHeaders: boolean): string {
  // cani.go convertToPolicyRule: resource rules carry groups, resources and names; non-resource rules URLs.
  const rules = [
    ...(status.resourceRules ?? []).map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames })),
    ...(status.nonResourceRules ?? []).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
  ];
  const lines = noHeaders ? [] : ['Resources\tNon-Resource URLs\tResource Names\tVerbs\n'];
  return tabulate([...lines, ...describeRules(rules)].join(''));
}

export function rulesReviewStep(namespace: string): RequestStep {
  const body = JSON.stringify({
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: namespace ? { namespace } : {},
    status: { resourceRules: null, nonResourceRules: null, incomplete: false },
  });
  const purpose = `list what the current user may do${namespace ? ` in namespace ${namespace}` : ''} (SelfSubjectRulesReview)`;
  return bodyStep('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', [], body, 'application/json', purpose);
}

async function runCanIList(session: Session, flags: CanIFlags): Promise<number> {
  const creds = await session.credentials();
  const plan: RequestPlan = await session.finalize({
    command: 'kubectl auth can-i',
    steps: [rulesReviewStep(creds.namespace.value)],
    notes: [PROTOBUF_NOTE.replace('SelfSubjectAccessReview', 'SelfSubjectRulesReview')],
  });
  const run = await runPlan(session, plan, { json: true });
  if (!run) return 0;
  const status = ((run[0].answers[0] as { status?: RulesReviewStatus }).status ?? {}) as RulesReviewStatus;
  if (status.incomplete) session.io.stderr.write(`Warning: the list may be incomplete: ${status.evaluationError ?? ''}\n`);
  session.io.stdout.write(printRulesReview(status, flags.noHeaders));
  return 0;
}
