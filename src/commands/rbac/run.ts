// kcurl rbac FILE…: loads each recording (.jsonl journal or HAR) and prints the minimal RBAC for its requests.
import { resolve } from 'node:path';
import type { Session } from '../../cli/session.js';
import { usageError } from '../../errors.js';
import { loadRecording } from '../../record/load.js';
import { type RecordedRequest, renderRbac } from './derive.js';
import type { RbacFlags } from './flags.js';

export async function runRbac(session: Session, positionals: string[], opts: RbacFlags): Promise<number> {
  const io = session.io;
  if (!positionals.length)
    throw usageError(
      'kcurl rbac needs one or more recordings',
      'for example: kcurl rbac workflow.jsonl (made with kcurl record --record workflow.jsonl -- kubectl …)',
    );
  const requests: RecordedRequest[] = [];
  for (const file of positionals) {
    const rec = await loadRecording(io, resolve(io.cwd, file), file);
    for (const w of rec.warnings) io.stderr.write(`Warning: ${w}\n`);
    for (const ex of rec.exchanges) {
      const url = new URL(ex.request.url);
      requests.push({ method: ex.request.method, target: url.pathname + url.search });
    }
  }
  io.stdout.write(renderRbac(requests, opts, positionals.join(', ')));
  return 0;
}
