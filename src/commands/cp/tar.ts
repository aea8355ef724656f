// The tar streams of kubectl cp, on the client side: the archive kubectl writes for `tar -xmf -` in the container
// (makeTar: regular files, and empty directories, named relative to the destination's directory) and the
// reading of what `tar cf - PATH` sends back (ustar and GNU long names). The container's own tar is the
// sandbox's business (src/sandbox/container/utilities/tar.ts); this is the client's.

const BLOCK = 512;

export interface TarEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  mtimeSeconds: number;
  data: Buffer;
}

const octal = (n: number, width: number) =>
  `${Math.max(0, Math.floor(n))
    .toString(8)
    .padStart(width - 1, '0')}\0`;

function header(name: string, size: number, type: '0' | '5' | 'L', mode: number, mtime: number): Buffer[] {
  const out: Buffer[] = [];
  let base = name;
  const prefix = '';
  if (Buffer.byteLength(name) > 100) {
    // A GNU long-name entry before the header (Go's archive/tar writes PAX or GNU for long names; GNU reads everywhere).
    const long = Buffer.from(`${name}\0`);
    out.push(...header('././@LongLink', long.length, 'L', 0o644, 0), pad(long));
    base = name.slice(0, 100);
  }
  const h = Buffer.alloc(BLOCK);
  h.write(base, 0, 100, 'utf8');
  h.write(octal(mode & 0o7777, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  out.push(h);
  return out;
}

function pad(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest ? Buffer.concat([data, Buffer.alloc(BLOCK - rest)]) : data;
}

/** An archive of the entries, in order, ended by two zero blocks. */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.type === 'dir') parts.push(...header(e.name, 0, '5', e.mode, e.mtimeSeconds));
    else {
      parts.push(...header(e.name, e.data.length, '0', e.mode, e.mtimeSeconds));
      parts.push(pad(e.data));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

const field = (h: Buffer, at: number, len: number) => {
  const raw = h.subarray(at, at + len);
  const nul = raw.indexOf(0);
  return (nul < 0 ? raw : raw.subarray(0, nul)).toString('utf8');
};

/** The entries of an archive; throws on a damaged one. */
/**
 * Whether a tar reader has what it needs from `archive`: Go's archive/tar stops reading at the end-of-archive
 * marker (two zero blocks where a header would be). Short of that, it asks its reader for more.
 */
export function tarComplete(archive: Buffer): boolean {
  let at = 0;
  while (at + BLOCK <= archive.length) {
    const h = archive.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return at + 2 * BLOCK <= archive.length;
    const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return false;
}

export function readTar(archive: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let at = 0;
  let longName: string | undefined;
  while (at + BLOCK <= archive.length) {
    const h = archive.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
    const typeflag = String.fromCharCode(h[156] || 48);
    const data = archive.subarray(at + BLOCK, at + BLOCK + size);
    if (data.length < size) throw new Error('unexpected EOF');
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    const prefix = field(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    longName = undefined;
    const type = typeflag === '0' || typeflag === '7' ? 'file' : typeflag === '5' ? 'dir' : typeflag === '2' ? 'symlink' : 'other';
    out.push({
      name,
      type,
      mode: Number.parseInt(field(h, 100, 8).trim() || '644', 8),
      mtimeSeconds: Number.parseInt(field(h, 136, 12).trim() || '0', 8),
      data: Buffer.from(data),
    });
  }
  return out;
}
