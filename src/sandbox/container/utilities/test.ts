// `test EXPR` and `[ EXPR ]`: string tests (-z -n = != ), integer comparisons (-eq -ne -lt -le -gt -ge), file
// tests (-e -f -d -s -r -w -x) with `!`, `-a`, `-o` and parentheses, as busybox's test evaluates them.
import { CommandError } from '../errors.js';
import type { Utility, UtilityContext } from './registry.js';

function evaluate(args: string[], ctx: UtilityContext, name: string): boolean {
  const { fs } = ctx;
  const file = (p: string) => fs.read(ctx.resolve(p));
  const dir = (p: string) => p !== '' && fs.list(ctx.resolve(p)) !== undefined;
  const unary = (op: string, v: string): boolean | undefined => {
    switch (op) {
      case '-z':
        return v.length === 0;
      case '-n':
        return v.length > 0;
      case '-e':
      case '-r':
        return file(v) !== undefined || dir(v);
      case '-w':
        return file(v) !== undefined ? fs.write(ctx.resolve(v), '', true) : dir(v);
      case '-x':
        return dir(v);
      case '-f':
        return file(v) !== undefined;
      case '-s':
        return (file(v) ?? '').length > 0 || dir(v);
      case '-d':
        return dir(v);
      case '-h':
      case '-L':
        return false;
      default:
        return undefined;
    }
  };
  const int = (v: string) => {
    if (!/^\s*-?\d+\s*$/.test(v)) throw new CommandError(`${name}: ${v}: bad number`, 2);
    return Number(v);
  };
  const binary = (l: string, op: string, r: string): boolean | undefined => {
    switch (op) {
      case '=':
      case '==':
        return l === r;
      case '!=':
        return l !== r;
      case '<':
        return l < r;
      case '>':
        return l > r;
      case '-eq':
        return int(l) === int(r);
      case '-ne':
        return int(l) !== int(r);
      case '-lt':
        return int(l) < int(r);
      case '-le':
        return int(l) <= int(r);
      case '-gt':
        return int(l) > int(r);
      case '-ge':
        return int(l) >= int(r);
      default:
        return undefined;
    }
  };
  const simple = (a: string[]): boolean => {
    if (a.length === 0) return false;
    if (a.length === 1) return a[0].length > 0;
    if (a.length === 3) {
      const b = binary(a[0], a[1], a[2]);
      if (b !== undefined) return b;
    }
    if (a[0] === '!') return !simple(a.slice(1));
    if (a[0] === '(' && a[a.length - 1] === ')') return expr(a.slice(1, -1));
    if (a.length === 2) {
      const r = unary(a[0], a[1]);
      if (r === undefined) throw new CommandError(`${name}: ${a[0]}: unknown operand`, 2);
      return r;
    }
    throw new CommandError(`${name}: syntax error`, 2);
  };
  const expr = (a: string[]): boolean => {
    // -o binds looser than -a; a lone operator word (`[ -a ]`, `[ = = = ]`) is an operand.
    if (a.length > 3 || (a.length === 3 && binary(a[0], a[1], a[2]) === undefined)) {
      const or = a.indexOf('-o', 1);
      if (or > 0 && or < a.length - 1) return expr(a.slice(0, or)) || expr(a.slice(or + 1));
      const and = a.indexOf('-a', 1);
      if (and > 0 && and < a.length - 1) return expr(a.slice(0, and)) && expr(a.slice(and + 1));
    }
    return simple(a);
  };
  return expr(args);
}

export const testUtilities: Record<string, Utility> = {
  test: async (ctx) => (evaluate(ctx.args, ctx, 'sh') ? 0 : 1),
  '[': async (ctx) => {
    if (ctx.args[ctx.args.length - 1] !== ']') throw new CommandError('[: missing ]', 2);
    return evaluate(ctx.args.slice(0, -1), ctx, 'sh') ? 0 : 1;
  },
};
