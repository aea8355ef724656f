// Kubeconfig files as readonly typed records: reading them (KUBECONFIG list, --kubeconfig, ~/.kube/config),
// parsing with errors that name the file, line:column and field path, and merging them the way client-go does.
import { posix } from 'node:path';
import { configError } from '../errors.js';
import type { Io } from '../io.js';
import { readPlainYaml } from './kubeconfig-plain.js';
import { Secret } from './secret.js';

export interface ClusterEntry {
  readonly server?: string;
  /** Absolute path (relative paths are resolved against the kubeconfig's directory). */
  readonly certificateAuthority?: string;
  readonly certificateAuthorityData?: Uint8Array;
  readonly insecureSkipTlsVerify: boolean;
  readonly tlsServerName?: string;
  readonly proxyUrl?: string;
  readonly disableCompression: boolean;
}

export interface ExecEntry {
  readonly apiVersion?: string;
  /** Resolved against the kubeconfig's directory when it contains a '/'; otherwise looked up in PATH. */
  readonly command?: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly provideClusterInfo: boolean;
  /** Defaulted to IfAvailable for v1beta1 (client-go SetDefaults_ExecConfig); required for v1. */
  readonly interactiveMode?: string;
  readonly installHint?: string;
}

export interface UserEntry {
  readonly clientCertificate?: string;
  readonly clientCertificateData?: Uint8Array;
  readonly clientKey?: string;
  readonly clientKeyData?: Secret<Uint8Array>;
  readonly token?: Secret;
  readonly tokenFile?: string;
  readonly as?: string;
  readonly asUid?: string;
  readonly asGroups: readonly string[];
  readonly asUserExtra: Readonly<Record<string, readonly string[]>>;
  readonly username?: string;
  readonly password?: Secret;
  readonly authProvider?: { readonly name: string };
  readonly exec?: ExecEntry;
}

export interface ContextEntry {
  readonly cluster?: string;
  readonly user?: string;
  readonly namespace?: string;
}

export interface KubeconfigFile {
  /** Absolute path of the file. */
  readonly path: string;
  readonly dir: string;
  readonly raw: {
    readonly currentContext?: string;
    readonly clusters: readonly { readonly name: string; readonly cluster: ClusterEntry }[];
    readonly users: readonly { readonly name: string; readonly user: UserEntry }[];
    readonly contexts: readonly { readonly name: string; readonly context: ContextEntry }[];
  };
}

export interface MergedKubeconfig {
  /** The files that were read, in precedence order. */
  readonly files: readonly string[];
  readonly currentContext?: { readonly value: string; readonly file: string };
  /** index: position of the entry in its file's list (for paths like users[2].user.token). */
  readonly clusters: ReadonlyMap<string, { readonly cluster: ClusterEntry; readonly file: string; readonly index: number }>;
  readonly users: ReadonlyMap<string, { readonly user: UserEntry; readonly file: string; readonly index: number }>;
  readonly contexts: ReadonlyMap<string, { readonly context: ContextEntry; readonly file: string; readonly index: number }>;
}

/** Where kubectl looks when neither --kubeconfig nor KUBECONFIG is set. */
export function defaultKubeconfigPath(io: Io): string {
  return posix.join(io.homedir, '.kube', 'config');
}

/**
 * Reads the kubeconfig files kubectl would read (client-go loader.go): --kubeconfig alone (it must exist),
 * else every file of the `:`-separated KUBECONFIG (de-duplicated, missing ones skipped), else ~/.kube/config.
 */
export async function loadKubeconfig(io: Io, flags: { kubeconfig?: string }): Promise<MergedKubeconfig> {
  const files: KubeconfigFile[] = [];
  if (flags.kubeconfig) {
    const path = posix.resolve(io.cwd, flags.kubeconfig);
    const text = await readConfigText(io, path);
    if (text === undefined) {
      throw configError(`kubeconfig "${path}" (--kubeconfig) does not exist`, 'check the path, or drop --kubeconfig to use KUBECONFIG or ~/.kube/config');
    }
    files.push(await parseKubeconfig(path, text));
    return mergeKubeconfigs(files);
  }
  const env = io.env.KUBECONFIG;
  const candidates = env ? env.split(':').filter((p) => p !== '') : [defaultKubeconfigPath(io)];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const path = posix.resolve(io.cwd, candidate);
    if (seen.has(path)) continue;
    seen.add(path);
    const text = await readConfigText(io, path);
    if (text !== undefined) files.push(await parseKubeconfig(path, text));
  }
  return mergeKubeconfigs(files);
}

/** The file's text, or undefined when it does not exist; any other read failure is an error. */
async function readConfigText(io: Io, path: string): Promise<string | undefined> {
  try {
    return (await io.readFile(path)).toString('utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
    throw configError(`error loading config file "${path}": ${describeFsError(err)}`);
  }
}

/** "no such file or directory" and friends, as Go's os errors word them. */
export function describeFsError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return err.message;
  }
}

/**
 * client-go's merge (loader.go Load): for clusters, users and contexts the first file that defines a name
 * wins with its whole entry (later files' fields for that name are dropped); the first non-empty
 * current-context wins. Pure.
 */
export function mergeKubeconfigs(files: readonly KubeconfigFile[]): MergedKubeconfig {
  const clusters = new Map<string, { cluster: ClusterEntry; file: string; index: number }>();
  const users = new Map<string, { user: UserEntry; file: string; index: number }>();
  const contexts = new Map<string, { context: ContextEntry; file: string; index: number }>();
  let currentContext: { value: string; file: string } | undefined;
  for (const f of files) {
    if (!currentContext && f.raw.currentContext) currentContext = { value: f.raw.currentContext, file: f.path };
    f.raw.clusters.forEach((e, index) => {
      if (!clusters.has(e.name)) clusters.set(e.name, { cluster: e.cluster, file: f.path, index });
    });
    f.raw.users.forEach((e, index) => {
      if (!users.has(e.name)) users.set(e.name, { user: e.user, file: f.path, index });
    });
    f.raw.contexts.forEach((e, index) => {
      if (!contexts.has(e.name)) contexts.set(e.name, { context: e.context, file: f.path, index });
    });
  }
  return { files: files.map((f) => f.path), currentContext, clusters, users, contexts };
}

type Path = (string | number)[];

function pathText(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number' || typeof v === 'bigint') return 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return `a ${typeof v}`;
}

/**
 * Parses one kubeconfig. YAML 1.1, like the Go parser (so `yes`/`no` are booleans). Every error is one
 * line naming the file, line:column and the field path. Relative file references are resolved against
 * the file's directory (client-go ResolveLocalPaths), so `path` should be absolute.
 *
 * The block YAML kubectl writes is read by src/kube/kubeconfig-plain.ts; any other text, and any text with an
 * error to report (positions come from the parsed document), goes through the `yaml` package, loaded then.
 */
export async function parseKubeconfig(path: string, text: string): Promise<KubeconfigFile> {
  const dir = posix.dirname(path);
  const prefix = `error loading config file "${path}"`;
  const plain = readPlainYaml(text);
  if (plain !== undefined) {
    try {
      return readKubeconfig(path, dir, plain, new Reader(NEEDS_POSITIONS, prefix, dir));
    } catch (e) {
      if (e !== NEEDS_POSITIONS) throw e;
    }
  }
  const { parseKubeconfigYaml } = await import('./kubeconfig-yaml.js');
  const { top, where } = parseKubeconfigYaml(text, prefix, path);
  return readKubeconfig(path, dir, top, new Reader(where, prefix, dir));
}

/** Thrown by a Reader without a parsed document when it has an error to report: the caller parses again with positions. */
const NEEDS_POSITIONS = () => {
  throw NEEDS_POSITIONS;
};

/** The typed records of a document's plain value. */
function readKubeconfig(path: string, dir: string, top: unknown, reader: Reader): KubeconfigFile {
  const prefix = reader.prefix;
  if (top === null || top === undefined) return { path, dir, raw: { clusters: [], users: [], contexts: [] } };
  if (typeof top !== 'object' || Array.isArray(top)) {
    throw configError(`${prefix}: ${reader.where([])}the file is ${typeName(top)}, not a kubeconfig mapping (apiVersion: v1, kind: Config)`);
  }
  const obj = top as Record<string, unknown>;
  const kind = reader.str(obj, [], 'kind');
  const apiVersion = reader.str(obj, [], 'apiVersion');
  // The Go decoder refuses documents of another kind or version ("no kind "Pod" is registered for version "v1"").
  if ((kind !== undefined && kind !== 'Config') || (apiVersion !== undefined && apiVersion !== 'v1')) {
    throw configError(
      `${prefix}: ${reader.where(['kind'])}kind "${kind ?? ''}" apiVersion "${apiVersion ?? ''}" is not a kubeconfig`,
      'a kubeconfig has apiVersion: v1 and kind: Config',
    );
  }
  const raw = {
    currentContext: reader.str(obj, [], 'current-context'),
    clusters: reader.namedList(obj, 'clusters', 'cluster', (v, p) => reader.cluster(v, p)),
    users: reader.namedList(obj, 'users', 'user', (v, p) => reader.user(v, p)),
    contexts: reader.namedList(obj, 'contexts', 'context', (v, p) => reader.context(v, p)),
  };
  return {
    path,
    dir,
    raw: {
      currentContext: raw.currentContext,
      clusters: raw.clusters.map(([name, cluster]) => ({ name, cluster })),
      users: raw.users.map(([name, user]) => ({ name, user })),
      contexts: raw.contexts.map(([name, context]) => ({ name, context })),
    },
  };
}

/** Typed access to the plain value of a document; `where` gives the position of a field path for error lines. */
class Reader {
  constructor(
    readonly where: (path: Path) => string,
    readonly prefix: string,
    private readonly dir: string,
  ) {}

  fail(path: Path, message: string, hint?: string): never {
    throw configError(`${this.prefix}: ${this.where(path)}${message}`, hint);
  }

  private typed<T>(obj: Record<string, unknown>, base: Path, key: string, want: string, ok: (v: unknown) => v is T, hint?: string): T | undefined {
    const v = obj[key];
    if (v === null || v === undefined) return undefined;
    if (!ok(v)) this.fail([...base, key], `${pathText([...base, key])} must be ${want}, not ${typeName(v)}`, hint);
    return v;
  }

  /** A string field; empty means unset (client-go tests len() > 0 everywhere). */
  str(obj: Record<string, unknown>, base: Path, key: string): string | undefined {
    const v = this.typed(obj, base, key, 'a string', (x): x is string => typeof x === 'string', 'quote the value');
    return v === '' ? undefined : v;
  }

  bool(obj: Record<string, unknown>, base: Path, key: string): boolean {
    return this.typed(obj, base, key, 'true or false', (x): x is boolean => typeof x === 'boolean') ?? false;
  }

  mapping(obj: Record<string, unknown>, base: Path, key: string): Record<string, unknown> {
    return (
      this.typed(obj, base, key, 'a mapping', (x): x is Record<string, unknown> => typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date)) ?? {}
    );
  }

  list(obj: Record<string, unknown>, base: Path, key: string): unknown[] {
    return this.typed(obj, base, key, 'a list', (x): x is unknown[] => Array.isArray(x)) ?? [];
  }

  strings(obj: Record<string, unknown>, base: Path, key: string): string[] {
    return this.list(obj, base, key).map((v, i) => {
      if (typeof v !== 'string') this.fail([...base, key, i], `${pathText([...base, key, i])} must be a string, not ${typeName(v)}`, 'quote the value');
      return v;
    });
  }

  /** A []byte field: standard base64 with padding; line breaks are ignored as Go's decoder does. */
  bytes(obj: Record<string, unknown>, base: Path, key: string): Uint8Array | undefined {
    const v = this.str(obj, base, key);
    if (v === undefined) return undefined;
    const compact = v.replace(/[\r\n]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
      this.fail([...base, key], `${pathText([...base, key])} is not valid base64`, 'the *-data fields hold base64 of the PEM file (base64 -w0 FILE)');
    }
    const bytes = Buffer.from(compact, 'base64');
    return bytes.length === 0 ? undefined : new Uint8Array(bytes);
  }

  /** A file reference, resolved against the kubeconfig's directory. */
  file(obj: Record<string, unknown>, base: Path, key: string): string | undefined {
    const v = this.str(obj, base, key);
    return v === undefined ? undefined : posix.resolve(this.dir, v);
  }

  /** clusters: [{name, cluster: {...}}] → [name, entry][]; names must be unique within a file (as in Go). */
  namedList<T>(obj: Record<string, unknown>, key: string, inner: string, read: (v: Record<string, unknown>, p: Path) => T): [string, T][] {
    const seen = new Set<string>();
    return this.list(obj, [], key).map((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        this.fail([key, i], `${key}[${i}] must be a mapping with name and ${inner}, not ${typeName(item)}`);
      }
      const rec = item as Record<string, unknown>;
      const name = this.typed(rec, [key, i], 'name', 'a string', (x): x is string => typeof x === 'string', 'quote the value') ?? '';
      if (seen.has(name)) this.fail([key, i, 'name'], `duplicate name "${name}" in ${key}`, `rename or remove one of the ${key} entries named "${name}"`);
      seen.add(name);
      return [name, read(this.mapping(rec, [key, i], inner), [key, i, inner])];
    });
  }

  cluster(v: Record<string, unknown>, p: Path): ClusterEntry {
    return {
      server: this.str(v, p, 'server'),
      certificateAuthority: this.file(v, p, 'certificate-authority'),
      certificateAuthorityData: this.bytes(v, p, 'certificate-authority-data'),
      insecureSkipTlsVerify: this.bool(v, p, 'insecure-skip-tls-verify'),
      tlsServerName: this.str(v, p, 'tls-server-name'),
      proxyUrl: this.str(v, p, 'proxy-url'),
      disableCompression: this.bool(v, p, 'disable-compression'),
    };
  }

  context(v: Record<string, unknown>, p: Path): ContextEntry {
    return { cluster: this.str(v, p, 'cluster'), user: this.str(v, p, 'user'), namespace: this.str(v, p, 'namespace') };
  }

  user(v: Record<string, unknown>, p: Path): UserEntry {
    const token = this.str(v, p, 'token');
    const password = this.str(v, p, 'password');
    const keyData = this.bytes(v, p, 'client-key-data');
    const extraRaw = this.mapping(v, p, 'as-user-extra');
    const asUserExtra: Record<string, string[]> = {};
    for (const k of Object.keys(extraRaw)) asUserExtra[k] = this.strings(extraRaw, [...p, 'as-user-extra'], k);
    const provider = v['auth-provider'] === null || v['auth-provider'] === undefined ? undefined : this.mapping(v, p, 'auth-provider');
    const execRaw = v.exec === null || v.exec === undefined ? undefined : this.mapping(v, p, 'exec');
    return {
      clientCertificate: this.file(v, p, 'client-certificate'),
      clientCertificateData: this.bytes(v, p, 'client-certificate-data'),
      clientKey: this.file(v, p, 'client-key'),
      clientKeyData: keyData && new Secret(keyData, 'client key'),
      token: token === undefined ? undefined : new Secret(token, 'token'),
      tokenFile: this.file(v, p, 'tokenFile'),
      as: this.str(v, p, 'as'),
      asUid: this.str(v, p, 'as-uid'),
      asGroups: this.strings(v, p, 'as-groups'),
      asUserExtra,
      username: this.str(v, p, 'username'),
      password: password === undefined ? undefined : new Secret(password, 'password'),
      authProvider: provider && { name: this.str(provider, [...p, 'auth-provider'], 'name') ?? '' },
      exec: execRaw && this.exec(execRaw, [...p, 'exec']),
    };
  }

  exec(v: Record<string, unknown>, p: Path): ExecEntry {
    const apiVersion = this.str(v, p, 'apiVersion');
    const rawCommand = this.str(v, p, 'command');
    const env = this.list(v, p, 'env').map((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        this.fail([...p, 'env', i], `${pathText([...p, 'env', i])} must be a mapping with name and value, not ${typeName(item)}`);
      }
      const rec = item as Record<string, unknown>;
      const name = this.typed(rec, [...p, 'env', i], 'name', 'a string', (x): x is string => typeof x === 'string', 'quote the value') ?? '';
      const value = this.typed(rec, [...p, 'env', i], 'value', 'a string', (x): x is string => typeof x === 'string', 'quote the value') ?? '';
      return { name, value };
    });
    let interactiveMode = this.str(v, p, 'interactiveMode');
    // client-go SetDefaults_ExecConfig: only the older API versions default the mode.
    if (interactiveMode === undefined && (apiVersion === 'client.authentication.k8s.io/v1beta1' || apiVersion === 'client.authentication.k8s.io/v1alpha1')) {
      interactiveMode = 'IfAvailable';
    }
    return {
      apiVersion,
      // client-go GetAuthInfoFileReferences: the command is a file reference only when it contains a separator.
      command: rawCommand?.includes('/') ? posix.resolve(this.dir, rawCommand) : rawCommand,
      args: this.strings(v, p, 'args'),
      env,
      provideClusterInfo: this.bool(v, p, 'provideClusterInfo'),
      interactiveMode,
      installHint: this.str(v, p, 'installHint'),
    };
  }
}
