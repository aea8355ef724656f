// Utilities about the process and its machine: true/false, sleep, date, hostname, uname, id/whoami, env and
// printenv, seq, yes, pwd, basename, dirname.
import { CommandError } from '../errors.js';
import { quick } from './quick.js';
import type { Utility } from './registry.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** strftime for `date +FORMAT` (UTC: containers have no TZ set). */
export function formatDate(d: Date, format = '%a %b %e %H:%M:%S %Z %Y'): string {
  return format.replace(/%([a-zA-Z%])/g, (m, f: string) => {
    switch (f) {
      case 'a':
        return WEEKDAYS[d.getUTCDay()];
      case 'b':
      case 'h':
        return MONTHS[d.getUTCMonth()];
      case 'd':
        return pad(d.getUTCDate());
      case 'e':
        return String(d.getUTCDate()).padStart(2, ' ');
      case 'H':
        return pad(d.getUTCHours());
      case 'M':
        return pad(d.getUTCMinutes());
      case 'S':
        return pad(d.getUTCSeconds());
      case 'Y':
        return String(d.getUTCFullYear());
      case 'y':
        return pad(d.getUTCFullYear() % 100);
      case 'm':
        return pad(d.getUTCMonth() + 1);
      case 'j':
        return pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1, 3);
      case 's':
        return String(Math.floor(d.getTime() / 1000));
      case 'N':
        return pad(d.getUTCMilliseconds(), 3) + '000000';
      case 'T':
        return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      case 'F':
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      case 'D':
        return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear() % 100)}`;
      case 'R':
        return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        return m;
    }
  });
}

/** `sleep` durations: seconds with optional fraction and s/m/h/d suffix, or `infinity`. */
export function sleepMs(args: string[]): number {
  if (args.length === 0) throw new CommandError('sleep: missing operand', 1);
  let total = 0;
  for (const a of args) {
    if (a === 'infinity' || a === 'inf') return Infinity;
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) throw new CommandError(`sleep: invalid number '${a}'`, 1);
    total += Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'] * 1000;
  }
  return total;
}

const succeed = quick(() => 0);

const printenv: Utility = async ({ args, env, stdout }) => {
  const names = args.filter((a) => !a.startsWith('-'));
  if (names.length === 0) {
    for (const [key, v] of env) await stdout.write(`${key}=${v}\n`);
    return 0;
  }
  let status = 0;
  for (const n of names) {
    const v = env.get(n);
    if (v === undefined) status = 1;
    else await stdout.write(`${v}\n`);
  }
  return status;
};

export const systemUtilities: Record<string, Utility> = {
  ':': succeed,
  true: succeed,
  false: quick(() => 1),
  sleep: async (ctx) => {
    await ctx.sleep(sleepMs(ctx.args));
    return 0;
  },
  date: async ({ args, now, stdout }) => {
    const fmt = args.find((a) => a.startsWith('+'));
    await stdout.write(`${formatDate(now(), fmt ? fmt.slice(1) : undefined)}\n`);
    return 0;
  },
  hostname: async ({ hostname, stdout }) => {
    await stdout.write(`${hostname}\n`);
    return 0;
  },
  uname: async ({ args, hostname, stdout }) => {
    if (args.includes('-a')) await stdout.write(`Linux ${hostname} 6.8.0-1017-gcp #19-Ubuntu SMP x86_64 GNU/Linux\n`);
    else if (args.includes('-r')) await stdout.write('6.8.0-1017-gcp\n');
    else if (args.includes('-m')) await stdout.write('x86_64\n');
    else if (args.includes('-n')) await stdout.write(`${hostname}\n`);
    else await stdout.write('Linux\n');
    return 0;
  },
  whoami: async ({ stdout }) => {
    await stdout.write('root\n');
    return 0;
  },
  id: async ({ stdout }) => {
    await stdout.write('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
    return 0;
  },
  printenv,
  /** env [-i] [NAME=VALUE]… [COMMAND ARGS…] */
  env: async (ctx) => {
    let k = 0;
    const extra = new Map(ctx.env);
    if (ctx.args[0] === '-i' || ctx.args[0] === '-') {
      extra.clear();
      k++;
    }
    for (; k < ctx.args.length && ctx.args[k].includes('='); k++) {
      const a = ctx.args[k];
      extra.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    }
    if (k < ctx.args.length) return ctx.run(ctx.args.slice(k), extra);
    for (const [key, v] of extra) await ctx.stdout.write(`${key}=${v}\n`);
    return 0;
  },
  seq: async ({ args, stdout, tick }) => {
    const nums = args.map(Number);
    const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : [nums[0], nums[1], nums[2]];
    if (nums.length === 0 || nums.some((n) => !Number.isFinite(n)) || step === 0) throw new CommandError('seq: invalid argument', 1);
    let out = '';
    for (let v = first; step > 0 ? v <= last : v >= last; v += step) {
      out += `${v}\n`;
      if (out.length >= 4096) {
        await stdout.write(out);
        out = '';
        await tick();
      }
    }
    await stdout.write(out);
    return 0;
  },
  yes: async ({ args, stdout, tick }) => {
    const line = `${args.length ? args.join(' ') : 'y'}\n`;
    // Whole buffers at a time, as yes writes them.
    const chunk = line.repeat(Math.max(1, Math.floor(4096 / line.length)));
    for (;;) {
      await stdout.write(chunk);
      await tick();
    }
  },
  pwd: async ({ cwd, stdout }) => {
    await stdout.write(`${cwd}\n`);
    return 0;
  },
  basename: async ({ args, stdout }) => {
    if (args.length === 0) throw new CommandError('basename: missing operand', 1);
    let b = args[0].replace(/\/+$/, '').split('/').pop() || (args[0].startsWith('/') ? '/' : '');
    if (args[1] && b !== args[1] && b.endsWith(args[1])) b = b.slice(0, -args[1].length);
    await stdout.write(`${b}\n`);
    return 0;
  },
  dirname: async ({ args, stdout }) => {
    if (args.length === 0) throw new CommandError('dirname: missing operand', 1);
    const p = args[0].replace(/\/+$/, '');
    await stdout.write(`${p.includes('/') ? p.slice(0, p.lastIndexOf('/')).replace(/\/+$/, '') || '/' : args[0].startsWith('/') ? '/' : '.'}\n`);
    return 0;
  },
};
