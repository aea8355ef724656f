// RFC 6902 JSON Patch (add, remove, replace, move, copy, test) as evanphx/json-patch applies it for
// kube-apiserver: operations run in order on a copy; any failure rejects the whole patch.
// kubectl's client side (run --overrides, patch --dry-run=client) uses json-patch-v4.ts, whose texts and
// quirks (replace sets a missing key) are the library's; this one is still to be checked against it.
import { deepEqual } from '../json-equal.js';

export class JsonPatchError extends Error {
  /** true when the patch document itself is malformed (400) rather than inapplicable (422). */
  readonly malformed: boolean;
  constructor(message: string, malformed = false) {
    super(message);
    this.name = 'JsonPatchError';
    this.malformed = malformed;
  }
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function resolveParent(doc: unknown, tokens: string[], op: string, pointer: string): { parent: Container; key: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = Number(t);
      if (!/^\d+$/.test(t) || i >= cur.length) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: ${pointer}`);
      cur = cur[i];
    } else if (cur && typeof cur === 'object' && t in (cur as object)) {
      cur = (cur as Record<string, unknown>)[t];
    } else {
      throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
    }
  }
  if (!cur || typeof cur !== 'object') throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  return { parent: cur as Container, key: tokens[tokens.length - 1] };
}

function get(doc: unknown, pointer: string, op: string): unknown {
  let cur = doc;
  for (const t of parsePointer(pointer)) {
    if (Array.isArray(cur) && /^\d+$/.test(t) && Number(t) < cur.length) cur = cur[Number(t)];
    else if (cur && typeof cur === 'object' && !Array.isArray(cur) && t in (cur as object)) cur = (cur as Record<string, unknown>)[t];
    else throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
  }
  return cur;
}

function add(doc: unknown, pointer: string, value: unknown, op = 'add'): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens, op, pointer);
  if (Array.isArray(parent)) {
    if (key === '-') parent.push(value);
    else {
      const i = Number(key);
      if (!/^\d+$/.test(key) || i > parent.length) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
      parent.splice(i, 0, value);
    }
  } else parent[key] = value;
  return doc;
}

function remove(doc: unknown, pointer: string, op = 'remove'): unknown {
  const tokens = parsePointer(pointer);
  const { parent, key } = resolveParent(doc, tokens, op, pointer);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!/^\d+$/.test(key) || i >= parent.length) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
    parent.splice(i, 1);
  } else {
    if (!(key in parent)) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
    delete parent[key];
  }
  return doc;
}

export function parseJsonPatch(body: unknown): Operation[] {
  if (!Array.isArray(body)) throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', true);
  return body.map((o) => {
    if (!o || typeof o !== 'object') throw new JsonPatchError('invalid operation', true);
    const op = o as Operation;
    if (typeof op.op !== 'string') throw new JsonPatchError('Unexpected kind: unknown', true);
    return op;
  });
}

/** Applies `ops` to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, ops: Operation[]): unknown {
  let out = structuredClone(doc);
  for (const op of ops) {
    if (typeof op.path !== 'string') throw new JsonPatchError(`${op.op} operation missing path`, true);
    switch (op.op) {
      case 'add':
        if (!('value' in op)) throw new JsonPatchError('add operation missing value', true);
        out = add(out, op.path, structuredClone(op.value));
        break;
      case 'remove':
        out = remove(out, op.path);
        break;
      case 'replace': {
        get(out, op.path, 'replace');
        if (!('value' in op)) throw new JsonPatchError('replace operation missing value', true);
        if (op.path === '') out = structuredClone(op.value);
        else {
          out = remove(out, op.path, 'replace');
          out = add(out, op.path, structuredClone(op.value), 'replace');
        }
        break;
      }
      case 'move': {
        if (typeof op.from !== 'string') throw new JsonPatchError('move operation missing from', true);
        const v = get(out, op.from, 'move');
        out = remove(out, op.from, 'move');
        out = add(out, op.path, v, 'move');
        break;
      }
      case 'copy': {
        if (typeof op.from !== 'string') throw new JsonPatchError('copy operation missing from', true);
        out = add(out, op.path, structuredClone(get(out, op.from, 'copy')), 'copy');
        break;
      }
      case 'test': {
        let actual: unknown;
        try {
          actual = get(out, op.path, 'test');
        } catch {
          actual = undefined;
        }
        if (!deepEqual(actual, op.value)) throw new JsonPatchError(`testing value ${op.path} failed: test failed`);
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${op.op}`, true);
    }
  }
  return out;
}
