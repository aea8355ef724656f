// Redaction before recording: credentials in headers, Secret values (objects, lists, watch events,
// Tables, patches, last-applied annotations, managedFields; JSON, YAML and protobuf), TokenRequest tokens
// and PEM private keys.
import { describe, expect, it } from 'vitest';
import { decodeProtobufObject, encodeProtobufEnvelope, lenField } from '../../../src/protobuf/codec.js';
import { BodyStreamRedactor, LineRedactor, redactBody, redactBodyText, redactHeader } from '../../../src/record/redact.js';

const SECRET_B64 = Buffer.from('hunter2-password').toString('base64');

describe('redactHeader', () => {
  it.each([
    ['Authorization', 'Bearer abc.def.ghi', '<redacted: bearer token>'],
    ['authorization', 'Basic dXNlcjpwYXNz', '<redacted: basic credentials>'],
    ['Authorization', 'Negotiate xyz', '<redacted: authorization>'],
    ['Proxy-Authorization', 'Basic eHg6eXk=', '<redacted: basic credentials>'],
    ['Cookie', 'session=1', '<redacted: cookie>'],
    ['set-cookie', 'a=b; HttpOnly', '<redacted: cookie>'],
    ['Accept', 'application/json', 'application/json'],
  ])('%s: %s', (name, value, want) => {
    expect(redactHeader(name, value)).toBe(want);
  });
});

describe('redactBodyText', () => {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    type: 'Opaque',
    data: { password: SECRET_B64 },
    stringData: { extra: 'plain-secret' },
  };

  it('replaces Secret data and stringData values with markers that say what was removed', () => {
    const out = JSON.parse(redactBodyText(JSON.stringify(secret)));
    expect(out.data.password).toBe('<redacted: Secret data value, 16 bytes>');
    expect(out.stringData.extra).toBe('<redacted: Secret stringData value, 12 bytes>');
    expect(out.metadata).toEqual({ name: 's' });
  });

  it.each([
    [
      'a SecretList (items carry no kind)',
      { kind: 'SecretList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 's' }, data: { password: SECRET_B64 } }] },
    ],
    ['a generic List', { kind: 'List', apiVersion: 'v1', metadata: {}, items: [secret] }],
    ['a watch event', { type: 'ADDED', object: secret }],
    ['a Table with includeObject=Object', { kind: 'Table', apiVersion: 'meta.k8s.io/v1', columnDefinitions: [], rows: [{ cells: ['s'], object: secret }] }],
    [
      'the last-applied-configuration annotation',
      {
        ...secret,
        data: {},
        stringData: undefined,
        metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(secret) + '\n' } },
      },
    ],
  ])('finds Secret values inside %s', (_name, doc) => {
    const out = redactBodyText(JSON.stringify(doc) + '\n');
    expect(out).not.toContain(SECRET_B64);
    expect(out).not.toContain('plain-secret');
    expect(out).toContain('<redacted: Secret data value');
    expect(out.endsWith('\n')).toBe(true);
  });

  it('redacts a strategic merge patch sent to a Secret (no kind in the body)', () => {
    const out = redactBodyText(JSON.stringify({ data: { password: SECRET_B64 } }), { path: '/api/v1/namespaces/default/secrets/s' });
    expect(JSON.parse(out).data.password).toMatch(/^<redacted: Secret data value/);
  });

  it('redacts the values of a JSON patch sent to a Secret', () => {
    const patch = [
      { op: 'replace', path: '/data/password', value: SECRET_B64 },
      { op: 'replace', path: '/metadata/labels/a', value: 'b' },
    ];
    const out = JSON.parse(redactBodyText(JSON.stringify(patch), { path: '/api/v1/namespaces/default/secrets/s' }));
    expect(out[0].value).toBe('<redacted: Secret data value>');
    expect(out[1].value).toBe('b');
  });

  it('redacts TokenRequest status.token', () => {
    const tr = {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      spec: { audiences: ['x'] },
      status: { token: 'eyJhbGciOi.payload.sig', expirationTimestamp: '2026-01-01T00:00:00Z' },
    };
    const out = JSON.parse(redactBodyText(JSON.stringify(tr)));
    expect(out.status.token).toBe('<redacted: service account token>');
    expect(out.status.expirationTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('redacts the bearer token a TokenReview asks about (spec.token)', () => {
    const review = { kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', spec: { token: 'eyJhbGciOi.payload.sig', audiences: ['api'] } };
    const out = JSON.parse(redactBodyText(JSON.stringify(review)));
    expect(out.spec.token).toBe('<redacted: bearer token under review>');
    expect(out.spec.audiences).toEqual(['api']);
  });

  it('redacts PEM private keys in any text', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';
    const cm = JSON.stringify({ kind: 'ConfigMap', data: { key: pem } });
    expect(redactBodyText(cm)).toContain('<redacted: rsa private key>');
    expect(redactBodyText(`log line ${pem}`)).toBe('log line <redacted: rsa private key>');
  });

  it('keeps the exact bytes of bodies with nothing to redact', () => {
    const text = '{"kind":"PodList", "apiVersion":"v1","items":[{"metadata":{"name":"a"},"n":12345678901234567890}]}\n';
    expect(redactBodyText(text)).toBe(text);
  });

  const yamlSecret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: ${SECRET_B64}\nstringData:\n  extra: plain-secret\n`;
  const configMapYaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c   # kept as written\ndata:\n  a: b\n';

  it.each([
    ['a YAML Secret (Content-Type application/yaml)', { contentType: 'application/yaml' }],
    ['a YAML body sent to a Secret URL without a YAML Content-Type', { path: '/api/v1/namespaces/default/secrets' }],
    ['a server-side apply patch in YAML', { contentType: 'application/apply-patch+yaml', path: '/api/v1/namespaces/default/secrets/s' }],
  ])('redacts %s, re-encoded as YAML', (_name, context) => {
    const out = redactBodyText(yamlSecret, context);
    expect(out).not.toContain(SECRET_B64);
    expect(out).not.toContain('plain-secret');
    expect(out).toContain("password: '<redacted: Secret data value, 16 bytes>'");
    expect(out).toContain("extra: '<redacted: Secret stringData value, 12 bytes>'");
    expect(out).toContain('name: s\n');
  });

  it('redacts the Secret documents of a YAML stream and keeps the others as written', () => {
    const out = redactBodyText(`${configMapYaml}---\n${yamlSecret}`, { contentType: 'application/yaml' });
    expect(out.startsWith(`${configMapYaml}---\n`)).toBe(true);
    expect(out).not.toContain(SECRET_B64);
  });

  it('keeps YAML with nothing to redact byte for byte', () => {
    expect(redactBodyText(configMapYaml, { contentType: 'application/yaml' })).toBe(configMapYaml);
  });

  it('drops a body sent to a Secret URL that is neither JSON nor YAML', () => {
    expect(redactBodyText(`data:\n  password: ${SECRET_B64}\n  - broken: [`, { path: '/api/v1/namespaces/default/secrets/s' })).toBe(
      '<redacted: body of a Secret or TokenRequest that is neither JSON nor YAML>',
    );
  });

  it('redacts newline-delimited watch events', () => {
    const ev = (o: object) => JSON.stringify({ type: 'ADDED', object: o });
    const text = `${ev({ kind: 'ConfigMap', data: { a: 'b' } })}\n${ev(secret)}\n`;
    const out = redactBodyText(text);
    expect(out.split('\n')[0]).toBe(ev({ kind: 'ConfigMap', data: { a: 'b' } }));
    expect(out).not.toContain(SECRET_B64);
  });
});

describe('LineRedactor', () => {
  it('redacts watch events split across chunks, returning complete lines as they arrive', () => {
    const line = JSON.stringify({ type: 'ADDED', object: { kind: 'Secret', data: { p: SECRET_B64 } } }) + '\n';
    const r = new LineRedactor();
    const first = r.push(line.slice(0, 30));
    expect(first).toBe('');
    const second = r.push(line.slice(30) + '{"type":"MOD');
    expect(second).toContain('<redacted: Secret data value');
    expect(second.endsWith('\n')).toBe(true);
    expect(r.flush()).toBe('{"type":"MOD');
  });
});

describe('objects under a secrets path, in every shape', () => {
  const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
  const applied = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'plain-canary' } }) + '\n';
  const meta = {
    name: 's',
    annotations: { [LAST]: applied, team: 'a' },
    managedFields: [{ manager: 'm', operation: 'Apply', fieldsV1: { 'f:metadata': {}, 'f:spec': { 'f:list': { 'v:"plain-canary"': {} } } } }],
  };
  const partial = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta };
  const table = {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: [],
    rows: [{ cells: ['s', 'Opaque', 1, '1m'], object: partial }],
  };
  const path = '/api/v1/namespaces/default/secrets';

  it.each([
    ['a Table row (kubectl get secrets, -o wide)', table],
    ['a PartialObjectMetadataList', { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: {}, items: [partial] }],
    ['a watch event of a Table (kubectl get secrets -w)', { type: 'ADDED', object: table }],
    ['a PartialObjectMetadata', partial],
  ])('redacts the last-applied annotation and managedFields values of %s', (_name, doc) => {
    const out = redactBodyText(JSON.stringify(doc), { path, contentType: 'application/json' });
    expect(out).not.toContain('plain-canary');
    expect(out).toContain('<redacted: Secret stringData value, 12 bytes>');
    expect(out).toContain('v:\\"<redacted: value 1>\\"');
    expect(out).toContain('"team":"a"');
  });

  it('keeps the annotations of objects that are not under a secrets path', () => {
    const cm = JSON.stringify({ ...partial, kind: 'ConfigMap' });
    expect(redactBodyText(cm, { path: '/api/v1/namespaces/default/configmaps' })).toBe(cm);
  });

  it('redacts a JSON patch that sets the last-applied annotation of a Secret', () => {
    const patch = [{ op: 'add', path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration', value: applied }];
    expect(redactBodyText(JSON.stringify(patch), { path: `${path}/s` })).not.toContain('plain-canary');
  });

  it('redacts Table watch events split anywhere across stream chunks', () => {
    const stream = [table, table].map((t) => JSON.stringify({ type: 'MODIFIED', object: t }) + '\n').join('');
    const r = new BodyStreamRedactor({ path, contentType: 'application/json' });
    let out = '';
    for (let i = 0; i < stream.length; i += 7) out += r.push(Buffer.from(stream.slice(i, i + 7))) as string;
    out += r.flush() as string;
    expect(out).not.toContain('plain-canary');
    expect(out.split('\n')).toHaveLength(3);
  });

  it('holds a PEM private key of a plain-text stream (logs -f) until its END line, split across chunks', () => {
    const log = 'starting\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\nready\n';
    const r = new BodyStreamRedactor({ path: '/api/v1/namespaces/default/pods/p/log', contentType: 'text/plain' });
    const parts = [log.slice(0, 15), log.slice(15, 50), log.slice(50, 80), log.slice(80)].map((c) => r.push(Buffer.from(c)));
    const out = parts.join('') + (r.flush() as string);
    expect(out).toBe('starting\n<redacted: private key>\nready\n');
  });
});

describe('protobuf bodies (the codec shared with the sandbox)', () => {
  // k8s.io.api.core.v1.Secret: 1 metadata (ObjectMeta: 1 name, 12 annotations), 2 data, 4 stringData, 3 type.
  const entry = (k: string, v: string | Buffer) => Buffer.concat([lenField(1, k), lenField(2, v)]);
  const secretMessage = Buffer.concat([
    lenField(
      1,
      Buffer.concat([
        lenField(1, 's'),
        lenField(12, entry('kubectl.kubernetes.io/last-applied-configuration', '{"kind":"Secret","stringData":{"k":"plain-canary"}}')),
      ]),
    ),
    lenField(2, entry('password', Buffer.from('bytes-canary'))),
    lenField(4, entry('extra', 'plain-canary')),
    lenField(3, 'Opaque'),
  ]);
  const secret = encodeProtobufEnvelope('v1', 'Secret', secretMessage);

  it('decodes a Secret, redacts data, stringData and the last-applied annotation, and re-encodes it', () => {
    const out = redactBody(secret, { path: '/api/v1/namespaces/default/secrets/s', contentType: 'application/vnd.kubernetes.protobuf' });
    expect(Buffer.isBuffer(out)).toBe(true);
    const text = Buffer.from(out).toString('latin1');
    expect(text).not.toContain('canary');
    expect(decodeProtobufObject(Buffer.from(out))).toMatchObject({
      kind: 'Secret',
      metadata: {
        name: 's',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Secret","stringData":{"k":"<redacted: Secret stringData value, 12 bytes>"}}',
        },
      },
      data: { password: Buffer.from('<redacted: Secret data value, 12 bytes>').toString('base64') },
      stringData: { extra: '<redacted: Secret stringData value, 12 bytes>' },
      type: 'Opaque',
    });
  });

  it('finds a Secret in a SecretList wherever it was fetched from', () => {
    const list = encodeProtobufEnvelope('v1', 'SecretList', lenField(2, secretMessage));
    expect(Buffer.from(redactBody(list, {})).toString('latin1')).not.toContain('canary');
  });

  it('redacts the token of a TokenRequest answer', () => {
    const tr = encodeProtobufEnvelope(
      'authentication.k8s.io/v1',
      'TokenRequest',
      Buffer.concat([lenField(1, ''), lenField(2, ''), lenField(3, lenField(1, 'eyJhbGciOiJSUzI1NiJ9.canary.sig'))]),
    );
    const out = Buffer.from(redactBody(tr, { path: '/api/v1/namespaces/default/serviceaccounts/default/token' }));
    expect(out.toString('latin1')).not.toContain('canary');
    expect(decodeProtobufObject(out)).toMatchObject({ status: { token: '<redacted: service account token>' } });
  });

  it('redacts a protobuf watch stream frame by frame, frames split across chunks', () => {
    const event = encodeProtobufEnvelope('v1', 'WatchEvent', Buffer.concat([lenField(1, 'ADDED'), lenField(2, lenField(1, secret))]));
    const frame = Buffer.concat([Buffer.from([0, 0, 0, 0]), event]);
    frame.writeUInt32BE(event.length);
    const stream = Buffer.concat([frame, frame]);
    const r = new BodyStreamRedactor({ path: '/api/v1/namespaces/default/secrets', contentType: 'application/vnd.kubernetes.protobuf;stream=watch' });
    const kept: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 13) {
      const out = r.push(stream.subarray(i, i + 13));
      if (out.length) kept.push(Buffer.from(out));
    }
    const all = Buffer.concat(kept);
    expect(all.toString('latin1')).not.toContain('canary');
    const first = all.subarray(4, 4 + all.readUInt32BE(0));
    expect(first.subarray(0, 4).toString('latin1')).toBe('k8s\0');
  });

  it('drops a Secret body that is not a protobuf message it can read, with a marker', () => {
    const broken = Buffer.concat([Buffer.from('k8s\0'), Buffer.from([0x0a, 0xff, 0xff]), Buffer.from('canary')]);
    expect(redactBody(broken, { path: '/api/v1/namespaces/default/secrets/s', contentType: 'application/vnd.kubernetes.protobuf' })).toBe(
      '<redacted: protobuf body of a Secret or TokenRequest that could not be decoded>',
    );
  });

  it('keeps other protobuf bodies byte for byte', () => {
    const cm = encodeProtobufEnvelope('v1', 'ConfigMap', Buffer.concat([lenField(1, lenField(1, 'c')), lenField(2, entry('a', 'b'))]));
    expect(redactBody(cm, { path: '/api/v1/namespaces/default/configmaps/c' })).toBe(cm);
  });
});
