// The PVC protection controller (pkg/controller/volume/pvcprotection): a deleted PersistentVolumeClaim keeps
// its kubernetes.io/pvc-protection finalizer — and so stays Terminating — until no pod that is still running
// (or could run) uses it; then the finalizer goes and the claim with it.
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { splitKey } from './replicaset.js';
import { rec, records, spec, status } from './util.js';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';

const claimsOf = (pod: KubeObject): string[] =>
  records(spec(pod).volumes)
    .map((v) => rec(v.persistentVolumeClaim).claimName)
    .filter((n): n is string => typeof n === 'string' && n !== '');

export class PvcProtectionController implements Controller {
  readonly name = 'pvc-protection';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group !== '') return [];
    if (e.resource === 'persistentvolumeclaims' && e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) {
      return [`${e.object.metadata.namespace}/${e.object.metadata.name}`];
    }
    if (e.resource === 'pods' && (e.type === 'DELETED' || ['Succeeded', 'Failed'].includes(String(status(e.object).phase)))) {
      return claimsOf(e.object).map((c) => `${e.object.metadata.namespace}/${c}`);
    }
    return [];
  }

  initialKeys(): string[] {
    return this.#ctx
      .list('', 'persistentvolumeclaims')
      .filter((c) => c.metadata.deletionTimestamp)
      .map((c) => `${c.metadata.namespace}/${c.metadata.name}`);
  }

  sync(key: string): void {
    const [namespace, name] = splitKey(key);
    const claim = this.#ctx.get('', 'persistentvolumeclaims', namespace, name);
    const finalizers = (claim?.metadata.finalizers as string[] | undefined) ?? [];
    if (!claim?.metadata.deletionTimestamp || !finalizers.includes(PVC_PROTECTION)) return;
    // isPodUsingPVC: any pod not yet Succeeded/Failed that mounts the claim blocks its removal.
    const inUse = this.#ctx.list('', 'pods', namespace).some((p) => !['Succeeded', 'Failed'].includes(String(status(p).phase)) && claimsOf(p).includes(name));
    if (inUse) return;
    const rest = finalizers.filter((f) => f !== PVC_PROTECTION);
    this.#ctx.update('', 'persistentvolumeclaims', claim, { ...claim, metadata: { ...claim.metadata, finalizers: rest.length ? rest : undefined } });
  }
}
