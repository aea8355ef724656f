// Text filters against busybox behaviour (and GNU coreutils where both agree): head, tail, wc, grep, cut, tr,
// sort, uniq, sed, base64.
import { describe } from 'vitest';
import { table } from './cases.js';

const lines = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n';

describe('head', () => {
  table([
    { argv: ['head'], stdin: lines, out: 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n', gnu: true },
    { argv: ['head', '-n', '2'], stdin: lines, out: 'one\ntwo\n', gnu: true },
    { argv: ['head', '-n2'], stdin: lines, out: 'one\ntwo\n', gnu: true },
    { argv: ['head', '-3'], stdin: lines, out: 'one\ntwo\nthree\n', gnu: true },
    { argv: ['head', '-c', '5'], stdin: lines, out: 'one\nt', gnu: true },
    { argv: ['head', '-n', '1', '/a', '/b'], files: { '/a': 'A1\nA2\n', '/b': 'B1\n' }, out: '==> /a <==\nA1\n\n==> /b <==\nB1\n' },
    { argv: ['head', '/nope'], out: '', err: "head: can't open '/nope': No such file or directory\n", code: 1 },
    { argv: ['head', '-n', 'x'], out: '', err: "head: invalid number 'x'\n", code: 1 },
  ]);
});

describe('tail', () => {
  table([
    { argv: ['tail', '-n', '2'], stdin: lines, out: 'eleven\ntwelve\n', gnu: true },
    { argv: ['tail', '-1'], stdin: 'a\nb', out: 'b', gnu: true },
    { argv: ['tail', '-n', '+11'], stdin: lines, out: 'eleven\ntwelve\n', gnu: true },
    { argv: ['tail', '-c', '4'], stdin: lines, out: 'lve\n', gnu: true },
    { argv: ['tail', '-n', '1', '/var/log/app.log'], files: { '/var/log/app.log': 'start\nready\n' }, out: 'ready\n' },
    { argv: ['tail'], stdin: lines, out: 'three\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n', gnu: true },
  ]);
});

describe('wc', () => {
  table([
    { argv: ['wc', '-l'], stdin: 'a b\nc\n', out: '2\n', gnu: true },
    { argv: ['wc', '-w'], stdin: 'a b\nc\n', out: '3\n', gnu: true },
    { argv: ['wc', '-c'], stdin: 'a b\nc\n', out: '6\n', gnu: true },
    { argv: ['wc', '-l'], stdin: 'no newline', out: '0\n', gnu: true },
    // busybox right-aligns every count in 9 columns (GNU picks the width from the input).
    { argv: ['wc'], stdin: 'a b\nc\n', out: '        2         3         6\n' },
    { argv: ['wc', '-l', '/f'], files: { '/f': '1\n2\n3\n' }, out: '3 /f\n' },
    { argv: ['wc', '-l', '/f', '/g'], files: { '/f': '1\n2\n3\n', '/g': 'x\n' }, out: '        3 /f\n        1 /g\n        4 total\n' },
  ]);
});

describe('grep', () => {
  const text = 'alpha\nBeta\ngamma\ndelta\n';
  table([
    { argv: ['grep', 'a$'], stdin: text, out: 'alpha\nBeta\ngamma\ndelta\n', gnu: true },
    { argv: ['grep', 'eta'], stdin: text, out: 'Beta\n', gnu: true },
    { argv: ['grep', '-i', 'beta'], stdin: text, out: 'Beta\n', gnu: true },
    { argv: ['grep', '-v', 'l'], stdin: text, out: 'Beta\ngamma\n', gnu: true },
    { argv: ['grep', '-c', 'a'], stdin: text, out: '4\n', gnu: true },
    { argv: ['grep', '-n', 'mm'], stdin: text, out: '3:gamma\n', gnu: true },
    { argv: ['grep', '-E', 'al|el'], stdin: text, out: 'alpha\ndelta\n', gnu: true },
    { argv: ['grep', 'al\\|el'], stdin: text, out: 'alpha\ndelta\n', gnu: true },
    { argv: ['grep', 'a|b'], stdin: 'a|b\nab\n', out: 'a|b\n', gnu: true },
    { argv: ['grep', '-E', '[[:upper:]]'], stdin: text, out: 'Beta\n', gnu: true },
    { argv: ['grep', '-F', 'a.'], stdin: 'a.b\nab\n', out: 'a.b\n', gnu: true },
    { argv: ['grep', '-o', 'm\\+'], stdin: text, out: 'mm\n', gnu: true },
    { argv: ['grep', '-w', 'ab'], stdin: 'ab cd\nabc\n', out: 'ab cd\n', gnu: true },
    { argv: ['grep', '-q', 'gamma'], stdin: text, out: '', gnu: true },
    { argv: ['grep', 'zeta'], stdin: text, out: '', code: 1, gnu: true },
    { argv: ['grep', '-e', 'alpha', '-e', 'delta'], stdin: text, out: 'alpha\ndelta\n', gnu: true },
    { argv: ['grep', 'x', '/a', '/b'], files: { '/a': 'x1\n', '/b': 'y\nx2\n' }, out: '/a:x1\n/b:x2\n' },
    { argv: ['grep', '-l', 'x', '/a', '/b'], files: { '/a': 'x1\n', '/b': 'y\n' }, out: '/a\n' },
    { argv: ['grep', 'x', '/nope'], out: '', err: "grep: can't open '/nope': No such file or directory\n", code: 2 },
    { argv: ['grep', '-s', 'x', '/nope'], out: '', code: 2 },
  ]);
});

describe('cut', () => {
  table([
    { argv: ['cut', '-d', ':', '-f', '1'], stdin: 'root:x:0\nbin:x:1\n', out: 'root\nbin\n', gnu: true },
    { argv: ['cut', '-d:', '-f1,3'], stdin: 'root:x:0\n', out: 'root:0\n', gnu: true },
    { argv: ['cut', '-d', '.', '-f', '2-'], stdin: 'a.b.c\n', out: 'b.c\n', gnu: true },
    { argv: ['cut', '-f', '2'], stdin: 'a\tb\tc\nnodelim\n', out: 'b\nnodelim\n', gnu: true },
    { argv: ['cut', '-s', '-f', '2'], stdin: 'a\tb\nnodelim\n', out: 'b\n', gnu: true },
    { argv: ['cut', '-c', '1-3'], stdin: 'abcdef\n', out: 'abc\n', gnu: true },
    { argv: ['cut', '-c2,4'], stdin: 'abcdef\n', out: 'bd\n', gnu: true },
    { argv: ['cut', '-d', ' ', '-f', '-2'], stdin: 'a b c\n', out: 'a b\n', gnu: true },
  ]);
});

describe('tr', () => {
  table([
    { argv: ['tr', 'a-z', 'A-Z'], stdin: 'hello\n', out: 'HELLO\n', gnu: true },
    { argv: ['tr', '[:lower:]', '[:upper:]'], stdin: 'hello\n', out: 'HELLO\n', gnu: true },
    { argv: ['tr', '-d', '\\n'], stdin: 'a\nb\n', out: 'ab', gnu: true },
    { argv: ['tr', '-d', '0-9'], stdin: 'a1b22c\n', out: 'abc\n', gnu: true },
    { argv: ['tr', '-s', ' '], stdin: 'a   b  c\n', out: 'a b c\n', gnu: true },
    { argv: ['tr', ':', '\\n'], stdin: '/bin:/usr/bin\n', out: '/bin\n/usr/bin\n', gnu: true },
    { argv: ['tr', 'abc', 'x'], stdin: 'aabbcc\n', out: 'xxxxxx\n', gnu: true },
    { argv: ['tr', '-cd', 'a-z\\n'], stdin: 'a-1b_c\n', out: 'abc\n', gnu: true },
  ]);
});

describe('sort and uniq', () => {
  table([
    { argv: ['sort'], stdin: 'b\na\nC\n', out: 'C\na\nb\n', gnu: true },
    { argv: ['sort', '-r'], stdin: 'b\na\nc\n', out: 'c\nb\na\n', gnu: true },
    { argv: ['sort', '-n'], stdin: '10\n9\n100\n', out: '9\n10\n100\n', gnu: true },
    { argv: ['sort', '-rn'], stdin: '10\n9\n100\n', out: '100\n10\n9\n', gnu: true },
    { argv: ['sort', '-u'], stdin: 'b\na\nb\n', out: 'a\nb\n', gnu: true },
    { argv: ['sort', '-t', ':', '-k', '2', '-n'], stdin: 'x:3\ny:1\nz:2\n', out: 'y:1\nz:2\nx:3\n', gnu: true },
    { argv: ['uniq'], stdin: 'a\na\nb\na\n', out: 'a\nb\na\n', gnu: true },
    { argv: ['uniq', '-c'], stdin: 'a\na\nb\n', out: '      2 a\n      1 b\n', gnu: true },
    { argv: ['uniq', '-d'], stdin: 'a\na\nb\n', out: 'a\n', gnu: true },
  ]);
});

describe('sed', () => {
  table([
    { argv: ['sed', 's/o/0/'], stdin: 'foo\nbar\n', out: 'f0o\nbar\n', gnu: true },
    { argv: ['sed', 's/o/0/g'], stdin: 'foo\nbar\n', out: 'f00\nbar\n', gnu: true },
    { argv: ['sed', 's|/|_|g'], stdin: '/a/b\n', out: '_a_b\n', gnu: true },
    { argv: ['sed', '-E', 's/\\\\(["/])/\\1/g'], stdin: 'a\\/b\\"c\n', out: 'a/b"c\n', gnu: true },
    { argv: ['sed', '-n', '/[/]x/p'], stdin: 'a/x\nax\n', out: 'a/x\n', gnu: true },
    { argv: ['sed', 's/\\(a\\)\\(b\\)/\\2\\1/'], stdin: 'ab\n', out: 'ba\n', gnu: true },
    { argv: ['sed', '-E', 's/(a+)/[\\1]/'], stdin: 'caab\n', out: 'c[aa]b\n', gnu: true },
    { argv: ['sed', 's/a/&&/'], stdin: 'a\n', out: 'aa\n', gnu: true },
    { argv: ['sed', '-n', '2p'], stdin: 'a\nb\nc\n', out: 'b\n', gnu: true },
    { argv: ['sed', '-n', '/b/p'], stdin: 'a\nb\nc\n', out: 'b\n', gnu: true },
    { argv: ['sed', '-n', '$p'], stdin: 'a\nb\nc\n', out: 'c\n', gnu: true },
    { argv: ['sed', '2d'], stdin: 'a\nb\nc\n', out: 'a\nc\n', gnu: true },
    { argv: ['sed', '/^#/d'], stdin: '# comment\nkey=v\n', out: 'key=v\n', gnu: true },
    { argv: ['sed', '1,2d'], stdin: 'a\nb\nc\n', out: 'c\n', gnu: true },
    { argv: ['sed', '/b/,$d'], stdin: 'a\nb\nc\n', out: 'a\n', gnu: true },
    { argv: ['sed', '2q'], stdin: 'a\nb\nc\n', out: 'a\nb\n', gnu: true },
    { argv: ['sed', '-n', 's/x/y/p'], stdin: 'x\nz\n', out: 'y\n', gnu: true },
    { argv: ['sed', '-e', 's/a/b/', '-e', 's/b/c/'], stdin: 'a\n', out: 'c\n', gnu: true },
    { argv: ['sed', 's/a/b/;s/b/c/'], stdin: 'a\n', out: 'c\n', gnu: true },
    { argv: ['sed', '/a/!d'], stdin: 'a\nb\n', out: 'a\n', gnu: true },
    { argv: ['sed', 's/x/y/', '/f'], files: { '/f': 'x\n' }, out: 'y\n' },
  ]);
});

describe('base64', () => {
  table([
    { argv: ['base64'], stdin: 'hello', out: 'aGVsbG8=\n', gnu: true },
    { argv: ['base64', '-d'], stdin: 'aGVsbG8=\n', out: 'hello', gnu: true },
    { argv: ['base64'], stdin: 'x'.repeat(60), out: `${'eHh4'.repeat(19)}\n${'eHh4'.repeat(1)}\n`, gnu: true },
    { argv: ['base64', '-w', '0'], stdin: 'x'.repeat(60), out: `${'eHh4'.repeat(20)}`, gnu: true },
    { argv: ['base64'], stdin: '', out: '', gnu: true },
    { argv: ['base64', '/token'], files: { '/token': 'abc' }, out: 'YWJj\n' },
    { argv: ['base64', '-d'], stdin: '!!!!', out: '', err: 'base64: invalid input\n', code: 1 },
  ]);
});
