// POSIX regular expressions (basic and extended, as grep and sed take them) as JavaScript RegExps: BRE's
// `\( \) \{ \} \| \+ \?` become operators and their bare forms literals; bracket classes like [[:digit:]] map
// to their ASCII sets.
import { CommandError } from '../errors.js';

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
};

export function posixRegExp(pattern: string, opts: { extended: boolean; ignoreCase?: boolean; global?: boolean; fixed?: boolean }, who: string): RegExp {
  let src = '';
  if (opts.fixed) src = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  else {
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === '[') {
        // A bracket expression is copied with its classes translated; `]` first is a literal.
        let j = i + 1;
        let body = '';
        if (pattern[j] === '^') {
          body += '^';
          j++;
        }
        if (pattern[j] === ']') {
          body += '\\]';
          j++;
        }
        for (; j < pattern.length && pattern[j] !== ']'; j++) {
          const m = /^\[:([a-z]+):\]/.exec(pattern.slice(j));
          if (m && CLASSES[m[1]]) {
            body += CLASSES[m[1]];
            j += m[0].length - 1;
          } else body += pattern[j] === '\\' || pattern[j] === '[' ? `\\${pattern[j]}` : pattern[j];
        }
        if (j >= pattern.length) throw new CommandError(`${who}: bad regex '${pattern}': Unmatched [, [^, [:, [., or [=`, 2);
        src += `[${body}]`;
        i = j;
      } else if (c === '\\' && i + 1 < pattern.length) {
        const n = pattern[++i];
        if (!opts.extended && '(){}|+?'.includes(n)) src += n;
        else if (/[1-9]/.test(n)) src += `\\${n}`;
        else if (n === '<' || n === '>') src += '\\b';
        else if ('wWsSbB'.includes(n)) src += `\\${n}`;
        else src += n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      } else if (!opts.extended && '(){}|+?'.includes(c)) src += `\\${c}`;
      else if (c === '*' && (src === '' || src === '^')) src += '\\*';
      else src += c;
    }
  }
  try {
    return new RegExp(src, `${opts.ignoreCase ? 'i' : ''}${opts.global ? 'g' : ''}`);
  } catch {
    throw new CommandError(`${who}: bad regex '${pattern}'`, 2);
  }
}
