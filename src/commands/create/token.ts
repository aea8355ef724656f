// kcurl create token SA: POST …/serviceaccounts/SA/token with a TokenRequest (kubectl create_token.go), then
// print the issued token. kubectl sends the TokenRequest as protobuf; kcurl sends the same object as JSON.
import { KcurlError, usageError } from '../../errors.js';
import { ensureOk } from '../../http/status.js';
import type { Session } from '../../cli/session.js';
import { parseGoDuration } from '../../kube/duration.js';
import { printObjects } from '../../output/json-yaml.js';
import { type RequestPlan, bodyStep, pathSegment } from '../../plan/request-plan.js';
import { runPlan } from '../../plan/run-plan.js';
import type { CreateTokenFlags } from './flags.js';

// create_token.go boundObjectKindToAPIVersions.
const BOUND_OBJECT_KINDS: Record<string, string> = { Node: 'v1', Pod: 'v1', Secret: 'v1' };

export interface CreateTokenOptions {
  name: string;
  namespace: string;
  audiences: string[];
  /** Whole seconds; 0 leaves the lifetime to the server. */
  durationSeconds: number;
  boundObject?: { kind: string; name: string; uid: string };
  output?: 'json' | 'yaml' | 'name';
}

export const PROTOBUF_NOTE =
  'kubectl sends this TokenRequest as protobuf (Content-Type: application/vnd.kubernetes.protobuf, Accept: application/vnd.kubernetes.protobuf,application/json); kcurl sends the same object as JSON';

/** Complete + Validate of kubectl create token, in kubectl's order and wording. */
export function createTokenOptions(positionals: string[], flags: CreateTokenFlags, namespace: string): CreateTokenOptions {
  // positionals[0] is the word "token".
  const names = positionals.slice(1);
  if (names.length !== 1) throw usageError(`exactly one NAME is required, got ${names.length}`, "see 'kcurl create token --help' for usage");
  const fail = (m: string) => new KcurlError('KCURL_USAGE', m);
  const output = flags.output;
  if (output !== undefined && output !== 'json' && output !== 'yaml' && output !== 'name') {
    throw fail(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  if (!namespace) throw fail('--namespace is required');
  if (!names[0]) throw fail('service account name is required');
  const durationNs = flags.duration !== undefined ? parseGoDuration(String(flags.duration), '--duration') : 0n;
  if (durationNs < 0n) throw fail('--duration must be greater than or equal to 0');
  if (durationNs % 1_000_000_000n !== 0n) throw fail('--duration cannot be expressed in units less than seconds');
  const audiences = (flags.audience ?? []).map(String);
  // The parser drops empty values of a repeated flag; an explicitly empty --audience is still refused.
  if (audiences.some((a) => a === '') || (flags.audience !== undefined && audiences.length === 0)) throw fail('--audience must not be an empty string');
  const kind = flags.boundObjectKind ?? '';
  const boundName = flags.boundObjectName ?? '';
  const uid = flags.boundObjectUid ?? '';
  if (!kind) {
    if (boundName) throw fail('--bound-object-name can only be set if --bound-object-kind is provided');
    if (uid) throw fail('--bound-object-uid can only be set if --bound-object-kind is provided');
  } else {
    if (!(kind in BOUND_OBJECT_KINDS)) throw fail(`supported --bound-object-kind values are ${Object.keys(BOUND_OBJECT_KINDS).sort().join(', ')}`);
    if (!boundName) throw fail('--bound-object-name is required if --bound-object-kind is provided');
  }
  return {
    name: names[0],
    namespace,
    audiences,
    durationSeconds: Number(durationNs / 1_000_000_000n),
    boundObject: kind ? { kind, name: boundName, uid } : undefined,
    output: output as CreateTokenOptions['output'],
  };
}

/**
 * The TokenRequest as client-go's JSON encoder writes it: TokenRequestSpec's fields have no omitempty, so
 * unset ones travel as null; BoundObjectReference's fields are omitempty.
 */
export function tokenRequestBody(o: CreateTokenOptions): string {
  const bound = o.boundObject
    ? {
        kind: o.boundObject.kind,
        apiVersion: BOUND_OBJECT_KINDS[o.boundObject.kind],
        ...(o.boundObject.name ? { name: o.boundObject.name } : {}),
        ...(o.boundObject.uid ? { uid: o.boundObject.uid } : {}),
      }
    : null;
  return JSON.stringify({
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { audiences: o.audiences.length ? o.audiences : null, expirationSeconds: o.durationSeconds > 0 ? o.durationSeconds : null, boundObjectRef: bound },
    status: { token: '', expirationTimestamp: null },
  });
}

export function planCreateToken(o: CreateTokenOptions): RequestPlan {
  const step = bodyStep(
    'POST',
    `/api/v1/namespaces/${pathSegment(o.namespace)}/serviceaccounts/${pathSegment(o.name)}/token`,
    [],
    tokenRequestBody(o),
    'application/json',
    `request a token for service account ${o.namespace}/${o.name} (TokenRequest)`,
  );
  return { command: 'kubectl create token', steps: [step], notes: [PROTOBUF_NOTE] };
}

type TokenResponse = { status?: { token?: string } } & Record<string, unknown>;

/**
 * The TokenRequest the server answered. An answer that is not a JSON object (an HTML login page, a web
 * server's index) means the URL does not lead to a Kubernetes API server: one line says what came back.
 */
export function tokenResponse(res: { status: number; headers: Record<string, string | string[] | undefined>; body: string }, path: string): TokenResponse {
  try {
    const parsed = JSON.parse(res.body) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as TokenResponse;
  } catch {
    // described below
  }
  const type = String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  const start = res.body.trim().slice(0, 60).replace(/\s+/g, ' ');
  const what = `${type ? `${type} ` : ''}${res.body.trim() ? `starting ${JSON.stringify(start)}` : 'with an empty body'}`;
  throw new KcurlError(
    'KCURL_API_STATUS',
    `failed to create token: the server answered POST ${path} (${res.status}) with ${what}, not a TokenRequest in JSON; it is probably not a Kubernetes API server or kcurl proxy`,
    { hint: "check the cluster's server URL in the kubeconfig (or --server)" },
  );
}

export async function runCreateToken(session: Session, positionals: string[], flags: CreateTokenFlags): Promise<number> {
  const creds = await session.credentials();
  const opts = createTokenOptions(positionals, flags, creds.namespace.value);
  const plan = await session.finalize(planCreateToken(opts));
  const run = await runPlan(session, plan);
  if (!run) return 0;
  const res = run[0].responses[0];
  try {
    ensureOk(res);
  } catch (err) {
    throw new KcurlError('KCURL_API_STATUS', `failed to create token: ${(err as Error).message}`, { cause: err });
  }
  const response = tokenResponse(res, plan.steps[0].path);
  const token = response.status?.token ?? '';
  if (!token) throw new KcurlError('KCURL_API_STATUS', 'failed to create token: no token in server response');
  const io = session.io;
  if (opts.output === 'json' || opts.output === 'yaml') {
    io.stdout.write(printObjects(opts.output, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', ...response }));
  } else if (opts.output === 'name') {
    io.stdout.write(`tokenrequest.authentication.k8s.io/${(response.metadata as { name?: string } | undefined)?.name ?? opts.name}\n`);
  } else {
    // kubectl: a newline only when printing to a terminal, so `$(kubectl create token x)` and pipes get the bare token.
    io.stdout.write(io.isStdoutTTY ? `${token}\n` : token);
  }
  return 0;
}
