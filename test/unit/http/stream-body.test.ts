// Reading streamed answers: watch events split across chunks, and a refused stream's Status.
import { describe, expect, it } from 'vitest';
import { ApiStatusError } from '../../../src/errors.js';
import { drainStream, streamStatusError, watchEvents } from '../../../src/http/stream-body.js';

async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? new TextEncoder().encode(p) : p;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('watchEvents', () => {
  it('yields one event per line however the lines are cut into chunks, skipping blank lines', async () => {
    const events = await collect(
      watchEvents(chunksOf('{"type":"ADDED","object":{"kind":"Pod"}}\n{"type":"MOD', 'IFIED","object":{}}\n', '\n  \n{"type":"DELETED"}\n')),
    );
    expect(events).toEqual([{ type: 'ADDED', object: { kind: 'Pod' } }, { type: 'MODIFIED', object: {} }, { type: 'DELETED' }]);
  });

  it('decodes a character whose bytes arrive in two chunks', async () => {
    const bytes = new TextEncoder().encode('{"type":"ADDED","object":{"name":"é"}}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const events = await collect(watchEvents(chunksOf(bytes.slice(0, cut), bytes.slice(cut))));
    expect(events).toEqual([{ type: 'ADDED', object: { name: 'é' } }]);
  });

  it('leaves an unterminated last line unread (the server ended mid-event)', async () => {
    expect(await collect(watchEvents(chunksOf('{"type":"ADDED"}\n{"type":"MOD')))).toEqual([{ type: 'ADDED' }]);
  });
});

describe('refused streams', () => {
  it('drains the body as text', async () => {
    expect(await drainStream({ chunks: chunksOf('a', 'b\n') })).toBe('ab\n');
  });

  it("turns the server's Status into an ApiStatusError", async () => {
    const err = await streamStatusError({
      status: 403,
      chunks: chunksOf('{"kind":"Status","status":"Failure","message":"pods is forbidden","reason":"Forbidden","code":403}'),
    });
    expect(err).toBeInstanceOf(ApiStatusError);
    expect(err.status.reason).toBe('Forbidden');
    expect(err.message).toContain('pods is forbidden');
  });

  it('builds a Status from the HTTP code when the body is not one', async () => {
    const err = await streamStatusError({ status: 502, chunks: chunksOf('') });
    expect(err.status.message).toBe('the server responded with the status code 502 but did not return more information');
  });
});
