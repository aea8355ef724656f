// Spawns the built bin/kcurl the way a user's shell would: plain pipes (no TTY), a clean environment
// and a throwaway HOME, so nothing from the developer's machine (kubeconfig, colours) leaks in.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLEAN_PATH, runProcess, startProcess, type ProcessOutput, type RunningProcess } from './spawn.js';
import { tempDir } from './temp-dir.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const KCURL_BIN = join(REPO_ROOT, 'bin', 'kcurl');

/**
 * Runs `node bin/kcurl ...args`. The environment is PATH and a temporary HOME (removed afterwards) unless
 * opts.env sets them, plus opts.env. Fails with a clear message when the bundle has not been built.
 */
export async function runKcurl(
  args: string[],
  opts: { env?: Record<string, string>; stdin?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<ProcessOutput> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'kcurl.mjs'))) {
    throw new Error(`${join(REPO_ROOT, 'dist', 'kcurl.mjs')} does not exist; run \`npm run build\` before the integration tests`);
  }
  const home = opts.env?.HOME === undefined ? mkdtempSync(join(tmpdir(), 'kcurl-home-')) : undefined;
  try {
    const env = { PATH: CLEAN_PATH, ...(home ? { HOME: home } : {}), ...opts.env };
    return await runProcess(process.execPath, [KCURL_BIN, ...args], { env, stdin: opts.stdin, cwd: opts.cwd ?? home ?? REPO_ROOT, timeoutMs: opts.timeoutMs });
  } finally {
    if (home) rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Starts `node bin/kcurl ...args` and returns at once, collecting stdout and stderr; for commands a test
 * stops itself (SIGINT, SIGKILL). The environment is PATH and a fresh HOME (removed after the test file)
 * unless env sets them, plus env.
 */
export function spawnKcurl(args: string[], env: Record<string, string>): RunningProcess {
  return startProcess(process.execPath, [KCURL_BIN, ...args], {
    env: { PATH: CLEAN_PATH, ...(env.HOME === undefined ? { HOME: tempDir('kcurl-home-') } : {}), ...env },
  });
}
