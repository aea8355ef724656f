import { describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { compactJson, gzipPieces, sendObject } from '../../../src/sandbox/respond.js';

const bytes = (p: Buffer | Buffer[]) => (Array.isArray(p) ? Buffer.concat(p) : p).toString('utf8');

const pod = (i: number) => ({
  metadata: { name: `pod-${i}`, labels: { app: 'x', 'ü-ñ': '日本語 😀'.repeat(i % 7) }, annotations: undefined },
  spec: { containers: [{ name: 'c', image: 'busybox', args: ['a"b', 'c\\d', '\n\u2028'] }] },
  status: {},
});

describe('compactJson: the JSON encoder, a list item by item', () => {
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
    [
      'a Table page of 1,000 rows (rows is its last key)',
      {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion: '9', continue: 'x' },
        columnDefinitions: [{ name: 'Name', type: 'string', format: 'name', description: 'd', priority: 0 }],
        rows: Array.from({ length: 1000 }, (_, i) => ({ cells: [`pod-${i}`, 1, null], object: { kind: 'PartialObjectMetadata', metadata: pod(i).metadata } })),
      },
    ],
    ['rows not last', { rows: [1, 2], kind: 'Table' }],
    ['items not an array', { kind: 'X', items: { a: 1 } }],
    ['a head key JSON leaves out', { kind: 'PodList', skipped: undefined, items: [1, 2] }],
    ['not a list', { kind: 'Pod', metadata: { name: 'p' } }],
    ['a string', 'plain'],
    ['an array', [1, 2, 3]],
  ])('%s: the bytes of JSON.stringify and a newline', (_, body) => {
    expect(bytes(compactJson(body))).toBe(`${JSON.stringify(body)}\n`);
  });

  it.each([
    ['a list', { kind: 'PodList', items: Array.from({ length: 2000 }, (_, i) => pod(i)) }],
    ['a Table', { kind: 'Table', rows: Array.from({ length: 2000 }, (_, i) => ({ cells: [i], object: pod(i) })) }],
  ])('hands %s over in pieces, not one buffer', (_, body) => {
    const p = compactJson(body);
    expect(Array.isArray(p) && p.length > 2).toBe(true);
  });
});

describe('gzipPieces: one gzip member of pieces compressed one at a time', () => {
  const text = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => `{"n":${(i * seed) % 977},"s":"ü${i}"}`).join(','));
  it.each([
    ['no pieces', []],
    ['one empty piece', [Buffer.alloc(0)]],
    ['one piece', [text(10, 3)]],
    ['many pieces, empty ones among them', [text(4000, 7), Buffer.alloc(0), text(1, 1), text(9000, 13), text(3000, 5)]],
    // Bytes that do not compress: the deflate streams' stored blocks.
    ['incompressible bytes', [Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + (i >> 3) * 31) % 256)), text(100, 2)]],
  ])('%s: gunzip gives their concatenation', (_, pieces: Buffer[]) => {
    const zipped = Buffer.concat(gzipPieces(pieces));
    expect(zipped.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 8]));
    expect(gunzipSync(zipped).equals(Buffer.concat(pieces))).toBe(true);
  });

  it('compresses a list about as well as gzip of the whole does (within a tenth)', () => {
    const pieces = compactJson({ kind: 'PodList', items: Array.from({ length: 5000 }, (_, i) => pod(i)) }) as Buffer[];
    const whole = gzipSync(Buffer.concat(pieces), { level: 1 }).length;
    expect(Buffer.concat(gzipPieces(pieces)).length).toBeLessThan(whole * 1.1);
  });
});

describe('sendObject: a large list over HTTP', () => {
  // 12,000 pods of about 1 kB: past the 8 MB up to which an uncompressed body is sent whole.
  const big = {
    kind: 'PodList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '1' },
    items: Array.from({ length: 12_000 }, (_, i) => ({ ...pod(i), status: { note: 'x'.repeat(900) } })),
  };
  const small = { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod(1), pod(2)] };

  async function get(body: unknown, headers: Record<string, string>) {
    const server = http.createServer((_req, res) => sendObject(res, 200, body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      return await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
            res.on('error', reject);
          })
          .on('error', reject);
      });
    } finally {
      server.close();
    }
  }

  it('is written as it is made, without a length, to a client that takes no gzip', async () => {
    const r = await get(big, {});
    expect([r.headers['content-length'], r.headers['transfer-encoding']]).toEqual([undefined, 'chunked']);
    expect(r.body.toString()).toBe(`${JSON.stringify(big)}\n`);
  });

  it('is gzipped, with its length, for a client that takes gzip', async () => {
    const r = await get(big, { 'accept-encoding': 'gzip' });
    expect([r.headers['content-encoding'], r.headers['content-length']]).toEqual(['gzip', String(r.body.length)]);
    expect(gunzipSync(r.body).toString()).toBe(`${JSON.stringify(big)}\n`);
  });

  it('a small list is sent whole, with its length', async () => {
    const r = await get(small, { 'accept-encoding': 'gzip' });
    expect([r.headers['content-encoding'], r.headers['content-length']]).toEqual([undefined, String(r.body.length)]);
    expect(r.body.toString()).toBe(`${JSON.stringify(small)}\n`);
  });
});
