// Services as kube-apiserver stores them: SetDefaults_Service plus what the service REST storage allocates
// (cluster IPs, IP families, node ports) — keeping the allocated values on update when the client omits them.
import type { FieldError } from './field-errors.js';
import { goSliceOfStrings, invalid } from './field-errors.js';
import { child, isRec, records, setDefault, str, type Rec } from './json-access.js';
import type { ServiceAllocator } from './service-allocator.js';

const EXTERNALLY_ACCESSIBLE = new Set(['LoadBalancer', 'NodePort']);

export function defaultService(svc: Rec, allocator: ServiceAllocator, old?: Rec): FieldError[] {
  const spec = child(svc, 'spec');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const config = isRec(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : {};
    const clientIP = isRec(config.clientIP) ? config.clientIP : {};
    setDefault(clientIP, 'timeoutSeconds', 10800);
    config.clientIP = clientIP;
    spec.sessionAffinityConfig = config;
  }
  setDefault(spec, 'type', 'ClusterIP');
  const type = str(spec.type);
  for (const p of records(spec.ports)) {
    setDefault(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const externallyAccessible = EXTERNALLY_ACCESSIBLE.has(type) || (type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (externallyAccessible) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer' && typeof spec.allocateLoadBalancerNodePorts !== 'boolean') spec.allocateLoadBalancerNodePorts = true;
  const status = child(svc, 'status');
  if (!isRec(status.loadBalancer)) status.loadBalancer = {};

  const oldSpec = old ? child(old, 'spec') : undefined;
  if (oldSpec) {
    keepAllocatedValues(spec, oldSpec);
    dropTypeDependentFields(spec, oldSpec, allocator);
  }
  if (type === 'ExternalName') return [];

  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
  return allocate(spec, allocator, oldSpec);
}

/** Reserves what a stored service holds (for a server that loads existing objects). */
export function reserveServiceAllocations(svc: Rec, allocator: ServiceAllocator): void {
  const spec = child(svc, 'spec');
  const ip = str(spec.clusterIP);
  if (ip !== '' && ip !== 'None') allocator.reserveIp(ip);
  for (const port of allocatedNodePorts(spec)) allocator.reserveNodePort(port);
}

/** Frees a deleted service's cluster IP and node ports. */
export function releaseServiceAllocations(svc: Rec, allocator: ServiceAllocator): void {
  const spec = child(svc, 'spec');
  const ip = str(spec.clusterIP);
  if (ip !== '' && ip !== 'None') allocator.releaseIp(ip);
  for (const port of allocatedNodePorts(spec)) allocator.releaseNodePort(port);
}

function allocatedNodePorts(spec: Rec): number[] {
  const ports = records(spec.ports).map((p) => p.nodePort);
  if (typeof spec.healthCheckNodePort === 'number') ports.push(spec.healthCheckNodePort);
  return ports.filter((p): p is number => typeof p === 'number' && p > 0);
}

/** dropTypeDependentFields: a service that stops being a NodePort/LoadBalancer (or gets a name only) gives back what it no longer uses. */
function dropTypeDependentFields(spec: Rec, oldSpec: Rec, allocator: ServiceAllocator): void {
  const type = str(spec.type);
  if (!EXTERNALLY_ACCESSIBLE.has(type)) {
    const oldPorts = new Set(allocatedNodePorts(oldSpec));
    for (const p of records(spec.ports)) {
      if (typeof p.nodePort === 'number' && oldPorts.has(p.nodePort)) {
        allocator.releaseNodePort(p.nodePort);
        delete p.nodePort;
      }
    }
  }
  if (type === 'ExternalName' && oldSpec.type !== 'ExternalName') {
    const ip = str(oldSpec.clusterIP);
    if (ip !== '' && ip !== 'None') allocator.releaseIp(ip);
    for (const key of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) delete spec[key];
  }
}

/** patchAllocatedValues: an update that leaves out allocated values keeps the old ones. */
function keepAllocatedValues(spec: Rec, oldSpec: Rec): void {
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return;
  if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
  if ((!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) && Array.isArray(oldSpec.clusterIPs)) spec.clusterIPs = [...oldSpec.clusterIPs];
  if ((!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) && Array.isArray(oldSpec.ipFamilies)) spec.ipFamilies = [...oldSpec.ipFamilies];
  if (!spec.ipFamilyPolicy && oldSpec.ipFamilyPolicy) spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
  if (EXTERNALLY_ACCESSIBLE.has(str(spec.type))) {
    const oldPorts = records(oldSpec.ports);
    for (const p of records(spec.ports)) {
      if (p.nodePort) continue;
      const same = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === p.protocol && o.nodePort);
      if (same) p.nodePort = same.nodePort;
    }
  }
}

/** The allocations of the service REST storage: what is missing is allocated, what is new is reserved. */
function allocate(spec: Rec, allocator: ServiceAllocator, oldSpec?: Rec): FieldError[] {
  const errors: FieldError[] = [];
  const requested = str(spec.clusterIP) || (Array.isArray(spec.clusterIPs) ? str(spec.clusterIPs[0]) : '');
  if (requested === 'None') {
    spec.clusterIP = 'None';
    spec.clusterIPs = ['None'];
  } else if (requested === '') {
    const ip = allocator.allocateIp();
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  } else if (requested !== str(oldSpec?.clusterIP)) {
    spec.clusterIP = requested;
    if (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) spec.clusterIPs = [requested];
    const problem = allocator.reserveIp(requested);
    if (problem) {
      errors.push(invalid('spec.clusterIPs', goSliceOfStrings(spec.clusterIPs as string[]), `failed to allocate IP ${requested}: ${problem}`));
    }
  }
  const type = str(spec.type);
  const wantsNodePorts = type === 'NodePort' || (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  if (wantsNodePorts) {
    const held = new Set(oldSpec ? allocatedNodePorts(oldSpec) : []);
    records(spec.ports).forEach((p, i) => {
      if (typeof p.nodePort === 'number' && held.has(p.nodePort)) return;
      if (typeof p.nodePort === 'number' && p.nodePort !== 0) {
        const problem = allocator.reserveNodePort(p.nodePort);
        if (problem) errors.push(invalid(`spec.ports[${i}].nodePort`, p.nodePort, problem));
      } else {
        p.nodePort = allocator.allocateNodePort();
      }
    });
  }
  if (type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort) {
    spec.healthCheckNodePort = allocator.allocateNodePort();
  }
  return errors;
}
