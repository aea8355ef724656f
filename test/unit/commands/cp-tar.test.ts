// kubectl cp's tar streams on the client side: what kcurl writes is read back the same (regular files, empty
// directories, names past 100 bytes), and an archive cut short is refused; cp --retries resumes until the
// end-of-archive marker has been read.
import { describe, expect, it } from 'vitest';
import { readTar, tarComplete, writeTar, type TarEntry } from '../../../src/commands/cp/tar.js';

const file = (name: string, text: string): TarEntry => ({ name, type: 'file', mode: 0o644, mtimeSeconds: 1700000000, data: Buffer.from(text) });

describe('writeTar and readTar', () => {
  it('round-trips files, an empty directory and a long name', () => {
    const long = `${'d'.repeat(80)}/${'f'.repeat(60)}.txt`;
    const entries: TarEntry[] = [
      file('note.txt', 'hello\n'),
      { name: 'tree/empty', type: 'dir', mode: 0o755, mtimeSeconds: 1700000000, data: Buffer.alloc(0) },
      file('tree/sub/leaf.txt', 'x'.repeat(1500)),
      file(long, 'long\n'),
    ];
    const archive = writeTar(entries);
    expect(archive.length % 512).toBe(0);
    expect(readTar(archive)).toEqual(entries);
  });

  it('refuses an archive cut in the middle of a file', () => {
    const archive = writeTar([file('a.txt', 'y'.repeat(2000))]);
    expect(() => readTar(archive.subarray(0, 1024))).toThrow('unexpected EOF');
  });

  const archive = writeTar([file('a.txt', 'y'.repeat(2000)), file('b.txt', 'z')]);
  it.each([
    ['nothing read', 0, false],
    ['cut inside a header', 100, false],
    ['cut inside the first file', 1024, false],
    ['cut at a header boundary (no end marker yet)', 512 * 5, false],
    ['one of the two zero blocks', 512 * 8, false],
    ['the end-of-archive marker', 512 * 9, true],
    ['the whole archive with its padding', -1, true],
  ])('tarComplete: %s', (_name, length, complete) => {
    expect(tarComplete(length < 0 ? archive : archive.subarray(0, length))).toBe(complete);
  });
});
