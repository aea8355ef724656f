// The --state journal: replaying records, ignoring a torn last line, refusing a damaged middle, and
// compaction through a temporary file and rename; appends are whole lines.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal, StateJournal } from '../../../src/sandbox/journal.js';
import type { JournalRecord } from '../../../src/sandbox/store.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'kcurl-journal-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const put: JournalRecord = {
  op: 'put',
  rv: 1,
  group: '',
  resource: 'configmaps',
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', resourceVersion: '1' } },
};
const del: JournalRecord = { op: 'del', rv: 2, group: '', resource: 'configmaps', namespace: 'default', name: 'a' };

describe('journal', () => {
  it('a missing file is an empty journal', () => {
    expect(readJournal(join(tmp(), 'none.jsonl'))).toEqual({ records: [] });
  });

  it('reads records line by line', () => {
    const f = join(tmp(), 's.jsonl');
    writeFileSync(f, `${JSON.stringify(put)}\n${JSON.stringify(del)}\n`);
    expect(readJournal(f)).toEqual({ records: [put, del] });
  });

  it('ignores a torn last line and says what it was', () => {
    const f = join(tmp(), 's.jsonl');
    writeFileSync(f, `${JSON.stringify(put)}\n{"op":"put","rv":2,"gro`);
    expect(readJournal(f)).toEqual({ records: [put], tornTail: '{"op":"put","rv":2,"gro' });
  });

  it('refuses a damaged record in the middle with the line number', () => {
    const f = join(tmp(), 's.jsonl');
    writeFileSync(f, `${JSON.stringify(put)}\nnot json\n${JSON.stringify(del)}\n`);
    expect(() => readJournal(f)).toThrow(/sandbox state .*s\.jsonl line 2 is not a journal record/);
  });

  it('compacts atomically and appends whole lines', () => {
    const d = tmp();
    const f = join(d, 'sub', 's.jsonl');
    const j = StateJournal.compactAndOpen(f, [{ op: 'rv', rv: 5 }, put]);
    j.append(del);
    j.close();
    expect(readFileSync(f, 'utf8')).toBe(`${JSON.stringify({ op: 'rv', rv: 5 })}\n${JSON.stringify(put)}\n${JSON.stringify(del)}\n`);
    expect(readdirSync(join(d, 'sub'))).toEqual(['s.jsonl']);
    expect(() => j.append(del)).toThrow(/is closed/);
  });
});
