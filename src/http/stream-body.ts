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
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line) yield JSON.parse(line) as WatchEvent;
    }
  }
}
