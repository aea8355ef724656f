// The URL word of the shell-tool programs (wget, httpie) and the Haskell string literal: the query in client-go's
// order whatever is taken from answers, and any text as a literal GHC reads back as the same characters.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RequestBlock } from '../../../../src/snippet/model.js';
import { QUERY_ESCAPE, urlWord } from '../../../../src/snippet/lang/shell-tools.js';
import { hsString } from '../../../../src/snippet/lang/haskell.js';

const block = (query: [string, string][], over: Partial<RequestBlock> = {}): RequestBlock =>
  ({
    number: 1,
    step: 0,
    kind: 'list',
    role: 'call',
    purpose: 'p',
    method: 'GET',
    url: { path: '/api/v1/pods', query, target: '', sent: { query, target: '' } },
    headers: [],
    stream: false,
    paged: false,
    fromAnswer: [],
    ...over,
  }) as RequestBlock;

/** What bash makes of the word, with the variables set and query_escape defined as the programs define it. */
function expand(word: string, vars: Record<string, string>): string {
  const fn = QUERY_ESCAPE.join('\n');
  return execFileSync('bash', ['-c', `${fn}\nprintf '%s' ${word}`], { env: { PATH: '/usr/bin:/bin', APISERVER: 'https://s', ...vars } }).toString();
}

describe('urlWord', () => {
  const paged = (q: [string, string][]) => block(q, { paged: true });
  const watch = block([['watch', 'true']], { fromAnswer: [{ param: 'resourceVersion', answer: 1, field: 'resourceVersion', variable: 'RV' }] });
  it.each([
    [
      'a literal query, sorted and escaped',
      block([
        ['limit', '500'],
        ['labelSelector', 'app in (a,b)'],
      ]),
      {},
      'https://s/api/v1/pods?labelSelector=app+in+%28a%2Cb%29&limit=500',
    ],
    [
      'continue before limit, once an answer named one',
      paged([['limit', '500']]),
      { CONTINUE: 'x+/= y' },
      'https://s/api/v1/pods?continue=x%2B%2F%3D+y&limit=500',
    ],
    ['no continue on the first page', paged([['limit', '500']]), { CONTINUE: '' }, 'https://s/api/v1/pods?limit=500'],
    ['continue after an earlier key', paged([['a', '1']]), { CONTINUE: 'c' }, 'https://s/api/v1/pods?a=1&continue=c'],
    ['continue alone', paged([]), { CONTINUE: 'c' }, 'https://s/api/v1/pods?continue=c'],
    ['continue alone, first page', paged([]), { CONTINUE: '' }, 'https://s/api/v1/pods'],
    ['a value from an answer in its sorted place', watch, { RV: '12 é' }, 'https://s/api/v1/pods?resourceVersion=12+%C3%A9&watch=true'],
  ])('%s', (_name, b, vars, url) => {
    expect(expand(urlWord(b), vars)).toBe(url);
  });
});

describe('hsString', () => {
  it.each([['plain'], ['"quoted" \\ back'], ['line\nbreak\ttab'], ['é☃ \u0001 digits after escape: \u00e91']])('%j', (text) => {
    const literal = hsString(text);
    expect(literal).toMatch(/^"[\x20-\x7e]*"$/);
    // Haskell's escapes are \" \\ \n and \DECIMAL\& here: undo them the way GHC reads them.
    const read = literal
      .slice(1, -1)
      .replace(/\\(\d+)\\&|\\n|\\"|\\\\/g, (m, code: string | undefined) => (code ? String.fromCodePoint(Number(code)) : m === '\\n' ? '\n' : m[1]));
    expect(read).toBe(text);
  });
});
