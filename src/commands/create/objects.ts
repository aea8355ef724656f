// The objects kubectl create's generator sub-commands build (configmap, secret generic|tls|docker-registry,
// namespace, serviceaccount, deployment), field for field and in Go's struct order, so -o json and the body
// on the wire match kubectl's (pkg/cmd/create/create_*.go). Pure: files are read by the caller.
import { KcurlError } from '../../errors.js';

export type Obj = Record<string, unknown>;

/** Where a generated object is created: the API path parts of its resource. */
export interface GeneratedKind {
  kind: string;
  apiVersion: string;
  /** The lower-case resource name of the path and of `kind/name` output ("configmaps", "deployments"). */
  plural: string;
  /** The group of `kind.group/name` output ('' for core). */
  group: string;
  namespaced: boolean;
  /** The word of kubectl's "failed to create <word>: …" */
  what: string;
}

export const KINDS = {
  configmap: { kind: 'ConfigMap', apiVersion: 'v1', plural: 'configmaps', group: '', namespaced: true, what: 'configmap' },
  secret: { kind: 'Secret', apiVersion: 'v1', plural: 'secrets', group: '', namespaced: true, what: 'secret' },
  namespace: { kind: 'Namespace', apiVersion: 'v1', plural: 'namespaces', group: '', namespaced: false, what: 'namespace' },
  serviceaccount: { kind: 'ServiceAccount', apiVersion: 'v1', plural: 'serviceaccounts', group: '', namespaced: true, what: 'serviceaccount' },
  deployment: { kind: 'Deployment', apiVersion: 'apps/v1', plural: 'deployments', group: 'apps', namespaced: true, what: 'deployment' },
  pod: { kind: 'Pod', apiVersion: 'v1', plural: 'pods', group: '', namespaced: true, what: 'pod' },
  service: { kind: 'Service', apiVersion: 'v1', plural: 'services', group: '', namespaced: true, what: 'service' },
  job: { kind: 'Job', apiVersion: 'batch/v1', plural: 'jobs', group: 'batch', namespaced: true, what: 'job' },
  role: { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', plural: 'roles', group: 'rbac.authorization.k8s.io', namespaced: true, what: 'role' },
  clusterrole: {
    kind: 'ClusterRole',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    plural: 'clusterroles',
    group: 'rbac.authorization.k8s.io',
    namespaced: false,
    what: 'clusterrole',
  },
  rolebinding: {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    plural: 'rolebindings',
    group: 'rbac.authorization.k8s.io',
    namespaced: true,
    what: 'rolebinding',
  },
  clusterrolebinding: {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    plural: 'clusterrolebindings',
    group: 'rbac.authorization.k8s.io',
    namespaced: false,
    what: 'clusterrolebinding',
  },
} satisfies Record<string, GeneratedKind>;

const fail = (message: string) => new KcurlError('KCURL_USAGE', message);

/** ObjectMeta in Go's field order: name, namespace, creationTimestamp (null on a new object), labels. */
export function objectMeta(name: string, namespace: string | undefined, labels?: Record<string, string>): Obj {
  return { name, ...(namespace ? { namespace } : {}), creationTimestamp: null, ...(labels ? { labels } : {}) };
}

/** One key and its bytes, as the --from-* flags of configmap and secret produce them, in flag order. */
export interface DataEntry {
  key: string;
  value: Buffer;
}

// k8s.io/apimachinery validation.IsConfigMapKey
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

export function checkConfigMapKey(key: string): void {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_MAP_KEY.test(key))
    errs.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  if (errs.length) throw fail(`"${key}" is not a valid key name for a ${'ConfigMap'}: ${errs.join(';')}`);
}

// validation.IsEnvVarName
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** kubectl's --from-literal: KEY=VALUE split at the first '='. */
export function literalEntry(source: string): DataEntry {
  const eq = source.indexOf('=');
  if (eq <= 0) throw fail(`invalid literal source ${source}, expected key=value`);
  return { key: source.slice(0, eq), value: Buffer.from(source.slice(eq + 1), 'utf8') };
}

/** kubectl's --from-env-file lines (cmdutil/env_file.go): KEY=VALUE, blank lines and # comments skipped. */
export function envFileEntries(path: string, text: string, env: (name: string) => string | undefined): DataEntry[] {
  const out: DataEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!ENV_VAR_NAME.test(key)) {
      throw fail(
        `"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
      );
    }
    if (eq < 0) {
      // A bare KEY takes its value from the environment, and is left out when unset.
      const v = env(key);
      if (v !== undefined) out.push({ key, value: Buffer.from(v, 'utf8') });
      return;
    }
    void path;
    void i;
    out.push({ key, value: Buffer.from(line.slice(eq + 1), 'utf8') });
  });
  return out;
}

/** Adds entries in order, refusing a key given twice with kubectl's words. */
function addEntries(entries: DataEntry[], kind: 'ConfigMap' | 'Secret', name: string, add: (e: DataEntry) => void): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (kind === 'ConfigMap') checkConfigMapKey(e.key);
    else if (!CONFIG_MAP_KEY.test(e.key)) checkConfigMapKey(e.key);
    if (seen.has(e.key))
      throw fail(`cannot add key "${e.key}", another key by that name already exists in ${kind === 'ConfigMap' ? 'Data' : 'data'} for ${kind} "${name}"`);
    seen.add(e.key);
    add(e);
  }
}

const isUtf8 = (b: Buffer) => Buffer.from(b.toString('utf8'), 'utf8').equals(b);

/** Go maps are printed and encoded with sorted keys. */
const sorted = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function configMap(name: string, namespace: string | undefined, entries: DataEntry[]): Obj {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  addEntries(entries, 'ConfigMap', name, (e) => {
    if (isUtf8(e.value)) data[e.key] = e.value.toString('utf8');
    else binaryData[e.key] = e.value.toString('base64');
  });
  return {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: objectMeta(name, namespace),
    ...(Object.keys(data).length ? { data: sorted(data) } : {}),
    ...(Object.keys(binaryData).length ? { binaryData: sorted(binaryData) } : {}),
  };
}

export function secret(name: string, namespace: string | undefined, entries: DataEntry[], type: string): Obj {
  const data: Record<string, string> = {};
  addEntries(entries, 'Secret', name, (e) => {
    data[e.key] = e.value.toString('base64');
  });
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: objectMeta(name, namespace),
    ...(Object.keys(data).length ? { data: sorted(data) } : {}),
    ...(type ? { type } : {}),
  };
}

export function tlsSecret(name: string, namespace: string | undefined, cert: Buffer, key: Buffer): Obj {
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: objectMeta(name, namespace),
    data: { 'tls.crt': cert.toString('base64'), 'tls.key': key.toString('base64') },
    type: 'kubernetes.io/tls',
  };
}

export function dockerRegistrySecret(
  name: string,
  namespace: string | undefined,
  o: { server: string; username: string; password: string; email: string },
): Obj {
  // kubectl's DockerConfigEntry: username, password, email, auth (each omitempty), under auths.<server>.
  const entry: Record<string, string> = {};
  if (o.username) entry.username = o.username;
  if (o.password) entry.password = o.password;
  if (o.email) entry.email = o.email;
  const auth = Buffer.from(`${o.username}:${o.password}`, 'utf8').toString('base64');
  if (auth) entry.auth = auth;
  const config = JSON.stringify({ auths: { [o.server]: entry } });
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: objectMeta(name, namespace),
    data: { '.dockerconfigjson': Buffer.from(config, 'utf8').toString('base64') },
    type: 'kubernetes.io/dockerconfigjson',
  };
}

export function namespaceObject(name: string): Obj {
  return { kind: 'Namespace', apiVersion: 'v1', metadata: objectMeta(name, undefined), spec: {}, status: {} };
}

export function serviceAccount(name: string, namespace: string | undefined): Obj {
  return { kind: 'ServiceAccount', apiVersion: 'v1', metadata: objectMeta(name, namespace) };
}

/** The container name kubectl derives from an image: its last path part without tag or digest, '_' as '-'. */
export function containerName(image: string): string {
  let name = image.split('/').pop() ?? image;
  if (name.includes(':')) name = name.split(':')[0];
  if (name.includes('@')) name = name.split('@')[0];
  return name.replace(/_/g, '-');
}

export function deployment(name: string, namespace: string | undefined, o: { images: string[]; replicas: number; port: number; command: string[] }): Obj {
  const labels = { app: name };
  const names = new Set<string>();
  const containers = o.images.map((image) => {
    const cname = containerName(image);
    if (names.has(cname)) {
      throw fail(`two images would be named "${cname}" in the pod (kubectl adds a random suffix to the second); create the deployment from a manifest instead`);
    }
    names.add(cname);
    return {
      name: cname,
      image,
      ...(o.command.length ? { command: o.command } : {}),
      ...(o.port >= 0 && o.images.length === 1 ? { ports: [{ containerPort: o.port }] } : {}),
      resources: {},
    };
  });
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: objectMeta(name, namespace, labels),
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: labels },
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
      strategy: {},
    },
    status: {},
  };
}

/** kubectl create job NAME --image=IMAGE [-- COMMAND]: one container named after the job, restartPolicy Never. */
export function job(name: string, namespace: string | undefined, o: { image: string; command: string[] }): Obj {
  const container = { name, image: o.image, ...(o.command.length ? { command: o.command } : {}), resources: {} };
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: objectMeta(name, namespace),
    spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container], restartPolicy: 'Never' } } },
    status: {},
  };
}

/** kubectl create service clusterip|nodeport: --tcp=PORT[:TARGET] ports named PORT-TARGET, selector app=NAME. */
export function service(
  name: string,
  namespace: string | undefined,
  o: { type: 'ClusterIP' | 'NodePort'; tcp: string[]; clusterIP?: string; nodePort: number },
): Obj {
  const ports = o.tcp.map((spec) => {
    const [p, target = p] = spec.split(':');
    if (!/^\d+$/.test(p)) throw fail(`strconv.Atoi: parsing "${p}": invalid syntax`);
    const port = Number(p);
    const targetPort = /^\d+$/.test(target) ? Number(target) : target;
    return {
      name: spec.includes(':') ? `${p}-${target}` : p,
      protocol: 'TCP',
      port,
      targetPort,
      ...(o.type === 'NodePort' && o.nodePort > 0 ? { nodePort: o.nodePort } : {}),
    };
  });
  const labels = { app: name };
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: objectMeta(name, namespace, labels),
    spec: { ...(ports.length ? { ports } : {}), selector: labels, ...(o.clusterIP ? { clusterIP: o.clusterIP } : {}), type: o.type },
    status: { loadBalancer: {} },
  };
}
