// CustomResourceDefinitions: defaulting and validating them, reporting them Established, and serving
// their custom resources — registry entries (discovery, routing), OpenAPI schemas, printer columns,
// structural defaults and schema validation of custom objects, and cleanup when a CRD goes away.
import type { FieldError } from './api-error.js';
import type { ObjectWriter } from './object-writes.js';
import { isPlainObject, rfc3339 } from './object-meta.js';
import type { OpenApiDocuments } from './openapi.js';
import type { CustomColumn } from './printers/tables.js';
import { CRUD_VERBS, type ResourceDef, type ResourceRegistry, type SubresourceDef } from './registry.js';
import type { Schema } from './schema.js';
import type { ObjectStore } from './store.js';
import type { KubeObject } from './types.js';

type Rec = Record<string, unknown>;

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Schema };
  subresources?: { status?: Rec; scale?: Rec };
  additionalPrinterColumns?: CustomColumn[];
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { plural?: string; singular?: string; kind?: string; listKind?: string; shortNames?: string[]; categories?: string[] };
  versions?: CrdVersion[];
}

const spec = (crd: KubeObject) => (isPlainObject(crd.spec) ? crd.spec : {}) as CrdSpec;

export class CustomResources {
  readonly #registry: ResourceRegistry;
  readonly #openapi: OpenApiDocuments;
  readonly #store: ObjectStore;
  readonly #columns = new Map<string, CustomColumn[]>(); // `${crdName}/${version}`
  readonly #schemas = new Map<string, Schema | undefined>();

  readonly #now: () => Date;

  constructor(registry: ResourceRegistry, openapi: OpenApiDocuments, store: ObjectStore, now: () => Date = () => new Date()) {
    this.#registry = registry;
    this.#openapi = openapi;
    this.#store = store;
    this.#now = now;
  }

  /** SetDefaults_CustomResourceDefinition plus the status the CRD controllers would report. */
  prepareDefinition(crd: KubeObject): FieldError[] {
    const s = spec(crd);
    const names = (s.names ??= {});
    if (names.kind && !names.singular) names.singular = names.kind.toLowerCase();
    if (names.kind && !names.listKind) names.listKind = `${names.kind}List`;
    const sp = crd.spec as Rec | undefined;
    if (sp && !isPlainObject(sp.conversion)) sp.conversion = { strategy: 'None' };
    const now = rfc3339(this.#now());
    const storage = (s.versions ?? []).find((v) => v.storage)?.name;
    const old = isPlainObject(crd.status) ? crd.status : {};
    const oldConditions = Array.isArray(old.conditions) ? (old.conditions as Rec[]) : [];
    const since = (type: string) => (oldConditions.find((c) => c.type === type)?.lastTransitionTime as string | undefined) ?? now;
    const accepted: Rec = { plural: names.plural, singular: names.singular, kind: names.kind, listKind: names.listKind };
    if (names.shortNames?.length) accepted.shortNames = names.shortNames;
    if (names.categories?.length) accepted.categories = names.categories;
    const stored = Array.isArray(old.storedVersions) ? (old.storedVersions as string[]) : [];
    crd.status = {
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: since('NamesAccepted'), reason: 'NoConflicts', message: 'no conflicts found' },
        {
          type: 'Established',
          status: 'True',
          lastTransitionTime: since('Established'),
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
      acceptedNames: accepted,
      storedVersions: storage && !stored.includes(storage) ? [...stored, storage] : stored,
    };
    return [];
  }

  validateDefinition(crd: KubeObject, old: KubeObject | undefined): FieldError[] {
    const errors: FieldError[] = [];
    const s = spec(crd);
    const req = (field: string) => errors.push({ field, type: 'FieldValueRequired', message: 'Required value' });
    const bad = (field: string, value: unknown, why: string) =>
      errors.push({ field, type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${why}` });
    if (!s.group) req('spec.group');
    else if (!s.group.includes('.')) bad('spec.group', s.group, 'should be a domain with at least one dot');
    if (!s.names?.plural) req('spec.names.plural');
    if (!s.names?.kind) req('spec.names.kind');
    if (s.scope !== 'Namespaced' && s.scope !== 'Cluster') {
      errors.push({
        field: 'spec.scope',
        type: 'FieldValueNotSupported',
        message: `Unsupported value: ${JSON.stringify(s.scope ?? '')}: supported values: "Cluster", "Namespaced"`,
      });
    }
    if (s.group && s.names?.plural && crd.metadata.name !== `${s.names.plural}.${s.group}`) {
      bad('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group');
    }
    const versions = s.versions ?? [];
    if (versions.length === 0)
      errors.push({
        field: 'spec.versions',
        type: 'FieldValueInvalid',
        message: 'Invalid value: "null": must have exactly one version marked as storage version',
      });
    else if (versions.filter((v) => v.storage).length !== 1) bad('spec.versions', null, 'must have exactly one version marked as storage version');
    versions.forEach((v, i) => {
      if (!v.name) req(`spec.versions[${i}].name`);
      if (!v.schema?.openAPIV3Schema)
        errors.push({ field: `spec.versions[${i}].schema.openAPIV3Schema`, type: 'FieldValueRequired', message: 'Required value: schemas are required' });
    });
    if (old) {
      const o = spec(old);
      if (o.group !== s.group) bad('spec.group', s.group, 'field is immutable');
      if (o.names?.plural !== s.names?.plural) bad('status.acceptedNames.plural', s.names?.plural, 'field is immutable');
    }
    return errors;
  }

  /** Registers, updates or removes what a CRD serves. */
  sync(crd: KubeObject, type: 'ADDED' | 'MODIFIED' | 'DELETED', _writer?: ObjectWriter): void {
    const name = crd.metadata.name;
    for (const key of [...this.#columns.keys()]) if (key.startsWith(`${name}/`)) this.#columns.delete(key);
    for (const key of [...this.#schemas.keys()]) if (key.startsWith(`${name}/`)) this.#schemas.delete(key);
    if (type === 'DELETED') {
      const defs = this.#registry.custom(name);
      if (defs[0]) for (const obj of this.#store.list(defs[0])) this.#store.delete(defs[0], obj.metadata.namespace, obj.metadata.name);
      this.#registry.removeCustom(name);
      this.#openapi.setCustom(name, []);
      return;
    }
    const s = spec(crd);
    const names = s.names ?? {};
    if (!s.group || !names.plural || !names.kind) return;
    const defs: ResourceDef[] = [];
    for (const v of s.versions ?? []) {
      if (v.served === false) continue;
      const subresources: SubresourceDef[] = [];
      if (v.subresources?.scale) subresources.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
      if (v.subresources?.status) subresources.push({ name: 'status', kind: names.kind, verbs: ['get', 'patch', 'update'] });
      defs.push({
        group: s.group,
        version: v.name,
        resource: names.plural,
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind}List`,
        singular: names.singular ?? names.kind.toLowerCase(),
        namespaced: s.scope !== 'Cluster',
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
        verbs: CRUD_VERBS,
        subresources,
        hasGeneration: true,
        crdName: name,
      });
      this.#columns.set(`${name}/${v.name}`, v.additionalPrinterColumns ?? []);
      this.#schemas.set(`${name}/${v.name}`, v.schema?.openAPIV3Schema);
    }
    this.#registry.setCustom(name, defs);
    this.#openapi.setCustom(
      name,
      defs.map((def) => ({ def, schema: this.#schemas.get(`${name}/${def.version}`) })),
    );
  }

  printerColumns(def: ResourceDef): CustomColumn[] {
    return this.#columns.get(`${def.crdName}/${def.version}`) ?? [];
  }

  /** Structural schema defaulting: `default` values fill absent fields of objects that are present. */
  applySchemaDefaults(def: ResourceDef, obj: KubeObject): FieldError[] {
    const schema = this.#schemas.get(`${def.crdName}/${def.version}`);
    if (schema) applyDefaults(schema, obj);
    return [];
  }

  /** openAPIV3Schema validation of a custom object (types, required, enum, bounds, patterns). */
  validateCustom(def: ResourceDef, obj: KubeObject): FieldError[] {
    const schema = this.#schemas.get(`${def.crdName}/${def.version}`);
    if (!schema) return [];
    const errors: FieldError[] = [];
    const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = obj;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [k, v] of Object.entries(rest)) if (props[k]) validateValue(props[k], v, k, errors);
    for (const k of (schema.required as string[] | undefined) ?? []) {
      if (!['metadata', 'apiVersion', 'kind'].includes(k) && (rest as Rec)[k] === undefined)
        errors.push({ field: k, type: 'FieldValueRequired', message: 'Required value' });
    }
    return errors;
  }
}

function applyDefaults(schema: Schema, value: unknown): void {
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined;
    if (items) for (const v of value) applyDefaults(items, v);
    return;
  }
  if (!isPlainObject(value)) return;
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [k, p] of Object.entries(props)) {
    if (k === 'metadata' && schema['x-kubernetes-embedded-resource'] !== true && value.apiVersion !== undefined) continue;
    if (value[k] === undefined && p.default !== undefined) value[k] = structuredClone(p.default);
    if (value[k] !== undefined) applyDefaults(p, value[k]);
  }
  const ap = schema.additionalProperties;
  if (ap && typeof ap === 'object') for (const v of Object.values(value)) applyDefaults(ap as Schema, v);
}

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

function validateValue(schema: Schema, value: unknown, path: string, errors: FieldError[]): void {
  const invalidMsg = (msg: string, shown: unknown = value) =>
    errors.push({ field: path, type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(shown)}: ${msg}` });
  if (value === null) {
    if (schema.nullable !== true) invalidMsg(`${path} in body must be of type ${String(schema.type)}: "null"`, 'null');
    return;
  }
  const t = schema.type as string | undefined;
  const actual = jsonType(value);
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (actual !== 'integer' && actual !== 'string') invalidMsg(`${path} in body must be of type integer,string: "${actual}"`, actual);
    return;
  }
  if (t && !(t === actual || (t === 'number' && actual === 'integer'))) {
    invalidMsg(`${path} in body must be of type ${t}: "${actual}"`, actual);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push({
      field: path,
      type: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${(schema.enum as unknown[]).map((e) => JSON.stringify(e)).join(', ')}`,
    });
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) invalidMsg(`${path} in body should be greater than or equal to ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) invalidMsg(`${path} in body should be less than or equal to ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) invalidMsg(`${path} in body should match '${schema.pattern}'`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      errors.push({ field: path, type: 'FieldValueTooLong', message: `Too long: may not be more than ${schema.maxLength} bytes` });
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      invalidMsg(`${path} in body should be at least ${schema.minLength} chars long`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      errors.push({ field: path, type: 'FieldValueTooMany', message: `Too many: ${value.length}: must have at most ${schema.maxItems} items` });
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) invalidMsg(`${path} in body should have at least ${schema.minItems} items`);
    const items = schema.items as Schema | undefined;
    if (items) value.forEach((v, i) => validateValue(items, v, `${path}[${i}]`, errors));
    return;
  }
  if (isPlainObject(value)) {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) validateValue(props[k], v, `${path}.${k}`, errors);
      else if (isPlainObject(schema.additionalProperties)) validateValue(schema.additionalProperties as Schema, v, `${path}.${k}`, errors);
    }
    for (const k of (schema.required as string[] | undefined) ?? []) {
      if (value[k] === undefined) errors.push({ field: `${path}.${k}`, type: 'FieldValueRequired', message: 'Required value' });
    }
  }
}
