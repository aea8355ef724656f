// The client side of RFC 6455 kcurl exec speaks: the handshake's accept value (RFC 6455's own example), frames
// as a client sends them (masked) read back whole, partial frames kept for the next chunk, and the three lengths.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { clientFrame, parseFrames, websocketAccept, websocketOver } from '../../../src/http/websocket.js';

describe('websocketAccept', () => {
  it("answers RFC 6455's sample key with the RFC's accept value", () => {
    expect(websocketAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
});

describe('clientFrame and parseFrames', () => {
  it.each([0, 1, 125, 126, 65535, 65536])('a %i-byte binary message is masked and read back whole', (n) => {
    const payload = Buffer.alloc(n, 7);
    const frame = clientFrame(2, payload);
    expect(frame[1] & 0x80).toBe(0x80);
    const { frames, rest } = parseFrames(frame);
    expect(rest.length).toBe(0);
    expect(frames).toEqual([{ fin: true, opcode: 2, payload }]);
  });

  it('keeps a partial frame for the next chunk', () => {
    const frame = clientFrame(2, Buffer.from([1, 104, 105]));
    const first = parseFrames(frame.subarray(0, 4));
    expect(first.frames).toEqual([]);
    const second = parseFrames(Buffer.concat([first.rest, frame.subarray(4)]));
    expect(second.frames[0].payload).toEqual(Buffer.from([1, 104, 105]));
  });
});

/** A server's unmasked binary frame of `n` bytes (lengths up to 65535). */
function serverFrame(n: number): Buffer {
  return Buffer.concat([Buffer.from([0x82, 126, n >> 8, n & 0xff]), Buffer.alloc(n, 1)]);
}

describe('websocketOver', () => {
  it('stops reading the socket while 1 MiB of messages waits for the reader, and reads on once it has caught up', async () => {
    const socket = new PassThrough();
    const ws = websocketOver(socket);
    for (let i = 0; i < 40; i++) socket.write(serverFrame(32_000));
    await new Promise((r) => setImmediate(r));
    expect(socket.isPaused()).toBe(true);
    const it = ws.messages[Symbol.asyncIterator]();
    let read = 0;
    while (socket.isPaused()) {
      read += ((await it.next()).value as Buffer).length;
    }
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(40 * 32_000);
    socket.end();
    for (let m = await it.next(); !m.done; m = await it.next()) read += m.value.length;
    expect(read).toBe(40 * 32_000);
  });
});
