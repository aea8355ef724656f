// A body pushed to its reader (PushedStream, for relays) from one read as an async iterable, and back: what lets a
// transport without relay() (node:https, test stubs) serve the proxy, and callers that want a loop read a relay.
import type { ChunkSink, PushedStream, TransportStream } from './transport.js';
import { wakeup } from './wakeup.js';

/** A TransportStream's chunks pushed into a sink, pausing while the sink is full. */
export function pushedFrom(s: TransportStream): PushedStream {
  const { wait, notify: resume } = wakeup();
  let cancelled = false;
  return {
    status: s.status,
    headers: s.headers,
    pipe(sink: ChunkSink) {
      void (async () => {
        let failure: unknown;
        try {
          for await (const chunk of s.chunks) {
            if (!sink.data(chunk) && !cancelled) await wait();
            if (cancelled) break;
          }
        } catch (err) {
          if (!cancelled) failure = err;
        }
        sink.end(failure);
      })();
    },
    resume,
    cancel() {
      cancelled = true;
      s.cancel();
      resume();
    },
  };
}

/** A pushed body read as an async iterable (a loop that awaits each chunk). */
export async function* pulledChunks(s: Pick<PushedStream, 'pipe' | 'resume' | 'cancel'>): AsyncIterable<Uint8Array> {
  const queue: Uint8Array[] = [];
  let ended = false;
  let failure: unknown;
  const { wait, notify } = wakeup();
  s.pipe({
    data(chunk) {
      queue.push(chunk);
      notify();
      return queue.length < 16;
    },
    end(err) {
      ended = true;
      failure = err;
      notify();
    },
  });
  try {
    for (;;) {
      if (queue.length > 0) {
        const chunk = queue.shift()!;
        if (queue.length === 0) s.resume();
        yield chunk;
      } else if (ended) {
        if (failure !== undefined) throw failure;
        return;
      } else await wait();
    }
  } finally {
    if (!ended) s.cancel();
  }
}
