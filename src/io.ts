// The process boundary: the only module under src/ that uses `process` (streams, TTYs, environment, argv,
// working directory, platform, signals, the monotonic clock) — no `process.`/`console.` anywhere else.
// Commands receive an Io, so tests run them in memory with testIo(). Files and child processes mostly go through
// Io too; the modules that still import node:fs or node:child_process themselves are the sandbox (state
// directory, journal, container exec), the recorder and `kcurl replay` (HAR and journal files, written
// synchronously), `kcurl record` (spawns the client with inherited stdio), `kcurl demo` (its work directory),
// the proxy (static files) and the protobuf descriptor loader.
import { spawn } from 'node:child_process';
import { fstatSync, promises as fsp, readFileSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';

export interface OutStream {
  write(chunk: string | Uint8Array): void;
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started (ENOENT, EACCES). */
  spawnError?: NodeJS.ErrnoException;
}

export interface AttachedProcess {
  done: Promise<Omit<ProcessResult, 'stdout' | 'stderr'>>;
  kill(signal: NodeJS.Signals): void;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
  /** Pass the parent's stderr through (exec plugins may prompt or print there). */
  inheritStderr?: boolean;
}

/** How far keepHeapSmall goes (see there). */
export interface HeapOptions {
  /** false: no new optimized code (a watch, a follow). */
  optimizingCompiler?: boolean;
  /**
   * 'small': collect the old generation sooner, and favour size elsewhere too (--optimize-for-size, which costs
   * CPU); 'slow-growth': collect it sooner only (a growing factor of 1.1).
   */
  oldGeneration?: 'small' | 'slow-growth';
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  homedir: string;
  /** How to start this kcurl again: [node, script] (for `kcurl demo`, which runs kcurl commands). */
  selfCommand: readonly string[];
  /** "<os>/<arch>" as Node names them (linux/x64), for the User-Agent. */
  platform: string;
  /** This process's id (klog's log lines name it, as kubectl port-forward's forwarding errors do). */
  pid?: number;
  now(): Date;
  /** Reads all of standard input (for `-f -`), or stops once more than maxBytes have come. */
  readStdin(maxBytes?: number): Promise<Buffer>;
  /**
   * Standard input as it arrives (kcurl exec -i, attach -i); stop() lets go of it when the session ends first.
   * Absent where stdin is a fixed text (testIo): callers then use readStdin.
   */
  stdinChunks?(): { chunks: AsyncIterable<Uint8Array>; stop(): void };
  /** Standard input is a terminal (kubectl exec -t needs one). */
  isStdinTTY?: boolean;
  /** Puts the terminal on stdin in raw mode (exec -it) or back. */
  setStdinRaw?(raw: boolean): void;
  /** The size of the terminal on stdout, when it is one (sent on the resize channel). */
  terminalSize?(): { width: number; height: number } | undefined;
  /** Reads one line of standard input (undefined at end of input), for prompts like `kcurl demo --pause`. */
  readLine(): Promise<string | undefined>;
  readFile(path: string): Promise<Buffer>;
  writeFile(path: string, data: string | Uint8Array, mode?: number): Promise<void>;
  mkdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file (an edit buffer); a file already gone is not an error. */
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ isFile: boolean; isDirectory: boolean; mtimeMs: number; size: number } | undefined>;
  readdir(path: string): Promise<string[]>;
  run(command: string, args: string[], options?: RunOptions): Promise<ProcessResult>;
  /**
   * Starts a command attached to this process's stdin, stdout and stderr (interactive, output as it comes);
   * `kill` sends it a signal, `done` resolves when it has exited.
   */
  runAttached(command: string, args: string[], options?: Pick<RunOptions, 'env' | 'cwd'>): AttachedProcess;
  /**
   * Registers a handler for SIGINT/SIGTERM (or the given signals), called with the signal's name; returns a
   * function that removes it.
   */
  onInterrupt(handler: (signal?: NodeJS.Signals) => void, signals?: readonly NodeJS.Signals[]): () => void;
  /**
   * Tells the JavaScript engine to favour a small heap over allocation speed from now on: for what runs long and
   * handles one small thing at a time (a watch's events, a follow, the proxy's requests). See keepHeapSmall.
   */
  keepHeapSmall?(opts?: HeapOptions): Promise<() => void>;
}

/** Resolves at the first SIGINT/SIGTERM: how a command that serves (proxy, replay) waits to be stopped. */
export function untilInterrupted(io: Pick<Io, 'onInterrupt'>): Promise<void> {
  return new Promise<void>((resolve) => {
    const remove = io.onInterrupt(() => {
      remove();
      resolve();
    });
  });
}

/**
 * Standard input as lines, read through one readline interface for the whole process: a new interface per call
 * would drop the lines the previous one had already buffered (piped input).
 */
const stdinLines = (() => {
  const queue: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  let started: Promise<void> | undefined;
  const start = () =>
    (started ??= import('node:readline').then(({ createInterface }) => {
      const rl = createInterface({ input: process.stdin });
      rl.on('line', (line) => {
        const w = waiting.shift();
        if (w) w(line);
        else queue.push(line);
        if (!waiting.length) rl.pause();
      });
      rl.on('close', () => {
        ended = true;
        for (const w of waiting.splice(0)) w(undefined);
      });
    }));
  return {
    async next(): Promise<string | undefined> {
      if (queue.length) return queue.shift();
      if (ended) return undefined;
      const line = new Promise<string | undefined>((resolve) => waiting.push(resolve));
      await start();
      process.stdin.resume();
      return line;
    },
  };
})();

/**
 * V8 sizes its heap for throughput: the young generation doubles (up to 32 MB) as objects survive, and the old one
 * may fill with garbage before a full collection. A process that lives long but holds little (a watch printing event
 * after event, kcurl proxy relaying request after request) then grows to well above kubectl's footprint
 * (docs/benchmarks.md: 69 MB for get -w against 48, 114 MB for the proxy against 48). These V8 flags are read when V8
 * decides, so setting them while running takes effect (bin/code-cache.cjs sets --liftoff-only so):
 * - a young-generation growth factor of 1 keeps the young generation at the size it has;
 * - `optimizingCompiler: false` (a watch, a follow) stops new optimized compilations (code already optimized stays):
 *   TurboFan's code and the memory of its compiler threads cost more than the CPU they save on events that come a
 *   few at a time;
 * - `oldGeneration: 'small'` sets --optimize-for-size: the old generation grows by smaller steps and is collected
 *   sooner, but V8 also favours size over speed elsewhere (its compiler among them);
 * - `oldGeneration: 'slow-growth'` sets only the old generation's growing factor (--heap-growing-percent=10: the
 *   next full collection comes once the old generation is 1.1 times what the last one left, plus V8's minimum step,
 *   instead of up to 4 times as V8 picks from its speed).
 * Measured (bench/large.mjs, bench/proxy.mjs): get -w of 10,000 events 69 MB → 60 MB with the first two, 59 MB with
 * all three. The proxy: 115 MB with none; 75 MB with the first and 'small', but about 1.6 times the CPU per request
 * of no flags; 77–79 MB with the first and 'slow-growth', at the CPU of no flags.
 *
 * The returned function puts V8's defaults back before exit: a code cache written then (after a miss) is stamped
 * with the flags of that moment, and one stamped with others is rejected by the next run. --optimize-for-size
 * cannot be fully undone (it sets other flags too), so after a run that used it and missed the cache, the next run
 * compiles once more without one. A process started with V8 options of its own (execArgv, NODE_OPTIONS) is left
 * as its user configured it.
 */
async function keepHeapSmall(opts: HeapOptions = {}): Promise<() => void> {
  if (process.execArgv.length > 0 || process.env.NODE_OPTIONS) return () => {};
  const { setFlagsFromString } = await import('node:v8');
  const flags: [set: string, restore: string][] = [['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']];
  if (opts.optimizingCompiler === false) flags.push(['--no-opt', '--opt']);
  if (opts.oldGeneration === 'small') flags.push(['--optimize-for-size', '--no-optimize-for-size']);
  if (opts.oldGeneration === 'slow-growth') flags.push(['--heap-growing-percent=10', '--heap-growing-percent=0']);
  for (const [set] of flags) setFlagsFromString(set);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    for (const [, restore] of flags) setFlagsFromString(restore);
  };
}

const hrBase = process.hrtime.bigint();

/** Nanoseconds on a monotonic clock since this module loaded (the sandbox's log timestamps take their digits from it). */
export function monotonicNs(): bigint {
  return process.hrtime.bigint() - hrBase;
}

/**
 * Milliseconds on a monotonic clock (request durations in -v logs). The `performance` global would do, but its
 * first use loads perf_hooks and seven more builtins into every executed command.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() - hrBase) / 1e6;
}

/**
 * Standard output or error. A pipe, a file or /dev/null is written with write(2) (fs.writeSync), as Node's own stream
 * does for files: creating process.stdout for a pipe loads the stream and net modules and builds a socket, milliseconds
 * of every command's start-up (docs/benchmarks.md), and for /dev/null it is a stream that costs every write a trip
 * through its machinery (a 10 MB `logs` sent there). A terminal (or another character device), and
 * every write from the first one that fails (EAGAIN on a pipe another process made non-blocking, EPIPE once the
 * reader has gone), go through the process's stream as before, so output stays in order and errors surface as
 * they always did.
 */
function output(fd: 1 | 2, stream: () => NodeJS.WriteStream): { out: OutStream; isTTY: boolean } {
  let direct = false;
  if (process.platform !== 'win32') {
    try {
      const st = fstatSync(fd);
      direct = !st.isCharacterDevice() || st.rdev === statSync('/dev/null').rdev;
    } catch {
      // closed or unusable: the stream reports it as it always did
    }
  }
  const out: OutStream = {
    write(chunk) {
      if (direct) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        let done = 0;
        try {
          while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
          return;
        } catch {
          direct = false;
          chunk = bytes.subarray(done);
        }
      }
      stream().write(chunk);
    },
  };
  return { out, isTTY: !direct && Boolean(stream().isTTY) };
}

export function systemIo(): Io {
  const stdout = output(1, () => process.stdout);
  const stderr = output(2, () => process.stderr);
  return {
    stdout: stdout.out,
    stderr: stderr.out,
    isStdoutTTY: stdout.isTTY,
    isStderrTTY: stderr.isTTY,
    env: process.env,
    cwd: process.cwd(),
    // os.homedir() answers $HOME when it is set (libuv's uv_os_homedir), so node:os (a lazy builtin in the hot
    // bundle, scripts/build.mjs) is loaded only without it.
    homedir: process.platform !== 'win32' && process.env.HOME !== undefined ? process.env.HOME : homedir(),
    selfCommand: [process.execPath, process.argv[1] ?? 'kcurl'],
    platform: `${process.platform}/${process.arch}`,
    pid: process.pid,
    now: () => new Date(),
    readStdin: async (maxBytes = Infinity) => {
      const chunks: Buffer[] = [];
      let length = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        length += (chunk as Buffer).length;
        if (length > maxBytes) break;
      }
      return Buffer.concat(chunks);
    },
    readLine: () => stdinLines.next(),
    // A getter: process.stdin is made on first use, and making it loads net and tty (only exec -t asks).
    get isStdinTTY() {
      return Boolean(process.stdin.isTTY);
    },
    setStdinRaw: (raw) => {
      if (process.stdin.isTTY) process.stdin.setRawMode(raw);
    },
    terminalSize: () => (process.stdout.isTTY ? { width: process.stdout.columns, height: process.stdout.rows } : undefined),
    stdinChunks: () => ({
      chunks: process.stdin as AsyncIterable<Uint8Array>,
      stop: () => process.stdin.destroy(),
    }),
    // Synchronous: the files kcurl reads are small (kubeconfig, manifests, tokens) and a CLI has nothing else to do
    // meanwhile; this skips a thread-pool round trip on the start-up path.
    readFile: async (path) => readFileSync(path),
    writeFile: (path, data, mode) => fsp.writeFile(path, data, mode === undefined ? undefined : { mode }),
    mkdir: async (path) => {
      await fsp.mkdir(path, { recursive: true });
    },
    rename: (from, to) => fsp.rename(from, to),
    unlink: (path) => fsp.rm(path, { force: true }),
    // Synchronous too: an online `get` stats every file of the discovery cache (a thread-pool round trip each).
    stat: async (path) => {
      try {
        const s = statSync(path, { throwIfNoEntry: false });
        return s && { isFile: s.isFile(), isDirectory: s.isDirectory(), mtimeMs: s.mtimeMs, size: s.size };
      } catch {
        return undefined;
      }
    },
    readdir: (path) => fsp.readdir(path),
    run: (command, args, options = {}) => runProcess(command, args, options),
    runAttached: (command, args, options = {}) => {
      const child = spawn(command, args, { env: options.env as NodeJS.ProcessEnv | undefined, cwd: options.cwd, stdio: 'inherit' });
      let spawnError: NodeJS.ErrnoException | undefined;
      const done = new Promise<Omit<ProcessResult, 'stdout' | 'stderr'>>((resolve) => {
        child.on('error', (e) => {
          spawnError = e as NodeJS.ErrnoException;
          resolve({ code: null, signal: null, spawnError });
        });
        child.on('close', (code, signal) => resolve({ code, signal, spawnError }));
      });
      return { done, kill: (signal) => void (child.exitCode === null && child.signalCode === null && child.kill(signal)) };
    },
    onInterrupt: (handler, signals = ['SIGINT', 'SIGTERM']) => {
      for (const s of signals) process.on(s, handler);
      return () => {
        for (const s of signals) process.off(s, handler);
      };
    },
    keepHeapSmall,
  };
}

function runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: options.env as NodeJS.ProcessEnv | undefined,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', options.inheritStderr ? 'inherit' : 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      spawnError = e as NodeJS.ErrnoException;
    });
    child.on('close', (code, signal) => {
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        spawnError,
      });
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.stdin ?? '');
  });
}

export interface TestIo extends Io {
  out(): string;
  err(): string;
  files: Map<string, Buffer>;
}

/**
 * An in-memory Io for tests. Files given here shadow the real file system; anything else is read
 * from disk, so tests can point at fixtures/ and real scripts.
 */
export function testIo(
  init: {
    env?: Record<string, string | undefined>;
    files?: Record<string, string | Uint8Array>;
    tty?: boolean;
    cwd?: string;
    homedir?: string;
    now?: Date;
    stdin?: string;
  } = {},
): TestIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const files = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(init.files ?? {})) files.set(k, Buffer.from(v));
  const base = systemIo();
  const decoder = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  const enoent = (path: string) => Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT', path });
  return {
    ...base,
    stdout: { write: (c) => void stdout.push(decoder(c)) },
    stderr: { write: (c) => void stderr.push(decoder(c)) },
    isStdoutTTY: init.tty ?? false,
    isStderrTTY: init.tty ?? false,
    env: init.env ?? {},
    cwd: init.cwd ?? process.cwd(),
    homedir: init.homedir ?? '/nonexistent-home',
    now: () => init.now ?? new Date('2026-01-01T00:00:00Z'),
    readStdin: async () => Buffer.from(init.stdin ?? ''),
    readLine: async () => init.stdin?.split('\n')[0],
    readFile: async (path) => {
      const f = files.get(path);
      if (f) return f;
      if (path.startsWith('/nonexistent-home')) throw enoent(path);
      return base.readFile(path);
    },
    writeFile: async (path, data) => void files.set(path, Buffer.from(data)),
    mkdir: async () => {},
    rename: async (from, to) => {
      const f = files.get(from);
      if (!f) throw enoent(from);
      files.set(to, f);
      files.delete(from);
    },
    unlink: async (path) => void files.delete(path),
    stat: async (path) => {
      if (files.has(path)) return { isFile: true, isDirectory: false, mtimeMs: 0, size: files.get(path)!.length };
      if (path.startsWith('/nonexistent-home')) return undefined;
      return base.stat(path);
    },
    onInterrupt: () => () => {},
    // The test runner's engine is left as it is.
    keepHeapSmall: undefined,
    out: () => stdout.join(''),
    err: () => stderr.join(''),
    files,
  };
}
