// Shell arithmetic, `$((…))`: integers with C precedence, comparisons, `&&`/`||`, assignment and `++`/`--`.
import { CommandError } from './errors.js';

/** Integer arithmetic of $((…)): + - * / % comparisons, && ||, parentheses, assignment and ++/--. */
export function evalArith(expr: string, get: (name: string) => number, set: (name: string, v: number) => void): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\+\+|--|[<>=!]=|&&|\|\||[-+*/%()<>=!]/g) ?? [];
  if (toks.join('').length !== expr.replace(/\s+/g, '').length) throw new CommandError(`sh: arithmetic syntax error`, 2);
  let i = 0;
  const peek = () => toks[i];
  const primary = (): number => {
    const t = toks[i++];
    if (t === undefined) throw new CommandError('sh: arithmetic syntax error', 2);
    if (t === '(') {
      const v = assign();
      i++;
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (t === '++' || t === '--') {
      const n = toks[i++];
      const v = get(n) + (t === '++' ? 1 : -1);
      set(n, v);
      return v;
    }
    if (/^\d/.test(t)) return Number(t);
    if (peek() === '++' || peek() === '--') {
      const v = get(t);
      set(t, v + (toks[i++] === '++' ? 1 : -1));
      return v;
    }
    return get(t);
  };
  const levels: string[][] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];
  const binary = (level: number): number => {
    if (level === levels.length) return primary();
    let left = binary(level + 1);
    while (levels[level].includes(peek())) {
      const op = toks[i++];
      const right = binary(level + 1);
      switch (op) {
        case '||':
          left = left || right ? 1 : 0;
          break;
        case '&&':
          left = left && right ? 1 : 0;
          break;
        case '==':
          left = left === right ? 1 : 0;
          break;
        case '!=':
          left = left !== right ? 1 : 0;
          break;
        case '<':
          left = left < right ? 1 : 0;
          break;
        case '>':
          left = left > right ? 1 : 0;
          break;
        case '<=':
          left = left <= right ? 1 : 0;
          break;
        case '>=':
          left = left >= right ? 1 : 0;
          break;
        case '+':
          left += right;
          break;
        case '-':
          left -= right;
          break;
        case '*':
          left *= right;
          break;
        case '/':
        case '%':
          if (right === 0) throw new CommandError('sh: arithmetic error: divide by zero', 2);
          left = op === '/' ? Math.trunc(left / right) : left % right;
          break;
      }
    }
    return left;
  };
  const assign = (): number => {
    if (/^[A-Za-z_]/.test(toks[i] ?? '') && toks[i + 1] === '=') {
      const n = toks[i];
      i += 2;
      const v = assign();
      set(n, v);
      return v;
    }
    return binary(0);
  };
  const v = assign();
  if (i < toks.length) throw new CommandError('sh: arithmetic syntax error', 2);
  return v;
}
