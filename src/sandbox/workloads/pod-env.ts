// A container's environment as kubelet builds it (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables):
// service links, envFrom, env with $(VAR) references and valueFrom (fieldRef, resourceFieldRef,
// configMapKeyRef, secretKeyRef), then what the runtime adds (the image's ENV, HOSTNAME, HOME).
import { compareCodePoints, goQuote } from '../../output/go-format.js';
import { rec, records as recs, str, type Rec } from '../defaults/json-access.js';
import { parseQuantity } from '../defaults/quantity.js';
import type { KubeObject } from '../types.js';
import { imageProfile } from './images.js';

/** Lookups the environment needs from the cluster. */
export interface EnvSources {
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  services(namespace: string): KubeObject[];
  /** The node's allocatable resources (limits default to them). */
  nodeAllocatable(nodeName: string): Rec | undefined;
}

/** Why a container cannot be created (waiting reason CreateContainerConfigError, the `Failed` event). */
export class EnvError extends Error {}

/**
 * third_party/forked/golang/expansion.Expand: `$(NAME)` becomes the variable when it is defined and stays as
 * written otherwise; `$$` is a literal `$`.
 */
export function expandKubeVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i++;
        continue;
      }
      const name = input.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close;
    } else {
      out += `$${next}`;
      i++;
    }
  }
  return out;
}

/** pkg/kubelet/envvars.FromServices: `{NAME}_SERVICE_HOST`, `_SERVICE_PORT[_PORTNAME]` and the Docker link variables. */
export function serviceEnvVars(services: KubeObject[]): [string, string][] {
  const out: [string, string][] = [];
  for (const svc of services) {
    const spec = rec(svc.spec);
    const ip = str(spec.clusterIP);
    if (ip === '' || ip === 'None') continue;
    const name = svc.metadata.name.toUpperCase().replace(/-/g, '_');
    const ports = recs(spec.ports);
    if (ports.length === 0) continue;
    out.push([`${name}_SERVICE_HOST`, ip], [`${name}_SERVICE_PORT`, String(ports[0].port)]);
    for (const p of ports) if (str(p.name)) out.push([`${name}_SERVICE_PORT_${str(p.name).toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
    const proto0 = (str(ports[0].protocol) || 'TCP').toLowerCase();
    const host = ip.includes(':') ? `[${ip}]` : ip;
    out.push([`${name}_PORT`, `${proto0}://${host}:${String(ports[0].port)}`]);
    for (const p of ports) {
      const proto = str(p.protocol) || 'TCP';
      const prefix = `${name}_PORT_${String(p.port)}_${proto.toUpperCase()}`;
      out.push(
        [prefix, `${proto.toLowerCase()}://${host}:${String(p.port)}`],
        [`${prefix}_PROTO`, proto.toLowerCase()],
        [`${prefix}_PORT`, String(p.port)],
        [`${prefix}_ADDR`, ip],
      );
    }
  }
  return out;
}

/** fieldpath.FormatMap: `key="value"` lines in key order, no trailing newline (the `labels`/`annotations` files). */
export function formatDownwardMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort(compareCodePoints)
    .map((k) => `${k}=${goQuote((m as Record<string, string>)[k])}`)
    .join('\n');
}

/** The pod's hostname: spec.hostname, else its name (truncated to 63 characters as kubelet does). */
export function podHostname(pod: KubeObject): string {
  const h = str(rec(pod.spec).hostname) || pod.metadata.name;
  return h.length > 63 ? h.slice(0, 63).replace(/[-.]+$/, '') : h;
}

/** fieldRef values for env and downward API volumes; undefined for an unsupported path. */
export function fieldRefValue(pod: KubeObject, fieldPath: string): string | undefined {
  const meta = pod.metadata;
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath) ?? /^metadata\.(labels|annotations)\["(.*)"\]$/.exec(fieldPath);
  if (sub) return (sub[1] === 'labels' ? meta.labels : meta.annotations)?.[sub[2]] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name;
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
      return formatDownwardMap(meta.labels);
    case 'metadata.annotations':
      return formatDownwardMap(meta.annotations);
    case 'spec.nodeName':
      return str(spec.nodeName);
    case 'spec.serviceAccountName':
      return str(spec.serviceAccountName);
    case 'status.hostIP':
      return str(status.hostIP);
    case 'status.hostIPs':
      return recs(status.hostIPs)
        .map((x) => str(x.ip))
        .join(',');
    case 'status.podIP':
      return str(status.podIP);
    case 'status.podIPs':
      return recs(status.podIPs)
        .map((x) => str(x.ip))
        .join(',');
    default:
      return undefined;
  }
}

/**
 * resourceFieldRef as kubelet resolves it: limits default to the node's allocatable, the value is divided by
 * the divisor and rounded up (cpu in millicores: ceil(milli / divisorMilli)).
 */
export function resourceFieldValue(container: Rec, resource: string, divisor: unknown, allocatable: Rec | undefined): string {
  const resources = rec(container.resources);
  const [kind, name] = resource.split('.') as [string, string];
  let q = parseQuantity(rec(kind === 'limits' ? resources.limits : resources.requests)[name]);
  if (q === undefined && kind === 'limits') q = parseQuantity(rec(allocatable)[name]);
  if (q === undefined && kind === 'requests' && name === 'cpu') q = 0;
  q ??= 0;
  let d = parseQuantity(divisor) ?? 0;
  if (d === 0) d = 1;
  if (name === 'cpu') return String(Math.ceil(Math.round(q * 1000) / Math.round(d * 1000)));
  return String(Math.ceil(q / d));
}

const VALID_ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** The container's environment in the order the process sees it, or EnvError (CreateContainerConfigError). */
export function containerEnv(pod: KubeObject, container: Rec, sources: EnvSources): [string, string][] {
  const namespace = pod.metadata.namespace ?? 'default';
  const spec = rec(pod.spec);
  const vars = new Map<string, string>();

  // Service links: the pod's namespace (unless enableServiceLinks is false) and the master service.
  const serviceVars = new Map<string, string>();
  const services = spec.enableServiceLinks === false ? [] : sources.services(namespace);
  const master = sources.services('default').filter((s) => s.metadata.name === 'kubernetes');
  for (const [k, v] of serviceEnvVars([...master, ...services.filter((s) => !(namespace === 'default' && s.metadata.name === 'kubernetes'))]))
    serviceVars.set(k, v);

  for (const from of recs(container.envFrom)) {
    const prefix = str(from.prefix);
    const cmRef = rec(from.configMapRef);
    const secretRef = rec(from.secretRef);
    if (from.configMapRef) {
      const cm = sources.configMap(namespace, str(cmRef.name));
      if (!cm) {
        if (cmRef.optional === true) continue;
        throw new EnvError(`configmap "${str(cmRef.name)}" not found`);
      }
      for (const [k, v] of Object.entries(rec(cm.data))) if (VALID_ENV_NAME.test(prefix + k)) vars.set(prefix + k, String(v));
    } else if (from.secretRef) {
      const secret = sources.secret(namespace, str(secretRef.name));
      if (!secret) {
        if (secretRef.optional === true) continue;
        throw new EnvError(`secret "${str(secretRef.name)}" not found`);
      }
      for (const [k, v] of Object.entries(rec(secret.data)))
        if (VALID_ENV_NAME.test(prefix + k)) vars.set(prefix + k, Buffer.from(String(v), 'base64').toString('utf8'));
    }
  }

  for (const e of recs(container.env)) {
    const name = str(e.name);
    const from = rec(e.valueFrom);
    let value: string | undefined;
    if (e.valueFrom === undefined || e.valueFrom === null) {
      value = expandKubeVars(str(e.value), (n) => vars.get(n) ?? serviceVars.get(n));
    } else if (from.fieldRef) {
      const path = str(rec(from.fieldRef).fieldPath);
      value = fieldRefValue(pod, path);
      if (value === undefined) throw new EnvError(`unsupported fieldPath: ${path}`);
    } else if (from.resourceFieldRef) {
      const ref = rec(from.resourceFieldRef);
      const target = str(ref.containerName)
        ? (recs(spec.containers)
            .concat(recs(spec.initContainers))
            .find((c) => c.name === ref.containerName) ?? container)
        : container;
      value = resourceFieldValue(target, str(ref.resource), ref.divisor, sources.nodeAllocatable(str(spec.nodeName)));
    } else if (from.configMapKeyRef) {
      const ref = rec(from.configMapKeyRef);
      const cm = sources.configMap(namespace, str(ref.name));
      if (!cm) {
        if (ref.optional === true) continue;
        throw new EnvError(`configmap "${str(ref.name)}" not found`);
      }
      const data = rec(cm.data);
      if (!(str(ref.key) in data)) {
        if (ref.optional === true) continue;
        throw new EnvError(`couldn't find key ${str(ref.key)} in ConfigMap ${namespace}/${str(ref.name)}`);
      }
      value = String(data[str(ref.key)]);
    } else if (from.secretKeyRef) {
      const ref = rec(from.secretKeyRef);
      const secret = sources.secret(namespace, str(ref.name));
      if (!secret) {
        if (ref.optional === true) continue;
        throw new EnvError(`secret "${str(ref.name)}" not found`);
      }
      const data = rec(secret.data);
      if (!(str(ref.key) in data)) {
        if (ref.optional === true) continue;
        throw new EnvError(`couldn't find key ${str(ref.key)} in Secret ${namespace}/${str(ref.name)}`);
      }
      value = Buffer.from(String(data[str(ref.key)]), 'base64').toString('utf8');
    }
    if (value !== undefined) vars.set(name, value);
  }

  // The runtime's part: the image's ENV (overridden by the pod's), HOSTNAME, then HOME for root.
  const out = new Map<string, string>();
  for (const [k, v] of imageProfile(str(container.image))?.env ?? [['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']]) out.set(k, v);
  out.set('HOSTNAME', podHostname(pod));
  for (const [k, v] of vars) out.set(k, v);
  for (const [k, v] of serviceVars) if (!vars.has(k)) out.set(k, v);
  if (!out.has('HOME')) out.set('HOME', '/root');
  return [...out];
}

/** command/args with $(VAR) expanded against the container's environment, falling back to the image's. */
export function containerArgv(container: Rec, env: [string, string][]): string[] {
  const lookup = new Map(env);
  const expand = (xs: unknown) => (Array.isArray(xs) ? xs.map((x) => expandKubeVars(String(x), (n) => lookup.get(n))) : undefined);
  const command = expand(container.command);
  const args = expand(container.args);
  const profile = imageProfile(str(container.image));
  if (command?.length) return [...command, ...(args ?? [])];
  if (args?.length) return [...(profile?.entrypoint ?? []), ...args];
  return [...(profile?.entrypoint ?? []), ...(profile?.cmd ?? [])];
}
