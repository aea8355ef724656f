// Loose accessors for stored objects (plain JSON that may lack any field), shared by defaulting and validation.

export type Rec = Record<string, unknown>;

export const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `v` when it is an object, else an empty one (for reading optional fields). */
export const rec = (v: unknown): Rec => (isRec(v) ? v : {});

/** The object at `parent[key]`, created (as `{}`) when absent or not an object. */
export function child(parent: Rec, key: string): Rec {
  const v = parent[key];
  if (isRec(v)) return v;
  const created: Rec = {};
  parent[key] = created;
  return created;
}

/** The array at `parent[key]` as object elements (non-objects skipped), or [] when absent. */
export const records = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isRec) : []);

/** Sets `obj[key] = value` when the field is absent, null or the empty string (Go's zero value for strings and pointers). */
export function setDefault(obj: Rec, key: string, value: unknown): void {
  const v = obj[key];
  if (v === undefined || v === null || v === '') obj[key] = value;
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
