// The bash generator of a snippet's credentials (src/snippet/model.ts): the lines that obtain each value with
// standard tools (kubectl config view, kubectl get secret | base64 --decode, cat of the serviceaccount mount) and
// the curl options that use them. Never prints a credential value unless the model is revealed.
import type { Credentials } from '../kube/credentials-types.js';
import { type CredentialAssignment, type CredentialModel, type Obtain, type TlsServerNameRoute, credentialModel } from '../snippet/model.js';
import { serverBase } from '../plan/request-plan.js';
import { heredocDelimiter, shellComment, shellJoin, shellQuote } from './shell-quote.js';

export { DEFAULT_SA_DIR, jsonpathString, tlsServerNameRoute } from '../snippet/model.js';
export type { TlsServerNameRoute } from '../snippet/model.js';

export interface Preamble {
  /** Comment and assignment lines, in order. */
  lines: string[];
  /** curl options for TLS and authentication, already quoted. */
  curlAuth: string[];
  /** How the server URL is written in the curl line ("$APISERVER"). */
  serverRef: string;
}

export interface PreambleOptions {
  reveal: boolean;
}

/**
 * `-H 'Name: value'` for curl. A value that is empty or only blanks goes as `-H 'Name;'`: curl drops a header
 * written `Name:` with nothing after it, while kubectl sends it (an empty --as-group, say).
 */
export function curlHeaderWords(name: string, value: string): string[] {
  return ['-H', shellQuote(/^[ \t]*$/.test(value) ? `${name};` : `${name}: ${value}`)];
}

/**
 * tls-server-name (kubeconfig field or --tls-server-name): the URL names the server name, so curl sends it as
 * SNI and checks the certificate against it; --connect-to sends the connection to the server's real host and
 * port; the Host header names the real server, as the executor (and client-go, which sets only
 * tls.Config.ServerName) sends it.
 */
function tlsServerNameWords(route: TlsServerNameRoute): string[] {
  return ['--connect-to', shellQuote(route.connectTo), '-H', shellQuote(`Host: ${route.host}`)];
}

function kubectlConfig(m: CredentialModel): string[] {
  return m.kubeconfigFlag ? ['kubectl', '--kubeconfig', m.kubeconfigFlag] : ['kubectl'];
}

function configView(m: CredentialModel, jsonpath: string): string {
  return shellJoin([...kubectlConfig(m), 'config', 'view', '--raw', '-o', `jsonpath=${jsonpath}`]);
}

function contextFlags(m: CredentialModel): string[] {
  const flags: string[] = [];
  if (m.kubeconfigFlag) flags.push('--kubeconfig', m.kubeconfigFlag);
  if (m.contextFlag) flags.push('--context', m.contextFlag);
  return flags;
}

function saPath(o: Extract<Obtain, { kind: 'serviceaccount-mount' }>): string {
  // Keep the mount path readable when it is the standard one or the workshop override.
  return o.file !== undefined ? `"$SA_DIR"/${shellQuote(o.file)}` : shellQuote(o.path);
}

/** A text value (server URL, token, username, password) assigned to its variable. */
function textAssignment(m: CredentialModel, a: { variable: string; flag: string; obtain: Obtain }): string[] {
  const v = a.variable;
  const o = a.obtain;
  switch (o.kind) {
    case 'kubeconfig':
      return [`${v}=$(${configView(m, o.jsonpath)})`];
    case 'file':
      return [`${v}=$(cat ${shellQuote(o.path)})`];
    case 'serviceaccount-mount':
      return [`${v}=$(cat ${saPath(o)})`];
    case 'secret':
      return [
        `${v}=$(${shellJoin([...kubectlConfig(m), ...(m.contextFlag ? ['--context', m.contextFlag] : []), 'get', 'secret', o.name, '-n', o.namespace, '-o', `jsonpath={.data.${o.key}}`])} | base64 --decode)`,
      ];
    case 'exec':
      return [
        shellComment(`the exec plugin ${o.command} of user "${o.user}" prints an ExecCredential; kcurl token runs it the way kubectl does`),
        `${v}=$(${shellJoin(['kcurl', ...contextFlags(m), 'token'])})`,
      ];
    case 'flag':
      return [`: "\${${v}:?set ${v} to the value you passed with ${a.flag}}"`];
    case 'literal':
    case 'revealed':
      return [`${v}=${shellQuote(o.value)}`];
    case 'service-env':
      return [`${v}="https://\${KUBERNETES_SERVICE_HOST}:\${KUBERNETES_SERVICE_PORT}"`];
    case 'unknown':
      return [`: "\${${v}:?set ${v}}"`];
  }
}

/** A file-valued credential (CA, client certificate, client key) made available as a path in its variable. */
function fileAssignment(m: CredentialModel, a: CredentialAssignment): string[] {
  const v = a.variable;
  const o = a.obtain;
  switch (o.kind) {
    case 'file':
      return [`${v}=${shellQuote(o.path)}`];
    case 'serviceaccount-mount':
      return [`${v}=${saPath(o)}`];
    case 'kubeconfig':
      return [`${v}=$(mktemp)`, `${configView(m, o.jsonpath)} | base64 --decode > "$${v}"`];
    case 'flag':
      return [`: "\${${v}:?set ${v} to the file you passed with ${a.flag}}"`];
    case 'exec':
      return [`${v}=$(mktemp)`, `${shellJoin(['kcurl', ...contextFlags(m), 'token', '--output', o.output])} > "$${v}"`];
    case 'unknown':
      if (o.from === 'context') return [];
      return [`: "\${${v}:?set ${v} to a file path}"`];
    default:
      return [`: "\${${v}:?set ${v} to a file path}"`];
  }
}

function describeOrigin(m: CredentialModel): string {
  const o = m.origin;
  switch (o.kind) {
    case 'in-cluster':
      return shellComment('credentials: the in-pod serviceaccount mount (client-go InClusterConfig)');
    case 'default-server':
      return shellComment(`credentials: kubeconfig context "${o.context}", cluster "${o.cluster}", which has no server: kubectl uses its default ${o.server}`);
    case 'none':
      return shellComment('no kubeconfig and not in a pod: kubectl would use its default server');
    case 'kubeconfig': {
      const parts = [`context "${o.context}"`];
      if (o.cluster) parts.push(`cluster "${o.cluster}"`);
      if (o.user) parts.push(`user "${o.user}"`);
      return shellComment(`credentials: kubeconfig ${parts.join(', ')}`);
    }
  }
}

/** The bash preamble and curl options of resolved credentials (the model built on the way). */
export function renderPreamble(creds: Credentials, options: PreambleOptions): Preamble {
  return bashCredentials(credentialModel(creds, options));
}

/** The bash generator over a credential model: assignment lines, curl options, and how the URL names the server. */
export function bashCredentials(m: CredentialModel): Preamble {
  if (m.reveal) return revealedPreamble(m);
  const lines: string[] = [describeOrigin(m)];
  const curlAuth: string[] = [];
  if (m.serviceAccountDir) lines.push(`SA_DIR=${m.serviceAccountDir}`);

  const route = m.tlsServerName;
  if (route) {
    // The URL must carry the server name, so it is written out (a server URL is not a secret).
    lines.push(...tlsServerNameComment(route));
  } else {
    lines.push(...textAssignment(m, { variable: 'APISERVER', flag: '--server', obtain: m.server.obtain }));
    if (m.server.obtain.kind === 'kubeconfig' || (m.server.obtain.kind === 'unknown' && m.server.obtain.from === 'context'))
      lines.push(...serverNormalisation(m.server.url));
  }

  if (m.ca) {
    lines.push(...fileAssignment(m, m.ca));
    curlAuth.push('--cacert', '"$CACERT"');
  }
  if (m.insecure) {
    lines.push('# insecure-skip-tls-verify is set: -k accepts any certificate, so anyone on the path can read and change this traffic');
    curlAuth.push('-k');
  }
  if (m.clientCert) {
    lines.push(...fileAssignment(m, m.clientCert.cert));
    lines.push(...fileAssignment(m, m.clientCert.key));
    curlAuth.push('--cert', '"$CERT"', '--key', '"$KEY"');
  }
  if (m.token) {
    const o = m.token.obtain;
    if (o.kind === 'secret') lines.push(shellComment(`bearer token: .data.token of Secret ${o.namespace}/${o.name}, read with the kubeconfig credentials`));
    lines.push(...textAssignment(m, m.token));
    curlAuth.push('-H', '"Authorization: Bearer $TOKEN"');
  } else if (m.basic) {
    lines.push(...textAssignment(m, m.basic.username));
    lines.push(...textAssignment(m, m.basic.password));
    curlAuth.push('-u', '"$USERNAME:$PASSWORD"');
  }
  lines.push(...cleanup(lines));
  if (route) curlAuth.push(...tlsServerNameWords(route));
  curlAuth.push(...impersonation(m));
  if (m.proxy) curlAuth.push('--proxy', shellQuote(m.proxy));
  return { lines, curlAuth, serverRef: route ? shellQuote(route.url) : '"$APISERVER"' };
}

/**
 * Lines that turn the server URL read from the kubeconfig into the base kubectl prefixes its paths with
 * (serverBase): trailing slashes are dropped in the shell; a prefix Go would clean or re-encode is written out.
 */
function serverNormalisation(server: string): string[] {
  const base = serverBase(server);
  const stripped = server.replace(/\/+$/, '');
  if (base === server) return [];
  if (base === stripped) {
    const n = server.length - stripped.length;
    return [
      shellComment(`the server URL ends with "/"; kubectl joins it to each path without doubling the slash`),
      ...Array<string>(n).fill('APISERVER=${APISERVER%/}'),
    ];
  }
  return [
    shellComment(`kubectl cleans and percent-encodes the server URL's path before it adds each API path (Go path.Join, URL.EscapedPath):`),
    `APISERVER=${shellQuote(base)}`,
  ];
}

function tlsServerNameComment(route: TlsServerNameRoute): string[] {
  return [
    shellComment(`tls-server-name ${route.name}: curl sends it as SNI and checks the server certificate against it (the URL names it);`),
    shellComment(`--connect-to still connects to ${route.server}, and the Host header names that server, as kubectl sends it`),
  ];
}

const HEREDOC_BASE: Record<string, string> = { CACERT: 'KCURL_CA', CERT: 'KCURL_CERT', KEY: 'KCURL_KEY' };

function revealedValue(a: CredentialAssignment): string {
  return a.obtain.kind === 'revealed' ? a.obtain.value : '';
}

function revealedPreamble(m: CredentialModel): Preamble {
  const lines: string[] = ['# --reveal: credentials are written out below; treat this text as a secret'];
  const curlAuth: string[] = [];
  const pem = (a: CredentialAssignment) => {
    const text = revealedValue(a);
    // The delimiter is chosen absent from the text, so no line of a crafted PEM can end the heredoc early.
    const delimiter = heredocDelimiter(text, HEREDOC_BASE[a.variable]);
    lines.push(`${a.variable}=$(mktemp)`, `cat > "$${a.variable}" <<'${delimiter}'`, text, delimiter);
  };
  if (m.ca) {
    pem(m.ca);
    curlAuth.push('--cacert', '"$CACERT"');
  }
  if (m.insecure) curlAuth.push('-k');
  const route = m.tlsServerName;
  if (route) lines.push(...tlsServerNameComment(route));
  if (m.clientCert) {
    pem(m.clientCert.cert);
    pem(m.clientCert.key);
    curlAuth.push('--cert', '"$CERT"', '--key', '"$KEY"');
  }
  lines.push(...cleanup(lines));
  if (m.token) curlAuth.push('-H', shellQuote(`Authorization: Bearer ${revealedValue(m.token)}`));
  else if (m.basic) curlAuth.push('-u', shellQuote(`${revealedValue(m.basic.username)}:${revealedValue(m.basic.password)}`));
  if (route) curlAuth.push(...tlsServerNameWords(route));
  curlAuth.push(...impersonation(m));
  if (m.proxy) curlAuth.push('--proxy', shellQuote(m.proxy));
  return { lines, curlAuth, serverRef: shellQuote(route ? route.url : m.server.base) };
}

/** The temporary files the preamble's lines create (VAR=$(mktemp)) are removed when the script exits. */
function cleanup(lines: string[]): string[] {
  const temporary = lines.flatMap((l) => /^([A-Z_]+)=\$\(mktemp\)$/.exec(l)?.[1] ?? []);
  return temporary.length ? [`trap 'rm -f ${temporary.map((v) => `"$${v}"`).join(' ')}' EXIT`] : [];
}

/** --as, --as-group, --as-uid: impersonation headers are not secret and go on every request. */
function impersonation(m: CredentialModel): string[] {
  return m.impersonation.flatMap(([k, v]) => curlHeaderWords(k, v));
}
