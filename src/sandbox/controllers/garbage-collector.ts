// The garbage collector's dependency-graph half (pkg/controller/garbagecollector): an object whose owners
// are all gone is deleted (background), and a reference to an owner that no longer exists is dropped when
// other owners remain. DELETE's own propagation (background, foreground, orphan) runs in the writer; this
// catches what it cannot see — owners removed when their last finalizer went, and dependents created with a
// reference to an owner that does not exist.
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { ownerReferences, type OwnerReference } from './util.js';

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group === '' && e.resource === 'events') return [];
    const keys: string[] = [];
    if (e.type === 'DELETED') keys.push(`owner:${e.object.metadata.namespace ?? ''}/${e.object.metadata.uid ?? ''}`);
    else if (ownerReferences(e.object).length && !e.object.metadata.deletionTimestamp) {
      keys.push(`dependent:${e.group}/${e.resource}/${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`);
    }
    return keys;
  }

  initialKeys(): string[] {
    const keys: string[] = [];
    for (const kind of this.#ctx.api.store.kinds()) {
      for (const o of this.#ctx.api.store.list(kind)) {
        if (ownerReferences(o).length) keys.push(`dependent:${kind.group}/${kind.resource}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      }
    }
    return keys;
  }

  sync(key: string): void {
    if (key.startsWith('owner:')) {
      const rest = key.slice('owner:'.length);
      const slash = rest.indexOf('/');
      const namespace = rest.slice(0, slash);
      const uid = rest.slice(slash + 1);
      for (const kind of this.#ctx.api.store.kinds()) {
        const def = this.#ctx.api.registry.findAnyVersion(kind.group, kind.resource);
        if (!def) continue;
        for (const o of this.#ctx.api.store.list(kind, namespace && def.namespaced ? namespace : undefined)) {
          if (ownerReferences(o).some((r) => r.uid === uid)) this.#attemptToDelete(kind.group, kind.resource, o);
        }
      }
      return;
    }
    // Names and resources never contain '/', so the key splits back into its four parts.
    const [group, resource, namespace, name] = key.slice('dependent:'.length).split('/');
    const obj = this.#ctx.get(group, resource, namespace || undefined, name);
    if (obj) this.#attemptToDelete(group, resource, obj);
  }

  /** Whether the owner a reference names still exists (same uid); unknown kinds count as existing. */
  #ownerExists(dependent: KubeObject, ref: OwnerReference): boolean {
    const def = this.#ctx.api.registry.findKind(groupOf(ref.apiVersion), ref.kind);
    if (!def) return true;
    const owner = this.#ctx.get(def.group, def.resource, def.namespaced ? dependent.metadata.namespace : undefined, ref.name);
    return Boolean(owner && owner.metadata.uid === ref.uid);
  }

  /** attemptToDeleteItem: no owner left → delete; some gone → drop those references. */
  #attemptToDelete(group: string, resource: string, obj: KubeObject): void {
    if (obj.metadata.deletionTimestamp) return;
    const refs = ownerReferences(obj);
    if (!refs.length) return;
    const dangling = refs.filter((r) => !this.#ownerExists(obj, r));
    if (!dangling.length) return;
    if (dangling.length === refs.length) {
      this.#ctx.delete(group, resource, obj.metadata.namespace, obj.metadata.name, 'Background', obj.metadata.uid);
      return;
    }
    const keep = refs.filter((r) => !dangling.includes(r));
    this.#ctx.update(group, resource, obj, { ...obj, metadata: { ...obj.metadata, ownerReferences: keep } });
  }
}
