// Runs one utility of the container userland the way the shell runs it (stdin, files in the container's
// filesystem, busybox error wording on stderr), and, for rows where busybox and GNU coreutils agree, the same
// argv on the host for comparison.
import { runProcessSync } from '../../../../helpers/spawn.js';
import { CommandError } from '../../../../../src/sandbox/container/errors.js';
import { ContainerFilesystem } from '../../../../../src/sandbox/container/filesystem.js';
import { resolvePath } from '../../../../../src/sandbox/container/interpreter.js';
import { collector, Input } from '../../../../../src/sandbox/container/streams.js';
import { findUtility, type UtilityContext } from '../../../../../src/sandbox/container/utilities/registry.js';
import type { PodNetwork } from '../../../../../src/sandbox/container/network.js';

export interface Row {
  argv: string[];
  stdin?: string;
  files?: Record<string, string>;
  env?: Record<string, string>;
  /** What curl and wget reach. */
  network?: PodNetwork;
  /** stdout is a terminal. */
  tty?: boolean;
}

export interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

export const NOW = new Date('2026-11-26T01:02:03.456Z');

export async function runUtility(row: Row, fs = new ContainerFilesystem()): Promise<Result & { fs: ContainerFilesystem }> {
  for (const [path, content] of Object.entries(row.files ?? {})) fs.write(path, content, false);
  const stdout = collector();
  const stderr = collector();
  const stdin = Input.of(row.stdin ?? '');
  const signal = new AbortController().signal;
  const run = async (argv: string[], env: Map<string, string>): Promise<number> => {
    const utility = findUtility(argv[0]);
    if (!utility) throw new Error(`no utility ${argv[0]}`);
    const ctx: UtilityContext = {
      name: argv[0],
      args: argv.slice(1),
      env,
      stdin,
      stdout,
      stderr,
      fs,
      cwd: '/',
      resolve: (p) => resolvePath('/', p),
      hostname: 'mypod',
      now: () => NOW,
      signal,
      sleep: async () => undefined,
      tick: async () => undefined,
      run,
      network: row.network,
      isTerminal: row.tty ?? false,
    };
    try {
      return await utility(ctx);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      await stderr.write(`${e.message}\n`);
      return e.code;
    }
  };
  const code = await run(row.argv, new Map(Object.entries(row.env ?? { HOME: '/root', PATH: '/bin' })));
  return { stdout: stdout.text(), stderr: stderr.text(), code, fs };
}

/** The same argv run by the host's GNU coreutils (C locale), for rows without container files. */
export function runOnHost(row: Row): Result {
  const r = runProcessSync(row.argv[0], row.argv.slice(1), { stdin: row.stdin ?? '', env: { LC_ALL: 'C', PATH: '/usr/bin:/bin', ...row.env } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.code ?? -1 };
}
