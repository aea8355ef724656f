// Events as the simulated components record them: kubelet through client-go's core/v1 recorder (source,
// first/last timestamps, a count that grows when the same event repeats), the scheduler through the
// events.k8s.io/v1 recorder (eventTime, action, reportingController; read back through core/v1).
import type { ApiServer } from '../api-server.js';
import { rfc3339 } from '../object-meta.js';
import type { KubeObject } from '../types.js';

export interface EventInput {
  object: KubeObject;
  /** `spec.containers{name}` for container events. */
  fieldPath?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Where the event goes; the object's namespace by default, `default` for cluster-scoped objects. */
  namespace?: string;
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export const microTime = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export class EventRecorder {
  readonly #api: ApiServer;
  readonly #now: () => Date;
  /** The aggregation key of client-go's EventCorrelator → the event's name. */
  readonly #seen = new Map<string, string>();
  #lastNanos = 0n;

  constructor(api: ApiServer, now: () => Date) {
    this.#api = api;
    this.#now = now;
  }

  /** `{object name}.{hex unix nanoseconds}`, unique even for events within the same millisecond. */
  #name(objectName: string): string {
    let nanos = BigInt(this.#now().getTime()) * 1_000_000n;
    if (nanos <= this.#lastNanos) nanos = this.#lastNanos + 1n;
    this.#lastNanos = nanos;
    return `${objectName}.${nanos.toString(16)}`;
  }

  #involved(e: EventInput): Record<string, unknown> {
    const m = e.object.metadata;
    const ref: Record<string, unknown> = {
      kind: e.object.kind,
      namespace: m.namespace,
      name: m.name,
      uid: m.uid,
      apiVersion: e.object.apiVersion,
      resourceVersion: m.resourceVersion,
    };
    if (e.fieldPath) ref.fieldPath = e.fieldPath;
    return ref;
  }

  /** A kubelet (or other core/v1 recorder) event; repeats bump count and lastTimestamp. */
  record(e: EventInput, component: string, host: string): void {
    const def = this.#api.registry.findKind('', 'Event');
    if (!def) return;
    const namespace = e.namespace ?? e.object.metadata.namespace ?? 'default';
    const now = rfc3339(this.#now());
    const key = [component, host, e.object.metadata.uid, e.fieldPath ?? '', e.type, e.reason, e.message].join('\u0000');
    const existingName = this.#seen.get(key);
    const existing = existingName ? this.#api.store.get({ group: '', resource: 'events' }, namespace, existingName) : undefined;
    if (existing) {
      const next = { ...structuredClone(existing), count: Number(existing.count ?? 1) + 1, lastTimestamp: now };
      this.#api.writer.patched(def, existing, next, { dryRun: false, fieldManager: component, subresource: '' });
      return;
    }
    const name = this.#name(e.object.metadata.name);
    this.#seen.set(key, name);
    this.#create(
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: this.#involved(e),
        reason: e.reason,
        message: e.message,
        source: host ? { component, host } : { component },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type: e.type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: host,
      },
      component,
    );
  }

  /** A scheduler event (events.k8s.io/v1 recorder): no source or counts, an eventTime and an action. */
  recordScheduler(e: EventInput, action: string, instance: string): void {
    this.#create(
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: this.#name(e.object.metadata.name), namespace: e.object.metadata.namespace ?? 'default' },
        involvedObject: this.#involved(e),
        reason: e.reason,
        message: e.message,
        source: {},
        firstTimestamp: null,
        lastTimestamp: null,
        type: e.type,
        eventTime: microTime(this.#now()),
        action,
        reportingComponent: 'default-scheduler',
        reportingInstance: instance,
      },
      'kube-scheduler',
    );
  }

  #create(obj: KubeObject, manager: string): void {
    const ns = this.#api.store.get({ group: '', resource: 'namespaces' }, undefined, obj.metadata.namespace ?? '');
    if (!ns || (ns.metadata as Record<string, unknown>).deletionTimestamp) return;
    this.#api.createSystemObject(obj, manager);
  }
}
