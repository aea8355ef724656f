// Backpressure on a server's response or an upgraded socket: wait until what was written has gone out.
import type { Writable } from 'node:stream';

/** Resolves when a full writable (a paused response, an upgraded socket) can take more, or its client has gone. */
export function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
