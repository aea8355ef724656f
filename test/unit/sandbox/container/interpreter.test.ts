// The shell interpreter: streaming pipelines, case/read/eval/wait, here-documents, redirections of compound
// commands, "not found" for unknown commands and tail -f over a growing file.
import { describe, expect, it } from 'vitest';
import { ContainerFilesystem } from '../../../../src/sandbox/container/filesystem.js';
import { runProcess } from '../../../../src/sandbox/container/interpreter.js';

/** Runs `sh -c SCRIPT`; `sleep` returns at once unless `onSleep` decides otherwise (no real waiting). */
async function sh(
  script: string,
  opts: { fs?: ContainerFilesystem; onSleep?: (n: number, abort: () => void, logged: () => string) => Promise<void> | void } = {},
) {
  const writes: { stream: string; text: string }[] = [];
  const abort = new AbortController();
  let sleeps = 0;
  const result = await runProcess(['sh', '-c', script], {
    env: new Map([['HOME', '/root']]),
    fs: opts.fs ?? new ContainerFilesystem(),
    hostname: 'mypod',
    now: () => new Date('2026-11-26T01:02:03Z'),
    write: (stream, text) => writes.push({ stream, text }),
    signal: abort.signal,
    sleep: async () => {
      await opts.onSleep?.(
        ++sleeps,
        () => abort.abort(),
        () => writes.map((w) => w.text).join(''),
      );
    },
  });
  const stdout = writes
    .filter((w) => w.stream === 'stdout')
    .map((w) => w.text)
    .join('');
  const stderr = writes
    .filter((w) => w.stream === 'stderr')
    .map((w) => w.text)
    .join('');
  return { ...result, stdout, stderr, writes };
}

describe('pipelines stream between stages', () => {
  it('passes earlier output on while a stage sleeps', async () => {
    let loggedDuringSleep = '';
    const r = await sh('(echo first; sleep 5; echo second) | cat', {
      onSleep: async (_n, _kill, logged) => {
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        loggedDuringSleep = logged();
      },
    });
    expect(loggedDuringSleep).toBe('first\n');
    expect(r.stdout).toBe('first\nsecond\n');
  });

  it('ends a never-ending writer when its reader exits (broken pipe, status 141)', async () => {
    const r = await sh('yes | head -n 2; echo "status ${?}"; while true; do echo x; done | head -n 1');
    expect(r.stdout).toBe('y\ny\nstatus 0\nx\n');
    expect(r.code).toBe(0);
  });

  it('gives the pipeline the status of its last stage; ! negates it', async () => {
    expect((await sh('false | true; echo $?; true | false; echo $?; ! true | false; echo $?')).stdout).toBe('0\n1\n0\n');
  });

  it('runs each stage in a subshell', async () => {
    expect((await sh('X=1; echo 2 | read X; echo $X')).stdout).toBe('1\n');
  });
});

describe('shell features', () => {
  it.each([
    ['case web-0 in db-*) echo db;; web-*|api-*) echo web;; *) echo other;; esac', 'web\n'],
    ['case x in a) echo a;; esac; echo "after $?"', 'after 0\n'],
    ['for f in a.txt b.log; do case $f in *.txt) echo text;; *) echo "other $f";; esac; done', 'text\nother b.log\n'],
    ['printf "a b c\\nd e\\n" | while read first rest; do echo "$first|$rest"; done', 'a|b c\nd|e\n'],
    ['echo hello | { read -r line; echo "got $line"; }', 'got hello\n'],
    ['eval "X=5; echo \\$X"', '5\n'],
    ['echo bg & wait; echo done', 'bg\ndone\n'],
    ['false; echo $?; (exit 7); echo $?', '1\n7\n'],
    ['echo out > /tmp/f; echo more >> /tmp/f; wc -l < /tmp/f', '2\n'],
    ['cat < /dev/null; echo end', 'end\n'],
    ['echo secret 2>&1 >/dev/null', ''],
    ['nope 2>/dev/null; echo never', ''],
    ['/docker-entrypoint.sh echo "nginx image, other command"', 'nginx image, other command\n'],
  ])('%s', async (script, out) => {
    expect((await sh(script)).stdout).toBe(out);
  });

  it('reports an unknown command as busybox sh does: "not found", status 127', async () => {
    const r = await sh('curl-like-tool --help');
    expect(r).toMatchObject({ code: 127, stderr: 'sh: curl-like-tool: not found\n', unsupported: 'curl-like-tool' });
  });

  it('reports a write to a read-only mount with the redirection', async () => {
    const fs = new ContainerFilesystem();
    fs.mount({ path: '/etc/config', readOnly: true, files: () => new Map([['k', 'v']]) });
    const r = await sh('echo x > /etc/config/k; echo $?', { fs });
    expect(r.stderr).toBe("sh: can't create /etc/config/k: Read-only file system\n");
    expect(r.stdout).toBe('1\n');
  });
});

describe('tail -f', () => {
  it('prints what is appended to a file until the container is killed', async () => {
    const fs = new ContainerFilesystem();
    fs.write('/var/log/app.log', 'old 1\nold 2\n', false);
    const r = await sh('tail -n 1 -f /var/log/app.log', {
      fs,
      onSleep: (n, kill) => {
        if (n === 1) fs.write('/var/log/app.log', 'new 3\n', true);
        else kill();
      },
    });
    expect(r.stdout).toBe('old 2\nnew 3\n');
    expect(r.code).toBe(143);
  });
});

describe('here-documents', () => {
  it.each([
    ['cat <<EOF\nhello $HOME\n"quoted" `echo sub`\nEOF\necho after', 'hello /root\n"quoted" sub\nafter\n'],
    ["cat <<'EOF'\nliteral $HOME\nEOF", 'literal $HOME\n'],
    ['cat <<-END\n\t\tindented\n\tEND\necho done', 'indented\ndone\n'],
    ['cat <<EOF > /tmp/conf; cat /tmp/conf\nkey=value\nEOF', 'key=value\n'],
    ['cat <<A; cat <<B\none\nA\ntwo\nB', 'one\ntwo\n'],
    ['while read l; do echo "[$l]"; done <<EOF\na\nb\nEOF', '[a]\n[b]\n'],
  ])('%j', async (script, out) => {
    expect((await sh(script)).stdout).toBe(out);
  });
});

describe('redirections of compound commands', () => {
  it.each([
    ['while read k v; do echo "$v=$k"; done < /etc/pairs', 'b=a\nd=c\n'],
    ['{ echo one; echo two; } > /tmp/both; cat /tmp/both', 'one\ntwo\n'],
    ['for i in 1 2; do echo $i; done | wc -l', '2\n'],
    ['if true; then echo hidden; fi > /dev/null; echo shown', 'shown\n'],
  ])('%j', async (script, out) => {
    const fs = new ContainerFilesystem();
    fs.write('/etc/pairs', 'a b\nc d\n', false);
    expect((await sh(script, { fs })).stdout).toBe(out);
  });
});

describe('functions and sourced files', () => {
  it.each([
    ['greet() { echo "hello $1"; }; greet world; greet you', 'hello world\nhello you\n'],
    ['f() {\n  return 3\n}\nf; echo $?', '3\n'],
    ['x=outer; f() { local x=inner; echo $x; }; f; echo $x', 'inner\nouter\n'],
    ['count() { echo $#; }; count a b c; echo $#', '3\n0\n'],
    ['. /etc/app/env.sh; echo "$APP_MODE"', 'production\n'],
    ['return 1; echo after', ''],
  ])('%j', async (script, out) => {
    const fs = new ContainerFilesystem();
    fs.write('/etc/app/env.sh', 'APP_MODE=production\n', false);
    expect((await sh(script, { fs })).stdout).toBe(out);
  });

  it('ends the script with return outside a function, as ash does', async () => {
    expect(await sh('echo before; return 4; echo after')).toMatchObject({ code: 4, stdout: 'before\n', stderr: '' });
  });
});

describe('sh reading commands from stdin', () => {
  it.each([
    ['printf "echo one\\necho two\\n" | sh', 'one\ntwo\n'],
    ['printf "for i in 1 2\\ndo\\n echo \\$i\\ndone\\n" | sh', '1\n2\n'],
    ['printf "cat <<EOF\\nbody\\nEOF\\necho after\\n" | sh', 'body\nafter\n'],
    ['printf "exit 3\\necho never\\n" | sh; echo $?', '3\n'],
    ['echo "echo no newline at the end" | tr -d "\\n" | sh', 'no newline at the end\n'],
  ])('%j', async (script, out) => {
    expect((await sh(script)).stdout).toBe(out);
  });

  it('runs each command as soon as its line arrives', async () => {
    let loggedDuringSleep = '';
    await sh('(echo "echo first"; sleep 1; echo "echo second") | sh', {
      onSleep: async (_n, _kill, logged) => {
        for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
        loggedDuringSleep = logged();
      },
    });
    expect(loggedDuringSleep).toBe('first\n');
  });

  it('reports a syntax error and goes on with the next command', async () => {
    const r = await sh('printf "echo ok\\n)\\necho still\\n" | sh');
    expect(r.stdout).toBe('ok\nstill\n');
    expect(r.stderr).toBe('sh: syntax error: unexpected ")"\n');
  });
});
