// The in-pod serviceaccount mount as client-go reads it (rest.InClusterConfig, clientcmd inClusterClientConfig):
// https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT, the mounted token (re-read, it rotates),
// ca.crt, and the namespace from $POD_NAMESPACE or the mount.
import { posix } from 'node:path';
import { credentialsError } from '../errors.js';
import type { Io } from '../io.js';
import type { Sourced } from './credentials-types.js';
import { describeFsError } from './kubeconfig.js';

export const DEFAULT_SERVICEACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The mount directory: $KCURL_SERVICEACCOUNT_DIR (for workshops and tests) or the standard path. */
export function serviceAccountDir(io: Io): string {
  return io.env.KCURL_SERVICEACCOUNT_DIR || DEFAULT_SERVICEACCOUNT_DIR;
}

export interface InClusterConfig {
  server: Sourced<string>;
  /** The token file (its content is read again whenever credentials are materialised). */
  tokenPath: string;
  token: string;
  ca?: Sourced<Uint8Array>;
  namespace: Sourced<string>;
}

const NOT_IN_CLUSTER = 'unable to load in-cluster configuration';

/**
 * The in-cluster configuration, or undefined when it is not possible (client-go `Possible()`: both
 * service variables set and the token file present). With `required` (--in-cluster) every missing
 * piece is an error instead.
 */
export async function readInClusterConfig(io: Io, options: { required: boolean }): Promise<InClusterConfig | undefined> {
  const dir = serviceAccountDir(io);
  const host = io.env.KUBERNETES_SERVICE_HOST;
  const port = io.env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    if (!options.required) return undefined;
    throw credentialsError(
      `${NOT_IN_CLUSTER}: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined (--in-cluster)`,
      'run inside a pod, or drop --in-cluster to use a kubeconfig',
    );
  }
  const tokenPath = posix.join(dir, 'token');
  const stat = await io.stat(tokenPath);
  if (!stat?.isFile) {
    if (!options.required) return undefined;
    throw credentialsError(
      `${NOT_IN_CLUSTER}: serviceaccount token "${tokenPath}": ${stat ? 'is a directory' : 'no such file or directory'} (--in-cluster)`,
      'the pod needs automountServiceAccountToken, or set KCURL_SERVICEACCOUNT_DIR to the mount',
    );
  }
  const token = await readServiceAccountToken(io, tokenPath);
  return {
    server: { value: `https://${joinHostPort(host, port)}`, source: { kind: 'service-env' } },
    tokenPath,
    token,
    ca: await readCa(io, posix.join(dir, 'ca.crt')),
    namespace: await inClusterNamespace(io, dir),
  };
}

/** Go's net.JoinHostPort: IPv6 literals go in brackets. */
export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The mounted token, trimmed as client-go's file token source does; empty or unreadable is an error. */
export async function readServiceAccountToken(io: Io, path: string): Promise<string> {
  let text: string;
  try {
    text = (await io.readFile(path)).toString('utf8').trim();
  } catch (e) {
    throw credentialsError(`serviceaccount token "${path}": ${describeFsError(e as NodeJS.ErrnoException)}`);
  }
  if (text === '') throw credentialsError(`serviceaccount token "${path}" is empty`, 'the kubelet writes it when the pod starts; check the volume mount');
  return text;
}

/** ca.crt when present and PEM (client-go skips a CA file that does not parse and uses the system roots). */
async function readCa(io: Io, path: string): Promise<Sourced<Uint8Array> | undefined> {
  try {
    const data = await io.readFile(path);
    if (!data.toString('utf8').includes('-----BEGIN CERTIFICATE-----')) return undefined;
    return { value: new Uint8Array(data), source: { kind: 'serviceaccount-mount', path } };
  } catch {
    return undefined;
  }
}

/** clientcmd inClusterClientConfig.Namespace: $POD_NAMESPACE, else the mount's namespace file, else "default". */
async function inClusterNamespace(io: Io, dir: string): Promise<Sourced<string>> {
  const env = io.env.POD_NAMESPACE;
  if (env) return { value: env, source: { kind: 'env', name: 'POD_NAMESPACE' } };
  const path = posix.join(dir, 'namespace');
  try {
    const ns = (await io.readFile(path)).toString('utf8').trim();
    if (ns) return { value: ns, source: { kind: 'serviceaccount-mount', path } };
  } catch {
    // no namespace file: fall through to the default
  }
  return { value: 'default', source: { kind: 'default' } };
}
