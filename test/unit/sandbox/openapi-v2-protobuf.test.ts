// The gnostic openapi.v2.Document encoding of /openapi/v2: field numbers of OpenAPIv2.proto, Named* lists in
// document order, Any values as YAML, proto3 zero values left out and set oneofs written.
import { describe, expect, it } from 'vitest';
import { readWire, type WireField } from '../../../src/protobuf/codec.js';
import { encodeOpenApiV2Protobuf } from '../../../src/sandbox/openapi-v2-protobuf.js';

const fields = (buf: Buffer, n: number): Buffer[] =>
  readWire(buf)
    .filter((f) => f.number === n)
    .map((f) => f.value as Buffer);
const one = (buf: Buffer, ...path: number[]): Buffer => path.reduce((b, n) => fields(b, n)[0], buf);
const text = (buf: Buffer, n: number): string[] => fields(buf, n).map((b) => b.toString('utf8'));
/** A Named* list as [name, value bytes] pairs. */
const named = (list: Buffer[]): [string, Buffer][] => list.map((e) => [text(e, 1)[0], one(e, 2)]);

const DOC = {
  swagger: '2.0',
  info: { title: 'Kubernetes', version: 'v1.32.5' },
  paths: {
    '/api/v1/namespaces/{namespace}/bindings': {
      post: {
        consumes: ['*/*'],
        operationId: 'createCoreV1NamespacedBinding',
        parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.api.core.v1.Binding' } }],
        responses: { '201': { description: 'Created', schema: { $ref: '#/definitions/io.k8s.api.core.v1.Binding' } }, '401': { description: 'Unauthorized' } },
        'x-kubernetes-action': 'post',
        'x-kubernetes-group-version-kind': { group: '', kind: 'Binding', version: 'v1' },
      },
      parameters: [{ uniqueItems: true, type: 'string', name: 'fieldValidation', in: 'query' }, { $ref: '#/parameters/namespace-vgWSWtn3' }],
    },
  },
  definitions: {
    'io.k8s.api.core.v1.Binding': {
      description: 'Binding ties one object to another',
      type: 'object',
      required: ['target'],
      properties: { apiVersion: { type: 'string' }, target: { $ref: '#/definitions/io.k8s.api.core.v1.ObjectReference' } },
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'Binding', version: 'v1' }],
    },
    labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
    free: { type: 'object', additionalProperties: false, minProperties: 0, maximum: 2.5 },
  },
  securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } },
  security: [{ BearerToken: [] }],
};

describe('encodeOpenApiV2Protobuf', () => {
  const doc = encodeOpenApiV2Protobuf(DOC);

  it('writes the Document fields by number: swagger, info, paths, definitions, security, securityDefinitions', () => {
    expect(readWire(doc).map((f: WireField) => f.number)).toEqual([1, 2, 8, 9, 12, 13]);
    expect(text(doc, 1)).toEqual(['2.0']);
    expect(text(one(doc, 2), 1)).toEqual(['Kubernetes']);
    expect(text(one(doc, 2), 2)).toEqual(['v1.32.5']);
  });

  it('encodes a path item: the POST operation, its body parameter, responses and vendor extensions as YAML', () => {
    const [[name, item]] = named(fields(one(doc, 8), 2));
    expect(name).toBe('/api/v1/namespaces/{namespace}/bindings');
    const post = one(item, 4);
    expect(text(post, 5)).toEqual(['createCoreV1NamespacedBinding']);
    expect(text(post, 7)).toEqual(['*/*']);
    const body = one(post, 8, 1, 1); // ParametersItem.parameter → Parameter.body_parameter
    expect(text(body, 2)).toEqual(['body']);
    expect(text(body, 3)).toEqual(['body']);
    expect(readWire(body).find((f) => f.number === 4)?.value).toBe(1n);
    expect(text(one(body, 5), 1)).toEqual(['#/definitions/io.k8s.api.core.v1.Binding']);
    const codes = named(fields(one(post, 9), 1));
    expect(codes.map(([c]) => c)).toEqual(['201', '401']);
    expect(text(one(codes[0][1], 1), 1)).toEqual(['Created']);
    const ext = named(fields(post, 13));
    expect(ext.map(([k, v]) => [k, text(v, 2)[0]])).toEqual([
      ['x-kubernetes-action', 'post\n'],
      ['x-kubernetes-group-version-kind', 'group: ""\nkind: Binding\nversion: v1\n'],
    ]);
    // The path's own parameters: a query parameter sub-schema and a reference.
    const [query, ref] = fields(item, 9);
    const sub = one(query, 1, 2, 3); // parameter → non_body_parameter → query_parameter_sub_schema
    expect(text(sub, 4)).toEqual(['fieldValidation']);
    expect(text(sub, 2)).toEqual(['query']);
    expect(text(sub, 6)).toEqual(['string']);
    expect(readWire(sub).find((f) => f.number === 20)?.value).toBe(1n);
    expect(text(one(ref, 2), 1)).toEqual(['#/parameters/namespace-vgWSWtn3']);
  });

  it('encodes schemas: type, required, properties in order, additionalProperties as schema or boolean, doubles', () => {
    const defs = named(fields(one(doc, 9), 1));
    expect(defs.map(([n]) => n)).toEqual(['io.k8s.api.core.v1.Binding', 'labels', 'free']);
    const binding = defs[0][1];
    expect(text(binding, 4)).toEqual(['Binding ties one object to another']);
    expect(text(one(binding, 22), 1)).toEqual(['object']);
    expect(text(binding, 19)).toEqual(['target']);
    expect(named(fields(one(binding, 25), 1)).map(([n]) => n)).toEqual(['apiVersion', 'target']);
    expect(named(fields(binding, 31)).map(([k, v]) => [k, text(v, 2)[0]])).toEqual([
      ['x-kubernetes-group-version-kind', '- group: ""\n  kind: Binding\n  version: v1\n'],
    ]);
    const labels = one(defs[1][1], 21, 1);
    expect(text(one(labels, 22), 1)).toEqual(['string']);
    expect(text(one(labels, 5), 2)).toEqual(['""\n']);
    const free = defs[2][1];
    expect(readWire(one(free, 21))).toEqual([{ number: 2, wire: 0, value: 0n }]);
    expect(readWire(free).some((f) => f.number === 18)).toBe(false);
    const max = readWire(free).find((f) => f.number === 7);
    expect(max?.wire).toBe(1);
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(max?.value as bigint);
    expect(b.readDoubleLE()).toBe(2.5);
  });

  it('encodes security: the BearerToken apiKey definition and the requirement with no scopes', () => {
    const [[name, item]] = named(fields(one(doc, 13), 1));
    expect(name).toBe('BearerToken');
    const apiKey = one(item, 2);
    expect([text(apiKey, 1), text(apiKey, 2), text(apiKey, 3), text(apiKey, 4)]).toEqual([
      ['apiKey'],
      ['authorization'],
      ['header'],
      ['Bearer Token authentication'],
    ]);
    const [[req, scopes]] = named(fields(fields(doc, 12)[0], 1));
    expect(req).toBe('BearerToken');
    expect(scopes.length).toBe(0);
  });
});
