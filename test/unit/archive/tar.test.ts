// The tar codec of both ends of kubectl cp: what it writes reads back the same and GNU tar takes it (names past
// 100 bytes as a GNU long-name entry, or in the ustar prefix as busybox writes them); it reads what GNU tar writes
// in the gnu, ustar and pax formats (kubectl's Go writes ustar, or pax for a name no split fits); a damaged
// archive is refused.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TarEntry, type TarFormatError, type TarWriteEntry, readTar, tarComplete, writeTar } from '../../../src/archive/tar.js';
import { requireTool } from '../../helpers/require-tool.js';

const MTIME = 1700000000;
const file = (name: string, text: string): TarWriteEntry => ({ name, type: 'file', mode: 0o644, mtimeSeconds: MTIME, data: Buffer.from(text) });
const dir = (name: string): TarWriteEntry => ({ name, type: 'dir', mode: 0o755, mtimeSeconds: MTIME, data: Buffer.alloc(0) });

/** Fits the ustar prefix (80 + 65 bytes); the second cannot be split (its last part alone is past 100 bytes). */
const SPLITTABLE = `${'d'.repeat(80)}/${'f'.repeat(60)}.txt`;
const UNSPLITTABLE = `top/${'n'.repeat(120)}.txt`;

const host = mkdtempSync(join(tmpdir(), 'kcurl-archive-tar-'));
afterAll(() => rmSync(host, { recursive: true, force: true }));

/** Runs the host's GNU tar with `input` on stdin; its stdout as bytes. */
const gnuTar = (args: string[], input?: Buffer) => execFileSync(requireTool('tar'), args, { input, cwd: host, maxBuffer: 64 << 20 });

describe('writeTar and readTar', () => {
  it.each(['gnu', 'ustar'] as const)('round-trip files, an empty directory and long names (%s long names)', (longNames) => {
    const entries: TarEntry[] = [
      file('note.txt', 'hello\n'),
      dir('tree/empty'),
      file('tree/sub/leaf.txt', 'x'.repeat(1500)),
      file(SPLITTABLE, 'long\n'),
      file(UNSPLITTABLE, 'longer\n'),
      file('é/ü.txt', 'ünïcödé\n'),
    ];
    const archive = writeTar(entries as TarWriteEntry[], { longNames });
    expect(archive.length % 512).toBe(0);
    expect(readTar(archive)).toEqual(entries);
  });

  it('puts a splittable long name into the ustar prefix, and only an unsplittable one into a GNU long-name entry', () => {
    const ustar = writeTar([file(SPLITTABLE, 'a')], { longNames: 'ustar' });
    expect(ustar.toString('latin1')).not.toContain('././@LongLink');
    expect(ustar.subarray(345, 345 + 80).toString()).toBe('d'.repeat(80));
    expect(
      writeTar([file(UNSPLITTABLE, 'a')], { longNames: 'ustar' })
        .subarray(0, 13)
        .toString(),
    ).toBe('././@LongLink');
    expect(
      writeTar([file(SPLITTABLE, 'a')], { longNames: 'gnu' })
        .subarray(0, 13)
        .toString(),
    ).toBe('././@LongLink');
  });

  it.each([
    ['gnu', undefined],
    ['ustar', 'root'],
  ] as const)('GNU tar lists and extracts what it writes (%s long names, owner %s)', (longNames, owner) => {
    const archive = writeTar([dir('w/empty'), file(`w/${SPLITTABLE}`, 'long\n'), file(`w/${UNSPLITTABLE}`, 'longer\n')], { longNames, owner });
    const listing = gnuTar(['-tvf', '-'], archive).toString().trim().split('\n');
    expect(listing.map((l) => l.split(/\s+/).slice(5).join(' '))).toEqual(['w/empty', `w/${SPLITTABLE}`, `w/${UNSPLITTABLE}`]);
    expect(listing[1].split(/\s+/)[1]).toBe(owner ? 'root/root' : '0/0');
    const out = join(host, `extract-${longNames}`);
    mkdirSync(out);
    gnuTar(['-xf', '-', '-C', out], archive);
    expect(readFileSync(join(out, 'w', SPLITTABLE), 'utf8')).toBe('long\n');
    expect(readFileSync(join(out, 'w', UNSPLITTABLE), 'utf8')).toBe('longer\n');
  });

  it.each(['gnu', 'ustar', 'pax', 'posix'])('reads what GNU tar writes in the %s format, long names included', (format) => {
    const src = join(host, `src-${format}`);
    const names = ['a.txt', SPLITTABLE, UNSPLITTABLE];
    for (const n of names) {
      mkdirSync(join(src, n, '..'), { recursive: true });
      writeFileSync(join(src, n), `${n.length}\n`);
    }
    // ustar cannot hold the unsplittable name at all; GNU tar leaves it out with an error.
    const wanted = format === 'ustar' ? names.slice(0, 2) : names;
    const archive = gnuTar([`--format=${format}`, '-cf', '-', '-C', src, ...wanted]);
    const entries = readTar(archive);
    expect(entries.filter((e) => e.type === 'file').map((e) => [e.name, e.data.toString()])).toEqual(wanted.map((n) => [n, `${n.length}\n`]));
    expect(entries.every((e) => e.type !== 'other')).toBe(true);
  });

  it.each([
    ['an archive cut in the middle of a file', (a: Buffer) => a.subarray(0, 1024), 'truncated', 'unexpected EOF'],
    ['a header whose checksum is wrong', (a: Buffer) => Buffer.concat([Buffer.from('x'), a.subarray(1)]), 'checksum', 'invalid tar header checksum'],
  ] as const)('refuses %s', (_name, damage, reason, message) => {
    const archive = damage(writeTar([file('a.txt', 'y'.repeat(2000))], { longNames: 'gnu' }));
    expect(() => readTar(archive)).toThrow(message);
    expect(() => readTar(archive)).toThrow(expect.objectContaining({ reason }) as TarFormatError);
  });
});

describe('tarComplete (cp --retries resumes until the end-of-archive marker has been read)', () => {
  const archive = writeTar([file('a.txt', 'y'.repeat(2000)), file('b.txt', 'z')], { longNames: 'gnu' });
  it.each([
    ['nothing read', 0, false],
    ['cut inside a header', 100, false],
    ['cut inside the first file', 1024, false],
    ['cut at a header boundary (no end marker yet)', 512 * 5, false],
    ['one of the two zero blocks', 512 * 8, false],
    ['the end-of-archive marker', 512 * 9, true],
    ['the whole archive with its padding', -1, true],
  ])('%s', (_name, length, complete) => {
    expect(tarComplete(length < 0 ? archive : archive.subarray(0, length))).toBe(complete);
  });
});
