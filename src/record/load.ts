// Loads a recording for replay: a kcurl .jsonl journal or any HAR 1.2 file, told apart by extension or,
// failing that, by content. Errors name the file and the line or entry at fault.
import { inputError } from '../errors.js';
import type { Io } from '../io.js';
import type { Exchange } from './exchange.js';
import { redactRecordedCommand } from './check.js';
import { parseHar } from './har.js';
import { parseJournal } from './journal.js';

export interface LoadedRecording {
  format: 'jsonl' | 'har';
  exchanges: Exchange[];
  warnings: string[];
}

/** Reads `path`; messages name the file as `file` (what the user typed). */
export async function loadRecording(io: Io, path: string, file = path): Promise<LoadedRecording> {
  let text: string;
  try {
    text = (await io.readFile(path)).toString('utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw inputError(`${file}: cannot read the recording: ${why}`);
  }
  const lower = file.toLowerCase();
  const format = lower.endsWith('.har') ? 'har' : lower.endsWith('.jsonl') ? 'jsonl' : text.trimStart().startsWith('{"record"') ? 'jsonl' : 'har';
  const { exchanges, warnings } = format === 'har' ? { exchanges: parseHar(text, file), warnings: [] } : parseJournal(text, file);
  for (const ex of exchanges) ex.command = redactRecordedCommand(ex.command);
  return { format, exchanges, warnings };
}
