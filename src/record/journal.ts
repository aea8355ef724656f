// The .jsonl journal: one JSON record per line, appended and handed to the OS as each exchange (or
// each chunk of a streamed body) happens, so a recording cut off by Ctrl-C or kill -9 still loads.
// Records: a header line, then "exchange" (a whole exchange), or "stream-open" + "chunk"… + "stream-end".
import { inputError } from '../errors.js';
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
        throw inputError(`${where}: not a kcurl journal (the first line must be {"record":"kcurl-journal","version":1})`, 'kcurl replay reads files written by --record FILE.jsonl or HAR 1.2 files');
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
        const ex = byId.get(rec.id);
        if (!ex?.response) throw inputError(`${where}: chunk for unknown stream ${JSON.stringify(rec.id)}`, 'the journal is damaged');
        appendChunk(ex.response.body, rec.data, rec.encoding);
        continue;
      }
      case 'stream-end': {
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

function checkExchange(ex: Exchange, where: string): Exchange {
  const missing = (field: string) => inputError(`${where}: exchange without ${field}`, 'the journal is damaged; remove or repair that line');
  if (typeof ex.id !== 'string') throw missing('id');
  if (!ex.request || typeof ex.request.method !== 'string') throw missing('request.method');
  if (typeof ex.request.url !== 'string') throw missing('request.url');
  if (!Array.isArray(ex.request.headers)) throw missing('request.headers');
  if (ex.response && typeof ex.response.status !== 'number') throw missing('response.status');
  ex.timings ??= { waitMs: 0, receiveMs: 0 };
  if (ex.response) ex.response.body ??= { text: '', size: 0 };
  return ex;
}
