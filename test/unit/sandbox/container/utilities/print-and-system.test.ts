// echo, printf, env/printenv, machine and time utilities, and test/[ against busybox behaviour (and GNU
// coreutils where both agree).
import { describe } from 'vitest';
import { table } from './cases.js';

describe('echo', () => {
  table([
    { argv: ['echo', 'a', 'b'], out: 'a b\n', gnu: true },
    { argv: ['echo'], out: '\n', gnu: true },
    { argv: ['echo', '-n', 'x'], out: 'x', gnu: true },
    { argv: ['echo', '-e', 'a\\tb\\nc'], out: 'a\tb\nc\n', gnu: true },
    { argv: ['echo', '-e', 'stop\\chere'], out: 'stop', gnu: true },
    { argv: ['echo', 'a\\nb'], out: 'a\\nb\n', gnu: true },
    { argv: ['echo', '-ne', 'x\\n'], out: 'x\n', gnu: true },
    { argv: ['echo', '--', 'x'], out: '-- x\n', gnu: true },
  ]);
});

describe('printf', () => {
  table([
    { argv: ['printf', '%s\\n', 'a', 'b'], out: 'a\nb\n', gnu: true },
    { argv: ['printf', '%d items\\n', '3'], out: '3 items\n', gnu: true },
    { argv: ['printf', '%5.2f|%-3s|%03d\\n', '3.14159', 'x', '7'], out: ' 3.14|x  |007\n', gnu: true },
    { argv: ['printf', '%x %o %X\\n', '255', '8', '255'], out: 'ff 10 FF\n', gnu: true },
    { argv: ['printf', '%c%c\\n', 'hello', 'world'], out: 'hw\n', gnu: true },
    { argv: ['printf', '%b\\n', 'a\\tb'], out: 'a\tb\n', gnu: true },
    { argv: ['printf', 'no newline'], out: 'no newline', gnu: true },
    { argv: ['printf', '%s-%s\\n', 'only'], out: 'only-\n', gnu: true },
    { argv: ['printf', '100%%\\n'], out: '100%\n', gnu: true },
    { argv: ['printf'], out: '', err: 'printf: usage: printf FORMAT [ARGUMENT]...\n', code: 2 },
  ]);
});

describe('env and printenv', () => {
  table([
    { argv: ['env'], env: { A: '1', B: 'two' }, out: 'A=1\nB=two\n' },
    { argv: ['env', 'C=3'], env: { A: '1' }, out: 'A=1\nC=3\n' },
    { argv: ['env', '-i', 'X=1'], env: { A: '1' }, out: 'X=1\n' },
    { argv: ['env', 'GREETING=hi', 'printenv', 'GREETING'], env: {}, out: 'hi\n' },
    { argv: ['printenv', 'A'], env: { A: '1' }, out: '1\n' },
    { argv: ['printenv'], env: { A: '1' }, out: 'A=1\n' },
    { argv: ['printenv', 'NOPE'], env: {}, out: '', code: 1 },
  ]);
});

describe('machine and time', () => {
  table([
    { argv: ['hostname'], out: 'mypod\n' },
    { argv: ['uname'], out: 'Linux\n' },
    { argv: ['uname', '-n'], out: 'mypod\n' },
    { argv: ['whoami'], out: 'root\n' },
    { argv: ['true'], out: '', gnu: true },
    { argv: ['false'], out: '', code: 1, gnu: true },
    { argv: ['date'], out: 'Thu Nov 26 01:02:03 UTC 2026\n' },
    { argv: ['date', '+%Y-%m-%d %H:%M:%S %s'], out: '2026-11-26 01:02:03 1795654923\n' },
    { argv: ['sleep', '0'], out: '', gnu: true },
    { argv: ['sleep'], out: '', err: 'sleep: missing operand\n', code: 1 },
    { argv: ['sleep', 'soon'], out: '', err: "sleep: invalid number 'soon'\n", code: 1 },
    { argv: ['seq', '3'], out: '1\n2\n3\n', gnu: true },
    { argv: ['seq', '2', '2', '6'], out: '2\n4\n6\n', gnu: true },
    { argv: ['basename', '/a/b.txt', '.txt'], out: 'b\n', gnu: true },
    { argv: ['basename', '/a/b/'], out: 'b\n', gnu: true },
    { argv: ['dirname', '/a/b'], out: '/a\n', gnu: true },
    { argv: ['dirname', 'b'], out: '.\n', gnu: true },
    { argv: ['dirname', '/b'], out: '/\n', gnu: true },
  ]);
});

describe('test and [', () => {
  const files = { '/etc/config/key': 'v', '/empty': '' };
  table([
    { argv: ['test', '-n', 'x'], out: '', gnu: true },
    { argv: ['test', '-z', 'x'], out: '', code: 1, gnu: true },
    { argv: ['test', 'a', '=', 'a'], out: '', gnu: true },
    { argv: ['test', 'a', '!=', 'a'], out: '', code: 1, gnu: true },
    { argv: ['test', '3', '-lt', '10'], out: '', gnu: true },
    { argv: ['test', '10', '-le', '3'], out: '', code: 1, gnu: true },
    { argv: ['test', '!', '1', '-eq', '2'], out: '', gnu: true },
    { argv: ['test', '-n', 'a', '-a', '-z', ''], out: '', gnu: true },
    { argv: ['test', '-z', 'a', '-o', '-n', 'b'], out: '', gnu: true },
    { argv: ['test', ''], out: '', code: 1, gnu: true },
    { argv: ['test'], out: '', code: 1, gnu: true },
    { argv: ['[', 'x', ']'], out: '', gnu: true },
    { argv: ['[', '(', 'a', '=', 'b', ')', '-o', 'c', ']'], out: '', gnu: true },
    { argv: ['[', 'x'], out: '', err: '[: missing ]\n', code: 2 },
    { argv: ['test', 'x', '-eq', '1'], out: '', err: 'sh: x: bad number\n', code: 2 },
    { argv: ['test', '-f', '/etc/config/key'], files, out: '' },
    { argv: ['test', '-d', '/etc/config'], files, out: '' },
    { argv: ['test', '-e', '/nope'], files, out: '', code: 1 },
    { argv: ['test', '-s', '/empty'], files, out: '', code: 1 },
    { argv: ['test', '-f', '/etc/config'], files, out: '', code: 1 },
  ]);
});
