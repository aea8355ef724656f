// Runs a kubeconfig exec credential plugin the way client-go does (plugin/pkg/client/auth/exec):
// KUBERNETES_EXEC_INFO in, an ExecCredential on stdout out. Results are kept for the rest of the process,
// and on disk (mode 0600) until their expirationTimestamp so the next kcurl run need not run the plugin again.
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { credentialsError } from '../errors.js';
import type { Io } from '../io.js';
import type { ExecConfig } from './credentials-types.js';
import { Secret } from './secret.js';

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;

/** What the plugin is told about the cluster when provideClusterInfo is set (client-go rest.ConfigToExecCluster). */
export interface ExecClusterInfo {
  server: string;
  caData?: Uint8Array;
  insecure: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  disableCompression?: boolean;
}

export interface ExecResult {
  token?: Secret;
  clientCertificateData?: Uint8Array;
  clientKeyData?: Secret<Uint8Array>;
  expirationTimestamp?: string;
}

/**
 * The KUBERNETES_EXEC_INFO value, byte for byte as client-go encodes it: field order, omitempty,
 * "config":null, and the trailing newline of the apimachinery JSON encoder (verified with kubectl 1.32).
 */
export function execInfo(exec: ExecConfig, cluster: ExecClusterInfo): string {
  const spec: Record<string, unknown> = {};
  if (exec.provideClusterInfo) {
    const c: Record<string, unknown> = { server: cluster.server };
    if (cluster.tlsServerName) c['tls-server-name'] = cluster.tlsServerName;
    if (cluster.insecure) c['insecure-skip-tls-verify'] = true;
    if (cluster.caData && cluster.caData.length > 0) c['certificate-authority-data'] = Buffer.from(cluster.caData).toString('base64');
    if (cluster.proxyUrl) c['proxy-url'] = cluster.proxyUrl;
    if (cluster.disableCompression) c['disable-compression'] = true;
    c.config = null;
    spec.cluster = c;
  }
  spec.interactive = false;
  return JSON.stringify({ kind: 'ExecCredential', apiVersion: exec.apiVersion, spec }) + '\n';
}

/** The cache key: a sha256 over everything that could change the credential the plugin prints. */
export function execCacheKey(exec: ExecConfig, cluster: ExecClusterInfo): string {
  const material = JSON.stringify([exec.apiVersion, exec.command, exec.args, exec.env, cluster.server]);
  return createHash('sha256').update(material).digest('hex');
}

interface Cached {
  result: ExecResult;
  expiresAt?: number;
}

// Per-process memory: one entry per Io (a process has one; each testIo is its own "process").
const memory = new WeakMap<Io, Map<string, Cached>>();

function fresh(entry: Cached, io: Io): boolean {
  // client-go credsExpired: only an expiry in the past invalidates (no expiry = valid for the process).
  return entry.expiresAt === undefined || io.now().getTime() < entry.expiresAt;
}

/**
 * The plugin's credential: from this process's memory, else from the disk cache if not expired, else by
 * running the plugin. Every failure is one line naming the plugin.
 */
export async function runExecPlugin(io: Io, exec: ExecConfig, cluster: ExecClusterInfo, opts: { cacheDir?: string } = {}): Promise<ExecResult> {
  if (!(EXEC_API_VERSIONS as readonly string[]).includes(exec.apiVersion)) {
    throw credentialsError(`exec plugin: invalid apiVersion "${exec.apiVersion}"`, `use ${EXEC_API_VERSIONS.join(' or ')}`);
  }
  const key = execCacheKey(exec, cluster);
  let mem = memory.get(io);
  if (!mem) memory.set(io, (mem = new Map()));
  const inMemory = mem.get(key);
  if (inMemory && fresh(inMemory, io)) return inMemory.result;

  const cacheDir = opts.cacheDir ?? posix.join(io.homedir, '.kube', 'cache', 'kcurl-exec');
  const cacheFile = posix.join(cacheDir, `${key}.json`);
  const fromDisk = await readCache(io, exec, cacheFile);
  if (fromDisk && fromDisk.expiresAt !== undefined && fresh(fromDisk, io)) {
    mem.set(key, fromDisk);
    return fromDisk.result;
  }

  const { entry, stdout } = await invoke(io, exec, cluster);
  mem.set(key, entry);
  if (entry.expiresAt !== undefined && fresh(entry, io)) await writeCache(io, cacheDir, cacheFile, stdout);
  return entry.result;
}

async function invoke(io: Io, exec: ExecConfig, cluster: ExecClusterInfo): Promise<{ entry: Cached; stdout: string }> {
  const name = exec.command;
  if (exec.interactiveMode === 'Always') {
    throw credentialsError(
      `exec plugin: ${name} needs an interactive terminal (interactiveMode: Always), and kcurl runs plugins without one`,
      'run a kubectl command once so the plugin can cache its login, or set interactiveMode: IfAvailable',
    );
  }
  const env: Record<string, string | undefined> = { ...io.env };
  for (const e of exec.env) env[e.name] = e.value;
  env.KUBERNETES_EXEC_INFO = execInfo(exec, cluster);
  // A person at a terminal sees the plugin's own messages (device-code logins print there) as kubectl shows them.
  const inheritStderr = io.isStderrTTY;
  const res = await io.run(name, [...exec.args], { env, inheritStderr });
  if (res.spawnError) {
    const code = res.spawnError.code;
    if (code === 'ENOENT') {
      const hint = exec.installHint
        ? exec.installHint.replace(/\s+/g, ' ').trim()
        : 'install the credential plugin, or fix exec.command in the kubeconfig user';
      throw credentialsError(`exec plugin: executable ${name} not found`, hint);
    }
    if (code === 'EACCES') throw credentialsError(`exec plugin: executable ${name} cannot be run: permission denied`, `chmod +x ${name}`);
    throw credentialsError(`exec plugin: executable ${name} could not be started: ${res.spawnError.message}`);
  }
  if (res.code !== 0) {
    const how = res.signal ? `was killed by signal ${res.signal}` : `failed with exit code ${res.code}`;
    const firstLine = res.stderr
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim();
    throw credentialsError(`exec plugin: executable ${name} ${how}${firstLine ? `: ${firstLine}` : inheritStderr ? ' (its messages are above)' : ''}`);
  }
  if (!inheritStderr && res.stderr) io.stderr.write(res.stderr);
  const entry = parseExecCredential(res.stdout, exec, name);
  return { entry, stdout: res.stdout };
}

/** Decodes and checks the plugin's stdout (client-go exec.go refreshCredsLocked). */
function parseExecCredential(stdout: string, exec: ExecConfig, name: string): Cached {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    const shown = stdout.trim().split('\n')[0].slice(0, 60);
    throw credentialsError(`exec plugin: ${name} printed invalid JSON on stdout${shown ? ` ("${shown}")` : ' (nothing)'}; expected an ExecCredential`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw credentialsError(`exec plugin: ${name} printed JSON that is not an ExecCredential object`);
  }
  const cred = parsed as { kind?: unknown; apiVersion?: unknown; status?: unknown };
  if (cred.kind !== 'ExecCredential') {
    throw credentialsError(`exec plugin: ${name} returned kind ${JSON.stringify(cred.kind ?? '')}, expected ExecCredential`);
  }
  if (cred.apiVersion !== exec.apiVersion) {
    throw credentialsError(
      `exec plugin: ${name} is configured to use API version ${exec.apiVersion}, plugin returned version ${String(cred.apiVersion ?? '')}`,
      'set exec.apiVersion in the kubeconfig user to the version the plugin speaks',
    );
  }
  if (cred.status === null || typeof cred.status !== 'object') throw credentialsError(`exec plugin: ${name} didn't return a status field`);
  const status = cred.status as Record<string, unknown>;
  for (const field of ['token', 'clientCertificateData', 'clientKeyData', 'expirationTimestamp']) {
    if (status[field] !== undefined && status[field] !== null && typeof status[field] !== 'string') {
      throw credentialsError(`exec plugin: ${name} returned a status.${field} that is not a string`);
    }
  }
  const token = (status.token as string | undefined) || undefined;
  const cert = (status.clientCertificateData as string | undefined) || undefined;
  const key = (status.clientKeyData as string | undefined) || undefined;
  const expirationTimestamp = (status.expirationTimestamp as string | undefined) || undefined;
  if (!token && !cert && !key) throw credentialsError(`exec plugin: ${name} didn't return a token or cert/key pair`);
  if (!cert !== !key) throw credentialsError(`exec plugin: ${name} returned only certificate or private key, not both`);
  let expiresAt: number | undefined;
  if (expirationTimestamp !== undefined) {
    expiresAt = Date.parse(expirationTimestamp);
    if (!/^\d{4}-\d\d-\d\dT/.test(expirationTimestamp) || Number.isNaN(expiresAt)) {
      throw credentialsError(`exec plugin: ${name} returned status.expirationTimestamp "${expirationTimestamp}", which is not an RFC 3339 time`);
    }
  }
  return {
    expiresAt,
    result: {
      token: token === undefined ? undefined : new Secret(token, 'exec plugin token'),
      // ExecCredential carries PEM text (not base64) in these two fields.
      clientCertificateData: cert === undefined ? undefined : new Uint8Array(Buffer.from(cert, 'utf8')),
      clientKeyData: key === undefined ? undefined : new Secret(new Uint8Array(Buffer.from(key, 'utf8')), 'exec plugin client key'),
      expirationTimestamp,
    },
  };
}

async function readCache(io: Io, exec: ExecConfig, file: string): Promise<Cached | undefined> {
  try {
    const text = (await io.readFile(file)).toString('utf8');
    return parseExecCredential(text, exec, exec.command);
  } catch {
    return undefined; // absent or unusable: run the plugin
  }
}

async function writeCache(io: Io, dir: string, file: string, stdout: string): Promise<void> {
  // Written whole to a private temporary file, then renamed, so a reader never sees half an entry.
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await io.mkdir(dir);
    await io.writeFile(tmp, stdout, 0o600);
    await io.rename(tmp, file);
  } catch {
    // The cache only saves a plugin run; a read-only home directory must not fail the command.
  }
}
