// Durations as kubectl parses (--request-timeout, Go time.ParseDuration) and prints them (Duration.String).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KcurlError } from '../../../src/errors.js';
import { formatGoDuration, parseDuration, parseGoDuration } from '../../../src/kube/duration.js';

describe('parseDuration (clientcmd.ParseTimeout)', () => {
  it.each([
    ['0', 0],
    ['5', 5000],
    ['5s', 5000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['2h45m10.5s', 9_910_500],
    ['1us', 0.001],
    ['1µs', 0.001],
    ['100ns', 0.0001],
    ['.5s', 500],
    ['5.s', 5000],
    ['+3s', 3000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 9);
  });

  it.each([
    ['', 'invalid --request-timeout "": it is empty'],
    ['abc', 'invalid --request-timeout "abc": expected a number'],
    ['5x', 'invalid --request-timeout "5x": unknown unit "x"'],
    ['1.5', 'invalid --request-timeout "1.5": missing unit (add s, m or h)'],
    ['-5s', 'invalid --request-timeout "-5s": it must not be negative'],
    ['-1', 'invalid --request-timeout "-1": missing unit (add s, m or h)'],
    ['.s', 'invalid --request-timeout ".s": expected a number'],
  ])('%j is refused with one line', (text, message) => {
    let err: unknown;
    try {
      parseDuration(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KcurlError);
    expect((err as KcurlError).code).toBe('KCURL_USAGE');
    expect((err as KcurlError).message).toBe(message);
  });
});

describe('formatGoDuration (Go Duration.String)', () => {
  it.each([
    [0, '0s'],
    [5000, '5s'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [32_000, '32s'],
    [1500, '1.5s'],
    [500, '500ms'],
    [1.5, '1.5ms'],
    [0.0015, '1.5µs'],
    [0.000001, '1ns'],
    [-2000, '-2s'],
    [9_910_500, '2h45m10.5s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });

  it('round-trips through Go syntax for whole nanoseconds', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (ns) => {
        const text = formatGoDuration(Number(ns) / 1e6);
        expect(parseGoDuration(text)).toBe(BigInt(Math.round(Number(ns))));
      }),
    );
  });
});
