// The sandbox's object store: objects by group/resource/namespace/name, ONE increasing resourceVersion
// counter across everything, a ring buffer of recent events for watches, and an optional write-ahead journal.
// Every write is synchronous from read-check to commit, so concurrent requests never interleave inside one.
import type { KubeObject } from './types.js';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  rv: number;
  group: string;
  resource: string;
  /** The object after the change (for DELETED: its last state, carrying the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before the change (MODIFIED, DELETED). */
  previous?: KubeObject;
}

export interface GroupResourceKey {
  group: string;
  resource: string;
}

/** One committed write as the journal records it. */
export type JournalRecord =
  | { op: 'put'; rv: number; group: string; resource: string; object: KubeObject }
  | { op: 'del'; rv: number; group: string; resource: string; namespace: string; name: string }
  | { op: 'rv'; rv: number };

export interface JournalSink {
  /** Must not return before the record is durable (fsync). */
  append(record: JournalRecord): void;
}

interface Bucket {
  objects: Map<string, KubeObject>;
  sortedKeys?: string[];
}

const bucketKey = (gr: GroupResourceKey) => `${gr.group}/${gr.resource}`;
export const objectKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

export class ObjectStore {
  #rv = 0;
  readonly #buckets = new Map<string, Bucket>();
  readonly #history: (StoreEvent | undefined)[];
  #historyStart = 0; // index of the oldest event
  #historyLength = 0;
  #evicted = false;
  readonly #listeners = new Set<(e: StoreEvent) => void>();
  #journal?: JournalSink;

  constructor(opts: { historySize?: number } = {}) {
    this.#history = new Array(Math.max(1, opts.historySize ?? 1000));
  }

  attachJournal(journal: JournalSink | undefined): void {
    this.#journal = journal;
  }

  /** The latest resourceVersion handed out. */
  get resourceVersion(): number {
    return this.#rv;
  }

  get(gr: GroupResourceKey, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.#buckets.get(bucketKey(gr))?.objects.get(objectKey(namespace, name));
  }

  /** Objects of one kind in key order (namespace, then name), optionally one namespace only. */
  list(gr: GroupResourceKey, namespace?: string): KubeObject[] {
    const bucket = this.#buckets.get(bucketKey(gr));
    if (!bucket) return [];
    const keys = (bucket.sortedKeys ??= [...bucket.objects.keys()].sort());
    const out: KubeObject[] = [];
    if (namespace === undefined) {
      for (const k of keys) out.push(bucket.objects.get(k) as KubeObject);
      return out;
    }
    const prefix = `${namespace}/`;
    let i = lowerBound(keys, prefix);
    for (; i < keys.length && keys[i].startsWith(prefix); i++) out.push(bucket.objects.get(keys[i]) as KubeObject);
    return out;
  }

  /**
   * A kind's objects in key order (within `namespace` when given) from the first whose key is at least `from`
   * (a key as {@link objectKey} makes it), without copying the kind: `keys[start..end)`, each read with `get`.
   * For paging through a large kind a page at a time.
   */
  range(
    gr: GroupResourceKey,
    namespace: string | undefined,
    from: string,
  ): { keys: readonly string[]; start: number; end: number; get(key: string): KubeObject } {
    const bucket = this.#buckets.get(bucketKey(gr));
    if (!bucket) return { keys: [], start: 0, end: 0, get: () => undefined as unknown as KubeObject };
    const keys = (bucket.sortedKeys ??= [...bucket.objects.keys()].sort());
    const objects = bucket.objects;
    const get = (key: string) => objects.get(key) as KubeObject;
    if (namespace === undefined) return { keys, start: lowerBound(keys, from), end: keys.length, get };
    const prefix = `${namespace}/`;
    // '0' follows '/': the first key past the namespace's.
    return { keys, start: lowerBound(keys, from < prefix ? prefix : from), end: lowerBound(keys, `${namespace}0`), get };
  }

  count(gr: GroupResourceKey): number {
    return this.#buckets.get(bucketKey(gr))?.objects.size ?? 0;
  }

  /** Every stored kind (for snapshots and namespace cleanup). */
  kinds(): GroupResourceKey[] {
    return [...this.#buckets.keys()].map((k) => {
      const i = k.indexOf('/');
      return { group: k.slice(0, i), resource: k.slice(i + 1) };
    });
  }

  /**
   * Commits a new or changed object: assigns the next resourceVersion, journals (durably), stores,
   * and tells watchers. `object` must not be mutated by the caller afterwards.
   */
  put(gr: GroupResourceKey, object: KubeObject): KubeObject {
    const previous = this.get(gr, object.metadata.namespace, object.metadata.name);
    const rv = this.#rv + 1;
    const stored: KubeObject = { ...object, metadata: withResourceVersion(object.metadata, String(rv)) };
    this.#journal?.append({ op: 'put', rv, group: gr.group, resource: gr.resource, object: stored });
    this.#rv = rv;
    this.#set(gr, stored);
    this.#emit({ type: previous ? 'MODIFIED' : 'ADDED', rv, group: gr.group, resource: gr.resource, object: stored, previous });
    return stored;
  }

  /** Removes an object; the DELETED event carries its last state with a new resourceVersion. */
  delete(gr: GroupResourceKey, namespace: string | undefined, name: string): KubeObject | undefined {
    const previous = this.get(gr, namespace, name);
    if (!previous) return undefined;
    const rv = this.#rv + 1;
    this.#journal?.append({ op: 'del', rv, group: gr.group, resource: gr.resource, namespace: namespace ?? '', name });
    this.#rv = rv;
    const bucket = this.#buckets.get(bucketKey(gr)) as Bucket;
    bucket.objects.delete(objectKey(namespace, name));
    bucket.sortedKeys = undefined;
    const last: KubeObject = { ...previous, metadata: withResourceVersion(previous.metadata, String(rv)) };
    this.#emit({ type: 'DELETED', rv, group: gr.group, resource: gr.resource, object: last, previous });
    return last;
  }

  /** Replays a journal record at load time (no events, no journaling). */
  replay(record: JournalRecord): void {
    if (record.op === 'put') this.#set(record, record.object);
    else if (record.op === 'del') {
      const bucket = this.#buckets.get(bucketKey(record));
      if (bucket?.objects.delete(objectKey(record.namespace || undefined, record.name))) bucket.sortedKeys = undefined;
    }
    this.#rv = Math.max(this.#rv, record.rv);
  }

  /**
   * Replaces each stored object of a kind with `rewrite(object)`, which must be the same object in another
   * form (key order): no new resourceVersion, no event, nothing journaled. For state loaded from a journal.
   */
  rewriteInPlace(gr: GroupResourceKey, rewrite: (object: KubeObject) => KubeObject): void {
    const bucket = this.#buckets.get(bucketKey(gr));
    if (!bucket) return;
    for (const [k, object] of bucket.objects) bucket.objects.set(k, rewrite(object));
  }

  /** The whole state as journal records (a compacted journal). */
  snapshot(): JournalRecord[] {
    const out: JournalRecord[] = [{ op: 'rv', rv: this.#rv }];
    for (const gr of this.kinds()) for (const object of this.list(gr)) out.push({ op: 'put', rv: Number(object.metadata.resourceVersion), ...gr, object });
    return out;
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /**
   * Events after `rv`, oldest first; 'expired' when `rv` is older than the watch window (the watch must
   * answer 410 Gone). `oldest` is what the 410 message reports.
   *
   * The window is the watch cache's (k8s.io/apiserver storage/cacher watch_cache.go getAllEventsSinceLocked):
   * the cache starts from a list at the resourceVersion the server had once it had started (here: after
   * loading --state and creating the bootstrap objects, {@link markStarted}), then keeps a bounded buffer of
   * events (here one ring of `historySize` events, 1000 by default, shared by every kind; the real cache
   * keeps one per resource, between 100 and 102400 events sized to hold the last 75 s). A resourceVersion
   * before the cache's start or before its oldest kept event is "too old resource version: RV (OLDEST-1)".
   */
  eventsSince(rv: number): { events: StoreEvent[] } | { expired: true; oldest: number } {
    const oldestKept = this.#historyLength > 0 ? (this.#history[this.#historyStart] as StoreEvent).rv : this.#rv + 1;
    const floor = Math.max(this.#startedRv, this.#evicted ? oldestKept - 1 : 0);
    if (rv < floor) return { expired: true, oldest: floor };
    const events: StoreEvent[] = [];
    for (let i = 0; i < this.#historyLength; i++) {
      const e = this.#history[(this.#historyStart + i) % this.#history.length] as StoreEvent;
      if (e.rv > rv) events.push(e);
    }
    return { events };
  }

  /** The resourceVersion the watch window starts from (see {@link eventsSince}); older watches cannot be served. */
  #startedRv = 0;
  markStarted(): void {
    this.#startedRv = this.#rv;
  }

  #set(gr: GroupResourceKey, object: KubeObject): void {
    const key = bucketKey(gr);
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { objects: new Map() };
      this.#buckets.set(key, bucket);
    }
    const k = objectKey(object.metadata.namespace, object.metadata.name);
    if (!bucket.objects.has(k)) bucket.sortedKeys = undefined;
    bucket.objects.set(k, object);
  }

  #emit(event: StoreEvent): void {
    const size = this.#history.length;
    if (this.#historyLength < size) {
      this.#history[(this.#historyStart + this.#historyLength) % size] = event;
      this.#historyLength++;
    } else {
      this.#history[this.#historyStart] = event;
      this.#historyStart = (this.#historyStart + 1) % size;
      this.#evicted = true;
    }
    for (const l of [...this.#listeners]) l(event);
  }
}

/** Sets metadata.resourceVersion where ObjectMeta's JSON has it: after uid (or namespace/name). */
function withResourceVersion(meta: KubeObject['metadata'], rv: string): KubeObject['metadata'] {
  if ('resourceVersion' in meta) return { ...meta, resourceVersion: rv };
  const out: Record<string, unknown> = {};
  let placed = false;
  const anchor = 'uid' in meta ? 'uid' : 'namespace' in meta ? 'namespace' : 'name';
  for (const [k, v] of Object.entries(meta)) {
    out[k] = v;
    if (k === anchor) {
      out.resourceVersion = rv;
      placed = true;
    }
  }
  if (!placed) out.resourceVersion = rv;
  return out as KubeObject['metadata'];
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
