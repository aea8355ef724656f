// POST, PUT, PATCH (json-patch, merge-patch, strategic-merge-patch, apply-patch+yaml), DELETE and
// DELETE of a collection: query options (dryRun, fieldManager, fieldValidation, force,
// propagationPolicy), body decoding, and the response codes and bodies kube-apiserver sends.
import { ApiError, badRequest, invalid, notFound, successStatus, unsupportedMediaType } from '../api-error.js';
import type { ApiServer } from '../api-server.js';
import { isPlainObject } from '../object-meta.js';
import type { DeleteOptions, WriteOptions } from '../object-writes.js';
import { contentTypeOf, negotiate } from '../negotiation.js';
import { applyMergePatch } from '../../kube/patch/merge-patch.js';
import { applyJsonPatchRequest } from '../patch/json-patch.js';
import { mapPatchStrictErrors } from '../strict-fields.js';
import { compareCodePoints, goJsonMarshal, goJsonString, goQuote, goSprint, sortedKeys } from '../../output/go-format.js';
import { deepEqual } from '../../kube/json-equal.js';
import { isDirectiveKey } from '../../kube/strategic-merge/apply.js';
import { goJsonTypeName } from '../../kube/patch/json-patch-v4.js';
import { applyStrategicMergePatch, StrategicMergeError } from '../patch/strategic-merge.js';
import { servedObject, storageKey } from '../conversion.js';
import { ProtobufUnsupported } from '../../protobuf/codec.js';
import { groupVersionOf } from '../registry.js';
import { parseBool } from '../request-info.js';
import {
  type BodySource,
  checkObjectBody,
  enforceFieldValidation,
  type FieldValidation,
  jsonTooDeep,
  parseBody,
  parseJson,
  parseFieldValidation,
  parseYamlBody,
  pruneUnknownFields,
  YAML_TYPES,
  yamlUnmarshalErrors,
} from '../request-body.js';
import { readBody, sendObject } from '../respond.js';
import { itemsOf, listSemantics, propertyOf, type Schema, type SchemaDefinitions } from '../schema.js';
import type { KubeObject } from '../types.js';
import { asTable, includeObjectParam, listBody, selection } from './reads.js';
import type { ResourceRequest } from './resources.js';

const gr = storageKey;

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

function dryRunParam(values: string[]): boolean {
  for (const v of values) {
    if (v !== 'All') throw badRequest(`Invalid dryRun: ${JSON.stringify(v)}: supported values: "All"`);
  }
  return values.length > 0;
}

/** The field manager: the query's, else the User-Agent's product (`kubectl`, `curl`), as kube-apiserver defaults it. */
export function fieldManagerOf(r: ResourceRequest): string {
  const q = r.query.get('fieldManager');
  if (q) return q;
  const ua = String(r.req.headers['user-agent'] ?? '');
  return ua.split('/')[0].slice(0, 128);
}

function writeOptions(r: ResourceRequest): WriteOptions {
  return {
    dryRun: dryRunParam(r.query.getAll('dryRun')),
    fieldManager: fieldManagerOf(r),
    subresource: r.subresource,
    requester: { user: r.user, name: r.name },
  };
}

function respond(api: ApiServer, r: ResourceRequest, code: number, obj: KubeObject, warnings: string[]): void {
  const n = negotiate(r.req.headers.accept, ['Table']);
  let body: unknown = obj;
  if (n.transform === 'Table') {
    const table = asTable(api, r.def, [obj], includeObjectParam(r.query));
    table.metadata = { resourceVersion: obj.metadata.resourceVersion };
    body = table;
  }
  sendObject(r.res, code, body, { negotiated: n, warnings });
}

async function decodeObject(api: ApiServer, r: ResourceRequest): Promise<{ obj: KubeObject; warnings: string[] }> {
  const body = await readBody(r.req);
  const fieldValidation = parseFieldValidation(r.query.get('fieldValidation'));
  const typed = api.openapi.schemaFor(r.def.group, r.def.version, r.def.kind);
  const contentType = contentTypeOf(r.req.headers['content-type']);
  let value: unknown;
  let source: BodySource | undefined;
  try {
    if (YAML_TYPES.includes(contentType)) {
      const yaml = parseYamlBody(body.toString('utf8'));
      value = yaml.value;
      source = { yamlDuplicates: yaml.duplicates };
    } else {
      value = parseBody(body, contentType, r.def.kind);
      if (!contentType || contentType === 'application/json' || contentType === '*/*') source = { json: body.toString('utf8') };
    }
  } catch (e) {
    if (e instanceof ProtobufUnsupported) throw unsupportedMediaType(['application/json', 'application/yaml']);
    throw e;
  }
  const obj = checkObjectBody(value, r.def, typed.defs, typed.schema);
  const warnings = enforceFieldValidation(fieldValidation, r.def, typed.defs, typed.schema, obj, source);
  return { obj: obj as KubeObject, warnings };
}

export async function createObject(api: ApiServer, r: ResourceRequest): Promise<void> {
  const opts = writeOptions(r);
  const { obj, warnings } = await decodeObject(api, r);
  const created = api.writer.create(r.def, r.namespace, obj, opts);
  respond(api, r, 201, created, warnings);
}

export async function replaceObject(api: ApiServer, r: ResourceRequest): Promise<void> {
  const opts = writeOptions(r);
  const { obj, warnings } = await decodeObject(api, r);
  const { object, created } = api.writer.replace(r.def, r.namespace, r.name, obj, opts);
  respond(api, r, created ? 201 : 200, object, warnings);
}

function invalidPatchOptions(field: string, type: string, message: string): ApiError {
  return invalid('meta.k8s.io', 'PatchOptions', '', [{ field, type, message }]);
}

export async function patchObject(api: ApiServer, r: ResourceRequest): Promise<void> {
  const body = await readBody(r.req);
  const patchType = contentTypeOf(r.req.headers['content-type']);
  if (!PATCH_TYPES.includes(patchType) || (patchType === 'application/strategic-merge-patch+json' && r.def.crdName)) {
    throw unsupportedMediaType(r.def.crdName ? PATCH_TYPES.filter((t) => !t.startsWith('application/strategic')) : PATCH_TYPES);
  }
  const opts = writeOptions(r);
  const fieldValidation = parseFieldValidation(r.query.get('fieldValidation'));
  const force = parseBool(r.query.get('force'));
  const typed = api.openapi.schemaFor(r.def.group, r.def.version, r.def.kind);
  const text = body.toString('utf8');

  if (patchType === 'application/apply-patch+yaml') {
    if (!r.query.get('fieldManager')) throw invalidPatchOptions('fieldManager', 'FieldValueRequired', 'Required value: is required for apply patch');
    const { value: config, duplicates } = parseYamlBody(text);
    if (!isPlainObject(config))
      throw badRequest(
        `error decoding YAML: json: cannot unmarshal ${Array.isArray(config) ? 'array' : typeof config} into Go value of type map[string]interface {}`,
      );
    if (typeof config.apiVersion !== 'string' || typeof config.kind !== 'string' || !config.apiVersion || !config.kind) {
      throw badRequest(`invalid object type: ${String(config.apiVersion ?? '')}, Kind=${String(config.kind ?? '')}`);
    }
    checkObjectBody(config, r.def, typed.defs, typed.schema);
    const meta = isPlainObject(config.metadata) ? config.metadata : {};
    if (meta.name !== undefined && meta.name !== r.name)
      throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${r.name})`);
    if (r.def.namespaced && meta.namespace !== undefined && meta.namespace !== r.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const configCopy = structuredClone(config);
    const unknown = typed.schema ? pruneUnknownFields(typed.defs, typed.schema, config) : [];
    if (unknown.length && fieldValidation === 'Strict') {
      const paths = unknown.map((p) => `${applyPath(typed.defs, typed.schema, configCopy, p)}: field not declared in schema`);
      throw badRequest(
        `failed to create typed patch object (${groupVersionOf(r.def).includes('/') ? groupVersionOf(r.def) : `/${groupVersionOf(r.def)}`}, Kind=${r.def.kind}): ${paths.join(', ')}`,
      );
    }
    if (duplicates.length && fieldValidation === 'Strict') {
      // The apply patcher strict-decodes the patch once the apply has been worked out (patch.go applyPatcher), so the
      // apply's own errors come first; nothing is stored.
      api.writer.apply(r.def, r.namespace, r.name, structuredClone(config) as KubeObject, { ...opts, dryRun: true }, force === true);
      throw badRequest(`error strict decoding YAML: error converting YAML to JSON: ${yamlUnmarshalErrors(duplicates)}`);
    }
    const warnings = fieldValidation === 'Warn' ? [...unknown.map((p) => `unknown field ${JSON.stringify(p)}`), ...duplicates] : [];
    const { object, created } = api.writer.apply(r.def, r.namespace, r.name, config as KubeObject, opts, force === true);
    respond(api, r, created ? 201 : 200, object, warnings);
    return;
  }

  if (force !== undefined) throw invalidPatchOptions('force', 'FieldValueForbidden', 'Forbidden: may not be specified for non-apply patch');
  const stored = api.store.get(gr(r.def), r.def.namespaced ? r.namespace : undefined, r.name);
  if (!stored) throw notFound({ group: r.def.group, resource: r.def.resource }, r.name);
  const current = servedObject(r.def, stored);
  const strict = fieldValidation !== 'Ignore';
  let patched: unknown;
  // What the patch itself got wrong under Strict or Warn (repeated keys; a JSON patch's unknown operation fields).
  let patchStrictErrors: string[] = [];
  // The value a Strict 422 shows: the patched object's JSON for JSON and merge patches, the patch map for SMP.
  let invalidValue: () => string;
  if (patchType === 'application/json-patch+json') {
    ({ patched, strictErrors: patchStrictErrors } = applyJsonPatchRequest(current, text, fieldValidation));
    invalidValue = () => patchedObjectJson(current, patched);
  } else {
    const merge = patchType === 'application/merge-patch+json';
    if (jsonTooDeep(text)) throw badRequest('error decoding patch: exceeded max depth');
    // The patchers unmarshal the patch with encoding/json and answer its error (a 400); the merge patcher's strict
    // decoding into a map prefixes it.
    const decodeError = (err: string) => (merge && strict ? `error decoding patch: ${err}` : err);
    const patchDoc = parseJson(text, decodeError);
    if (strict && merge && patchDoc !== null && !isPlainObject(patchDoc))
      throw badRequest(decodeError(`json: cannot unmarshal ${goJsonTypeName(patchDoc)} into Go value of type map[string]interface {}`));
    if (strict) patchStrictErrors = mapPatchStrictErrors(text);
    try {
      if (merge) patched = applyMergePatch(current, patchDoc);
      else patched = applyStrategicMergePatch(typed.defs, typed.schema, current, patchDoc);
    } catch (e) {
      if (e instanceof StrategicMergeError) throw badRequest(e.message);
      throw e;
    }
    invalidValue = merge ? () => patchedObjectJson(current, patched) : () => goSprint(withoutDirectives(patchDoc));
  }
  const obj = checkObjectBody(patched, r.def, typed.defs, typed.schema);
  const warnings = patchFieldValidation(fieldValidation, typed.defs, typed.schema, obj, patchStrictErrors, invalidValue);
  const result = api.writer.patched(r.def, current, obj as KubeObject, opts);
  respond(api, r, 200, result, warnings);
}

/**
 * fieldValidation for a PATCH (patch.go, applyPatchToCurrentObject / applyPatchToObject): the patch's own strict
 * errors, then the fields of the patched object the schema does not declare (dropped, and listed sorted, as the
 * unstructured converter reports them). Warn returns them as warnings; Strict answers a 422 whose one cause
 * shows the patched value: ` "" is invalid: patch: Invalid value: "…": strict decoding error: …`.
 */
function patchFieldValidation(
  directive: FieldValidation,
  defs: SchemaDefinitions,
  schema: Schema | undefined,
  obj: Record<string, unknown>,
  patchStrictErrors: string[],
  invalidValue: () => string,
): string[] {
  // The value shown is the patched object before its unknown fields are dropped.
  const shown = directive === 'Strict' ? invalidValue() : '';
  const unknown = schema ? pruneUnknownFields(defs, schema, obj).sort(compareCodePoints) : [];
  if (directive === 'Ignore') return [];
  const texts = [...patchStrictErrors, ...unknown.map((p) => `unknown field ${goQuote(p)}`)];
  if (texts.length === 0 || directive === 'Warn') return texts;
  throw invalid('', '', '', [
    { field: 'patch', type: 'FieldValueInvalid', message: `Invalid value: ${goQuote(shown)}: strict decoding error: ${texts.join(', ')}` },
  ]);
}

/**
 * The patched object's JSON as the json-patch library marshals it: what the patch did not touch keeps the
 * stored field order (its bytes pass through), what it touched is re-marshalled from a Go map (keys sorted).
 */
function patchedObjectJson(before: unknown, after: unknown): string {
  if (deepEqual(before, after)) return goJsonMarshal(after, undefined, { keepOrder: true });
  if (isPlainObject(before) && isPlainObject(after))
    return `{${sortedKeys(after)
      .map((k) => `${goJsonString(k)}:${patchedObjectJson(before[k], after[k])}`)
      .join(',')}}`;
  if (Array.isArray(before) && Array.isArray(after)) return `[${after.map((v, i) => patchedObjectJson(before[i], v)).join(',')}]`;
  return goJsonMarshal(after);
}

/** The strategic merge patch map as `%+v` shows it after the merge consumed its directives (`$patch`, `$setElementOrder/…`). */
function withoutDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDirectives);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => !isDirectiveKey(k))
      .map(([k, x]) => [k, withoutDirectives(x)]),
  );
}

/**
 * `spec.containers[0].foo` as structured-merge-diff names it in apply errors: list items by their keys
 * (`.spec.containers[name="c"].foo`).
 */
function applyPath(defs: SchemaDefinitions, root: Schema | undefined, obj: unknown, dotted: string): string {
  let schema = root;
  let value = obj;
  let out = '';
  for (const part of dotted.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (part.startsWith('[')) {
      const i = Number(part.slice(1, -1));
      const item = Array.isArray(value) ? value[i] : undefined;
      const sem = listSemantics(defs.resolve(schema));
      if (sem.type === 'map' && isPlainObject(item)) out += `[${sem.keys.map((k) => `${k}=${JSON.stringify(item[k])}`).join(',')}]`;
      else out += part;
      schema = itemsOf(defs, schema);
      value = item;
    } else {
      out += `.${part}`;
      const child = propertyOf(defs, schema, part);
      schema = child.kind === 'schema' ? child.schema : undefined;
      value = isPlainObject(value) ? value[part] : undefined;
    }
  }
  return out;
}

async function deleteOptions(r: ResourceRequest): Promise<DeleteOptions> {
  const body = await readBody(r.req);
  let fromBody: Record<string, unknown> = {};
  if (body.length && body.toString('utf8').trim()) {
    const parsed = parseBody(body, contentTypeOf(r.req.headers['content-type']) || 'application/json', 'DeleteOptions');
    if (!isPlainObject(parsed)) throw badRequest('the object provided is unrecognized (must be of type DeleteOptions)');
    fromBody = parsed;
  }
  const q = r.query;
  const dryRunValues = Array.isArray(fromBody.dryRun) ? (fromBody.dryRun as string[]) : q.getAll('dryRun');
  const grace = fromBody.gracePeriodSeconds ?? (q.get('gracePeriodSeconds') !== null ? Number(q.get('gracePeriodSeconds')) : undefined);
  const orphan = fromBody.orphanDependents ?? parseBool(q.get('orphanDependents'));
  const policy = fromBody.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
  return {
    propagationPolicy: typeof policy === 'string' ? policy : undefined,
    gracePeriodSeconds: typeof grace === 'number' && Number.isFinite(grace) ? grace : undefined,
    orphanDependents: typeof orphan === 'boolean' ? orphan : undefined,
    preconditions: isPlainObject(fromBody.preconditions) ? (fromBody.preconditions as DeleteOptions['preconditions']) : undefined,
    dryRun: dryRunParam(dryRunValues),
  };
}

export async function deleteObject(api: ApiServer, r: ResourceRequest): Promise<void> {
  const options = await deleteOptions(r);
  const { object, deleted } = api.writer.delete(r.def, r.namespace, r.name, options);
  if (deleted && !r.def.returnDeletedObject) {
    sendObject(r.res, 200, successStatus({ name: object.metadata.name, group: r.def.group, kind: r.def.resource, uid: object.metadata.uid }));
    return;
  }
  const code = !deleted && options.orphanDependents === false ? 202 : 200;
  respond(api, r, code, object, []);
}

export async function deleteCollection(api: ApiServer, r: ResourceRequest): Promise<void> {
  const options = await deleteOptions(r);
  const sel = selection(r);
  const ns = r.def.namespaced && r.namespace ? r.namespace : undefined;
  const items: KubeObject[] = [];
  for (const obj of api.store.list(gr(r.def), ns)) {
    if (!sel.matches(obj)) continue;
    try {
      items.push(api.writer.delete(r.def, obj.metadata.namespace ?? '', obj.metadata.name, options).object);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 404) throw e;
    }
  }
  sendObject(r.res, 200, listBody(r.def, { resourceVersion: String(api.store.resourceVersion) }, items));
}
