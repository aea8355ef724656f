// kcurl create configmap|secret generic|tls|docker-registry|namespace|serviceaccount|deployment: build the object
// kubectl's generator builds (objects.ts), then print it (--dry-run=client) or POST it (fieldManager=kubectl-create,
// fieldValidation=Strict) as kubectl's typed client does. kubectl sends these bodies as protobuf; kcurl sends JSON.
import { ApiStatusError, KcurlError, kubectlUsageError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { parseStatus } from '../../http/status.js';
import { printObjects } from '../../output/json-yaml.js';
import { type RequestPlan, bodyStep, pathSegment } from '../../plan/request-plan.js';
import { runPlan } from '../../plan/run-plan.js';
import { withTypedLastApplied } from '../apply/client-side.js';
import { type DryRun, dryRunSuffix, parseDryRun, parseValidate, warnBareDryRun, writeQuery } from '../apply/objects.js';
import { binding, clusterRole, type ResourceMapper, role } from './rbac.js';
import { resourceFor } from '../../kube/resources.js';
import type {
  CreateBindingFlags,
  CreateConfigMapFlags,
  CreateRoleFlags,
  CreateDeploymentFlags,
  CreateGeneratedFlags,
  CreateSecretDockerFlags,
  CreateSecretGenericFlags,
  CreateSecretTlsFlags,
} from './flags.js';
import {
  type DataEntry,
  type GeneratedKind,
  type Obj,
  KINDS,
  configMap,
  deployment,
  dockerRegistrySecret,
  job,
  envFileEntries,
  literalEntry,
  service,
  namespaceObject,
  secret,
  serviceAccount,
  tlsSecret,
} from './objects.js';

export type Generator =
  | 'configmap'
  | 'secret generic'
  | 'secret tls'
  | 'secret docker-registry'
  | 'namespace'
  | 'serviceaccount'
  | 'deployment'
  | 'job'
  | 'service clusterip'
  | 'service nodeport'
  | 'role'
  | 'clusterrole'
  | 'rolebinding'
  | 'clusterrolebinding';

type AnyFlags = CreateGeneratedFlags &
  Partial<
    CreateConfigMapFlags &
      CreateSecretGenericFlags &
      CreateSecretTlsFlags &
      CreateSecretDockerFlags &
      CreateDeploymentFlags &
      Omit<CreateRoleFlags, 'resource'> &
      Omit<CreateBindingFlags, 'user'>
  > & { resource?: string[]; user?: string[] | string };

const protobufNote = (kind: string) =>
  `kubectl sends this ${kind} as protobuf (Content-Type: application/vnd.kubernetes.protobuf, Accept: application/vnd.kubernetes.protobuf,application/json); kcurl sends the same object as JSON`;

/** The one NAME after the sub-command words, with kubectl's complaint otherwise. */
function oneName(which: Generator, positionals: string[]): string {
  // The sub-command words (or an alias: cm, ns, sa, deploy) come first.
  const rest = positionals.slice(which.split(' ').length);
  if (rest.length !== 1) throw kubectlUsageError(`create ${which}`, `exactly one NAME is required, got ${rest.length}`);
  return rest[0];
}

/** --from-file: FILE (key: its base name), KEY=FILE, or a directory (each regular file in it, by name). */
async function fileEntries(session: Session, sources: string[]): Promise<DataEntry[]> {
  const out: DataEntry[] = [];
  for (const source of sources) {
    const eq = source.indexOf('=');
    const [key, path] = eq < 0 ? ['', source] : [source.slice(0, eq), source.slice(eq + 1)];
    if (eq >= 0 && (key === '' || path === '')) throw usageError(`key names or file paths cannot contain '='`);
    const st = await session.io.stat(path);
    if (!st) throw new KcurlError('KCURL_INPUT', `error reading ${path}: no such file or directory`);
    if (st.isDirectory) {
      if (key) throw usageError('cannot give a key name for a directory path');
      for (const name of (await session.io.readdir(path)).sort()) {
        const full = `${path.replace(/\/$/, '')}/${name}`;
        if ((await session.io.stat(full))?.isFile) out.push({ key: name, value: await session.io.readFile(full) });
      }
      continue;
    }
    out.push({ key: key || (path.split('/').pop() ?? path), value: await session.io.readFile(path) });
  }
  return out;
}

async function dataEntries(session: Session, flags: AnyFlags): Promise<DataEntry[]> {
  if (flags.fromEnvFile?.length && (flags.fromFile?.length || flags.fromLiteral?.length))
    throw usageError('from-env-file cannot be combined with from-file or from-literal');
  const files = await fileEntries(session, flags.fromFile ?? []);
  const literals = (flags.fromLiteral ?? []).map(literalEntry);
  const env: DataEntry[] = [];
  for (const path of flags.fromEnvFile ?? []) env.push(...envFileEntries(path, (await session.io.readFile(path)).toString('utf8'), (k) => session.io.env[k]));
  // kubectl: files, then literals, then env files.
  return [...files, ...literals, ...env];
}

async function readRequired(session: Session, path: string | undefined, what: string): Promise<Buffer> {
  if (!path) throw usageError(`required flag(s) "${what}" not set`);
  try {
    return await session.io.readFile(path);
  } catch {
    throw new KcurlError('KCURL_INPUT', `open ${path}: no such file or directory`);
  }
}

/** The object a sub-command builds, and where it goes. */
async function build(
  session: Session,
  which: Generator,
  name: string,
  namespace: string | undefined,
  flags: AnyFlags,
  rest: string[],
): Promise<{ kind: GeneratedKind; object: Obj }> {
  switch (which) {
    case 'configmap':
      return { kind: KINDS.configmap, object: configMap(name, namespace, await dataEntries(session, flags)) };
    case 'secret generic':
      return { kind: KINDS.secret, object: secret(name, namespace, await dataEntries(session, flags), flags.type ?? '') };
    case 'secret tls': {
      const cert = await readRequired(session, flags.cert, 'cert');
      const key = await readRequired(session, flags.key, 'key');
      if (!cert.toString('utf8').includes('-----BEGIN'))
        throw new KcurlError('KCURL_INPUT', 'failed to load key pair tls: failed to find any PEM data in certificate input');
      if (!key.toString('utf8').includes('-----BEGIN'))
        throw new KcurlError('KCURL_INPUT', 'failed to load key pair tls: failed to find any PEM data in key input');
      return { kind: KINDS.secret, object: tlsSecret(name, namespace, cert, key) };
    }
    case 'secret docker-registry': {
      if (!flags.dockerUsername || !flags.dockerPassword)
        throw usageError('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
      const o = {
        server: flags.dockerServer ?? 'https://index.docker.io/v1/',
        username: flags.dockerUsername,
        password: flags.dockerPassword,
        email: flags.dockerEmail ?? '',
      };
      return { kind: KINDS.secret, object: dockerRegistrySecret(name, namespace, o) };
    }
    case 'namespace':
      return { kind: KINDS.namespace, object: namespaceObject(name) };
    case 'serviceaccount':
      return { kind: KINDS.serviceaccount, object: serviceAccount(name, namespace) };
    case 'service clusterip':
    case 'service nodeport': {
      const f = flags as AnyFlags & { tcp?: string[]; clusterip?: string; nodePort?: number };
      const type = which === 'service clusterip' ? 'ClusterIP' : 'NodePort';
      if (type === 'ClusterIP' && f.clusterip !== 'None' && !(f.tcp ?? []).length) throw usageError('at least one tcp port specifier must be provided');
      return { kind: KINDS.service, object: service(name, namespace, { type, tcp: f.tcp ?? [], clusterIP: f.clusterip, nodePort: f.nodePort ?? 0 }) };
    }
    case 'job': {
      // create job's --image is one string (create deployment's a list).
      const raw: unknown = flags.image;
      const image = typeof raw === 'string' ? raw : undefined;
      if (!image) throw usageError('either --image or --from must be specified');
      return { kind: KINDS.job, object: job(name, namespace, { image, command: rest }) };
    }
    case 'role':
    case 'clusterrole': {
      const input = {
        verbs: flags.verb ?? [],
        resources: flags.resource ?? [],
        resourceNames: flags.resourceName ?? [],
        nonResourceURLs: flags.nonResourceUrl ?? [],
        aggregationRule: flags.aggregationRule ?? [],
      };
      const mapper = await restMapper(session, input.resources);
      const warn = (line: string) => session.io.stderr.write(`${line}\n`);
      if (which === 'role') return { kind: KINDS.role, object: role(name, namespace, input, mapper, warn) };
      return { kind: KINDS.clusterrole, object: clusterRole(name, input, mapper, warn) };
    }
    case 'rolebinding':
    case 'clusterrolebinding': {
      const input = {
        role: flags.role,
        clusterRole: flags.clusterrole,
        users: Array.isArray(flags.user) ? flags.user : [],
        groups: flags.group ?? [],
        serviceAccounts: flags.serviceaccount ?? [],
      };
      if (which === 'rolebinding') return { kind: KINDS.rolebinding, object: binding('RoleBinding', name, namespace, input) };
      return { kind: KINDS.clusterrolebinding, object: binding('ClusterRoleBinding', name, undefined, input) };
    }
    case 'deployment': {
      const images = flags.image ?? [];
      if (images.length === 0) throw usageError('required flag(s) "image" not set');
      if (images.length > 1 && rest.length > 0) throw usageError('cannot specify multiple --image options and command');
      const replicas = flags.replicas ?? 1;
      return { kind: KINDS.deployment, object: deployment(name, namespace, { images, replicas, port: flags.port ?? -1, command: rest }) };
    }
  }
}

/**
 * kubectl's RESTMapper for --resource: discovery (disk-cached), asked again once when a name misses on a cached
 * catalog, as client-go's deferred mapper does.
 */
async function restMapper(session: Session, resources: string[]): Promise<ResourceMapper> {
  if (!resources.length) return () => undefined;
  let { catalog, fromCache } = await session.resourceCatalog();
  const split = (r: string) => {
    const head = r.split('/')[0];
    const dot = head.indexOf('.');
    return dot < 0 ? { resource: head, group: '' } : { resource: head.slice(0, dot), group: head.slice(dot + 1) };
  };
  if (fromCache && resources.some((r) => split(r).resource && split(r).resource !== '*' && !resourceFor(catalog, split(r))))
    ({ catalog } = await session.resourceCatalog({ refresh: true }));
  return (gr) => resourceFor(catalog, gr);
}

const kindSlash = (k: GeneratedKind, name: string) => `${k.group ? `${k.kind.toLowerCase()}.${k.group}` : k.kind.toLowerCase()}/${name}`;

/** kubectl's create printers: -o json|yaml the object, -o name kind.group/name, else `… created` with the dry-run suffix. */
export function printCreated(session: Session, output: string, dryRun: DryRun, kind: GeneratedKind, object: Obj, operation = 'created'): void {
  const name = String((object.metadata as Obj | undefined)?.name ?? '');
  if (output === 'json' || output === 'yaml')
    session.io.stdout.write(printObjects(output, { kind: kind.kind, apiVersion: kind.apiVersion, ...object }, { keepOrder: true }));
  else if (output === 'name') session.io.stdout.write(`${kindSlash(kind, name)}\n`);
  else session.io.stdout.write(`${kindSlash(kind, name)} ${operation}${dryRunSuffix(dryRun)}\n`);
}

export async function runCreateGenerated(
  session: Session,
  which: Generator,
  positionals: string[],
  rest: string[],
  flags: AnyFlags,
  given: ReadonlySet<string>,
): Promise<number> {
  // cobra checks MarkFlagRequired flags before the command runs.
  if (which === 'clusterrolebinding' && !flags.clusterrole) throw usageError('required flag(s) "clusterrole" not set');
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output)) {
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  const name = oneName(which, positionals);
  const dryRun = parseDryRun(flags.dryRun);
  warnBareDryRun(session, flags);
  const creds = await session.credentials();
  const namespace = creds.namespace.value;
  // kubectl puts the namespace into the object only when it was given (-n), as EnforceNamespace.
  const { kind, object: built } = await build(session, which, name, given.has('namespace') ? namespace : undefined, flags, rest);
  const object = flags.saveConfig ? withTypedLastApplied(built) : built;
  if (dryRun === 'client') {
    printCreated(session, output, dryRun, kind, object);
    return 0;
  }
  const base = kind.group ? `/apis/${kind.apiVersion}` : `/api/${kind.apiVersion}`;
  const path = kind.namespaced ? `${base}/namespaces/${pathSegment(namespace)}/${kind.plural}` : `${base}/${kind.plural}`;
  const query = writeQuery({ fieldManager: flags.fieldManager, fieldValidation: parseValidate(flags.validate), dryRun });
  const step = bodyStep(
    'POST',
    path,
    query,
    JSON.stringify(object),
    'application/json',
    `create ${kind.kind} ${kind.namespaced ? `${namespace}/` : ''}${name}`,
  );
  const plan: RequestPlan = await session.finalize({ command: `kubectl create ${which}`, steps: [step], notes: [protobufNote(kind.kind)] });
  const run = await runPlan(session, plan);
  if (!run) return 0;
  const res = run[0].responses[0];
  if (res.status >= 300) {
    const status = parseStatus(res);
    // kubectl create namespace, role and clusterrole return the server's error as is; the others wrap it, secret's without a colon.
    if (kind === KINDS.namespace || kind === KINDS.role || kind === KINDS.clusterrole) throw new ApiStatusError(res.status, status);
    throw new KcurlError(
      'KCURL_API_STATUS',
      `failed to create ${kind.what}${kind === KINDS.secret ? '' : ':'} ${status.message ?? `the server answered ${res.status}`}`,
    );
  }
  printCreated(session, output, dryRun, kind, JSON.parse(res.body) as Obj);
  return 0;
}
