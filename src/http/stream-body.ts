// Reading a streamed answer (watch, logs -f): a failed stream's body as the server's Status error, and a watch
// body as the metav1.WatchEvent objects it carries.
import { ApiStatusError } from '../errors.js';
import type { StreamResponse } from './execute.js';
import { parseStatus } from './status.js';

/** The rest of a stream as UTF-8 text. */
export async function drainStream(stream: Pick<StreamResponse, 'chunks'>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream.chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
}

/** A stream the server refused, read to its end and turned into its Status (or one built from the HTTP code). */
export async function streamStatusError(stream: Pick<StreamResponse, 'status' | 'chunks'>): Promise<ApiStatusError> {
  return new ApiStatusError(stream.status, parseStatus({ status: stream.status, body: await drainStream(stream) }));
}

export interface WatchEvent {
  type?: string;
  object?: Record<string, any>;
}

/**
 * The events of a watch body: one JSON document per line, as the apiserver's JSON watch encoder writes them
 * (blank lines skipped). A character split across chunks is decoded whole.
 */
export async function* watchEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<WatchEvent> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of chunks) {
    const text = buffered + decoder.decode(chunk, { stream: true });
    // Lines are cut from the chunk's text where they lie; only the unfinished last one is kept for the next chunk.
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      const line = text.slice(start, nl);
      start = nl + 1;
      // JSON.parse skips the whitespace around a document itself; only a blank line is skipped here.
      if (/\S/.test(line)) yield JSON.parse(line) as WatchEvent;
    }
    buffered = start === 0 ? text : text.slice(start);
  }
}
