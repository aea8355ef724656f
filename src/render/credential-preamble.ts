// Turns where each credential came from into the bash lines that obtain it with standard tools
// (kubectl config view, kubectl get secret | base64 --decode, cat of the serviceaccount mount).
// Never prints a credential value unless reveal is set.
import type { CredentialSource, Credentials } from '../kube/credentials-types.js';
import { impersonationHeaders } from '../http/impersonation.js';
import { serverBase } from '../plan/request-plan.js';
import { heredocDelimiter, shellComment, shellJoin, shellQuote } from './shell-quote.js';

export const DEFAULT_SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

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
 * How curl reproduces tls-server-name (kubeconfig field or --tls-server-name): the URL names the server
 * name, so curl sends it as SNI and checks the certificate against it; --connect-to sends the connection
 * to the server's real host and port; the Host header names the real server, as the executor (and
 * client-go, which sets only tls.Config.ServerName) sends it. Undefined when there is no name or the
 * server is not https.
 */
export interface TlsServerNameRoute {
  name: string;
  /** The real server URL, normalised, no trailing slash. */
  server: string;
  /** The server URL with its host replaced by the name, no trailing slash: https://api.example.test:6443 */
  url: string;
  /** --connect-to NAME:PORT:HOST:PORT */
  connectTo: string;
  /** The Host header: the real server's host[:port], the port left out when it is the default. */
  host: string;
}

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
  // The hostname setter ignores what cannot be a host name; such a name cannot go into a curl URL.
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
 * `-H 'Name: value'` for curl. A value that is empty or only blanks goes as `-H 'Name;'`: curl drops a header
 * written `Name:` with nothing after it, while kubectl sends it (an empty --as-group, say).
 */
export function curlHeaderWords(name: string, value: string): string[] {
  return ['-H', shellQuote(/^[ \t]*$/.test(value) ? `${name};` : `${name}: ${value}`)];
}

function tlsServerNameWords(route: TlsServerNameRoute): string[] {
  return ['--connect-to', shellQuote(route.connectTo), '-H', shellQuote(`Host: ${route.host}`)];
}

function kubectlConfig(creds: Credentials): string[] {
  return creds.kubeconfigFlag ? ['kubectl', '--kubeconfig', creds.kubeconfigFlag] : ['kubectl'];
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

function configViewJsonpath(creds: Credentials, entry: 'cluster' | 'user', name: string, field: string): string {
  const list = entry === 'cluster' ? 'clusters' : 'users';
  const jsonpath = `{.${list}[?(@.name==${jsonpathString(name)})].${entry}.${field}}`;
  return shellJoin([...kubectlConfig(creds), 'config', 'view', '--raw', '-o', `jsonpath=${jsonpath}`]);
}

function kubectlContextArgs(creds: Credentials): string[] {
  const args = kubectlConfig(creds);
  if (creds.contextFlag) args.push('--context', creds.contextFlag);
  return args;
}

/** A text value (server URL, token, username, password) assigned to VAR. */
function textAssignment(creds: Credentials, variable: string, source: CredentialSource, flagHint: string): string[] {
  switch (source.kind) {
    case 'kubeconfig':
      if (source.entry === 'context') return [`: "\${${variable}:?set ${variable}}"`];
      return [`${variable}=$(${configViewJsonpath(creds, source.entry, source.name, source.field)})`];
    case 'file':
      return [`${variable}=$(cat ${shellQuote(source.path)})`];
    case 'serviceaccount-mount':
      return [`${variable}=$(cat ${saPath(source.path)})`];
    case 'secret':
      return [
        `${variable}=$(${shellJoin([...kubectlContextArgs(creds), 'get', 'secret', source.name, '-n', source.namespace, '-o', 'jsonpath={.data.token}'])} | base64 --decode)`,
      ];
    case 'exec':
      return [
        shellComment(`the exec plugin ${source.command} of user "${source.user}" prints an ExecCredential; kcurl token runs it the way kubectl does`),
        `${variable}=$(${shellJoin(['kcurl', ...contextFlags(creds), 'token'])})`,
      ];
    case 'flag':
      return [`: "\${${variable}:?set ${variable} to the value you passed with ${flagHint}}"`];
    case 'service-env':
    case 'env':
    case 'default':
      return [`: "\${${variable}:?set ${variable}}"`];
  }
}

function contextFlags(creds: Credentials): string[] {
  const flags: string[] = [];
  if (creds.kubeconfigFlag) flags.push('--kubeconfig', creds.kubeconfigFlag);
  if (creds.contextFlag) flags.push('--context', creds.contextFlag);
  return flags;
}

function saPath(path: string): string {
  // Keep the mount path readable when it is the standard one or the workshop override.
  if (path.startsWith(DEFAULT_SA_DIR + '/')) return `"$SA_DIR"/${shellQuote(path.slice(DEFAULT_SA_DIR.length + 1))}`;
  return shellQuote(path);
}

/** A file-valued credential (CA, client certificate, client key) made available as a path in VAR. */
function fileAssignment(creds: Credentials, variable: string, source: CredentialSource, flagHint: string): string[] {
  switch (source.kind) {
    case 'file':
      return [`${variable}=${shellQuote(source.path)}`];
    case 'serviceaccount-mount':
      return [`${variable}=${saPath(source.path)}`];
    case 'kubeconfig':
      if (source.entry === 'context') return [];
      return [`${variable}=$(mktemp)`, `${configViewJsonpath(creds, source.entry, source.name, source.field)} | base64 --decode > "$${variable}"`];
    case 'flag':
      return [`: "\${${variable}:?set ${variable} to the file you passed with ${flagHint}}"`];
    case 'exec': {
      const what = variable === 'KEY' ? 'client-key' : 'client-certificate';
      return [`${variable}=$(mktemp)`, `${shellJoin(['kcurl', ...contextFlags(creds), 'token', '--output', what])} > "$${variable}"`];
    }
    default:
      return [`: "\${${variable}:?set ${variable} to a file path}"`];
  }
}

function describeOrigin(creds: Credentials): string {
  if (creds.origin === 'in-cluster') return shellComment('credentials: the in-pod serviceaccount mount (client-go InClusterConfig)');
  if (creds.origin === 'none' && creds.clusterName !== undefined && creds.server.source.kind === 'default') {
    return shellComment(`credentials: kubeconfig context "${creds.contextName ?? ''}", cluster "${creds.clusterName}", which has no server: kubectl uses its default ${creds.server.value}`);
  }
  if (creds.origin === 'none') return shellComment('no kubeconfig and not in a pod: kubectl would use its default server');
  const parts = [`context "${creds.contextName ?? ''}"`];
  if (creds.clusterName) parts.push(`cluster "${creds.clusterName}"`);
  if (creds.userName) parts.push(`user "${creds.userName}"`);
  return shellComment(`credentials: kubeconfig ${parts.join(', ')}`);
}

export function renderPreamble(creds: Credentials, options: PreambleOptions): Preamble {
  if (options.reveal) return revealedPreamble(creds);
  const lines: string[] = [describeOrigin(creds)];
  const curlAuth: string[] = [];
  const usesMount =
    creds.origin === 'in-cluster' &&
    [creds.token?.source, creds.ca?.source].some((s) => s?.kind === 'serviceaccount-mount' && s.path.startsWith(DEFAULT_SA_DIR + '/'));
  if (usesMount) lines.push(`SA_DIR=${DEFAULT_SA_DIR}`);

  const route = tlsServerNameRoute(creds);
  if (route) {
    // The URL must carry the server name, so it is written out (a server URL is not a secret).
    lines.push(...tlsServerNameComment(route));
  } else if (creds.server.source.kind === 'service-env') {
    lines.push('APISERVER="https://${KUBERNETES_SERVICE_HOST}:${KUBERNETES_SERVICE_PORT}"');
  } else if (creds.server.source.kind === 'kubeconfig') {
    lines.push(...textAssignment(creds, 'APISERVER', creds.server.source, '--server'), ...serverNormalisation(creds.server.value));
  } else {
    // A server URL is not a secret: --server and the default are written out.
    lines.push(`APISERVER=${shellQuote(serverBase(creds.server.value))}`);
  }

  if (creds.ca) {
    lines.push(...fileAssignment(creds, 'CACERT', creds.ca.source, '--certificate-authority'));
    curlAuth.push('--cacert', '"$CACERT"');
  }
  if (creds.insecureSkipTLSVerify) {
    lines.push('# insecure-skip-tls-verify is set: -k accepts any certificate, so anyone on the path can read and change this traffic');
    curlAuth.push('-k');
  }
  if (creds.clientCert) {
    lines.push(...fileAssignment(creds, 'CERT', creds.clientCert.cert.source, '--client-certificate'));
    lines.push(...fileAssignment(creds, 'KEY', creds.clientCert.key.source, '--client-key'));
    curlAuth.push('--cert', '"$CERT"', '--key', '"$KEY"');
  }
  if (creds.token) {
    if (creds.token.source.kind === 'secret') {
      lines.push(
        shellComment(`bearer token: .data.token of Secret ${creds.token.source.namespace}/${creds.token.source.name}, read with the kubeconfig credentials`),
      );
    }
    lines.push(...textAssignment(creds, 'TOKEN', creds.token.source, '--token'));
    curlAuth.push('-H', '"Authorization: Bearer $TOKEN"');
  } else if (creds.basic) {
    lines.push(...textAssignment(creds, 'USERNAME', creds.basic.username.source, '--username'));
    lines.push(...textAssignment(creds, 'PASSWORD', creds.basic.password.source, '--password'));
    curlAuth.push('-u', '"$USERNAME:$PASSWORD"');
  }
  if (route) curlAuth.push(...tlsServerNameWords(route));
  curlAuth.push(...impersonation(creds));
  if (creds.proxyUrl) curlAuth.push('--proxy', shellQuote(creds.proxyUrl));
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
    return [shellComment(`the server URL ends with "/"; kubectl joins it to each path without doubling the slash`), ...Array<string>(n).fill('APISERVER=${APISERVER%/}')];
  }
  return [shellComment(`kubectl cleans and percent-encodes the server URL's path before it adds each API path (Go path.Join, URL.EscapedPath):`), `APISERVER=${shellQuote(base)}`];
}

function tlsServerNameComment(route: TlsServerNameRoute): string[] {
  return [
    shellComment(`tls-server-name ${route.name}: curl sends it as SNI and checks the server certificate against it (the URL names it);`),
    shellComment(`--connect-to still connects to ${route.server}, and the Host header names that server, as kubectl sends it`),
  ];
}

function revealedPreamble(creds: Credentials): Preamble {
  const lines: string[] = ['# --reveal: credentials are written out below; treat this text as a secret'];
  const curlAuth: string[] = [];
  const pem = (variable: string, base: string, data: Uint8Array) => {
    const text = Buffer.from(data).toString('utf8').replace(/\n$/, '');
    // The delimiter is chosen absent from the text, so no line of a crafted PEM can end the heredoc early.
    const delimiter = heredocDelimiter(text, base);
    lines.push(`${variable}=$(mktemp)`, `cat > "$${variable}" <<'${delimiter}'`, text, delimiter);
  };
  if (creds.ca) {
    pem('CACERT', 'KCURL_CA', creds.ca.value);
    curlAuth.push('--cacert', '"$CACERT"');
  }
  if (creds.insecureSkipTLSVerify) curlAuth.push('-k');
  const route = tlsServerNameRoute(creds);
  if (route) lines.push(...tlsServerNameComment(route));
  const cert = creds.clientCert?.cert.value;
  const key = creds.clientCert?.key.value?.reveal();
  if (cert && key) {
    pem('CERT', 'KCURL_CERT', cert);
    pem('KEY', 'KCURL_KEY', key);
    curlAuth.push('--cert', '"$CERT"', '--key', '"$KEY"');
  }
  const token = creds.token?.value?.reveal();
  if (token !== undefined) curlAuth.push('-H', shellQuote(`Authorization: Bearer ${token}`));
  else if (creds.basic) curlAuth.push('-u', shellQuote(`${creds.basic.username.value}:${creds.basic.password.value.reveal()}`));
  if (route) curlAuth.push(...tlsServerNameWords(route));
  curlAuth.push(...impersonation(creds));
  if (creds.proxyUrl) curlAuth.push('--proxy', shellQuote(creds.proxyUrl));
  return { lines, curlAuth, serverRef: shellQuote(route ? route.url : serverBase(creds.server.value)) };
}

/** --as, --as-group, --as-uid: impersonation headers are not secret and go on every request. */
function impersonation(creds: Credentials): string[] {
  return impersonationHeaders(creds.impersonate).flatMap(([k, v]) => curlHeaderWords(k, v));
}
