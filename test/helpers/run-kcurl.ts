// Spawns the built bin/kcurl the way a user's shell would: plain pipes (no TTY), a clean environment
// and a throwaway HOME, so nothing from the developer's machine (kubeconfig, colours) leaks in.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const KCURL_BIN = join(REPO_ROOT, 'bin', 'kcurl');

export interface ProcessOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The PATH given to spawned programs: system directories only, so curl, bash and kubectl resolve. */
export const CLEAN_PATH = '/usr/local/bin:/usr/bin:/bin';

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

/** A kcurl left running (watch, follow): its output so far, and its end. */
export interface RunningKcurl {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** Settles once the process has exited and its output streams have closed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node bin/kcurl ...args` and returns at once, collecting stdout and stderr; for commands a test
 * stops itself (SIGINT, SIGKILL). The environment is PATH and a fresh HOME unless env sets them, plus env.
 */
export function spawnKcurl(args: string[], env: Record<string, string>): RunningKcurl {
  const child = spawn(process.execPath, [KCURL_BIN, ...args], {
    env: { PATH: CLEAN_PATH, ...(env.HOME === undefined ? { HOME: mkdtempSync(join(tmpdir(), 'kcurl-home-')) } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, out: () => stdout, err: () => stderr };
}

/**
 * Runs a program with pipes for all three streams; rejects only if it cannot start or outlives
 * timeoutMs (default 60 s, a guard against hung tests, not a speed check), killing it first.
 */
export function runProcess(
  file: string,
  args: string[],
  opts: { env: Record<string, string>; stdin?: string; cwd?: string; timeoutMs?: number },
): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${file} ${args.join(' ')} did not finish within ${opts.timeoutMs ?? 60_000} ms and was killed\n` +
            `stdout: ${Buffer.concat(out).toString('utf8')}\nstderr: ${Buffer.concat(err).toString('utf8')}`,
        ),
      );
    }, opts.timeoutMs ?? 60_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${file}: ${e.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {}); // the program may exit without reading stdin
    child.stdin.end(opts.stdin ?? '');
  });
}
