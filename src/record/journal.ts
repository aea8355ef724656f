// The .jsonl journal: one JSON record per line, appended and handed to the OS as each exchange (or
// each chunk of a streamed body) happens, so a recording cut off by Ctrl-C or kill -9 still loads.
// Records: a header line, then "exchange" (a whole exchange), or "stream-open" + "chunk"… + "stream-end".
import { inputError } from '../errors.js';
import { checkExchangeSyntax } from './check.js';
import { type Exchange, type RecordedBody, appendBodyData } from './exchange.js';

export const JOURNAL_HEADER = { record: 'kcurl-journal', version: 1 } as const;

export type JournalRecord =
  | { record: 'kcurl-journal'; version: number }
  | ({ record: 'exchange' } & Exchange)
  | ({ record: 'stream-open' } & Exchange)
  | { record: 'chunk'; id: string; data: string; encoding?: 'base64' }
  | { record: 'stream-end'; id: string; receiveMs: number; size: number; error?: string };

export interface LoadedJournal {
  exchanges: Exchange[];
  warnings: string[];
}

/**
 * Parses a journal. A torn last line (the writer was killed mid-line) is skipped with a warning naming
 * the file and line; any other damaged or foreign line is an error naming it.
 */
export function parseJournal(text: string, file: string): LoadedJournal {
  const lines = text.split('\n');
  // A final newline leaves one empty element; a file cut mid-line leaves its partial line there instead.
  const endsClean = text.endsWith('\n') || text === '';
  if (endsClean) lines.pop();
  const warnings: string[] = [];
  const byId = new Map<string, Exchange>();
  const order: Exchange[] = [];
  let sawHeader = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const where = `${file}:${i + 1}`;
    if (line.trim() === '') continue;
    let rec: JournalRecord;
    try {
      rec = JSON.parse(line) as JournalRecord;
    } catch (err) {
      if (i === lines.length - 1) {
        warnings.push(`${where}: skipping an incomplete last line (the recording was cut off while writing it)`);
        break;
      }
      throw inputError(`${where}: not valid JSON (${(err as Error).message})`, 'the journal is damaged; remove or repair that line');
    }
    if (!rec || typeof rec !== 'object' || typeof (rec as { record?: unknown }).record !== 'string') {
      throw inputError(`${where}: not a kcurl journal record (no "record" field)`, 'kcurl replay reads files written by --record FILE.jsonl or HAR 1.2 files');
    }
    if (!sawHeader) {
      if (rec.record !== 'kcurl-journal') {
        throw inputError(
          `${where}: not a kcurl journal (the first line must be {"record":"kcurl-journal","version":1})`,
          'kcurl replay reads files written by --record FILE.jsonl or HAR 1.2 files',
        );
      }
      if (rec.version !== 1) throw inputError(`${where}: journal version ${String(rec.version)} is not supported (this kcurl reads version 1)`);
      sawHeader = true;
      continue;
    }
    switch (rec.record) {
      case 'kcurl-journal':
        continue;
      case 'exchange':
      case 'stream-open': {
        const { record, ...rest } = rec;
        const ex = checkExchange(rest as Exchange, where);
        if (record === 'stream-open') ex.complete = false;
        byId.set(ex.id, ex);
        order.push(ex);
        continue;
      }
      case 'chunk': {
        if (typeof rec.id !== 'string' || typeof rec.data !== 'string') throw inputError(`${where}: chunk record without id or data (strings)`, REPAIR);
        const ex = byId.get(rec.id);
        if (!ex?.response) throw inputError(`${where}: chunk for unknown stream ${JSON.stringify(rec.id)}`, 'the journal is damaged');
        appendChunk(ex.response.body, rec.data, rec.encoding);
        continue;
      }
      case 'stream-end': {
        if (typeof rec.id !== 'string') throw inputError(`${where}: stream-end record without id (a string)`, REPAIR);
        const ex = byId.get(rec.id);
        if (!ex) throw inputError(`${where}: end of unknown stream ${JSON.stringify(rec.id)}`, 'the journal is damaged');
        ex.complete = rec.error === undefined;
        ex.timings.receiveMs = rec.receiveMs;
        if (ex.response) ex.response.body.size = rec.size;
        if (rec.error !== undefined) ex.error = rec.error;
        continue;
      }
      default:
        throw inputError(`${where}: unknown journal record ${JSON.stringify((rec as { record: string }).record)}`);
    }
  }
  if (!sawHeader && lines.some((l) => l.trim() !== '')) {
    throw inputError(`${file}:1: not a kcurl journal`, 'kcurl replay reads files written by --record FILE.jsonl or HAR 1.2 files');
  }
  return { exchanges: order, warnings };
}

function appendChunk(body: RecordedBody, data: string, encoding?: 'base64'): void {
  appendBodyData(body, data, encoding);
  body.size += encoding === 'base64' ? Buffer.from(data, 'base64').length : Buffer.byteLength(data);
}

const REPAIR = 'the journal is damaged; remove or repair that line (kcurl writes every field of an exchange record)';

/** Checks an exchange record field by field, naming the first one missing or of the wrong type. */
function checkExchange(ex: Exchange, where: string): Exchange {
  const missing = (field: string, what: string) => inputError(`${where}: exchange record without ${field} (${what})`, REPAIR);
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isPairs = (v: unknown) =>
    Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');
  const isBody = (v: unknown) => isObject(v) && typeof v.text === 'string' && (v.encoding === undefined || v.encoding === 'base64');
  if (typeof ex.id !== 'string' || !ex.id) throw missing('id', 'a string naming the exchange');
  if (!isObject(ex.request)) throw missing('request', 'an object with method, url and headers');
  if (typeof ex.request.method !== 'string') throw missing('request.method', 'a string');
  if (typeof ex.request.url !== 'string') throw missing('request.url', 'a string');
  if (!isPairs(ex.request.headers)) throw missing('request.headers', 'a list of [name, value] pairs');
  if (ex.request.body !== undefined && !isBody(ex.request.body)) throw missing('request.body.text', 'a string');
  if (ex.response !== undefined) {
    if (!isObject(ex.response)) throw missing('response', 'an object with status, headers and body');
    if (typeof ex.response.status !== 'number') throw missing('response.status', 'a number');
    if (!isPairs(ex.response.headers)) throw missing('response.headers', 'a list of [name, value] pairs');
    ex.response.statusText ??= '';
    if (typeof ex.response.statusText !== 'string') throw missing('response.statusText', 'a string');
    ex.response.body ??= { text: '', size: 0 };
    if (!isBody(ex.response.body)) throw missing('response.body.text', 'a string');
    if (typeof ex.response.body.size !== 'number') ex.response.body.size = Buffer.byteLength(ex.response.body.text);
  }
  for (const field of ['startedDateTime', 'command', 'credentials', 'client'] as const) {
    ex[field] ??= '';
    if (typeof ex[field] !== 'string') throw missing(field, 'a string');
  }
  ex.timings ??= { waitMs: 0, receiveMs: 0 };
  if (!isObject(ex.timings)) throw missing('timings', 'an object with waitMs and receiveMs');
  ex.streamed = ex.streamed === true;
  ex.complete = ex.complete !== false;
  checkExchangeSyntax(ex, where);
  return ex;
}
