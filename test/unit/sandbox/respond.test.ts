import { describe, expect, it } from 'vitest';
import { compactJson } from '../../../src/sandbox/respond.js';

const bytes = (p: Buffer | Buffer[]) => (Array.isArray(p) ? Buffer.concat(p) : p).toString('utf8');

describe('compactJson: the JSON encoder, a list item by item', () => {
  const pod = (i: number) => ({
    metadata: { name: `pod-${i}`, labels: { app: 'x', 'ü-ñ': '日本語 😀'.repeat(i % 7) }, annotations: undefined },
    spec: { containers: [{ name: 'c', image: 'busybox', args: ['a"b', 'c\\d', '\n\u2028'] }] },
    status: {},
  });

  it.each([
    [
      'a pod list of 2,000 pods (many 64 kB pieces, multi-byte text across them)',
      { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: Array.from({ length: 2000 }, (_, i) => pod(i)) },
    ],
    [
      'a list whose continue token is set',
      { kind: 'PodList', apiVersion: 'v1', metadata: { continue: 'abc', remainingItemCount: 3 }, items: [pod(1), pod(2)] },
    ],
    ['a body with nothing but items', { items: [1, 'two', null, { three: 3 }] }],
    ['items JSON writes as null', { kind: 'List', items: [undefined, () => 1, Symbol('s'), 4] }],
    ['an empty list', { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] }],
    ['a list of one', { kind: 'PodList', items: [pod(3)] }],
    ['items not last', { items: [1, 2, 3], kind: 'X' }],
    ['items not an array', { kind: 'X', items: { a: 1 } }],
    ['a head key JSON leaves out', { kind: 'PodList', skipped: undefined, items: [1, 2] }],
    ['not a list', { kind: 'Pod', metadata: { name: 'p' } }],
    ['a string', 'plain'],
    ['an array', [1, 2, 3]],
  ])('%s: the bytes of JSON.stringify and a newline', (_, body) => {
    expect(bytes(compactJson(body))).toBe(`${JSON.stringify(body)}\n`);
  });

  it('hands a large list over in pieces, not one buffer', () => {
    const p = compactJson({ kind: 'PodList', items: Array.from({ length: 2000 }, (_, i) => pod(i)) });
    expect(Array.isArray(p) && p.length > 2).toBe(true);
  });
});
