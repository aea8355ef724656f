// The SPDY/3.1 codec of port-forward, server and client side. The server: a client's SYN_STREAM (headers zlib-compressed with SPDY's
// dictionary, one stream across frames) opens a stream answered by SYN_REPLY; data both ways with FIN; PING echoed.
import { constants, createDeflate, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CONTROL,
  DICTIONARY,
  FrameReader,
  HeaderInflater,
  MAX_DATA,
  SpdyClientSession,
  SpdySession,
  type SpdyStream,
  controlFrame,
  dataFrame as dataFrameOf,
  decodeHeaderBlock,
  encodeHeaderBlock,
  goAwayFrame,
} from '../../../src/protocol/spdy.js';

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

/** Joins a client session to a server session, as the WebSocket between them would. */
function pair() {
  const streams: SpdyStream[] = [];
  const toClient: Buffer[] = [];
  const toServer: Buffer[] = [];
  let client!: SpdyClientSession;
  const server = new SpdySession(
    (b) => {
      toClient.push(b);
      client.feed(b);
    },
    (s) => streams.push(s),
  );
  client = new SpdyClientSession((b) => {
    toServer.push(b);
    server.feed(b);
  });
  return { client, server, streams, toClient, toServer };
}

describe('SpdyClientSession', () => {
  it('opens streams on rising odd ids with compressed headers the server reads', async () => {
    const { client, streams, toServer } = pair();
    const headers = (type: string): [string, string][] => [
      ['streamType', type],
      ['port', '80'],
      ['requestID', '0'],
    ];
    const [error, data] = await Promise.all([client.open(headers('error')), client.open(headers('data'))]);
    expect([error.id, data.id]).toEqual([1, 3]);
    // Names go lower-cased, as spdystream writes them; the first block starts a zlib stream with the dictionary.
    expect(streams.map((s) => [s.id, Object.fromEntries(s.headers)])).toEqual([
      [1, { streamtype: 'error', port: '80', requestid: '0' }],
      [3, { streamtype: 'data', port: '80', requestid: '0' }],
    ]);
    expect(toServer[0].subarray(18, 20)).toEqual(Buffer.from([0x78, 0xf9]));
  });

  it('carries data both ways, half-closes with FIN and ends the stream when both sides have', async () => {
    const { client, streams, toServer } = pair();
    const s = await client.open([['streamtype', 'data']]);
    const fromServer: string[] = [];
    let clientEnded = false;
    s.onData = (b) => fromServer.push(b.toString());
    s.onEnd = () => (clientEnded = true);
    const atServer: string[] = [];
    let serverEnded = false;
    streams[0].onData = (b) => atServer.push(b.toString());
    streams[0].onEnd = () => (serverEnded = true);
    s.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    s.end();
    s.write(Buffer.from('after the end: not sent'));
    expect({ atServer, serverEnded }).toEqual({ atServer: ['GET / HTTP/1.1\r\n\r\n'], serverEnded: true });
    expect(toServer.at(-1)).toEqual(dataFrameOf(1, 1, Buffer.alloc(0)));
    streams[0].write(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
    streams[0].end();
    expect({ fromServer, clientEnded }).toEqual({ fromServer: ['HTTP/1.1 200 OK\r\n\r\n'], clientEnded: true });
  });

  it('splits large writes into DATA frames of at most MAX_DATA bytes', async () => {
    const { client, streams, toServer } = pair();
    const s = await client.open([['streamtype', 'data']]);
    const got: Buffer[] = [];
    streams[0].onData = (b) => got.push(b);
    toServer.length = 0;
    s.write(Buffer.alloc(MAX_DATA * 2 + 5, 7));
    expect(toServer.map((f) => f.readUIntBE(5, 3))).toEqual([MAX_DATA, MAX_DATA, 5]);
    expect(Buffer.concat(got).length).toBe(MAX_DATA * 2 + 5);
  });

  it('resets a stream with RST_STREAM CANCEL, and the server sees its end', async () => {
    const { client, streams, toServer } = pair();
    const s = await client.open([['streamtype', 'data']]);
    let serverEnded = false;
    streams[0].onEnd = () => (serverEnded = true);
    s.reset();
    expect(toServer.at(-1)).toEqual(controlFrame(CONTROL.rstStream, 0, Buffer.from([0, 0, 0, 1, 0, 0, 0, 5])));
    expect(serverEnded).toBe(true);
  });

  it('answers a server PING, sends GOAWAY on close and ends its open streams', async () => {
    const { client, toServer } = pair();
    const s = await client.open([['streamtype', 'data']]);
    let ended = false;
    let closed = false;
    s.onEnd = () => (ended = true);
    client.onClose = () => (closed = true);
    const sent: Buffer[] = [];
    const lone = new SpdyClientSession((b) => sent.push(b));
    lone.feed(controlFrame(CONTROL.ping, 0, Buffer.from([0, 0, 0, 2])));
    lone.feed(controlFrame(CONTROL.ping, 0, Buffer.from([0, 0, 0, 1])));
    expect(sent).toEqual([controlFrame(CONTROL.ping, 0, Buffer.from([0, 0, 0, 2]))]);
    client.close();
    expect(toServer.at(-1)).toEqual(goAwayFrame(0));
    expect(toServer.at(-1)).toEqual(controlFrame(CONTROL.goAway, 0, Buffer.alloc(8)));
    expect({ ended, closed }).toEqual({ ended: true, closed: true });
    await expect(client.open([['streamtype', 'data']])).rejects.toThrow('closed');
  });

  it("ends the session at the server's GOAWAY", async () => {
    const sent: Buffer[] = [];
    const client = new SpdyClientSession((b) => sent.push(b));
    const s = await client.open([['streamtype', 'data']]);
    let ended = false;
    s.onEnd = () => (ended = true);
    client.feed(goAwayFrame(0));
    expect(ended).toBe(true);
  });
});

describe('header blocks', () => {
  it("reads the header blocks kubectl v1.32 sent (Go's zlib with SPDY's dictionary), one zlib stream across two frames", () => {
    // kubectl -v=9 port-forward pod/nginx against the sandbox: the header blocks of its first two SYN_STREAMs.
    const first = Buffer.from('78f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45a024cc6461c0c0c0c0590489c44c50e2663400000000ffff', 'hex');
    const second = Buffer.from('c2aa15540a2512d209000000ffff', 'hex');
    const inflater = new HeaderInflater();
    const a = decodeHeaderBlock(inflater.inflate(first));
    const b = decodeHeaderBlock(inflater.inflate(second));
    expect(Object.fromEntries(a)).toEqual({ streamtype: 'error', port: '80', requestid: '0' });
    expect(Object.fromEntries(b)).toEqual({ streamtype: 'data', port: '80', requestid: '0' });
  });

  it('encodes and decodes a name/value block', () => {
    const raw = encodeHeaderBlock([
      ['Port', '8080'],
      ['x', ''],
    ]);
    expect(raw).toEqual(Buffer.from([0, 0, 0, 2, 0, 0, 0, 4, ...Buffer.from('port'), 0, 0, 0, 4, ...Buffer.from('8080'), 0, 0, 0, 1, 120, 0, 0, 0, 0]));
    expect([...decodeHeaderBlock(raw)]).toEqual([
      ['port', '8080'],
      ['x', ''],
    ]);
  });

  it('reads frames split anywhere', () => {
    const wire = Buffer.concat([dataFrameOf(3, 0, Buffer.from('abc')), controlFrame(CONTROL.ping, 0, Buffer.from([0, 0, 0, 2]))]);
    const reader = new FrameReader();
    const frames = [...reader.feed(wire.subarray(0, 7)), ...reader.feed(wire.subarray(7, 12)), ...reader.feed(wire.subarray(12))];
    expect(frames).toEqual([
      { control: false, streamId: 3, flags: 0, data: Buffer.from('abc') },
      { control: true, type: CONTROL.ping, flags: 0, payload: Buffer.from([0, 0, 0, 2]) },
    ]);
  });
});
