// The OpenAPI documents the sandbox serves (/openapi/v2, /openapi/v3 and one v3 document per group
// version), built from a real kube-apiserver's documents in fixtures/sandbox/openapi/: api/v1 and apps/v1
// as captured, the other built-in groups converted from the v2 document, custom resources from their CRD.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ResourceDef, ResourceRegistry } from './registry.js';
import { addAdmissionPolicyApi } from './openapi-admission-policies.js';
import { addV132Definitions } from './openapi-v132.js';
import { encodeOpenApiV2Protobuf } from './openapi-v2-protobuf.js';
import { SchemaDefinitions, type Schema } from './schema.js';

type Doc = Record<string, unknown>;

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Finds fixtures/sandbox/openapi walking up from this module (src/sandbox/ or dist/chunks/). */
export function findOpenApiFixtures(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'fixtures', 'sandbox', 'openapi');
    if (fs.existsSync(path.join(candidate, 'v2.json.gz'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('fixtures/sandbox/openapi not found next to the kcurl installation');
}

const readGz = (file: string): Doc => JSON.parse(gunzipSync(fs.readFileSync(file)).toString('utf8')) as Doc;

export const sha512Hex = (data: Buffer | string): string => createHash('sha512').update(data).digest('hex').toUpperCase();

/** A custom resource version as its CRD defines it. */
export interface CustomSchema {
  def: ResourceDef;
  schema: Schema | undefined;
}

export interface ServedDocument {
  body: Buffer;
  hash: string;
}

export class OpenApiDocuments {
  readonly #dir: string;
  readonly #registry: ResourceRegistry;
  #v2?: Doc;
  #v2Body?: Buffer;
  #v2Proto?: ServedDocument;
  #defs?: SchemaDefinitions;
  readonly #fixtureV3 = new Map<string, Doc>();
  readonly #v3Cache = new Map<string, ServedDocument>();
  readonly #custom = new Map<string, CustomSchema[]>(); // CRD name → versions
  #customDefs = new Map<string, SchemaDefinitions>();
  /** Changes whenever the set of documents does (Last-Modified of the index). */
  lastModified: Date;

  constructor(registry: ResourceRegistry, opts: { dir?: string; now?: () => Date } = {}) {
    this.#registry = registry;
    this.#dir = opts.dir ?? findOpenApiFixtures();
    this.lastModified = truncateToSecond(opts.now?.() ?? new Date());
  }

  #loadV2(): Doc {
    if (!this.#v2) {
      const v2 = readGz(path.join(this.#dir, 'v2.json.gz'));
      const defs = v2.definitions as Record<string, Schema>;
      Object.assign(defs, selfSubjectReviewDefinitions());
      addV132Definitions(defs);
      (v2.paths as Record<string, unknown>)['/apis/authentication.k8s.io/v1/selfsubjectreviews'] = selfSubjectReviewPath();
      adjustToV132(v2);
      addAdmissionPolicyApi(v2);
      (v2.info as Doc).version = 'v1.32.5';
      this.#v2 = v2;
    }
    return this.#v2;
  }

  /** Definitions of every built-in kind (from the v2 document). */
  definitions(): SchemaDefinitions {
    return (this.#defs ??= new SchemaDefinitions(this.#loadV2().definitions as Record<string, Schema>));
  }

  /** The schema of a kind and the definitions its refs resolve in (custom resources included). */
  schemaFor(group: string, version: string, kind: string): { schema: Schema | undefined; defs: SchemaDefinitions } {
    for (const [crdName, versions] of this.#custom) {
      const v = versions.find((c) => c.def.group === group && c.def.version === version && c.def.kind === kind);
      if (v) {
        const defs = this.#customDefs.get(`${crdName}/${version}`) ?? this.definitions();
        return { schema: defs.forKind(group, version, kind), defs };
      }
    }
    const defs = this.definitions();
    return { schema: defs.forKind(group, version, kind), defs };
  }

  /** Registers (or, with an empty list, removes) the schemas of a CRD's served versions. */
  setCustom(crdName: string, versions: CustomSchema[]): void {
    for (const key of [...this.#customDefs.keys()]) if (key.startsWith(`${crdName}/`)) this.#customDefs.delete(key);
    if (versions.length === 0) this.#custom.delete(crdName);
    else this.#custom.set(crdName, versions);
    for (const v of versions) {
      const all = { ...(this.#loadV2().definitions as Record<string, Schema>), ...customDefinitions(v) };
      this.#customDefs.set(`${crdName}/${v.def.version}`, new SchemaDefinitions(all));
    }
    this.#v3Cache.clear();
    this.#v2Body = undefined;
    this.#v2Proto = undefined;
    this.lastModified = truncateToSecond(new Date(Math.max(Date.now(), this.lastModified.getTime() + 1000)));
  }

  /** `/openapi/v2` as JSON, limited to the served group versions. */
  v2(): Buffer {
    if (!this.#v2Body) {
      const v2 = this.#loadV2();
      const served = this.#servedPrefixes();
      const paths: Record<string, unknown> = {};
      for (const [p, item] of Object.entries(v2.paths as Record<string, unknown>)) {
        if (served.some((prefix) => p === prefix || p.startsWith(prefix)) && this.#pathServed(p)) paths[p] = item;
      }
      const definitions = { ...(v2.definitions as Record<string, unknown>) };
      for (const versions of this.#custom.values()) for (const v of versions) Object.assign(definitions, customDefinitions(v));
      this.#v2Body = Buffer.from(JSON.stringify({ ...v2, paths, definitions }));
    }
    return this.#v2Body;
  }

  /** `/openapi/v2` as gnostic's protobuf Document, with kube-openapi's ETag (the SHA-512 of the bytes). */
  v2Protobuf(): ServedDocument {
    if (!this.#v2Proto) {
      const body = encodeOpenApiV2Protobuf(JSON.parse(this.v2().toString('utf8')) as Doc);
      this.#v2Proto = { body, hash: sha512Hex(body) };
    }
    return this.#v2Proto;
  }

  /** The `/openapi/v3` index: one entry per served group version, addressed by content hash. */
  v3Index(): Doc {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const key of this.#v3Keys()) {
      const doc = this.v3(key);
      if (doc) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` };
    }
    return { paths };
  }

  /** One group version's document: `api/v1`, `apis/apps/v1`. */
  v3(key: string): ServedDocument | undefined {
    const cached = this.#v3Cache.get(key);
    if (cached) return cached;
    if (!this.#v3Keys().includes(key)) return undefined;
    const doc = this.#buildV3(key);
    const body = Buffer.from(JSON.stringify(doc));
    const served = { body, hash: sha512Hex(body) };
    this.#v3Cache.set(key, served);
    return served;
  }

  #v3Keys(): string[] {
    const keys: string[] = [];
    for (const group of ['', ...this.#registry.groups()]) {
      for (const version of this.#registry.versions(group)) keys.push(group ? `apis/${group}/${version}` : `api/${version}`);
    }
    return keys;
  }

  #servedPrefixes(): string[] {
    return this.#v3Keys().map((k) => `/${k}/`);
  }

  /** Whether a v2/v3 path names a resource the sandbox serves (or is the group version's root). */
  #pathServed(p: string): boolean {
    const m = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)\/(.*)$/.exec(p);
    if (!m) return false;
    let rest = m[1];
    if (rest === '') return true;
    if (rest.startsWith('watch/')) rest = rest.slice(6);
    if (rest.startsWith('namespaces/{namespace}/')) rest = rest.slice('namespaces/{namespace}/'.length);
    const [resource, , subresource] = rest.split('/');
    const gv = /^\/api\/v1\//.test(p) ? { group: '', version: 'v1' } : { group: p.split('/')[2], version: p.split('/')[3] };
    const def = this.#registry.find(gv.group, gv.version, resource);
    return Boolean(def) && (!subresource || Boolean(def?.subresources.some((s) => s.name === subresource)));
  }

  #buildV3(key: string): Doc {
    const [group, version] = key.startsWith('api/') ? ['', key.slice(4)] : key.slice(5).split('/');
    const crd = [...this.#custom.values()].flat().filter((c) => c.def.group === group && c.def.version === version);
    if (crd.length > 0) return customV3(this.#loadV2(), crd);
    const fixture = this.#fixtureDoc(key);
    if (fixture) return fixture;
    return v3FromV2(this.#loadV2(), `/${key}/`, (p) => this.#pathServed(p));
  }

  #fixtureDoc(key: string): Doc | undefined {
    const file = path.join(this.#dir, `v3-${key.replace(/\//g, '_')}.json.gz`);
    if (this.#fixtureV3.has(key)) return this.#fixtureV3.get(key);
    if (!fs.existsSync(file)) return undefined;
    const doc = readGz(file);
    (doc.info as Doc).version = 'v1.32.5';
    const schemas = (doc.components as Doc | undefined)?.schemas as Record<string, Schema> | undefined;
    if (schemas) addV132Definitions(schemas, (s) => convertSchema(s));
    this.#fixtureV3.set(key, doc);
    return doc;
  }
}

function truncateToSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

// ---- v2 → v3 conversion -------------------------------------------------------------------------

/** Converts the part of a Swagger 2.0 document under `prefix` into an OpenAPI 3.0 document. */
export function v3FromV2(v2: Doc, prefix: string, keep: (path: string) => boolean = () => true): Doc {
  const paths: Record<string, unknown> = {};
  for (const [p, item] of Object.entries(v2.paths as Record<string, Doc>)) {
    if (!p.startsWith(prefix) || !keep(p)) continue;
    paths[p] = convertPathItem(item);
  }
  const schemas = closure(v2.definitions as Record<string, Schema>, paths);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.5' },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
  };
}

function convertPathItem(item: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'parameters') out.parameters = (v as Doc[]).map(convertParameter).filter(Boolean);
    else if (['get', 'put', 'post', 'patch', 'delete', 'head', 'options'].includes(k)) out[k] = convertOperation(v as Doc);
    else out[k] = v;
  }
  return out;
}

function convertOperation(op: Doc): Doc {
  const out: Doc = {};
  if (op.tags) out.tags = op.tags;
  if (op.description) out.description = op.description;
  if (op.operationId) out.operationId = op.operationId;
  const params = (op.parameters as Doc[] | undefined) ?? [];
  const body = params.find((p) => p.in === 'body');
  const rest = params.filter((p) => p.in !== 'body').map(convertParameter);
  if (rest.length) out.parameters = rest;
  if (body) {
    const consumes = (op.consumes as string[] | undefined) ?? ['*/*'];
    const content: Doc = {};
    for (const mt of consumes) content[mt] = { schema: convertSchema(body.schema) };
    out.requestBody = { content, required: body.required === true };
  }
  const produces = (op.produces as string[] | undefined) ?? ['application/json'];
  const responses: Doc = {};
  for (const [code, r] of Object.entries((op.responses as Record<string, Doc>) ?? {})) {
    const resp: Doc = { description: r.description };
    if (r.schema) {
      const content: Doc = {};
      for (const mt of produces) content[mt] = { schema: convertSchema(r.schema) };
      resp.content = content;
    }
    responses[code] = resp;
  }
  out.responses = responses;
  for (const [k, v] of Object.entries(op)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

function convertParameter(p: Doc): Doc {
  const out: Doc = { name: p.name, in: p.in };
  if (p.description) out.description = p.description;
  if (p.required) out.required = p.required;
  const schema: Doc = {};
  if (p.type) schema.type = p.type;
  if (p.uniqueItems) schema.uniqueItems = p.uniqueItems;
  out.schema = schema;
  return out;
}

/** Rewrites `#/definitions/x` refs; a ref with siblings becomes `allOf: [{$ref}]` as kube-openapi does. */
function convertSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(convertSchema);
  if (!s || typeof s !== 'object') return s;
  const src = s as Doc;
  const out: Doc = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === '$ref') continue;
    out[k] = k === 'enum' || k === 'example' || k === 'default' || k === 'x-kubernetes-group-version-kind' ? v : convertSchema(v);
  }
  if (typeof src.$ref === 'string') {
    const ref = src.$ref.replace('#/definitions/', '#/components/schemas/');
    if (Object.keys(out).length === 0) return { $ref: ref };
    return { ...out, allOf: [{ $ref: ref }] };
  }
  return out;
}

function closure(definitions: Record<string, Schema>, roots: unknown): Record<string, unknown> {
  const names = new Set<string>();
  const queue: unknown[] = [roots];
  while (queue.length) {
    const node = queue.pop();
    if (Array.isArray(node)) queue.push(...node);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node as Doc)) {
        if (k === '$ref' && typeof v === 'string') {
          const name = v.slice(v.lastIndexOf('/') + 1);
          if (!names.has(name) && definitions[name]) {
            names.add(name);
            queue.push(definitions[name]);
          }
        } else if (typeof v === 'object') queue.push(v);
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const name of [...names].sort()) out[name] = convertSchema(definitions[name]);
  return out;
}

// ---- custom resources ---------------------------------------------------------------------------

/** `com.example.stable.v1.CronTab`: the definition name kube-apiserver gives a custom kind. */
export function customDefinitionName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

function customDefinitions(c: CustomSchema): Record<string, Schema> {
  const { group, version, kind } = c.def;
  const base = (c.schema ? structuredClone(c.schema) : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Schema;
  const properties = { ...((base.properties as Record<string, Schema>) ?? {}) };
  properties.apiVersion = {
    type: 'string',
    description:
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  };
  properties.kind = {
    type: 'string',
    description:
      'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  };
  properties.metadata = {
    $ref: `#/definitions/${OBJECT_META}`,
    description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  };
  const kindSchema: Schema = { ...base, type: 'object', properties, 'x-kubernetes-group-version-kind': [{ group, kind, version }] };
  const listSchema: Schema = {
    description: `${kind}List is a list of ${kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: properties.apiVersion,
      items: { type: 'array', items: { $ref: `#/definitions/${customDefinitionName(group, version, kind)}` } },
      kind: properties.kind,
      metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' },
    },
    'x-kubernetes-group-version-kind': [{ group, kind: `${kind}List`, version }],
  };
  return { [customDefinitionName(group, version, kind)]: kindSchema, [customDefinitionName(group, version, `${kind}List`)]: listSchema };
}

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'];

function customV3(v2: Doc, versions: CustomSchema[]): Doc {
  const defs: Record<string, Schema> = { ...(v2.definitions as Record<string, Schema>) };
  const paths: Record<string, unknown> = {};
  for (const c of versions) {
    Object.assign(defs, customDefinitions(c));
    const { group, version, kind, resource, namespaced } = c.def;
    const gvk = { group, version, kind };
    const ref = { $ref: `#/definitions/${customDefinitionName(group, version, kind)}` };
    const listRef = { $ref: `#/definitions/${customDefinitionName(group, version, `${kind}List`)}` };
    const base = `/apis/${group}/${version}`;
    const collection = namespaced ? `${base}/namespaces/{namespace}/${resource}` : `${base}/${resource}`;
    const op = (action: string, description: string, schema: Doc | undefined, params: string[], consumes?: string[]) => {
      const o: Doc = {
        description,
        consumes: consumes ?? ['*/*'],
        produces: ['application/json', 'application/yaml'],
        operationId: `${action}${kind}`,
        parameters: [
          ...(schema && ['post', 'replace', 'patch'].some((a) => action.startsWith(a))
            ? [
                {
                  name: 'body',
                  in: 'body',
                  required: true,
                  schema: action.startsWith('patch') ? { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } : schema,
                },
              ]
            : []),
          ...params.map((name) => ({ uniqueItems: true, type: 'string', name, in: 'query' })),
        ],
        responses: { 200: { description: 'OK', schema }, 401: { description: 'Unauthorized' } },
        'x-kubernetes-action': action
          .replace(/[A-Z].*$/, '')
          .replace('replace', 'put')
          .replace('read', 'get'),
        'x-kubernetes-group-version-kind': gvk,
      };
      return o;
    };
    paths[collection] = {
      get: op('list', `list objects of kind ${kind}`, listRef, ['labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion', 'watch']),
      post: op('post', `create a ${kind}`, ref, WRITE_PARAMS),
      delete: op('deletecollection', `delete collection of ${kind}`, { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Status' }, []),
    };
    paths[`${collection}/{name}`] = {
      get: op('read', `read the specified ${kind}`, ref, []),
      put: op('replace', `replace the specified ${kind}`, ref, WRITE_PARAMS),
      patch: op('patch', `partially update the specified ${kind}`, ref, [...WRITE_PARAMS, 'force'], PATCH_TYPES),
      delete: op('delete', `delete a ${kind}`, { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Status' }, ['dryRun']),
    };
    if (c.def.subresources.some((s) => s.name === 'status')) {
      paths[`${collection}/{name}/status`] = {
        get: op('read', `read status of the specified ${kind}`, ref, []),
        put: op('replace', `replace status of the specified ${kind}`, ref, WRITE_PARAMS),
        patch: op('patch', `partially update status of the specified ${kind}`, ref, [...WRITE_PARAMS, 'force'], PATCH_TYPES),
      };
    }
  }
  return v3FromV2({ ...v2, definitions: defs, paths }, '/apis/');
}

// ---- SelfSubjectReview (authentication.k8s.io/v1 since 1.28; absent from the v1.26 capture) -------

function selfSubjectReviewDefinitions(): Record<string, Schema> {
  return {
    'io.k8s.api.authentication.v1.SelfSubjectReview': {
      description:
        'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request. When using impersonation, users will receive the user info of the user being impersonated.  If impersonation or request header authentication is used, any extra keys will have their case ignored and returned as lowercase.',
      type: 'object',
      properties: {
        apiVersion: { description: 'APIVersion defines the versioned schema of this representation of an object.', type: 'string' },
        kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string' },
        metadata: { description: "Standard object's metadata.", $ref: `#/definitions/${OBJECT_META}` },
        status: {
          description: 'Status is filled in by the server with the user attributes.',
          $ref: '#/definitions/io.k8s.api.authentication.v1.SelfSubjectReviewStatus',
        },
      },
      'x-kubernetes-group-version-kind': [{ group: 'authentication.k8s.io', kind: 'SelfSubjectReview', version: 'v1' }],
    },
    'io.k8s.api.authentication.v1.SelfSubjectReviewStatus': {
      description: 'SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.',
      type: 'object',
      properties: {
        userInfo: { description: 'User attributes of the user making this request.', $ref: '#/definitions/io.k8s.api.authentication.v1.UserInfo' },
      },
    },
  };
}

/**
 * What changed between the captured v1.26 document and v1.32 for the groups the sandbox serves:
 * flowcontrol.apiserver.k8s.io/v1 (GA in 1.29, the v1beta3 schema under the v1 names; nominalConcurrencyShares
 * and lendablePercent as in v1beta3) and NetworkPolicy without the status it lost in 1.28.
 */
function adjustToV132(v2: Doc): void {
  const defs = v2.definitions as Record<string, Schema>;
  const paths = v2.paths as Record<string, unknown>;
  const toV1 = (text: string) =>
    text
      .replace(/flowcontrol\.v1beta3\./g, 'flowcontrol.v1.')
      .replace(/flowcontrol\.apiserver\.k8s\.io\/v1beta3\//g, 'flowcontrol.apiserver.k8s.io/v1/')
      .replace(/"version":"v1beta3"/g, '"version":"v1"')
      .replace(/FlowcontrolApiserverV1beta3/g, 'FlowcontrolApiserverV1')
      .replace(/flowcontrolApiserver_v1beta3/g, 'flowcontrolApiserver_v1');
  for (const [name, schema] of Object.entries(defs)) {
    if (name.startsWith('io.k8s.api.flowcontrol.v1beta3.')) defs[toV1(name)] = JSON.parse(toV1(JSON.stringify(schema))) as Schema;
  }
  for (const [p, item] of Object.entries(paths)) {
    if (p.startsWith('/apis/flowcontrol.apiserver.k8s.io/v1beta3/')) paths[toV1(p)] = JSON.parse(toV1(JSON.stringify(item)));
  }
  const np = defs['io.k8s.api.networking.v1.NetworkPolicy'];
  if (np?.properties) delete (np.properties as Record<string, unknown>).status;
  delete defs['io.k8s.api.networking.v1.NetworkPolicyStatus'];
}

function selfSubjectReviewPath(): Doc {
  return {
    post: {
      description: 'create a SelfSubjectReview',
      consumes: ['*/*'],
      produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
      schemes: ['https'],
      tags: ['authentication_v1'],
      operationId: 'createAuthenticationV1SelfSubjectReview',
      parameters: [
        { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.api.authentication.v1.SelfSubjectReview' } },
        ...WRITE_PARAMS.map((name) => ({ uniqueItems: true, type: 'string', name, in: 'query' })),
      ],
      responses: {
        200: { description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.authentication.v1.SelfSubjectReview' } },
        201: { description: 'Created', schema: { $ref: '#/definitions/io.k8s.api.authentication.v1.SelfSubjectReview' } },
        401: { description: 'Unauthorized' },
      },
      'x-kubernetes-action': 'post',
      'x-kubernetes-group-version-kind': { group: 'authentication.k8s.io', kind: 'SelfSubjectReview', version: 'v1' },
    },
  };
}
