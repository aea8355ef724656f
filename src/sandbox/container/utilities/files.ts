// Utilities over the container's filesystem: cat, ls, mkdir, touch, rm, mktemp (busybox wording and formats).
import { CommandError } from '../errors.js';
import { formatDate } from './system.js';
import { inputs } from './inputs.js';
import type { Utility, UtilityContext } from './registry.js';

/** Single-letter flags of `args` (`-la` → l, a) and the operands; `--` ends the flags. */
export function parseFlags(args: string[], known: string, name: string): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let done = false;
  for (const a of args) {
    if (done || !a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    if (a === '--') {
      done = true;
      continue;
    }
    for (const f of a.slice(1)) {
      if (!known.includes(f)) throw new CommandError(`${name}: unrecognized option: ${f}`, 1);
      flags.add(f);
    }
  }
  return { flags, operands };
}

const cat: Utility = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args, 'nbuv', 'cat');
  const all = inputs(ctx, operands);
  let n = 0;
  for await (const { input } of all.each()) {
    if (!flags.has('n') && !flags.has('b')) {
      for (let t = await input.read(); t !== null; t = await input.read()) await ctx.stdout.write(t);
      continue;
    }
    for await (const line of input.lines()) {
      const number = flags.has('n') || line !== '\n';
      await ctx.stdout.write(number ? `${String(++n).padStart(6)}\t${line}` : line);
    }
  }
  return all.status;
};

/** One `ls -l` line as busybox prints it. */
function longLine(ctx: UtilityContext, name: string, path: string, shownAs: string): string {
  const dir = ctx.fs.list(path) !== undefined;
  const size = dir ? 4096 : Buffer.byteLength(ctx.fs.read(path) ?? '');
  const mode = dir ? 'drwxr-xr-x' : '-rw-r--r--';
  const when = formatDate(ctx.now(), '%b %e %H:%M');
  return `${mode} ${String(dir ? 2 : 1).padStart(4)} ${'root'.padEnd(8)} ${'root'.padEnd(8)} ${String(size).padStart(9)} ${when} ${shownAs || name}\n`;
}

const ls: Utility = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args, 'laA1dFhrtR', 'ls');
  const targets = operands.length ? operands : ['.'];
  let status = 0;
  const files: string[] = [];
  const dirs: string[] = [];
  for (const t of targets) {
    const p = ctx.resolve(t);
    if (ctx.fs.list(p) !== undefined && !flags.has('d')) dirs.push(t);
    else if (ctx.fs.read(p) !== undefined || ctx.fs.list(p) !== undefined) files.push(t);
    else {
      await ctx.stderr.write(`ls: ${t}: No such file or directory\n`);
      status = 1;
    }
  }
  const long = flags.has('l');
  const order = (names: string[]) => {
    const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return flags.has('r') ? sorted.reverse() : sorted;
  };
  let out = '';
  for (const f of order(files)) out += long ? longLine(ctx, f, ctx.resolve(f), f) : `${f}\n`;
  let first = files.length === 0;
  const recursive = flags.has('R');
  // -R: each directory, then its subdirectories depth first, every one under a `DIR:` heading.
  const queue = order(dirs);
  while (queue.length) {
    const d = queue.shift() as string;
    const p = ctx.resolve(d);
    const entries = (ctx.fs.list(p) ?? []).filter((e) => flags.has('a') || flags.has('A') || !e.startsWith('.'));
    const shown = order(entries);
    if (flags.has('a')) shown.unshift('.', '..');
    if (targets.length > 1 || recursive) out += `${first ? '' : '\n'}${d}:\n`;
    first = false;
    if (recursive) {
      const subdirs = shown.filter((e) => e !== '.' && e !== '..' && ctx.fs.list(`${p === '/' ? '' : p}/${e}`) !== undefined);
      queue.unshift(...subdirs.map((e) => `${d.replace(/\/$/, '')}/${e}`));
    }
    if (long) {
      const child = (e: string) => (e === '.' ? p : e === '..' ? p.slice(0, p.lastIndexOf('/')) || '/' : `${p === '/' ? '' : p}/${e}`);
      const blocks = shown.reduce(
        (sum, e) => sum + Math.ceil(Buffer.byteLength(ctx.fs.read(child(e)) ?? (ctx.fs.list(child(e)) ? 'x'.repeat(4096) : '')) / 4096) * 4,
        0,
      );
      out += `total ${blocks}\n`;
      for (const e of shown) out += longLine(ctx, e, child(e), e);
    } else for (const e of shown) out += `${e}\n`;
  }
  await ctx.stdout.write(out);
  return status;
};

const mkdir: Utility = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args, 'pm', 'mkdir');
  if (operands.length === 0) throw new CommandError('mkdir: missing operand', 1);
  let status = 0;
  for (const a of operands) {
    const p = ctx.resolve(a);
    const fail = async (why: string) => {
      await ctx.stderr.write(`mkdir: can't create directory '${a}': ${why}\n`);
      status = 1;
    };
    if (ctx.fs.list(p) !== undefined) {
      if (!flags.has('p')) await fail('File exists');
      continue;
    }
    if (ctx.fs.read(p) !== undefined) {
      await fail('File exists');
      continue;
    }
    const parents: string[] = [];
    for (let q = p.slice(0, p.lastIndexOf('/')) || '/'; ctx.fs.list(q) === undefined; q = q.slice(0, q.lastIndexOf('/')) || '/') parents.unshift(q);
    if (parents.length && !flags.has('p')) {
      await fail('No such file or directory');
      continue;
    }
    const made = [...parents, p].every((d) => (ctx.fs.mkdir ? ctx.fs.mkdir(d) : ctx.fs.write(`${d}/.keep`, '', true)));
    if (!made) await fail('Read-only file system');
  }
  return status;
};

const touch: Utility = async (ctx) => {
  const { operands } = parseFlags(ctx.args, 'c', 'touch');
  for (const a of operands) {
    const p = ctx.resolve(a);
    if (ctx.fs.read(p) !== undefined || ctx.fs.list(p) !== undefined) continue;
    if (!ctx.fs.write(p, '', true)) throw new CommandError(`touch: ${a}: Read-only file system`, 1);
  }
  return 0;
};

const rm: Utility = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args, 'rRfi', 'rm');
  const force = flags.has('f');
  const recursive = flags.has('r') || flags.has('R');
  let status = 0;
  const removeTree = (p: string): boolean => {
    for (const e of ctx.fs.list(p) ?? []) {
      const c = `${p === '/' ? '' : p}/${e}`;
      if (!(ctx.fs.list(c) !== undefined ? removeTree(c) : ctx.fs.remove?.(c))) return false;
    }
    return ctx.fs.remove?.(p) ?? false;
  };
  for (const a of operands) {
    const p = ctx.resolve(a);
    const isDir = ctx.fs.list(p) !== undefined;
    if (!isDir && ctx.fs.read(p) === undefined) {
      if (!force) {
        await ctx.stderr.write(`rm: can't remove '${a}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (isDir && !recursive) {
      await ctx.stderr.write(`rm: '${a}' is a directory\n`);
      status = 1;
      continue;
    }
    if (!(isDir ? removeTree(p) : (ctx.fs.remove?.(p) ?? false))) {
      await ctx.stderr.write(`rm: can't remove '${a}': Read-only file system\n`);
      status = 1;
    }
  }
  return status;
};

const TEMP_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const mktemp: Utility = async (ctx) => {
  const args = [...ctx.args];
  let dir = false;
  let dry = false;
  let base: string | undefined;
  let template: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-p') base = args[++i];
    else if (/^-[dqut]+$/.test(a)) {
      dir ||= a.includes('d');
      dry ||= a.includes('u');
      if (a.includes('t')) base ??= ctx.env.get('TMPDIR') || '/tmp';
    } else template = a;
  }
  const tpl = template ?? 'tmp.XXXXXX';
  if (!/XXXXXX$/.test(tpl)) throw new CommandError(`mktemp: invalid template '${tpl}'`, 1);
  const within = template === undefined || base !== undefined ? (base ?? ctx.env.get('TMPDIR') ?? '/tmp') : undefined;
  for (let attempt = 0; attempt < 100; attempt++) {
    const name = tpl.replace(/X+$/, (xs) => Array.from({ length: xs.length }, () => TEMP_CHARS[Math.floor(Math.random() * TEMP_CHARS.length)]).join(''));
    const shown = within ? `${within.replace(/\/$/, '')}/${name}` : name;
    const p = ctx.resolve(shown);
    if (ctx.fs.read(p) !== undefined || ctx.fs.list(p) !== undefined) continue;
    const made = dry || (dir ? (ctx.fs.mkdir ? ctx.fs.mkdir(p) : ctx.fs.write(`${p}/.keep`, '', true)) : ctx.fs.write(p, '', false));
    if (!made) throw new CommandError(`mktemp: (null): Read-only file system`, 1);
    await ctx.stdout.write(`${shown}\n`);
    return 0;
  }
  throw new CommandError('mktemp: (null): File exists', 1);
};

export const fileUtilities: Record<string, Utility> = { cat, ls, mkdir, touch, rm, mktemp };
