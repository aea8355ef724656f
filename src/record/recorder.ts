// The recorder: turns request/response events into redacted Exchange records and writes them to a
// .jsonl journal (each exchange and each streamed chunk handed to the OS as it happens, so nothing is
// lost to Ctrl-C or kill -9) or a .har file (written atomically, temp file + rename, at the end or on
// an interrupt). Synchronous file calls are deliberate: a record must be out of the process before the
// next event, and an interrupt handler cannot wait for promises.
import { closeSync, existsSync, fchmodSync, openSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { KcurlError, usageError } from '../errors.js';
import { type Exchange, type RecordedBody, appendBodyData, headerValue, isText } from './exchange.js';
import { toHar } from './har.js';
import { JOURNAL_HEADER, type JournalRecord } from './journal.js';
import { BodyStreamRedactor, redactBody, redactHeaders } from './redact.js';

export type RecordFormat = 'jsonl' | 'har';

/** Recordings may hold credentials (--reveal, or a header kcurl does not know): owner read/write only. */
export const RECORDING_MODE = 0o600;

export interface RecorderOptions {
  /** Keep credentials and Secret values (--reveal). */
  reveal: boolean;
  /** The command line recorded with every exchange. */
  command: string;
  /** Where the credentials came from (never their value). */
  credentials: string;
  /** kcurl's version, for the HAR creator. */
  version: string;
}

export interface RequestStart {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string | Uint8Array;
  /** The response is read as a stream. */
  stream: boolean;
  /** "kcurl" or the relaying client's address. */
  client?: string;
  role?: string;
  /** performance.now() when the request started, when begin() is called later than that. */
  startedAt?: number;
}

export interface ResponseHead {
  status: number;
  statusText: string;
  headers: [string, string][];
}

/** One exchange being recorded: call response(), then body() or chunk()…, then end(). */
export interface ExchangeRecording {
  response(head: ResponseHead): void;
  /** A streamed body chunk, recorded as it arrives. */
  chunk(bytes: Uint8Array): void;
  /** The whole body of a non-streamed response. */
  body(bytes: Uint8Array | string): void;
  end(error?: string): void;
}

export function recordFormat(path: string): RecordFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl') return 'jsonl';
  if (ext === '.har') return 'har';
  throw usageError(`--record ${path}: the file name must end in .jsonl (a journal written as it happens) or .har (HAR 1.2)`);
}

function cannotWrite(path: string, err: unknown): KcurlError {
  const e = err as NodeJS.ErrnoException;
  const why =
    e.code === 'ENOENT'
      ? 'the directory does not exist'
      : e.code === 'EACCES' || e.code === 'EPERM'
        ? 'permission denied'
        : e.code === 'EISDIR'
          ? 'it is a directory'
          : e.message;
  return new KcurlError('KCURL_INPUT', `--record ${path}: cannot write the recording: ${why}`, { hint: 'choose a writable file path; nothing was sent' });
}

export class Recorder {
  readonly format: RecordFormat;
  /** The exchanges a HAR file will hold (a journal writes them out instead and keeps none). */
  readonly exchanges: Exchange[] = [];
  #fd?: number;
  #prefix = randomBytes(4).toString('hex');
  #next = 1;
  #closed = false;

  private constructor(
    readonly path: string,
    readonly options: RecorderOptions,
  ) {
    this.format = recordFormat(path);
  }

  /** Opens (journal) or probes (HAR) the file, so an unwritable path fails before any request. */
  static open(path: string, options: RecorderOptions): Recorder {
    const r = new Recorder(path, options);
    try {
      if (existsSync(path) && statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      if (r.format === 'jsonl') {
        r.#fd = openSync(path, 'a', RECORDING_MODE);
        try {
          // An existing journal being appended to gets the same mode as a new one.
          fchmodSync(r.#fd, RECORDING_MODE);
        } catch {
          // not the file's owner: its mode stays the owner's choice
        }
        if (statSync(path).size === 0) writeSync(r.#fd, JSON.stringify(JOURNAL_HEADER) + '\n');
      } else {
        const probe = r.tempPath();
        writeFileSync(probe, '', { mode: RECORDING_MODE });
        unlinkSync(probe);
      }
    } catch (err) {
      if (r.#fd !== undefined) closeSync(r.#fd);
      throw cannotWrite(path, err);
    }
    return r;
  }

  private tempPath(): string {
    return `${dirname(this.path)}/.${this.path.split('/').pop()}.${this.#prefix}.tmp`;
  }

  private append(rec: JournalRecord): void {
    if (this.#fd === undefined) return;
    try {
      writeSync(this.#fd, JSON.stringify(rec) + '\n');
    } catch {
      // A full disk must not break the command being recorded; the journal simply stops growing.
    }
  }

  /** Writes the HAR file now (atomically). Called at the end and from interrupt handlers. */
  writeHar(): void {
    if (this.format !== 'har') return;
    const tmp = this.tempPath();
    writeFileSync(tmp, JSON.stringify(toHar(this.exchanges, this.options.version), null, 2) + '\n', { mode: RECORDING_MODE });
    renameSync(tmp, this.path);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.format === 'har') {
      try {
        this.writeHar();
      } catch (err) {
        throw cannotWrite(this.path, err);
      }
    }
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  begin(start: RequestStart): ExchangeRecording {
    const reveal = this.options.reveal;
    const path = pathOf(start.url);
    const reqBody = start.body === undefined ? undefined : recordBody(start.body, reveal, path, headerValue(start.headers, 'content-type'));
    const ex: Exchange = {
      id: `${this.#prefix}-${this.#next++}`,
      startedDateTime: new Date(Date.now() - (start.startedAt === undefined ? 0 : performance.now() - start.startedAt)).toISOString(),
      command: this.options.command,
      credentials: this.options.credentials,
      client: start.client ?? 'kcurl',
      ...(start.role ? { role: start.role } : {}),
      request: { method: start.method, url: start.url, headers: reveal ? start.headers : redactHeaders(start.headers), ...(reqBody ? { body: reqBody } : {}) },
      timings: { waitMs: 0, receiveMs: 0 },
      streamed: start.stream,
      complete: false,
      ...(reveal ? { revealed: true } : {}),
    };
    // Only a HAR file needs every exchange in memory until the end; a journal has already written them,
    // so a long-running proxy relaying watches does not grow.
    const keep = this.format === 'har';
    if (keep) this.exchanges.push(ex);
    const started = start.startedAt ?? performance.now();
    let headAt = started;
    let ended = false;
    let binary = false;
    let redactor: BodyStreamRedactor | undefined;
    const chunks: Buffer[] = [];
    let size = 0;

    const emit = (data: string, encoding?: 'base64') => {
      if (!ex.response || data === '') return;
      if (keep) appendBodyData(ex.response.body, data, encoding);
      this.append({ record: 'chunk', id: ex.id, data, ...(encoding ? { encoding } : {}) });
    };
    // Text stays text until the first bytes that are not; from then on the body is kept as base64.
    const emitKept = (kept: string | Uint8Array) => {
      if (typeof kept === 'string' && !binary) return emit(kept);
      const buf = typeof kept === 'string' ? Buffer.from(kept, 'utf8') : Buffer.from(kept);
      if (!buf.length) return;
      if (!binary && isText(buf)) return emit(buf.toString('utf8'));
      binary = true;
      emit(buf.toString('base64'), 'base64');
    };

    return {
      response: (head) => {
        headAt = performance.now();
        ex.timings.waitMs = headAt - started;
        ex.response = {
          status: head.status,
          statusText: head.statusText,
          headers: reveal ? head.headers : redactHeaders(head.headers),
          body: { text: '', size: 0 },
        };
        if (!reveal) redactor = new BodyStreamRedactor({ path, contentType: headerValue(head.headers, 'content-type') });
        if (start.stream) this.append({ record: 'stream-open', ...ex });
      },
      chunk: (bytes) => {
        if (ended || !ex.response) return;
        const buf = Buffer.from(bytes);
        size += buf.length;
        ex.response.body.size = size;
        ex.timings.receiveMs = performance.now() - headAt;
        emitKept(redactor ? redactor.push(buf) : buf);
      },
      body: (bytes) => {
        const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
        chunks.push(buf);
      },
      end: (error) => {
        if (ended) return;
        ended = true;
        if (!ex.response) {
          ex.timings.waitMs = performance.now() - started;
          ex.error = error ?? 'no response';
          ex.complete = false;
          this.append({ record: 'exchange', ...ex });
          return;
        }
        if (start.stream) {
          if (redactor) emitKept(redactor.flush());
          ex.complete = error === undefined;
          if (error !== undefined) ex.error = error;
          ex.timings.receiveMs = performance.now() - headAt;
          this.append({ record: 'stream-end', id: ex.id, receiveMs: ex.timings.receiveMs, size, ...(error !== undefined ? { error } : {}) });
          return;
        }
        let all = Buffer.concat(chunks);
        // HAR keeps content decoded (content.size is the decoded size); the header stays as sent.
        if (/^\s*gzip\s*$/i.test(headerValue(ex.response.headers, 'content-encoding') ?? '')) {
          try {
            all = gunzipSync(all);
          } catch {
            // not really gzip: keep the bytes as they came
          }
        }
        ex.response.body = recordBody(all, reveal, path, headerValue(ex.response.headers, 'content-type')) ?? { text: '', size: 0 };
        ex.timings.receiveMs = performance.now() - headAt;
        ex.complete = error === undefined;
        if (error !== undefined) ex.error = error;
        this.append({ record: 'exchange', ...ex });
      },
    };
  }
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/** A whole body as recorded: text (redacted unless reveal) or base64 for binary bytes. */
export function recordBody(data: string | Uint8Array, reveal: boolean, path: string | undefined, contentType?: string): RecordedBody | undefined {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size === 0) return typeof data === 'string' ? { text: '', size: 0 } : undefined;
  const kept = reveal ? data : redactBody(data, { path, contentType });
  if (typeof kept === 'string') return { text: kept, size };
  const buf = Buffer.from(kept);
  if (isText(buf)) return { text: buf.toString('utf8'), size };
  return { text: buf.toString('base64'), encoding: 'base64', size };
}
