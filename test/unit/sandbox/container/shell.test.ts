import { describe, expect, it } from 'vitest';
import { evalArith } from '../../../../src/sandbox/container/arith.js';
import type { ContainerFs } from '../../../../src/sandbox/container/filesystem.js';
import { runProcess } from '../../../../src/sandbox/container/interpreter.js';
import { parseScript, ShellSyntaxError } from '../../../../src/sandbox/container/parser.js';
import { printf } from '../../../../src/sandbox/container/utilities/print.js';
import { formatDate, sleepMs } from '../../../../src/sandbox/container/utilities/system.js';

function memoryFs(files: Record<string, string> = {}, readOnly: string[] = []): ContainerFs {
  const data = new Map(Object.entries(files));
  return {
    read: (p) => data.get(p),
    write: (p, d, append) => {
      if (readOnly.some((r) => p.startsWith(r))) return false;
      data.set(p, append ? (data.get(p) ?? '') + d : d);
      return true;
    },
    list: (p) => {
      const prefix = p.endsWith('/') ? p : `${p}/`;
      const names = [...data.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).split('/')[0]);
      return names.length ? [...new Set(names)] : p === '/' ? [] : undefined;
    },
  };
}

/** Runs a command; `killAtSleep` kills it (as the kubelet does) when it starts its n-th sleep, `killSoon` once other macrotasks get to run. */
async function run(argv: string[], opts: { env?: Record<string, string>; files?: Record<string, string>; killAtSleep?: number; killSoon?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const abort = new AbortController();
  if (opts.killSoon) setImmediate(() => abort.abort());
  let sleeps = 0;
  const result = await runProcess(argv, {
    env: new Map(Object.entries(opts.env ?? { PATH: '/bin', HOME: '/root' })),
    fs: memoryFs(opts.files),
    hostname: 'mypod',
    now: () => new Date('2026-11-26T01:02:03.456Z'),
    write: (s, t) => (s === 'stdout' ? (stdout += t) : (stderr += t)),
    signal: abort.signal,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (++sleeps === opts.killAtSleep) abort.abort();
        if (signal.aborted) return resolve();
        // A finite sleep ends on the next turn of the event loop (no wall-clock wait); `sleep infinity` only by a kill.
        if (ms !== Infinity) setImmediate(resolve);
        signal.addEventListener('abort', () => resolve());
      }),
  });
  return { ...result, stdout, stderr };
}

const sh = (script: string, opts: Parameters<typeof run>[1] = {}) => run(['sh', '-c', script], opts);

describe('simple commands', () => {
  it.each([
    [['echo', 'Hello', 'World'], 'Hello World\n'],
    [['echo', '-n', 'no newline'], 'no newline'],
    [['echo', '-e', 'a\\tb\\nc'], 'a\tb\nc\n'],
    [['printf', '%s=%d\\n', 'x', '42', 'y', '7'], 'x=42\ny=7\n'],
    [['printf', '%5s|%-4s|%03d\\n', 'ab', 'c', '5'], '   ab|c   |005\n'],
    [['hostname'], 'mypod\n'],
    [['date'], 'Thu Nov 26 01:02:03 UTC 2026\n'],
    [['date', '+%Y-%m-%dT%H:%M:%S'], '2026-11-26T01:02:03\n'],
    [['printenv', 'HOME'], '/root\n'],
    [['/bin/echo', 'abs path'], 'abs path\n'],
  ])('%j prints %j', async (argv, out) => {
    const r = await run(argv);
    expect(r).toMatchObject({ code: 0, stdout: out });
  });

  it.each([
    [['true'], 0],
    [['false'], 1],
    [['sh', '-c', 'exit 3'], 3],
    [['printenv', 'NOPE'], 1],
    [['sh'], 0],
  ])('%j exits %i', async (argv, code) => {
    expect((await run(argv)).code).toBe(code);
  });

  it('env lists the environment', async () => {
    expect((await run(['env'], { env: { A: '1', B: 'two' } })).stdout).toBe('A=1\nB=two\n');
  });

  it('cat reads mounted files and reports missing ones like busybox', async () => {
    const r = await sh('cat /etc/config/a /etc/config/b; cat /nope', { files: { '/etc/config/a': 'A\n', '/etc/config/b': 'B\n' } });
    expect(r.stdout).toBe('A\nB\n');
    expect(r.stderr).toBe("cat: can't open '/nope': No such file or directory\n");
    expect(r.code).toBe(1);
  });
});

describe('sh -c scripts', () => {
  it.each([
    ['echo a; echo b', 'a\nb\n'],
    ['true && echo yes || echo no', 'yes\n'],
    ['false && echo yes || echo no', 'no\n'],
    ['X=1; Y="$X two"; echo "$Y" ${X} $((X + 41))', '1 two 1 42\n'],
    ['echo "${UNSET:-fallback}" ${HOME:+set}', 'fallback set\n'],
    ['i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done', '0\n1\n2\n'],
    ['for x in a b c; do echo -n $x; done; echo', 'abc\n'],
    ['if [ -f /f ]; then echo file; elif true; then echo other; fi', 'other\n'],
    ['echo $(echo inner) `echo back`', 'inner back\n'],
    ['echo \'single $HOME\' "double $HOME"', 'single $HOME double /root\n'],
    ['echo one two | wc -l', '1\n'],
    ['printf "b\\na\\n" | grep a', 'a\n'],
    ['echo hi > /tmp/x; echo more >> /tmp/x; cat /tmp/x', 'hi\nmore\n'],
    ['echo err >&2; echo out', 'out\n'],
    ['n=0; while true; do n=$((n+1)); if [ $n -ge 3 ]; then break; fi; done; echo $n', '3\n'],
    ['for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done', '1\n3\n'],
    ['for i in 1 2; do for j in a b; do echo $i$j; break 2; done; echo never; done; echo end', '1a\nend\n'],
    ['n=0; until [ $n -ge 2 ]; do n=$((n+1)); continue; echo never; done; echo $n', '2\n'],
    ['set -- a b; echo $# $1 $2', '2 a b\n'],
    ['V=x; echo ${#V} ${V%x}y', '1 y\n'],
    ['echo a.b.c | cut -d. -f2', 'b\n'],
    ['echo a.b.c | cut -d. -f2-', 'b.c\n'],
    ['echo -n hello | base64', 'aGVsbG8=\n'],
    ['echo aGVsbG8= | base64 -d', 'hello'],
    ['echo hello | tr a-z A-Z', 'HELLO\n'],
    ['echo hello | head -c 3', 'hel'],
  ])('%s', async (script, out) => {
    const r = await sh(script);
    expect(r.stdout).toBe(out);
  });

  it('passes positional parameters after the script name', async () => {
    expect((await run(['sh', '-c', 'echo $0 $1 $#', 'name', 'first'])).stdout).toBe('name first 1\n');
  });

  it('runs a script file from a mounted volume', async () => {
    const r = await run(['sh', '/scripts/run.sh', 'arg'], { files: { '/scripts/run.sh': '#!/bin/sh\necho "script got $1"\n' } });
    expect(r.stdout).toBe('script got arg\n');
  });

  it('set -e stops at the first failure', async () => {
    const r = await run(['sh', '-ec', 'echo a; false; echo b']);
    expect(r).toMatchObject({ code: 1, stdout: 'a\n' });
  });

  it('reports syntax errors as sh does, with exit code 2', async () => {
    const r = await sh('while true; do echo x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sh: syntax error/);
  });

  it('fails an unsupported command with 127 and names it', async () => {
    const r = await sh('echo before; python3 app.py; echo after');
    expect(r.code).toBe(127);
    expect(r.unsupported).toBe('python3');
    expect(r.stdout).toBe('before\n');
    expect(r.stderr).toBe('sh: python3: not found\n');
  });

  it('stops a never-ending loop when the container is killed', async () => {
    const r = await sh('while true; do echo tick; sleep 1; done', { killAtSleep: 3 });
    expect(r.code).toBe(143);
    expect(r.stdout).toBe('tick\ntick\ntick\n');
  });

  it('keeps a busy loop without sleeps from blocking forever', async () => {
    const r = await sh('while true; do :; done', { killSoon: true });
    expect(r.code).toBe(143);
  });
});

describe('helpers', () => {
  it.each([
    [['5'], 5000],
    [['0.5'], 500],
    [['1m'], 60000],
    [['infinity'], Infinity],
  ])('sleep %j waits %d ms', (args, ms) => {
    expect(sleepMs(args)).toBe(ms);
  });

  it('evaluates $(( )) arithmetic with precedence and assignment', () => {
    const vars = new Map<string, number>([['i', 4]]);
    expect(
      evalArith(
        '1 + 2 * 3 - i % 3',
        (n) => vars.get(n) ?? 0,
        (n, v) => vars.set(n, v),
      ),
    ).toBe(6);
    expect(
      evalArith(
        'i = i + 1',
        (n) => vars.get(n) ?? 0,
        (n, v) => vars.set(n, v),
      ),
    ).toBe(5);
    expect(vars.get('i')).toBe(5);
    expect(
      evalArith(
        '(1 < 2) && (3 >= 3)',
        () => 0,
        () => {},
      ),
    ).toBe(1);
  });

  it('printf repeats the format for extra arguments', () => {
    expect(printf('%s,', ['a', 'b', 'c'])).toBe('a,b,c,');
    expect(printf('100%%\\n', [])).toBe('100%\n');
  });

  it('formats dates like busybox date', () => {
    expect(formatDate(new Date('2026-01-05T09:08:07Z'))).toBe('Mon Jan  5 09:08:07 UTC 2026');
  });

  it('rejects unbalanced scripts at parse time', () => {
    expect(() => parseScript('if true; then echo')).toThrow(ShellSyntaxError);
    expect(() => parseScript('echo "unterminated')).toThrow(ShellSyntaxError);
  });
});
