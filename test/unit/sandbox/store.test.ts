// The object store: one resourceVersion counter, key-ordered lists, the watch ring buffer and its 410
// boundary, and journal replay/snapshots.
import { describe, expect, it } from 'vitest';
import { ObjectStore, type JournalRecord, type StoreEvent } from '../../../src/sandbox/store.js';
import type { KubeObject } from '../../../src/sandbox/types.js';

const CM = { group: '', resource: 'configmaps' };
const cm = (namespace: string, name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

describe('ObjectStore', () => {
  it('hands out one increasing resourceVersion across kinds and namespaces', () => {
    const s = new ObjectStore();
    const a = s.put(CM, cm('a', 'x'));
    const b = s.put({ group: 'apps', resource: 'deployments' }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'a' } });
    const c = s.put(CM, cm('b', 'x', { k: 'v' }));
    expect([a, b, c].map((o) => o.metadata.resourceVersion)).toEqual(['1', '2', '3']);
    expect(s.resourceVersion).toBe(3);
    expect(s.delete(CM, 'a', 'x')?.metadata.resourceVersion).toBe('4');
    expect(s.get(CM, 'a', 'x')).toBeUndefined();
  });

  it('ranges over a kind in key order from a key, within a namespace or across them, as list does', () => {
    const s = new ObjectStore();
    for (const [ns, name] of [
      ['b', 'y'],
      ['a', 'x'],
      ['a-b', 'z'],
      ['a', 'w'],
      ['b', 'v'],
      ['ab', 'u'],
    ])
      s.put(CM, cm(ns, name));
    const names = (r: ReturnType<ObjectStore['range']>) => r.keys.slice(r.start, r.end).map((k) => r.get(k).metadata.name);
    expect(names(s.range(CM, undefined, ''))).toEqual(s.list(CM).map((o) => o.metadata.name));
    expect(names(s.range(CM, 'a', ''))).toEqual(s.list(CM, 'a').map((o) => o.metadata.name));
    expect(names(s.range(CM, 'a', ''))).toEqual(['w', 'x']);
    expect(names(s.range(CM, 'a', 'a/w\u0000'))).toEqual(['x']);
    expect(names(s.range(CM, 'b', 'b/w'))).toEqual(['y']);
    expect(names(s.range(CM, undefined, 'ab/'))).toEqual(['u', 'v', 'y']);
    expect(names(s.range(CM, 'c', ''))).toEqual([]);
    expect(names(s.range({ group: '', resource: 'nothing' }, undefined, ''))).toEqual([]);
  });

  it('does not change the object it is given', () => {
    const s = new ObjectStore();
    const input = cm('a', 'x');
    s.put(CM, input);
    expect(input.metadata.resourceVersion).toBeUndefined();
  });

  it.each([
    [undefined, ['a/x', 'a/y', 'b/a', 'ba/z']],
    ['a', ['a/x', 'a/y']],
    ['b', ['b/a']],
    ['c', []],
  ])('lists namespace %s in key order', (ns, expected) => {
    const s = new ObjectStore();
    for (const [n, name] of [
      ['ba', 'z'],
      ['b', 'a'],
      ['a', 'y'],
      ['a', 'x'],
    ])
      s.put(CM, cm(n, name));
    expect(s.list(CM, ns).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(expected);
  });

  it('tells subscribers ADDED, MODIFIED, DELETED with the previous object', () => {
    const s = new ObjectStore();
    const seen: StoreEvent[] = [];
    const stop = s.subscribe((e) => seen.push(e));
    s.put(CM, cm('a', 'x'));
    s.put(CM, cm('a', 'x', { k: 'v' }));
    s.delete(CM, 'a', 'x');
    stop();
    s.put(CM, cm('a', 'y'));
    expect(seen.map((e) => [e.type, e.rv, e.previous?.metadata.resourceVersion])).toEqual([
      ['ADDED', 1, undefined],
      ['MODIFIED', 2, '1'],
      ['DELETED', 3, '2'],
    ]);
  });

  it('replays events after a resourceVersion and reports expiry once they left the ring buffer', () => {
    const s = new ObjectStore({ historySize: 3 });
    for (let i = 0; i < 5; i++) s.put(CM, cm('a', `o${i}`));
    expect(s.eventsSince(3)).toEqual({ events: [expect.objectContaining({ rv: 4 }), expect.objectContaining({ rv: 5 })] });
    expect(s.eventsSince(2)).toEqual({ events: [3, 4, 5].map((rv) => expect.objectContaining({ rv })) });
    expect(s.eventsSince(1)).toEqual({ expired: true, oldest: 2 });
    expect(s.eventsSince(5)).toEqual({ events: [] });
  });

  it('cannot serve watches from before the server started, like a watch cache initialised by a list', () => {
    const s = new ObjectStore();
    for (let i = 0; i < 4; i++) s.put(CM, cm('a', `boot${i}`));
    s.markStarted();
    s.put(CM, cm('a', 'later'));
    expect(s.eventsSince(1)).toEqual({ expired: true, oldest: 4 });
    expect(s.eventsSince(4)).toEqual({ events: [expect.objectContaining({ rv: 5 })] });
  });

  it('replays a journal, snapshots it, and cannot serve watches from before the load', () => {
    const records: JournalRecord[] = [
      { op: 'put', rv: 4, group: '', resource: 'configmaps', object: { ...cm('a', 'x'), metadata: { name: 'x', namespace: 'a', resourceVersion: '4' } } },
      { op: 'put', rv: 6, group: '', resource: 'configmaps', object: { ...cm('a', 'y'), metadata: { name: 'y', namespace: 'a', resourceVersion: '6' } } },
      { op: 'del', rv: 7, group: '', resource: 'configmaps', namespace: 'a', name: 'x' },
      { op: 'rv', rv: 9 },
    ];
    const s = new ObjectStore();
    for (const r of records) s.replay(r);
    s.markStarted();
    expect(s.resourceVersion).toBe(9);
    expect(s.list(CM).map((o) => o.metadata.name)).toEqual(['y']);
    expect(s.snapshot()).toEqual([{ op: 'rv', rv: 9 }, records[1]]);
    expect(s.eventsSince(5)).toEqual({ expired: true, oldest: 9 });
    expect(s.put(CM, cm('a', 'z')).metadata.resourceVersion).toBe('10');
  });

  it('journals every commit before it is visible, and a failing journal stops the write', () => {
    const s = new ObjectStore();
    const written: JournalRecord[] = [];
    s.attachJournal({ append: (r) => void written.push(r) });
    s.put(CM, cm('a', 'x'));
    s.delete(CM, 'a', 'x');
    expect(written.map((r) => [r.op, r.rv])).toEqual([
      ['put', 1],
      ['del', 2],
    ]);
    s.attachJournal({
      append: () => {
        throw new Error('disk full');
      },
    });
    expect(() => s.put(CM, cm('a', 'y'))).toThrow('disk full');
    expect(s.get(CM, 'a', 'y')).toBeUndefined();
    expect(s.resourceVersion).toBe(2);
  });
});
