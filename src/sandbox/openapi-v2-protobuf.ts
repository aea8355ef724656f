// `/openapi/v2` as protobuf: the JSON document encoded as gnostic's `openapi.v2.Document` (OpenAPIv2.proto), which
// kube-openapi serves for `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and kubectl asks for
// when it validates an object whose kind has no PATCH path in the v3 documents (a core/v1 Binding). Maps become
// ordered Named* lists in document order; vendor extensions, defaults, enums and examples are `Any{yaml}` as
// gnostic's compiler writes them; proto3 rules: zero scalars are left out, a set oneof is always written.
import { stringify as toYaml } from 'yaml';
import { lenField, varintField } from '../protobuf/codec.js';

type Json = Record<string, unknown>;

/** A message under construction: its encoded fields in field-number order. */
class Message {
  readonly parts: Buffer[] = [];
  str(field: number, value: unknown): this {
    if (typeof value === 'string' && value !== '') this.parts.push(lenField(field, value));
    return this;
  }
  strings(field: number, value: unknown): this {
    if (Array.isArray(value)) for (const v of value) this.parts.push(lenField(field, String(v)));
    return this;
  }
  bool(field: number, value: unknown): this {
    if (value === true) this.parts.push(varintField(field, 1));
    return this;
  }
  int(field: number, value: unknown): this {
    if (typeof value === 'number' && value !== 0) this.parts.push(varintField(field, value));
    return this;
  }
  double(field: number, value: unknown): this {
    if (typeof value === 'number' && value !== 0) {
      const key = varintField(field, 0);
      key[0] |= 1; // varintField writes the key (wire type 0, in the low bits of its first byte) and a 0: wire type 1
      const b = Buffer.alloc(8);
      b.writeDoubleLE(value);
      this.parts.push(key.subarray(0, key.length - 1), b);
    }
    return this;
  }
  msg(field: number, value: Buffer | undefined): this {
    if (value) this.parts.push(lenField(field, value));
    return this;
  }
  msgs(field: number, values: Buffer[]): this {
    for (const v of values) this.parts.push(lenField(field, v));
    return this;
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** gnostic's `Any`: the value as YAML text (the same few extension values recur thousands of times: kept once). */
const anyCache = new Map<string, Buffer>();
function any(value: unknown): Buffer {
  const key = JSON.stringify(value);
  let bytes = anyCache.get(key);
  if (!bytes) {
    bytes = new Message().str(2, toYaml(value)).bytes();
    if (anyCache.size < 10_000) anyCache.set(key, bytes);
  }
  return bytes;
}
const anyOrUndefined = (value: unknown): Buffer | undefined => (value === undefined ? undefined : any(value));
const anys = (value: unknown): Buffer[] => (Array.isArray(value) ? value.map(any) : []);

/** `repeated NamedAny vendor_extension`: every `x-` key in order. */
function vendorExtensions(obj: Json): Buffer[] {
  const out: Buffer[] = [];
  for (const [k, v] of Object.entries(obj)) if (k.startsWith('x-')) out.push(named(k, any(v)));
  return out;
}

function named(name: string, value: Buffer): Buffer {
  return new Message().str(1, name).msg(2, value).bytes();
}

function namedList(obj: unknown, encode: (v: unknown) => Buffer): Buffer[] {
  if (!isObject(obj)) return [];
  return Object.entries(obj).map(([k, v]) => named(k, encode(v)));
}

function externalDocs(v: unknown): Buffer | undefined {
  if (!isObject(v)) return undefined;
  return new Message().str(1, v.description).str(2, v.url).msgs(3, vendorExtensions(v)).bytes();
}

function schema(v: unknown): Buffer {
  const s = isObject(v) ? v : {};
  const m = new Message()
    .str(1, s.$ref)
    .str(2, s.format)
    .str(3, s.title)
    .str(4, s.description)
    .msg(5, anyOrUndefined(s.default))
    .double(6, s.multipleOf)
    .double(7, s.maximum)
    .bool(8, s.exclusiveMaximum)
    .double(9, s.minimum)
    .bool(10, s.exclusiveMinimum)
    .int(11, s.maxLength)
    .int(12, s.minLength)
    .str(13, s.pattern)
    .int(14, s.maxItems)
    .int(15, s.minItems)
    .bool(16, s.uniqueItems)
    .int(17, s.maxProperties)
    .int(18, s.minProperties)
    .strings(19, s.required)
    .msgs(20, anys(s.enum));
  if (s.additionalProperties !== undefined) {
    // AdditionalPropertiesItem: oneof { Schema schema = 1; bool boolean = 2; }
    const ap = s.additionalProperties;
    m.msg(21, typeof ap === 'boolean' ? varintField(2, ap ? 1 : 0) : lenField(1, schema(ap)));
  }
  if (s.type !== undefined) m.msg(22, new Message().strings(1, Array.isArray(s.type) ? s.type : [s.type]).bytes());
  if (s.items !== undefined) m.msg(23, new Message().msgs(1, (Array.isArray(s.items) ? s.items : [s.items]).map(schema)).bytes());
  if (Array.isArray(s.allOf)) m.msgs(24, s.allOf.map(schema));
  if (s.properties !== undefined) m.msg(25, new Message().msgs(1, namedList(s.properties, schema)).bytes());
  m.str(26, s.discriminator).bool(27, s.readOnly);
  if (isObject(s.xml)) {
    const x = s.xml;
    m.msg(28, new Message().str(1, x.name).str(2, x.namespace).str(3, x.prefix).bool(4, x.attribute).bool(5, x.wrapped).msgs(6, vendorExtensions(x)).bytes());
  }
  m.msg(29, externalDocs(s.externalDocs)).msg(30, anyOrUndefined(s.example)).msgs(31, vendorExtensions(s));
  return m.bytes();
}

/** PrimitivesItems (a non-body parameter's `items`), or with `header` a response's Header (description at 18). */
function primitivesItems(v: unknown, header = false): Buffer {
  const p = isObject(v) ? v : {};
  const m = new Message()
    .str(1, p.type)
    .str(2, p.format)
    .msg(3, p.items === undefined ? undefined : primitivesItems(p.items))
    .str(4, p.collectionFormat)
    .msg(5, anyOrUndefined(p.default))
    .double(6, p.maximum)
    .bool(7, p.exclusiveMaximum)
    .double(8, p.minimum)
    .bool(9, p.exclusiveMinimum)
    .int(10, p.maxLength)
    .int(11, p.minLength)
    .str(12, p.pattern)
    .int(13, p.maxItems)
    .int(14, p.minItems)
    .bool(15, p.uniqueItems)
    .msgs(16, anys(p.enum))
    .double(17, p.multipleOf);
  if (header) return m.str(18, p.description).msgs(19, vendorExtensions(p)).bytes();
  return m.msgs(18, vendorExtensions(p)).bytes();
}

/**
 * Header/FormData/Query/Path parameter sub-schemas share one layout from `type` on, after their leading fields:
 * required, in, description, name (and allow_empty_value for query and formData).
 */
function nonBodyParameter(p: Json): Buffer {
  const where = p.in;
  const withEmpty = where === 'query' || where === 'formData';
  const m = new Message().bool(1, p.required).str(2, p.in).str(3, p.description).str(4, p.name);
  let n = 5;
  if (withEmpty) m.bool(n++, p.allowEmptyValue);
  m.str(n++, p.type)
    .str(n++, p.format)
    .msg(n++, p.items === undefined ? undefined : primitivesItems(p.items))
    .str(n++, p.collectionFormat)
    .msg(n++, anyOrUndefined(p.default))
    .double(n++, p.maximum)
    .bool(n++, p.exclusiveMaximum)
    .double(n++, p.minimum)
    .bool(n++, p.exclusiveMinimum)
    .int(n++, p.maxLength)
    .int(n++, p.minLength)
    .str(n++, p.pattern)
    .int(n++, p.maxItems)
    .int(n++, p.minItems)
    .bool(n++, p.uniqueItems)
    .msgs(n++, anys(p.enum))
    .double(n++, p.multipleOf)
    .msgs(n++, vendorExtensions(p));
  // NonBodyParameter: oneof { header = 1; form_data = 2; query = 3; path = 4 }
  const which = where === 'header' ? 1 : where === 'formData' ? 2 : where === 'query' ? 3 : 4;
  return lenField(which, m.bytes());
}

/** Parameter: oneof { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2 }. */
function parameter(v: unknown): Buffer {
  const p = isObject(v) ? v : {};
  if (p.in !== 'body') return lenField(2, nonBodyParameter(p));
  const body = new Message().str(1, p.description).str(2, p.name).str(3, p.in).bool(4, p.required);
  return lenField(
    1,
    body
      .msg(5, p.schema === undefined ? undefined : schema(p.schema))
      .msgs(6, vendorExtensions(p))
      .bytes(),
  );
}

/** ParametersItem: oneof { Parameter parameter = 1; JsonReference json_reference = 2 }. */
function parametersItem(v: unknown): Buffer {
  const p = isObject(v) ? v : {};
  if (typeof p.$ref === 'string') return lenField(2, new Message().str(1, p.$ref).str(2, p.description).bytes());
  return lenField(1, parameter(p));
}

function response(v: unknown): Buffer {
  const r = isObject(v) ? v : {};
  const m = new Message().str(1, r.description);
  if (r.schema !== undefined) {
    // SchemaItem: oneof { Schema schema = 1; FileSchema file_schema = 2 }
    const s = isObject(r.schema) ? r.schema : {};
    m.msg(2, s.type === 'file' ? lenField(2, fileSchema(s)) : lenField(1, schema(s)));
  }
  if (r.headers !== undefined)
    m.msg(
      3,
      new Message()
        .msgs(
          1,
          namedList(r.headers, (h) => primitivesItems(h, true)),
        )
        .bytes(),
    );
  if (r.examples !== undefined) m.msg(4, new Message().msgs(1, namedList(r.examples, any)).bytes());
  return m.msgs(5, vendorExtensions(r)).bytes();
}

function fileSchema(s: Json): Buffer {
  return new Message()
    .str(1, s.format)
    .str(2, s.title)
    .str(3, s.description)
    .msg(4, anyOrUndefined(s.default))
    .strings(5, s.required)
    .str(6, s.type)
    .bool(7, s.readOnly)
    .msg(8, externalDocs(s.externalDocs))
    .msg(9, anyOrUndefined(s.example))
    .msgs(10, vendorExtensions(s))
    .bytes();
}

function operation(v: unknown): Buffer {
  const o = isObject(v) ? v : {};
  const m = new Message()
    .strings(1, o.tags)
    .str(2, o.summary)
    .str(3, o.description)
    .msg(4, externalDocs(o.externalDocs))
    .str(5, o.operationId)
    .strings(6, o.produces)
    .strings(7, o.consumes)
    .msgs(8, Array.isArray(o.parameters) ? o.parameters.map(parametersItem) : []);
  if (o.responses !== undefined) {
    const responses = isObject(o.responses) ? o.responses : {};
    const codes = Object.entries(responses)
      .filter(([k]) => !k.startsWith('x-'))
      // ResponseValue: oneof { Response response = 1; JsonReference json_reference = 2 }
      .map(([k, r]) => named(k, isObject(r) && typeof r.$ref === 'string' ? lenField(2, new Message().str(1, r.$ref).bytes()) : lenField(1, response(r))));
    m.msg(9, new Message().msgs(1, codes).msgs(2, vendorExtensions(responses)).bytes());
  }
  return m.strings(10, o.schemes).bool(11, o.deprecated).msgs(12, securityRequirements(o.security)).msgs(13, vendorExtensions(o)).bytes();
}

function pathItem(v: unknown): Buffer {
  const p = isObject(v) ? v : {};
  const m = new Message().str(1, p.$ref);
  ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'].forEach((verb, i) => {
    if (p[verb] !== undefined) m.msg(2 + i, operation(p[verb]));
  });
  return m
    .msgs(9, Array.isArray(p.parameters) ? p.parameters.map(parametersItem) : [])
    .msgs(10, vendorExtensions(p))
    .bytes();
}

function securityRequirements(v: unknown): Buffer[] {
  if (!Array.isArray(v)) return [];
  return v.map((req) =>
    new Message()
      .msgs(
        1,
        namedList(req, (scopes) => new Message().strings(1, scopes).bytes()),
      )
      .bytes(),
  );
}

/** SecurityDefinitionsItem, by type (and flow for oauth2). */
function securityDefinition(v: unknown): Buffer {
  const s = isObject(v) ? v : {};
  if (s.type === 'basic') return lenField(1, new Message().str(1, s.type).str(2, s.description).msgs(3, vendorExtensions(s)).bytes());
  if (s.type === 'apiKey')
    return lenField(2, new Message().str(1, s.type).str(2, s.name).str(3, s.in).str(4, s.description).msgs(5, vendorExtensions(s)).bytes());
  const scopes = new Message()
    .msgs(
      1,
      namedList(s.scopes, (x) => Buffer.from(String(x))),
    )
    .bytes();
  const oauth = new Message().str(1, s.type).str(2, s.flow).msg(3, scopes);
  if (s.flow === 'implicit') return lenField(3, oauth.str(4, s.authorizationUrl).str(5, s.description).msgs(6, vendorExtensions(s)).bytes());
  if (s.flow === 'password') return lenField(4, oauth.str(4, s.tokenUrl).str(5, s.description).msgs(6, vendorExtensions(s)).bytes());
  if (s.flow === 'application') return lenField(5, oauth.str(4, s.tokenUrl).str(5, s.description).msgs(6, vendorExtensions(s)).bytes());
  return lenField(6, oauth.str(4, s.authorizationUrl).str(5, s.tokenUrl).str(6, s.description).msgs(7, vendorExtensions(s)).bytes());
}

function info(v: unknown): Buffer | undefined {
  if (!isObject(v)) return undefined;
  const m = new Message().str(1, v.title).str(2, v.version).str(3, v.description).str(4, v.termsOfService);
  if (isObject(v.contact))
    m.msg(5, new Message().str(1, v.contact.name).str(2, v.contact.url).str(3, v.contact.email).msgs(4, vendorExtensions(v.contact)).bytes());
  if (isObject(v.license)) m.msg(6, new Message().str(1, v.license.name).str(2, v.license.url).msgs(3, vendorExtensions(v.license)).bytes());
  return m.msgs(7, vendorExtensions(v)).bytes();
}

/** The JSON OpenAPI v2 document as the bytes of a gnostic `openapi.v2.Document`. */
export function encodeOpenApiV2Protobuf(doc: Json): Buffer {
  const m = new Message()
    .str(1, doc.swagger)
    .msg(2, info(doc.info))
    .str(3, doc.host)
    .str(4, doc.basePath)
    .strings(5, doc.schemes)
    .strings(6, doc.consumes)
    .strings(7, doc.produces);
  if (isObject(doc.paths)) {
    const paths = Object.entries(doc.paths);
    const ext = paths.filter(([k]) => k.startsWith('x-')).map(([k, v]) => named(k, any(v)));
    const items = paths.filter(([k]) => !k.startsWith('x-')).map(([k, v]) => named(k, pathItem(v)));
    m.msg(8, new Message().msgs(1, ext).msgs(2, items).bytes());
  }
  if (doc.definitions !== undefined) m.msg(9, new Message().msgs(1, namedList(doc.definitions, schema)).bytes());
  if (doc.parameters !== undefined) m.msg(10, new Message().msgs(1, namedList(doc.parameters, parameter)).bytes());
  if (doc.responses !== undefined) m.msg(11, new Message().msgs(1, namedList(doc.responses, response)).bytes());
  m.msgs(12, securityRequirements(doc.security));
  if (doc.securityDefinitions !== undefined) m.msg(13, new Message().msgs(1, namedList(doc.securityDefinitions, securityDefinition)).bytes());
  if (Array.isArray(doc.tags)) {
    m.msgs(
      14,
      doc.tags.map((t) => {
        const tag = isObject(t) ? t : {};
        return new Message().str(1, tag.name).str(2, tag.description).msg(3, externalDocs(tag.externalDocs)).msgs(4, vendorExtensions(tag)).bytes();
      }),
    );
  }
  return m.msg(15, externalDocs(doc.externalDocs)).msgs(16, vendorExtensions(doc)).bytes();
}
