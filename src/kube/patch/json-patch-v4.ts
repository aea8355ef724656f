// RFC 6902 JSON Patch as gopkg.in/evanphx/json-patch.v4 decodes and applies it (DecodePatch, Patch.Apply),
// with its error texts: what kubectl runs client-side for `run --overrides --override-type=json` and
// `patch --type=json --dry-run=client`. v4's quirks are kept: a replace of a missing object key sets it,
// a test compares with the keys sorted, an operation without a path fails to decode its path.
// The sandbox applies `application/json-patch+json` PATCH requests with it too, as kube-apiserver does
// (src/sandbox/patch/json-patch.ts turns a decode error into a 400 and an apply error into a 422).
import { isPlainObject } from '../../output/go-format.js';

type Json = unknown;
type JsonMap = Record<string, Json>;

/** A patch json-patch v4 cannot decode or apply; the message is the library's. */
export class JsonPatchV4Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchV4Error';
  }
}

/** DecodePatch failed: the document is not a list of operations. */
export class JsonPatchDecodeError extends JsonPatchV4Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchDecodeError';
  }
}

/** Patch.Apply failed: an operation does not apply to the document. */
export class JsonPatchApplyError extends JsonPatchV4Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchApplyError';
  }
}

/** encoding/json's name for a JSON value's type in UnmarshalTypeError texts. */
export function goJsonTypeName(v: Json): string {
  if (Array.isArray(v)) return 'array';
  if (isPlainObject(v)) return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : 'null';
}

/**
 * DecodePatch: the operations of a decoded JSON patch document, json.Unmarshal into []operation
 * (map[string]*json.RawMessage): null is no operations and a null operation an empty one.
 */
export function decodeJsonPatchV4(patch: Json): JsonMap[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw new JsonPatchDecodeError(`json: cannot unmarshal ${goJsonTypeName(patch)} into Go value of type jsonpatch.Patch`);
  const bad = patch.find((op) => op !== null && !isPlainObject(op));
  if (bad !== undefined) throw new JsonPatchDecodeError(`json: cannot unmarshal ${goJsonTypeName(bad)} into Go value of type jsonpatch.operation`);
  return patch.map((op) => (isPlainObject(op) ? op : {}));
}

/** Patch.Apply: the operations in order on a copy of `doc`; the first that fails rejects the patch. */
export function applyJsonPatchV4(doc: Json, patch: JsonMap[]): Json {
  const root: { doc: Container } = { doc: structuredClone(doc) as Container };
  for (const op of patch) {
    try {
      applyOperation(root, op);
    } catch (e) {
      throw new JsonPatchApplyError((e as Error).message);
    }
  }
  return root.doc;
}

type Container = JsonMap | Json[];

const wrap = (message: string, cause: string) => `${message}: ${cause}`;
const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

/** RFC 6901: the path's tokens, ~1 and ~0 decoded. */
function tokens(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** json-patch findObject: the container the path's last token is in, or undefined. */
function findObject(doc: Container, path: string): { con: Container; key: string } | undefined {
  const parts = tokens(path);
  if (parts.length === 0) return undefined;
  let con: Json = doc;
  for (const part of parts.slice(0, -1)) {
    con = Array.isArray(con) ? con[Number(part)] : isPlainObject(con) ? con[part] : undefined;
    if (!Array.isArray(con) && !isPlainObject(con)) return undefined;
  }
  return { con: con as Container, key: parts[parts.length - 1] };
}

function arrayIndex(key: string, length: number): number {
  if (!/^-?\d+$/.test(key)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  const idx = Number(key);
  if (idx < 0 || idx >= length) throw new Error(wrap(`Unable to access invalid index: ${idx}`, INVALID_INDEX));
  return idx;
}

const ops = {
  get(con: Container, key: string): Json {
    if (Array.isArray(con)) return con[arrayIndex(key, con.length)];
    return con[key];
  },
  add(con: Container, key: string, value: Json): void {
    if (!Array.isArray(con)) {
      con[key] = value;
      return;
    }
    if (key === '-') {
      con.push(value);
      return;
    }
    if (!/^-?\d+$/.test(key))
      throw new Error(wrap(`value was not a proper array index: '${key}'`, `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`));
    con.splice(arrayIndex(key, con.length + 1), 0, value);
  },
  remove(con: Container, key: string): void {
    if (Array.isArray(con)) {
      con.splice(arrayIndex(key, con.length), 1);
      return;
    }
    if (!Object.hasOwn(con, key)) throw new Error(wrap(`Unable to remove nonexistent key: ${key}`, MISSING));
    delete con[key];
  },
};

function applyOperation(root: { doc: Container }, op: JsonMap): void {
  // operation.Kind: "unknown" when op is missing or not a string.
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  const path = typeof op.path === 'string' ? op.path : undefined;
  const from = typeof op.from === 'string' ? op.from : undefined;
  const value = structuredClone(op.value) as Json;
  const at = (p: string | undefined, what: string, missing: string) => {
    if (p === undefined) throw new Error(wrap(`${what} operation failed to decode path`, MISSING));
    const found = findObject(root.doc, p);
    if (!found) throw new Error(wrap(missing.replace('%s', p), MISSING));
    return found;
  };
  const inPath = (verb: string, p: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      throw new Error(wrap(`error in ${verb} for path: '${p}'`, (e as Error).message));
    }
  };
  switch (kind) {
    case 'add': {
      const { con, key } = at(path, 'add', 'add operation does not apply: doc is missing path: "%s"');
      inPath('add', path!, () => ops.add(con, key, value));
      return;
    }
    case 'remove': {
      const { con, key } = at(path, 'remove', 'remove operation does not apply: doc is missing path: "%s"');
      inPath('remove', path!, () => ops.remove(con, key));
      return;
    }
    case 'replace': {
      if (path === '') {
        if (!Array.isArray(value) && !isPlainObject(value)) throw new Error('replace operation value must be object or array');
        root.doc = value as Container;
        return;
      }
      const { con, key } = at(path, 'replace', 'replace operation does not apply: doc is missing path: %s');
      // A missing object key is set (json-patch's partialDoc.get never fails); an array index must exist.
      if (Array.isArray(con)) {
        try {
          ops.get(con, key);
        } catch {
          throw new Error(wrap(`replace operation does not apply: doc is missing key: ${path}`, MISSING));
        }
        con[Number(key)] = value;
      } else con[key] = value;
      return;
    }
    case 'move':
    case 'copy': {
      const source = at(from, kind, `${kind} operation does not apply: doc is missing from path: %s`);
      let moved: Json;
      try {
        moved = ops.get(source.con, source.key);
        if (kind === 'move') ops.remove(source.con, source.key);
      } catch (e) {
        throw new Error(wrap(kind === 'move' ? `error in move for path: '${source.key}'` : `error in copy for from: '${from}'`, (e as Error).message));
      }
      const dest = at(path, kind, `${kind} operation does not apply: doc is missing destination path: %s`);
      inPath(kind, path!, () => ops.add(dest.con, dest.key, kind === 'copy' ? structuredClone(moved) : moved));
      return;
    }
    case 'test': {
      const { con, key } = at(path, 'test', 'test operation does not apply: is missing path: %s');
      let current: Json;
      inPath('test', path!, () => {
        current = ops.get(con, key);
      });
      if (JSON.stringify(sortKeys(current)) !== JSON.stringify(sortKeys(value))) throw new Error(wrap(`testing value ${path} failed`, 'test failed'));
      return;
    }
    default:
      throw new Error(`Unexpected kind: ${kind}`);
  }
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isPlainObject(v)) return v ?? null;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k])]),
  );
}
