// Pushed bodies (relays): an async iterable pushed into a sink with backpressure, and read back as a loop.
import { describe, expect, it } from 'vitest';
import { pulledChunks, pushedFrom } from '../../../src/http/pushed-stream.js';
import type { ChunkSink, TransportStream } from '../../../src/http/transport.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (cs: Uint8Array[]) => cs.map((c) => new TextDecoder().decode(c)).join('');

function streamOf(parts: string[], opts: { failAfter?: number } = {}): TransportStream & { readonly cancelled: boolean } {
  let cancelled = false;
  async function* chunks() {
    for (const [i, p] of parts.entries()) {
      if (opts.failAfter === i) throw new Error('socket hang up');
      if (cancelled) throw new Error('aborted');
      yield bytes(p);
    }
  }
  return {
    status: 200,
    headers: [],
    get cancelled() {
      return cancelled;
    },
    chunks: chunks(),
    cancel: () => {
      cancelled = true;
    },
  };
}

/** A sink that records what it gets; full() makes its next data() answer false. */
function recordingSink() {
  const got: Uint8Array[] = [];
  let full = false;
  let resolveEnd: (err: unknown) => void = () => {};
  const ended = new Promise<unknown>((r) => (resolveEnd = r));
  const sink: ChunkSink = {
    data(c) {
      got.push(c);
      return !full;
    },
    end: (err) => resolveEnd(err ?? 'no error'),
  };
  return { sink, got, ended, setFull: (f: boolean) => (full = f) };
}

describe('pushedFrom', () => {
  it('pushes every chunk, then ends without an error', async () => {
    const r = recordingSink();
    pushedFrom(streamOf(['a', 'b', 'c'])).pipe(r.sink);
    expect(await r.ended).toBe('no error');
    expect(text(r.got)).toBe('abc');
  });

  it('holds the rest while the sink is full, until resume()', async () => {
    const r = recordingSink();
    r.setFull(true);
    const p = pushedFrom(streamOf(['a', 'b']));
    p.pipe(r.sink);
    await new Promise((res) => setTimeout(res, 10));
    expect(text(r.got)).toBe('a');
    r.setFull(false);
    p.resume();
    await r.ended;
    expect(text(r.got)).toBe('ab');
  });

  it('ends with the failure of a broken stream', async () => {
    const r = recordingSink();
    pushedFrom(streamOf(['a', 'b'], { failAfter: 1 })).pipe(r.sink);
    expect(String(await r.ended)).toContain('socket hang up');
  });

  it('ends without an error once cancelled, and cancels the stream', async () => {
    const r = recordingSink();
    r.setFull(true);
    const s = streamOf(['a', 'b', 'c']);
    const p = pushedFrom(s);
    p.pipe(r.sink);
    await new Promise((res) => setTimeout(res, 10));
    p.cancel();
    expect(await r.ended).toBe('no error');
    expect(s.cancelled).toBe(true);
  });
});

describe('pulledChunks', () => {
  it('reads a pushed body back as a loop, and throws its failure', async () => {
    const out: Uint8Array[] = [];
    for await (const c of pulledChunks(pushedFrom(streamOf(['x', 'y'])))) out.push(c);
    expect(text(out)).toBe('xy');
    await expect(
      (async () => {
        for await (const _ of pulledChunks(pushedFrom(streamOf(['x', 'y'], { failAfter: 1 })))) void _;
      })(),
    ).rejects.toThrow('socket hang up');
  });

  it('cancels the body when the loop stops early', async () => {
    const s = streamOf(['x', 'y', 'z']);
    for await (const _ of pulledChunks(pushedFrom(s))) break;
    expect(s.cancelled).toBe(true);
  });
});
