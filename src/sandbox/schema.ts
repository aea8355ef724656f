// Walking OpenAPI schemas of the served kinds: where a field's schema is, whether a field is known,
// and how a list or map merges (list-type, list-map-keys, patch strategy). Built-in kinds use the
// definitions of the real kube-apiserver's OpenAPI document; custom resources their CRD's schema.

export type Schema = Record<string, unknown>;

export class SchemaDefinitions {
  readonly #defs: Record<string, Schema>;
  readonly #byGvk = new Map<string, Schema>();
  readonly #names = new WeakMap<Schema, string>();

  constructor(definitions: Record<string, Schema>) {
    this.#defs = definitions;
    for (const [name, def] of Object.entries(definitions)) this.#names.set(def, name);
    for (const def of Object.values(definitions)) {
      const gvks = def['x-kubernetes-group-version-kind'];
      if (!Array.isArray(gvks)) continue;
      for (const g of gvks as { group: string; version: string; kind: string }[]) this.#byGvk.set(`${g.group}/${g.version}/${g.kind}`, def);
    }
  }

  definition(name: string): Schema | undefined {
    return this.#defs[name];
  }

  /** The definition name of a (resolved) schema, when it is one of the definitions. */
  nameOf(schema: Schema): string | undefined {
    return this.#names.get(schema);
  }

  forKind(group: string, version: string, kind: string): Schema | undefined {
    return this.#byGvk.get(`${group}/${version}/${kind}`);
  }

  /** Follows `$ref` (v2 `#/definitions/x` or v3 `#/components/schemas/x`) and one-element `allOf`. */
  resolve(s: Schema | undefined): Schema | undefined {
    let cur = s;
    for (let depth = 0; cur && depth < 10; depth++) {
      const ref = cur.$ref;
      if (typeof ref === 'string') {
        const name = ref.slice(ref.lastIndexOf('/') + 1);
        const target = this.#defs[name];
        if (!target) return undefined;
        cur = target;
        continue;
      }
      const allOf = cur.allOf;
      if (Array.isArray(allOf) && allOf.length === 1 && !cur.properties && !cur.type) {
        cur = allOf[0] as Schema;
        continue;
      }
      return cur;
    }
    return cur;
  }
}

/** What is known about a child position: its schema, or that anything goes. */
export type Child = { kind: 'schema'; schema: Schema } | { kind: 'any' } | { kind: 'unknown' };

export function isPreserveUnknown(s: Schema | undefined): boolean {
  return Boolean(s && s['x-kubernetes-preserve-unknown-fields'] === true);
}

/** The schema of `key` inside an object schema. */
export function propertyOf(defs: SchemaDefinitions, parent: Schema | undefined, key: string): Child {
  const s = defs.resolve(parent);
  if (!s) return { kind: 'any' };
  const props = s.properties as Record<string, Schema> | undefined;
  if (props && Object.hasOwn(props, key)) {
    const child = defs.resolve(props[key]);
    return child ? { kind: 'schema', schema: child } : { kind: 'any' };
  }
  const ap = s.additionalProperties;
  if (ap && typeof ap === 'object') {
    const child = defs.resolve(ap as Schema);
    return child ? { kind: 'schema', schema: child } : { kind: 'any' };
  }
  if (ap === true || isPreserveUnknown(s) || s['x-kubernetes-embedded-resource'] === true) return { kind: 'any' };
  // An object schema without properties (FieldsV1, RawExtension) holds anything.
  if (!props) return { kind: 'any' };
  return { kind: 'unknown' };
}

export function itemsOf(defs: SchemaDefinitions, parent: Schema | undefined): Schema | undefined {
  const s = defs.resolve(parent);
  const items = s?.items;
  return items && typeof items === 'object' ? defs.resolve(items as Schema) : undefined;
}

export interface ListSemantics {
  /** How server-side apply treats the list. */
  type: 'atomic' | 'map' | 'set';
  keys: string[];
}

/** x-kubernetes-list-type / list-map-keys, falling back to the patch strategy as kube-openapi's schemaconv does. */
export function listSemantics(s: Schema | undefined): ListSemantics {
  if (!s) return { type: 'atomic', keys: [] };
  const lt = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'];
  if (lt === 'map') return { type: 'map', keys: Array.isArray(keys) ? (keys as string[]) : [] };
  if (lt === 'set') return { type: 'set', keys: [] };
  if (lt === 'atomic') return { type: 'atomic', keys: [] };
  const strategy = String(s['x-kubernetes-patch-strategy'] ?? '');
  const mergeKey = s['x-kubernetes-patch-merge-key'];
  if (strategy.split(',').includes('merge')) {
    if (typeof mergeKey === 'string') return { type: 'map', keys: [mergeKey] };
    return { type: 'set', keys: [] };
  }
  return { type: 'atomic', keys: [] };
}

/** A map/struct that server-side apply treats as one value (x-kubernetes-map-type: atomic). */
export function isAtomicMap(s: Schema | undefined): boolean {
  return Boolean(s && (s['x-kubernetes-map-type'] === 'atomic' || s['x-kubernetes-structtype'] === 'atomic'));
}

/** Schema `type`, with int-or-string and untyped schemas reported as undefined. */
export function schemaType(s: Schema | undefined): string | undefined {
  if (!s || s['x-kubernetes-int-or-string'] === true) return undefined;
  if (s.format === 'int-or-string') return undefined;
  return typeof s.type === 'string' ? s.type : s.properties || s.additionalProperties ? 'object' : undefined;
}

export interface TypeMismatch {
  path: string;
  expected: string;
  actual: string;
  /** Set when a Quantity position holds a string that is not a quantity (the message is Quantity's own). */
  quantity?: true;
}

const QUANTITY_DEFINITION = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * The first value whose JSON type cannot decode into the schema's type (a 400 on a real server).
 * Decoding also rewrites every resource.Quantity (a string or, as Quantity.UnmarshalJSON accepts, a
 * JSON number) into its canonical string, in place, as a decode/encode round trip on the server does.
 */
export function firstTypeMismatch(
  defs: SchemaDefinitions,
  root: Schema | undefined,
  obj: unknown,
  canonicalQuantity?: (v: unknown) => string | undefined,
): TypeMismatch | undefined {
  let found: TypeMismatch | undefined;
  const quantity = defs.definition(QUANTITY_DEFINITION);
  const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v);
  /** Walks one value; returns its replacement when a quantity was canonicalised. */
  const walk = (schema: Schema | undefined, value: unknown, path: string): string | undefined => {
    if (found) return undefined;
    const s = defs.resolve(schema);
    if (!s || value === null) return undefined;
    const actual = jsonType(value);
    if (s === quantity && canonicalQuantity && (actual === 'string' || actual === 'number')) {
      const c = canonicalQuantity(value);
      if (c === undefined) found = { path, expected: 'Quantity', actual, quantity: true };
      return c === value ? undefined : c;
    }
    const t = schemaType(s);
    if (t === 'object' && actual !== 'object') found = { path, expected: goType(defs, s), actual };
    else if (t === 'array' && actual !== 'array') found = { path, expected: goType(defs, s), actual };
    else if (t === 'string' && actual !== 'string') found = { path, expected: goType(defs, s), actual };
    else if ((t === 'integer' || t === 'number') && actual !== 'number') found = { path, expected: goType(defs, s), actual };
    else if (t === 'integer' && !Number.isInteger(value)) found = { path, expected: goType(defs, s), actual: 'number ' + String(value) };
    else if (t === 'boolean' && actual !== 'boolean') found = { path, expected: 'bool', actual };
    if (found || isPreserveUnknown(s)) return undefined;
    if (actual === 'array') {
      const items = itemsOf(defs, s);
      const arr = value as unknown[];
      arr.forEach((v, i) => {
        const r = walk(items, v, `${path}[${i}]`);
        if (r !== undefined) arr[i] = r;
      });
    } else if (actual === 'object') {
      const rec = value as Record<string, unknown>;
      for (const [k, v] of Object.entries(rec)) {
        const child = propertyOf(defs, s, k);
        if (child.kind !== 'schema') continue;
        const r = walk(child.schema, v, path ? `${path}.${k}` : k);
        if (r !== undefined) rec[k] = r;
      }
    }
    return undefined;
  };
  walk(root, obj, '');
  return found;
}

/** The Go type a schema decodes into, as encoding/json names it in errors. */
function goType(defs: SchemaDefinitions, s: Schema): string {
  const t = schemaType(s);
  if (t === 'string') return 'string';
  if (t === 'boolean') return 'bool';
  if (t === 'integer') return s.format === 'int64' ? 'int64' : 'int32';
  if (t === 'number') return 'float64';
  if (t === 'array') {
    const items = itemsOf(defs, s);
    return `[]${items ? goType(defs, items) : 'interface {}'}`;
  }
  if (t === 'object') {
    const ap = s.additionalProperties;
    if (ap && typeof ap === 'object') {
      const v = defs.resolve(ap as Schema);
      return `map[string]${v ? goType(defs, v) : 'interface {}'}`;
    }
    return 'struct';
  }
  return 'interface {}';
}
