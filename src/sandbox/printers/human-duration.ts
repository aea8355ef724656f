// Ages as kube-apiserver prints them: apimachinery util/duration.HumanDuration and the printers'
// translateTimestampSince (`18s`, `4m57s`, `3h5m`, `2d3h`, `<unknown>`).

// HumanDuration itself is shared with the client's printers (a pure function, like the shared selectors).
import { humanDuration } from '../../output/age.js';

export { humanDuration };

/** Milliseconds since the epoch of an RFC 3339 timestamp, or undefined when absent or unreadable (Go's zero time). */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** printers.go translateTimestampSince: `<unknown>` for a missing timestamp, else the age at `now`. */
export function translateTimestampSince(value: unknown, now: Date): string {
  const ms = parseTimestamp(value);
  return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
}
