// Sets of field paths, the unit of server-side apply ownership, and their `fieldsV1` encoding
// (`{"f:data":{".":{},"f:a":{}}}`). A path is a list of path elements: `f:name` (field),
// `k:{"name":"x"}` (list item by key), `v:"x"` (set member), `i:3` (index).

const SEP = '\u0000';

export class FieldSet {
  readonly #paths: Set<string>;

  constructor(paths: Iterable<string> = []) {
    this.#paths = new Set(paths);
  }

  static fromElements(paths: string[][]): FieldSet {
    return new FieldSet(paths.map((p) => p.join(SEP)));
  }

  get size(): number {
    return this.#paths.size;
  }

  isEmpty(): boolean {
    return this.#paths.size === 0;
  }

  has(path: string[]): boolean {
    return this.#paths.has(path.join(SEP));
  }

  add(path: string[]): void {
    this.#paths.add(path.join(SEP));
  }

  /** Paths as element lists, sorted. */
  paths(): string[][] {
    return [...this.#paths].sort().map((p) => p.split(SEP));
  }

  union(other: FieldSet): FieldSet {
    return new FieldSet([...this.#paths, ...other.#paths]);
  }

  difference(other: FieldSet): FieldSet {
    return new FieldSet([...this.#paths].filter((p) => !other.#paths.has(p)));
  }

  intersection(other: FieldSet): FieldSet {
    return new FieldSet([...this.#paths].filter((p) => other.#paths.has(p)));
  }

  /** Removes every path that equals or lies under a path of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    const prefixes = [...other.#paths];
    return new FieldSet([...this.#paths].filter((p) => !prefixes.some((q) => p === q || p.startsWith(q + SEP))));
  }

  /** Drops every path that is an ancestor of a path in `other`. */
  withoutAncestorsOf(other: FieldSet): FieldSet {
    const theirs = [...other.#paths];
    return new FieldSet([...this.#paths].filter((p) => !theirs.some((q) => q.startsWith(p + SEP))));
  }

  equals(other: FieldSet): boolean {
    return this.#paths.size === other.#paths.size && [...this.#paths].every((p) => other.#paths.has(p));
  }

  /** The `fieldsV1` JSON tree. */
  toFieldsV1(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const p of [...this.#paths].sort()) {
      let node = root;
      for (const el of p.split(SEP)) {
        node = (node[el] ??= {}) as Record<string, unknown>;
      }
      node['.'] = {};
    }
    return normalizeTree(root) as Record<string, unknown>;
  }

  static fromFieldsV1(tree: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, prefix: string[]) => {
      if (!node || typeof node !== 'object') return;
      const entries = Object.entries(node as Record<string, unknown>);
      for (const [k, v] of entries) {
        if (k === '.') {
          if (prefix.length) set.add(prefix);
          continue;
        }
        const child = [...prefix, k];
        const grandchildren = v && typeof v === 'object' ? Object.keys(v as object) : [];
        if (grandchildren.length === 0) set.add(child);
        else walk(v, child);
      }
    };
    walk(tree, []);
    return set;
  }
}

/** A member with no children is written `{}`; a member with children gets `".": {}`; keys sorted. */
function normalizeTree(node: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(node).filter((k) => k !== '.');
  if (keys.length === 0) return {};
  const out: Record<string, unknown> = {};
  if ('.' in node) out['.'] = {};
  for (const k of keys.sort(compareElements)) out[k] = normalizeTree(node[k] as Record<string, unknown>);
  return out;
}

/** Element order of encoded fieldsV1 (kube sorts `.` first, then by element string). */
function compareElements(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const fieldElement = (name: string) => `f:${name}`;

/** `k:{"containerPort":80,"protocol":"TCP"}`: key fields sorted by name. */
export function keyElement(item: Record<string, unknown>, keys: string[]): string {
  const sorted = [...keys].sort();
  const parts = sorted.map((k) => `${JSON.stringify(k)}:${JSON.stringify(item[k] ?? null)}`);
  return `k:{${parts.join(',')}}`;
}

export const valueElement = (v: unknown) => `v:${JSON.stringify(v)}`;

/** A path as server-side apply prints it in conflicts: `.spec.containers[name="nginx"].image`. */
export function pathString(path: string[]): string {
  return path
    .map((el) => {
      if (el.startsWith('f:')) return `.${el.slice(2)}`;
      if (el.startsWith('k:')) {
        const obj = JSON.parse(el.slice(2)) as Record<string, unknown>;
        return `[${Object.entries(obj)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      if (el.startsWith('v:')) return `[=${el.slice(2)}]`;
      if (el.startsWith('i:')) return `[${el.slice(2)}]`;
      return el;
    })
    .join('');
}
