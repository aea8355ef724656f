// What every controller gets: typed access to the store and the writer as kube-controller-manager's
// clients (field manager `kube-controller-manager`, no authorization), and an event recorder that writes
// core/v1 Events the way client-go's record.EventRecorder does (aggregated into count on repeats). The
// writer puts every object's keys in kube-apiserver's order (maps sorted), so controllers need not.
import { ApiError } from '../api-error.js';
import type { ApiServer } from '../api-server.js';
import { rfc3339 } from '../object-meta.js';
import type { ResourceDef } from '../registry.js';
import type { KubeObject } from '../types.js';
import { rec, type Rec } from './util.js';

export const FIELD_MANAGER = 'kube-controller-manager';

const WRITE = { dryRun: false, fieldManager: FIELD_MANAGER, subresource: '' };

export class ControllerContext {
  readonly api: ApiServer;
  readonly now: () => Date;
  /** Schedules another sync of one controller's key. */
  readonly enqueue: (controller: string, key: string, delayMs?: number) => void;
  #eventSeq = 0n;

  /** Retries a key with exponential back-off (after a refused create); `forget` resets the back-off. */
  readonly retry: (controller: string, key: string) => void;
  readonly forget: (controller: string, key: string) => void;

  constructor(
    api: ApiServer,
    now: () => Date,
    enqueue: (controller: string, key: string, delayMs?: number) => void,
    backoff: { retry(controller: string, key: string): void; forget(controller: string, key: string): void } = { retry: () => {}, forget: () => {} },
  ) {
    this.api = api;
    this.now = now;
    this.enqueue = enqueue;
    this.retry = backoff.retry;
    this.forget = backoff.forget;
  }

  def(group: string, resource: string): ResourceDef {
    const d = this.api.registry.findAnyVersion(group, resource);
    if (!d) throw new Error(`resource ${resource}.${group} is not served`);
    return d;
  }

  get(group: string, resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.api.store.get({ group, resource }, namespace, name);
  }

  list(group: string, resource: string, namespace?: string): KubeObject[] {
    return this.api.store.list({ group, resource }, namespace);
  }

  create(group: string, resource: string, obj: KubeObject): KubeObject {
    return this.api.writer.create(this.def(group, resource), obj.metadata.namespace ?? '', obj, WRITE);
  }

  /** An update of the object itself (PUT as the controller's client sends it); returns the stored object. */
  update(group: string, resource: string, current: KubeObject, next: KubeObject): KubeObject {
    return this.api.writer.patched(this.def(group, resource), current, next, WRITE);
  }

  /** A status update (PUT …/status, by `fieldManager` if not kube-controller-manager); a no-op when nothing changed. */
  updateStatus(group: string, resource: string, current: KubeObject, nextStatus: Rec, fieldManager = FIELD_MANAGER): KubeObject {
    const def = this.def(group, resource);
    const sub = def.subresources.some((s) => s.name === 'status') ? 'status' : '';
    return this.api.writer.patched(def, current, { ...current, status: nextStatus }, { ...WRITE, fieldManager, subresource: sub });
  }

  /** DELETE with a propagation policy; false when it was already gone. */
  delete(group: string, resource: string, namespace: string | undefined, name: string, propagationPolicy?: string, uid?: string): boolean {
    try {
      this.api.writer.delete(this.def(group, resource), namespace ?? '', name, { dryRun: false, propagationPolicy, preconditions: uid ? { uid } : undefined });
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 404 || e.code === 409)) return false;
      throw e;
    }
  }

  /**
   * record.EventRecorder.Event: a core/v1 Event named `<object>.<unix nanos in hex>` about `involved`,
   * reported by `component`; a repeat of the same reason and message bumps count and lastTimestamp.
   */
  event(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    const namespace = involved.metadata.namespace || 'default';
    const now = rfc3339(this.now());
    const uid = involved.metadata.uid;
    const same = this.list('', 'events', namespace).find((e) => {
      const io = rec(e.involvedObject);
      return io.uid === uid && e.reason === reason && e.message === message && rec(e.source).component === component && e.type === type;
    });
    try {
      if (same) {
        this.update('', 'events', same, { ...same, count: Number(same.count ?? 1) + 1, lastTimestamp: now });
        return;
      }
      const involvedObject: Rec = {
        kind: involved.kind,
        namespace: involved.metadata.namespace,
        name: involved.metadata.name,
        uid,
        apiVersion: involved.apiVersion,
        resourceVersion: involved.metadata.resourceVersion,
      };
      if (!involved.metadata.namespace) delete involvedObject.namespace;
      const nanos = BigInt(this.now().getTime()) * 1_000_000n + (this.#eventSeq++ % 1_000_000n);
      this.create('', 'events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${involved.metadata.name}.${nanos.toString(16)}`, namespace },
        involvedObject,
        reason,
        message,
        source: { component },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: '',
        reportingInstance: '',
      });
    } catch (e) {
      // Events are best effort (the recorder drops what it cannot write), but a terminating namespace is the only expected reason.
      if (!(e instanceof ApiError)) throw e;
    }
  }
}
