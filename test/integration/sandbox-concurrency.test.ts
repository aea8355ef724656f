// Many writers at once: one resourceVersion counter hands out distinct, increasing versions, and
// optimistic concurrency (409 on a stale resourceVersion) means no update is ever lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
const CM = '/api/v1/namespaces/default/configmaps';

beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t?.close();
});

describe('50 concurrent writers', () => {
  it('creates: every object gets its own resourceVersion, and the list is newer than all of them', async () => {
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.request('POST', CM, { body: { metadata: { name: `c-${i}`, labels: { batch: 'create' } }, data: { i: String(i) } } }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    const versions = replies.map((r) => Number(r.json().metadata.resourceVersion));
    expect(new Set(versions).size).toBe(50);
    const list = (await t.request('GET', `${CM}?labelSelector=batch%3Dcreate`)).json();
    expect(list.items).toHaveLength(50);
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(Math.max(...versions));
  });

  it('read-modify-write increments with retry on 409: no lost update, versions strictly increase', async () => {
    await t.request('POST', CM, { body: { metadata: { name: 'counter' }, data: { n: '0' } } });
    const committed: number[] = [];
    let conflicts = 0;
    const increment = async (first: { data: { n: string } }) => {
      let live = first;
      for (;;) {
        const next = { ...live, data: { n: String(Number(live.data.n) + 1) } };
        const r = await t.request('PUT', `${CM}/counter`, { body: next });
        if (r.status === 409) {
          conflicts++;
          expect(r.json().reason).toBe('Conflict');
          live = (await t.request('GET', `${CM}/counter`)).json();
          continue;
        }
        expect(r.status).toBe(200);
        committed.push(Number(r.json().metadata.resourceVersion));
        return;
      }
    };
    // Every writer reads the same version first, so all but one of the first round must conflict.
    const reads = await Promise.all(Array.from({ length: 50 }, async () => (await t.request('GET', `${CM}/counter`)).json()));
    await Promise.all(reads.map(increment));
    const final = (await t.request('GET', `${CM}/counter`)).json();
    expect(final.data.n).toBe('50');
    expect(new Set(committed).size).toBe(50);
    expect(Number(final.metadata.resourceVersion)).toBe(Math.max(...committed));
    expect(conflicts).toBeGreaterThanOrEqual(49);
  });

  it('unconditional merge patches from 50 writers all land', async () => {
    await t.request('POST', CM, { body: { metadata: { name: 'patched' } } });
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.request('PATCH', `${CM}/patched`, { body: { data: { [`k${i}`]: String(i) } }, contentType: 'application/merge-patch+json' }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const versions = replies.map((r) => Number(r.json().metadata.resourceVersion)).sort((a, b) => a - b);
    expect(new Set(versions).size).toBe(50);
    expect(Object.keys((await t.request('GET', `${CM}/patched`)).json().data)).toHaveLength(50);
  });
});
