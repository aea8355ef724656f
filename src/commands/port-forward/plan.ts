// kcurl port-forward without I/O: kubectl v1.32's port and address parsing (client-go tools/portforward's
// parsePorts and parseAddresses, kubectl's named and service port translation), and the requests it sends: the
// pod GET RunPortForward checks the phase with, the WebSocket upgrade (subprotocol SPDY/3.1+portforward.k8s.io,
// feature PortForwardWebsockets) and, when that is refused, the SPDY/3.1 upgrade POST of the fallback dialer.
import { isIPv4, isIPv6 } from 'node:net';
import { KcurlError } from '../../errors.js';
import { ACCEPT, pathSegment, type RequestStep } from '../../plan/request-plan.js';

/** The WebSocket subprotocol kubectl v1.32 offers: SPDY tunnelled in binary messages. */
export const PORT_FORWARD_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
/** The SPDY stream protocol (X-Stream-Protocol-Version of the fallback; what the tunnel negotiates). */
export const PORT_FORWARD_V1 = 'portforward.k8s.io';

export interface ForwardedPort {
  local: number;
  remote: number;
}

export interface ListenAddress {
  address: string;
  protocol: 'tcp4' | 'tcp6';
  /** localhost's pair must fail on both to fail ("all"); an address given as an IP must not fail ("any"). */
  failureMode: 'all' | 'any';
}

type Obj = Record<string, any>;

/** Go's strconv.ParseUint(s, 10, 16) with its error text. */
function parseUint16(s: string): number | string {
  if (!/^[0-9]+$/.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  return n > 65535 ? `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range` : n;
}

/** client-go portforward.parsePorts: REMOTE, LOCAL:REMOTE, :REMOTE (a random local port). */
export function parsePorts(ports: readonly string[]): ForwardedPort[] {
  return ports.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new KcurlError('KCURL_USAGE', `invalid port format '${spec}'`);
    const localText = parts.length === 1 ? parts[0] : parts[0] || '0';
    const remoteText = parts.length === 1 ? parts[0] : parts[1];
    const local = parseUint16(localText);
    if (typeof local === 'string') throw new KcurlError('KCURL_USAGE', `error parsing local port '${localText}': ${local}`);
    const remote = parseUint16(remoteText);
    if (typeof remote === 'string') throw new KcurlError('KCURL_USAGE', `error parsing remote port '${remoteText}': ${remote}`);
    if (remote === 0) throw new KcurlError('KCURL_USAGE', 'remote port must be > 0');
    return { local, remote };
  });
}

/** client-go portforward.parseAddresses: localhost is 127.0.0.1 and ::1; sorted by address for a stable order. */
export function parseAddresses(addresses: readonly string[]): ListenAddress[] {
  const parsed = new Map<string, ListenAddress>();
  for (const address of addresses) {
    if (address === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', protocol: 'tcp6', failureMode: 'all' });
    } else if (isIPv4(address)) parsed.set(address, { address, protocol: 'tcp4', failureMode: 'any' });
    else if (isIPv6(address)) parsed.set(address, { address, protocol: 'tcp6', failureMode: 'any' });
    else throw new KcurlError('KCURL_USAGE', `${address} is not a valid IP`);
  }
  return [...parsed.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** kubectl's splitPort: [LOCAL:]REMOTE. */
function splitPort(port: string): [string, string] {
  const parts = port.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

const isNumber = (s: string) => /^[+-]?[0-9]+$/.test(s);

/** kubectl util.LookupContainerPortNumberByName. */
function containerPortByName(pod: Obj, name: string): number {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  throw new KcurlError('KCURL_USAGE', `Pod '${pod.metadata?.name}' does not have a named port '${name}'`);
}

/** kubectl util.LookupServicePortNumberByName. */
function servicePortByName(svc: Obj, name: string): number {
  for (const p of svc.spec?.ports ?? []) if (p.name === name) return p.port;
  throw new KcurlError('KCURL_USAGE', `Service '${svc.metadata?.name}' does not have a named port '${name}'`);
}

/** kubectl util.LookupContainerPortNumberByServicePort: the service port's targetPort in the pod. */
function containerPortByServicePort(svc: Obj, pod: Obj, port: number): number {
  for (const p of svc.spec?.ports ?? []) {
    if (p.port !== port) continue;
    if (svc.spec?.clusterIP === 'None') return port;
    const target = p.targetPort;
    if (target === undefined || typeof target === 'number') return target ? target : p.port;
    return containerPortByName(pod, String(target));
  }
  throw new KcurlError('KCURL_USAGE', `Service ${svc.metadata?.name} does not have a service port ${port}`);
}

/** kubectl convertPodNamedPortToNumber: a named remote port becomes the container's port number. */
export function convertPodNamedPorts(ports: readonly string[], pod: Obj): string[] {
  return ports.map((port) => {
    const [local, remote] = splitPort(port);
    if (remote === '') throw new KcurlError('KCURL_USAGE', 'remote port cannot be empty');
    const number = isNumber(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${number}` : number;
  });
}

/** kubectl translateServicePortToTargetPort: a service port (number or name) becomes its target port in the pod. */
export function translateServicePorts(ports: readonly string[], svc: Obj, pod: Obj): string[] {
  return ports.map((port) => {
    let [local, remote] = splitPort(port);
    let number: number;
    if (isNumber(remote)) number = Number(remote);
    else {
      number = servicePortByName(svc, remote);
      if (local === remote) local = String(number);
    }
    remote = String(containerPortByServicePort(svc, pod, number));
    return local !== remote ? `${local}:${remote}` : remote;
  });
}

/** kubectl checkUDPPortInPod / checkUDPPortInService: a port declared only for UDP cannot be forwarded. */
export function checkUdpPorts(ports: readonly string[], obj: Obj, isService: boolean): void {
  const udp = new Set<number>();
  const tcp = new Set<number>();
  const declared: Obj[] = isService ? (obj.spec?.ports ?? []) : (obj.spec?.containers ?? []).flatMap((c: Obj) => c.ports ?? []);
  for (const p of declared) {
    const n = isService ? p.port : p.containerPort;
    if (p.protocol === 'UDP') udp.add(n);
    else if (p.protocol === 'TCP') tcp.add(n);
  }
  for (const port of ports) {
    const remote = splitPort(port)[1];
    const n = isNumber(remote) ? Number(remote) : isService ? servicePortByName(obj, remote) : containerPortByName(obj, remote);
    if (udp.has(n) && !tcp.has(n)) throw new KcurlError('KCURL_USAGE', `UDP protocol is not supported for ${remote}`);
  }
}

const podPath = (namespace: string, pod: string) => `/api/v1/namespaces/${pathSegment(namespace)}/pods/${pathSegment(pod)}`;

/** RunPortForward's GET of the pod (the clientset's: kubectl asks for protobuf), to check it is Running. */
export function podCheckStep(namespace: string, pod: string): RequestStep {
  return {
    method: 'GET',
    path: podPath(namespace, pod),
    query: [],
    headers: [['Accept', ACCEPT.json]],
    stream: false,
    purpose: `get pod "${pod}" (kubectl checks that it is Running)`,
    kind: 'get',
    role: 'lookup',
  };
}

/** The WebSocket upgrade (GET; authorized as `get` on pods/portforward). No query: the ports travel in SPDY stream headers. */
export function portForwardStep(namespace: string, pod: string, ports: readonly ForwardedPort[], addresses: readonly string[]): RequestStep {
  return {
    method: 'GET',
    path: `${podPath(namespace, pod)}/portforward`,
    query: [],
    headers: [
      ['Upgrade', 'websocket'],
      ['Sec-Websocket-Protocol', PORT_FORWARD_PROTOCOL],
      ['Sec-Websocket-Version', '13'],
    ],
    stream: true,
    purpose: `forward ${ports.map((p) => `${p.local || 'a free port'} -> ${p.remote}`).join(', ') || 'the ports'} to pod ${pod} (a WebSocket upgrade carrying SPDY streams)`,
    kind: 'raw',
    role: 'call',
    forward: { ports: ports.map((p) => ({ ...p })), addresses: [...addresses] },
  };
}

/** The fallback dialer's request when the WebSocket upgrade is refused: a SPDY/3.1 upgrade POST (authorized as `create`). */
export function portForwardSpdyStep(namespace: string, pod: string): RequestStep {
  return {
    method: 'POST',
    path: `${podPath(namespace, pod)}/portforward`,
    query: [],
    headers: [
      ['Upgrade', 'SPDY/3.1'],
      ['X-Stream-Protocol-Version', PORT_FORWARD_V1],
    ],
    stream: true,
    purpose: 'the SPDY fallback of the port-forward upgrade',
    kind: 'raw',
    role: 'call',
  };
}

/** Go's fmt %v of []ForwardedPort, as kubectl's "unable to listen on any of the requested ports" prints it. */
export function formatPorts(ports: readonly ForwardedPort[]): string {
  return `[${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`;
}
