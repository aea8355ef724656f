// Server-side apply's extra documents (pure), as kubectl apply --server-side builds them: the apply patch with
// only the last-applied annotation (saveLastApplyAnnotationIfNecessary, field manager kubectl-last-applied) and
// the JSON patch that moves client-side-apply ownership to the server-side manager (csaupgrade
// UpgradeManagedFieldsPatch), when an object was applied client-side before.
import { FieldSet } from '../../kube/field-set.js';
import { goJsonMarshal, goJsonString, isPlainObject } from '../../output/go-format.js';
import { LAST_APPLIED } from './client-side.js';

type Obj = Record<string, unknown>;

export const LAST_APPLIED_MANAGER = 'kubectl-last-applied';

const LAST_APPLIED_PATH = ['f:metadata', 'f:annotations', `f:${LAST_APPLIED}`];

interface Entry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

function managedFields(obj: Obj): Entry[] {
  const m = obj.metadata;
  return isPlainObject(m) && Array.isArray(m.managedFields) ? (m.managedFields as Entry[]) : [];
}

function annotation(obj: Obj): string | undefined {
  const m = obj.metadata;
  const a = isPlainObject(m) && isPlainObject(m.annotations) ? m.annotations : undefined;
  return a && typeof a[LAST_APPLIED] === 'string' ? (a[LAST_APPLIED] as string) : undefined;
}

/** csaupgrade.FindFieldsOwners for the last-applied annotation path. */
function annotationOwners(entries: Entry[], operation: 'Apply' | 'Update'): Entry[] {
  return entries.filter((e) => e.operation === operation && FieldSet.fromFieldsV1(e.fieldsV1).has(LAST_APPLIED_PATH));
}

/**
 * The body of the apply patch that hands the annotation to kubectl-last-applied, or undefined when kubectl sends
 * none (no annotation, a non-default field manager, or an Apply manager already owns it).
 */
export function lastAppliedSavePatch(applied: Obj, fieldManager: string, apiVersion: string, kind: string): string | undefined {
  if (fieldManager !== 'kubectl') return undefined;
  const value = annotation(applied);
  if (value === undefined) return undefined;
  if (annotationOwners(managedFields(applied), 'Apply').length > 0) return undefined;
  const meta = isPlainObject(applied.metadata) ? applied.metadata : {};
  const metadata: Obj = { annotations: { [LAST_APPLIED]: value }, name: meta.name };
  if (typeof meta.namespace === 'string' && meta.namespace) metadata.namespace = meta.namespace;
  return goJsonMarshal({ apiVersion, kind, metadata }) + '\n';
}

/** metav1.ManagedFieldsEntry marshalled in struct field order (omitempty fields left out). */
function encodeEntry(e: Entry): string {
  const parts: string[] = [];
  const add = (k: string, json: string) => parts.push(`${goJsonString(k)}:${json}`);
  if (e.manager) add('manager', goJsonString(e.manager));
  if (e.operation) add('operation', goJsonString(e.operation));
  if (e.apiVersion) add('apiVersion', goJsonString(e.apiVersion));
  if (e.time) add('time', goJsonString(e.time));
  if (e.fieldsType) add('fieldsType', goJsonString(e.fieldsType));
  // FieldsV1 is raw JSON: an entry kubectl did not touch keeps the server's bytes (and key order).
  if (e.fieldsV1 !== undefined) add('fieldsV1', e.fieldsV1 instanceof EncodedFields ? e.fieldsV1.json : JSON.stringify(e.fieldsV1));
  if (e.subresource) add('subresource', goJsonString(e.subresource));
  return `{${parts.join(',')}}`;
}

/** fieldsV1 re-encoded by structured-merge-diff (Set.ToJSON). */
class EncodedFields {
  constructor(readonly json: string) {}
}

const ELEMENT_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** structured-merge-diff value.Compare: floats and ints numerically, then strings, bools, lists, maps, null. */
function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) =>
    typeof v === 'number' ? 0 : typeof v === 'string' ? 2 : typeof v === 'boolean' ? 3 : Array.isArray(v) ? 4 : v !== null && typeof v === 'object' ? 5 : 6;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length;
  }
  return 0;
}

/** fieldpath.PathElement.Compare over the encoded forms `f:`, `k:{…}`, `v:…`, `i:…`. */
function compareElements(a: string, b: string): number {
  const ta = a.slice(0, 1);
  const tb = b.slice(0, 1);
  if (ta !== tb) return (ELEMENT_RANK[ta] ?? 9) - (ELEMENT_RANK[tb] ?? 9);
  const ra = a.slice(2);
  const rb = b.slice(2);
  if (ta === 'f') return ra < rb ? -1 : ra > rb ? 1 : 0;
  if (ta === 'i') return Number(ra) - Number(rb);
  if (ta === 'v') return compareValues(JSON.parse(ra), JSON.parse(rb));
  // Keys: field lists sorted by name, compared name by name, then value by value.
  const ka = Object.entries(JSON.parse(ra) as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  const kb = Object.entries(JSON.parse(rb) as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  for (let i = 0; ; i++) {
    if (i >= ka.length && i >= kb.length) return 0;
    if (i >= ka.length) return -1;
    if (i >= kb.length) return 1;
    if (ka[i][0] !== kb[i][0]) return ka[i][0] < kb[i][0] ? -1 : 1;
    const c = compareValues(ka[i][1], kb[i][1]);
    if (c) return c;
  }
}

interface Node {
  member: boolean;
  children: Map<string, Node>;
}

/** Set.ToJSON: `"."` for a path that is itself a member and has children, children in element order. */
export function encodeFieldSet(set: FieldSet): string {
  const root: Node = { member: false, children: new Map() };
  for (const path of set.paths()) {
    let node = root;
    for (const el of path) {
      let child = node.children.get(el);
      if (!child) node.children.set(el, (child = { member: false, children: new Map() }));
      node = child;
    }
    node.member = true;
  }
  const write = (node: Node): string => {
    const parts: string[] = [];
    if (node.member && node.children.size > 0) parts.push('".":{}');
    for (const el of [...node.children.keys()].sort(compareElements)) parts.push(`${goJsonString(el)}:${write(node.children.get(el)!)}`);
    return `{${parts.join(',')}}`;
  };
  return write(root);
}

function upgradedManagedFields(entries: Entry[], csaManager: string, ssaManager: string): Entry[] {
  const out = entries.map((e) => ({ ...e }));
  const isCsa = (e: Entry) => e.manager === csaManager && e.operation === 'Update' && !e.subresource;
  let target = out.findIndex((e) => e.manager === ssaManager && e.operation === 'Apply' && !e.subresource);
  if (target < 0) {
    target = out.findIndex(isCsa);
    if (target < 0) return out;
    out[target] = { ...out[target], operation: 'Apply', manager: ssaManager };
  }
  const ssa = out[target];
  const csa = out.find((e) => isCsa(e) && e.apiVersion === ssa.apiVersion);
  let set = FieldSet.fromFieldsV1(ssa.fieldsV1);
  if (csa) set = set.union(FieldSet.fromFieldsV1(csa.fieldsV1));
  out[target] = { ...ssa, fieldsV1: new EncodedFields(encodeFieldSet(set)) };
  return out.filter((e) => !isCsa(e));
}

function sameEntry(a: Entry, b: Entry): boolean {
  if (a.manager !== b.manager || a.operation !== b.operation || a.apiVersion !== b.apiVersion || a.time !== b.time || a.subresource !== b.subresource)
    return false;
  const fa = a.fieldsV1 instanceof EncodedFields ? FieldSet.fromFieldsV1(JSON.parse(a.fieldsV1.json)) : FieldSet.fromFieldsV1(a.fieldsV1);
  const fb = b.fieldsV1 instanceof EncodedFields ? FieldSet.fromFieldsV1(JSON.parse(b.fieldsV1.json)) : FieldSet.fromFieldsV1(b.fieldsV1);
  return fa.equals(fb);
}

/**
 * csaupgrade.UpgradeManagedFieldsPatch for the managers that own the annotation through Update operations:
 * a JSON patch replacing managedFields and resourceVersion, or undefined when nothing needs migrating.
 */
export function migrationPatch(applied: Obj, ssaManager: string): string | undefined {
  const entries = managedFields(applied);
  const csaManagers = [...new Set(annotationOwners(entries, 'Update').map((e) => e.manager ?? ''))];
  let filtered = entries;
  for (const name of csaManagers) filtered = upgradedManagedFields(filtered, name, ssaManager);
  if (filtered.length === entries.length && filtered.every((e, i) => sameEntry(e, entries[i]))) return undefined;
  const meta = isPlainObject(applied.metadata) ? applied.metadata : {};
  const rv = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '';
  return (
    `[{"op":"replace","path":"/metadata/managedFields","value":[${filtered.map(encodeEntry).join(',')}]},` +
    `{"op":"replace","path":"/metadata/resourceVersion","value":${goJsonString(rv)}}]`
  );
}
