// echo and printf as busybox has them: `echo [-neE]`, and printf's format with flags, widths, precision and the
// conversions %s %b %c %d %i %u %x %X %o %f %e %g, repeated over extra arguments.
import { CommandError } from '../errors.js';
import { quick, written } from './quick.js';
import type { Utility } from './registry.js';

/** echo -e / printf %b escapes. Returns the text and whether `\c` stopped output. */
export function backslashEscapes(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      out += s[i];
      continue;
    }
    const c = s[++i];
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', e: '\x1b' };
    if (c in map) out += map[c];
    else if (c === 'c') return { text: out, stop: true };
    else if (c === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))?.[0] ?? '';
      out += String.fromCharCode(parseInt(m || '0', 8));
      i += m.length;
    } else out += `\\${c}`;
  }
  return { text: out, stop: false };
}

/** printf FORMAT [ARG…]: %s %d %i %x %o %f %c %b %q-less subset with flags and widths; the format repeats over extra args. */
export function printf(format: string, args: string[]): string {
  let out = '';
  let used = 0;
  do {
    let consumed = 0;
    const next = () => (used + consumed < args.length ? args[used + consumed++] : (consumed++, undefined));
    const { text: fmt } = { text: format };
    for (let i = 0; i < fmt.length; i++) {
      const ch = fmt[i];
      if (ch === '\\') {
        const { text } = backslashEscapes(fmt.slice(i, i + 2 + (fmt[i + 1] === '0' ? 3 : 0)));
        out += text;
        i += fmt[i + 1] === '0' ? 1 + (/^[0-7]{0,3}/.exec(fmt.slice(i + 2))?.[0].length ?? 0) : 1;
        continue;
      }
      if (ch !== '%') {
        out += ch;
        continue;
      }
      const m = /^%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdiouxXfFeEgGcb%])/.exec(fmt.slice(i));
      if (!m) {
        out += ch;
        continue;
      }
      i += m[0].length - 1;
      const [, flags, widthSpec, precision, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const width = widthSpec === '*' ? Number(next() ?? 0) : Number(widthSpec ?? 0);
      const arg = next();
      let s: string;
      switch (conv) {
        case 's':
          s = arg ?? '';
          if (precision !== undefined) s = s.slice(0, Number(precision));
          break;
        case 'b':
          s = backslashEscapes(arg ?? '').text;
          break;
        case 'c':
          s = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i': {
          const n = parseIntArg(arg);
          s = String(Math.abs(n));
          if (precision !== undefined) s = s.padStart(Number(precision), '0');
          s = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
          break;
        }
        case 'u':
          s = String(parseIntArg(arg));
          break;
        case 'x':
          s = parseIntArg(arg).toString(16);
          break;
        case 'X':
          s = parseIntArg(arg).toString(16).toUpperCase();
          break;
        case 'o':
          s = parseIntArg(arg).toString(8);
          break;
        case 'e':
        case 'E':
          s = Number(arg ?? 0)
            .toExponential(Number(precision ?? 6))
            .replace(/e([+-])(\d)$/, 'e$10$2');
          if (conv === 'E') s = s.toUpperCase();
          break;
        case 'g':
        case 'G':
          s = String(Number(Number(arg ?? 0).toPrecision(Number(precision ?? 6))));
          break;
        default:
          s = Number(arg ?? 0).toFixed(Number(precision ?? 6));
      }
      if (s.length < width) {
        if (flags.includes('-')) s = s.padEnd(width);
        else if (flags.includes('0') && /[diouxXfFeEgG]/.test(conv)) s = s.startsWith('-') ? `-${s.slice(1).padStart(width - 1, '0')}` : s.padStart(width, '0');
        else s = s.padStart(width);
      }
      out += s;
    }
    used += consumed;
    if (consumed === 0) break;
  } while (used < args.length);
  return out;
}

function parseIntArg(arg: string | undefined): number {
  if (arg === undefined || arg === '') return 0;
  if (/^'./.test(arg) || /^"./.test(arg)) return arg.charCodeAt(1);
  const n = Number(arg);
  if (!Number.isFinite(n)) throw new CommandError(`printf: invalid number '${arg}'`, 1);
  return Math.trunc(n);
}

function echoed(args: readonly string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    if (args[i].includes('n')) newline = false;
    if (args[i].includes('e')) escapes = true;
    if (args[i].includes('E')) escapes = false;
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const r = backslashEscapes(text);
    text = r.text;
    if (r.stop) newline = false;
  }
  return newline ? `${text}\n` : text;
}

/** What `echo` printed for literal arguments: one string for every run (a busy loop's log lines share it). */
const echoedLiterals = new WeakMap<readonly string[], string>();

const echo = quick((args, stdout, literal) => {
  let text = literal ? echoedLiterals.get(args) : undefined;
  if (text === undefined) {
    text = echoed(args);
    if (literal) echoedLiterals.set(args, text);
  }
  return written(stdout.write(text), 0);
});

export const printUtilities: Record<string, Utility> = {
  echo,
  printf: async ({ args, stdout }) => {
    if (args.length === 0) throw new CommandError('printf: usage: printf FORMAT [ARGUMENT]...', 2);
    await stdout.write(printf(args[0], args.slice(1)));
    return 0;
  },
};
