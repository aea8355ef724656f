// tar of the container userland: what kubectl cp runs (`tar -xmf - -C DIR`, `tar cf - PATH`), listing, and
// archives exchanged with the host's GNU tar both ways (the ustar format both read).
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcessSync } from '../../../../helpers/spawn.js';
import { runUtility } from './run-utility.js';

const host = mkdtempSync(join(tmpdir(), 'kcurl-tar-test-'));
afterAll(() => rmSync(host, { recursive: true, force: true }));

const files = { '/data/notes.txt': 'héllo\n', '/data/conf/app.yaml': 'replicas: 3\n', '/data/conf/deep/x': 'x' };

describe('tar', () => {
  it('tar cf - PATH archives a tree that GNU tar lists and extracts, dropping the leading /', async () => {
    const r = await runUtility({ argv: ['tar', 'cf', '-', '/data'], files });
    expect(r.stderr).toBe("tar: removing leading '/' from member names\n");
    expect(r.code).toBe(0);
    const list = runProcessSync('tar', ['-tf', '-'], { stdin: r.stdout });
    expect(list.stdout).toBe('data/\ndata/conf/\ndata/conf/app.yaml\ndata/conf/deep/\ndata/conf/deep/x\ndata/notes.txt\n');
    runProcessSync('tar', ['-xf', '-', '-C', host], { stdin: r.stdout });
    expect(readFileSync(join(host, 'data', 'notes.txt'), 'utf8')).toBe('héllo\n');
    expect(readFileSync(join(host, 'data', 'conf', 'deep', 'x'), 'utf8')).toBe('x');
  });

  it('tar -xmf - -C DIR extracts what GNU tar made (kubectl cp into the pod)', async () => {
    const src = join(host, 'src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'A\n');
    writeFileSync(join(src, 'sub', 'b.txt'), 'B\n');
    const archive = runProcessSync('tar', ['-cf', '-', '-C', src, 'a.txt', 'sub']).stdout;
    const r = await runUtility({ argv: ['tar', '-xmf', '-', '-C', '/tmp'], stdin: archive });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect([r.fs.read('/tmp/a.txt'), r.fs.read('/tmp/sub/b.txt')]).toEqual(['A\n', 'B\n']);
  });

  it('lists with -t and -tv, and extracts one member to stdout with -O', async () => {
    const made = await runUtility({ argv: ['tar', '-c', '-f', '/tmp/a.tar', '-C', '/data', 'notes.txt', 'conf'], files });
    expect(made.code).toBe(0);
    const list = await runUtility({ argv: ['tar', 'tf', '/tmp/a.tar'] }, made.fs);
    expect(list.stdout).toBe('notes.txt\nconf/\nconf/app.yaml\nconf/deep/\nconf/deep/x\n');
    const one = await runUtility({ argv: ['tar', '-xOf', '/tmp/a.tar', 'conf/app.yaml'] }, made.fs);
    expect(one.stdout).toBe('replicas: 3\n');
  });

  it.each([
    { argv: ['tar', 'cf', '-', '/nope'], err: "tar: removing leading '/' from member names\ntar: /nope: No such file or directory\n", code: 1 },
    { argv: ['tar', '-xf', '-', '-C', '/missing'], err: "tar: can't change directory to '/missing': No such file or directory\n", code: 1 },
    { argv: ['tar', '-czf', '-', '/data'], err: 'tar: compressed archives are not simulated by kcurl sandbox (its files are text); drop -z/-j\n', code: 1 },
    { argv: ['tar', '-xf', '-'], stdin: 'not a tar archive'.padEnd(600, 'x'), err: 'tar: invalid tar header checksum\n', code: 1 },
  ])('$argv.1 $argv.2 $argv.3 $argv.4: $err', async ({ argv, stdin, err, code }) => {
    const r = await runUtility({ argv, stdin, files });
    expect({ stderr: r.stderr, code: r.code }).toEqual({ stderr: err, code });
  });
});
