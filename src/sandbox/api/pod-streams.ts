// pods/exec, pods/attach and pods/portforward: the streaming subresources. kubectl v1.32 opens them with a
// WebSocket GET (subprotocol v5.channel.k8s.io; authorized as `get`) and falls back to a SPDY POST (`create`)
// when the upgrade fails. The sandbox speaks the WebSocket protocols of k8s.io/apimachinery's remotecommand:
// every binary message is one channel byte (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize) and its data;
// v5 adds the close signal (255, channel) a client sends when its stdin ends. The error channel carries the
// final metav1.Status (Success, or Failure with reason NonZeroExitCode and the ExitCode cause). What runs
// comes from the kubelet (api.podStreams); an exec or attach SPDY POST gets a clear 400 (the sandbox speaks their
// channels over WebSocket only). pods/portforward is served both ways: SPDY in a WebSocket, or plain SPDY/3.1 after
// the fallback POST (the shared codec, src/protocol/spdy.ts).
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { badRequest, methodNotAllowed, notFound } from '../api-error.js';
import { upgradeOf, type ApiServer } from '../api-server.js';
import { parseBool } from '../request-info.js';
import type { KubeObject } from '../types.js';
import { rec, str } from '../defaults/json-access.js';
import type { ResourceRequest } from './resources.js';
import { SpdySession, type SpdyStream } from '../../protocol/spdy.js';

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** Subprotocols served, best first (kubectl v1.32 offers only v5). */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

export interface TerminalSize {
  width: number;
  height: number;
}

/** What an exec or attach session gives the kubelet: the client's streams. */
export interface StreamSession {
  /** The client's stdin bytes, null once it has ended; undefined when stdin was not requested. */
  stdin?: { read(): Promise<Buffer | null> };
  tty: boolean;
  /** Writes to the client's stdout or stderr (stderr goes to stdout under a tty, as a terminal has one). */
  write(stream: 'stdout' | 'stderr', data: string | Buffer): void;
  /** Terminal sizes as the client reports them (the first one right after it starts). */
  onResize(listener: (size: TerminalSize) => void): void;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** How a session ended: the command's exit code, or an error the runtime reports (no command started). */
export type StreamResult = { exitCode: number; command?: string } | { error: string };

/** Subprotocol of kubectl port-forward over WebSocket: SPDY tunnelled in binary messages. */
export const PORT_FORWARD_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

/** The SPDY stream protocol of port-forward (X-Stream-Protocol-Version of the SPDY upgrade). */
const SPDY_PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

/** ws accepts only RFC 7230 tokens as offered subprotocols ('/' is not one): the port-forward one is renamed on the way in. */
const PORT_FORWARD_TOKEN = 'spdy-3.1-portforward.k8s.io';

export interface PodStreams {
  /** A connection to a port of the pod; undefined when nothing listens there. */
  connect(pod: KubeObject, port: number, peer: { data(b: Buffer): void; end(): void }): { write(data: Buffer): void; end(): void } | undefined;
  exec(pod: KubeObject, container: string, command: string[], session: StreamSession): Promise<StreamResult>;
  attach(pod: KubeObject, container: string, session: StreamSession): Promise<StreamResult>;
  /** Why the container cannot be exec'd or attached to now (not running), or undefined. */
  unavailable(pod: KubeObject, container: string): string | undefined;
}

const wss = new WebSocketServer({
  noServer: true,
  // Neither kubectl nor the apiserver compress these streams.
  perMessageDeflate: false,
  handleProtocols: (offered) => (offered.has(PORT_FORWARD_TOKEN) ? PORT_FORWARD_PROTOCOL : (EXEC_PROTOCOLS.find((p) => offered.has(p)) ?? false)),
});

interface StreamOptions {
  container: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The pod and the options of the request, checked as kube-apiserver and kubelet check them. */
function streamOptions(api: ApiServer, r: ResourceRequest): { pod: KubeObject; options: StreamOptions } {
  const pod = api.store.get({ group: '', resource: 'pods' }, r.namespace, r.name);
  if (!pod) throw notFound({ group: '', resource: 'pods' }, r.name);
  const spec = (pod.spec ?? {}) as {
    containers?: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
    nodeName?: string;
  };
  const q = r.query;
  let container = q.get('container') ?? '';
  const names = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
  // pod.streamLocation: the only container by default, a name required among several, a known one.
  if (!container) {
    if ((spec.containers ?? []).length !== 1)
      throw badRequest(`a container name must be specified for pod ${r.name}, choose one of: [${(spec.containers ?? []).map((c) => c.name).join(' ')}]`);
    container = (spec.containers ?? [])[0].name;
  } else if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${r.name}`);
  if (!spec.nodeName) throw badRequest(`pod ${r.name} does not have a host assigned`);
  const options: StreamOptions = {
    container,
    command: q.getAll('command'),
    stdin: parseBool(q.get('stdin')) === true,
    stdout: parseBool(q.get('stdout')) === true,
    stderr: parseBool(q.get('stderr')) === true,
    tty: parseBool(q.get('tty')) === true,
  };
  // kubelet's remotecommand server: at least one stream, and a tty has no separate stderr.
  if (r.subresource !== 'portforward' && !options.stdin && !options.stdout && !options.stderr)
    throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  if (r.subresource === 'exec' && options.command.length === 0) throw badRequest('you must specify at least one command for the container');
  if (options.tty && options.stderr) options.stderr = false;
  return { pod, options };
}

export async function handlePodStream(api: ApiServer, r: ResourceRequest): Promise<void> {
  r.req.resume();
  if (r.method !== 'GET' && r.method !== 'POST') throw methodNotAllowed();
  const { pod, options } = streamOptions(api, r);
  const streams = api.podStreams;
  if (r.subresource === 'portforward') return servePortForward(api, r, pod);
  const why = streams ? streams.unavailable(pod, options.container) : 'no kubelet runs this pod';
  if (why) throw badRequest(why);
  const upgrade = upgradeOf(r.req);
  const isWebSocket = String(r.req.headers.upgrade ?? '').toLowerCase() === 'websocket';
  if (!upgrade || !isWebSocket) {
    if (
      String(r.req.headers.upgrade ?? '')
        .toUpperCase()
        .startsWith('SPDY/')
    ) {
      throw badRequest(
        `unable to upgrade connection: kcurl sandbox serves pods/${r.subresource} over WebSocket (${EXEC_PROTOCOLS[0]}) only, not SPDY; unset KUBECTL_REMOTE_COMMAND_WEBSOCKETS (or set it to true) so kubectl uses WebSocket`,
      );
    }
    throw badRequest('Upgrade request required');
  }
  const offered = String(r.req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  if (!EXEC_PROTOCOLS.some((p) => offered.includes(p))) {
    throw badRequest(
      `unable to upgrade connection: none of the offered subprotocols [${offered.join(' ')}] is supported; the sandbox speaks ${EXEC_PROTOCOLS.join(', ')}`,
    );
  }
  const { socket, head } = upgrade;
  r.res.detachSocket(socket as never);
  wss.handleUpgrade(r.req as IncomingMessage, socket, head, (ws) => {
    void serveSession(api, ws, pod, options, r.subresource as 'exec' | 'attach');
  });
}

/**
 * pods/portforward: SPDY streams tunnelled in a WebSocket (kubectl v1.31+), or plain SPDY/3.1 on the upgraded
 * connection (the fallback POST, X-Stream-Protocol-Version: portforward.k8s.io), each data stream a connection to a
 * port of the pod.
 */
function servePortForward(api: ApiServer, r: ResourceRequest, pod: KubeObject): void {
  const upgrade = upgradeOf(r.req);
  const offered = String(r.req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const upgradeHeader = String(r.req.headers.upgrade ?? '');
  const isWebSocket = upgradeHeader.toLowerCase() === 'websocket' && offered.includes(PORT_FORWARD_PROTOCOL);
  const streamProtocols = String(r.req.headers['x-stream-protocol-version'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const isSpdy = upgradeHeader.toUpperCase() === 'SPDY/3.1' && streamProtocols.includes(SPDY_PORT_FORWARD_PROTOCOL);
  if (!upgrade || (!isWebSocket && !isSpdy)) {
    if (upgradeHeader.toUpperCase().startsWith('SPDY/'))
      throw badRequest(`unable to upgrade connection: the SPDY upgrade must offer X-Stream-Protocol-Version ${SPDY_PORT_FORWARD_PROTOCOL}`);
    throw badRequest('Upgrade request required');
  }
  if (str(rec(pod.status).phase) !== 'Running') throw badRequest(`pod ${pod.metadata.name} is not running`);
  const { socket, head } = upgrade;
  r.res.detachSocket(socket as never);
  if (isSpdy) {
    // httpstream's SPDY upgrade: 101 with the protocol chosen, then SPDY frames on the connection itself.
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${SPDY_PORT_FORWARD_PROTOCOL}\r\n\r\n`,
    );
    const spdy = forwardingSession(api, pod, (b) => {
      if (!socket.destroyed) socket.write(b);
    });
    const feed = (chunk: Buffer) => {
      try {
        spdy.feed(chunk);
      } catch (e) {
        api.opts.onInternalError?.(e);
        socket.destroy();
      }
    };
    if (head.length) feed(head);
    socket.on('data', feed);
    socket.on('close', () => spdy.close());
    socket.on('error', () => spdy.close());
    return;
  }
  r.req.headers['sec-websocket-protocol'] = PORT_FORWARD_TOKEN;
  wss.handleUpgrade(r.req as IncomingMessage, socket, head, (ws) => {
    const spdy = forwardingSession(api, pod, (b) => {
      if (ws.readyState === ws.OPEN) ws.send(b, { binary: true });
    });
    ws.on('message', (data: Buffer) => {
      try {
        spdy.feed(Buffer.from(data));
      } catch (e) {
        // A frame the sandbox cannot read: the connection ends, as a SPDY protocol error would end it.
        api.opts.onInternalError?.(e);
        ws.close(1011);
      }
    });
    ws.on('close', () => spdy.close());
    ws.on('error', () => spdy.close());
  });
}

/** The kubelet's side of a port-forward session: each data stream connects to its port, errors go on the paired error stream. */
function forwardingSession(api: ApiServer, pod: KubeObject, send: (b: Buffer) => void): SpdySession {
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  return new SpdySession(send, (stream) => {
    const type = stream.headers.get('streamtype');
    const port = Number(stream.headers.get('port'));
    const id = stream.headers.get('requestid') ?? '';
    const pair = pairs.get(id) ?? {};
    pairs.set(id, pair);
    if (type === 'error') pair.error = stream;
    else if (type === 'data') {
      pair.data = stream;
      const current = api.store.get({ group: '', resource: 'pods' }, pod.metadata.namespace, pod.metadata.name) ?? pod;
      const finish = () => {
        stream.end();
        pair.error?.end();
        pairs.delete(id);
      };
      const conn = api.podStreams?.connect(current, port, { data: (b) => stream.write(b), end: finish });
      if (!conn) {
        // kubelet's wording (containerd's portforward), with what the sandbox simulates.
        pair.error?.write(
          Buffer.from(
            `error forwarding port ${port} to pod ${pod.metadata.uid}, uid : failed to execute portforward in network namespace: failed to connect to localhost:${port} inside namespace: dial tcp4 127.0.0.1:${port}: connect: connection refused (kcurl sandbox simulates nginx's port 80 only)`,
          ),
        );
        finish();
        return;
      }
      stream.onData = (b) => conn.write(b);
      stream.onEnd = () => conn.end();
    }
  });
}

/** How long after the upgrade an exec's process starts (see serveSession). */
const EXEC_START_MS = 20;

/** One exec/attach over an upgraded WebSocket: channels in, channels out, the Status at the end. */
async function serveSession(api: ApiServer, ws: WebSocket, pod: KubeObject, options: StreamOptions, kind: 'exec' | 'attach'): Promise<void> {
  const v5 = ws.protocol === 'v5.channel.k8s.io';
  const gone = new AbortController();
  const chunks: (Buffer | null)[] = [];
  let wake: (() => void) | undefined;
  let stdinEnded = false;
  const endStdin = () => {
    if (stdinEnded) return;
    stdinEnded = true;
    chunks.push(null);
    wake?.();
  };
  const resizeListeners: ((s: TerminalSize) => void)[] = [];
  let lastSize: TerminalSize | undefined;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const msg = isBinary ? data : Buffer.from(data);
    if (msg.length === 0) return;
    const channel = msg[0];
    const payload = msg.subarray(1);
    if (channel === CHANNEL.stdin) {
      if (!options.stdin || stdinEnded || payload.length === 0) return;
      chunks.push(Buffer.from(payload));
      wake?.();
    } else if (channel === CHANNEL.resize) {
      try {
        const s = JSON.parse(payload.toString('utf8')) as { Width?: number; Height?: number };
        lastSize = { width: Number(s.Width ?? 0), height: Number(s.Height ?? 0) };
        for (const l of resizeListeners) l(lastSize);
      } catch {
        // A malformed resize is ignored, as kubelet's handleResizeEvents stops reading them.
      }
    } else if (v5 && channel === CHANNEL.close && payload[0] === CHANNEL.stdin) endStdin();
  });
  const onGone = () => {
    endStdin();
    gone.abort();
  };
  ws.on('close', onGone);
  ws.on('error', onGone);
  const send = (channel: number, data: string | Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (body.length === 0) return;
    ws.send(Buffer.concat([Buffer.from([channel]), body]), { binary: true });
  };
  const session: StreamSession = {
    stdin: options.stdin
      ? {
          read: async () => {
            while (chunks.length === 0) await new Promise<void>((r) => (wake = r));
            const next = chunks.shift() as Buffer | null;
            if (next === null) chunks.unshift(null);
            return next;
          },
        }
      : undefined,
    tty: options.tty,
    write: (stream, data) => {
      if (stream === 'stdout' && options.stdout) send(CHANNEL.stdout, data);
      else if (stream === 'stderr') {
        if (options.stderr) send(CHANNEL.stderr, data);
        else if (options.tty && options.stdout) send(CHANNEL.stdout, data);
      }
    },
    onResize: (l) => {
      resizeListeners.push(l);
      if (lastSize) l(lastSize);
    },
    signal: gone.signal,
  };
  // Before kubelet starts an exec's process, the API server's stream translator has dialled the kubelet and the
  // runtime has created the process: milliseconds in which kubectl's WebSocket client sets up its streams. Output
  // sent sooner is dropped by kubectl v1.32 ("Unknown stream id 1, discarding message"), which a busy machine
  // showed when the sandbox answered an exec at once.
  if (kind === 'exec') await new Promise((resolve) => setTimeout(resolve, EXEC_START_MS));
  let result: StreamResult;
  try {
    result =
      kind === 'exec'
        ? await api.podStreams!.exec(pod, options.container, options.command, session)
        : await api.podStreams!.attach(pod, options.container, session);
  } catch (e) {
    api.opts.onInternalError?.(e);
    result = { error: (e as Error)?.message ?? String(e) };
  }
  send(CHANNEL.error, JSON.stringify(resultStatus(result, options.command)));
  ws.close(1000);
}

/** The Status kubelet's remotecommand server writes on the error channel. */
export function resultStatus(result: StreamResult, command: string[]): Record<string, unknown> {
  if ('error' in result) return { metadata: {}, status: 'Failure', message: result.error, reason: 'InternalError', code: 500 };
  if (result.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    // The CRI runtime's CodeExitError, wrapped by kubelet.
    message: `command terminated with non-zero exit code: command '${command.join(' ')}' exited with ${result.exitCode}: `,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(result.exitCode) }] },
  };
}
