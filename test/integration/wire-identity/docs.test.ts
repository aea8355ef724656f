// docs/wire-identity.md lists every row the suite runs: the table between its markers is generated from
// tables.ts. After changing a table, regenerate it with
//   WRITE_WIRE_IDENTITY_DOCS=1 npx vitest run test/integration/wire-identity/docs.test.ts
// and review the diff like code.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellJoin } from '../../../src/render/shell-quote.js';
import { REPO_ROOT } from '../../helpers/run-kcurl.js';
import type { WireRow } from './harness.js';
import { TABLES } from './tables.js';

const DOC = join(REPO_ROOT, 'docs', 'wire-identity.md');
const BEGIN = '<!-- rows:begin (generated from test/integration/wire-identity/tables.ts) -->';
const END = '<!-- rows:end -->';

function comparisons(row: WireRow): string {
  const parts = ['wire', 'stdout', 'stderr', `exit ${row.exitCode ?? 0}`, row.secretValue !== undefined ? 'snippet redacted' : 'snippet'];
  if (row.sendsNothing) return ['nothing sent', 'stdout', 'stderr', `exit ${row.exitCode ?? 0}`].join(', ');
  if (row.protobuf) parts[0] = 'wire (protobuf decoded)';
  if (row.snippetExitCode !== undefined) parts[4] += ` (exit ${row.snippetExitCode})`;
  if (row.snippetCommonPrefix) parts[4] += ' (the requests both send)';
  if (row.snippetRequestsOnly) parts[4] += ' (requests only)';
  if (row.coldDiscovery) parts[0] += ', discovery included';
  if (row.openApi) parts[0] += ', OpenAPI included';
  return parts.join(', ');
}

function notes(row: WireRow): string {
  const out: string[] = [];
  if (row.unorderedFieldSelector) out.push('events fieldSelector terms as a set');
  if (row.stdin !== undefined) out.push(['exec', 'attach'].includes(row.args[0]) ? 'stdin piped to the container' : 'manifest on stdin');
  if (row.during) out.push('a change is made while the stream is open');
  if (row.snippetStream)
    out.push(
      row.snippetStream.until
        ? 'streaming snippet stopped once its stream delivered'
        : `streaming snippet left to end by itself (stopped after ${row.snippetStream.limitMs / 1000}s)`,
    );
  if (row.note) out.push(row.note);
  return out.join('; ');
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function renderRows(): string {
  const lines: string[] = [];
  let total = 0;
  for (const table of TABLES) {
    lines.push(`### ${table.group} (\`${table.file}\`)`, '', '| # | command line | state | compared | notes |', '|---|---|---|---|---|');
    table.rows.forEach((row, i) => {
      const state = row.setup ? (row.mutating ? 'fresh for each run' : 'prepared for each run') : 'shared, read-only';
      lines.push(`| ${i + 1} | \`${cell(shellJoin(['kubectl', ...row.args]))}\` | ${state} | ${comparisons(row)} | ${cell(notes(row))} |`);
    });
    total += table.rows.length;
    lines.push('');
  }
  lines.push(`${total} command lines in all.`);
  return lines.join('\n');
}

describe('docs/wire-identity.md', () => {
  it('lists exactly the rows the suite runs', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `${DOC} has no ${BEGIN} marker`).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const expected = `${BEGIN}\n${renderRows()}\n${END}`;
    const actual = doc.slice(start, end + END.length);
    if (actual !== expected && process.env.WRITE_WIRE_IDENTITY_DOCS === '1') {
      writeFileSync(DOC, doc.slice(0, start) + expected + doc.slice(end + END.length));
      return;
    }
    expect(actual, 'regenerate with WRITE_WIRE_IDENTITY_DOCS=1 npx vitest run test/integration/wire-identity/docs.test.ts').toBe(expected);
  });
});
