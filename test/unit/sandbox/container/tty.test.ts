// The pty line discipline of `exec -it`: echo, Enter (CR) as newline, erase, kill, ^C, ^D and dropped escape
// sequences, CR LF output; and an interactive shell on it (prompt, "not found" and going on, ^C, exit status).
import { describe, expect, it } from 'vitest';
import { ContainerFilesystem } from '../../../../src/sandbox/container/filesystem.js';
import { runProcess } from '../../../../src/sandbox/container/interpreter.js';
import { ttyInput, ttyOutput } from '../../../../src/sandbox/container/tty.js';

/** Keystroke chunks, then end of input. */
function keys(chunks: string[]): { read(): Promise<Buffer | null> } {
  const queue = chunks.map((c) => Buffer.from(c));
  return { read: async () => queue.shift() ?? null };
}

describe('line discipline', () => {
  it.each([
    { typed: ['ls\r'], lines: ['ls\n'], echo: 'ls\r\n' },
    { typed: ['ech', 'o hi\r'], lines: ['echo hi\n'], echo: 'echo hi\r\n' },
    { typed: ['lx\x7fs\r'], lines: ['ls\n'], echo: 'lx\b \bs\r\n' },
    { typed: ['abc\x15pwd\r'], lines: ['pwd\n'], echo: 'abc\b \b\b \b\b \bpwd\r\n' },
    { typed: ['\x1b[Aok\r'], lines: ['ok\n'], echo: 'ok\r\n' },
    { typed: ['héllo\r'], lines: ['héllo\n'], echo: 'héllo\r\n' },
    { typed: ['partial\x04'], lines: ['partial'], echo: 'partial' },
    { typed: ['\x04'], lines: [], echo: '' },
  ])('$typed → $lines', async ({ typed, lines, echo }) => {
    let echoed = '';
    const input = ttyInput(keys(typed), { echo: (t) => (echoed += t), interrupt: () => undefined });
    const got: string[] = [];
    for (let l = await input.readLine(); l !== null; l = await input.readLine()) got.push(l);
    expect({ got, echoed }).toEqual({ got: lines, echoed: echo });
  });

  it('^C echoes ^C, drops the line and interrupts', async () => {
    let interrupts = 0;
    let echoed = '';
    const input = ttyInput(keys(['sleep 5\x03', 'id\r']), { echo: (t) => (echoed += t), interrupt: () => interrupts++ });
    expect(await input.readLine()).toBe('id\n');
    expect({ interrupts, echoed }).toEqual({ interrupts: 1, echoed: 'sleep 5^C\r\nid\r\n' });
  });

  it('output newlines become CR LF', () => {
    expect(ttyOutput('a\nb\n')).toBe('a\r\nb\r\n');
  });
});

describe('an interactive shell on a terminal', () => {
  async function session(shell: string, typed: string[]) {
    let out = '';
    let interrupt: (() => void) | undefined;
    // A user types the next line once the shell prompts for it.
    const queue = [...typed];
    const user = {
      read: async (): Promise<Buffer | null> => {
        while (!/(# |> )$/.test(out)) await new Promise((r) => setImmediate(r));
        const next = queue.shift();
        return next === undefined ? null : Buffer.from(next);
      },
    };
    const stdin = ttyInput(user, { echo: (t) => (out += t), interrupt: () => interrupt?.() });
    const r = await runProcess([shell], {
      env: new Map([['HOME', '/root']]),
      fs: new ContainerFilesystem(),
      hostname: 'mypod',
      now: () => new Date('2026-11-26T01:02:03Z'),
      write: (_s, t) => (out += ttyOutput(t)),
      signal: new AbortController().signal,
      sleep: async () => undefined,
      stdin,
      tty: true,
      onInterrupt: (l) => (interrupt = l),
      unknownCommands: 'report',
    });
    return { code: r.code, out };
  }

  it('busybox sh prompts with the directory, reports an unknown command and goes on, exits with exit N', async () => {
    const r = await session('sh', ['cd /tmp\r', 'frob\r', 'echo $?\r', 'exit 4\r']);
    expect(r).toEqual({ code: 4, out: '/ # cd /tmp\r\n/tmp # frob\r\nsh: frob: not found\r\n/tmp # echo $?\r\n127\r\n/tmp # exit 4\r\n' });
  });

  it('bash prompts as root@HOST, continues a command on PS2, and ^D ends it with the last status', async () => {
    const r = await session('bash', ['if true; then\r', 'echo yes; fi\r', 'false\r', '\x04']);
    expect(r).toEqual({ code: 1, out: 'root@mypod:/# if true; then\r\n> echo yes; fi\r\nyes\r\nroot@mypod:/# false\r\nroot@mypod:/# ' });
  });
});
