import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/sandbox/api-error.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';
import { CA_PEM, podTemplate, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => h.close());

const tokenSecret = (name: string, sa: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'default', annotations: { 'kubernetes.io/service-account.name': sa } },
  type: 'kubernetes.io/service-account-token',
});
const decode = (s: string) => Buffer.from(s, 'base64').toString('utf8');

describe('token controller', () => {
  it('fills token, ca.crt, namespace and the uid annotation; the token authenticates as the account', async () => {
    h.create(tokenSecret('default-token', 'default'));
    expect(h.get('', 'secrets', 'default', 'default-token')?.data).toBeUndefined();
    await h.settle();
    const s = h.get('', 'secrets', 'default', 'default-token') as KubeObject;
    const sa = h.get('', 'serviceaccounts', 'default', 'default') as KubeObject;
    const data = s.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(['ca.crt', 'namespace', 'token']);
    expect(decode(data['ca.crt'])).toBe(CA_PEM);
    expect(decode(data.namespace)).toBe('default');
    expect(s.metadata.annotations?.['kubernetes.io/service-account.uid']).toBe(sa.metadata.uid);
    const token = decode(data.token);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toEqual({
      iss: 'kubernetes/serviceaccount',
      'kubernetes.io/serviceaccount/namespace': 'default',
      'kubernetes.io/serviceaccount/secret.name': 'default-token',
      'kubernetes.io/serviceaccount/service-account.name': 'default',
      'kubernetes.io/serviceaccount/service-account.uid': sa.metadata.uid,
      sub: 'system:serviceaccount:default:default',
    });
    expect(h.tokens.verify(token)).toEqual({
      username: 'system:serviceaccount:default:default',
      uid: sa.metadata.uid,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default'],
    });
    const mf = (s.metadata.managedFields as { manager: string }[]).map((m) => m.manager);
    expect(mf).toEqual(['kube-controller-manager', 'kubectl-create']);

    // A tampered copy or a token the Secret no longer holds does not authenticate.
    expect(h.tokens.verify(token.slice(0, -2) + 'AA')).toBeUndefined();
    h.delete('', 'secrets', 'default', 'default-token');
    expect(h.tokens.verify(token)).toBeUndefined();
  });

  it('deletes the Secrets of a deleted ServiceAccount, ending their tokens', async () => {
    h.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'default' } });
    h.create(tokenSecret('robot-token', 'robot'));
    h.create(tokenSecret('other', 'default'));
    await h.settle();
    const token = decode((h.get('', 'secrets', 'default', 'robot-token')?.data as Record<string, string>).token);
    expect(h.tokens.verify(token)?.username).toBe('system:serviceaccount:default:robot');
    h.delete('', 'serviceaccounts', 'default', 'robot');
    expect(h.tokens.verify(token)).toBeUndefined();
    await h.settle();
    expect(h.get('', 'secrets', 'default', 'robot-token')).toBeUndefined();
    expect(h.get('', 'secrets', 'default', 'other')).toBeDefined();
  });

  it('deletes a token Secret that names a ServiceAccount that does not exist', async () => {
    h.create(tokenSecret('ghost-token', 'ghost'));
    await h.settle();
    expect(h.get('', 'secrets', 'default', 'ghost-token')).toBeUndefined();
  });
});

describe('ServiceAccount admission', () => {
  const pod = (spec: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
  });

  it('defaults the account to default and mounts kube-api-access-xxxxx', () => {
    const p = h.create(pod());
    expect((p.spec as any).serviceAccountName).toBe('default');
    expect((p.spec as any).serviceAccount).toBe('default');
    const vol = (p.spec as any).volumes[0];
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect((p.spec as any).containers[0].volumeMounts).toEqual([
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: vol.name, readOnly: true },
    ]);
  });

  it('rejects a pod whose ServiceAccount does not exist with the real 403', () => {
    let err: unknown;
    try {
      h.create(pod({ serviceAccountName: 'nope' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(403);
    expect((err as ApiError).message).toBe('pods "p" is forbidden: error looking up service account default/nope: serviceaccount "nope" not found');
  });

  it('mounts no token when the ServiceAccount opts out, unless the pod opts back in', () => {
    h.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'quiet', namespace: 'default' }, automountServiceAccountToken: false });
    const p = h.create(pod({ serviceAccountName: 'quiet' }));
    expect((p.spec as any).volumes).toBeUndefined();
    const q = h.create({ ...pod({ serviceAccountName: 'quiet', automountServiceAccountToken: true }), metadata: { name: 'q', namespace: 'default' } });
    expect((q.spec as any).volumes[0].name).toMatch(/^kube-api-access-/);
  });
});

describe('garbage collection', () => {
  const deployment = (): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }) },
  });
  const count = () => ({ rs: h.list('apps', 'replicasets', 'default').length, pods: h.list('', 'pods', 'default').length });

  it('background: the owner goes at once, its dependents after it', async () => {
    h.create(deployment());
    await h.settle();
    expect(count()).toEqual({ rs: 1, pods: 2 });
    h.delete('apps', 'deployments', 'default', 'web', 'Background');
    expect(h.get('apps', 'deployments', 'default', 'web')).toBeUndefined();
    await h.settle();
    expect(count()).toEqual({ rs: 0, pods: 0 });
  });

  it('foreground: the owner waits with foregroundDeletion until its dependents are gone', async () => {
    h.create(deployment());
    await h.settle();
    h.delete('apps', 'deployments', 'default', 'web', 'Foreground');
    const marked = h.get('apps', 'deployments', 'default', 'web') as KubeObject;
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion']);
    await h.settle();
    expect(h.get('apps', 'deployments', 'default', 'web')).toBeUndefined();
    expect(count()).toEqual({ rs: 0, pods: 0 });
  });

  it('orphan: dependents lose the owner reference and stay; the owner carries the orphan finalizer meanwhile', async () => {
    h.create(deployment());
    await h.settle();
    h.delete('apps', 'deployments', 'default', 'web', 'Orphan');
    expect(h.get('apps', 'deployments', 'default', 'web')?.metadata.finalizers).toEqual(['orphan']);
    await h.settle();
    expect(h.get('apps', 'deployments', 'default', 'web')).toBeUndefined();
    const [rs] = h.list('apps', 'replicasets', 'default');
    expect(rs.metadata.ownerReferences).toBeUndefined();
    expect(count()).toEqual({ rs: 1, pods: 2 });
  });

  it('deletes a dependent created with a reference to an owner that does not exist', async () => {
    h.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'dangling',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gone', uid: '00000000-0000-0000-0000-000000000000' }],
      },
    });
    h.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'unknown-kind',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: '00000000-0000-0000-0000-000000000001' }],
      },
    });
    await h.settle();
    expect(h.get('', 'configmaps', 'default', 'dangling')).toBeUndefined();
    expect(h.get('', 'configmaps', 'default', 'unknown-kind')).toBeDefined();
  });
});

describe('PVC protection', () => {
  it('keeps a deleted claim Terminating while a running pod uses it, then removes it', async () => {
    h.create({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } },
    });
    const pod = h.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'user', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] },
    });
    h.setPod(pod, 'Running', true);
    h.delete('', 'persistentvolumeclaims', 'default', 'data');
    await h.settle();
    const claim = h.get('', 'persistentvolumeclaims', 'default', 'data') as KubeObject;
    expect(claim.metadata.deletionTimestamp).toBeDefined();
    expect(claim.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    h.delete('', 'pods', 'default', 'user');
    await h.settle();
    expect(h.get('', 'persistentvolumeclaims', 'default', 'data')).toBeUndefined();
  });
});
