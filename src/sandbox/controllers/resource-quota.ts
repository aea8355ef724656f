// The resource quota controller (pkg/controller/resourcequota): keeps each ResourceQuota's status.hard equal
// to spec.hard and status.used equal to what the namespace's objects use (admission charges creates at once;
// this recalculation releases what deleted or finished objects no longer use).
import { calculateStatus } from '../admission/resource-quota.js';
import { deepEqual } from '../object-meta.js';
import type { StoreEvent } from '../store.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { splitKey } from './replicaset.js';

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

export class ResourceQuotaController implements Controller {
  readonly name = 'resourcequota';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    const ns = e.object.metadata.namespace;
    if (!ns || e.resource === 'events') return [];
    if (e.group === '' && e.resource === 'resourcequotas') return e.type === 'DELETED' ? [] : [keyOf(ns, e.object.metadata.name)];
    return this.#ctx.list('', 'resourcequotas', ns).map((q) => keyOf(ns, q.metadata.name));
  }

  initialKeys(): string[] {
    return this.#ctx.list('', 'resourcequotas').map((q) => keyOf(q.metadata.namespace, q.metadata.name));
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const quota = this.#ctx.get('', 'resourcequotas', namespace, name);
    if (!quota || quota.metadata.deletionTimestamp) return;
    const seen = new Set<string>();
    const kinds = this.#ctx.api.registry
      .all()
      .filter((d) => d.namespaced && !d.virtual && !seen.has(`${d.group}/${d.resource}`) && seen.add(`${d.group}/${d.resource}`))
      .map((d) => ({ group: d.group, resource: d.resource }));
    const next = calculateStatus(quota, (group, resource) => this.#ctx.list(group, resource, namespace), kinds);
    if (deepEqual(next, quota.status)) return;
    this.#ctx.updateStatus('', 'resourcequotas', quota, next);
  }
}
