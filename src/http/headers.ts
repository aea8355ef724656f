// Headers between their two shapes: ordered [name, value] pairs (what kcurl plans, records and shows) and
// Node/undici's header record (repeated headers as arrays).

/** Header pairs from Node/undici's header record (repeated headers arrive as arrays). */
export function headerPairs(headers: Record<string, string | string[] | number | undefined>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) out.push([k, x]);
    else out.push([k, String(v)]);
  }
  return out;
}

/** Name/value pairs as a Node header record, repeated headers as arrays (the inverse of headerPairs). */
export function headerRecord(pairs: readonly (readonly [string, string])[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Headers that belong to one connection (RFC 9110 §7.6.1 and the legacy ones clients still send): never relayed as they are. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
