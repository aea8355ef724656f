// Bodies and patches that are not JSON: the 400's text is encoding/json's (what a real server answers),
// never V8's JSON.parse wording.
import { describe, expect, it } from 'vitest';
import { goJsonError } from '../../../src/sandbox/request-body.js';

const goError = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (e) {
    return goJsonError(text, e as Error);
  }
  throw new Error(`${text} parsed`);
};

describe('goJsonError', () => {
  it.each([
    ['{bad', "invalid character 'b' looking for beginning of object key string"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['{"a":x}', "invalid character 'x' looking for beginning of value"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"a":"x\ny"}', "invalid character '\\n' in string literal"],
    ['{"a":"\u0001"}', "invalid character '\\x01' in string literal"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a":-}', "invalid character '}' in numeric literal"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":"abc', 'unexpected end of JSON input'],
    ['{"a":', 'unexpected end of JSON input'],
    ['', 'unexpected end of JSON input'],
  ])('%j → %s', (text, expected) => {
    const message = goError(text);
    expect(message).toBe(expected);
    expect(message).not.toMatch(/JSON at position|Unexpected token|Expected/);
  });
});
