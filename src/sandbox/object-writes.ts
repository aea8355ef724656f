// What create, update (PUT and non-apply PATCH), server-side apply and delete do to an object, as the
// generic registry store of kube-apiserver does it: system metadata, generation, status subresource split,
// optimistic concurrency, field ownership, finalizers, cascading deletion and namespace lifecycle.
// Each operation runs synchronously from its first read to its commit, so concurrent requests cannot interleave.
import { realClock, type Clock } from './clock.js';
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  forbidden,
  internalError,
  invalid,
  notFound,
  OBJECT_MODIFIED,
  type FieldError,
  type GroupResource,
} from './api-error.js';
import { applyConfiguration, decodeManagedFields, encodeManagedFields, trackUpdate, type ManagerEntry, type OwnershipContext } from './managed-fields.js';
import { canonicalOrder, deepClone, deepEqual, generateName, isPlainObject, newUid, rfc3339, validateObjectMeta } from './object-meta.js';
import { servedObject, storageKey, storedObject } from './conversion.js';
import { apiKeyOrder } from './key-order.js';
import type { OpenApiDocuments } from './openapi.js';
import { groupVersionOf, type ResourceDef, type ResourceRegistry } from './registry.js';
import type { ObjectStore } from './store.js';
import type { KubeObject, UserInfo } from './types.js';

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  /** '' for the object itself, 'status' for the status subresource. */
  subresource: string;
  /** Who asks, and the name on the request's URL ('' for a POST); unset for the system's own writes. */
  requester?: { user: UserInfo; name: string };
}

export interface DeleteOptions {
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun: boolean;
}

/** Kind-specific behaviour plugged in by the server (defaulting, validation, CRD bookkeeping). */
export interface AdmissionHooks {
  /**
   * Fills defaults (pod dnsPolicy, deployment strategy, …); may also set server-owned status on create.
   * Returns allocation failures (a taken cluster IP) as field errors.
   */
  mutate(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined, requester?: UserInfo): FieldError[] | undefined;
  validate(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined): FieldError[];
  /**
   * Checks the storage makes after mutating admission and before validation (RBAC escalation prevention);
   * throws an ApiError to refuse the write. `name` is the object's name as the request gave it.
   */
  guard?(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined, name: string, requester: NonNullable<WriteOptions['requester']>): void;
  /**
   * Only the versioned defaults, without create-time admission and strategy changes (the ServiceAccount
   * token volume, allocated cluster IPs): what the field manager sees, so those fields stay unowned.
   */
  defaultsOnly?(def: ResourceDef, obj: KubeObject): void;
  /**
   * Validating admission (LimitRanger, ResourceQuota), after validation and before storage: throws an
   * ApiError to refuse the write; may return work to do once the object is stored (charging a quota).
   * `name` is the name the request gave (generateName for a generated one). Not run for subresources.
   */
  admit?(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined, name: string): (() => void) | undefined;
  /** After a commit (not for dry runs). */
  committed?(def: ResourceDef, obj: KubeObject, type: 'ADDED' | 'MODIFIED' | 'DELETED'): void;
  /**
   * Graceful deletion (rest.RESTGracefulDeleteStrategy): the seconds a DELETE leaves `obj` terminating
   * (deletionTimestamp in the future) for something else to finish it, e.g. a kubelet stopping a pod's
   * containers; 0 or undefined deletes at once. `requested` is DeleteOptions.gracePeriodSeconds.
   */
  gracePeriod?(def: ResourceDef, obj: KubeObject, requested: number | undefined): number | undefined;
}

export interface WriterDeps {
  registry: ResourceRegistry;
  store: ObjectStore;
  openapi: OpenApiDocuments;
  now(): Date;
  /** Timers for work after the request (default: Node's). */
  clock?: Clock;
  hooks: AdmissionHooks;
  /** Failures of background work (garbage collection, namespace cleanup), which has no request to fail. */
  onError?(err: unknown): void;
}

const NAMESPACES: GroupResource = { group: '', resource: 'namespaces' };
const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const gr = (def: ResourceDef): GroupResource => ({ group: def.group, resource: def.resource });
const hasStatusSubresource = (def: ResourceDef) => def.subresources.some((s) => s.name === 'status');

/** Everything but metadata and status: a change here bumps metadata.generation. */
function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, kind: _k, apiVersion: _a, ...rest } = obj;
  return rest;
}

/** The object without what changes on every write (for detecting no-op updates). */
function comparable(obj: KubeObject): unknown {
  const meta = { ...obj.metadata };
  delete meta.resourceVersion;
  if (Array.isArray(meta.managedFields)) {
    meta.managedFields = (meta.managedFields as Record<string, unknown>[]).map(({ time: _t, ...rest }) => rest);
  }
  return { ...obj, metadata: meta };
}

export class ObjectWriter {
  readonly #d: WriterDeps;

  constructor(deps: WriterDeps) {
    this.#d = deps;
  }

  /** Runs background work after the current request, reporting instead of crashing on failure. */
  #later(work: () => void, delayMs = 0): void {
    const run = () => {
      try {
        work();
      } catch (e) {
        this.#d.onError?.(e);
      }
    };
    const clock = this.#d.clock ?? realClock;
    if (delayMs) clock.setTimeout(run, delayMs).unref();
    else clock.setImmediate(run);
  }

  /**
   * Key order as kube-apiserver writes the object: kind, apiVersion, metadata in its Go field order, other
   * struct fields as they are, map keys sorted (every key, for custom resources).
   */
  #ordered(def: ResourceDef, obj: KubeObject): KubeObject {
    return apiKeyOrder(this.#d.openapi, def, canonicalOrder(obj));
  }

  // The store through `def`'s group version: kinds kept in another version are converted both ways.
  #get(def: ResourceDef, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.#d.store.get(storageKey(def), namespace, name);
    return obj && def.storedAs ? servedObject(def, obj) : obj;
  }

  #put(def: ResourceDef, obj: KubeObject): KubeObject {
    if (!def.storedAs) return this.#d.store.put(gr(def), obj);
    const storageDef = this.#d.registry.find(def.storedAs.group, def.storedAs.version, def.resource) ?? def;
    return servedObject(def, this.#d.store.put(storageKey(def), this.#ordered(storageDef, storedObject(def, obj))));
  }

  #del(def: ResourceDef, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.#d.store.delete(storageKey(def), namespace, name);
    return obj && def.storedAs ? servedObject(def, obj) : obj;
  }

  #ownership(def: ResourceDef, manager: string, subresource: string): OwnershipContext {
    const typed = this.#d.openapi.schemaFor(def.group, def.version, def.kind);
    const ignore = subresource === 'status' || subresource === 'approval' ? ['spec'] : hasStatusSubresource(def) ? ['status'] : [];
    return { typed, manager, apiVersion: groupVersionOf(def), subresource, now: this.#d.now(), ignore };
  }

  #requireNamespace(def: ResourceDef, namespace: string, name: string, verb: 'create' | 'update'): void {
    if (!def.namespaced) return;
    const ns = this.#d.store.get(NAMESPACES, undefined, namespace);
    if (!ns) throw notFound(NAMESPACES, namespace);
    if (verb === 'create' && (ns.metadata as Record<string, unknown>).deletionTimestamp) {
      throw forbidden(gr(def), name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  #validate(def: ResourceDef, obj: KubeObject, old: KubeObject | undefined, admission: FieldError[] | undefined): void {
    const custom = Boolean(def.crdName) || def.group === 'apiextensions.k8s.io';
    const errors: FieldError[] = [...(admission ?? []), ...(custom ? validateObjectMeta(obj, def.namespaced) : [])];
    if (old) errors.push(...immutableMetaErrors(obj, old));
    for (const e of this.#d.hooks.validate(def, obj, old)) {
      if (!errors.some((x) => x.field === e.field && x.message === e.message)) errors.push(e);
    }
    if (errors.length) throw invalid(def.group, def.kind, obj.metadata.name ?? '', errors);
  }

  /** POST: creates `input` in `namespace`. */
  create(def: ResourceDef, namespace: string, input: KubeObject, opts: WriteOptions, managed?: ManagerEntry[]): KubeObject {
    const obj = deepClone(input);
    obj.apiVersion = groupVersionOf(def);
    obj.kind = def.kind;
    obj.metadata = isPlainObject(obj.metadata) ? obj.metadata : ({} as KubeObject['metadata']);
    const m = obj.metadata as Record<string, unknown>;
    if (def.namespaced) {
      if (m.namespace && m.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      m.namespace = namespace;
    } else delete m.namespace;
    if (m.resourceVersion) throw internalError('resourceVersion should not be set on objects to be created');
    this.#requireNamespace(def, namespace, String(m.name ?? m.generateName ?? ''), 'create');
    const givenName = typeof m.name === 'string' ? m.name : '';

    if (!m.name && typeof m.generateName === 'string' && m.generateName) {
      for (let i = 0; i < 8; i++) {
        m.name = generateName(m.generateName);
        if (!this.#get(def, obj.metadata.namespace, String(m.name))) break;
      }
    }
    m.uid = newUid();
    m.creationTimestamp = rfc3339(this.#d.now());
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    delete m.selfLink;
    if (def.hasGeneration) m.generation = 1;
    else delete m.generation;
    if (hasStatusSubresource(def)) delete obj.status;
    let owned: KubeObject = obj;
    if (this.#d.hooks.defaultsOnly && !managed) {
      owned = deepClone(obj);
      this.#d.hooks.defaultsOnly(def, owned);
    }
    const admission = this.#d.hooks.mutate(def, obj, undefined, opts.requester?.user);
    if (opts.requester) this.#d.hooks.guard?.(def, obj, undefined, givenName, opts.requester);
    this.#validate(def, obj, undefined, admission);
    const charge = opts.subresource ? undefined : this.#d.hooks.admit?.(def, obj, undefined, givenName || String(m.generateName ?? ''));
    if (this.#get(def, obj.metadata.namespace, obj.metadata.name)) throw alreadyExists(gr(def), obj.metadata.name);

    const requested = decodeManagedFields(m.managedFields);
    const entries = managed ?? (requested.length ? requested : trackUpdate(this.#ownership(def, opts.fieldManager, opts.subresource), undefined, owned, []));
    setManagedFields(obj, entries);
    const final = this.#ordered(def, obj);
    if (opts.dryRun) return final;
    // A custom resource's metadata is sorted too: its resourceVersion goes where the sort puts it.
    const stored = this.#put(def, def.crdName ? apiKeyOrder(this.#d.openapi, def, { ...final, metadata: { ...final.metadata, resourceVersion: '' } }) : final);
    charge?.();
    this.#d.hooks.committed?.(def, stored, 'ADDED');
    return stored;
  }

  /** PUT: replaces the object (creating it only where the kind allows create-on-update). */
  replace(def: ResourceDef, namespace: string, name: string, body: KubeObject, opts: WriteOptions): { object: KubeObject; created: boolean } {
    const current = this.#get(def, def.namespaced ? namespace : undefined, name);
    if (body.metadata?.name !== name) throw badRequest(`the name of the object (${body.metadata?.name ?? ''}) does not match the name on the URL (${name})`);
    if (def.namespaced && body.metadata.namespace && body.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (!current) {
      if (!def.allowCreateOnUpdate || opts.subresource) throw notFound({ group: def.group, resource: def.resource }, name);
      const { resourceVersion: _rv, ...meta } = body.metadata;
      return { object: this.create(def, namespace, { ...body, metadata: meta as KubeObject['metadata'] }, opts), created: true };
    }
    if (body.metadata.resourceVersion && body.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(gr(def), name, OBJECT_MODIFIED);
    }
    return { object: this.#commitUpdate(def, current, body, opts), created: false };
  }

  /** PATCH (json, merge, strategic): `patched` is the patch applied to the current object. */
  patched(def: ResourceDef, current: KubeObject, patched: KubeObject, opts: WriteOptions): KubeObject {
    if (patched.metadata?.name !== current.metadata.name) {
      throw badRequest(`the name of the object (${String(patched.metadata?.name ?? '')}) does not match the name on the URL (${current.metadata.name})`);
    }
    if (patched.metadata.resourceVersion && patched.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(gr(def), current.metadata.name, OBJECT_MODIFIED);
    }
    return this.#commitUpdate(def, current, patched, opts);
  }

  /** PATCH application/apply-patch+yaml: server-side apply of `config` (creates when absent). */
  apply(def: ResourceDef, namespace: string, name: string, config: KubeObject, opts: WriteOptions, force: boolean): { object: KubeObject; created: boolean } {
    const ns = def.namespaced ? namespace : undefined;
    const current = this.#get(def, ns, name);
    const ctx = this.#ownership(def, opts.fieldManager, opts.subresource);
    if (config.metadata?.resourceVersion && current && config.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(gr(def), name, OBJECT_MODIFIED);
    }
    if (!current) {
      if (opts.subresource) throw notFound({ group: def.group, resource: def.resource }, name);
      const { object, entries } = applyConfiguration(ctx, undefined, config as Record<string, unknown>, [], force);
      const obj = { ...object, apiVersion: groupVersionOf(def), kind: def.kind } as KubeObject;
      obj.metadata = { ...(obj.metadata ?? {}), name } as KubeObject['metadata'];
      if (def.namespaced) obj.metadata.namespace = namespace;
      return { object: this.create(def, namespace, obj, opts, entries), created: true };
    }
    const { object, entries } = applyConfiguration(
      ctx,
      current as Record<string, unknown>,
      config as Record<string, unknown>,
      decodeManagedFields(current.metadata.managedFields),
      force,
    );
    const next = object as KubeObject;
    next.metadata = { ...next.metadata, resourceVersion: current.metadata.resourceVersion };
    return { object: this.#commitUpdate(def, current, next, opts, entries), created: false };
  }

  #commitUpdate(def: ResourceDef, current: KubeObject, input: KubeObject, opts: WriteOptions, managed?: ManagerEntry[]): KubeObject {
    const cm = current.metadata as Record<string, unknown>;
    let next: KubeObject;
    if (opts.subresource === 'status' || opts.subresource === 'approval') {
      next = { ...deepClone(current), status: deepClone(input.status) };
      // csr approval strategy: only the conditions change; the issued certificate stays the signer's.
      if (opts.subresource === 'approval') {
        const certificate = (current.status as Record<string, unknown> | undefined)?.certificate;
        const conditions = (input.status as Record<string, unknown> | undefined)?.conditions;
        next.status = { ...((current.status as Record<string, unknown>) ?? {}), conditions };
        if (certificate === undefined) delete (next.status as Record<string, unknown>).certificate;
        if (conditions === undefined) delete (next.status as Record<string, unknown>).conditions;
      }
      const inMeta = (input.metadata ?? {}) as Record<string, unknown>;
      if (inMeta.managedFields !== undefined) (next.metadata as Record<string, unknown>).managedFields = inMeta.managedFields;
    } else {
      // Patched and merged objects share structure with the stored one, which must never change.
      next = deepClone(input);
      next.apiVersion = groupVersionOf(def);
      next.kind = def.kind;
      if (!isPlainObject(next.metadata)) next.metadata = {} as KubeObject['metadata'];
      if (hasStatusSubresource(def)) {
        if (current.status === undefined) delete next.status;
        else next.status = deepClone(current.status);
      }
    }
    const m = next.metadata as Record<string, unknown>;
    if (m.uid && m.uid !== cm.uid) {
      throw conflict(gr(def), current.metadata.name, `Precondition failed: UID in precondition: ${String(m.uid)}, UID in object meta: ${String(cm.uid)}`);
    }
    for (const k of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'resourceVersion']) {
      if (cm[k] === undefined) delete m[k];
      else m[k] = cm[k];
    }
    if (def.hasGeneration) m.generation = cm.generation ?? 1;
    else delete m.generation;
    delete m.selfLink;
    const admission = this.#d.hooks.mutate(def, next, current);
    if (def.hasGeneration && !deepEqual(specPart(current), specPart(next))) m.generation = Number(cm.generation ?? 0) + 1;
    if (cm.deletionTimestamp) {
      const added = ((m.finalizers as string[] | undefined) ?? []).filter((f) => !((cm.finalizers as string[] | undefined) ?? []).includes(f));
      if (added.length) {
        throw invalid(def.group, def.kind, current.metadata.name, [
          {
            field: 'metadata.finalizers',
            type: 'FieldValueForbidden',
            message:
              'Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{' +
              added.map((f) => JSON.stringify(f)).join(', ') +
              '}',
          },
        ]);
      }
    }
    if (opts.requester) this.#d.hooks.guard?.(def, next, current, current.metadata.name, opts.requester);
    this.#validate(def, next, current, admission);
    const charge = opts.subresource ? undefined : this.#d.hooks.admit?.(def, next, current, current.metadata.name);

    let entries = managed;
    if (!entries) {
      const requested = decodeManagedFields(m.managedFields);
      const reset =
        Array.isArray(m.managedFields) && m.managedFields.length === 1 && isPlainObject(m.managedFields[0]) && Object.keys(m.managedFields[0]).length === 0;
      const base = reset ? [] : requested.length && !deepEqual(m.managedFields, cm.managedFields) ? requested : decodeManagedFields(cm.managedFields);
      entries = trackUpdate(
        this.#ownership(def, opts.fieldManager, opts.subresource),
        current as Record<string, unknown>,
        next as Record<string, unknown>,
        base,
      );
    }
    setManagedFields(next, entries);
    const final = this.#ordered(def, next);
    if (deepEqual(comparable(final), comparable(current))) return current;
    if (opts.dryRun) return final;
    if (cm.deletionTimestamp && ((m.finalizers as string[] | undefined) ?? []).length === 0) {
      const last = this.#put(def, final);
      this.#del(def, last.metadata.namespace, last.metadata.name);
      this.#d.hooks.committed?.(def, last, 'DELETED');
      return last;
    }
    const stored = this.#put(def, final);
    charge?.();
    this.#d.hooks.committed?.(def, stored, 'MODIFIED');
    return stored;
  }

  /**
   * DELETE: removes the object now, or marks it (deletionTimestamp) while finalizers, foreground
   * deletion of dependents or namespace cleanup run. `deleted` says whether it is gone.
   */
  delete(def: ResourceDef, namespace: string, name: string, options: DeleteOptions): { object: KubeObject; deleted: boolean } {
    const ns = def.namespaced ? namespace : undefined;
    const current = this.#get(def, ns, name);
    if (!current) throw notFound({ group: def.group, resource: def.resource }, name);
    const pre = options.preconditions ?? {};
    if (pre.uid && pre.uid !== current.metadata.uid) {
      throw conflict(gr(def), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ''}`);
    }
    if (pre.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(
        gr(def),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`,
      );
    }
    const meta = current.metadata as Record<string, unknown>;
    const now = rfc3339(this.#d.now());

    if (def.group === '' && def.resource === 'namespaces') {
      if (PROTECTED_NAMESPACES.has(name)) throw forbidden(NAMESPACES, name, 'this namespace may not be deleted');
      if (meta.deletionTimestamp) return { object: current, deleted: false };
      const terminating = canonicalOrder({
        ...current,
        metadata: { ...current.metadata, deletionTimestamp: now },
        status: { ...((current.status as Record<string, unknown>) ?? {}), phase: 'Terminating' },
      });
      if (options.dryRun) return { object: terminating, deleted: false };
      const stored = this.#d.store.put(NAMESPACES, terminating);
      this.#later(() => this.#finishNamespace(name));
      return { object: stored, deleted: false };
    }

    const policy =
      options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : options.orphanDependents === false ? 'Background' : 'Background');
    if (!['Background', 'Foreground', 'Orphan'].includes(policy)) {
      throw invalid('', 'DeleteOptions', '', [
        {
          field: 'propagationPolicy',
          type: 'FieldValueNotSupported',
          message: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`,
        },
      ]);
    }
    const finalizers = (meta.finalizers as string[] | undefined) ?? [];
    if (meta.deletionTimestamp) {
      // rest.BeforeDelete: a graceful deletion in progress may only be shortened; 0 finishes it now.
      const pending = typeof meta.deletionGracePeriodSeconds === 'number' ? meta.deletionGracePeriodSeconds : 0;
      const requested = options.gracePeriodSeconds;
      if (pending <= 0 || requested === undefined || requested >= pending) return { object: current, deleted: false };
      if (requested > 0 || finalizers.length > 0) {
        const shortened = new Date(Date.parse(String(meta.deletionTimestamp)) - (pending - requested) * 1000);
        return {
          object: this.#markDeleting(def, current, { deletionTimestamp: rfc3339(shortened), deletionGracePeriodSeconds: requested }, options.dryRun),
          deleted: false,
        };
      }
    } else {
      const grace = this.#d.hooks.gracePeriod?.(def, current, options.gracePeriodSeconds) ?? 0;
      if (grace > 0 && policy !== 'Orphan') {
        const deadline = rfc3339(new Date(this.#d.now().getTime() + grace * 1000));
        return { object: this.#markDeleting(def, current, { deletionTimestamp: deadline, deletionGracePeriodSeconds: grace }, options.dryRun), deleted: false };
      }
    }
    // Foreground and Orphan hand the object to the garbage collector: it stays (deletionTimestamp set, the
    // policy's finalizer added) until the dependents are gone or released, then the collector removes it.
    const gcFinalizer = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : '';
    if (gcFinalizer || finalizers.length > 0) {
      const f = gcFinalizer && !finalizers.includes(gcFinalizer) ? [...finalizers, gcFinalizer] : finalizers;
      const stored = this.#markDeleting(def, current, { deletionTimestamp: now, deletionGracePeriodSeconds: 0, finalizers: f }, options.dryRun);
      if (options.dryRun) return { object: stored, deleted: false };
      if (gcFinalizer === 'foregroundDeletion') this.#later(() => this.#finishForeground(def, stored));
      if (gcFinalizer === 'orphan') this.#later(() => this.#finishOrphan(def, stored));
      return { object: stored, deleted: false };
    }
    if (options.dryRun) return { object: current, deleted: true };
    const last = this.#del(def, ns, name) as KubeObject;
    this.#d.hooks.committed?.(def, last, 'DELETED');
    if (policy === 'Background') this.#later(() => this.#deleteDependents(current, 'Background'));
    return { object: last, deleted: true };
  }

  /** Objects whose ownerReferences name `owner` (same namespace; any namespace for cluster-scoped owners). */
  #dependents(owner: KubeObject): { def: ResourceDef; obj: KubeObject }[] {
    const uid = owner.metadata.uid;
    const out: { def: ResourceDef; obj: KubeObject }[] = [];
    for (const kind of this.#d.store.kinds()) {
      const def = this.#d.registry.findAnyVersion(kind.group, kind.resource);
      if (!def) continue;
      for (const obj of this.#d.store.list(kind, owner.metadata.namespace && def.namespaced ? owner.metadata.namespace : undefined)) {
        const refs = (obj.metadata as Record<string, unknown>).ownerReferences as { uid?: string }[] | undefined;
        if (refs?.some((r) => r.uid === uid)) out.push({ def, obj });
      }
    }
    return out;
  }

  #deleteDependents(owner: KubeObject, policy: string): void {
    for (const { def, obj } of this.#dependents(owner)) {
      try {
        this.delete(def, obj.metadata.namespace ?? '', obj.metadata.name, { propagationPolicy: policy, dryRun: false });
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 404) throw e;
      }
    }
  }

  #orphanDependents(owner: KubeObject): void {
    for (const { def, obj } of this.#dependents(owner)) {
      const refs = ((obj.metadata as Record<string, unknown>).ownerReferences as { uid?: string }[]).filter((r) => r.uid !== owner.metadata.uid);
      const meta = { ...obj.metadata, ownerReferences: refs.length ? refs : undefined };
      this.#put(def, this.#ordered(def, { ...obj, metadata: meta }));
    }
  }

  /** Stores `current` with its deletion metadata changed (a MODIFIED event); a dry run only returns it. */
  #markDeleting(def: ResourceDef, current: KubeObject, deletion: Record<string, unknown>, dryRun: boolean): KubeObject {
    const marked = this.#ordered(def, { ...current, metadata: { ...current.metadata, ...deletion } });
    if (dryRun) return marked;
    const stored = this.#put(def, marked);
    this.#d.hooks.committed?.(def, stored, 'MODIFIED');
    return stored;
  }

  /**
   * Garbage collector, foreground: dependents go first; the owner's foregroundDeletion finalizer is removed
   * once no dependent with blockOwnerDeletion is left.
   */
  #finishForeground(def: ResourceDef, owner: KubeObject): void {
    this.#deleteDependents(owner, 'Foreground');
    const current = this.#get(def, owner.metadata.namespace, owner.metadata.name);
    if (!current || current.metadata.uid !== owner.metadata.uid) return;
    const blocking = this.#dependents(current).filter(({ obj }) =>
      ((obj.metadata as Record<string, unknown>).ownerReferences as { uid?: string; blockOwnerDeletion?: boolean }[]).some(
        (r) => r.uid === current.metadata.uid && r.blockOwnerDeletion === true,
      ),
    );
    if (blocking.length > 0) {
      this.#later(() => this.#finishForeground(def, current), 50);
      return;
    }
    this.#removeFinalizer(def, current, 'foregroundDeletion');
  }

  /** Garbage collector, orphan: dependents lose their reference to the owner, then the orphan finalizer goes. */
  #finishOrphan(def: ResourceDef, owner: KubeObject): void {
    const current = this.#get(def, owner.metadata.namespace, owner.metadata.name);
    if (!current || current.metadata.uid !== owner.metadata.uid) return;
    this.#orphanDependents(current);
    this.#removeFinalizer(def, current, 'orphan');
  }

  /** Drops one finalizer; the last one going deletes the object. */
  #removeFinalizer(def: ResourceDef, current: KubeObject, finalizer: string): void {
    const finalizers = (((current.metadata as Record<string, unknown>).finalizers as string[] | undefined) ?? []).filter((f) => f !== finalizer);
    const updated = this.#ordered(def, { ...current, metadata: { ...current.metadata, finalizers: finalizers.length ? finalizers : undefined } });
    if (finalizers.length) {
      this.#put(def, updated);
      return;
    }
    const last = this.#put(def, updated);
    this.#del(def, last.metadata.namespace, last.metadata.name);
    this.#d.hooks.committed?.(def, last, 'DELETED');
  }

  /** Namespace controller: deletes everything in a terminating namespace, then the namespace. */
  #finishNamespace(name: string): void {
    const nsObj = this.#d.store.get(NAMESPACES, undefined, name);
    if (!nsObj || !(nsObj.metadata as Record<string, unknown>).deletionTimestamp) return;
    for (const kind of this.#d.store.kinds()) {
      const def = this.#d.registry.findAnyVersion(kind.group, kind.resource);
      if (!def?.namespaced) continue;
      for (const obj of this.#d.store.list(kind, name)) {
        const last = this.#d.store.delete(kind, name, obj.metadata.name);
        if (last) this.#d.hooks.committed?.(def, last, 'DELETED');
      }
    }
    const last = this.#d.store.delete(NAMESPACES, undefined, name);
    const nsDef = this.#d.registry.findAnyVersion('', 'namespaces');
    if (last && nsDef) this.#d.hooks.committed?.(nsDef, last, 'DELETED');
  }
}

function setManagedFields(obj: KubeObject, entries: ManagerEntry[]): void {
  const m = obj.metadata as Record<string, unknown>;
  if (entries.length) m.managedFields = encodeManagedFields(entries);
  else delete m.managedFields;
}

function immutableMetaErrors(obj: KubeObject, old: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const gen = (obj.metadata as Record<string, unknown>).generateName;
  const oldGen = (old.metadata as Record<string, unknown>).generateName;
  if (gen !== undefined && oldGen !== undefined && gen !== oldGen) {
    errors.push({ field: 'metadata.generateName', type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(gen)}: field is immutable` });
  }
  return errors;
}
