// Compares two recorded requests the way the snippet-equivalence tests need: same method, raw target,
// body bytes and headers, except the headers a client picks for itself (agent, connection, length).
import type { RecordedRequest } from './recording-server.js';

/** Headers that legitimately differ between kcurl, curl and kubectl for the same request. */
export const CLIENT_CHOSEN_HEADERS = ['user-agent', 'host', 'accept-encoding', 'content-length', 'connection', 'kubectl-command', 'kubectl-session'] as const;

/**
 * null when the requests match; otherwise a readable, multi-line description of every difference.
 * Header names compare case-insensitively and header order is ignored, except that repeated headers
 * (Impersonate-Group) must keep their relative order.
 */
export function compareRequests(a: RecordedRequest, b: RecordedRequest, opts: { ignoreHeaders?: string[] } = {}): string | null {
  const ignored = new Set<string>([...CLIENT_CHOSEN_HEADERS, ...(opts.ignoreHeaders ?? []).map((h) => h.toLowerCase())]);
  const diffs: string[] = [];
  if (a.method !== b.method) diffs.push(`method: ${a.method} vs ${b.method}`);
  if (a.target !== b.target) diffs.push(`target:\n  - ${a.target}\n  + ${b.target}`);

  const ha = normalise(a, ignored);
  const hb = normalise(b, ignored);
  const headerLines: string[] = [];
  for (const name of [...new Set([...ha.keys(), ...hb.keys()])].sort()) {
    const va = ha.get(name) ?? [];
    const vb = hb.get(name) ?? [];
    if (va.length === vb.length && va.every((v, i) => v === vb[i])) continue;
    for (const v of va) headerLines.push(`  - ${name}: ${JSON.stringify(v)}`);
    for (const v of vb) headerLines.push(`  + ${name}: ${JSON.stringify(v)}`);
  }
  if (headerLines.length > 0) diffs.push(`headers:\n${headerLines.join('\n')}`);

  if (!a.body.equals(b.body)) diffs.push(`body:\n${describeBodyDifference(a.body, b.body)}`);
  return diffs.length === 0 ? null : `requests differ (- first, + second) for ${a.method} ${a.target}\n${diffs.join('\n')}`;
}

function normalise(req: RecordedRequest, ignored: Set<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of req.headers) {
    const key = name.toLowerCase();
    if (ignored.has(key)) continue;
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

function describeBodyDifference(a: Buffer, b: Buffer): string {
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  const window = (buf: Buffer) => JSON.stringify(buf.subarray(Math.max(0, at - 20), at + 40).toString('latin1'));
  return `  lengths ${a.length} and ${b.length}, first difference at byte ${at}\n` + `  - …${window(a)}…\n` + `  + …${window(b)}…`;
}
