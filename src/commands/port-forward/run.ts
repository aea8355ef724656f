// kcurl port-forward: kubectl v1.32's requests (the builder's GET, the pods of a workload or service, the pod GET
// that checks it is Running), then the WebSocket upgrade of …/portforward (SPDY/3.1+portforward.k8s.io: SPDY
// frames in binary messages) with the SPDY/3.1 POST as its fallback, then client-go's PortForwarder: listeners on
// each address and port ("Forwarding from 127.0.0.1:8080 -> 80"), and per local connection an error stream and a
// data stream (headers streamType, port, requestID) copied both ways. An error the kubelet writes on the error
// stream is logged as kubectl logs it and ends the session ("error: lost connection to pod"); SIGINT or SIGTERM
// ends it cleanly (GOAWAY, listeners closed, exit 0).
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Session } from '../../cli/session.js';
import { KcurlError, usageError } from '../../errors.js';
import { ensureOk, parseStatus } from '../../http/status.js';
import { socketClosed, websocketAccept, websocketKey, websocketOver } from '../../http/websocket.js';
import { runStep, showWhenOffline } from '../../plan/run-plan.js';
import type { RequestStep } from '../../plan/request-plan.js';
import { SpdyClientSession } from '../../protocol/spdy.js';
import { hostPort } from '../proxy/run.js';
import { PROTOBUF_NOTE, objectStep } from '../logs/plan.js';
import { attachablePod, readPod, refuseOtherLanguages } from '../exec/run.js';
import { splitTarget } from '../exec/plan.js';
import type { PortForwardFlags } from './flags.js';
import {
  type ForwardedPort,
  type ListenAddress,
  PORT_FORWARD_PROTOCOL,
  checkUdpPorts,
  convertPodNamedPorts,
  formatPorts,
  parseAddresses,
  parsePorts,
  podCheckStep,
  portForwardSpdyStep,
  portForwardStep,
  translateServicePorts,
} from './plan.js';

type Obj = Record<string, any>;

const KUBECTL = 'kubectl port-forward';

export async function runPortForward(session: Session, positionals: string[], flags: PortForwardFlags): Promise<number> {
  // kubectl port-forward's Complete.
  if (positionals.length < 2)
    throw usageError('TYPE/NAME and list of ports are required for port-forward', "See 'kcurl port-forward -h' for help and examples");
  refuseOtherLanguages(session, 'port-forward');
  const [resourceArg, ...portArgs] = positionals;
  const target = splitTarget(resourceArg);
  const creds = await session.credentials();
  const namespace = creds.namespace.value;
  const resource = (await session.resolveTypes([target.type]))[0];
  const isPod = resource.group === '' && resource.resource === 'pods';
  const isService = resource.group === '' && resource.resource === 'services';
  const lookup = objectStep(resource, namespace, target.name);
  if (isPod) lookup.purpose = `get pod "${target.name}" (kubectl's builder reads the object named)`;
  const addresses = flags.address.flatMap((a) => a.split(',')).filter(Boolean);
  const notes = isPod ? [] : [`kubectl lists the pods selected by ${resourceArg} and forwards to the most active one`, PROTOBUF_NOTE];
  notes.push('kubectl reads the pod again with Accept: application/vnd.kubernetes.protobuf,application/json; kcurl asks for JSON');

  if (
    await showWhenOffline(session, async () => {
      const pod = isPod ? target.name : 'POD';
      // A named port (or a service's port) is resolved from the objects read first: without them, it is left to set.
      const numeric = portArgs.filter((p) => /^[0-9]*(:[0-9]+)?$/.test(p));
      const offline = [...notes];
      if (!isPod) offline.push('POD stands for the pod kubectl picks');
      if (numeric.length < portArgs.length || isService)
        offline.push(
          `kubectl resolves ${isService ? "a service's ports to their target ports in the pod" : 'named ports from the pod'}; --offline reads nothing, so set PORTS in the snippet`,
        );
      return session.finalize({
        command: KUBECTL,
        steps: [lookup, podCheckStep(namespace, pod), portForwardStep(namespace, pod, isService ? [] : parsePorts(numeric), addresses)],
        notes: offline,
      });
    })
  )
    return 0;

  // 1. The object, as kubectl's builder reads it; for a workload or service, the pod it picks.
  let { obj, lookups } = await readPod(session, KUBECTL, lookup, namespace);
  let pod = obj;
  if (!isPod) {
    const chosen = await attachablePod(session, KUBECTL, resource, obj, namespace, flags.podRunningTimeout);
    lookups = [...lookups, ...chosen.lookups];
    pod = chosen.pod;
  }
  const podName = String(pod.metadata?.name ?? '');

  // 2. The ports: a service's port becomes its target port in the pod, a named port the container's number.
  checkUdpPorts(portArgs, isService ? obj : pod, isService);
  const converted = isService ? translateServicePorts(portArgs, obj, pod) : convertPodNamedPorts(portArgs, pod);

  // 3. RunPortForward: the pod again, which must be Running.
  const check = await session.finalize({ command: KUBECTL, steps: [podCheckStep(namespace, podName)] });
  lookups = [...lookups, ...check.steps];
  const checked = (await runStep(session, check, { show: false })).responses[0];
  if (checked.status >= 300) {
    await session.show({ command: KUBECTL, steps: lookups, notes });
    ensureOk(checked);
  }
  const phase = (JSON.parse(checked.body) as Obj).status?.phase ?? '';
  if (phase !== 'Running') throw new KcurlError('KCURL_API_STATUS', `unable to forward port because pod is not running. Current status=${phase}`);

  // 4. NewOnAddresses: addresses, then ports (kubectl checks them only now).
  const listenAddresses = parseAddresses(addresses);
  const ports = parsePorts(converted);
  const plan = await session.finalize({ command: KUBECTL, steps: [portForwardStep(namespace, podName, ports, addresses)], notes });
  await session.show({ ...plan, steps: [...lookups, ...plan.steps] });

  // 5. The upgrade; its SPDY session; the listeners.
  const tunnel = await dial(session, plan.steps[0], namespace, podName);
  return forward(session, tunnel, ports, listenAddresses);
}

/** A SPDY session's way to the server: WebSocket messages, or the upgraded socket itself (the SPDY fallback). */
interface Tunnel {
  send(frame: Buffer): void;
  /** Every chunk of SPDY bytes from the server, then the end when the connection closes. */
  chunks: AsyncIterable<Buffer>;
  /** Ends the connection politely (WebSocket close, or FIN). */
  close(): void;
  /** Ends it at once. */
  destroy(): void;
  /** Resolves once the connection has closed (then the upgrade's recording has ended too). */
  closed: Promise<void>;
  /** The connection's write buffer is full: calls `then` once it has drained (SPDY has no flow control of its own here). */
  full(then: () => void): boolean;
}

/** Backpressure of a socket: full while its write buffer is past the high-water mark. */
function fullness(socket: Duplex): Tunnel['full'] {
  return (then) => {
    if (!socket.writableNeedDrain) return false;
    socket.once('drain', then);
    return true;
  };
}

/** client-go's fallback dialer: the WebSocket tunnel, or after an upgrade failure the SPDY/3.1 upgrade POST. */
async function dial(session: Session, step: RequestStep, namespace: string, pod: string): Promise<Tunnel> {
  const key = websocketKey();
  const up = await session.upgrade({ ...step, headers: [...step.headers, ['Sec-Websocket-Key', key]] });
  if (up.status === 101 && up.socket) {
    const protocol = String(up.headers['sec-websocket-protocol'] ?? '');
    if (String(up.headers['sec-websocket-accept'] ?? '') !== websocketAccept(key)) {
      up.socket.destroy();
      throw new KcurlError('KCURL_NETWORK', "error upgrading connection: the server's Sec-WebSocket-Accept does not match the key sent");
    }
    if (protocol !== PORT_FORWARD_PROTOCOL) {
      up.socket.destroy();
      throw new KcurlError('KCURL_NETWORK', `unable to negotiate protocol: client supports "portforward.k8s.io", server returned "${protocol}"`);
    }
    const ws = websocketOver(up.socket);
    const socket = up.socket;
    return {
      send: (b) => ws.send(b),
      chunks: ws.messages,
      close: () => ws.close(),
      destroy: () => socket.destroy(),
      closed: socketClosed(socket),
      full: fullness(socket),
    };
  }
  const fallback = (await session.finalize({ command: KUBECTL, steps: [portForwardSpdyStep(namespace, pod)] })).steps[0];
  const again = await session.upgrade(fallback);
  if (again.status === 101 && again.socket) return socketTunnel(again.socket);
  // spdy.RoundTripper: the answer's Status when it is one, else its text.
  let reason: string;
  try {
    reason = String(parseStatus(again).message ?? '');
  } catch {
    reason = `unable to upgrade connection: ${again.body.trim()}`;
  }
  throw new KcurlError('KCURL_API_STATUS', `error upgrading connection: ${reason}`);
}

/** Plain SPDY on the upgraded socket (the fallback POST's 101). */
function socketTunnel(socket: Duplex): Tunnel {
  return {
    send: (b) => {
      if (!socket.destroyed) socket.write(b);
    },
    chunks: {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const chunk of socket) yield chunk as Buffer;
        } catch {
          // a reset connection ends the session like a closed one
        }
      },
    },
    close: () => socket.end(),
    destroy: () => socket.destroy(),
    closed: socketClosed(socket),
    full: fullness(socket),
  };
}

/** Go's net.Listen error text for a bind failure. */
function listenError(address: ListenAddress, port: number, err: NodeJS.ErrnoException): string {
  const why: Record<string, string> = {
    EADDRINUSE: 'bind: address already in use',
    EADDRNOTAVAIL: 'bind: cannot assign requested address',
    EACCES: 'bind: permission denied',
  };
  return `unable to create listener: Error listen ${address.protocol} ${hostPort(address.address, port)}: ${why[err.code ?? ''] ?? err.message}`;
}

function listenOn(address: ListenAddress, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(listenError(address, port, e))));
    server.listen({ host: address.address, port, ipv6Only: address.protocol === 'tcp6', exclusive: true }, () => resolve(server));
  });
}

/** klog's header for an error line: E, MMDD hh:mm:ss.uuuuuu, the pid, the source line kubectl v1.32 logs from. */
export function klogError(now: Date, pid: number | undefined, text: string): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(now.getMonth() + 1)}${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds() * 1000, 6)}`;
  return `E${stamp} ${String(pid ?? 0).padStart(7)} portforward.go:424] "Unhandled Error" err=${JSON.stringify(text)}\n`;
}

/** client-go PortForwarder.forward: listen, serve connections until SIGINT/SIGTERM or the session is lost. */
async function forward(session: Session, tunnel: Tunnel, ports: ForwardedPort[], addresses: ListenAddress[]): Promise<number> {
  const io = session.io;
  const spdy = new SpdyClientSession((b) => tunnel.send(b));
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let requestId = 0;
  let stopped = false;
  let lostResolve!: () => void;
  const lost = new Promise<void>((r) => (lostResolve = r));
  spdy.onClose = () => lostResolve();
  // Local connections whose write buffer is full. The tunnel is not read until they have drained, as client-go's
  // one frame reader waits on a stream whose reader does not keep up: a slow local client holds the pod's side
  // back (through TCP) instead of filling this process's memory. Other streams wait meanwhile, as in kubectl.
  const congested = new Map<Socket, Promise<void>>();
  const reading = (async () => {
    for await (const chunk of tunnel.chunks) {
      spdy.feed(chunk);
      while (congested.size) await Promise.all(congested.values());
    }
    spdy.lost();
  })().catch(() => spdy.lost());
  const writeLocal = (conn: Socket, b: Buffer) => {
    if (conn.destroyed || conn.write(b) || congested.has(conn)) return;
    congested.set(
      conn,
      new Promise<void>((resolve) => {
        const done = () => {
          conn.off('drain', done);
          conn.off('close', done);
          congested.delete(conn);
          resolve();
        };
        conn.on('drain', done);
        conn.on('close', done);
      }),
    );
  };

  const handle = async (conn: Socket, port: ForwardedPort) => {
    sockets.add(conn);
    conn.on('close', () => sockets.delete(conn));
    conn.on('error', () => {});
    io.stdout.write(`Handling connection for ${port.local}\n`);
    const id = requestId++;
    const headers: [string, string][] = [
      ['streamType', 'error'],
      ['port', String(port.remote)],
      ['requestID', String(id)],
    ];
    const errorText: Buffer[] = [];
    let errorDone: Promise<void>;
    let dataStream;
    try {
      const errorStream = await spdy.open(headers);
      // We are not writing to the error stream: read all of it.
      errorStream.end();
      errorDone = new Promise<void>((resolve) => {
        errorStream.onData = (b) => errorText.push(b);
        errorStream.onEnd = resolve;
      });
      dataStream = await spdy.open([['streamType', 'data'], ...headers.slice(1)]);
    } catch {
      conn.destroy();
      return;
    }
    const remoteDone = new Promise<void>((resolve) => {
      dataStream.onData = (b) => writeLocal(conn, b);
      dataStream.onEnd = resolve;
    });
    const localError = new Promise<void>((resolve) => conn.once('error', () => resolve()));
    conn.on('data', (b: Buffer) => {
      dataStream.write(b);
      // A local client faster than the API server: stop reading it until the tunnel has drained.
      if (tunnel.full(() => conn.resume())) conn.pause();
    });
    conn.on('end', () => dataStream.end());
    await Promise.race([remoteDone, localError]);
    dataStream.reset();
    conn.end();
    await errorDone;
    const message = Buffer.concat(errorText).toString('utf8');
    if (message && !stopped) {
      io.stderr.write(klogError(io.now(), io.pid, `an error occurred forwarding ${port.local} -> ${port.remote}: ${message}`));
      spdy.close();
    }
  };

  const closeAll = async () => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    // The server answers the close (so the upgrade's recording ends with it); one that does not is cut off.
    tunnel.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([reading.then(() => tunnel.closed), new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
    tunnel.destroy();
    await tunnel.closed;
  };

  // listenOnPort: every address of every port; localhost's pair fails only when both fail.
  let listening = false;
  for (const port of ports) {
    const errors: string[] = [];
    const failed = { all: 0, any: 0 };
    const succeeded = { all: 0, any: 0 };
    for (const address of addresses) {
      try {
        const server = await listenOn(address, port.local);
        const bound = server.address();
        if (bound && typeof bound === 'object') port.local = bound.port;
        io.stdout.write(`Forwarding from ${hostPort(address.address, port.local)} -> ${port.remote}\n`);
        const forwarded = { ...port };
        server.on('connection', (conn) => void handle(conn, forwarded));
        servers.push(server);
        succeeded[address.failureMode]++;
      } catch (e) {
        errors.push((e as Error).message);
        failed[address.failureMode]++;
      }
    }
    if ((succeeded.all === 0 && failed.all > 0) || failed.any > 0) {
      io.stderr.write(`Unable to listen on port ${port.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`);
    } else listening = true;
  }
  if (!listening) {
    spdy.close();
    await closeAll();
    throw new KcurlError('KCURL_NETWORK', `unable to listen on any of the requested ports: ${formatPorts(ports)}`);
  }

  // Until SIGINT/SIGTERM (kubectl stops at an interrupt) or the session's end.
  let removeHandler = () => {};
  const interrupted = new Promise<void>((resolve) => {
    removeHandler = io.onInterrupt(() => resolve());
  });
  const how = await Promise.race([interrupted.then(() => 'stopped' as const), lost.then(() => 'lost' as const)]);
  removeHandler();
  stopped = true;
  spdy.close();
  await closeAll();
  if (how === 'lost') throw new KcurlError('KCURL_NETWORK', 'lost connection to pod');
  return 0;
}
