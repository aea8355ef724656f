// The objects kubectl create's generators build: field order, key checks and the derived names.
import { describe, expect, it } from 'vitest';
import { configMap, containerName, deployment, envFileEntries, literalEntry, secret } from '../../../../src/commands/create/objects.js';
import { printObjects } from '../../../../src/output/json-yaml.js';

describe('create generators', () => {
  it('writes a ConfigMap in Go struct order with sorted data, bytes that are not UTF-8 as binaryData', () => {
    const o = configMap('c', 'ns', [literalEntry('b=2'), literalEntry('a=x=y'), { key: 'bin', value: Buffer.from([0xff, 0x00]) }]);
    expect(Object.keys(o)).toEqual(['kind', 'apiVersion', 'metadata', 'data', 'binaryData']);
    expect(o.metadata).toEqual({ name: 'c', namespace: 'ns', creationTimestamp: null });
    expect(Object.keys(o.data as object)).toEqual(['a', 'b']);
    expect(o.data).toEqual({ a: 'x=y', b: '2' });
    expect(o.binaryData).toEqual({ bin: '/wA=' });
    expect(printObjects('json', o, { keepOrder: true }).split('\n')[1]).toBe('    "kind": "ConfigMap",');
  });

  it("refuses what kubectl refuses: a literal without '=', a key twice, an invalid key", () => {
    expect(() => literalEntry('abc')).toThrow('invalid literal source abc, expected key=value');
    expect(() => configMap('x', undefined, [literalEntry('a=1'), literalEntry('a=2')])).toThrow(
      'cannot add key "a", another key by that name already exists in Data for ConfigMap "x"',
    );
    expect(() => configMap('x', undefined, [literalEntry('a b=1')])).toThrow('is not a valid key name');
  });

  it('reads env files as kubectl: comments and blank lines skipped, leading spaces trimmed, bare keys from the environment', () => {
    const entries = envFileEntries('f', '# c\n\n  A=1\nB= two \nHOME\nUNSET\n', (k) => (k === 'HOME' ? '/root' : undefined));
    expect(entries.map((e) => [e.key, e.value.toString()])).toEqual([
      ['A', '1'],
      ['B', ' two '],
      ['HOME', '/root'],
    ]);
    expect(() => envFileEntries('f', 'y =2\n', () => undefined)).toThrow('"y " is not a valid key name');
  });

  it('encodes Secret data as base64 and keeps the type', () => {
    expect(secret('s', undefined, [literalEntry('k=v')], 'Opaque')).toEqual({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's', creationTimestamp: null },
      data: { k: 'dg==' },
      type: 'Opaque',
    });
  });

  it('names containers after their image, and gives a port only to a single image', () => {
    expect(containerName('registry.test:5000/team/my_api:v2')).toBe('my-api');
    expect(containerName('busybox@sha256:00')).toBe('busybox');
    const one = deployment('d', undefined, { images: ['nginx'], replicas: 2, port: 80, command: [] });
    expect((one.spec as any).template.spec.containers).toEqual([{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }]);
    const two = deployment('d', undefined, { images: ['nginx', 'busybox'], replicas: 1, port: 80, command: [] });
    expect((two.spec as any).template.spec.containers.map((c: any) => c.ports)).toEqual([undefined, undefined]);
    expect(() => deployment('d', undefined, { images: ['a/nginx', 'b/nginx'], replicas: 1, port: -1, command: [] })).toThrow(
      'two images would be named "nginx"',
    );
  });
});
