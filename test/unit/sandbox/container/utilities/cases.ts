// The table shape of the utility tests: one row is (argv, stdin, files) → (stdout, stderr, exit code), marked
// `gnu` when busybox and GNU coreutils agree on it, so the row also runs against the host's coreutils.
import { expect, it } from 'vitest';
import { runOnHost, runUtility, type Row } from './run-utility.js';

export interface Case extends Row {
  out: string;
  err?: string;
  code?: number;
  /** busybox and GNU coreutils print the same for this row: compare with the host too. */
  gnu?: boolean;
}

const title = (c: Case) =>
  `${c.argv.map((a) => (/^[\w./=:+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}${c.stdin !== undefined ? ` <<< ${JSON.stringify(c.stdin)}` : ''}`;

export function table(cases: Case[]): void {
  it.each(cases.map((c) => [title(c), c] as const))('%s', async (_t, c) => {
    const r = await runUtility(c);
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ stdout: c.out, stderr: c.err ?? '', code: c.code ?? 0 });
    if (c.gnu) {
      const host = runOnHost(c);
      expect({ stdout: host.stdout, code: host.code }, 'GNU coreutils on the host').toEqual({ stdout: c.out, code: c.code ?? 0 });
    }
  });
}
