// The client side of RFC 6455 over a socket the executor upgraded (kcurl exec and attach): the handshake's
// key and its check, then frames: binary messages out (masked, as a client must), messages in (fragments
// joined), ping answered, close answered. kubectl's gorilla/websocket does the same under client-go's
// remotecommand; the channel protocol on top of it lives in src/commands/exec/stream-session.ts.
import { createHash, randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { wakeup } from './wakeup.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A fresh Sec-WebSocket-Key: 16 random bytes, base64. */
export function websocketKey(): string {
  return randomBytes(16).toString('base64');
}

/** The Sec-WebSocket-Accept a server must answer for a key. */
export function websocketAccept(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64');
}

const OP = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/** One frame as a client sends it: FIN set, masked with a fresh key. */
export function clientFrame(opcode: number, payload: Uint8Array): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (len < 126) head[1] = 0x80 | len;
  else if (len < 65536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(len, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = randomBytes(4);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i] ^ mask[i & 3];
  return Buffer.concat([head, mask, body]);
}

/** Parses whole frames off the front of `buf`; returns them and what is left (a partial frame). */
export function parseFrames(buf: Buffer): { frames: { fin: boolean; opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { fin: boolean; opcode: number; payload: Buffer }[] = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    const b0 = buf[at];
    const b1 = buf[at + 1];
    let len = b1 & 0x7f;
    let off = at + 2;
    if (len === 126) {
      if (buf.length - off < 2) break;
      len = buf.readUInt16BE(off);
      off += 2;
    } else if (len === 127) {
      if (buf.length - off < 8) break;
      len = Number(buf.readBigUInt64BE(off));
      off += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const mask = masked ? buf.subarray(off, off + 4) : undefined;
    if (masked) off += 4;
    if (buf.length - off < len) break;
    const payload = Buffer.from(buf.subarray(off, off + len));
    if (mask) for (let i = 0; i < len; i++) payload[i] ^= mask[i & 3];
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
    at = off + len;
  }
  return { frames, rest: buf.subarray(at) };
}

export interface WebSocketConnection {
  /** Sends one binary message. */
  send(data: Uint8Array): void;
  /** Sends a close frame (normal closure) and ends the socket once the server answers or goes away. */
  close(): void;
  /** Every message received, then the end when the connection closes. */
  messages: AsyncIterable<Buffer>;
  /** Resolves once the socket has closed (a recorded upgrade's stream has ended then too). */
  closed: Promise<void>;
  /** Ends the socket at once. */
  destroy(): void;
}

/** Resolves once `socket` has closed. */
export const socketClosed = (socket: Duplex): Promise<void> =>
  new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

/**
 * Closes a WebSocket and waits for the server to close the connection (so the socket, and a --record journal's
 * stream, end before the command returns); a server that does not answer within `ms` is cut off.
 */
export async function closeAndWait(ws: WebSocketConnection, ms = 2000): Promise<void> {
  ws.close();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ws.closed, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
  ws.destroy();
  await ws.closed;
}

/** Received message bytes that may wait for the reader before the socket is paused (and TCP holds the server back). */
const MAX_QUEUED = 1 << 20;

/** Speaks WebSocket over an upgraded socket; `head` is what arrived after the 101 answer's headers. */
export function websocketOver(socket: Duplex, head: Buffer = Buffer.alloc(0)): WebSocketConnection {
  const queue: (Buffer | null)[] = [];
  let queued = 0;
  const { wait, notify } = wakeup();
  let pending = head;
  let fragments: Buffer[] = [];
  let closing = false;
  let ended = false;
  const push = (m: Buffer | null) => {
    queue.push(m);
    if (m) queued += m.length;
    // A reader that does not keep up (port-forward to a slow local client) stops the reading here.
    if (queued >= MAX_QUEUED && !socket.isPaused()) socket.pause();
    notify();
  };
  const finish = () => {
    if (ended) return;
    ended = true;
    push(null);
  };
  const write = (b: Buffer) => {
    if (!socket.destroyed && socket.writable) socket.write(b);
  };
  const onData = (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const { frames, rest } = parseFrames(pending);
    pending = Buffer.from(rest);
    for (const f of frames) {
      if (f.opcode === OP.ping) write(clientFrame(OP.pong, f.payload));
      else if (f.opcode === OP.close) {
        if (!closing) write(clientFrame(OP.close, f.payload.subarray(0, 2)));
        closing = true;
        socket.end();
        finish();
      } else if (f.opcode === OP.pong) {
        // unsolicited pongs are ignored
      } else {
        fragments.push(f.payload);
        if (f.fin) {
          push(fragments.length === 1 ? fragments[0] : Buffer.concat(fragments));
          fragments = [];
        }
      }
    }
  };
  socket.on('data', onData);
  socket.on('end', finish);
  socket.on('close', finish);
  socket.on('error', finish);
  if (head.length) onData(Buffer.alloc(0));
  return {
    closed: socketClosed(socket),
    destroy: () => socket.destroy(),
    send: (data) => write(clientFrame(OP.binary, data)),
    close() {
      if (closing) return;
      closing = true;
      const code = Buffer.alloc(2);
      code.writeUInt16BE(1000);
      write(clientFrame(OP.close, code));
    },
    messages: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (queue.length === 0) await wait();
          const m = queue.shift()!;
          if (m === null) return;
          queued -= m.length;
          if (queued < MAX_QUEUED && socket.isPaused()) socket.resume();
          yield m;
        }
      },
    },
  };
}
