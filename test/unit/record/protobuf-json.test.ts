// Protobuf requests shown as JSON: the body decoded by the shared codec, Content-Type and Accept asking for
// JSON, redaction markers kept legible, and the one comment that says which calls were converted.
import { describe, expect, it } from 'vitest';
import { encodeProtobufEnvelope, lenField } from '../../../src/protobuf/codec.js';
import { acceptAsJson, convertedNote, protobufAsJson, requestAsJson } from '../../../src/record/protobuf-json.js';
import { redactBody } from '../../../src/record/redact.js';

const secret = (value: string) =>
  encodeProtobufEnvelope(
    'v1',
    'Secret',
    Buffer.concat([lenField(1, lenField(1, 'db')), lenField(2, Buffer.concat([lenField(1, 'pw'), lenField(2, value)])), lenField(3, 'Opaque')]),
  );

describe('acceptAsJson', () => {
  it.each([
    ['application/vnd.kubernetes.protobuf,application/json', 'application/json'],
    ['application/vnd.kubernetes.protobuf, */*', 'application/json, */*'],
    ['application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'],
    ['application/vnd.kubernetes.protobuf;stream=watch', 'application/json;stream=watch'],
    ['application/json, */*', 'application/json, */*'],
  ])('%s → %s', (accept, want) => {
    expect(acceptAsJson(accept)).toBe(want);
  });
});

describe('requestAsJson', () => {
  it('decodes a protobuf body into its JSON object and says so', () => {
    const r = requestAsJson(
      [
        ['accept', 'application/vnd.kubernetes.protobuf,application/json'],
        ['content-type', 'application/vnd.kubernetes.protobuf'],
      ],
      secret('hunter2'),
    );
    expect(r.converted).toEqual({ body: true, accept: true });
    expect(r.headers).toEqual([
      ['accept', 'application/json'],
      ['content-type', 'application/json'],
    ]);
    expect(JSON.parse(Buffer.from(r.body!).toString('utf8'))).toEqual({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 'db' },
      data: { pw: Buffer.from('hunter2').toString('base64') },
      type: 'Opaque',
    });
  });

  it('shows a redacted Secret value as the marker text, not as base64 of it', () => {
    const redacted = redactBody(secret('hunter2'), { path: '/api/v1/namespaces/default/secrets' }) as Uint8Array;
    const json = JSON.parse(protobufAsJson(redacted)!);
    expect(json.data.pw).toBe('<redacted: Secret data value, 7 bytes>');
  });

  it.each([
    ['a JSON body', Buffer.from('{"kind":"ConfigMap"}'), 'application/json'],
    ['a damaged protobuf body', Buffer.from([0x6b, 0x38, 0x73, 0x00, 0xff]), 'application/vnd.kubernetes.protobuf'],
    ['a kind without a known layout', encodeProtobufEnvelope('example.com/v1', 'Widget', Buffer.alloc(0)), 'application/vnd.kubernetes.protobuf'],
  ])('leaves %s and its Content-Type as they are', (_name, body, type) => {
    const r = requestAsJson([['content-type', type]], body);
    expect(r.body).toBe(body);
    expect(r.headers).toEqual([['content-type', type]]);
    expect(r.converted).toEqual({ body: false, accept: false });
  });
});

describe('convertedNote', () => {
  it.each([
    [[], undefined],
    [[{ body: false, accept: false }], undefined],
    [
      [
        { body: false, accept: false },
        { body: true, accept: true },
      ],
      'converted from protobuf: call 2 sent its body in protobuf (application/vnd.kubernetes.protobuf): shown here as the JSON object it encodes, with Content-Type: application/json; Accept asks for JSON where the client asked for protobuf',
    ],
    [
      [
        { body: true, accept: false },
        { body: true, accept: false },
        { body: true, accept: false },
      ],
      'converted from protobuf: calls 1, 2 and 3 sent their bodies in protobuf (application/vnd.kubernetes.protobuf): shown here as the JSON objects they encode, with Content-Type: application/json',
    ],
    [[{ body: false, accept: true }], 'converted from protobuf: Accept asks for JSON where the client asked for protobuf'],
  ])('%j', (converted, want) => {
    expect(convertedNote(converted)).toBe(want);
  });
});
