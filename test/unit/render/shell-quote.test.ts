import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heredocDelimiter, shellJoin, shellQuote } from '../../../src/render/shell-quote.js';
import { requireTool } from '../../helpers/require-tool.js';
import { runProcessSync } from '../../helpers/spawn.js';

/** bash -c script's stdout; fails on a non-zero exit. */
function bash(script: string): string {
  const r = runProcessSync(requireTool('bash'), ['-c', script]);
  if (r.code !== 0) throw new Error(`bash exited with ${r.code ?? r.signal}: ${r.stderr}`);
  return r.stdout;
}

/** Runs one bash process that prints every quoted word NUL-terminated, and returns what bash read. */
function bashRoundTrip(values: string[]): string[] {
  const script = values.map((v) => `printf '%s\\0' ${shellQuote(v)}`).join('\n');
  const parts = bash(script).split('\0');
  parts.pop();
  return parts;
}

// Strings full of what breaks naive quoting: quotes, $, backticks, backslashes, newlines, !, globs, unicode, spaces.
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "'",
      '"',
      '$',
      '`',
      '\\',
      '\n',
      '\r',
      '\t',
      '!',
      '*',
      '?',
      '[',
      ']',
      '{',
      '}',
      '~',
      '#',
      ';',
      '&',
      '|',
      '<',
      '>',
      '(',
      ')',
      ' ',
      '=',
      '%',
      'é',
      '☃',
      '𝄞',
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});

describe('shellQuote', () => {
  it.each([
    ['', "''"],
    ['pods', 'pods'],
    ['a/b.c:d=e@f%g+h,i-j_k', 'a/b.c:d=e@f%g+h,i-j_k'],
    ['two words', "'two words'"],
    ["it's", "'it'\\''s'"],
    ['$HOME', "'$HOME'"],
    ['`id`', "'`id`'"],
    ['line\nbreak', "'line\nbreak'"],
  ])('quotes %j as %s', (input, expected) => {
    expect(shellQuote(input)).toBe(expected);
  });

  it('survives bash unchanged for thousands of random strings', () => {
    const samples = fc.sample(
      nasty.filter((s) => !s.includes('\0')),
      3000,
    );
    expect(bashRoundTrip(samples)).toEqual(samples);
  });

  it('keeps words apart in shellJoin', () => {
    const words = ['curl', '-H', 'Accept: */*', "a'b", ''];
    const out = bash(`for w in ${shellJoin(words)}; do printf '%s\\0' "$w"; done`).split('\0');
    out.pop();
    expect(out).toEqual(words);
  });
});

describe('heredocDelimiter', () => {
  it('picks a delimiter that is not a line of the body', () => {
    expect(heredocDelimiter('a\nKCURL_BODY\nKCURL_BODY_1\n')).toBe('KCURL_BODY_2');
    expect(heredocDelimiter('{"a":1}\n')).toBe('KCURL_BODY');
  });
});
