// SPDY/3.1 as kubectl port-forward speaks it inside a WebSocket (subprotocol SPDY/3.1+portforward.k8s.io, each
// binary message a piece of the SPDY byte stream), shared by the sandbox's pods/portforward and kcurl's client
// (as the protobuf codec is, src/protobuf/codec.ts). The server's session: frames in and out, streams opened by
// the client's SYN_STREAM and answered with SYN_REPLY, data with FIN for half-close, PING echoed, RST_STREAM and
// GOAWAY honoured.
// Header blocks the client sends are zlib-compressed with SPDY's preset dictionary (one stream per direction);
// the header blocks sent back are stored (uncompressed) deflate blocks of a zlib stream without a dictionary,
// which the client's zlib reader accepts.
import { constants, inflateSync } from 'node:zlib';

/** SPDY/3's header compression dictionary (the draft-3 specification's, 1423 bytes). */
export const DICTIONARY = Buffer.from(
  'AAAAB29wdGlvbnMAAAAEaGVhZAAAAARwb3N0AAAAA3B1dAAAAAZkZWxldGUAAAAFdHJhY2UAAAAGYWNjZXB0AAAADmFjY2VwdC1jaGFyc2V0AAAAD2FjY2VwdC1lbmNvZGluZwAAAA9hY2NlcHQtbGFuZ3VhZ2UAAAANYWNjZXB0LXJhbmdlcwAAAANhZ2UAAAAFYWxsb3cAAAANYXV0aG9yaXphdGlvbgAAAA1jYWNoZS1jb250cm9sAAAACmNvbm5lY3Rpb24AAAAMY29udGVudC1iYXNlAAAAEGNvbnRlbnQtZW5jb2RpbmcAAAAQY29udGVudC1sYW5ndWFnZQAAAA5jb250ZW50LWxlbmd0aAAAABBjb250ZW50LWxvY2F0aW9uAAAAC2NvbnRlbnQtbWQ1AAAADWNvbnRlbnQtcmFuZ2UAAAAMY29udGVudC10eXBlAAAABGRhdGUAAAAEZXRhZwAAAAZleHBlY3QAAAAHZXhwaXJlcwAAAARmcm9tAAAABGhvc3QAAAAIaWYtbWF0Y2gAAAARaWYtbW9kaWZpZWQtc2luY2UAAAANaWYtbm9uZS1tYXRjaAAAAAhpZi1yYW5nZQAAABNpZi11bm1vZGlmaWVkLXNpbmNlAAAADWxhc3QtbW9kaWZpZWQAAAAIbG9jYXRpb24AAAAMbWF4LWZvcndhcmRzAAAABnByYWdtYQAAABJwcm94eS1hdXRoZW50aWNhdGUAAAATcHJveHktYXV0aG9yaXphdGlvbgAAAAVyYW5nZQAAAAdyZWZlcmVyAAAAC3JldHJ5LWFmdGVyAAAABnNlcnZlcgAAAAJ0ZQAAAAd0cmFpbGVyAAAAEXRyYW5zZmVyLWVuY29kaW5nAAAAB3VwZ3JhZGUAAAAKdXNlci1hZ2VudAAAAAR2YXJ5AAAAA3ZpYQAAAAd3YXJuaW5nAAAAEHd3dy1hdXRoZW50aWNhdGUAAAAGbWV0aG9kAAAAA2dldAAAAAZzdGF0dXMAAAAGMjAwIE9LAAAAB3ZlcnNpb24AAAAISFRUUC8xLjEAAAADdXJsAAAABnB1YmxpYwAAAApzZXQtY29va2llAAAACmtlZXAtYWxpdmUAAAAGb3JpZ2luMTAwMTAxMjAxMjAyMjA1MjA2MzAwMzAyMzAzMzA0MzA1MzA2MzA3NDAyNDA1NDA2NDA3NDA4NDA5NDEwNDExNDEyNDEzNDE0NDE1NDE2NDE3NTAyNTA0NTA1MjAzIE5vbi1BdXRob3JpdGF0aXZlIEluZm9ybWF0aW9uMjA0IE5vIENvbnRlbnQzMDEgTW92ZWQgUGVybWFuZW50bHk0MDAgQmFkIFJlcXVlc3Q0MDEgVW5hdXRob3JpemVkNDAzIEZvcmJpZGRlbjQwNCBOb3QgRm91bmQ1MDAgSW50ZXJuYWwgU2VydmVyIEVycm9yNTAxIE5vdCBJbXBsZW1lbnRlZDUwMyBTZXJ2aWNlIFVuYXZhaWxhYmxlSmFuIEZlYiBNYXIgQXByIE1heSBKdW4gSnVsIEF1ZyBTZXB0IE9jdCBOb3YgRGVjIDAwOjAwOjAwIE1vbiwgVHVlLCBXZWQsIFRodSwgRnJpLCBTYXQsIFN1biwgR01UY2h1bmtlZCx0ZXh0L2h0bWwsaW1hZ2UvcG5nLGltYWdlL2pwZyxpbWFnZS9naWYsYXBwbGljYXRpb24veG1sLGFwcGxpY2F0aW9uL3hodG1sK3htbCx0ZXh0L3BsYWluLHRleHQvamF2YXNjcmlwdCxwdWJsaWNwcml2YXRlbWF4LWFnZT1nemlwLGRlZmxhdGUsc2RjaGNoYXJzZXQ9dXRmLThjaGFyc2V0PWlzby04ODU5LTEsdXRmLSwqLGVucT0wLg==',
  'base64',
);

const CONTROL = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;
const FLAG_FIN = 0x01;

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

export class SpdySession {
  #buf: Buffer = Buffer.alloc(0);
  readonly #compressedIn: Buffer[] = [];
  #inflated = 0;
  #zlibHeaderSent = false;
  readonly #streams = new Map<number, SpdyStream & { ended: boolean; remoteEnded: boolean }>();

  constructor(
    private readonly send: (b: Buffer) => void,
    private readonly onStream: (s: SpdyStream) => void,
  ) {}

  /** Bytes from the client (any split into messages). */
  feed(chunk: Buffer): void {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    while (this.#buf.length >= 8) {
      const length = this.#buf.readUIntBE(5, 3);
      if (this.#buf.length < 8 + length) return;
      const frame = this.#buf.subarray(0, 8 + length);
      this.#buf = this.#buf.subarray(8 + length);
      if (frame[0] & 0x80) this.#control(frame.readUInt16BE(2), frame[4], frame.subarray(8));
      else this.#data(frame.readUInt32BE(0) & 0x7fffffff, frame[4], frame.subarray(8));
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
      const headers = this.#headers(payload.subarray(10));
      const stream = {
        id,
        headers,
        ended: false,
        remoteEnded: false,
        write: (data: Buffer) => {
          if (!stream.ended && data.length) this.#sendData(id, 0, data);
        },
        end: () => {
          if (stream.ended) return;
          stream.ended = true;
          this.#sendData(id, FLAG_FIN, Buffer.alloc(0));
          if (stream.remoteEnded) this.#streams.delete(id);
        },
      } as SpdyStream & { ended: boolean; remoteEnded: boolean };
      this.#streams.set(id, stream);
      this.#sendControl(CONTROL.synReply, 0, Buffer.concat([u32(id), this.#headerBlock()]));
      this.onStream(stream);
      if (flags & FLAG_FIN) this.#remoteEnd(stream);
    } else if (type === CONTROL.ping) {
      this.#sendControl(CONTROL.ping, 0, payload.subarray(0, 4));
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

  #remoteEnd(s: SpdyStream & { ended: boolean; remoteEnded: boolean }): void {
    if (s.remoteEnded) return;
    s.remoteEnded = true;
    s.onEnd?.();
    if (s.ended) this.#streams.delete(s.id);
  }

  /** A header block of the client's: the zlib stream (with SPDY's dictionary) continues across frames. */
  #headers(block: Buffer): Map<string, string> {
    this.#compressedIn.push(block);
    const all = inflateSync(Buffer.concat(this.#compressedIn), { dictionary: DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    const raw = all.subarray(this.#inflated);
    this.#inflated = all.length;
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

  #sendControl(type: number, flags: number, payload: Buffer): void {
    const h = Buffer.alloc(8);
    h.writeUInt16BE(0x8003, 0);
    h.writeUInt16BE(type, 2);
    h[4] = flags;
    h.writeUIntBE(payload.length, 5, 3);
    this.send(Buffer.concat([h, payload]));
  }

  #sendData(id: number, flags: number, data: Buffer): void {
    const h = Buffer.alloc(8);
    h.writeUInt32BE(id & 0x7fffffff, 0);
    h[4] = flags;
    h.writeUIntBE(data.length, 5, 3);
    this.send(Buffer.concat([h, data]));
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}
