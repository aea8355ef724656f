// Runs a printed snippet the way a user would after pasting it into a file: `bash snippet.sh`,
// with a clean environment whose PATH finds the system's curl and kubectl.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './require-tool.js';
import { CLEAN_PATH, runProcess, type ProcessOutput } from './spawn.js';

/**
 * Writes `script` to snippet.sh in a fresh directory and runs `bash snippet.sh` there (so files the
 * snippet creates stay in it). The environment is PATH, HOME (that directory) and opts.env.
 */
export async function runSnippet(
  script: string,
  opts: { env?: Record<string, string>; stdin?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<ProcessOutput> {
  const bash = requireTool('bash');
  requireTool('curl');
  const dir = mkdtempSync(join(tmpdir(), 'kcurl-snippet-'));
  try {
    const file = join(dir, 'snippet.sh');
    writeFileSync(file, script);
    const env = { PATH: CLEAN_PATH, HOME: dir, ...opts.env };
    return await runProcess(bash, [file], { env, stdin: opts.stdin, cwd: opts.cwd ?? dir, timeoutMs: opts.timeoutMs });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
