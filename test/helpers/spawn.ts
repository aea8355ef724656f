// The one way tests start programs (bin/kcurl, kubectl, bash, curl): plain pipes, an explicit environment, and
// a guard that kills a hung program. runProcess waits for the end; startProcess returns at once for programs a
// test stops itself (watch, follow, servers); runProcessSync is for unit tests that check a script with bash.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

export interface ProcessOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The PATH given to spawned programs: system directories only, so curl, bash and kubectl resolve. */
export const CLEAN_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * Runs a program with pipes for all three streams; rejects only if it cannot start or outlives
 * timeoutMs (default 60 s, a guard against hung tests, not a speed check), killing it first.
 * The environment is exactly opts.env (default: PATH=CLEAN_PATH).
 */
export function runProcess(
  file: string,
  args: string[],
  opts: { env?: Record<string, string>; stdin?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: opts.env ?? { PATH: CLEAN_PATH }, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
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

/** A program left running: its output so far, and its end. */
export interface RunningProcess {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** Settles once the process has exited and its output streams have closed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Resolves with the first match of `pattern` in stdout (a server's "listening on" line); rejects with the
   * output so far when the process ends first, or kills it and rejects after timeoutMs (a hang guard).
   */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** Starts a program with stdin closed and returns at once, collecting stdout and stderr. */
export function startProcess(file: string, args: string[], opts: { env?: Record<string, string>; cwd?: string; stdin?: 'pipe' } = {}): RunningProcess {
  // stdin: 'pipe' for programs a test types into (child.stdin), e.g. a terminal session under `script`.
  const child = spawn(file, args, { env: opts.env ?? { PATH: CLEAN_PATH }, cwd: opts.cwd, stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  let closed = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      closed = true;
      resolve({ code, signal });
    }),
  );
  const waitForOutput = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const what = `${file} ${args.join(' ')}`;
      const check = () => {
        const m = pattern.exec(stdout);
        if (!m) return;
        done();
        resolve(m);
      };
      const ended = () => {
        done();
        reject(new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`));
      };
      const timer = setTimeout(() => {
        done();
        child.kill('SIGKILL');
        reject(new Error(`${what} did not print ${pattern} within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.off('close', ended);
      };
      child.stdout!.on('data', check);
      child.once('close', ended);
      if (pattern.exec(stdout)) check();
      else if (closed) ended();
    });
  return { child, exited, out: () => stdout, err: () => stderr, waitForOutput };
}

/**
 * runProcess, synchronously: for quick checks in unit tests (`bash -n`, printf round trips). Throws only when
 * the program cannot be started. The environment is exactly opts.env (default: PATH=CLEAN_PATH).
 */
export function runProcessSync(file: string, args: string[], opts: { env?: Record<string, string>; stdin?: string; cwd?: string } = {}): ProcessOutput {
  const r = spawnSync(file, args, {
    env: opts.env ?? { PATH: CLEAN_PATH },
    cwd: opts.cwd,
    input: opts.stdin ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`cannot run ${file}: ${r.error.message}`);
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
