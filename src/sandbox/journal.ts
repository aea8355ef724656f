// `--state FILE`: a write-ahead journal, one JSON record per line, fsync'd before a write is acknowledged.
// On start the file is replayed (a torn last line is ignored with a warning), then compacted into a
// snapshot written to a temporary file and renamed over the original, so a crash never leaves it half-written.
import fs from 'node:fs';
import path from 'node:path';
import { KcurlError } from '../errors.js';
import type { JournalRecord, JournalSink } from './store.js';

export interface LoadedJournal {
  records: JournalRecord[];
  /** Set when the last line was incomplete (a crash mid-write) and was skipped. */
  tornTail?: string;
}

/** Reads and parses a journal; a missing file is an empty journal. */
export function readJournal(file: string): LoadedJournal {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [] };
    throw new KcurlError('KCURL_CONFIG', `cannot read sandbox state ${file}: ${(err as Error).message}`, { hint: 'check the --state path' });
  }
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  let tornTail: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const isLast = lines.slice(i + 1).every((l) => l.trim() === '');
    let record: JournalRecord | undefined;
    try {
      record = parseRecord(JSON.parse(line));
    } catch {
      record = undefined;
    }
    if (record) {
      records.push(record);
    } else if (isLast && !text.endsWith('\n')) {
      tornTail = line.length > 60 ? `${line.slice(0, 60)}…` : line;
    } else {
      throw new KcurlError('KCURL_CONFIG', `sandbox state ${file} line ${i + 1} is not a journal record`, {
        hint: 'the file is damaged; move it away to start with an empty sandbox',
      });
    }
  }
  return { records, tornTail };
}

function parseRecord(v: unknown): JournalRecord | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.rv !== 'number') return undefined;
  if (r.op === 'rv') return { op: 'rv', rv: r.rv };
  if (typeof r.group !== 'string' || typeof r.resource !== 'string') return undefined;
  if (r.op === 'put' && r.object && typeof r.object === 'object') return r as unknown as JournalRecord;
  if (r.op === 'del' && typeof r.name === 'string' && typeof r.namespace === 'string') return r as unknown as JournalRecord;
  return undefined;
}

/** The open journal: appends are synchronous and durable. */
export class StateJournal implements JournalSink {
  #fd: number | undefined;
  readonly file: string;

  private constructor(file: string, fd: number) {
    this.file = file;
    this.#fd = fd;
  }

  /** Atomically replaces `file` with `snapshot`, then opens it for appending. */
  static compactAndOpen(file: string, snapshot: JournalRecord[]): StateJournal {
    const dir = path.dirname(path.resolve(file));
    try {
      fs.mkdirSync(dir, { recursive: true });
      const tmp = path.join(dir, `.${path.basename(file)}.${Date.now().toString(36)}.tmp`);
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        fs.writeSync(fd, snapshot.map((r) => JSON.stringify(r) + '\n').join(''));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
      syncDirectory(dir);
      return new StateJournal(file, fs.openSync(file, 'a', 0o600));
    } catch (err) {
      if (err instanceof KcurlError) throw err;
      throw new KcurlError('KCURL_CONFIG', `cannot write sandbox state ${file}: ${(err as Error).message}`, { hint: 'check the --state path is writable' });
    }
  }

  append(record: JournalRecord): void {
    if (this.#fd === undefined) throw new Error(`sandbox state ${this.file} is closed`);
    fs.writeSync(this.#fd, JSON.stringify(record) + '\n');
    fs.fsyncSync(this.#fd);
  }

  close(): void {
    if (this.#fd === undefined) return;
    fs.closeSync(this.#fd);
    this.#fd = undefined;
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every platform lets a directory be fsync'd; the rename is still atomic.
  }
}
