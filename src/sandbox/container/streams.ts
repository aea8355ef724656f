// Standard streams of simulated processes: stdin is an `Input` a command pulls chunks or lines from, stdout and
// stderr are `Output`s it writes to. A pipe between two pipeline stages holds a bounded buffer, so a writer
// waits while its reader is behind (backpressure) and gets `BrokenPipe` once the reader has gone, as with
// SIGPIPE; nothing is buffered whole, so `(echo a; sleep 5; echo b) | cat` shows `a` at once.

/** Where a process writes. `write` returns a promise when the writer must wait for its reader. */
export interface Output {
  write(text: string): void | Promise<void>;
}

/** The reader of a pipe has exited: the writer ends as a process killed by SIGPIPE would. */
export class BrokenPipe extends Error {
  constructor() {
    super('broken pipe');
  }
}

/** Exit status of a process ended by SIGPIPE (128 + 13). */
export const SIGPIPE_STATUS = 141;

type Source = { read(): Promise<string | null>; cancel?(): void };

/** A readable stream of text with a look-ahead buffer, so `read` builtins take one line and leave the rest. */
export class Input {
  #buf = '';
  #eof = false;
  constructor(readonly source: Source) {}

  static of(text: string): Input {
    let done = false;
    return new Input({
      read: async () => {
        if (done || text === '') return null;
        done = true;
        return text;
      },
    });
  }

  static empty(): Input {
    return Input.of('');
  }

  /** The next chunk, or null at end of input. */
  async read(): Promise<string | null> {
    if (this.#buf) {
      const t = this.#buf;
      this.#buf = '';
      return t;
    }
    if (this.#eof) return null;
    const t = await this.source.read();
    if (t === null) this.#eof = true;
    return t;
  }

  /** The next line with its newline (the last one may lack it), or null at end of input. */
  async readLine(): Promise<string | null> {
    for (;;) {
      const nl = this.#buf.indexOf('\n');
      if (nl >= 0) {
        const line = this.#buf.slice(0, nl + 1);
        this.#buf = this.#buf.slice(nl + 1);
        return line;
      }
      if (this.#eof) {
        if (!this.#buf) return null;
        const rest = this.#buf;
        this.#buf = '';
        return rest;
      }
      const t = await this.source.read();
      if (t === null) this.#eof = true;
      else this.#buf += t;
    }
  }

  /** Lines as they arrive (each with its newline, the last one possibly without). */
  async *lines(): AsyncGenerator<string> {
    for (let l = await this.readLine(); l !== null; l = await this.readLine()) yield l;
  }

  /** Everything up to end of input. */
  async readAll(): Promise<string> {
    let out = '';
    for (let t = await this.read(); t !== null; t = await this.read()) out += t;
    return out;
  }

  /** The reader is done: a writer on the other end of a pipe gets BrokenPipe from now on. */
  close(): void {
    this.#eof = true;
    this.#buf = '';
    this.source.cancel?.();
  }
}

/** Default pipe capacity, Linux's 64 KiB. */
const PIPE_CAPACITY = 64 * 1024;

/** A pipe between two stages: `output` for the writer, `input` for the reader, `end()` when the writer exits. */
export function pipe(capacity = PIPE_CAPACITY): { input: Input; output: Output; end(): void } {
  let chunks: string[] = [];
  let size = 0;
  let ended = false;
  let broken = false;
  let wakeReader: (() => void) | undefined;
  let wakeWriters: (() => void)[] = [];
  const readerWake = () => {
    const w = wakeReader;
    wakeReader = undefined;
    w?.();
  };
  const writersWake = () => {
    const ws = wakeWriters;
    wakeWriters = [];
    for (const w of ws) w();
  };
  const output: Output = {
    write(text) {
      if (broken) throw new BrokenPipe();
      if (text === '') return;
      chunks.push(text);
      size += text.length;
      readerWake();
      if (size <= capacity) return;
      return (async () => {
        while (size > capacity && !broken) await new Promise<void>((r) => wakeWriters.push(r));
      })();
    },
  };
  const input = new Input({
    async read() {
      while (chunks.length === 0) {
        if (ended || broken) return null;
        await new Promise<void>((r) => (wakeReader = r));
      }
      const t = chunks.length === 1 ? chunks[0] : chunks.join('');
      chunks = [];
      size = 0;
      writersWake();
      return t;
    },
    cancel() {
      broken = true;
      chunks = [];
      size = 0;
      writersWake();
      readerWake();
    },
  });
  return {
    input,
    output,
    end() {
      ended = true;
      readerWake();
    },
  };
}

/** An Output that keeps what is written (command substitution). */
export function collector(): Output & { text(): string } {
  const parts: string[] = [];
  return {
    write: (t) => void parts.push(t),
    text: () => parts.join(''),
  };
}

/** An Output that drops everything (/dev/null). */
export const discard: Output = { write: () => undefined };
