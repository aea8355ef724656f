// The endpoints and endpointslice controllers (pkg/controller/endpoint, pkg/controller/endpointslice): for a
// Service with a selector, the Endpoints named after it and one EndpointSlice (`<service>-xxxxx`, owned by
// the Service) list the selected pods that have an IP — ready ones as addresses, others as not ready — with
// the service's ports resolved against each pod's container ports. Services without a selector are left to
// whoever writes their Endpoints (the `kubernetes` service is the API server's).
import { rfc3339 } from '../object-meta.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { splitKey } from './replicaset.js';
import { controllerRef, isPodReady, isRec, records, spec, status, type Rec } from './util.js';

const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
const SERVICE_NAME = 'kubernetes.io/service-name';
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

const selectorOf = (svc: KubeObject): Record<string, string> | undefined => {
  const sel = spec(svc).selector;
  return isRec(sel) && Object.keys(sel).length > 0 && spec(svc).type !== 'ExternalName' ? (sel as Record<string, string>) : undefined;
};

const selects = (sel: Record<string, string>, labels: Record<string, string> | undefined): boolean => Object.entries(sel).every(([k, v]) => labels?.[k] === v);

interface ResolvedPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** podutil.FindPort: a numeric targetPort as it is, a named one from the pod's container ports. */
function resolvePort(pod: KubeObject, servicePort: Rec): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  for (const c of records(spec(pod).containers)) {
    for (const p of records(c.ports)) if (p.name === target && (p.protocol ?? 'TCP') === (servicePort.protocol ?? 'TCP')) return Number(p.containerPort);
  }
  return undefined;
}

function portsFor(svc: KubeObject, pod: KubeObject): ResolvedPort[] {
  const out: ResolvedPort[] = [];
  for (const sp of records(spec(svc).ports)) {
    const port = resolvePort(pod, sp);
    if (port === undefined) continue;
    const p: ResolvedPort = { port, protocol: String(sp.protocol ?? 'TCP') };
    if (typeof sp.name === 'string' && sp.name !== '') p.name = sp.name;
    if (typeof sp.appProtocol === 'string') p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

const ipOf = (pod: KubeObject): string => String(status(pod).podIP ?? '');
const targetRef = (pod: KubeObject): Rec => ({ kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid });

/** Dotted-quad order, as the repacked subsets sort addresses. */
const byIp = (a: KubeObject, b: KubeObject) => {
  const key = (ip: string) =>
    ip
      .split('.')
      .map((n) => n.padStart(3, '0'))
      .join('.');
  return key(ipOf(a)) < key(ipOf(b)) ? -1 : key(ipOf(a)) > key(ipOf(b)) ? 1 : 0;
};

export class ServiceEndpointsController implements Controller {
  readonly name = 'endpoint';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group !== '') return [];
    const ns = e.object.metadata.namespace ?? '';
    if (e.resource === 'services') return [`${ns}/${e.object.metadata.name}`];
    if (e.resource !== 'pods') return [];
    const keys: string[] = [];
    for (const svc of this.#ctx.list('', 'services', ns)) {
      const sel = selectorOf(svc);
      if (sel && (selects(sel, e.object.metadata.labels) || (e.previous && selects(sel, e.previous.metadata.labels)))) keys.push(`${ns}/${svc.metadata.name}`);
    }
    return keys;
  }

  initialKeys(): string[] {
    return this.#ctx
      .list('', 'services')
      .filter((s) => selectorOf(s))
      .map((s) => `${s.metadata.namespace}/${s.metadata.name}`);
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = this.#ctx.get('', 'services', namespace, name);
    const sel = svc ? selectorOf(svc) : undefined;
    if (!svc || !sel || svc.metadata.deletionTimestamp) {
      // The garbage collector removes owned slices; the Endpoints controller deletes its Endpoints.
      if (!svc) this.#ctx.delete('', 'endpoints', namespace, name);
      return;
    }
    const pods = this.#ctx
      .list('', 'pods', namespace)
      .filter((p) => selects(sel, p.metadata.labels) && ipOf(p) !== '' && !['Succeeded', 'Failed'].includes(String(status(p).phase)))
      .sort(byIp);
    const now = rfc3339(this.#ctx.now());
    this.#syncEndpoints(svc, pods, now);
    this.#syncSlice(svc, pods, now);
  }

  #syncEndpoints(svc: KubeObject, pods: KubeObject[], now: string): void {
    const { namespace, name } = svc.metadata;
    // One subset per distinct port list (RepackSubsets), addresses in IP order.
    const subsets: { ports: ResolvedPort[]; addresses: Rec[]; notReadyAddresses: Rec[] }[] = [];
    for (const pod of pods) {
      const ports = portsFor(svc, pod);
      if (ports.length === 0 && records(spec(svc).ports).length > 0) continue;
      const key = JSON.stringify(ports);
      let subset = subsets.find((s) => JSON.stringify(s.ports) === key);
      if (!subset) subsets.push((subset = { ports, addresses: [], notReadyAddresses: [] }));
      const address: Rec = { ip: ipOf(pod) };
      if (spec(pod).nodeName) address.nodeName = spec(pod).nodeName;
      address.targetRef = targetRef(pod);
      (isPodReady(pod) && !pod.metadata.deletionTimestamp ? subset.addresses : subset.notReadyAddresses).push(address);
    }
    const wanted = subsets.map((s) => {
      const out: Rec = {};
      if (s.addresses.length) out.addresses = s.addresses;
      if (s.notReadyAddresses.length) out.notReadyAddresses = s.notReadyAddresses;
      if (s.ports.length) out.ports = s.ports;
      return out;
    });
    const current = this.#ctx.get('', 'endpoints', namespace, name);
    const labels = svc.metadata.labels;
    if (!current) {
      const obj: Rec = {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace, annotations: { [TRIGGER_TIME]: now }, ...(labels ? { labels } : {}) },
      };
      if (wanted.length) obj.subsets = wanted;
      this.#ctx.create('', 'endpoints', obj as unknown as KubeObject);
      return;
    }
    const same =
      JSON.stringify(current.subsets ?? []) === JSON.stringify(wanted) && JSON.stringify(current.metadata.labels ?? {}) === JSON.stringify(labels ?? {});
    if (same) return;
    const next: Rec = { ...current, metadata: { ...current.metadata, labels, annotations: { ...(current.metadata.annotations ?? {}), [TRIGGER_TIME]: now } } };
    if (wanted.length) next.subsets = wanted;
    else delete next.subsets;
    this.#ctx.update('', 'endpoints', current, next as unknown as KubeObject);
  }

  #syncSlice(svc: KubeObject, pods: KubeObject[], now: string): void {
    const { namespace, name } = svc.metadata;
    const ports: ResolvedPort[] = pods.length
      ? portsFor(svc, pods[0])
      : records(spec(svc).ports)
          .filter((p) => typeof p.targetPort === 'number' || p.targetPort === undefined)
          .map((sp) => ({ port: Number(sp.targetPort ?? sp.port), protocol: String(sp.protocol ?? 'TCP'), name: String(sp.name ?? '') }));
    const slicePorts = ports.map((p) => ({ name: p.name ?? '', protocol: p.protocol, port: p.port, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) }));
    const endpoints = pods.map((pod) => {
      const terminating = Boolean(pod.metadata.deletionTimestamp);
      const ready = isPodReady(pod);
      const ep: Rec = { addresses: [ipOf(pod)], conditions: { ready: ready && !terminating, serving: ready, terminating } };
      ep.targetRef = targetRef(pod);
      if (spec(pod).nodeName) ep.nodeName = spec(pod).nodeName;
      return ep;
    });
    const labels = { ...(svc.metadata.labels ?? {}), [MANAGED_BY]: SLICE_CONTROLLER, [SERVICE_NAME]: name };
    const mine = this.#ctx
      .list('discovery.k8s.io', 'endpointslices', namespace)
      .filter((s) => s.metadata.labels?.[SERVICE_NAME] === name && s.metadata.labels?.[MANAGED_BY] === SLICE_CONTROLLER);
    const current = mine[0];
    for (const extra of mine.slice(1)) this.#ctx.delete('discovery.k8s.io', 'endpointslices', namespace, extra.metadata.name);
    if (!current) {
      this.#ctx.create('discovery.k8s.io', 'endpointslices', {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { generateName: `${name}-`, namespace, labels, annotations: { [TRIGGER_TIME]: now }, ownerReferences: [controllerRef(svc)] },
        addressType: 'IPv4',
        endpoints: endpoints.length ? endpoints : null,
        ports: slicePorts,
      } as unknown as KubeObject);
      return;
    }
    const same =
      JSON.stringify(current.endpoints ?? null) === JSON.stringify(endpoints.length ? endpoints : null) &&
      JSON.stringify(current.ports ?? []) === JSON.stringify(slicePorts) &&
      JSON.stringify(current.metadata.labels ?? {}) === JSON.stringify(labels);
    if (same) return;
    this.#ctx.update('discovery.k8s.io', 'endpointslices', current, {
      ...current,
      metadata: { ...current.metadata, labels, annotations: { ...(current.metadata.annotations ?? {}), [TRIGGER_TIME]: now } },
      endpoints: endpoints.length ? endpoints : null,
      ports: slicePorts,
    } as unknown as KubeObject);
  }
}
