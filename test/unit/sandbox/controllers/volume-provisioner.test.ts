// The volume binder and the sandbox's provisioner on a manual clock: static binding to the smallest volume that
// fits, the reclaim policies, classes with other provisioners, and the PV protection finalizer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/sandbox/types.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => h.close());

const claim = (name: string, storage: string, storageClassName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...(storageClassName !== undefined ? { storageClassName } : {}) },
});
const volume = (name: string, storage: string, storageClassName: string, reclaim = 'Retain'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: {
    capacity: { storage },
    accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
    storageClassName,
    persistentVolumeReclaimPolicy: reclaim,
    hostPath: { path: `/mnt/${name}` },
  },
});
const phase = (o: KubeObject | undefined) => (o?.status as { phase?: string } | undefined)?.phase;
const reasons = () => h.events('default').map((e) => `${e.reason}: ${e.message}`);

describe('volume binder', () => {
  it('binds a claim of a class no provisioner serves to the smallest Available volume that fits', async () => {
    h.create(volume('big', '10Gi', 'manual'));
    h.create(volume('small', '2Gi', 'manual'));
    h.create(volume('tiny', '500Mi', 'manual'));
    h.create(volume('other', '2Gi', 'slow'));
    h.create(claim('data', '1Gi', 'manual'));
    await h.settle();
    const c = h.get('', 'persistentvolumeclaims', 'default', 'data');
    expect(c?.spec).toMatchObject({ volumeName: 'small' });
    expect(c?.status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], capacity: { storage: '2Gi' } });
    expect(c?.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    const pv = h.get('', 'persistentvolumes', undefined, 'small');
    expect(phase(pv)).toBe('Bound');
    expect((pv?.spec as { claimRef: object }).claimRef).toMatchObject({
      kind: 'PersistentVolumeClaim',
      namespace: 'default',
      name: 'data',
      uid: c?.metadata.uid,
    });
    expect(phase(h.get('', 'persistentvolumes', undefined, 'big'))).toBe('Available');
    expect(h.errors).toEqual([]);
  });

  it('Retain keeps a released volume; the default class’s Delete removes it and its protection finalizer', async () => {
    h.create(volume('kept', '1Gi', 'manual'));
    h.create(claim('a', '1Gi', 'manual'));
    h.create(claim('b', '1Gi'));
    await h.settle();
    const provisioned = `pvc-${h.get('', 'persistentvolumeclaims', 'default', 'b')?.metadata.uid}`;
    expect(h.get('', 'persistentvolumes', undefined, provisioned)?.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    h.delete('', 'persistentvolumeclaims', 'default', 'a');
    h.delete('', 'persistentvolumeclaims', 'default', 'b');
    await h.settle();
    expect(phase(h.get('', 'persistentvolumes', undefined, 'kept'))).toBe('Released');
    expect(h.get('', 'persistentvolumes', undefined, provisioned)).toBeUndefined();
    expect(h.errors).toEqual([]);
  });

  it('a class with another provisioner waits for it; a missing class and no class at all say why', async () => {
    h.create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'ebs' }, provisioner: 'ebs.csi.aws.com' } as KubeObject);
    h.create(claim('ext', '1Gi', 'ebs'));
    h.create(claim('gone', '1Gi', 'nope'));
    h.create(claim('none', '1Gi', ''));
    await h.settle();
    expect(reasons().sort()).toEqual([
      "ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'ebs.csi.aws.com' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'FailedBinding: no persistent volumes available for this claim and no storage class is set',
      'ProvisioningFailed: storageclass.storage.k8s.io "nope" not found',
    ]);
    expect(h.get('', 'persistentvolumeclaims', 'default', 'ext')?.metadata.annotations).toEqual({
      'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
      'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
    });
    expect(h.list('', 'persistentvolumes')).toEqual([]);
  });
});
