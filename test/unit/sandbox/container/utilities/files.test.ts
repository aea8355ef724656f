// Utilities over the container filesystem: cat, ls, mkdir, touch, rm, mktemp.
import { describe, expect, it } from 'vitest';
import { table } from './cases.js';
import { runUtility } from './run-utility.js';

describe('cat', () => {
  const files = { '/etc/config/a': 'A\n', '/etc/config/b': 'B\n' };
  table([
    { argv: ['cat'], stdin: 'from stdin\n', out: 'from stdin\n', gnu: true },
    { argv: ['cat', '/etc/config/a', '/etc/config/b'], files, out: 'A\nB\n' },
    { argv: ['cat', '/etc/config/a', '-', '/etc/config/b'], stdin: 'S\n', files, out: 'A\nS\nB\n' },
    { argv: ['cat', '/nope', '/etc/config/a'], files, out: 'A\n', err: "cat: can't open '/nope': No such file or directory\n", code: 1 },
    { argv: ['cat', '/etc/config'], files, out: '', err: 'cat: read error: Is a directory\n', code: 1 },
    { argv: ['cat', '-n'], stdin: 'a\n\nb\n', out: '     1\ta\n     2\t\n     3\tb\n', gnu: true },
  ]);
});

describe('ls', () => {
  const files = { '/data/b.txt': 'bb', '/data/a.txt': 'a', '/data/.hidden': '', '/data/sub/x': 'x' };
  table([
    { argv: ['ls', '/data'], files, out: 'a.txt\nb.txt\nsub\n' },
    { argv: ['ls', '-1', '/data'], files, out: 'a.txt\nb.txt\nsub\n' },
    { argv: ['ls', '-a', '/data'], files, out: '.\n..\n.hidden\na.txt\nb.txt\nsub\n' },
    { argv: ['ls', '-A', '/data'], files, out: '.hidden\na.txt\nb.txt\nsub\n' },
    { argv: ['ls', '/data/a.txt'], files, out: '/data/a.txt\n' },
    { argv: ['ls', '/data/sub', '/data/a.txt'], files, out: '/data/a.txt\n\n/data/sub:\nx\n' },
    {
      argv: ['ls', '-l', '/data'],
      files,
      out:
        'total 12\n' +
        '-rw-r--r--    1 root     root             1 Nov 26 01:02 a.txt\n' +
        '-rw-r--r--    1 root     root             2 Nov 26 01:02 b.txt\n' +
        'drwxr-xr-x    2 root     root          4096 Nov 26 01:02 sub\n',
    },
    { argv: ['ls', '/nope'], files, out: '', err: 'ls: /nope: No such file or directory\n', code: 1 },
    {
      argv: ['ls', '-R', '/data'],
      files: { ...files, '/data/sub/deeper/y': 'y' },
      out: '/data:\na.txt\nb.txt\nsub\n\n/data/sub:\ndeeper\nx\n\n/data/sub/deeper:\ny\n',
    },
  ]);
});

describe('mkdir, touch, rm', () => {
  it('makes directories (with parents under -p) that ls and test see', async () => {
    const r = await runUtility({ argv: ['mkdir', '-p', '/work/a/b'] });
    expect(r.code).toBe(0);
    expect(r.fs.list('/work/a')).toEqual(['b']);
    const again = await runUtility({ argv: ['mkdir', '/work/a'] }, r.fs);
    expect(again).toMatchObject({ stderr: "mkdir: can't create directory '/work/a': File exists\n", code: 1 });
    const orphan = await runUtility({ argv: ['mkdir', '/x/y'] }, r.fs);
    expect(orphan).toMatchObject({ stderr: "mkdir: can't create directory '/x/y': No such file or directory\n", code: 1 });
  });

  it('touch creates an empty file and leaves an existing one alone', async () => {
    const r = await runUtility({ argv: ['touch', '/tmp/new', '/tmp/old'], files: { '/tmp/old': 'keep' } });
    expect(r.code).toBe(0);
    expect(r.fs.read('/tmp/new')).toBe('');
    expect(r.fs.read('/tmp/old')).toBe('keep');
  });

  it('rm removes files, refuses directories without -r and reports missing files unless -f', async () => {
    const files = { '/tmp/f': 'x', '/tmp/d/g': 'y' };
    const r = await runUtility({ argv: ['rm', '/tmp/f', '/tmp/d', '/tmp/missing'], files });
    expect(r).toMatchObject({ stdout: '', stderr: "rm: '/tmp/d' is a directory\nrm: can't remove '/tmp/missing': No such file or directory\n", code: 1 });
    expect(r.fs.read('/tmp/f')).toBeUndefined();
    const rf = await runUtility({ argv: ['rm', '-rf', '/tmp/d', '/tmp/missing'] }, r.fs);
    expect(rf.code).toBe(0);
    expect(rf.fs.list('/tmp')).toEqual([]);
  });
});

describe('mktemp', () => {
  it('creates a file under /tmp from the default template', async () => {
    const r = await runUtility({ argv: ['mktemp'] });
    expect(r.stdout).toMatch(/^\/tmp\/tmp\.[A-Za-z0-9]{6}\n$/);
    expect(r.fs.read(r.stdout.trim())).toBe('');
  });

  it('creates a directory with -d, and uses a given template as is', async () => {
    const d = await runUtility({ argv: ['mktemp', '-d'] });
    expect(d.fs.list(d.stdout.trim())).toEqual([]);
    const t = await runUtility({ argv: ['mktemp', '/tmp/work.XXXXXX'] });
    expect(t.stdout).toMatch(/^\/tmp\/work\.[A-Za-z0-9]{6}\n$/);
  });

  it('rejects a template without XXXXXX', async () => {
    expect(await runUtility({ argv: ['mktemp', '/tmp/plain'] })).toMatchObject({ stderr: "mktemp: invalid template '/tmp/plain'\n", code: 1 });
  });
});
