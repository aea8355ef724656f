// The SPDY/3.1 session of pods/portforward: a client's SYN_STREAM (headers zlib-compressed with SPDY's
// dictionary, one stream across frames) opens a stream answered by SYN_REPLY; data both ways with FIN; PING echoed.
import { constants, createDeflate, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DICTIONARY, SpdySession, type SpdyStream } from '../../../src/protocol/spdy.js';

/** A client's header compressor: one zlib stream with SPDY's dictionary, sync-flushed per header block. */
function compressor(dictionary: Buffer) {
  const deflate = createDeflate({ dictionary });
  return (headers: [string, string][]) =>
    new Promise<Buffer>((resolve) => {
      const parts = [Buffer.alloc(4)];
      parts[0].writeUInt32BE(headers.length);
      for (const [k, v] of headers)
        for (const s of [k, v]) {
          const len = Buffer.alloc(4);
          len.writeUInt32BE(Buffer.byteLength(s));
          parts.push(len, Buffer.from(s));
        }
      const out: Buffer[] = [];
      const onData = (c: Buffer) => out.push(c);
      deflate.on('data', onData);
      deflate.write(Buffer.concat(parts));
      deflate.flush(constants.Z_SYNC_FLUSH, () => {
        deflate.off('data', onData);
        resolve(Buffer.concat(out));
      });
    });
}

const control = (type: number, flags: number, payload: Buffer) => {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8003, 0);
  h.writeUInt16BE(type, 2);
  h[4] = flags;
  h.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([h, payload]);
};
const data = (id: number, flags: number, payload: Buffer) => {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(id, 0);
  h[4] = flags;
  h.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([h, payload]);
};
const synStream = (id: number, block: Buffer) => {
  const p = Buffer.alloc(10);
  p.writeUInt32BE(id, 0);
  return control(1, 0, Buffer.concat([p, block]));
};

describe('SpdySession', () => {
  it('opens streams from SYN_STREAMs, replies, carries data both ways and half-closes with FIN', async () => {
    const dict = DICTIONARY;
    expect(dict.length).toBe(1423);
    expect(dict.subarray(0, 15).toString('latin1')).toBe('\0\0\0\x07options\0\0\0\x04');
    const sent: Buffer[] = [];
    const streams: SpdyStream[] = [];
    const session = new SpdySession(
      (b) => sent.push(b),
      (s) => streams.push(s),
    );
    const compress = compressor(dict);
    const first = synStream(
      1,
      await compress([
        ['port', '80'],
        ['requestid', '0'],
        ['streamtype', 'error'],
      ]),
    );
    const second = synStream(
      3,
      await compress([
        ['port', '80'],
        ['requestid', '0'],
        ['streamtype', 'data'],
      ]),
    );
    // Frames may arrive split anywhere.
    const wire = Buffer.concat([first, second]);
    session.feed(wire.subarray(0, 5));
    session.feed(wire.subarray(5, first.length + 3));
    session.feed(wire.subarray(first.length + 3));
    expect(streams.map((s) => [s.id, Object.fromEntries(s.headers)])).toEqual([
      [1, { port: '80', requestid: '0', streamtype: 'error' }],
      [3, { port: '80', requestid: '0', streamtype: 'data' }],
    ]);
    // Two SYN_REPLYs whose header blocks continue one zlib stream with no entries.
    const replies = sent.splice(0);
    expect(replies.map((r) => [r.readUInt16BE(0), r.readUInt16BE(2), r.readUInt32BE(8)])).toEqual([
      [0x8003, 2, 1],
      [0x8003, 2, 3],
    ]);
    const blocks = Buffer.concat(replies.map((r) => r.subarray(12)));
    expect(inflateSync(blocks, { finishFlush: constants.Z_SYNC_FLUSH })).toEqual(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]));

    const got: string[] = [];
    let ended = false;
    streams[1].onData = (b) => got.push(b.toString());
    streams[1].onEnd = () => (ended = true);
    session.feed(data(3, 0, Buffer.from('GET / HTTP/1.1\r\n\r\n')));
    session.feed(data(3, 1, Buffer.alloc(0)));
    expect({ got, ended }).toEqual({ got: ['GET / HTTP/1.1\r\n\r\n'], ended: true });
    streams[1].write(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
    streams[1].end();
    expect(sent.splice(0).map((f) => [f.readUInt32BE(0), f[4], f.subarray(8).toString()])).toEqual([
      [3, 0, 'HTTP/1.1 200 OK\r\n\r\n'],
      [3, 1, ''],
    ]);
  });

  it('echoes a PING', () => {
    const sent: Buffer[] = [];
    const session = new SpdySession(
      (b) => sent.push(b),
      () => undefined,
    );
    const id = Buffer.alloc(4);
    id.writeUInt32BE(7);
    session.feed(control(6, 0, id));
    expect(sent).toEqual([control(6, 0, id)]);
  });
});
