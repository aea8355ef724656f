// busybox tar over the container filesystem, for `kubectl cp` (which runs `tar -xmf - -C DIR` to copy in and
// `tar cf - PATH` to copy out) and for workshop use: -c, -x, -t with -f FILE or -, -C DIR, -v, -O, in ustar
// format (the codec kcurl cp uses too: src/archive/tar.ts). Files of the simulated filesystem are text, so archives carry UTF-8 contents; a compressed archive
// (-z, -j) is refused with a message.
import { CommandError } from '../errors.js';
import type { Utility } from './registry.js';
import { type TarEntry, type TarWriteEntry, TarFormatError, readTar, writeTar } from '../../../archive/tar.js';

/** busybox's headers: ustar, owned by root, long names in the prefix field. */
const WRITE = { longNames: 'ustar', owner: 'root' } as const;

/** The files and directories of an archive, named without a leading ./ or a directory's trailing slash. */
function entriesOf(archive: Buffer): { name: string; dir: boolean; data: Buffer }[] {
  let entries: TarEntry[];
  try {
    entries = readTar(archive);
  } catch (e) {
    if (!(e instanceof TarFormatError)) throw e;
    throw new CommandError(e.reason === 'checksum' ? 'tar: invalid tar header checksum' : 'tar: short read', 1);
  }
  return entries
    .filter((e) => e.type === 'file' || e.type === 'dir')
    .map((e) => {
      const name = e.name.replace(/^\.\//, '');
      return e.type === 'dir' ? { name: name.replace(/\/$/, ''), dir: true, data: Buffer.alloc(0) } : { name, dir: false, data: e.data };
    });
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
    const written: TarWriteEntry[] = [];
    const mtime = Math.floor(ctx.now().getTime() / 1000);
    let stripped = false;
    let status = 0;
    const add = async (path: string, name: string) => {
      const kids = ctx.fs.list(path);
      if (kids !== undefined) {
        written.push({ name: `${name}/`, type: 'dir', mode: 0o755, mtimeSeconds: mtime, data: Buffer.alloc(0) });
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
      written.push({ name, type: 'file', mode: 0o644, mtimeSeconds: mtime, data });
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
    const archive = writeTar(written, WRITE);
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
  const entries = entriesOf(Buffer.from(text, 'utf8'));
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
