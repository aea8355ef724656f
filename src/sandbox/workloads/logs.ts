// Container logs: what a simulated process wrote, line by line with nanosecond timestamps (as the CRI log
// files hold it), and `pods/{name}/log` with kubelet's options: tailLines, sinceSeconds/sinceTime,
// timestamps, limitBytes, follow (chunked until the container stops) and previous.
import type { ServerResponse } from 'node:http';
import { monotonicNs } from '../../io.js';
import { invalid } from '../api-error.js';
import { baseHeaders } from '../respond.js';

export interface LogEntry {
  /** Unix time in nanoseconds. */
  ns: bigint;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** At most this much log is kept per container instance (kubelet rotates at 10 MiB by default). */
const MAX_LOG_BYTES = 10 * 1024 * 1024;

/**
 * A container log's clock, as the runtime stamps log lines: the sandbox clock's time (so `--since` and
 * `--since-time` compare with the same "now" the pod's start times use) with nanosecond digits from the
 * monotonic clock, strictly increasing within the log.
 */
export function logClock(now: () => Date): () => bigint {
  let last = 0n;
  let ms = Number.NaN;
  let msNs = 0n;
  return () => {
    // Within a millisecond (most lines of a busy writer) the BigInt of the millisecond is reused.
    const t = now().getTime();
    if (t !== ms) {
      ms = t;
      msNs = BigInt(t) * 1_000_000n;
    }
    let ns = msNs + (monotonicNs() % 1_000_000n);
    if (ns <= last) ns = last + 1n;
    last = ns;
    return ns;
  };
}

/** Go's time.RFC3339Nano: fractional seconds without trailing zeros. */
export function rfc3339Nano(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const iso = new Date(Number(ms)).toISOString().slice(0, 19);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${iso}${frac ? `.${frac}` : ''}Z`;
}

export class ContainerLog {
  readonly entries: LogEntry[] = [];
  #bytes = 0;
  #partial: { stream: string; text: string } | undefined;
  ended = false;
  /** Replaced, never changed in place, so a listener that (un)subscribes while called does not disturb the loop. */
  #listeners: readonly ((e: LogEntry | undefined) => void)[] = [];

  constructor(
    readonly clock: () => bigint,
    readonly containerID = '',
  ) {}

  /** Appends output; complete lines become entries, a trailing fragment waits for its newline. */
  write(stream: 'stdout' | 'stderr', text: string): void {
    if (this.ended || text === '') return;
    if (!this.#partial && text.indexOf('\n') === text.length - 1) {
      // One whole line, as `echo` writes it.
      this.#push({ ns: this.clock(), stream, text });
      return;
    }
    let buf = text;
    if (this.#partial && this.#partial.stream === stream) {
      buf = this.#partial.text + buf;
      this.#partial = undefined;
    } else if (this.#partial) this.#flushPartial();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      this.#push({ ns: this.clock(), stream, text: buf.slice(0, i + 1) });
      buf = buf.slice(i + 1);
    }
    if (buf) this.#partial = { stream, text: buf };
  }

  #flushPartial(): void {
    if (!this.#partial) return;
    this.#push({ ns: this.clock(), stream: this.#partial.stream as 'stdout' | 'stderr', text: this.#partial.text });
    this.#partial = undefined;
  }

  #push(e: LogEntry): void {
    this.entries.push(e);
    this.#bytes += e.text.length;
    if (this.#bytes > MAX_LOG_BYTES) {
      // Rotation: drop the oldest tenth at once rather than one entry per write.
      let drop = 0;
      let freed = 0;
      while (drop < this.entries.length - 1 && this.#bytes - freed > MAX_LOG_BYTES * 0.9) freed += this.entries[drop++].text.length;
      this.entries.splice(0, drop);
      this.#bytes -= freed;
    }
    for (const l of this.#listeners) l(e);
  }

  /** The process exited: a final fragment without newline is kept as it is. */
  end(): void {
    if (this.ended) return;
    this.#flushPartial();
    this.ended = true;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const l of listeners) l(undefined);
  }

  /** New entries, then undefined when the log ends. */
  subscribe(listener: (e: LogEntry | undefined) => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /** Everything as plain text (tests, termination messages). */
  text(): string {
    return this.entries.map((e) => e.text).join('') + (this.#partial?.text ?? '');
  }
}

export interface LogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  /** Entries at or after this time (ns) only. */
  sinceNs?: bigint;
}

const parseBoolParam = (v: string | null) => v === 'true' || v === '1' || v === 'True' || v === 'TRUE';

/** PodLogOptions from the query, validated like ValidatePodLogOptions (422 PodLogOptions … is invalid). */
export function parseLogOptions(query: URLSearchParams, podName: string, now: Date): LogOptions {
  const int = (name: string): number | undefined => {
    const v = query.get(name);
    if (v === null || v === '') return undefined;
    if (!/^-?\d+$/.test(v))
      throw invalid('', 'PodLogOptions', podName, [{ field: name, type: 'FieldValueInvalid', message: `Invalid value: "${v}": must be an integer` }]);
    return Number(v);
  };
  const tailLines = int('tailLines');
  const limitBytes = int('limitBytes');
  const sinceSeconds = int('sinceSeconds');
  const sinceTime = query.get('sinceTime') || undefined;
  const errors: { field: string; type: string; message: string }[] = [];
  if (tailLines !== undefined && tailLines < 0)
    errors.push({ field: 'tailLines', type: 'FieldValueInvalid', message: `Invalid value: ${tailLines}: must be greater than or equal to 0` });
  if (limitBytes !== undefined && limitBytes < 1)
    errors.push({ field: 'limitBytes', type: 'FieldValueInvalid', message: `Invalid value: ${limitBytes}: must be greater than 0` });
  if (sinceSeconds !== undefined && sinceTime !== undefined)
    errors.push({ field: '', type: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  else if (sinceSeconds !== undefined && sinceSeconds < 1)
    errors.push({ field: 'sinceSeconds', type: 'FieldValueInvalid', message: `Invalid value: ${sinceSeconds}: must be greater than 0` });
  let sinceNs: bigint | undefined;
  if (sinceTime !== undefined) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(sinceTime)) {
      errors.push({ field: 'sinceTime', type: 'FieldValueInvalid', message: `Invalid value: "${sinceTime}": must be an RFC3339 timestamp` });
    } else sinceNs = BigInt(Math.floor(t / 1000)) * 1_000_000_000n;
  } else if (sinceSeconds !== undefined && sinceSeconds >= 1) sinceNs = (BigInt(now.getTime()) - BigInt(sinceSeconds) * 1000n) * 1_000_000n;
  if (errors.length) throw invalid('', 'PodLogOptions', podName, errors);
  return {
    follow: parseBoolParam(query.get('follow')),
    previous: parseBoolParam(query.get('previous')),
    timestamps: parseBoolParam(query.get('timestamps')),
    tailLines,
    limitBytes,
    sinceNs,
  };
}

/** The entries a request selects before following: tail first, then the since filter (kubelet's ReadLogs order). */
export function selectEntries(entries: readonly LogEntry[], opts: LogOptions): LogEntry[] {
  let out = opts.tailLines !== undefined ? entries.slice(Math.max(0, entries.length - opts.tailLines)) : [...entries];
  if (opts.sinceNs !== undefined) out = out.filter((e) => e.ns >= (opts.sinceNs as bigint));
  return out;
}

export const formatEntry = (e: LogEntry, timestamps: boolean): string => (timestamps ? `${rfc3339Nano(e.ns)} ${e.text}` : e.text);

/** Log text is sent in HTTP chunks of about this many characters, not one per line. */
const LOG_CHUNK = 1 << 16;

/**
 * Streams a container log as the kubelet (through the API server) does: 200 text/plain, chunked. Lines are gathered
 * into chunks of up to 64 kB; while following, what arrived in one turn of the event loop goes out together.
 * The lines already written go out as the connection takes them: the next chunk is made once the socket has
 * drained, so the first byte leaves at once and a 10 MB log is never queued whole in the server's memory (as
 * the kubelet reads its log file as the client reads). Lines that arrive meanwhile wait their turn in order.
 */
export function serveLog(res: ServerResponse, log: ContainerLog, opts: LogOptions, track: (res: ServerResponse) => () => void): void {
  baseHeaders(res);
  res.setHeader('Content-Type', 'text/plain');
  res.writeHead(200);
  let remaining = opts.limitBytes ?? Infinity;
  let done = false;
  let pending = '';
  let scheduled: NodeJS.Immediate | undefined;
  let draining = false;
  let untrack = () => {};
  let unsubscribe = () => {};
  // What is to be sent, in order: the lines selected now, then those written while following (appended here).
  const queue = selectEntries(log.entries, opts);
  let next = 0;
  let logEnded = !opts.follow || log.ended;
  /** Writes what is pending; false when the socket asks the next write to wait for 'drain'. */
  const flush = (): boolean => {
    const text = pending;
    pending = '';
    return text === '' || res.write(text) !== false;
  };
  const finish = () => {
    if (done) return;
    done = true;
    if (scheduled) clearImmediate(scheduled);
    unsubscribe();
    untrack();
    if (res.destroyed) pending = '';
    flush();
    res.end();
  };
  const emit = (e: LogEntry) => {
    let text = formatEntry(e, opts.timestamps);
    if (remaining !== Infinity) {
      const bytes = Buffer.from(text);
      if (bytes.length > remaining) text = bytes.subarray(0, remaining).toString('utf8');
      remaining -= Math.min(bytes.length, remaining);
    }
    pending += text;
  };
  /** Sends queued lines until the socket pushes back or the queue is empty; then ends if the log has ended. */
  const pump = () => {
    while (!done && !draining) {
      if (next === queue.length) {
        queue.length = 0;
        next = 0;
        if (logEnded) finish();
        else if (!flush()) draining = true;
        return;
      }
      emit(queue[next++]);
      if (remaining <= 0) finish();
      else if (pending.length >= LOG_CHUNK && !flush()) draining = true;
    }
  };
  res.on('drain', () => {
    draining = false;
    pump();
  });
  res.on('close', finish);
  if (!logEnded) {
    untrack = track(res);
    unsubscribe = log.subscribe((e) => {
      if (done) return;
      if (e === undefined) {
        // The log's end is answered at once (after what is still queued).
        logEnded = true;
        pump();
      } else if (opts.sinceNs === undefined || e.ns >= opts.sinceNs) {
        queue.push(e);
        // Lines written in one turn of the event loop go out together at its end.
        scheduled ??= setImmediate(() => {
          scheduled = undefined;
          pump();
        });
      }
    });
  }
  pump();
}
