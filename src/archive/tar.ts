// The tar codec both ends of `kubectl cp` use: kcurl cp writes the archive the container's `tar -xmf -` unpacks
// and reads what `tar cf - PATH` sends back; the sandbox's busybox tar (src/sandbox/container/utilities/tar.ts)
// does the container's side. ustar headers; names past 100 bytes as a GNU long-name entry or split into the
// ustar prefix, as the writer asks; the reader takes ustar, GNU long names and PAX path records, as Go's
// archive/tar (kubectl) and busybox do.

export const TAR_BLOCK = 512;

export interface TarEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  mtimeSeconds: number;
  data: Buffer;
}

/** What the writer writes: regular files and directories (a directory's data is ignored). */
export type TarWriteEntry = TarEntry & { type: 'file' | 'dir' };

export interface TarWriteOptions {
  /**
   * How a name longer than the 100 bytes of the name field is written: `gnu`, a GNU `././@LongLink` entry before
   * the header (what kubectl's Go writes readers everywhere take); `ustar`, split at a slash into the 155-byte
   * prefix field and the name field (busybox's and GNU tar's ustar), falling back to `gnu` where no split fits.
   */
  longNames: 'gnu' | 'ustar';
  /** The user and group names written into every header (busybox writes `root`); none by default. */
  owner?: string;
}

/** A damaged archive: a header whose checksum is wrong, or an entry cut short. */
export class TarFormatError extends Error {
  constructor(readonly reason: 'checksum' | 'truncated') {
    super(reason === 'checksum' ? 'invalid tar header checksum' : 'unexpected EOF');
  }
}

const octal = (n: number, width: number) =>
  `${Math.max(0, Math.floor(n))
    .toString(8)
    .padStart(width - 1, '0')}\0`;

/** Pads to a whole number of blocks. */
function pad(data: Buffer): Buffer {
  const rest = data.length % TAR_BLOCK;
  return rest ? Buffer.concat([data, Buffer.alloc(TAR_BLOCK - rest)]) : data;
}

/** `name` as ustar prefix and name fields, split at its last slash; undefined when the two parts do not fit. */
function ustarSplit(name: string): { prefix: string; base: string } | undefined {
  const cut = name.lastIndexOf('/');
  if (cut <= 0) return undefined;
  const prefix = name.slice(0, cut);
  const base = name.slice(cut + 1);
  return Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100 ? { prefix, base } : undefined;
}

/** The header block(s) of one entry: a GNU long-name entry first when the name needs one. */
function headers(name: string, size: number, typeflag: string, mode: number, mtime: number, opts: TarWriteOptions): Buffer[] {
  const out: Buffer[] = [];
  let base = name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const split = opts.longNames === 'ustar' ? ustarSplit(name) : undefined;
    if (split) ({ prefix, base } = split);
    else {
      const long = Buffer.from(`${name}\0`);
      out.push(...headers('././@LongLink', long.length, 'L', 0o644, 0, opts), pad(long));
      base = name.slice(0, 100);
    }
  }
  const h = Buffer.alloc(TAR_BLOCK);
  h.write(base, 0, 100, 'utf8');
  h.write(octal(mode & 0o7777, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(typeflag, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  if (opts.owner) {
    h.write(opts.owner, 265, 32, 'ascii');
    h.write(opts.owner, 297, 32, 'ascii');
  }
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  out.push(h);
  return out;
}

/** An archive of the entries (regular files and directories), in order, ended by two zero blocks. */
export function writeTar(entries: readonly TarWriteEntry[], opts: TarWriteOptions): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const size = e.type === 'dir' ? 0 : e.data.length;
    parts.push(...headers(e.name, size, e.type === 'dir' ? '5' : '0', e.mode, e.mtimeSeconds, opts));
    if (size) parts.push(pad(e.data));
  }
  parts.push(Buffer.alloc(TAR_BLOCK * 2));
  return Buffer.concat(parts);
}

/** A NUL-terminated header field. */
const field = (h: Buffer, at: number, len: number) => {
  const raw = h.subarray(at, at + len);
  const nul = raw.indexOf(0);
  return (nul < 0 ? raw : raw.subarray(0, nul)).toString('utf8');
};

/** The `path` of a PAX extended header's records (`LEN key=value\n` each), if it has one. */
function paxPath(data: Buffer): string | undefined {
  let path: string | undefined;
  for (let at = 0; at < data.length; ) {
    const space = data.indexOf(0x20, at);
    const len = Number.parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (space < 0 || !(len > 0)) break;
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    if (record.startsWith('path=')) path = record.slice(5);
    at += len;
  }
  return path;
}

/**
 * Whether a tar reader has what it needs from `archive`: Go's archive/tar stops reading at the end-of-archive
 * marker (two zero blocks where a header would be). Short of that, it asks its reader for more (cp --retries).
 */
export function tarComplete(archive: Buffer): boolean {
  let at = 0;
  while (at + TAR_BLOCK <= archive.length) {
    const h = archive.subarray(at, at + TAR_BLOCK);
    if (h.every((b) => b === 0)) return at + 2 * TAR_BLOCK <= archive.length;
    const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
    at += TAR_BLOCK + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
  }
  return false;
}

/** The entries of an archive, up to its end-of-archive block; throws TarFormatError on a damaged one. */
export function readTar(archive: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let longName: string | undefined;
  for (let at = 0; at + TAR_BLOCK <= archive.length; ) {
    const h = archive.subarray(at, at + TAR_BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (Number.parseInt(field(h, 148, 8).trim() || '0', 8) !== sum) throw new TarFormatError('checksum');
    const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
    const typeflag = String.fromCharCode(h[156] || 48);
    const data = archive.subarray(at + TAR_BLOCK, at + TAR_BLOCK + size);
    if (data.length < size) throw new TarFormatError('truncated');
    at += TAR_BLOCK + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
    // GNU long name (L) and long link target (K); PAX per-entry (x) and global (g) records.
    if (typeflag === 'L') longName = field(data, 0, data.length);
    else if (typeflag === 'x') longName = paxPath(data) ?? longName;
    if ('LKxg'.includes(typeflag)) continue;
    const prefix = field(h, 257, 6).startsWith('ustar') ? field(h, 345, 155) : '';
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
