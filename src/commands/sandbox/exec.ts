// `kcurl sandbox exec POD [-c CONTAINER] -- COMMAND…`: runs a local command "inside" a sandbox pod. The
// command gets the container's environment as the kubelet resolves it (service variables pointing at the
// sandbox itself, downward API values), and KCURL_SERVICEACCOUNT_DIR pointing at a materialised
// serviceaccount mount (a TokenRequest token bound to the pod, the namespace's kube-root-ca.crt, the
// namespace), so kcurl's in-cluster path works from there. The command is attached to kcurl's terminal (stdin,
// streamed output); a SIGINT/SIGTERM/SIGHUP to kcurl ends it, and the directory is removed on every way out.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import type { Session } from '../../cli/session.js';
import type { AttachedProcess } from '../../io.js';
import { KcurlError, usageError } from '../../errors.js';
import { ensureOk } from '../../http/status.js';
import { ACCEPT, pathSegment, type RequestStep, stepKind } from '../../plan/request-plan.js';
import { containerEnv, EnvError } from '../../sandbox/workloads/pod-env.js';
import type { KubeObject } from '../../sandbox/types.js';
import type { SandboxExecFlags } from './flags.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const recs = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'object' && x !== null) : []) as Rec[];
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Host variables a local command needs to run at all; everything else comes from the pod. */
const HOST_VARS = ['PATH', 'TERM', 'LANG', 'LC_ALL', 'TMPDIR', 'NO_COLOR', 'FORCE_COLOR', 'SYSTEMROOT'];

/** A read of one object or a list (its kind, get or list, from the path). */
const get = (p: string, purpose: string): RequestStep => {
  const step: RequestStep = { method: 'GET', path: p, query: [], headers: [['Accept', ACCEPT.json]], stream: false, purpose, role: 'call' };
  return { ...step, kind: stepKind(step) };
};

/** The TokenRequest a kubelet makes for a pod's projected token (bound to the pod, the API server's audience). */
export function tokenRequestStep(namespace: string, serviceAccount: string, pod: KubeObject): RequestStep {
  const body = JSON.stringify({
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { audiences: null, expirationSeconds: 3607, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, uid: pod.metadata.uid } },
    status: { token: '', expirationTimestamp: null },
  });
  return {
    method: 'POST',
    path: `/api/v1/namespaces/${pathSegment(namespace)}/serviceaccounts/${pathSegment(serviceAccount)}/token`,
    query: [],
    headers: [
      ['Accept', ACCEPT.json],
      ['Content-Type', 'application/json'],
    ],
    body,
    contentType: 'application/json',
    stream: false,
    purpose: `request a token for serviceaccount ${namespace}/${serviceAccount} bound to pod ${pod.metadata.name}`,
    kind: 'token',
    role: 'call',
  };
}

/** The environment the local command runs with: the pod's, the sandbox's address for `kubernetes`, the mount. */
export function execEnvironment(
  podEnv: [string, string][],
  server: URL,
  hostEnv: Readonly<Record<string, string | undefined>>,
  dir: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of HOST_VARS) if (hostEnv[k] !== undefined) env[k] = hostEnv[k] as string;
  for (const [k, v] of podEnv) if (k !== 'PATH' && k !== 'HOME') env[k] = v;
  const host = server.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = server.port || '443';
  const url = `tcp://${server.hostname}:${port}`;
  Object.assign(env, {
    KUBERNETES_SERVICE_HOST: host,
    KUBERNETES_SERVICE_PORT: port,
    KUBERNETES_SERVICE_PORT_HTTPS: port,
    KUBERNETES_PORT: url,
    KUBERNETES_PORT_443_TCP: url,
    KUBERNETES_PORT_443_TCP_ADDR: host,
    KUBERNETES_PORT_443_TCP_PORT: port,
    KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
    HOME: dir,
    KCURL_SERVICEACCOUNT_DIR: path.join(dir, 'serviceaccount'),
  });
  return env;
}

export async function runSandboxExec(session: Session, positionals: string[], rest: string[], flags: SandboxExecFlags): Promise<number> {
  const io = session.io;
  const podName = positionals[0];
  if (!podName || positionals.length > 1)
    throw usageError('sandbox exec needs exactly one POD, then -- and the command', 'e.g. kcurl sandbox exec mypod -- kcurl get pods');
  if (rest.length === 0) throw usageError('you must specify at least one command for the container', 'put it after --: kcurl sandbox exec mypod -- env');
  const creds = await session.credentials();
  const namespace = creds.namespace.value;
  const server = new URL(creds.server.value);
  const send = async (step: RequestStep) => {
    const r = await session.send(step);
    ensureOk(r);
    return JSON.parse(r.body) as KubeObject;
  };
  const nsPath = `/api/v1/namespaces/${pathSegment(namespace)}`;
  const pod = await send(get(`${nsPath}/pods/${pathSegment(podName)}`, `get pod ${podName}`));
  const spec = rec(pod.spec);
  const containers = recs(spec.containers);
  const wanted = flags.container ?? pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? str(containers[0]?.name);
  const container = containers.find((c) => c.name === wanted);
  if (!container)
    throw new KcurlError('KCURL_USAGE', `container ${wanted} not found in pod ${podName}`, {
      hint: `choose one of: ${containers.map((c) => str(c.name)).join(', ')}`,
    });
  const phase = str(rec(pod.status).phase);
  if (phase === 'Succeeded' || phase === 'Failed')
    throw new KcurlError('KCURL_USAGE', `cannot exec into a container in a completed pod; current phase is ${phase}`);
  if (phase !== 'Running')
    throw new KcurlError('KCURL_USAGE', `pod ${podName} is not running yet (phase ${phase})`, {
      hint: `wait for it: kubectl wait --for=condition=Ready pod/${podName}`,
    });

  // What the environment refers to, fetched with the user's credentials.
  const fetched = new Map<string, KubeObject | undefined>();
  const optionalGet = async (kind: 'configmaps' | 'secrets', name: string) => {
    const key = `${kind}/${name}`;
    if (!fetched.has(key)) {
      const r = await session.send(get(`${nsPath}/${kind}/${pathSegment(name)}`, `get ${kind.slice(0, -1)} ${name}`));
      if (r.status === 404) fetched.set(key, undefined);
      else {
        ensureOk(r);
        fetched.set(key, JSON.parse(r.body) as KubeObject);
      }
    }
    return fetched.get(key);
  };
  for (const e of recs(container.env)) {
    const from = rec(e.valueFrom);
    if (from.configMapKeyRef) await optionalGet('configmaps', str(rec(from.configMapKeyRef).name));
    if (from.secretKeyRef) await optionalGet('secrets', str(rec(from.secretKeyRef).name));
  }
  for (const f of recs(container.envFrom)) {
    if (f.configMapRef) await optionalGet('configmaps', str(rec(f.configMapRef).name));
    if (f.secretRef) await optionalGet('secrets', str(rec(f.secretRef).name));
  }
  const list = async (p: string, purpose: string) => recs(rec(await send(get(p, purpose))).items) as KubeObject[];
  const services = spec.enableServiceLinks === false ? [] : await list(`${nsPath}/services`, `list services in namespace ${namespace}`);
  const master =
    namespace === 'default'
      ? services.filter((s) => s.metadata.name === 'kubernetes')
      : [await send(get('/api/v1/namespaces/default/services/kubernetes', 'get service default/kubernetes'))];
  let podEnv: [string, string][];
  try {
    podEnv = containerEnv(pod, container, {
      configMap: (_ns, name) => fetched.get(`configmaps/${name}`),
      secret: (_ns, name) => fetched.get(`secrets/${name}`),
      services: (ns) => (ns === 'default' && namespace !== 'default' ? master : services),
      nodeAllocatable: () => undefined,
    });
  } catch (e) {
    if (e instanceof EnvError) throw new KcurlError('KCURL_USAGE', `container ${wanted} cannot start: ${e.message}`);
    throw e;
  }

  const serviceAccount = str(spec.serviceAccountName) || 'default';
  const automount = spec.automountServiceAccountToken !== false;
  let token: string | undefined;
  let caPem: string | undefined;
  if (automount) {
    const tr = await send(tokenRequestStep(namespace, serviceAccount, pod));
    token = str(rec(tr.status).token);
    const rootCa = await optionalGet('configmaps', 'kube-root-ca.crt');
    caPem = str(rec(rootCa?.data)['ca.crt']) || undefined;
  }

  const dir = await mkdtemp(path.join(tmpdir(), 'kcurl-exec-'));
  try {
    const saDir = path.join(dir, 'serviceaccount');
    await mkdir(saDir, { mode: 0o700 });
    if (token !== undefined) await writeFile(path.join(saDir, 'token'), token, { mode: 0o600 });
    if (caPem !== undefined) await writeFile(path.join(saDir, 'ca.crt'), caPem, { mode: 0o644 });
    if (automount) await writeFile(path.join(saDir, 'namespace'), namespace, { mode: 0o644 });
    const env = execEnvironment(podEnv, server, io.env, dir);
    // A signal to kcurl ends the command too, then the mount is removed. A terminal's ^C already reaches the
    // command (same process group), so SIGINT is passed on only when there is no terminal to deliver it.
    // The handler is in place before the command starts: no moment where a signal would skip the cleanup.
    let child: AttachedProcess | undefined;
    let pending: NodeJS.Signals | undefined;
    const passOn = io.onInterrupt(
      (signal) => {
        if (signal === 'SIGINT' && io.isStdoutTTY) return;
        if (child) child.kill(signal ?? 'SIGTERM');
        else pending = signal ?? 'SIGTERM';
      },
      ['SIGINT', 'SIGTERM', 'SIGHUP'],
    );
    let result;
    try {
      // Attached to this terminal: stdin goes through, output shows as it is written.
      child = io.runAttached(rest[0], rest.slice(1), { env, cwd: dir });
      if (pending) child.kill(pending);
      result = await child.done;
    } finally {
      passOn();
    }
    if (result.spawnError) {
      const why = result.spawnError.code === 'ENOENT' ? 'executable file not found in $PATH' : result.spawnError.message;
      io.stderr.write(`error: exec: ${JSON.stringify(rest[0])}: ${why}\n`);
      return 127;
    }
    // Killed by a signal: the shell's convention, 128 + its number.
    return result.code ?? (result.signal ? 128 + (constants.signals[result.signal] ?? 15) : 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
