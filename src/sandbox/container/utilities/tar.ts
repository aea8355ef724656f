// busybox tar over the container filesystem, for `kubectl cp` (which runs `tar -xmf - -C DIR` to copy in and
// `tar cf - PATH` to copy out) and for workshop use: -c, -x, -t with -f FILE or -, -C DIR, -v, -O, in ustar
// format. Files of the simulated filesystem are text, so archives carry UTF-8 contents; a compressed archive
// (-z, -j) is refused with a message.
import { CommandError } from '../errors.js';
import type { Utility } from './registry.js';

const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** One ustar header block. */
function header(name: string, size: number, type: '0' | '5', mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 1 - 0);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(type === '5' ? 0o755 : 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

interface Entry {
  name: string;
  dir: boolean;
  data: Buffer;
}

/** The entries of a tar archive; throws CommandError on a damaged one. */
export function readTar(archive: Buffer): Entry[] {
  const out: Entry[] = [];
  let longName: string | undefined;
  for (let off = 0; off + BLOCK <= archive.length; ) {
    const h = archive.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const field = (start: number, len: number) =>
      h
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (parseInt(field(148, 8).trim() || '0', 8) !== sum) throw new CommandError('tar: invalid tar header checksum', 1);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(257, 6).startsWith('ustar') ? field(345, 155) : '';
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const data = archive.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x' || type === 'g') continue;
    name = name.replace(/^\.\//, '');
    if (type === '5') out.push({ name: name.replace(/\/$/, ''), dir: true, data: Buffer.alloc(0) });
    else if (type === '0' || type === '\0' || type === '7') out.push({ name, dir: false, data: Buffer.from(data) });
  }
  return out;
}

function usage(): CommandError {
  return new CommandError(
    'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [-T FILE] [-X FILE] [LONGOPT]... [FILE]...',
    1,
  );
}

const tar: Utility = async (ctx) => {
  let mode: 'c' | 'x' | 't' | undefined;
  let file: string | undefined;
  let dir: string | undefined;
  let verbose = false;
  let toStdout = false;
  const operands: string[] = [];
  const args = [...ctx.args];
  // The first word may be bundled letters without a dash (`tar cf - x`, `tar xvf a.tar`).
  if (args[0] && !args[0].startsWith('-')) args[0] = `-${args[0]}`;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      if (['--no-same-permissions', '--no-same-owner', '--touch', '--overwrite', '--numeric-owner'].includes(a)) continue;
      if (a.startsWith('--file=')) file = a.slice(7);
      else if (a.startsWith('--directory=')) dir = a.slice(12);
      else if (a === '--extract') mode = 'x';
      else if (a === '--create') mode = 'c';
      else if (a === '--list') mode = 't';
      else throw new CommandError(`tar: unrecognized option '${a}'`, 1);
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const f = a[k];
      const value = () => {
        const rest = a.slice(k + 1);
        k = a.length;
        const v = rest || args[++i];
        if (v === undefined) throw new CommandError(`tar: option requires an argument -- '${f}'`, 1);
        return v;
      };
      if (f === 'c' || f === 'x' || f === 't') mode = f;
      else if (f === 'f') file = value();
      else if (f === 'C') dir = value();
      else if (f === 'v') verbose = true;
      else if (f === 'O') toStdout = true;
      else if ('mopkh'.includes(f)) continue;
      else if ('zjJaZ'.includes(f)) throw new CommandError('tar: compressed archives are not simulated by kcurl sandbox (its files are text); drop -z/-j', 1);
      else throw new CommandError(`tar: invalid option -- '${f}'\n${usage().message}`, 1);
    }
  }
  if (!mode) throw usage();
  const base = dir !== undefined ? ctx.resolve(dir) : ctx.cwd;
  if (dir !== undefined && ctx.fs.list(base) === undefined) throw new CommandError(`tar: can't change directory to '${dir}': No such file or directory`, 1);
  const at = (p: string) => (p.startsWith('/') ? p : `${base.replace(/\/$/, '')}/${p}`);

  if (mode === 'c') {
    if (operands.length === 0) throw new CommandError('tar: empty archive', 1);
    const blocks: Buffer[] = [];
    const mtime = Math.floor(ctx.now().getTime() / 1000);
    let stripped = false;
    let status = 0;
    const add = async (path: string, name: string) => {
      const kids = ctx.fs.list(path);
      if (kids !== undefined) {
        blocks.push(header(`${name}/`, 0, '5', mtime));
        if (verbose) await ctx.stderr.write(`${name}/\n`);
        for (const k of kids.filter((n) => n !== '..data' && !n.startsWith('..')).sort()) await add(`${path.replace(/\/$/, '')}/${k}`, `${name}/${k}`);
        return;
      }
      const content = ctx.fs.read(path);
      if (content === undefined) {
        await ctx.stderr.write(`tar: ${name}: No such file or directory\n`);
        status = 1;
        return;
      }
      const data = Buffer.from(content, 'utf8');
      blocks.push(header(name, data.length, '0', mtime), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
      if (verbose) await ctx.stderr.write(`${name}\n`);
    };
    for (const op of operands) {
      let name = op.replace(/\/+$/, '') || '/';
      if (name.startsWith('/')) {
        if (!stripped) await ctx.stderr.write("tar: removing leading '/' from member names\n");
        stripped = true;
        name = name.replace(/^\/+/, '');
      }
      const path = ctx.resolve(op.startsWith('/') ? op : at(op));
      if (ctx.fs.read(path) === undefined && ctx.fs.list(path) === undefined) {
        await ctx.stderr.write(`tar: ${op}: No such file or directory\n`);
        status = 1;
        continue;
      }
      await add(path, name || '.');
    }
    blocks.push(Buffer.alloc(BLOCK * 2));
    const archive = Buffer.concat(blocks);
    if (file === undefined || file === '-') await ctx.stdout.write(archive.toString('utf8'));
    else if (!ctx.fs.write(ctx.resolve(file), archive.toString('utf8'), false)) throw new CommandError(`tar: can't open '${file}': Read-only file system`, 1);
    return status;
  }

  let text: string | undefined;
  if (file === undefined || file === '-') text = await ctx.stdin.readAll();
  else {
    text = ctx.fs.read(ctx.resolve(file));
    if (text === undefined) throw new CommandError(`tar: can't open '${file}': No such file or directory`, 1);
  }
  const entries = readTar(Buffer.from(text, 'utf8'));
  const wanted = (name: string) => operands.length === 0 || operands.some((o) => name === o.replace(/\/$/, '') || name.startsWith(`${o.replace(/\/$/, '')}/`));
  for (const e of entries.filter((x) => wanted(x.name))) {
    if (mode === 't') {
      await ctx.stdout.write(`${e.name}${e.dir ? '/' : ''}\n`);
      continue;
    }
    if (verbose) await ctx.stdout.write(`${e.name}${e.dir ? '/' : ''}\n`);
    if (toStdout) {
      if (!e.dir) await ctx.stdout.write(e.data.toString('utf8'));
      continue;
    }
    const path = ctx.resolve(at(e.name));
    // Parent directories first, as tar creates them.
    const parts = path.split('/').filter(Boolean);
    for (let k = 1; k < (e.dir ? parts.length + 1 : parts.length); k++) {
      const p = `/${parts.slice(0, k).join('/')}`;
      if (ctx.fs.list(p) === undefined && !ctx.fs.mkdir?.(p)) throw new CommandError(`tar: can't create directory '${e.name}': Read-only file system`, 1);
    }
    if (!e.dir && !ctx.fs.write(path, e.data.toString('utf8'), false)) throw new CommandError(`tar: can't open '${e.name}': Read-only file system`, 1);
    await ctx.tick();
  }
  return 0;
};

export const archiveUtilities: Record<string, Utility> = { tar };
