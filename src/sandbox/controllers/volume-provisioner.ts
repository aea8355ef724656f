// PersistentVolumes for claims: the PV controller's binding (pkg/controller/volume/persistentvolume:
// syncUnboundClaim, bind, the Released phase and the reclaim policy) and, for classes whose provisioner is
// the sandbox's own (SANDBOX_PROVISIONER), what an external provisioner does (sig-storage-lib-external-
// provisioner: the Provisioning / ProvisioningSucceeded events, a PV `pvc-<claim uid>` with the claim
// pre-bound). Classes bind immediately; a WaitForFirstConsumer class is provisioned once the scheduler has
// chosen a node for a pod using the claim (`volume.kubernetes.io/selected-node`; the pod is bound after). The PV protection controller's
// part is here too: a deleted PV that is no longer bound loses its kubernetes.io/pv-protection finalizer.
import { randomUUID } from 'node:crypto';
import { Quantity } from '../../kube/quantity.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { splitKey } from './replicaset.js';
import { rec, type Rec } from './util.js';

/** The provisioner of the sandbox's default StorageClass `standard` (bootstrap.ts creates it). */
export const SANDBOX_PROVISIONER = 'kcurl.sandbox/hostpath';
const PV_CONTROLLER = 'persistentvolume-controller';
const PV_PROTECTION = 'kubernetes.io/pv-protection';
const ANN_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
const ANN_BETA_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';

const claimKey = (o: KubeObject) => `claim:${o.metadata.namespace}/${o.metadata.name}`;
const volumeKey = (name: string) => `volume:/${name}`;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** accessModes of the volume include all of the claim's. */
const modesFit = (claimModes: unknown, volumeModes: unknown) => {
  const have = new Set(Array.isArray(volumeModes) ? volumeModes : []);
  return (Array.isArray(claimModes) ? claimModes : []).every((m) => have.has(m));
};

export class VolumeProvisioner implements Controller {
  readonly name = 'persistentvolume-binder';
  readonly #ctx: ControllerContext;
  /** The provisioner's identity in its events' source: `<provisioner>_<node>_<uuid>`, as external provisioners report. */
  readonly #identity = `${SANDBOX_PROVISIONER}_kcurl-control-plane_${randomUUID()}`;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group === 'storage.k8s.io' && e.resource === 'storageclasses') {
      return this.#ctx
        .list('', 'persistentvolumeclaims')
        .filter((c) => !str(rec(c.spec).volumeName))
        .map(claimKey);
    }
    if (e.group !== '') return [];
    if (e.resource === 'persistentvolumeclaims') {
      const keys = [claimKey(e.object)];
      const volume = str(rec(e.object.spec).volumeName);
      if (volume && e.type === 'DELETED') keys.push(volumeKey(volume));
      return keys;
    }
    if (e.resource === 'persistentvolumes') {
      const keys = [volumeKey(e.object.metadata.name)];
      const ref = rec(rec(e.object.spec).claimRef);
      if (ref.name && ref.namespace) keys.push(`claim:${str(ref.namespace)}/${str(ref.name)}`);
      else if (e.type !== 'DELETED')
        keys.push(
          ...this.#ctx
            .list('', 'persistentvolumeclaims')
            .filter((c) => !str(rec(c.spec).volumeName))
            .map(claimKey),
        );
      return keys;
    }
    return [];
  }

  initialKeys(): string[] {
    return [...this.#ctx.list('', 'persistentvolumeclaims').map(claimKey), ...this.#ctx.list('', 'persistentvolumes').map((v) => volumeKey(v.metadata.name))];
  }

  sync(key: string): void {
    const [kind, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const [namespace, name] = splitKey(rest);
    if (kind === 'claim') this.#syncClaim(namespace, name);
    else this.#syncVolume(name);
  }

  #syncClaim(namespace: string, name: string): void {
    const claim = this.#ctx.get('', 'persistentvolumeclaims', namespace, name);
    if (!claim || claim.metadata.deletionTimestamp) return;
    const spec = rec(claim.spec);
    const volumeName = str(spec.volumeName);
    if (volumeName) {
      // syncBoundClaim: finish a bind that names its volume (pre-bound by the user or half done).
      const volume = this.#ctx.get('', 'persistentvolumes', undefined, volumeName);
      if (volume && (rec(volume.status).phase !== 'Bound' || rec(claim.status).phase !== 'Bound')) this.#bind(claim, volume);
      return;
    }
    const className = str(spec.storageClassName);
    // findBestMatchForClaim: the smallest Available volume of the same class that is big enough.
    const wanted = Quantity.parse(rec(rec(spec.resources).requests).storage);
    const candidates = this.#ctx
      .list('', 'persistentvolumes')
      .filter((v) => {
        const vs = rec(v.spec);
        const ref = rec(vs.claimRef);
        if (v.metadata.deletionTimestamp || str(vs.storageClassName) !== className) return false;
        if (ref.name && !(ref.name === name && ref.namespace === namespace && (!ref.uid || ref.uid === claim.metadata.uid))) return false;
        const cap = Quantity.parse(rec(vs.capacity).storage);
        return rec(v.status).phase !== 'Released' && modesFit(spec.accessModes, vs.accessModes) && (!wanted || (cap !== undefined && cap.cmp(wanted) >= 0));
      })
      .sort((a, b) => (Quantity.parse(rec(rec(a.spec).capacity).storage) as Quantity).cmp(Quantity.parse(rec(rec(b.spec).capacity).storage) as Quantity));
    if (candidates.length) {
      this.#bind(claim, candidates[0]);
      return;
    }
    if (!className) {
      this.#event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      return;
    }
    const cls = this.#ctx.get('storage.k8s.io', 'storageclasses', undefined, className);
    if (!cls) {
      this.#event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      return;
    }
    const provisioner = str(cls.provisioner);
    if (cls.volumeBindingMode === 'WaitForFirstConsumer' && !claim.metadata.annotations?.[ANN_SELECTED_NODE]) {
      // The scheduler sets the selected node when it places a pod that uses the claim.
      this.#event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      return;
    }
    let current = claim;
    if (current.metadata.annotations?.[ANN_PROVISIONER] !== provisioner) {
      current = this.#annotate(claim, { [ANN_BETA_PROVISIONER]: provisioner, [ANN_PROVISIONER]: provisioner });
    }
    this.#event(
      current,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
    if (provisioner !== SANDBOX_PROVISIONER) return;
    this.#provision(current, cls);
  }

  /** The external provisioner's ProvisionExt: a hostPath volume sized as asked, pre-bound to the claim. */
  #provision(claim: KubeObject, cls: KubeObject): void {
    const spec = rec(claim.spec);
    const pvName = `pvc-${claim.metadata.uid}`;
    this.#ctx.event(
      claim,
      'Normal',
      'Provisioning',
      `External provisioner is provisioning volume for claim "${claim.metadata.namespace}/${claim.metadata.name}"`,
      this.#identity,
    );
    let volume = this.#ctx.get('', 'persistentvolumes', undefined, pvName);
    if (!volume) {
      const node = claim.metadata.annotations?.[ANN_SELECTED_NODE];
      volume = this.#ctx.create('', 'persistentvolumes', {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: pvName, annotations: { [ANN_PROVISIONED_BY]: SANDBOX_PROVISIONER } },
        spec: {
          accessModes: spec.accessModes,
          capacity: { storage: rec(rec(spec.resources).requests).storage },
          claimRef: {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            name: claim.metadata.name,
            namespace: claim.metadata.namespace,
            resourceVersion: claim.metadata.resourceVersion,
            uid: claim.metadata.uid,
          },
          hostPath: { path: `/var/local/kcurl-sandbox/${pvName}`, type: 'DirectoryOrCreate' },
          ...(node
            ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } }
            : {}),
          persistentVolumeReclaimPolicy: str(cls.reclaimPolicy) || 'Delete',
          storageClassName: cls.metadata.name,
          volumeMode: str(spec.volumeMode) || 'Filesystem',
          ...(Array.isArray(cls.mountOptions) ? { mountOptions: cls.mountOptions } : {}),
        },
      });
      this.#ctx.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, this.#identity);
    }
    this.#bind(claim, volume);
  }

  /** bind(): the volume's claimRef and phase Bound, then the claim's volumeName, annotations and phase Bound. */
  #bind(claim: KubeObject, volume: KubeObject): void {
    const vs = rec(volume.spec);
    let pv = volume;
    const ref = rec(vs.claimRef);
    if (ref.uid !== claim.metadata.uid) {
      const annotations = { ...(volume.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
      pv = this.#ctx.update('', 'persistentvolumes', volume, {
        ...volume,
        metadata: { ...volume.metadata, annotations },
        spec: {
          ...vs,
          claimRef: {
            kind: 'PersistentVolumeClaim',
            namespace: claim.metadata.namespace,
            name: claim.metadata.name,
            uid: claim.metadata.uid,
            apiVersion: 'v1',
            resourceVersion: claim.metadata.resourceVersion,
          },
        },
      });
    }
    if (rec(pv.status).phase !== 'Bound') pv = this.#ctx.updateStatus('', 'persistentvolumes', pv, { ...rec(pv.status), phase: 'Bound' });
    let c = this.#ctx.get('', 'persistentvolumeclaims', claim.metadata.namespace, claim.metadata.name) ?? claim;
    const annotations = c.metadata.annotations ?? {};
    if (str(rec(c.spec).volumeName) !== pv.metadata.name || annotations[ANN_BIND_COMPLETED] !== 'yes') {
      const byController: Record<string, string> = str(rec(c.spec).volumeName) ? {} : { [ANN_BOUND_BY_CONTROLLER]: 'yes' };
      c = this.#ctx.update('', 'persistentvolumeclaims', c, {
        ...c,
        metadata: { ...c.metadata, annotations: { ...annotations, [ANN_BIND_COMPLETED]: 'yes', ...byController } },
        spec: { ...rec(c.spec), volumeName: pv.metadata.name },
      });
    }
    const status = rec(c.status);
    if (status.phase !== 'Bound') {
      this.#ctx.updateStatus('', 'persistentvolumeclaims', c, {
        ...status,
        phase: 'Bound',
        accessModes: rec(pv.spec).accessModes,
        capacity: rec(pv.spec).capacity,
      });
    }
  }

  #syncVolume(name: string): void {
    const volume = this.#ctx.get('', 'persistentvolumes', undefined, name);
    if (!volume) return;
    const vs = rec(volume.spec);
    const phase = rec(volume.status).phase;
    if (volume.metadata.deletionTimestamp) {
      // pvprotection: a volume no longer bound may go.
      const finalizers = (volume.metadata.finalizers as string[] | undefined) ?? [];
      if (finalizers.includes(PV_PROTECTION) && phase !== 'Bound') {
        const rest = finalizers.filter((f) => f !== PV_PROTECTION);
        this.#ctx.update('', 'persistentvolumes', volume, { ...volume, metadata: { ...volume.metadata, finalizers: rest.length ? rest : undefined } });
      }
      return;
    }
    const ref = rec(vs.claimRef);
    if (!ref.name) {
      if (phase !== 'Available') this.#ctx.updateStatus('', 'persistentvolumes', volume, { ...rec(volume.status), phase: 'Available' });
      return;
    }
    const claim = this.#ctx.get('', 'persistentvolumeclaims', str(ref.namespace), str(ref.name));
    if (claim && (!ref.uid || claim.metadata.uid === ref.uid)) return;
    if (!ref.uid) return; // pre-bound to a claim not yet created
    // syncVolume: the claim is gone — Released, then the reclaim policy.
    let pv = volume;
    if (phase !== 'Released') pv = this.#ctx.updateStatus('', 'persistentvolumes', volume, { ...rec(volume.status), phase: 'Released' });
    if (vs.persistentVolumeReclaimPolicy === 'Delete') this.#ctx.delete('', 'persistentvolumes', undefined, pv.metadata.name);
  }

  /** Claim events from the PV controller, recorded once per reason and message (the recorder aggregates repeats). */
  #event(claim: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const seen = this.#ctx
      .list('', 'events', claim.metadata.namespace)
      .some((e) => rec(e.involvedObject).uid === claim.metadata.uid && e.reason === reason && e.message === message);
    if (!seen) this.#ctx.event(claim, type, reason, message, PV_CONTROLLER);
  }

  #annotate(claim: KubeObject, add: Rec): KubeObject {
    return this.#ctx.update('', 'persistentvolumeclaims', claim, {
      ...claim,
      metadata: { ...claim.metadata, annotations: { ...(claim.metadata.annotations ?? {}), ...(add as Record<string, string>) } },
    });
  }
}
