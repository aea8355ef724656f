// Hostile or unusual requests answered as kube-apiserver answers them, never with a 500: bodies nested
// past the decoders' limits (Go's texts; the sandbox's limit is 1000 levels where Go's is 10000), YAML alias bombs, ConfigMaps and Secrets over 1 MiB, percent-encoded paths,
// impersonation headers holding commas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
const internalErrors: string[] = [];
beforeAll(async () => {
  t = await startTestSandbox({ log: (line) => internalErrors.push(line) });
});
afterAll(async () => {
  await t?.close();
  expect(internalErrors.filter((l) => /internal error/.test(l))).toEqual([]);
});

const CM = '/api/v1/namespaces/default/configmaps';
const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
/** Each level lists the previous anchor ten times: 10^levels values from a few hundred bytes. */
function laughs(levels: number): string {
  let yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i <= levels; i++)
    yaml += `x${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return yaml;
}

describe('request bodies', () => {
  it.each([
    [
      'JSON nested past 1000 levels (Go allows 10000; the sandbox overflows near 2000)',
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"x":${nested(10001)}}`,
      'application/json',
      'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: exceeded max depth ({"apiVersion":"v1","kind":"Con...)',
    ],
    ['a YAML alias bomb', laughs(9), 'application/yaml', 'error converting YAML to JSON: yaml: document contains excessive aliasing'],
    [
      "YAML flow nesting past the parser's depth",
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx: ${nested(20000)}\n`,
      'application/yaml',
      'error converting YAML to JSON: yaml: line 4: exceeded max depth of 10000',
    ],
    [
      'a YAML anchor that contains itself',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loop}\nx: &me {y: *me}\n',
      'application/yaml',
      "error converting YAML to JSON: yaml: anchor 'me' value contains itself",
    ],
  ])('%s → 400', async (_name, body, contentType, message) => {
    const r = await t.request('POST', CM, { body, contentType });
    expect(r.status, r.text).toBe(400);
    expect(r.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400, message });
  });

  it('a few aliases are fine (go-yaml counts only past 100 aliases and 1000 nodes)', async () => {
    const r = await t.request('POST', CM, { body: `${laughs(2)}data: {a: b}\n`.replace('name: lol', 'name: few-aliases'), contentType: 'application/yaml' });
    expect(r.status, r.text).toBe(201);
  });

  it('a long chain of aliases is excessive aliasing, as go-yaml counts it', async () => {
    let yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: chain}\nl0: &l0 [x]\n';
    for (let i = 1; i <= 1100; i++) yaml += `l${i}: &l${i} [*l${i - 1}]\n`;
    const r = await t.request('POST', CM, { body: yaml, contentType: 'application/yaml' });
    expect(r.status).toBe(400);
    expect(r.json().message).toBe('error converting YAML to JSON: yaml: document contains excessive aliasing');
  });

  it('a YAML document whose aliases nest deeper than its text → 400', async () => {
    // Each line stays under the text's nesting bound (512); through the alias the value nests 1010 deep.
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stacked}\na: &a ${nested(500)}\nb: ${'['.repeat(510)}*a${']'.repeat(510)}\n`;
    const r = await t.request('POST', CM, { body: yaml, contentType: 'application/yaml' });
    expect(r.status).toBe(400);
    expect(r.json().message).toBe('error converting YAML to JSON: yaml: exceeded max depth of 10000');
  });

  it('a custom resource nested 900 levels deep is stored and served', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Thing', plural: 'things' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    expect((await t.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd })).status).toBe(201);
    const body = `{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"deep"},"x":${'{"a":'.repeat(900)}1${'}'.repeat(900)}}`;
    const created = await eventually(async () => {
      const r = await t.request('POST', '/apis/example.com/v1/namespaces/default/things', { body });
      return r.status === 404 ? undefined : r;
    }, 'the custom resource to be served');
    expect(created.status, created.text.slice(0, 200)).toBe(201);
    expect((await t.request('GET', '/apis/example.com/v1/namespaces/default/things/deep')).status).toBe(200);
  });

  it('a merge patch nested past 1000 levels → 400', async () => {
    expect((await t.request('POST', CM, { body: { metadata: { name: 'patched' } } })).status).toBe(201);
    const r = await t.request('PATCH', `${CM}/patched`, { body: `{"data":${nested(1001)}}`, contentType: 'application/merge-patch+json' });
    expect(r.status).toBe(400);
    expect(r.json().message).toBe('error decoding patch: exceeded max depth');
  });

  it.each([
    [
      'ConfigMap',
      CM,
      { metadata: { name: 'big' }, data: { a: 'x'.repeat(600 * 1024), b: 'y'.repeat(500 * 1024) } },
      'ConfigMap "big" is invalid: []: Too long: may not be more than 1048576 bytes',
      '[]',
    ],
    [
      'ConfigMap (binaryData counts too)',
      CM,
      { metadata: { name: 'big-binary' }, data: { a: 'x'.repeat(600 * 1024) }, binaryData: { b: Buffer.alloc(500 * 1024).toString('base64') } },
      'ConfigMap "big-binary" is invalid: []: Too long: may not be more than 1048576 bytes',
      '[]',
    ],
    [
      'Secret',
      '/api/v1/namespaces/default/secrets',
      { metadata: { name: 'big' }, stringData: { a: 'x'.repeat(1100 * 1024) } },
      'Secret "big" is invalid: data: Too long: may not be more than 1048576 bytes',
      'data',
    ],
  ])('a %s over 1 MiB → 422', async (_kind, path, body, message, field) => {
    const r = await t.request('POST', path, { body });
    expect(r.status).toBe(422);
    const status = r.json();
    expect(status).toMatchObject({ reason: 'Invalid', code: 422, message });
    expect(status.details.causes).toEqual([{ reason: 'FieldValueTooLong', message: 'Too long: may not be more than 1048576 bytes', field }]);
  });

  it('a ConfigMap and a Secret of exactly 1 MiB of values are created (keys do not count)', async () => {
    expect((await t.request('POST', CM, { body: { metadata: { name: 'just-fits' }, data: { a: 'x'.repeat(1024 * 1024) } } })).status).toBe(201);
    const secret = await t.request('POST', '/api/v1/namespaces/default/secrets', {
      body: { metadata: { name: 'just-fits' }, data: { [`k${'e'.repeat(200)}y`]: Buffer.alloc(1024 * 1024).toString('base64') } },
    });
    expect(secret.status, secret.text.slice(0, 200)).toBe(201);
  });
});

describe('paths and headers', () => {
  it('percent-encoded path segments are decoded before lookup', async () => {
    expect((await t.request('POST', CM, { body: { metadata: { name: 'abc' } } })).status).toBe(201);
    const got = await t.request('GET', '/api/v1/namespaces/default/configmaps/%61bc');
    expect(got.status).toBe(200);
    expect(got.json().metadata.name).toBe('abc');
    expect((await t.request('GET', '/api/v1/namespaces/d%65fault/config%6Daps')).json().kind).toBe('ConfigMapList');
    // %2F is a separator once decoded, as in Go: no object has a slash in its name.
    expect((await t.request('GET', '/api/v1/namespaces/default/configmaps/a%2Fb')).status).toBe(404);
  });

  it('a malformed escape is a plain 400 from the HTTP server', async () => {
    const r = await t.request('GET', '/api/v1/namespaces/default/configmaps/%zz');
    expect([r.status, r.text]).toEqual([400, '400 Bad Request']);
  });

  it('Impersonate-Group values are not split on commas (one group per header line)', async () => {
    const r = await t.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      headers: { 'impersonate-user': 'jane', 'impersonate-group': 'ops,admins' },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.json().status.userInfo).toEqual({ username: 'jane', groups: ['ops,admins', 'system:authenticated'] });
  });
});
