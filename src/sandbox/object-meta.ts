// ObjectMeta as kube-apiserver handles it for every kind: uid, timestamps, generateName suffixes,
// metadata validation for custom kinds, and JSON key order as the Go structs print it.
import { META_ORDER } from '../kube/struct-order.js';
import { randomInt, randomUUID } from 'node:crypto';
import type { FieldError } from './api-error.js';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../kube/name-validation.js';
import type { KubeObject } from './types.js';

export const newUid = (): string => randomUUID();

/** RFC 3339 in UTC with whole seconds, as metav1.Time marshals. */
export const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

// apiserver storage names.SimpleNameGenerator: 5 characters from an alphabet without vowels or look-alikes.
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_GENERATED_NAME_LENGTH = 63 - 5;

export function generateName(base: string): string {
  const prefix = base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return prefix + suffix;
}

export const deepClone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export { deepEqual } from '../kube/json-equal.js';
export { isPlainObject } from '../output/go-format.js';

// metav1.ObjectMeta field order (shared with the commands).
export { META_ORDER };

/** Key order as kube-apiserver's JSON has it: kind, apiVersion, metadata (Go field order), the body, status last. */
export function canonicalOrder(obj: KubeObject): KubeObject {
  const out: Record<string, unknown> = {};
  if (obj.kind !== undefined) out.kind = obj.kind;
  if (obj.apiVersion !== undefined) out.apiVersion = obj.apiVersion;
  const meta: Record<string, unknown> = {};
  const m = obj.metadata as Record<string, unknown>;
  for (const k of META_ORDER) if (m[k] !== undefined) meta[k] = m[k];
  for (const [k, v] of Object.entries(m)) if (!(k in meta) && v !== undefined) meta[k] = v;
  out.metadata = meta;
  for (const [k, v] of Object.entries(obj)) if (!(k in out) && k !== 'status' && v !== undefined) out[k] = v;
  if (obj.status !== undefined) out.status = obj.status;
  return out as KubeObject;
}

// ---- metadata validation for custom resources and CRDs (built-in kinds: defaults/validation.ts) -----

/** ObjectMeta checks kube-apiserver applies to every kind: name (a DNS subdomain), namespace, labels, annotations. */
export function validateObjectMeta(obj: KubeObject, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const m = obj.metadata;
  const invalidValue = (field: string, value: string, msg: string): FieldError => ({
    field,
    type: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${msg}`,
  });
  if (!m.name && !m.generateName) {
    errors.push({ field: 'metadata.name', type: 'FieldValueRequired', message: 'Required value: name or generateName is required' });
  } else if (m.name) {
    for (const msg of isDNS1123Subdomain(m.name)) errors.push(invalidValue('metadata.name', m.name, msg));
  }
  if (namespaced && !m.namespace) errors.push({ field: 'metadata.namespace', type: 'FieldValueRequired', message: 'Required value' });
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    for (const msg of isQualifiedName(k)) errors.push(invalidValue('metadata.labels', k, msg));
    for (const msg of isValidLabelValue(String(v))) errors.push(invalidValue('metadata.labels', String(v), msg));
  }
  for (const k of Object.keys(m.annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errors.push(invalidValue('metadata.annotations', k, msg));
  }
  return errors;
}
