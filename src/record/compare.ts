// Comparing a recorded response with a fresh one: the status, and the body after dropping what changes
// on every read (resourceVersion, uid, timestamps, managedFields, generated name suffixes, Table ages).

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const VOLATILE_KEYS = new Set([
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'selfLink',
  'lastTransitionTime',
  'lastUpdateTime',
  'lastProbeTime',
  'lastHeartbeatTime',
  'startTime',
  'startedAt',
  'finishedAt',
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'renewTime',
  'acquireTime',
  'time',
  'expirationTimestamp',
  'continue',
]);

/** The document with volatile fields removed (a new value; the input is not changed). */
export function withoutVolatile(doc: Json): Json {
  if (Array.isArray(doc)) return doc.map(withoutVolatile);
  if (!isObject(doc)) return doc;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (VOLATILE_KEYS.has(k)) continue;
    out[k] = withoutVolatile(v);
  }
  // generateName: the random suffix of the name.
  const meta = out.metadata;
  if (isObject(meta) && typeof meta.generateName === 'string' && typeof meta.name === 'string' && meta.name.startsWith(meta.generateName)) {
    out.metadata = { ...meta, name: `${meta.generateName}*` };
  }
  // Tables: the Age column changes with the clock.
  if (doc.kind === 'Table' && Array.isArray(doc.columnDefinitions) && Array.isArray(out.rows)) {
    const ageAt = doc.columnDefinitions.findIndex((c) => isObject(c) && c.name === 'Age');
    if (ageAt >= 0) {
      out.rows = out.rows.map((r) => (isObject(r) && Array.isArray(r.cells) ? { ...r, cells: r.cells.filter((_c, i) => i !== ageAt) } : r));
    }
  }
  return out;
}

/** Paths where two documents differ (at most `limit`), as `.items[0].metadata.name: "a" → "b"`. */
export function differences(a: Json, b: Json, limit = 3, path = ''): string[] {
  const out: string[] = [];
  const walk = (x: Json, y: Json, p: string) => {
    if (out.length >= limit) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      const n = Math.max(x.length, y.length);
      for (let i = 0; i < n && out.length < limit; i++) walk(x[i] as Json, y[i] as Json, `${p}[${i}]`);
      return;
    }
    if (isObject(x) && isObject(y)) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
      for (const k of keys) {
        if (out.length >= limit) return;
        walk(x[k] as Json, y[k] as Json, `${p}.${k}`);
      }
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${p || '.'}: ${show(x)} → ${show(y)}`);
  };
  walk(a, b, path);
  return out;
}

function show(v: Json | undefined): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

export interface BodyComparison {
  same: boolean;
  differences: string[];
}

/** Compares two bodies: as JSON (volatile fields dropped) when both parse, otherwise as text. */
export function compareBodies(recorded: string, live: string): BodyComparison {
  let a: Json;
  let b: Json;
  try {
    a = JSON.parse(recorded) as Json;
    b = JSON.parse(live) as Json;
  } catch {
    return recorded === live ? { same: true, differences: [] } : { same: false, differences: ['body text differs'] };
  }
  const d = differences(withoutVolatile(a), withoutVolatile(b), 4);
  return { same: d.length === 0, differences: d };
}
