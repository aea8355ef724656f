// Text filters: head, tail (with -f), wc, grep, cut, tr, sort, uniq, sed (a small subset) and base64, with the
// options and output formats of busybox. Filters that can work line by line stream: `head -n1` stops reading
// (the writer before it in a pipeline then gets a broken pipe) and `grep` passes each line on as it comes.
import { CommandError } from '../errors.js';
import { discard } from '../streams.js';
import { parseFlags } from './files.js';
import { inputs, readInputs, splitLines } from './inputs.js';
import { posixRegExp } from './regex.js';
import type { Utility, UtilityContext } from './registry.js';

/** A count option's value: `-n 5`, `-n5`, `-5`; `+N` (from line N) is kept as a string. */
function countArgs(ctx: UtilityContext, extra: string): { n: string; bytes?: string; follow: boolean; files: string[]; quiet: boolean } {
  let n = '10';
  let bytes: string | undefined;
  let follow = false;
  let quiet = false;
  const files: string[] = [];
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n' || a === '-c') {
      if (args[i + 1] === undefined) throw new CommandError(`${ctx.name}: option requires an argument -- ${a[1]}`, 1);
      if (a === '-n') n = args[++i];
      else bytes = args[++i];
    } else if (/^-n[+-]?\d+$/.test(a)) n = a.slice(2);
    else if (/^-c[+-]?\d+$/.test(a)) bytes = a.slice(2);
    else if (/^-\d+$/.test(a)) n = a.slice(1);
    else if (/^-[fFqv]+$/.test(a) && extra.includes('f')) {
      follow ||= /[fF]/.test(a);
      quiet ||= a.includes('q');
    } else if (a === '-q') quiet = true;
    else files.push(a);
  }
  for (const v of [n, bytes]) if (v !== undefined && !/^[+-]?\d+$/.test(v)) throw new CommandError(`${ctx.name}: invalid number '${v}'`, 1);
  return { n, bytes, follow, files, quiet };
}

const head: Utility = async (ctx) => {
  const { n, bytes, files, quiet } = countArgs(ctx, '');
  const all = inputs(ctx, files);
  let first = true;
  for await (const { name, input } of all.each()) {
    if (files.length > 1 && !quiet) await ctx.stdout.write(`${first ? '' : '\n'}==> ${name} <==\n`);
    first = false;
    if (bytes !== undefined) {
      const text = Buffer.from(await input.readAll());
      await ctx.stdout.write(text.subarray(0, Math.abs(Number(bytes))).toString('utf8'));
      continue;
    }
    let left = Math.abs(Number(n));
    while (left-- > 0) {
      const line = await input.readLine();
      if (line === null) break;
      await ctx.stdout.write(line);
    }
  }
  return all.status;
};

const tail: Utility = async (ctx) => {
  const { n, bytes, follow, files, quiet } = countArgs(ctx, 'f');
  const pick = (text: string): string => {
    if (bytes !== undefined) {
      const buf = Buffer.from(text);
      // -c +N starts at byte N (counted from 1; +0 is the start too, as GNU tail reads it).
      const from = bytes.startsWith('+') ? Math.max(0, Number(bytes) - 1) : Math.max(0, buf.length - Math.abs(Number(bytes)));
      return buf.subarray(from).toString('utf8');
    }
    const lines = text.split(/(?<=\n)/);
    if (n.startsWith('+')) return lines.slice(Math.max(0, Number(n) - 1)).join('');
    const k = Math.abs(Number(n));
    return k === 0 ? '' : lines.slice(-k).join('');
  };
  const all = inputs(ctx, files);
  let first = true;
  const seen = new Map<string, number>();
  for await (const { name, input } of all.each()) {
    if (files.length > 1 && !quiet) await ctx.stdout.write(`${first ? '' : '\n'}==> ${name} <==\n`);
    first = false;
    const text = await input.readAll();
    await ctx.stdout.write(pick(text));
    if (name !== '(standard input)') seen.set(name, text.length);
  }
  if (!follow || seen.size === 0) return all.status;
  // -f: follow the files as they grow, checking once a second, until the container is killed.
  let last = [...seen.keys()].pop();
  for (;;) {
    await ctx.sleep(1000);
    for (const [name, size] of seen) {
      const now = ctx.fs.read(ctx.resolve(name));
      if (now === undefined || now.length === size) continue;
      if (now.length < size) await ctx.stderr.write(`tail: ${name}: file truncated\n`);
      if (seen.size > 1 && name !== last && !quiet) await ctx.stdout.write(`\n==> ${name} <==\n`);
      last = name;
      await ctx.stdout.write(now.length < size ? now : now.slice(size));
      seen.set(name, now.length);
    }
  }
};

const wc: Utility = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args, 'lwcmL', 'wc');
  const want = flags.size ? ['l', 'w', 'm', 'c', 'L'].filter((f) => flags.has(f)) : ['l', 'w', 'c'];
  const all = inputs(ctx, operands);
  const totals: Record<string, number> = { l: 0, w: 0, m: 0, c: 0, L: 0 };
  let out = '';
  const line = (counts: Record<string, number>, name: string | undefined) => {
    // busybox: one count for one input is printed bare; otherwise each is right-aligned in 9 columns.
    const single = want.length === 1 && operands.length <= 1;
    const cols = want.map((f, i) => (single ? String(counts[f]) : `${i ? ' ' : ''}${String(counts[f]).padStart(9)}`)).join('');
    return `${cols}${name === undefined ? '' : ` ${name}`}\n`;
  };
  for await (const { name, input } of all.each()) {
    const text = await input.readAll();
    const counts = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      m: [...text].length,
      c: Buffer.byteLength(text),
      L: Math.max(0, ...text.split('\n').map((l) => l.length)),
    };
    for (const k of Object.keys(totals)) totals[k] = k === 'L' ? Math.max(totals[k], counts[k as 'L']) : totals[k] + counts[k as 'l'];
    out += line(counts, operands.length ? name : undefined);
  }
  if (operands.length > 1) out += line(totals, 'total');
  await ctx.stdout.write(out);
  return all.status;
};

const grep: Utility = async (ctx) => {
  const opts = { v: false, i: false, c: false, q: false, n: false, l: false, o: false, w: false, x: false, h: false, H: false, s: false, E: false, F: false };
  const patterns: string[] = [];
  const rest: string[] = [];
  const args = ctx.args;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-e') patterns.push(args[++k] ?? '');
    else if (a === '--') {
      rest.push(...args.slice(k + 1));
      break;
    } else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (f === 'r' || f === 'R') throw new CommandError('grep: recursive search is not simulated', 2);
        if (!(f in opts)) throw new CommandError(`grep: unrecognized option: ${f}`, 2);
        opts[f as keyof typeof opts] = true;
      }
    } else rest.push(a);
  }
  if (patterns.length === 0) {
    if (rest.length === 0) throw new CommandError('Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...', 2);
    patterns.push(rest.shift() as string);
  }
  const res = patterns
    .flatMap((p) => p.split('\n'))
    .map((p) => {
      let src = posixRegExp(p, { extended: opts.E, fixed: opts.F }, 'grep').source;
      if (opts.w) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
      if (opts.x) src = `^(?:${src})$`;
      return new RegExp(src, opts.i ? 'gi' : 'g');
    });
  const prefixNames = opts.H || (rest.length > 1 && !opts.h);
  const all = inputs(opts.s ? { ...ctx, stderr: discard } : ctx, rest);
  let matchedAny = false;
  for await (const { name, input } of all.each()) {
    let count = 0;
    let no = 0;
    for await (const raw of input.lines()) {
      no++;
      const text = raw.replace(/\n$/, '');
      const hit = res.some((re) => ((re.lastIndex = 0), re.test(text))) !== opts.v;
      if (!hit) continue;
      count++;
      matchedAny = true;
      if (opts.q) return 0;
      if (opts.l) break;
      if (opts.c) continue;
      const lead = `${prefixNames ? `${name}:` : ''}${opts.n ? `${no}:` : ''}`;
      if (opts.o && !opts.v) {
        for (const re of res) {
          re.lastIndex = 0;
          for (const m of text.matchAll(re)) if (m[0]) await ctx.stdout.write(`${lead}${m[0]}\n`);
        }
      } else await ctx.stdout.write(`${lead}${text}\n`);
    }
    if (opts.l && count) await ctx.stdout.write(`${name}\n`);
    else if (opts.c) await ctx.stdout.write(`${prefixNames ? `${name}:` : ''}${count}\n`);
  }
  if (all.status) return 2;
  return matchedAny ? 0 : 1;
};

/** A cut list (`1,3-5,7-`) as a membership test of 1-based positions. */
function cutList(spec: string): (n: number) => boolean {
  const ranges = spec.split(',').map((r) => {
    if (!/^(\d+|\d*-\d*)$/.test(r) || r === '-') throw new CommandError(`cut: invalid byte, character or field list`, 1);
    const [lo, hi] = r.includes('-') ? r.split('-').map((x) => (x === '' ? undefined : Number(x))) : [Number(r), Number(r)];
    return [lo ?? 1, hi ?? Infinity] as const;
  });
  return (n) => ranges.some(([lo, hi]) => n >= lo && n <= hi);
}

const cut: Utility = async (ctx) => {
  let delim = '\t';
  let fields: string | undefined;
  let chars: string | undefined;
  let onlyDelimited = false;
  const files: string[] = [];
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-d') delim = args[++i] ?? '';
    else if (a.startsWith('-d')) delim = a.slice(2);
    else if (a === '-f') fields = args[++i];
    else if (a.startsWith('-f')) fields = a.slice(2);
    else if (a === '-c' || a === '-b') chars = args[++i];
    else if (a.startsWith('-c') || a.startsWith('-b')) chars = a.slice(2);
    else if (a === '-s') onlyDelimited = true;
    else files.push(a);
  }
  const spec = fields ?? chars;
  if (!spec) throw new CommandError('cut: expected a list of bytes, characters, or fields', 1);
  if (fields !== undefined && delim.length !== 1) throw new CommandError('cut: the delimiter must be a single character', 1);
  const wanted = cutList(spec);
  const all = inputs(ctx, files);
  for await (const { input } of all.each()) {
    for await (const raw of input.lines()) {
      const l = raw.replace(/\n$/, '');
      if (chars !== undefined) {
        await ctx.stdout.write(`${[...l].filter((_c, i) => wanted(i + 1)).join('')}\n`);
        continue;
      }
      const parts = l.split(delim);
      if (parts.length === 1) {
        if (!onlyDelimited) await ctx.stdout.write(`${l}\n`);
        continue;
      }
      await ctx.stdout.write(`${parts.filter((_p, i) => wanted(i + 1)).join(delim)}\n`);
    }
  }
  return all.status;
};

const TR_CLASSES: Record<string, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  xdigit: '0123456789ABCDEFabcdef',
};

/** A tr SET with its escapes, ranges and [:classes:] written out. */
function trSet(set: string): string {
  let out = '';
  const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', f: '\f', v: '\v', a: '\x07', b: '\b' };
  const chars: string[] = [];
  for (let i = 0; i < set.length; i++) {
    const m = /^\[:([a-z]+):\]/.exec(set.slice(i));
    if (m && TR_CLASSES[m[1]]) {
      chars.push(...TR_CLASSES[m[1]]);
      i += m[0].length - 1;
    } else if (set[i] === '\\' && i + 1 < set.length) {
      const o = /^[0-7]{1,3}/.exec(set.slice(i + 1));
      if (o) {
        chars.push(String.fromCharCode(parseInt(o[0], 8)));
        i += o[0].length;
      } else chars.push(esc[set[++i]] ?? set[i]);
    } else chars.push(set[i]);
  }
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length && set.indexOf(`${chars[i]}-`) >= 0) {
      for (let c = chars[i].charCodeAt(0); c <= chars[i + 2].charCodeAt(0); c++) out += String.fromCharCode(c);
      i += 2;
    } else out += chars[i];
  }
  return out;
}

const tr: Utility = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args, 'dscC', 'tr');
  const del = flags.has('d');
  const squeeze = flags.has('s');
  if (operands.length === 0 || (!del && !squeeze && operands.length < 2)) throw new CommandError('tr: missing operand', 1);
  const from = trSet(operands[0]);
  const to = trSet(operands[1] ?? '');
  const complement = flags.has('c') || flags.has('C');
  const inFrom = (ch: string) => from.includes(ch) !== complement;
  const squeezeSet = del ? to : operands.length > 1 ? to : from;
  let last = '';
  for (let t = await ctx.stdin.read(); t !== null; t = await ctx.stdin.read()) {
    let out = '';
    for (const ch of t) {
      let c: string | undefined = ch;
      if (inFrom(ch)) {
        if (del) c = undefined;
        else if (operands.length > 1) c = complement ? to[to.length - 1] : (to[Math.min(from.indexOf(ch), to.length - 1)] ?? '');
      }
      if (c === undefined) continue;
      if (squeeze && c === last && squeezeSet.includes(c)) continue;
      out += c;
      last = c;
    }
    await ctx.stdout.write(out);
  }
  return 0;
};

const sort: Utility = async (ctx) => {
  let reverse = false;
  let numeric = false;
  let unique = false;
  let fold = false;
  let key: number | undefined;
  let sep: string | undefined;
  const files: string[] = [];
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-k') key = parseInt(args[++i] ?? '', 10);
    else if (/^-k\d/.test(a)) key = parseInt(a.slice(2), 10);
    else if (a === '-t') sep = args[++i];
    else if (/^-t./.test(a)) sep = a.slice(2);
    else if (/^-[rnufb]+$/.test(a)) {
      reverse ||= a.includes('r');
      numeric ||= a.includes('n');
      unique ||= a.includes('u');
      fold ||= a.includes('f');
    } else files.push(a);
  }
  const { text, status } = await readInputs(ctx, files);
  const keyOf = (l: string) => {
    if (key === undefined) return l;
    const parts = sep === undefined ? l.trim().split(/\s+/) : l.split(sep);
    return parts.slice(key - 1).join(sep ?? ' ');
  };
  const num = (s: string) => {
    const m = /^\s*(-?\d+(?:\.\d*)?)/.exec(s);
    return m ? Number(m[1]) : 0;
  };
  const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const compare = (a: string, b: string) => {
    const ka = fold ? keyOf(a).toUpperCase() : keyOf(a);
    const kb = fold ? keyOf(b).toUpperCase() : keyOf(b);
    const primary = numeric ? num(ka) - num(kb) : cmpText(ka, kb);
    // Equal keys fall back to the whole line, as coreutils and busybox do without -s.
    return primary || (unique ? 0 : cmpText(a, b));
  };
  let lines = splitLines(text).sort(compare);
  if (reverse) lines.reverse();
  if (unique) lines = lines.filter((l, i) => i === 0 || compare(lines[i - 1], l) !== 0);
  await ctx.stdout.write(lines.map((l) => `${l}\n`).join(''));
  return status;
};

const uniq: Utility = async (ctx) => {
  const { flags, operands } = parseFlags(ctx.args, 'cdui', 'uniq');
  const { text, status } = await readInputs(ctx, operands.slice(0, 1));
  let out = '';
  const lines = splitLines(text);
  const same = (a: string, b: string) => (flags.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b);
  for (let i = 0; i < lines.length; ) {
    let j = i + 1;
    while (j < lines.length && same(lines[i], lines[j])) j++;
    const n = j - i;
    if (!(flags.has('d') && n === 1) && !(flags.has('u') && n > 1)) out += flags.has('c') ? `${String(n).padStart(7)} ${lines[i]}\n` : `${lines[i]}\n`;
    i = j;
  }
  await ctx.stdout.write(out);
  return status;
};

const base64: Utility = async (ctx) => {
  let decode = false;
  let wrap = 76;
  const files: string[] = [];
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i];
    if (a === '-d' || a === '--decode') decode = true;
    else if (a === '-w') wrap = Number(ctx.args[++i]);
    else if (/^-w\d+$/.test(a)) wrap = Number(a.slice(2));
    else if (a === '-i') continue;
    else files.push(a);
  }
  const { text: input, status } = await readInputs(ctx, files.slice(0, 1));
  if (status) return status;
  if (decode) {
    const clean = input.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
      await ctx.stdout.write(Buffer.from(clean.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('utf8'));
      throw new CommandError('base64: invalid input', 1);
    }
    await ctx.stdout.write(Buffer.from(clean, 'base64').toString('utf8'));
    return 0;
  }
  const encoded = Buffer.from(input).toString('base64');
  const lines = wrap > 0 ? (encoded.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []) : [encoded];
  // -w 0: one line without a newline at the end, as coreutils prints it.
  await ctx.stdout.write(wrap > 0 ? (lines.length ? `${lines.join('\n')}\n` : '') : encoded);
  return 0;
};

// ------------------------------------------------------------------ sed

type SedAddress = { line: number } | { last: true } | { re: RegExp };
type SedCommand = {
  from?: SedAddress;
  to?: SedAddress;
  negate: boolean;
  cmd: 's' | 'p' | 'd' | 'q' | '=';
  re?: RegExp;
  replacement?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
};

/** Parses the sed subset: addresses (N, $, /re/, ranges, !), and s///[gpNi], p, d, q, =; `;` or newlines between. */
function parseSed(script: string, extended: boolean): SedCommand[] {
  const cmds: SedCommand[] = [];
  let i = 0;
  const bad = (what: string): never => {
    throw new CommandError(`sed: -e expression #1, char ${i + 1}: ${what}`, 1);
  };
  /**
   * Text up to the unescaped delimiter `d`, with `\d` unescaped. In a regex, a bracket expression is taken
   * whole: the delimiter is literal inside it (`s/\\(["/]\)/x/`), as in GNU and busybox sed.
   */
  const delimited = (d: string, regex = false): string => {
    let out = '';
    for (; i < script.length && script[i] !== d; i++) {
      if (regex && script[i] === '[') {
        let j = i + 1;
        if (script[j] === '^') j++;
        if (script[j] === ']') j++;
        for (; j < script.length && script[j] !== ']'; j++)
          if (script[j] === '[' && /[:.=]/.test(script[j + 1] ?? '')) j = Math.max(j, script.indexOf(`${script[j + 1]}]`, j + 2) + 1);
        if (j < script.length) {
          out += script.slice(i, j + 1);
          i = j;
          continue;
        }
      }
      if (script[i] === '\\' && script[i + 1] === d) out += script[++i];
      else if (script[i] === '\\' && i + 1 < script.length) out += script[i] + script[++i];
      else if (script[i] === '\n') bad("unterminated `s' command");
      else out += script[i];
    }
    if (i >= script.length) bad("unterminated `s' command");
    i++;
    return out;
  };
  const address = (): SedAddress | undefined => {
    if (/\d/.test(script[i] ?? '')) {
      const m = /^\d+/.exec(script.slice(i)) as RegExpExecArray;
      i += m[0].length;
      return { line: Number(m[0]) };
    }
    if (script[i] === '$') {
      i++;
      return { last: true };
    }
    if (script[i] === '/' || script[i] === '\\') {
      const d = script[i] === '\\' ? script[++i] : '/';
      i++;
      return { re: posixRegExp(delimited(d, true), { extended }, 'sed') };
    }
    return undefined;
  };
  while (i < script.length) {
    while (/[\s;]/.test(script[i] ?? '')) i++;
    if (i >= script.length) break;
    const c: SedCommand = { negate: false, cmd: 'p' };
    c.from = address();
    if (c.from && script[i] === ',') {
      i++;
      c.to = address() ?? bad("unexpected `,'");
    }
    while (script[i] === ' ') i++;
    if (script[i] === '!') {
      c.negate = true;
      i++;
    }
    const op = script[i++];
    if (op === 's') {
      const d = script[i++];
      if (!d || d === '\n' || d === '\\') bad("unterminated `s' command");
      const re = delimited(d, true);
      c.replacement = delimited(d);
      let flags = '';
      while (/[gpiI0-9]/.test(script[i] ?? '')) flags += script[i++];
      c.global = flags.includes('g');
      c.print = flags.includes('p');
      c.nth = /\d+/.exec(flags) ? Number(/\d+/.exec(flags)?.[0]) : undefined;
      c.re = posixRegExp(re, { extended, ignoreCase: /[iI]/.test(flags), global: true }, 'sed');
      c.cmd = 's';
    } else if (op === 'p' || op === 'd' || op === 'q' || op === '=') c.cmd = op;
    else bad(`unknown command: \`${op ?? ''}'`);
    while (script[i] === ' ') i++;
    if (i < script.length && !/[;\n}]/.test(script[i])) bad(`extra characters after command`);
    cmds.push(c);
  }
  return cmds;
}

/** A sed replacement for one match: `&`, `\1`…`\9`, `\n`, `\t`, `\\`. */
function sedReplacement(rep: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const ch = rep[i];
    if (ch === '&') out += m[0];
    else if (ch === '\\' && i + 1 < rep.length) {
      const n = rep[++i];
      out += /[0-9]/.test(n) ? (m[Number(n)] ?? '') : n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else out += ch;
  }
  return out;
}

const sed: Utility = async (ctx) => {
  let quiet = false;
  let extended = false;
  const scripts: string[] = [];
  const files: string[] = [];
  const args = ctx.args;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-e') scripts.push(args[++k] ?? '');
    else if (a === '-i' || a.startsWith('-i')) throw new CommandError('sed: in-place editing (-i) is not simulated', 1);
    else if (/^-[nEr]+$/.test(a)) {
      quiet ||= a.includes('n');
      extended ||= /[Er]/.test(a);
    } else if (a.startsWith('-') && a !== '-') throw new CommandError(`sed: unrecognized option: ${a.slice(1)}`, 1);
    else files.push(a);
  }
  if (scripts.length === 0) {
    if (files.length === 0) throw new CommandError('Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...', 1);
    scripts.push(files.shift() as string);
  }
  const cmds = parseSed(scripts.join('\n'), extended);
  const active = new Map<SedCommand, boolean>();
  const all = inputs(ctx, files);
  // Lines are read one ahead so that `$` knows the last line of the last input.
  const lines = (async function* () {
    for await (const { input } of all.each()) yield* input.lines();
  })();
  let lineNo = 0;
  let next = await lines.next();
  while (!next.done) {
    const raw = next.value;
    next = await lines.next();
    const isLast = next.done === true;
    lineNo++;
    let text = raw.replace(/\n$/, '');
    const newline = raw.endsWith('\n') ? '\n' : '';
    const matches = (a: SedAddress) => ('line' in a ? a.line === lineNo : 'last' in a ? isLast : ((a.re.lastIndex = 0), a.re.test(text)));
    let deleted = false;
    let quit = false;
    let out = '';
    for (const c of cmds) {
      let selected: boolean;
      if (!c.from) selected = true;
      else if (!c.to) selected = matches(c.from);
      else if (active.get(c)) {
        selected = true;
        if ('line' in c.to ? lineNo >= c.to.line : matches(c.to)) active.set(c, false);
      } else if (matches(c.from)) {
        selected = true;
        active.set(c, !('line' in c.to && c.to.line <= lineNo));
      } else selected = false;
      if (selected === c.negate) continue;
      if (c.cmd === 'p') out += `${text}\n`;
      else if (c.cmd === '=') out += `${lineNo}\n`;
      else if (c.cmd === 'd') {
        deleted = true;
        break;
      } else if (c.cmd === 'q') {
        quit = true;
        break;
      } else {
        const re = c.re as RegExp;
        re.lastIndex = 0;
        let result = '';
        let pos = 0;
        let count = 0;
        let replaced = false;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          count++;
          const take = c.nth ? count === c.nth || (c.global && count > c.nth) : true;
          if (take) {
            result += text.slice(pos, m.index) + sedReplacement(c.replacement as string, m);
            pos = m.index + m[0].length;
            replaced = true;
            if (!c.global) break;
          }
          if (m[0] === '') re.lastIndex++;
        }
        if (replaced) {
          text = result + text.slice(pos);
          if (c.print) out += `${text}\n`;
        }
      }
    }
    if (!deleted && !quiet) out += `${text}${newline}`;
    await ctx.stdout.write(out);
    if (quit) break;
  }
  return all.status;
};

export const textUtilities: Record<string, Utility> = { head, tail, wc, grep, cut, tr, sort, uniq, base64, sed };
