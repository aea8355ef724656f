// Resolves the connection kubectl would use (server, namespace, TLS, user credentials) from flags,
// kubeconfig files or the in-pod serviceaccount mount, recording where each value came from
// (client-go clientcmd DirectClientConfig + DeferredLoadingClientConfig). Then materialises what
// only running something can give: exec plugin credentials, rotated token files, Secret tokens.
import { posix } from 'node:path';
import { configError, credentialsError, usageError } from '../errors.js';
import type { Io } from '../io.js';
import type { ConnectionFlags, CredentialSource, Credentials, Deferred, ExecConfig, Sourced } from './credentials-types.js';
import { parseDuration } from './duration.js';
import { EXEC_API_VERSIONS, runExecPlugin } from './exec-plugin.js';
import { headerKeyEscape, validHeaderValue } from '../http/impersonation.js';
import { readInClusterConfig, readServiceAccountToken, type InClusterConfig } from './in-cluster.js';
import { defaultKubeconfigPath, describeFsError, loadKubeconfig, type ClusterEntry, type MergedKubeconfig, type UserEntry } from './kubeconfig.js';
import { isDNS1123Label, isDNS1123Subdomain } from './name-validation.js';
import { Secret } from './secret.js';

/** kubectl's server when nothing names one (clientcmd getDefaultServer). */
export const DEFAULT_SERVER = 'http://localhost:8080';

export interface MaterializeOptions {
  /**
   * Reads .data.token of Secret namespace/name (--token-from-secret) and returns it decoded. `base` are the
   * materialised credentials the user had without --token-from-secret: make the GET with those.
   */
  fetchSecretToken?: (namespace: string, name: string, base: Credentials) => Promise<string>;
  /** kubectl's --cache-dir (default ~/.kube/cache); exec plugin results are kept in its kcurl-exec/ directory. */
  cacheDir?: string;
}

// The credentials a --token-from-secret user had before the Secret token replaced them, keyed by the
// resolved record, so materializeCredentials can hand them to fetchSecretToken.
const baseTokens = new WeakMap<Credentials, Deferred<Secret> | undefined>();

/** Flags with empty strings treated as not given (as kubectl's overrides do). */
function normalize(flags: ConnectionFlags): ConnectionFlags {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flags)) {
    if (v === '' || v === undefined || v === false) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as ConnectionFlags;
}

function checkServerUrl(url: string, what: string, isFlag: boolean): void {
  const fail = isFlag ? usageError : configError;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1];
  if (scheme === undefined) throw fail(`server URL "${url}" ${what}has no scheme; use https://HOST:PORT`);
  if (!/^https?$/i.test(scheme)) throw fail(`server URL "${url}" ${what}has scheme "${scheme}"; use https://HOST:PORT (or http:// for an insecure port)`);
  try {
    new URL(url);
  } catch {
    throw fail(`server URL "${url}" ${what}is not a valid URL; use https://HOST:PORT`);
  }
}

function validateFlags(f: ConnectionFlags): void {
  if (f.server) checkServerUrl(f.server, '', true);
  if (f.requestTimeout) parseDuration(f.requestTimeout, '--request-timeout');
  if (f.token && f.tokenFromSecret) throw usageError('--token and --token-from-secret cannot be used together', 'pick one bearer token');
  if (f.insecureSkipTlsVerify && f.certificateAuthority) {
    throw usageError(
      '--insecure-skip-tls-verify and --certificate-authority cannot be used together',
      'specifying a root certificates file with the insecure flag is not allowed',
    );
  }
  if (f.inCluster) {
    for (const [key, flag] of [
      ['kubeconfig', '--kubeconfig'],
      ['context', '--context'],
      ['cluster', '--cluster'],
      ['user', '--user'],
    ] as const) {
      if (f[key]) throw usageError(`--in-cluster cannot be combined with ${flag}`, 'the serviceaccount mount has no kubeconfig contexts, clusters or users');
    }
  }
  if (f.tokenFromSecret) parseSecretRef(f.tokenFromSecret, 'default');
}

function parseSecretRef(ref: string, namespace: string): { namespace: string; name: string } {
  const parts = ref.split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) {
    throw usageError(`--token-from-secret "${ref}" is not [NAMESPACE/]NAME`, 'e.g. --token-from-secret kube-system/builder-token');
  }
  const out = parts.length === 2 ? { namespace: parts[0], name: parts[1] } : { namespace, name: parts[0] };
  // The API server would refuse these names anyway; refusing them here keeps them out of URLs and snippets.
  const nsErrors = parts.length === 2 ? isDNS1123Label(out.namespace) : [];
  const nameErrors = isDNS1123Subdomain(out.name);
  if (nsErrors.length || nameErrors.length) {
    const [what, value, errors] = nsErrors.length ? ['namespace', out.namespace, nsErrors] : ['Secret name', out.name, nameErrors];
    throw usageError(
      `--token-from-secret ${JSON.stringify(ref)}: invalid ${what} ${JSON.stringify(value)}: ${errors.join('; ')}`,
      'e.g. --token-from-secret kube-system/builder-token',
    );
  }
  return out;
}

/**
 * Works out everything kubectl would connect with. Reads kubeconfig, certificate and token files, never
 * runs an exec plugin and never talks to the network: deferred values (exec, Secret) have only a source.
 */
export async function resolveCredentials(io: Io, flags: ConnectionFlags): Promise<Credentials> {
  const f = normalize(flags);
  validateFlags(f);
  if (f.inCluster) {
    const ic = (await readInClusterConfig(io, { required: true }))!;
    return finish(f, await fromInCluster(io, ic, f, []));
  }
  const merged = await loadKubeconfig(io, f);
  const creds = await fromKubeconfig(io, merged, f);
  // DeferredLoadingClientConfig: when the kubeconfig amounts to kubectl's defaults (nothing chose a server),
  // the in-pod configuration is used if it is possible.
  if (creds.origin === 'none') {
    const ic = await readInClusterConfig(io, { required: false });
    if (ic) return finish(f, await fromInCluster(io, ic, f, merged.files));
  }
  return finish(f, creds);
}

function finish(f: ConnectionFlags, creds: Credentials): Credentials {
  if (f.requestTimeout) creds.requestTimeout = f.requestTimeout;
  if (f.context) creds.contextFlag = f.context;
  if (f.tokenFromSecret && creds.server.value.toLowerCase().startsWith('https://')) {
    const ref = parseSecretRef(f.tokenFromSecret, creds.namespace.value);
    const base = creds.token;
    creds.token = { source: { kind: 'secret', namespace: ref.namespace, name: ref.name } };
    baseTokens.set(creds, base);
  }
  return creds;
}

async function fromInCluster(io: Io, ic: InClusterConfig, f: ConnectionFlags, files: readonly string[]): Promise<Credentials> {
  // clientcmd inClusterClientConfig.ClientConfig: only --server, --token and --certificate-authority override.
  const creds: Credentials = {
    origin: 'in-cluster',
    kubeconfigFiles: [...files],
    server: f.server ? { value: f.server, source: { kind: 'flag', flag: '--server' } } : ic.server,
    namespace: f.namespace ? { value: f.namespace, source: { kind: 'flag', flag: '--namespace' } } : ic.namespace,
    ca: f.certificateAuthority ? await readCaFlag(io, f.certificateAuthority) : ic.ca,
    insecureSkipTLSVerify: false,
    token: f.token
      ? { value: new Secret(f.token, 'token'), source: { kind: 'flag', flag: '--token' } }
      : { value: new Secret(ic.token, 'token'), source: { kind: 'serviceaccount-mount', path: ic.tokenPath } },
  };
  // kcurl also honours --as* here; kubectl given --as in a pod skips the mount altogether (its config is no
  // longer the default one) and talks to http://localhost:8080.
  const impersonate = impersonation(f, undefined, undefined);
  if (impersonate) creds.impersonate = impersonate;
  return creds;
}

async function readCaFlag(io: Io, path: string): Promise<Sourced<Uint8Array>> {
  const abs = posix.resolve(io.cwd, path);
  const via = '--certificate-authority';
  return { value: await readCredentialFile(io, 'certificate-authority', abs, via, configError), source: { kind: 'file', path: abs, via } };
}

async function readCredentialFile(io: Io, label: string, path: string, via: string, make = credentialsError): Promise<Uint8Array> {
  try {
    return new Uint8Array(await io.readFile(path));
  } catch (e) {
    throw make(`${label} "${path}" (${via}): ${describeFsError(e as NodeJS.ErrnoException)}`);
  }
}

/** A tokenFile's content as client-go's file token source reads it: trimmed, and empty is an error. */
async function readTokenFile(io: Io, path: string, via: string): Promise<string> {
  const token = Buffer.from(await readCredentialFile(io, 'tokenFile', path, via))
    .toString('utf8')
    .trim();
  if (token === '') throw credentialsError(`tokenFile "${path}" (${via}) is empty`, 'write the bearer token into it');
  return token;
}

function known(kind: 'contexts' | 'clusters' | 'users', merged: MergedKubeconfig, io: Io): string {
  const names = [...merged[kind].keys()];
  if (merged.files.length === 0) {
    return io.env.KUBECONFIG ? `no file of KUBECONFIG=${io.env.KUBECONFIG} exists` : `there is no kubeconfig (looked for ${defaultKubeconfigPath(io)})`;
  }
  const where = merged.files.join(', ');
  return names.length ? `${kind} in ${where}: ${names.join(', ')}` : `${where} defines no ${kind}`;
}

async function fromKubeconfig(io: Io, merged: MergedKubeconfig, f: ConnectionFlags): Promise<Credentials> {
  // Context, cluster and user, as DirectClientConfig.getContext/getCluster/getAuthInfo choose them.
  const contextName = f.context ?? merged.currentContext?.value;
  const ctxEntry = contextName === undefined ? undefined : merged.contexts.get(contextName);
  if (contextName !== undefined && !ctxEntry) {
    if (f.context) throw configError(`context "${contextName}" does not exist`, known('contexts', merged, io));
    throw configError(
      `current-context "${contextName}" (in ${merged.currentContext!.file}) does not exist`,
      `${known('contexts', merged, io)}; pick one with kubectl config use-context NAME or --context`,
    );
  }
  const ctx = ctxEntry?.context;
  const clusterName = f.cluster ?? ctx?.cluster;
  const clusterEntry = clusterName === undefined ? undefined : merged.clusters.get(clusterName);
  if (clusterName !== undefined && !clusterEntry) {
    if (f.cluster) throw configError(`cluster "${clusterName}" does not exist`, known('clusters', merged, io));
    // kubectl would silently fall back to http://localhost:8080 here; kcurl says why instead.
    if (!f.server)
      throw configError(`cluster "${clusterName}" does not exist (named by context "${contextName}" in ${ctxEntry!.file})`, known('clusters', merged, io));
  }
  const userName = f.user ?? ctx?.user;
  const userEntry = userName === undefined ? undefined : merged.users.get(userName);
  if (userName !== undefined && !userEntry) {
    // kubectl: `auth info "x" does not exist`; a context naming a missing user makes kubectl prompt for a password.
    if (f.user) throw configError(`user "${userName}" does not exist`, known('users', merged, io));
    if (!f.token && !f.username && !f.clientCertificate) {
      throw configError(`user "${userName}" does not exist (named by context "${contextName}" in ${ctxEntry!.file})`, known('users', merged, io));
    }
  }

  const cl: ClusterEntry | undefined = clusterEntry?.cluster;
  const clusterWhere = clusterEntry && `clusters["${clusterName}"].cluster`;
  const clusterFile = clusterEntry?.file ?? '';
  const fromCluster = (field: string): CredentialSource => ({ kind: 'kubeconfig', file: clusterFile, entry: 'cluster', name: clusterName!, field });

  let server: Sourced<string>;
  if (f.server) server = { value: f.server, source: { kind: 'flag', flag: '--server' } };
  else if (cl?.server) {
    checkServerUrl(cl.server, `(${clusterWhere}.server in ${clusterFile}) `, false);
    server = { value: cl.server, source: fromCluster('server') };
  } else if (io.env.KUBERNETES_MASTER) {
    checkServerUrl(io.env.KUBERNETES_MASTER, '($KUBERNETES_MASTER) ', false);
    server = { value: io.env.KUBERNETES_MASTER, source: { kind: 'env', name: 'KUBERNETES_MASTER' } };
  } else server = { value: DEFAULT_SERVER, source: { kind: 'default' } };
  const secure = server.value.toLowerCase().startsWith('https://');

  const namespace: Sourced<string> = f.namespace
    ? { value: f.namespace, source: { kind: 'flag', flag: '--namespace' } }
    : ctx?.namespace
      ? { value: ctx.namespace, source: { kind: 'kubeconfig', file: ctxEntry!.file, entry: 'context', name: contextName!, field: 'namespace' } }
      : { value: 'default', source: { kind: 'default' } };

  const creds: Credentials = {
    origin: server.source.kind === 'default' || server.source.kind === 'env' ? 'none' : 'kubeconfig',
    kubeconfigFiles: [...merged.files],
    server,
    namespace,
    insecureSkipTLSVerify: false,
  };
  if (f.kubeconfig) creds.kubeconfigFlag = posix.resolve(io.cwd, f.kubeconfig);
  if (ctxEntry) creds.contextName = contextName;
  if (clusterEntry) creds.clusterName = clusterName;
  if (userEntry) creds.userName = userName;

  // --- cluster: TLS trust (DirectClientConfig.getCluster override rules, validateClusterInfo) ---
  let caFile = cl?.certificateAuthority;
  let caData = cl?.certificateAuthorityData;
  let insecure = cl?.insecureSkipTlsVerify ?? false;
  let caVia = `${clusterWhere}.certificate-authority in ${clusterFile}`;
  if (f.insecureSkipTlsVerify || f.certificateAuthority) {
    // A flag for either replaces all three (so --insecure-skip-tls-verify works despite CA data).
    insecure = Boolean(f.insecureSkipTlsVerify);
    caFile = f.certificateAuthority && posix.resolve(io.cwd, f.certificateAuthority);
    caData = undefined;
    caVia = '--certificate-authority';
  } else if (caFile && caData) {
    throw configError(`${clusterWhere} (in ${clusterFile}) sets both certificate-authority and certificate-authority-data`, 'keep one of them');
  }
  if (cl?.proxyUrl) {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(cl.proxyUrl)?.[1]?.toLowerCase();
    if (scheme !== 'http' && scheme !== 'https' && scheme !== 'socks5') {
      throw configError(
        `invalid proxy-url "${cl.proxyUrl}" for cluster "${clusterName}" (in ${clusterFile}): unsupported scheme "${scheme ?? ''}", must be http, https, or socks5`,
      );
    }
    creds.proxyUrl = cl.proxyUrl;
  }
  if (cl?.disableCompression) creds.disableCompression = true;

  // --- user: merged with the flags, validated as clientcmd validateAuthInfo does ---
  const u: UserEntry | undefined = userEntry?.user;
  const userWhere = `users["${userName}"].user`;
  const userFile = userEntry?.file ?? '';
  const fromUser = (field: string): CredentialSource => ({ kind: 'kubeconfig', file: userFile, entry: 'user', name: userName!, field });
  const token: Sourced<Secret> | undefined = f.token
    ? { value: new Secret(f.token, 'token'), source: { kind: 'flag', flag: '--token' } }
    : u?.token && { value: u.token, source: fromUser('token') };
  const username =
    f.username !== undefined
      ? { value: f.username, source: { kind: 'flag', flag: '--username' } as CredentialSource }
      : u?.username !== undefined
        ? { value: u.username, source: fromUser('username') }
        : undefined;
  const password =
    f.password !== undefined
      ? { value: new Secret(f.password, 'password'), source: { kind: 'flag', flag: '--password' } as CredentialSource }
      : u?.password !== undefined
        ? { value: u.password, source: fromUser('password') }
        : undefined;
  const certFlag = f.clientCertificate && posix.resolve(io.cwd, f.clientCertificate);
  const keyFlag = f.clientKey && posix.resolve(io.cwd, f.clientKey);
  const certFile = certFlag ?? u?.clientCertificate;
  const certData = certFlag ? undefined : u?.clientCertificateData;
  const keyFile = keyFlag ?? u?.clientKey;
  const keyData = keyFlag ? undefined : u?.clientKeyData;
  const described = userEntry ? `user "${userName}" (in ${userFile})` : 'the command line';

  if (token && (username || password)) {
    const a = f.token ? '--token' : `${userWhere}.token`;
    const b = f.username || f.password ? '--username/--password' : `${userWhere}.username/password`;
    const make = f.token && (f.username || f.password) ? usageError : configError;
    throw make(`more than one authentication method found for ${described}: ${a} and ${b}; only one is allowed`, 'use either a bearer token or basic auth');
  }
  if (certFile || certData) {
    if (certFile && certData) throw configError(`${userWhere} (in ${userFile}) sets both client-certificate and client-certificate-data`, 'keep one of them');
    if (keyFile && keyData) throw configError(`${userWhere} (in ${userFile}) sets both client-key and client-key-data`, 'keep one of them');
    if (!keyFile && !keyData) {
      throw (certFlag ? usageError : configError)(
        `client-key-data or client-key must be specified for ${described} to use the client certificate`,
        certFlag ? 'add --client-key' : `add client-key or client-key-data to ${userWhere}`,
      );
    }
  }
  if (u?.exec) validateExec(u, userWhere, userFile);
  const impersonate = impersonation(f, u, userEntry && { path: userWhere, file: userFile });
  if (impersonate) creds.impersonate = impersonate;

  // client-go: "only try to read the auth information if we are secure" — over http:// no user
  // credentials are sent at all, and the TLS settings do not apply.
  if (!secure) return creds;

  if (insecure && (caFile || caData)) {
    throw configError(
      `${clusterWhere} (in ${clusterFile}) sets insecure-skip-tls-verify together with a certificate authority; specifying a root certificates file with the insecure flag is not allowed`,
      'remove one of them, or override with --insecure-skip-tls-verify',
    );
  }
  creds.insecureSkipTLSVerify = insecure;
  if (caFile) {
    creds.ca = { value: await readCredentialFile(io, 'certificate-authority', caFile, caVia, configError), source: { kind: 'file', path: caFile, via: caVia } };
  } else if (caData) creds.ca = { value: caData, source: fromCluster('certificate-authority-data') };
  const tlsServerName = f.tlsServerName ?? (f.server ? undefined : cl?.tlsServerName);
  if (tlsServerName) creds.tlsServerName = tlsServerName;

  if (u?.authProvider) {
    const p = u.authProvider.name;
    const hint =
      p === 'oidc'
        ? 'use an exec plugin (client.authentication.k8s.io/v1), e.g. kubelogin (kubectl oidc-login)'
        : "use an exec plugin (client.authentication.k8s.io/v1), e.g. the provider's kubelogin/gke-gcloud-auth-plugin";
    const what = p === 'oidc' ? 'is not supported by kcurl' : 'is no longer supported by kubectl';
    throw credentialsError(`users["${userName}"].user.auth-provider (${p}) ${what}; ${hint}`);
  }

  if (u?.tokenFile) {
    const via = `${userWhere}.tokenFile in ${userFile}`;
    try {
      // With both token and tokenFile, the file's content is what client-go sends (bearerAuthRoundTripper
      // prefers its file source) — also when the token came from --token (observed with kubectl 1.32).
      creds.token = { value: new Secret(await readTokenFile(io, u.tokenFile, via), 'token'), source: { kind: 'file', path: u.tokenFile, via } };
    } catch (e) {
      if (!token) throw e;
      creds.token = token; // unreadable file: client-go falls back to the static token
    }
  } else if (token) creds.token = token;
  if (username || password) {
    creds.basic = {
      // Only one of the two given: the other is empty, as client-go sends it.
      username: username ?? { value: '', source: { kind: 'default' } },
      password: password ?? { value: new Secret('', 'password'), source: { kind: 'default' } },
    };
  }
  if (certFile || certData) {
    const certVia = certFlag ? '--client-certificate' : `${userWhere}.client-certificate in ${userFile}`;
    const keyVia = keyFlag ? '--client-key' : `${userWhere}.client-key in ${userFile}`;
    creds.clientCert = {
      cert: certFile
        ? { value: await readCredentialFile(io, 'client-certificate', certFile, certVia), source: { kind: 'file', path: certFile, via: certVia } }
        : { value: certData!, source: fromUser('client-certificate-data') },
      key: keyFile
        ? { value: new Secret(await readCredentialFile(io, 'client-key', keyFile, keyVia), 'client key'), source: { kind: 'file', path: keyFile, via: keyVia } }
        : { value: keyData!, source: fromUser('client-key-data') },
    };
  }
  // The exec authenticator steps aside when a token, basic auth or a client certificate is configured.
  if (u?.exec && !creds.token && !creds.basic && !creds.clientCert) {
    const e = u.exec;
    if (!(EXEC_API_VERSIONS as readonly string[]).includes(e.apiVersion!)) {
      throw configError(
        `exec plugin: invalid apiVersion "${e.apiVersion}" (${userWhere}.exec.apiVersion in ${userFile})`,
        `use ${EXEC_API_VERSIONS.join(' or ')}`,
      );
    }
    const exec: ExecConfig = {
      apiVersion: e.apiVersion!,
      command: e.command!,
      args: [...e.args],
      env: e.env.map((x) => ({ name: x.name, value: x.value })),
      provideClusterInfo: e.provideClusterInfo,
    };
    if (e.interactiveMode) exec.interactiveMode = e.interactiveMode;
    if (e.installHint) exec.installHint = e.installHint;
    creds.exec = exec;
    creds.token = { source: execSource(userName!, exec) };
  }
  return creds;
}

function execSource(user: string, exec: ExecConfig): CredentialSource {
  return { kind: 'exec', user, command: exec.command, args: [...exec.args], env: exec.env.map((e) => ({ ...e })) };
}

/** clientcmd validateAuthInfo, the exec part. */
function validateExec(u: UserEntry, where: string, file: string): void {
  const e = u.exec!;
  const fail = (msg: string, hint?: string) => {
    throw configError(`${where}.exec (in ${file}): ${msg}`, hint);
  };
  if (u.authProvider) fail('auth-provider cannot be combined with an exec plugin', 'remove auth-provider');
  if (!e.command) fail('command is missing', 'set exec.command to the plugin executable');
  if (!e.apiVersion) fail('apiVersion is missing', `set exec.apiVersion to ${EXEC_API_VERSIONS[0]}`);
  e.env.forEach((v, i) => {
    if (!v.name) fail(`env[${i}].name is missing`);
  });
  if (!e.interactiveMode) fail('interactiveMode must be specified for the exec plugin', 'add interactiveMode: Never (or IfAvailable, Always)');
  if (!['Never', 'IfAvailable', 'Always'].includes(e.interactiveMode!))
    fail(`invalid interactiveMode "${e.interactiveMode}"`, 'use Never, IfAvailable or Always');
}

/** Impersonation from the user entry, overridden by --as, --as-group, --as-uid; applies over http too. */
function impersonation(f: ConnectionFlags, u: UserEntry | undefined, where: { path: string; file: string } | undefined): Credentials['impersonate'] {
  const user = f.as ?? u?.as;
  const uid = f.asUid ?? u?.asUid;
  const groups = f.asGroup?.length ? [...f.asGroup] : [...(u?.asGroups ?? [])];
  const extra: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(u?.asUserExtra ?? {})) extra[k] = [...v];
  const hasExtra = Object.keys(extra).length > 0;
  if (!user) {
    if (f.asUid || f.asGroup?.length) throw usageError('--as-group and --as-uid need --as', 'impersonating groups or a uid requires impersonating a user');
    if (uid || groups.length || hasExtra) {
      throw configError(
        `${where?.path} (in ${where?.file}) sets as-uid, as-groups or as-user-extra without as`,
        'add as: USER (impersonating groups or a uid requires impersonating a user)',
      );
    }
    return undefined;
  }
  const out: NonNullable<Credentials['impersonate']> = { user, groups, extra };
  if (uid) out.uid = uid;
  // kubectl stops at the first request with `net/http: invalid header field value for "Impersonate-User"`;
  // kcurl says which value it is before anything is printed as a snippet or sent.
  const check = (value: string, header: string, flag: string | undefined, field: string) => {
    if (validHeaderValue(value)) return;
    const what = flag ? `${flag} ${JSON.stringify(value)}` : `${where?.path}.${field} ${JSON.stringify(value)} (in ${where?.file})`;
    throw (flag ? usageError : configError)(
      `${what} holds a line break or control character, which an HTTP header cannot carry (kubectl: net/http: invalid header field value for "${header}")`,
      'remove the control character from the value',
    );
  };
  check(user, 'Impersonate-User', f.as === undefined ? undefined : '--as', 'as');
  if (uid) check(uid, 'Impersonate-Uid', f.asUid === undefined ? undefined : '--as-uid', 'as-uid');
  for (const g of groups) check(g, 'Impersonate-Group', f.asGroup?.length ? '--as-group' : undefined, 'as-groups');
  for (const [k, vs] of Object.entries(extra)) for (const v of vs) check(v, `Impersonate-Extra-${headerKeyEscape(k)}`, undefined, `as-user-extra.${k}`);
  return out;
}

/**
 * Fills the values that need something run or fetched: a tokenFile or serviceaccount token is read again
 * (they rotate), an exec plugin runs (or its cached credential is reused), a Secret token is fetched via
 * options.fetchSecretToken. Returns a new record; the input is not changed.
 */
export async function materializeCredentials(io: Io, creds: Credentials, options: MaterializeOptions = {}): Promise<Credentials> {
  const out: Credentials = { ...creds };
  const source = creds.token?.source;
  if (source?.kind === 'file') {
    out.token = { value: new Secret(await readTokenFile(io, source.path, source.via), 'token'), source };
  } else if (source?.kind === 'serviceaccount-mount') {
    out.token = { value: new Secret(await readServiceAccountToken(io, source.path), 'token'), source };
  } else if (source?.kind === 'secret') {
    if (!options.fetchSecretToken) {
      throw credentialsError(`--token-from-secret ${source.namespace}/${source.name} needs the API server to read the Secret, and no reader was given`);
    }
    const base = await materializeCredentials(io, { ...creds, token: baseTokens.get(creds) }, { ...options, fetchSecretToken: undefined });
    const value = await options.fetchSecretToken(source.namespace, source.name, base);
    if (!value)
      throw credentialsError(`Secret ${source.namespace}/${source.name} has an empty token`, 'name a ServiceAccount token Secret whose .data.token is filled');
    out.token = { value: new Secret(value, 'token'), source };
  }
  const wantsExec = source?.kind === 'exec' || creds.clientCert?.cert.source.kind === 'exec';
  if (creds.exec && wantsExec) {
    const from = source?.kind === 'exec' ? source : execSource(creds.userName ?? '', creds.exec);
    const result = await runExecPlugin(
      io,
      creds.exec,
      {
        server: creds.server.value,
        caData: creds.ca?.value,
        insecure: creds.insecureSkipTLSVerify,
        tlsServerName: creds.tlsServerName,
        proxyUrl: creds.proxyUrl,
        disableCompression: creds.disableCompression,
      },
      { cacheDir: options.cacheDir ? posix.join(options.cacheDir, 'kcurl-exec') : undefined },
    );
    out.token = result.token ? { value: result.token, source: from } : undefined;
    if (result.clientCertificateData && result.clientKeyData) {
      out.clientCert = { cert: { value: result.clientCertificateData, source: from }, key: { value: result.clientKeyData, source: from } };
    }
  }
  return out;
}
