// SPDY/3.1 as kubectl port-forward speaks it inside a WebSocket (subprotocol SPDY/3.1+portforward.k8s.io, each
// binary message a piece of the SPDY byte stream), shared by the sandbox's pods/portforward and kcurl's client
// (as the protobuf codec is, src/protobuf/codec.ts). The server's session: frames in and out, streams opened by
// the client's SYN_STREAM and answered with SYN_REPLY, data with FIN for half-close, PING echoed, RST_STREAM and
// GOAWAY honoured. The client's session (kcurl port-forward, as client-go's spdystream connection): streams
// opened with SYN_STREAM (odd ids), data with FIN, RST_STREAM, GOAWAY on close, PING answered.
// Header blocks a client sends are zlib-compressed with SPDY's preset dictionary (one zlib stream per direction,
// sync-flushed per block, as Go's spdy framer does); the server's are stored (uncompressed) deflate blocks of a
// zlib stream without a dictionary, which the client's zlib reader accepts. Neither side does flow control:
// spdystream (kubelet, kubectl) ignores WINDOW_UPDATE and sends none.
import { constants, createDeflate, inflateSync } from 'node:zlib';

/** SPDY/3's header compression dictionary (the draft-3 specification's, 1423 bytes). */
export const DICTIONARY = Buffer.from(
  'AAAAB29wdGlvbnMAAAAEaGVhZAAAAARwb3N0AAAAA3B1dAAAAAZkZWxldGUAAAAFdHJhY2UAAAAGYWNjZXB0AAAADmFjY2VwdC1jaGFyc2V0AAAAD2FjY2VwdC1lbmNvZGluZwAAAA9hY2NlcHQtbGFuZ3VhZ2UAAAANYWNjZXB0LXJhbmdlcwAAAANhZ2UAAAAFYWxsb3cAAAANYXV0aG9yaXphdGlvbgAAAA1jYWNoZS1jb250cm9sAAAACmNvbm5lY3Rpb24AAAAMY29udGVudC1iYXNlAAAAEGNvbnRlbnQtZW5jb2RpbmcAAAAQY29udGVudC1sYW5ndWFnZQAAAA5jb250ZW50LWxlbmd0aAAAABBjb250ZW50LWxvY2F0aW9uAAAAC2NvbnRlbnQtbWQ1AAAADWNvbnRlbnQtcmFuZ2UAAAAMY29udGVudC10eXBlAAAABGRhdGUAAAAEZXRhZwAAAAZleHBlY3QAAAAHZXhwaXJlcwAAAARmcm9tAAAABGhvc3QAAAAIaWYtbWF0Y2gAAAARaWYtbW9kaWZpZWQtc2luY2UAAAANaWYtbm9uZS1tYXRjaAAAAAhpZi1yYW5nZQAAABNpZi11bm1vZGlmaWVkLXNpbmNlAAAADWxhc3QtbW9kaWZpZWQAAAAIbG9jYXRpb24AAAAMbWF4LWZvcndhcmRzAAAABnByYWdtYQAAABJwcm94eS1hdXRoZW50aWNhdGUAAAATcHJveHktYXV0aG9yaXphdGlvbgAAAAVyYW5nZQAAAAdyZWZlcmVyAAAAC3JldHJ5LWFmdGVyAAAABnNlcnZlcgAAAAJ0ZQAAAAd0cmFpbGVyAAAAEXRyYW5zZmVyLWVuY29kaW5nAAAAB3VwZ3JhZGUAAAAKdXNlci1hZ2VudAAAAAR2YXJ5AAAAA3ZpYQAAAAd3YXJuaW5nAAAAEHd3dy1hdXRoZW50aWNhdGUAAAAGbWV0aG9kAAAAA2dldAAAAAZzdGF0dXMAAAAGMjAwIE9LAAAAB3ZlcnNpb24AAAAISFRUUC8xLjEAAAADdXJsAAAABnB1YmxpYwAAAApzZXQtY29va2llAAAACmtlZXAtYWxpdmUAAAAGb3JpZ2luMTAwMTAxMjAxMjAyMjA1MjA2MzAwMzAyMzAzMzA0MzA1MzA2MzA3NDAyNDA1NDA2NDA3NDA4NDA5NDEwNDExNDEyNDEzNDE0NDE1NDE2NDE3NTAyNTA0NTA1MjAzIE5vbi1BdXRob3JpdGF0aXZlIEluZm9ybWF0aW9uMjA0IE5vIENvbnRlbnQzMDEgTW92ZWQgUGVybWFuZW50bHk0MDAgQmFkIFJlcXVlc3Q0MDEgVW5hdXRob3JpemVkNDAzIEZvcmJpZGRlbjQwNCBOb3QgRm91bmQ1MDAgSW50ZXJuYWwgU2VydmVyIEVycm9yNTAxIE5vdCBJbXBsZW1lbnRlZDUwMyBTZXJ2aWNlIFVuYXZhaWxhYmxlSmFuIEZlYiBNYXIgQXByIE1heSBKdW4gSnVsIEF1ZyBTZXB0IE9jdCBOb3YgRGVjIDAwOjAwOjAwIE1vbiwgVHVlLCBXZWQsIFRodSwgRnJpLCBTYXQsIFN1biwgR01UY2h1bmtlZCx0ZXh0L2h0bWwsaW1hZ2UvcG5nLGltYWdlL2pwZyxpbWFnZS9naWYsYXBwbGljYXRpb24veG1sLGFwcGxpY2F0aW9uL3hodG1sK3htbCx0ZXh0L3BsYWluLHRleHQvamF2YXNjcmlwdCxwdWJsaWNwcml2YXRlbWF4LWFnZT1nemlwLGRlZmxhdGUsc2RjaGNoYXJzZXQ9dXRmLThjaGFyc2V0PWlzby04ODU5LTEsdXRmLSwqLGVucT0wLg==',
  'base64',
);

/** Control frame types (SPDY/3 §2.6). */
export const CONTROL = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;
export const FLAG_FIN = 0x01;
/** RST_STREAM status codes used here. */
export const RST = { protocolError: 1, cancel: 5 } as const;
/** The most data one DATA frame carries here (Go's io.Copy buffer; the format allows 16 MiB). */
export const MAX_DATA = 32 * 1024;

/** One frame read off the byte stream. */
export type SpdyFrame = { control: true; type: number; flags: number; payload: Buffer } | { control: false; streamId: number; flags: number; data: Buffer };

/** A control frame: version 3, its type, flags and payload. */
export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8003, 0);
  h.writeUInt16BE(type, 2);
  h[4] = flags;
  h.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([h, payload]);
}

/** A DATA frame of a stream. */
export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(streamId & 0x7fffffff, 0);
  h[4] = flags;
  h.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([h, data]);
}

/** SYN_STREAM: stream id, no associated stream, priority 0, slot 0, then the compressed header block. */
export function synStreamFrame(streamId: number, headerBlock: Buffer, flags = 0): Buffer {
  const p = Buffer.alloc(10);
  p.writeUInt32BE(streamId & 0x7fffffff, 0);
  return controlFrame(CONTROL.synStream, flags, Buffer.concat([p, headerBlock]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  return controlFrame(CONTROL.rstStream, 0, Buffer.concat([u32(streamId & 0x7fffffff), u32(status)]));
}

/** GOAWAY: the last stream the sender accepted from its peer, status 0 (OK). */
export function goAwayFrame(lastGoodStreamId: number, status = 0): Buffer {
  return controlFrame(CONTROL.goAway, 0, Buffer.concat([u32(lastGoodStreamId & 0x7fffffff), u32(status)]));
}

/** Reads frames off a byte stream split anywhere (WebSocket messages, socket chunks). */
export class FrameReader {
  #buf: Buffer = Buffer.alloc(0);

  feed(chunk: Buffer): SpdyFrame[] {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    const frames: SpdyFrame[] = [];
    while (this.#buf.length >= 8) {
      const length = this.#buf.readUIntBE(5, 3);
      if (this.#buf.length < 8 + length) break;
      const frame = this.#buf.subarray(0, 8 + length);
      this.#buf = this.#buf.subarray(8 + length);
      if (frame[0] & 0x80) frames.push({ control: true, type: frame.readUInt16BE(2), flags: frame[4], payload: frame.subarray(8) });
      else frames.push({ control: false, streamId: frame.readUInt32BE(0) & 0x7fffffff, flags: frame[4], data: frame.subarray(8) });
    }
    return frames;
  }
}

/** A name/value header block before compression: the count, then each length-prefixed name and value. */
export function encodeHeaderBlock(headers: readonly (readonly [string, string])[]): Buffer {
  const parts = [u32(headers.length)];
  for (const [name, value] of headers)
    for (const s of [name.toLowerCase(), value]) {
      const b = Buffer.from(s, 'utf8');
      parts.push(u32(b.length), b);
    }
  return Buffer.concat(parts);
}

/** The entries of an uncompressed header block. */
export function decodeHeaderBlock(raw: Buffer): Map<string, string> {
  const headers = new Map<string, string>();
  let off = 4;
  for (let n = raw.readUInt32BE(0); n > 0; n--) {
    const nameLen = raw.readUInt32BE(off);
    const name = raw.subarray(off + 4, off + 4 + nameLen).toString('utf8');
    off += 4 + nameLen;
    const valueLen = raw.readUInt32BE(off);
    headers.set(name, raw.subarray(off + 4, off + 4 + valueLen).toString('utf8'));
    off += 4 + valueLen;
  }
  return headers;
}

/** The reading side of one direction's header compression: the zlib stream (with SPDY's dictionary) continues across frames. */
export class HeaderInflater {
  readonly #compressed: Buffer[] = [];
  #inflated = 0;

  inflate(block: Buffer): Buffer {
    this.#compressed.push(block);
    const all = inflateSync(Buffer.concat(this.#compressed), { dictionary: DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    const raw = all.subarray(this.#inflated);
    this.#inflated = all.length;
    return raw;
  }
}

/**
 * The writing side of a client's header compression, as Go's spdy framer does it: one zlib stream at the best
 * compression with SPDY's dictionary, sync-flushed after each block. Blocks come out in the order asked for.
 */
export class HeaderDeflater {
  readonly #deflate = createDeflate({ dictionary: DICTIONARY, level: constants.Z_BEST_COMPRESSION });
  #queue: Promise<unknown> = Promise.resolve();

  compress(raw: Buffer): Promise<Buffer> {
    const next = this.#queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const out: Buffer[] = [];
          const onData = (c: Buffer) => out.push(c);
          this.#deflate.on('data', onData);
          this.#deflate.once('error', reject);
          this.#deflate.write(raw);
          this.#deflate.flush(constants.Z_SYNC_FLUSH, () => {
            this.#deflate.off('data', onData);
            this.#deflate.off('error', reject);
            resolve(Buffer.concat(out));
          });
        }),
    );
    this.#queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.#deflate.destroy();
  }
}

export interface SpdyStream {
  id: number;
  headers: Map<string, string>;
  /** Sends data to the client. */
  write(data: Buffer): void;
  /** Half-closes our side (DATA with FIN). */
  end(): void;
  onData?: (data: Buffer) => void;
  /** The client half-closed (FIN) or reset the stream. */
  onEnd?: () => void;
}

type ServerStream = SpdyStream & { ended: boolean; remoteEnded: boolean };

/** The server's side of a session: streams the client opens, answered with SYN_REPLY. */
export class SpdySession {
  readonly #reader = new FrameReader();
  readonly #inflater = new HeaderInflater();
  #zlibHeaderSent = false;
  readonly #streams = new Map<number, ServerStream>();

  constructor(
    private readonly send: (b: Buffer) => void,
    private readonly onStream: (s: SpdyStream) => void,
  ) {}

  /** Bytes from the client (any split into messages). */
  feed(chunk: Buffer): void {
    for (const f of this.#reader.feed(chunk)) {
      if (f.control) this.#control(f.type, f.flags, f.payload);
      else this.#data(f.streamId, f.flags, f.data);
    }
  }

  /** Ends every stream (the WebSocket closed). */
  close(): void {
    for (const s of this.#streams.values()) if (!s.remoteEnded) s.onEnd?.();
    this.#streams.clear();
  }

  #control(type: number, flags: number, payload: Buffer): void {
    if (type === CONTROL.synStream) {
      const id = payload.readUInt32BE(0) & 0x7fffffff;
      const headers = decodeHeaderBlock(this.#inflater.inflate(payload.subarray(10)));
      const stream = {
        id,
        headers,
        ended: false,
        remoteEnded: false,
        write: (data: Buffer) => {
          for (let at = 0; !stream.ended && at < data.length; at += MAX_DATA) this.send(dataFrame(id, 0, data.subarray(at, at + MAX_DATA)));
        },
        end: () => {
          if (stream.ended) return;
          stream.ended = true;
          this.send(dataFrame(id, FLAG_FIN, Buffer.alloc(0)));
          if (stream.remoteEnded) this.#streams.delete(id);
        },
      } as ServerStream;
      this.#streams.set(id, stream);
      this.send(controlFrame(CONTROL.synReply, 0, Buffer.concat([u32(id), this.#headerBlock()])));
      this.onStream(stream);
      if (flags & FLAG_FIN) this.#remoteEnd(stream);
    } else if (type === CONTROL.ping) {
      this.send(controlFrame(CONTROL.ping, 0, payload.subarray(0, 4)));
    } else if (type === CONTROL.rstStream) {
      const s = this.#streams.get(payload.readUInt32BE(0) & 0x7fffffff);
      if (s) {
        s.ended = true;
        this.#remoteEnd(s);
      }
    } else if (type === CONTROL.goAway) this.close();
    // SETTINGS, HEADERS, WINDOW_UPDATE and SYN_REPLY need no answer here.
  }

  #data(id: number, flags: number, data: Buffer): void {
    const s = this.#streams.get(id);
    if (!s) return;
    if (data.length) s.onData?.(data);
    if (flags & FLAG_FIN) this.#remoteEnd(s);
  }

  #remoteEnd(s: ServerStream): void {
    if (s.remoteEnded) return;
    s.remoteEnded = true;
    s.onEnd?.();
    if (s.ended) this.#streams.delete(s.id);
  }

  /** An empty header block, as a stored deflate block of our zlib stream and a sync flush. */
  #headerBlock(): Buffer {
    const body = u32(0);
    const stored = Buffer.from([0x00, body.length & 0xff, body.length >> 8, ~body.length & 0xff, (~body.length >> 8) & 0xff]);
    // Then an empty stored block, as zlib's sync flush ends a header block: the reader hands the block over
    // without looking for more input past this frame.
    const parts = [stored, body, Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff])];
    if (!this.#zlibHeaderSent) {
      this.#zlibHeaderSent = true;
      parts.unshift(Buffer.from([0x78, 0x01]));
    }
    return Buffer.concat(parts);
  }
}

/** A stream the client opened. */
export interface SpdyClientStream {
  id: number;
  /** Sends data (in DATA frames of at most MAX_DATA bytes); nothing once ended or reset. */
  write(data: Uint8Array): void;
  /** Half-closes our side: an empty DATA frame with FIN (Go's stream.Close()). */
  end(): void;
  /** RST_STREAM CANCEL: both sides are done (client-go's dataStream.Reset()). */
  reset(): void;
  onData?: (data: Buffer) => void;
  /** The server half-closed (FIN), reset the stream, or the session ended. */
  onEnd?: () => void;
}

type ClientStream = SpdyClientStream & { ended: boolean; remoteEnded: boolean };

/**
 * The client's side of a session (client-go's spdystream connection as kubectl port-forward uses it): streams
 * opened with SYN_STREAM on odd ids, SYN_REPLY and server-opened streams read but not needed, PING answered,
 * GOAWAY sent on close.
 */
export class SpdyClientSession {
  readonly #reader = new FrameReader();
  readonly #deflater = new HeaderDeflater();
  readonly #streams = new Map<number, ClientStream>();
  #nextId = 1;
  #closed = false;
  /** Called once when the server sends GOAWAY or the session is closed. */
  onClose?: () => void;

  constructor(private readonly send: (b: Buffer) => void) {}

  /** Opens a stream with these headers (names lower-cased on the wire, as spdystream writes them). */
  async open(headers: readonly (readonly [string, string])[]): Promise<SpdyClientStream> {
    if (this.#closed) throw new Error('the SPDY session is closed');
    const id = this.#nextId;
    this.#nextId += 2;
    const stream = {
      id,
      ended: false,
      remoteEnded: false,
      write: (data: Uint8Array) => {
        const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        for (let at = 0; !stream.ended && !this.#closed && at < b.length; at += MAX_DATA) this.send(dataFrame(id, 0, b.subarray(at, at + MAX_DATA)));
      },
      end: () => {
        if (stream.ended || this.#closed) return;
        stream.ended = true;
        this.send(dataFrame(id, FLAG_FIN, Buffer.alloc(0)));
        if (stream.remoteEnded) this.#streams.delete(id);
      },
      reset: () => {
        if (!this.#streams.has(id)) return;
        stream.ended = true;
        this.#streams.delete(id);
        if (!this.#closed) this.send(rstStreamFrame(id, RST.cancel));
        this.#remoteEnd(stream);
      },
    } as ClientStream;
    this.#streams.set(id, stream);
    // The id is taken before compressing, and blocks are compressed in order: SYN_STREAMs go out with rising ids.
    const block = await this.#deflater.compress(encodeHeaderBlock(headers));
    if (!this.#closed) this.send(synStreamFrame(id, block));
    return stream;
  }

  /** Bytes from the server (any split into messages). */
  feed(chunk: Buffer): void {
    for (const f of this.#reader.feed(chunk)) {
      if (!f.control) {
        const s = this.#streams.get(f.streamId);
        if (!s) continue;
        if (f.data.length) s.onData?.(f.data);
        if (f.flags & FLAG_FIN) this.#remoteEnd(s);
      } else if (f.type === CONTROL.rstStream) {
        const s = this.#streams.get(f.payload.readUInt32BE(0) & 0x7fffffff);
        if (s) {
          s.ended = true;
          this.#streams.delete(s.id);
          this.#remoteEnd(s);
        }
      } else if (f.type === CONTROL.synReply && f.flags & FLAG_FIN) {
        const s = this.#streams.get(f.payload.readUInt32BE(0) & 0x7fffffff);
        if (s) this.#remoteEnd(s);
      } else if (f.type === CONTROL.synStream) {
        // The server opens no streams in port-forward: refuse any, as spdystream does an unexpected one.
        this.send(rstStreamFrame(f.payload.readUInt32BE(0) & 0x7fffffff, RST.protocolError));
      } else if (f.type === CONTROL.ping) {
        // A ping of the server's (even id) is echoed; our own pings are never sent.
        if ((f.payload.readUInt32BE(0) & 1) === 0) this.send(controlFrame(CONTROL.ping, 0, f.payload.subarray(0, 4)));
      } else if (f.type === CONTROL.goAway) this.#end();
    }
  }

  /** Sends GOAWAY (no server streams accepted: last good id 0) and ends every stream. */
  close(): void {
    if (this.#closed) return;
    this.send(goAwayFrame(0));
    this.#end();
  }

  /** The transport went away: every stream ends. */
  #end(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of [...this.#streams.values()]) this.#remoteEnd(s);
    this.#streams.clear();
    this.#deflater.close();
    this.onClose?.();
  }

  /** Ends the session without a GOAWAY (the connection under it is gone). */
  lost(): void {
    this.#end();
  }

  #remoteEnd(s: ClientStream): void {
    if (s.remoteEnded) return;
    s.remoteEnded = true;
    s.onEnd?.();
    if (s.ended) this.#streams.delete(s.id);
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}
