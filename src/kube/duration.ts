// Durations the way kubectl reads and writes them: Go's time.ParseDuration and Duration.String,
// and clientcmd.ParseTimeout (--request-timeout), which also takes a bare integer as seconds.
import { usageError } from '../errors.js';

const NS_PER: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const HINT = 'use whole seconds or a number with a unit, e.g. 5s, 1m30s, 500ms, 0';

/** Parses Go's duration syntax (`300ms`, `1.5h`, `2h45m`, `0`) into nanoseconds; throws a usage error naming `what`. */
export function parseGoDuration(text: string, what = 'duration'): bigint {
  const fail = (why: string) => usageError(`invalid ${what} "${text}": ${why}`, HINT);
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw fail('it is empty');
  let total = 0n;
  while (s !== '') {
    // time.ParseDuration: [0-9]*(\.[0-9]*)? then a unit; digits are required on at least one side of the dot.
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [whole, intPart, fracPart = ''] = m;
    if (intPart === '' && fracPart === '') throw fail('expected a number');
    s = s.slice(whole.length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') throw fail('missing unit (add s, m or h)');
    const scale = NS_PER[unit];
    if (scale === undefined) throw fail(`unknown unit "${unit}"`);
    s = s.slice(unit.length);
    total += BigInt(intPart || '0') * scale;
    if (fracPart !== '') total += (BigInt(fracPart) * scale) / 10n ** BigInt(fracPart.length);
  }
  return negative ? -total : total;
}

/**
 * kubectl's --request-timeout and other duration flags, in milliseconds: a bare non-negative integer is
 * seconds, anything else is a Go duration (clientcmd.ParseTimeout). Negative values are refused.
 */
export function parseDuration(text: string, what = '--request-timeout'): number {
  const trimmed = text.trim();
  if (/^\+?\d+$/.test(trimmed)) return Number(trimmed.replace(/^\+/, '')) * 1000;
  const ns = parseGoDuration(trimmed, what);
  if (ns < 0n) throw usageError(`invalid ${what} "${text}": it must not be negative`, HINT);
  return Number(ns) / 1e6;
}

/** Go's Duration.String for a number of milliseconds: 5s, 1m30s, 1h0m0s, 500ms, 1.5µs, 0s. */
export function formatGoDuration(ms: number): string {
  const ns = BigInt(Math.round(ms * 1e6));
  return formatNanoseconds(ns);
}

function formatNanoseconds(value: bigint): string {
  const negative = value < 0n;
  let u = negative ? -value : value;
  let out: string;
  if (u === 0n) return '0s';
  if (u < NS_PER.s) {
    // Below one second Go switches to the largest unit that keeps an integer part: ns, µs, ms.
    const [prec, unit] = u < NS_PER.us ? [0, 'ns'] : u < NS_PER.ms ? [3, 'µs'] : [6, 'ms'];
    out = fraction(u, prec) + unit;
  } else {
    const seconds = fraction(u % 60_000_000_000n, 9);
    u /= 60_000_000_000n; // whole minutes
    out = seconds + 's';
    if (u > 0n) {
      out = `${u % 60n}m` + out;
      u /= 60n; // whole hours
      if (u > 0n) out = `${u}h` + out;
    }
  }
  return negative ? '-' + out : out;
}

/** v / 10^prec written with its fraction, trailing zeros (and a bare dot) dropped, as Go's fmtFrac+fmtInt do. */
function fraction(v: bigint, prec: number): string {
  const scale = 10n ** BigInt(prec);
  const int = v / scale;
  const frac = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : `${int}`;
}
