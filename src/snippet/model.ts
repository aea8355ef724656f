// The snippet model: what a snippet says, as plain serialisable data, between a RequestPlan (plus the resolved
// Credentials) and any text. Credential assignments say how to obtain each value (kubeconfig jsonpath, file,
// serviceaccount mount, Secret, exec plugin, flag, environment), never the value unless --reveal; request blocks
// say method, URL parts, headers, body and the flow (pages, streams, conditions, values taken from answers).
// Generators read it: bash/curl (src/render/curl.ts, src/render/credential-preamble.ts); other languages, an
// explanation, -v lines and HAR can read the same. Pure: no I/O, JSON.stringify-able.
import type { CredentialSource, Credentials } from '../kube/credentials-types.js';
import { impersonationHeaders } from '../http/impersonation.js';
import { parseDuration } from '../kube/duration.js';
import {
  type RequestPlan,
  type RequestStep,
  type StepKind,
  type StepResource,
  requestTarget,
  serverBase,
  stepKind,
  stepResource,
} from '../plan/request-plan.js';

export const DEFAULT_SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A whole snippet: credentials once, then the requests in order. */
export interface Snippet {
  /** The kubectl command the plan reproduces ("kubectl get"). */
  command: string;
  /** The kcurl command line as typed (credential flags redacted), when the snippet names it. */
  commandLine?: string;
  /** Where kcurl deliberately differs from kubectl, or what the snippet leaves out. */
  notes: string[];
  /** Requests kcurl sends before these that a snippet needs none of (discovery, OpenAPI), as "METHOD target". */
  leftOut: string[];
  credentials: CredentialModel;
  requests: RequestBlock[];
  /** kubectl --request-timeout in seconds: each whole request, a stream too, ends after it (curl --max-time). */
  maxTimeSeconds?: number;
}

/** How the connection is chosen, for the snippet's first comment. */
export type CredentialOrigin =
  | { kind: 'kubeconfig'; context: string; cluster?: string; user?: string }
  | { kind: 'in-cluster' }
  /** A kubeconfig context whose cluster has no server: kubectl's default server. */
  | { kind: 'default-server'; context: string; cluster: string; server: string }
  | { kind: 'none' };

/**
 * Where a value comes from, as a program (or a person) obtains it again. `unknown`: nothing kcurl can name (a
 * context-level setting, the environment, a default): the user sets the variable.
 */
export type Obtain =
  /** `kubectl config view --raw -o jsonpath=…`; base64 for the *-data fields a file is decoded from. */
  | { kind: 'kubeconfig'; entry: 'cluster' | 'user'; name: string; field: string; jsonpath: string }
  | { kind: 'file'; path: string }
  /** A file of the in-pod serviceaccount mount; `file` when it is under the standard directory (serviceAccountDir). */
  | { kind: 'serviceaccount-mount'; path: string; file?: string }
  /** .data.token of a ServiceAccount token Secret (base64), read with the kubeconfig's credentials. */
  | { kind: 'secret'; namespace: string; name: string; key: 'token' }
  /** A kubeconfig exec plugin; `kcurl token` runs it and prints this output. */
  | { kind: 'exec'; user: string; command: string; output: 'token' | 'client-certificate' | 'client-key' }
  /** Given on the command line: the user passes it again. */
  | { kind: 'flag'; flag: string }
  /** https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT (the server, in a pod). */
  | { kind: 'service-env' }
  /** Not a secret: written out (a server URL from --server or the default). */
  | { kind: 'literal'; value: string }
  /** --reveal: the value itself. */
  | { kind: 'revealed'; value: string }
  | { kind: 'unknown'; from: 'context' | 'env' | 'default' | 'secret' };

/** One value a snippet assigns before its requests. */
export interface CredentialAssignment {
  /** The variable snippets hold it in: APISERVER, CACERT, CERT, KEY, TOKEN, USERNAME, PASSWORD. */
  variable: 'APISERVER' | 'CACERT' | 'CERT' | 'KEY' | 'TOKEN' | 'USERNAME' | 'PASSWORD';
  /** text: the variable holds the value; file: it holds the path of a file with the value (PEM). */
  form: 'text' | 'file';
  /** The kubectl flag that gives it directly (--token, --certificate-authority …). */
  flag: string;
  obtain: Obtain;
}

/** tls-server-name: the URL names the server name (SNI, certificate check), the connection goes to the real server. */
export interface TlsServerNameRoute {
  name: string;
  /** The real server URL, normalised, no trailing slash. */
  server: string;
  /** The server URL with its host replaced by the name, no trailing slash: https://api.example.test:6443 */
  url: string;
  /** Where to connect instead: NAME:PORT:HOST:PORT (curl --connect-to). */
  connectTo: string;
  /** The Host header: the real server's host[:port], the port left out when it is the default. */
  host: string;
}

export interface CredentialModel {
  /** Values are written out (no sources): the text is a secret. */
  reveal: boolean;
  origin: CredentialOrigin;
  /** --kubeconfig and --context as given: commands that obtain values from the kubeconfig pass them on. */
  kubeconfigFlag?: string;
  contextFlag?: string;
  server: {
    /** The server URL as configured. */
    url: string;
    /** The base client-go joins paths to (serverBase): cleaned, no trailing slash. */
    base: string;
    obtain: Obtain;
  };
  /** The standard serviceaccount mount directory, when values come from it (SA_DIR). */
  serviceAccountDir?: string;
  tlsServerName?: TlsServerNameRoute;
  /** insecure-skip-tls-verify: any certificate is accepted. */
  insecure: boolean;
  ca?: CredentialAssignment;
  clientCert?: { cert: CredentialAssignment; key: CredentialAssignment };
  /** Bearer token, or else basic auth. */
  token?: CredentialAssignment;
  basic?: { username: CredentialAssignment; password: CredentialAssignment };
  /** How requests authenticate, whatever the values: the Authorization scheme and whether a TLS client certificate is sent. */
  authScheme?: 'bearer' | 'basic';
  tlsClientCertificate: boolean;
  /** Impersonate-* headers (not secret), sent on every request. */
  impersonation: [string, string][];
  /** proxy-url of the cluster. */
  proxy?: string;
}

/** One request of the snippet, with its part in the flow. */
export interface RequestBlock {
  /** 1-based, as the snippet counts answers. */
  number: number;
  /** The step's index in the plan. */
  step: number;
  kind: StepKind;
  role: RequestStep['role'];
  /** What the request is about, where known (resource, group, version, namespace, name, subresource). */
  resource?: StepResource;
  purpose: string;
  method: RequestStep['method'];
  /**
   * The URL after the server (CredentialModel.server): the path (percent-encoded), the query as the snippet sends it
   * (values taken from answers and continue= left out), and both encoded as kcurl sends them (path?query, Go's
   * encoding). `sent` is the query with this run's values (what a one-line form without the flow sends).
   */
  url: { path: string; query: [string, string][]; target: string; sent: { query: [string, string][]; target: string } };
  headers: [string, string][];
  body?: { text: string; contentType?: string };
  /** A stream (watch, logs -f): read as it arrives. */
  stream: boolean;
  /** Read in pages: sent again with continue= the answer's .metadata.continue until an answer has none. */
  paged: boolean;
  /**
   * The answer is kept for later blocks: its HTTP status (for conditions) and .metadata fields (for values).
   * body false: only the status is wanted (a probe whose status picks the next blocks: apply's GET).
   */
  capture?: { status: boolean; body: boolean; fields: { field: string; variable: string }[] };
  /** A probe's status that no condition names is reported as "<report> answered HTTP <status>". */
  report?: string;
  /** Sent only after the answer of block `answer` had one of `statuses`, or (otherwise) none of `except`. */
  condition?: { answer: number; statuses: number[]; otherwise: boolean; except: number[] };
  /** Query parameters taken from an earlier answer's .metadata. */
  fromAnswer: { param: string; answer: number; field: string; variable: string }[];
  /** port-forward's upgrade: the ports and addresses its client forwards (RequestStep.forward). */
  forward?: RequestStep['forward'];
}

export interface SnippetOptions {
  reveal: boolean;
  commandLine?: string;
  /** Discovery/OpenAPI steps as requests too (otherwise they are listed in leftOut). */
  includeDiscovery?: boolean;
}

/** The snippet model of a plan. */
export function snippetModel(plan: RequestPlan, creds: Credentials, options: SnippetOptions): Snippet {
  const include = (s: RequestStep) => options.includeDiscovery || plan.discoveryIsTheCall || (s.role !== 'discovery' && s.role !== 'openapi');
  const calls = plan.steps.filter(include);
  const timeoutMs = creds.requestTimeout ? parseDuration(creds.requestTimeout) : 0;
  const flow = answerFlow(plan, calls);
  const requests = calls.map((step, i): RequestBlock => {
    const index = plan.steps.indexOf(step);
    const capture = flow.get(index);
    const after = step.onlyAfter ? flow.get(step.onlyAfter.step) : undefined;
    const fromAnswer = (step.fromAnswer ?? [])
      .filter((d) => flow.has(d.step))
      .map((d) => ({ param: d.param, answer: flow.get(d.step)!.number, field: d.field, variable: flow.get(d.step)!.variables.get(d.field)! }));
    const query = step.query.filter(([k]) => !(k === 'continue' && step.paged) && !fromAnswer.some((d) => d.param === k));
    const block: RequestBlock = {
      number: i + 1,
      step: index,
      kind: stepKind(step),
      role: step.role,
      ...withResource(step),
      purpose: step.purpose,
      method: step.method,
      url: { path: step.path, query, target: requestTarget({ path: step.path, query }), sent: { query: step.query, target: requestTarget(step) } },
      headers: step.headers,
      ...(step.body !== undefined ? { body: { text: step.body, ...(step.contentType ? { contentType: step.contentType } : {}) } } : {}),
      stream: step.stream,
      paged: !!step.paged,
      fromAnswer,
      ...(step.forward ? { forward: step.forward } : {}),
    };
    if (capture)
      block.capture = { status: capture.status, body: !step.statusOnly, fields: [...capture.variables].map(([field, variable]) => ({ field, variable })) };
    if (step.statusOnly) block.report = step.statusOnly.report;
    if (after?.status && step.onlyAfter) {
      const cond = step.onlyAfter;
      const named = (c: NonNullable<RequestStep['onlyAfter']>) => (c.status === undefined ? [] : Array.isArray(c.status) ? c.status : [c.status]);
      const except = cond.otherwise
        ? plan.steps.flatMap((s) => (s !== step && s.onlyAfter?.step === cond.step && !s.onlyAfter.otherwise ? named(s.onlyAfter) : []))
        : [];
      block.condition = { answer: after.number, statuses: named(cond), otherwise: !!cond.otherwise, except };
    }
    return block;
  });
  return {
    command: plan.command,
    ...(options.commandLine ? { commandLine: options.commandLine } : {}),
    notes: plan.notes ?? [],
    leftOut: plan.steps.filter((s) => !include(s)).map((s) => `${s.method} ${requestTarget(s)}`),
    credentials: credentialModel(creds, { reveal: options.reveal }),
    requests,
    ...(timeoutMs > 0 ? { maxTimeSeconds: timeoutMs / 1000 } : {}),
  };
}

/** One request alone (a -v line, a relayed or recorded request): no flow, the query as the step has it. */
export function requestBlock(step: RequestStep, number = 1): RequestBlock {
  return {
    number,
    step: number - 1,
    kind: stepKind(step),
    role: step.role,
    ...withResource(step),
    purpose: step.purpose,
    method: step.method,
    url: { path: step.path, query: step.query, target: requestTarget(step), sent: { query: step.query, target: requestTarget(step) } },
    headers: step.headers,
    ...(step.body !== undefined ? { body: { text: step.body, ...(step.contentType ? { contentType: step.contentType } : {}) } } : {}),
    stream: step.stream,
    paged: false,
    fromAnswer: [],
    ...(step.forward ? { forward: step.forward } : {}),
  };
}

function withResource(step: RequestStep): { resource?: StepResource } {
  const resource = stepResource(step);
  return resource ? { resource } : {};
}

interface Capture {
  number: number;
  status: boolean;
  /** metadata field → variable */
  variables: Map<string, string>;
}

/** Which answers the snippet keeps: those read in pages and those later steps take values or a status from. */
function answerFlow(plan: RequestPlan, calls: RequestStep[]): Map<number, Capture> {
  const captures = new Map<number, Capture>();
  const capture = (index: number) => {
    const step = plan.steps[index];
    if (!step || !calls.includes(step)) return undefined;
    let c = captures.get(index);
    if (!c) captures.set(index, (c = { number: calls.indexOf(step) + 1, status: false, variables: new Map() }));
    return c;
  };
  plan.steps.forEach((step, index) => {
    if (!calls.includes(step)) return;
    if (step.paged) capture(index);
    if (step.onlyAfter) {
      const c = capture(step.onlyAfter.step);
      if (c) c.status = true;
    }
    for (const d of step.fromAnswer ?? []) capture(d.step)?.variables.set(d.field, '');
  });
  // RESOURCE_VERSION, or RESOURCE_VERSION_2 when several answers provide one.
  const fields = [...captures.values()].flatMap((c) => [...c.variables.keys()]);
  for (const c of captures.values()) {
    for (const field of c.variables.keys()) {
      const base = field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
      c.variables.set(field, fields.filter((f) => f === field).length > 1 ? `${base}_${c.number}` : base);
    }
  }
  return captures;
}

// ── credentials ──

export function tlsServerNameRoute(creds: Credentials): TlsServerNameRoute | undefined {
  const name = creds.tlsServerName;
  if (!name) return undefined;
  let server: URL;
  try {
    server = new URL(creds.server.value);
  } catch {
    return undefined;
  }
  if (server.protocol !== 'https:') return undefined;
  const port = server.port || '443';
  const renamed = new URL(server.href);
  renamed.hostname = name;
  // The hostname setter ignores what cannot be a host name; such a name cannot go into a URL.
  if (renamed.hostname !== name.toLowerCase()) return undefined;
  const base = serverBase(creds.server.value);
  const prefix = /^[^:]+:\/\/[^/]*(.*)$/.exec(base)?.[1] ?? '';
  return {
    name,
    server: base,
    url: `${renamed.protocol}//${renamed.host}${prefix}`,
    // WHATWG URL keeps IPv6 hosts in brackets, which is how curl reads them in --connect-to too.
    connectTo: `${renamed.hostname}:${port}:${server.hostname}:${port}`,
    host: server.host,
  };
}

/**
 * A string literal that kubectl's JSONPath parser (k8s.io/client-go/util/jsonpath) reads back as exactly `value`.
 * Its filter scanner ends a quoted string at any `"` whose preceding byte is not a backslash, and it fails on a raw
 * line feed; the literal is then unquoted with strconv.UnquoteChar. So `"` and `\` and every control character are
 * written as \xNN escapes: no raw backslash can then precede the closing quote, and no raw `"` can end the
 * string early (a name like `x")].user.token}{.users[?(@.name=="admin` stays one name). Everything else, UTF-8
 * included, stands as itself.
 */
export function jsonpathString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    out += ch === '"' || ch === '\\' || code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  }
  return `"${out}"`;
}

function obtain(source: CredentialSource, form: 'text' | 'file', output: 'token' | 'client-certificate' | 'client-key'): Obtain {
  switch (source.kind) {
    case 'kubeconfig': {
      if (source.entry === 'context') return { kind: 'unknown', from: 'context' };
      const list = source.entry === 'cluster' ? 'clusters' : 'users';
      return {
        kind: 'kubeconfig',
        entry: source.entry,
        name: source.name,
        field: source.field,
        jsonpath: `{.${list}[?(@.name==${jsonpathString(source.name)})].${source.entry}.${source.field}}`,
      };
    }
    case 'file':
      return { kind: 'file', path: source.path };
    case 'serviceaccount-mount':
      return source.path.startsWith(DEFAULT_SA_DIR + '/')
        ? { kind: 'serviceaccount-mount', path: source.path, file: source.path.slice(DEFAULT_SA_DIR.length + 1) }
        : { kind: 'serviceaccount-mount', path: source.path };
    case 'secret':
      return form === 'text' ? { kind: 'secret', namespace: source.namespace, name: source.name, key: 'token' } : { kind: 'unknown', from: 'secret' };
    case 'exec':
      return { kind: 'exec', user: source.user, command: source.command, output };
    case 'flag':
      return { kind: 'flag', flag: source.flag };
    case 'service-env':
    case 'env':
      return { kind: 'unknown', from: 'env' };
    case 'default':
      return { kind: 'unknown', from: 'default' };
  }
}

const assign = (
  variable: CredentialAssignment['variable'],
  form: CredentialAssignment['form'],
  flag: string,
  source: CredentialSource,
  output: 'token' | 'client-certificate' | 'client-key' = 'token',
): CredentialAssignment => ({ variable, form, flag, obtain: obtain(source, form, output) });

const revealed = (variable: CredentialAssignment['variable'], form: CredentialAssignment['form'], flag: string, value: string): CredentialAssignment => ({
  variable,
  form,
  flag,
  obtain: { kind: 'revealed', value },
});

function origin(creds: Credentials): CredentialOrigin {
  if (creds.origin === 'in-cluster') return { kind: 'in-cluster' };
  if (creds.origin === 'none' && creds.clusterName !== undefined && creds.server.source.kind === 'default') {
    return { kind: 'default-server', context: creds.contextName ?? '', cluster: creds.clusterName, server: creds.server.value };
  }
  if (creds.origin === 'none') return { kind: 'none' };
  return {
    kind: 'kubeconfig',
    context: creds.contextName ?? '',
    ...(creds.clusterName ? { cluster: creds.clusterName } : {}),
    ...(creds.userName ? { user: creds.userName } : {}),
  };
}

/** The credentials of a snippet: with their sources, or (reveal) with their values. */
export function credentialModel(creds: Credentials, options: { reveal: boolean }): CredentialModel {
  const route = tlsServerNameRoute(creds);
  const s = creds.server.source;
  const model: CredentialModel = {
    reveal: options.reveal,
    origin: origin(creds),
    ...(creds.kubeconfigFlag ? { kubeconfigFlag: creds.kubeconfigFlag } : {}),
    ...(creds.contextFlag ? { contextFlag: creds.contextFlag } : {}),
    server: {
      url: creds.server.value,
      base: serverBase(creds.server.value),
      obtain:
        s.kind === 'service-env'
          ? { kind: 'service-env' }
          : s.kind === 'kubeconfig'
            ? obtain(s, 'text', 'token')
            : { kind: 'literal', value: serverBase(creds.server.value) },
    },
    ...(route ? { tlsServerName: route } : {}),
    insecure: creds.insecureSkipTLSVerify,
    ...(creds.token ? { authScheme: 'bearer' as const } : creds.basic ? { authScheme: 'basic' as const } : {}),
    tlsClientCertificate: !!creds.clientCert,
    impersonation: impersonationHeaders(creds.impersonate),
    ...(creds.proxyUrl ? { proxy: creds.proxyUrl } : {}),
  };
  if (options.reveal) {
    const pem = (data: Uint8Array) => Buffer.from(data).toString('utf8').replace(/\n$/, '');
    if (creds.ca) model.ca = revealed('CACERT', 'file', '--certificate-authority', pem(creds.ca.value));
    const cert = creds.clientCert?.cert.value;
    const key = creds.clientCert?.key.value?.reveal();
    if (cert && key)
      model.clientCert = { cert: revealed('CERT', 'file', '--client-certificate', pem(cert)), key: revealed('KEY', 'file', '--client-key', pem(key)) };
    const token = creds.token?.value?.reveal();
    if (token !== undefined) model.token = revealed('TOKEN', 'text', '--token', token);
    else if (creds.basic) {
      model.basic = {
        username: revealed('USERNAME', 'text', '--username', creds.basic.username.value),
        password: revealed('PASSWORD', 'text', '--password', creds.basic.password.value.reveal()),
      };
    }
    return model;
  }
  const usesMount =
    creds.origin === 'in-cluster' &&
    [creds.token?.source, creds.ca?.source].some((x) => x?.kind === 'serviceaccount-mount' && x.path.startsWith(DEFAULT_SA_DIR + '/'));
  if (usesMount) model.serviceAccountDir = DEFAULT_SA_DIR;
  if (creds.ca) model.ca = assign('CACERT', 'file', '--certificate-authority', creds.ca.source);
  if (creds.clientCert) {
    model.clientCert = {
      cert: assign('CERT', 'file', '--client-certificate', creds.clientCert.cert.source, 'client-certificate'),
      key: assign('KEY', 'file', '--client-key', creds.clientCert.key.source, 'client-key'),
    };
  }
  if (creds.token) model.token = assign('TOKEN', 'text', '--token', creds.token.source);
  else if (creds.basic) {
    model.basic = {
      username: assign('USERNAME', 'text', '--username', creds.basic.username.source),
      password: assign('PASSWORD', 'text', '--password', creds.basic.password.source),
    };
  }
  return model;
}
