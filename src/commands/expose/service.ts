// The Service kubectl builds for `kubectl expose` and `kubectl run --expose` (the ServiceGeneratorV2 logic of
// pkg/generate/versioned/service.go, inlined into pkg/cmd/expose/expose.go since v1.28): ports, target port,
// selector, labels, type, in Go's struct order. Pure.
import { usageError } from '../../errors.js';
import { type Obj, objectMeta } from '../create/objects.js';

/** generate.ParseLabels: "k=v,k2=v2"; Go maps print sorted. */
export function parseLabels(spec: string): Record<string, string> {
  if (spec === '') throw usageError('no label spec passed');
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw usageError(`unexpected label spec: ${part}`);
    if (kv[0] === '') throw usageError('unexpected empty label key');
    out[kv[0]] = kv[1];
  }
  return sortedMap(out);
}

export const sortedMap = (m: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** strconv.Atoi with Go's error text. */
export function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw usageError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

export interface ServiceParams {
  name: string;
  /** The selector, "k=v,…" (required). */
  selector: string;
  labels?: string;
  /** --port, or the exposed object's ports ("80,443") when --port is not given. */
  ports?: string;
  /** port → protocol of the exposed object ("80/TCP,53/UDP" parsed). */
  protocols?: Record<string, string>;
  protocol?: string;
  portName?: string;
  targetPort?: string;
  type?: string;
  externalIp?: string;
  loadBalancerIp?: string;
  sessionAffinity?: string;
  clusterIp?: string;
}

export function generateService(p: ServiceParams): Obj {
  const selector = parseLabels(p.selector);
  const labels = p.labels ? parseLabels(p.labels) : undefined;
  const headless = p.clusterIp === 'None';
  if (p.ports === undefined && !headless) throw usageError("'ports' or 'port' is a required parameter");
  const ports: Obj[] = [];
  if (p.ports) {
    const list = p.ports.split(',');
    list.forEach((s, i) => {
      const port = atoi(s);
      const name = list.length > 1 ? `port-${i + 1}` : (p.portName ?? '');
      let protocol = p.protocol ?? '';
      const map = p.protocols ?? {};
      if (!protocol && Object.keys(map).length === 0) protocol = 'TCP';
      else if (!protocol) protocol = map[s] ?? 'TCP';
      ports.push({ ...(name ? { name } : {}), protocol, port });
    });
  }
  const target = p.targetPort ?? '';
  for (const port of ports) port.targetPort = target === '' ? port.port : /^[+-]?\d+$/.test(target) ? Number(target) : target;
  const spec: Obj = { ...(ports.length ? { ports } : {}), selector };
  if (p.clusterIp) spec.clusterIP = p.clusterIp;
  if (p.type) spec.type = p.type;
  if (p.externalIp) spec.externalIPs = [p.externalIp];
  if (p.sessionAffinity) {
    if (p.sessionAffinity !== 'None' && p.sessionAffinity !== 'ClientIP') throw usageError(`unknown session affinity: ${p.sessionAffinity}`);
    spec.sessionAffinity = p.sessionAffinity;
  }
  if (p.type === 'LoadBalancer' && p.loadBalancerIp) spec.loadBalancerIP = p.loadBalancerIp;
  return { kind: 'Service', apiVersion: 'v1', metadata: objectMeta(p.name, undefined, labels), spec: goServiceSpecOrder(spec), status: { loadBalancer: {} } };
}

// v1.ServiceSpec's field order.
const SERVICE_SPEC_ORDER = ['ports', 'selector', 'clusterIP', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerIP'];
function goServiceSpecOrder(spec: Obj): Obj {
  return Object.fromEntries(SERVICE_SPEC_ORDER.filter((k) => k in spec).map((k) => [k, spec[k]]));
}
