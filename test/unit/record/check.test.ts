// Loading a shared recording: command lines stored before credential flags were redacted are redacted on
// load (split back into the words kcurl quoted), and malformed methods, headers and targets are refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellJoin } from '../../../src/render/shell-quote.js';
import { checkExchangeSyntax, redactRecordedCommand, shellWords } from '../../../src/record/check.js';
import type { Exchange } from '../../../src/record/exchange.js';

describe('shellWords', () => {
  it.each([
    ["kcurl get pods -n 'my ns'", ['kcurl', 'get', 'pods', '-n', 'my ns']],
    ["kcurl get 'it'\\''s'", ['kcurl', 'get', "it's"]],
    ['kcurl get "a \\"b\\"" c\\ d', ['kcurl', 'get', 'a "b"', 'c d']],
    ["kcurl ''", ['kcurl', '']],
  ])('%s', (text, words) => {
    expect(shellWords(text)).toEqual(words);
  });

  it('reads back any words shellJoin quoted', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (words) => {
        expect(shellWords(shellJoin(words))).toEqual(words);
      }),
    );
  });

  it('gives up on an unclosed quote', () => {
    expect(shellWords("kcurl get 'pods")).toBeUndefined();
  });
});

describe('redactRecordedCommand', () => {
  it.each([
    ['kcurl get pods --token abc123', "kcurl get pods --token '<redacted>'"],
    ['kcurl get pods --token=abc123', "kcurl get pods '--token=<redacted>'"],
    ["kcurl record -- kubectl create secret generic s '--from-literal=k=v 1'", "kcurl record -- kubectl create secret generic s '--from-literal=k=<redacted>'"],
    ['kcurl get pods --as admin', 'kcurl get pods --as admin'],
    ["kcurl get 'unclosed --token abc", '<redacted: a command line that could not be read>'],
  ])('%s', (command, want) => {
    expect(redactRecordedCommand(command)).toBe(want);
  });
});

describe('checkExchangeSyntax', () => {
  const ex = (over: Partial<Exchange['request']> = {}): Exchange => ({
    id: '1',
    startedDateTime: '',
    command: '',
    credentials: '',
    client: '',
    request: { method: 'GET', url: 'https://h/api/v1/pods', headers: [['Accept', 'application/json']], ...over },
    timings: { waitMs: 0, receiveMs: 0 },
    streamed: false,
    complete: true,
  });

  it.each([['PATCH'], ['CUSTOM-METHOD']])('accepts the method %s', (method) => {
    expect(() => checkExchangeSyntax(ex({ method }), 'f.har: log.entries[0]')).not.toThrow();
  });

  it.each([
    [{ method: 'GET /x' }, 'f.har: log.entries[0]: request.method "GET /x" is not an HTTP method'],
    [{ method: '' }, 'request.method "" is not an HTTP method'],
    [{ headers: [['Bad:Name', 'v']] as [string, string][] }, 'request.headers[0].name "Bad:Name" is not a header name'],
    [{ headers: [['X', 'a\u0000b']] as [string, string][] }, 'request.headers[0].value "a\\u0000b" is not a header value'],
    [{ url: '/relative' }, 'request.url "/relative" is not an absolute URL'],
  ])('refuses %j', (over, message) => {
    expect(() => checkExchangeSyntax(ex(over), 'f.har: log.entries[0]')).toThrow(message);
  });
});
