// Decoding the protobuf bodies kubectl 1.32 really sends (captured on the wire) into their JSON form.
import { describe, expect, it } from 'vitest';
import { decodeProtobufObject, encodeProtobufEnvelope, lenField, ProtobufUnsupported, varintField } from '../../../src/protobuf/codec.js';
import { readFixture } from '../../helpers/fixtures.js';

describe('protobuf request bodies', () => {
  it('the SelfSubjectAccessReview of `kubectl auth can-i list pods` (wire capture)', () => {
    const lines = readFixture('sandbox/wire/kubectl-auth-can-i.jsonl').split('\n');
    const post = JSON.parse(lines[2]);
    expect(post.headers['content-type']).toBe('application/vnd.kubernetes.protobuf');
    const body = Buffer.from(post.body, 'latin1');
    expect(decodeProtobufObject(body)).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
      status: { allowed: false },
    });
  });

  it('the TokenRequest of `kubectl create token default` (behaviour capture)', () => {
    const hex =
      '6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e52657175657374121a0a100a0012001a0022002a0032003800420012001a040a0012001a002200';
    expect(decodeProtobufObject(Buffer.from(hex, 'hex'))).toEqual({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {},
      status: { expirationTimestamp: null },
    });
  });

  it('a Deployment with maps, nested messages, IntOrString and an explicit zero of a pointer field', () => {
    const labels = lenField(11, Buffer.concat([lenField(1, 'app'), lenField(2, 'web')]));
    const meta = Buffer.concat([lenField(1, 'web'), labels]);
    const container = Buffer.concat([
      lenField(1, 'nginx'),
      lenField(2, 'nginx:1.27'),
      lenField(6, Buffer.concat([lenField(1, ''), varintField(3, 80), lenField(4, 'TCP')])),
    ]);
    const podSpec = lenField(2, container);
    const template = Buffer.concat([lenField(1, lenField(11, Buffer.concat([lenField(1, 'app'), lenField(2, 'web')]))), lenField(2, podSpec)]);
    const rolling = lenField(1, Buffer.concat([varintField(1, 1), lenField(3, '25%')]));
    const strategy = Buffer.concat([lenField(1, 'RollingUpdate'), lenField(2, rolling)]);
    const spec = Buffer.concat([varintField(1, 0), lenField(3, template), lenField(4, strategy)]);
    const body = encodeProtobufEnvelope('apps/v1', 'Deployment', Buffer.concat([lenField(1, meta), lenField(2, spec)]));
    expect(decodeProtobufObject(body)).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%' } },
      },
    });
  });

  it('Secret data is bytes (base64 in JSON)', () => {
    const data = lenField(2, Buffer.concat([lenField(1, 'pw'), lenField(2, Buffer.from([0, 1, 255]))]));
    const body = encodeProtobufEnvelope('v1', 'Secret', Buffer.concat([lenField(1, lenField(1, 's')), data, lenField(3, 'Opaque')]));
    expect(decodeProtobufObject(body)).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, data: { pw: 'AAH/' }, type: 'Opaque' });
  });

  it('a kind without a known layout is reported as unsupported, garbage as a 400', () => {
    expect(() => decodeProtobufObject(encodeProtobufEnvelope('example.com/v1', 'Widget', Buffer.alloc(0)))).toThrow(ProtobufUnsupported);
    expect(() => decodeProtobufObject(Buffer.from('{"json":true}'))).toThrow(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  });
});
