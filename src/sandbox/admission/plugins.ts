// The admission plugins the sandbox runs besides defaulting, in kube-apiserver's order: mutating
// (LimitRanger's defaults, DefaultStorageClass) and validating (LimitRanger, ResourceQuota). Refusals are
// admission.NewForbidden: 403 `<resource> "<name>" is forbidden: <reason>`.
import { forbidden } from '../api-error.js';
import { rec, type Rec } from '../defaults/json-access.js';
import { podQosClass } from '../defaults/pod-defaults.js';
import type { ResourceDef } from '../registry.js';
import type { ObjectStore } from '../store.js';
import type { KubeObject } from '../types.js';
import { aggregateMessage, applyLimitRangeDefaults, defaultLimitRange, limitRangeViolations } from './limit-ranger.js';
import { checkQuota, QuotaRefusal } from './resource-quota.js';

const LIMIT_RANGES = { group: '', resource: 'limitranges' };
const QUOTAS = { group: '', resource: 'resourcequotas' };
const STORAGE_CLASSES = { group: 'storage.k8s.io', resource: 'storageclasses' };
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export interface AdmissionDeps {
  store: ObjectStore;
  /** Writes a quota's status.used (the quota admission's own status update). */
  writeQuotaUsed(quota: KubeObject, used: Rec): void;
}

/** storageutil.GetDefaultClass: the newest class annotated as default (ties: the name sorting first). */
export function defaultStorageClass(store: ObjectStore): KubeObject | undefined {
  const defaults = store
    .list(STORAGE_CLASSES)
    .filter(
      (c) =>
        c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true' ||
        c.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true',
    );
  const created = (o: KubeObject) => Date.parse(String(o.metadata.creationTimestamp ?? '')) || 0;
  defaults.sort((a, b) => created(b) - created(a) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  return defaults[0];
}

export class AdmissionPlugins {
  readonly #d: AdmissionDeps;

  constructor(deps: AdmissionDeps) {
    this.#d = deps;
  }

  /** Mutating admission after the versioned defaults. */
  mutate(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined): void {
    if (def.group !== '') return;
    const o = obj as Rec;
    if (def.resource === 'limitranges') defaultLimitRange(o);
    if (old) return;
    if (def.resource === 'pods' && applyLimitRangeDefaults(o, this.#d.store.list(LIMIT_RANGES, obj.metadata.namespace) as Rec[])) {
      // The registry strategy computes the QoS class after admission: from the defaulted resources.
      o.status = { ...rec(o.status), qosClass: podQosClass(rec(o.spec)) };
    }
    if (def.resource === 'persistentvolumeclaims') {
      // plugin/pkg/admission/storage/storageclass/setdefault: a claim that names no class gets the default one.
      const spec = rec(o.spec);
      const annotated = obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined;
      if (spec.storageClassName === undefined && !annotated) {
        const cls = defaultStorageClass(this.#d.store);
        if (cls) o.spec = { ...spec, storageClassName: cls.metadata.name };
      }
    }
  }

  /** Validating admission; returns the quota charges to write once the object is stored. */
  admit(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined, name: string): (() => void) | undefined {
    const gr = { group: def.group, resource: def.resource };
    const ns = obj.metadata.namespace;
    if (!def.namespaced || !ns) return;
    if (def.group === '' && (def.resource === 'persistentvolumeclaims' || (def.resource === 'pods' && !old))) {
      const errs = limitRangeViolations(def.resource, obj as Rec, this.#d.store.list(LIMIT_RANGES, ns) as Rec[]);
      if (errs.length) throw forbidden(gr, name, aggregateMessage(errs));
    }
    if (old) return;
    const quotas = this.#d.store.list(QUOTAS, ns);
    if (!quotas.length) return;
    let charges;
    try {
      charges = checkQuota(quotas, def.group, def.resource, obj);
    } catch (e) {
      if (e instanceof QuotaRefusal) throw forbidden(gr, name, e.message);
      throw e;
    }
    if (!charges.length) return;
    return () => {
      for (const c of charges) this.#d.writeQuotaUsed(c.quota, c.used);
    };
  }
}
