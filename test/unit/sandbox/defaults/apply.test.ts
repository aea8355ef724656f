// Defaulting: the manifests kubectl sent (their last-applied-configuration) run through applyDefaults must
// come out as the objects a real kube-apiserver stored for them (fixtures/objects), plus the rules one by one.
import { describe, expect, it } from 'vitest';
import {
  applyDefaults,
  podQosClass,
  releaseServiceAllocations,
  reserveServiceAllocations,
  ServiceAllocator,
} from '../../../../src/sandbox/defaults/defaults.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';
import { fixtureJson } from '../../../helpers/fixtures.js';

const fixture = fixtureJson;
const lastApplied = (obj: KubeObject): KubeObject => JSON.parse(obj.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']);
const listItem = (list: string, name: string): KubeObject => fixture(`objects/${list}.json`).items.find((i: KubeObject) => i.metadata.name === name);
/** The random suffix kube-apiserver picked for the token volume of a stored pod. */
const tokenVolumeSuffix = (pod: any) =>
  (pod.spec.volumes as { name: string }[]).find((v) => v.name.startsWith('kube-api-access-'))!.name.slice('kube-api-access-'.length);

describe('applyDefaults reproduces objects stored by kube-apiserver', () => {
  it.each(['pod-example', 'downward-env'])('pod %s: spec and status', (name) => {
    const stored = fixture(`objects/${name}.json`);
    const sent = lastApplied(stored);
    applyDefaults('', 'pods', sent, { randomSuffix: () => tokenVolumeSuffix(stored) });
    expect(sent.spec).toEqual(stored.spec);
    expect(sent.status).toEqual(stored.status);
  });

  it('a pod created from plain YAML (no last-applied annotation)', () => {
    const stored = fixture('objects/pod-created-from-yaml.json');
    const sent: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'from-yaml', namespace: 'default' },
      spec: { containers: [{ name: 'ubuntu', image: 'ubuntu:trusty', command: ['echo'], args: ['Hello World'] }], restartPolicy: 'Never' },
    };
    applyDefaults('', 'pods', sent, { randomSuffix: () => tokenVolumeSuffix(stored) });
    expect(sent.spec).toEqual(stored.spec);
    expect(sent.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('deployment web', () => {
    const stored = fixture('objects/deployment-web.json');
    const sent = lastApplied(stored);
    applyDefaults('apps', 'deployments', sent);
    expect(sent.spec).toEqual(stored.spec);
  });

  it('daemonset ssd-monitor', () => {
    const stored = listItem('list-daemonsets.apps', 'ssd-monitor');
    const sent = lastApplied(stored);
    applyDefaults('apps', 'daemonsets', sent);
    expect(sent.spec).toEqual(stored.spec);
  });

  it('statefulset kubia, plus the PVC retention policy v1.27+ servers add', () => {
    const stored = fixture('objects/statefulset-kubia.json');
    const sent = lastApplied(stored);
    applyDefaults('apps', 'statefulsets', sent);
    const { persistentVolumeClaimRetentionPolicy, ...rest } = sent.spec as Record<string, unknown>;
    expect(rest).toEqual(stored.spec);
    expect(persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  it('headless service kubia', () => {
    const stored = listItem('list-services', 'kubia');
    const sent = lastApplied(stored);
    expect(applyDefaults('', 'services', sent, { allocator: new ServiceAllocator() })).toEqual([]);
    expect(sent.spec).toEqual(stored.spec);
    expect(sent.status).toEqual(stored.status);
  });

  it('the kubernetes service, its IP reserved in the server’s range', () => {
    const stored = listItem('list-services', 'kubernetes');
    const sent: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: stored.metadata.labels },
      spec: { clusterIP: '10.0.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] },
    };
    expect(applyDefaults('', 'services', sent, { allocator: new ServiceAllocator({ cidr: '10.0.0.0/24' }) })).toEqual([]);
    expect(sent.spec).toEqual(stored.spec);
  });

  it('namespace: finalizer, phase and the metadata.name label', () => {
    const stored = listItem('list-namespaces', 'default');
    const sent: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } };
    applyDefaults('', 'namespaces', sent);
    expect(sent.spec).toEqual(stored.spec);
    expect(sent.status).toEqual(stored.status);
    expect(sent.metadata.labels).toEqual(stored.metadata.labels);
  });

  it('persistentvolumeclaim made from the statefulset template', () => {
    const stored = listItem('list-persistentvolumeclaims', 'data-kubia-0');
    const sent: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data-kubia-0', namespace: 'default', labels: { app: 'kubia' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } },
    };
    applyDefaults('', 'persistentvolumeclaims', sent);
    expect(sent.spec).toEqual(stored.spec);
    expect(sent.status).toEqual(stored.status);
    expect(sent.metadata.finalizers).toEqual(stored.metadata.finalizers);
  });
});

const podWith = (container: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'c', ...container }], ...spec },
});
const defaulted = (obj: KubeObject, group = '', resource = 'pods', opts = {}) => {
  applyDefaults(group, resource, obj, { randomSuffix: () => 'abcde', ...opts });
  return obj as any;
};

describe('pod defaulting rules', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.example.com:5000/team/app', 'Always'],
    ['registry.example.com:5000/team/app:v2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['Nginx', 'IfNotPresent'],
  ])('image %s → imagePullPolicy %s', (image, policy) => {
    expect(defaulted(podWith({ image })).spec.containers[0].imagePullPolicy).toBe(policy);
  });

  it('keeps an explicit pull policy', () => {
    expect(defaulted(podWith({ image: 'nginx', imagePullPolicy: 'Never' })).spec.containers[0].imagePullPolicy).toBe('Never');
  });

  it.each([
    ['no resources', {}, 'BestEffort'],
    ['requests only', { requests: { cpu: '100m' } }, 'Burstable'],
    ['equal requests and limits', { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } }, 'Guaranteed'],
    ['limits only (requests copied from them)', { limits: { cpu: '500m', memory: '128Mi' } }, 'Guaranteed'],
    ['cpu limit only', { limits: { cpu: '500m' } }, 'Burstable'],
    ['requests below limits', { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } }, 'Burstable'],
    ['zero requests ignored', { requests: { cpu: '0' } }, 'BestEffort'],
  ])('qosClass for %s', (_name, resources, qos) => {
    expect(defaulted(podWith({ image: 'nginx', resources })).status.qosClass).toBe(qos);
  });

  it('copies limits to missing requests', () => {
    const pod = defaulted(podWith({ image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } }));
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
  });

  it('podQosClass counts init containers too', () => {
    expect(podQosClass({ containers: [{ name: 'a' }], initContainers: [{ name: 'i', resources: { requests: { memory: '1Mi' } } }] })).toBe('Burstable');
  });

  it('does not add default tolerations that an existing toleration covers', () => {
    const pod = defaulted(
      podWith({ image: 'nginx' }, { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] }),
    );
    expect(pod.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const tolerateAll = defaulted(podWith({ image: 'nginx' }, { tolerations: [{ operator: 'Exists' }] }));
    expect(tolerateAll.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('system priority classes set their priority', () => {
    expect(defaulted(podWith({ image: 'nginx' }, { priorityClassName: 'system-node-critical' })).spec.priority).toBe(2000001000);
  });

  it('automountServiceAccountToken: false mounts no token, and a named service account is kept', () => {
    const pod = defaulted(podWith({ image: 'nginx' }, { automountServiceAccountToken: false, serviceAccountName: 'builder' }));
    expect(pod.spec.volumes).toBeUndefined();
    expect(pod.spec.containers[0].volumeMounts).toBeUndefined();
    expect(pod.spec.serviceAccount).toBe('builder');
  });

  it('is idempotent: defaulting twice adds no second token volume or tolerations', () => {
    const once = defaulted(podWith({ image: 'nginx' }, { initContainers: [{ name: 'init', image: 'busybox' }] }));
    const twice = defaulted(structuredClone(once));
    expect(twice).toEqual(once);
    expect(once.spec.initContainers[0].volumeMounts).toEqual([
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-abcde', readOnly: true },
    ]);
  });

  it('an update runs the defaulters but not the create-time admission', () => {
    const pod = defaulted(podWith({ image: 'nginx' }), '', 'pods', { operation: 'update' });
    expect(pod.spec.tolerations).toBeUndefined();
    expect(pod.spec.serviceAccountName).toBeUndefined();
    expect(pod.spec.dnsPolicy).toBe('ClusterFirst');
  });

  it('probes, env field refs and volumes get their defaults', () => {
    const pod = defaulted(
      podWith(
        {
          image: 'nginx',
          livenessProbe: { httpGet: { port: 80 } },
          env: [
            { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
          ],
          ports: [{ containerPort: 80 }],
        },
        { volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }] },
      ),
    );
    const c = pod.spec.containers[0];
    expect(c.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.env[0].valueFrom.fieldRef.apiVersion).toBe('v1');
    expect(c.env[1].valueFrom.resourceFieldRef.divisor).toBe('0');
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(pod.spec.volumes.slice(0, 2)).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
    ]);
  });
});

describe('service allocation', () => {
  const svc = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec });

  it('allocates a cluster IP in 10.96.0.0/12, distinct each time, and node ports for NodePort services', () => {
    const allocator = new ServiceAllocator();
    const a = svc({ ports: [{ port: 80 }] });
    const b = svc({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] });
    expect(applyDefaults('', 'services', a, { allocator })).toEqual([]);
    expect(applyDefaults('', 'services', b, { allocator })).toEqual([]);
    const [ipA, ipB] = [(a.spec as any).clusterIP, (b.spec as any).clusterIP];
    expect(ipA).not.toBe(ipB);
    for (const ip of [ipA, ipB]) {
      const [o1, o2] = ip.split('.').map(Number);
      expect(o1).toBe(10);
      expect(o2).toBeGreaterThanOrEqual(96);
      expect(o2).toBeLessThanOrEqual(111);
    }
    expect((a.spec as any).clusterIPs).toEqual([ipA]);
    const port = (b.spec as any).ports[0];
    expect(port.targetPort).toBe('http');
    expect(port.nodePort).toBeGreaterThanOrEqual(30000);
    expect(port.nodePort).toBeLessThanOrEqual(32767);
    expect((b.spec as any).externalTrafficPolicy).toBe('Cluster');
  });

  it('refuses an explicit IP outside the range or already taken, with the real texts', () => {
    const allocator = new ServiceAllocator();
    expect(applyDefaults('', 'services', svc({ clusterIP: '1.2.3.4', ports: [{ port: 80 }] }), { allocator })).toEqual([
      {
        field: 'spec.clusterIPs',
        type: 'FieldValueInvalid',
        message:
          'Invalid value: []string{"1.2.3.4"}: failed to allocate IP 1.2.3.4: the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
      },
    ]);
    expect(applyDefaults('', 'services', svc({ clusterIP: '10.96.0.10', ports: [{ port: 53 }] }), { allocator })).toEqual([]);
    expect(applyDefaults('', 'services', svc({ clusterIP: '10.96.0.10', ports: [{ port: 53 }] }), { allocator })[0].message).toBe(
      'Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    expect(applyDefaults('', 'services', svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }), { allocator })).toContainEqual({
      field: 'spec.ports[0].nodePort',
      type: 'FieldValueInvalid',
      message: 'Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    });
  });

  it('an update without clusterIP keeps the allocated one', () => {
    const allocator = new ServiceAllocator();
    const created = svc({ type: 'NodePort', ports: [{ port: 80 }] });
    applyDefaults('', 'services', created, { allocator });
    const replaced = svc({ type: 'NodePort', ports: [{ port: 80 }] });
    expect(applyDefaults('', 'services', replaced, { allocator, operation: 'update', old: created })).toEqual([]);
    expect((replaced.spec as any).clusterIP).toBe((created.spec as any).clusterIP);
    expect((replaced.spec as any).ports[0].nodePort).toBe((created.spec as any).ports[0].nodePort);
  });

  it('changing the type on update allocates or gives back node ports', () => {
    const allocator = new ServiceAllocator();
    const clusterIp = svc({ ports: [{ port: 80 }] });
    applyDefaults('', 'services', clusterIp, { allocator });
    const asNodePort = structuredClone(clusterIp);
    (asNodePort.spec as any).type = 'NodePort';
    expect(applyDefaults('', 'services', asNodePort, { allocator, operation: 'update', old: clusterIp })).toEqual([]);
    const nodePort = (asNodePort.spec as any).ports[0].nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect((asNodePort.spec as any).clusterIP).toBe((clusterIp.spec as any).clusterIP);
    const back = structuredClone(asNodePort);
    (back.spec as any).type = 'ClusterIP';
    applyDefaults('', 'services', back, { allocator, operation: 'update', old: asNodePort });
    expect((back.spec as any).ports[0].nodePort).toBeUndefined();
    // The port is free again: another service may ask for it explicitly.
    expect(applyDefaults('', 'services', svc({ type: 'NodePort', ports: [{ port: 81, nodePort }] }), { allocator })).toEqual([]);
  });

  it('released and re-reserved allocations (deleted services, objects loaded at start-up)', () => {
    const allocator = new ServiceAllocator();
    const s = svc({ clusterIP: '10.96.0.30', type: 'NodePort', ports: [{ port: 80, nodePort: 30100 }] });
    applyDefaults('', 'services', s, { allocator });
    releaseServiceAllocations(s as any, allocator);
    expect(allocator.reserveIp('10.96.0.30')).toBeUndefined();
    expect(allocator.reserveNodePort(30100)).toBeUndefined();
    const fresh = new ServiceAllocator();
    reserveServiceAllocations(s as any, fresh);
    expect(fresh.reserveIp('10.96.0.30')).toBe('provided IP is already allocated');
    expect(fresh.reserveNodePort(30100)).toBe('provided port is already allocated');
  });

  it('the kubernetes service address is the first of the range', () => {
    expect(new ServiceAllocator().apiServerIp).toBe('10.96.0.1');
  });

  it('ExternalName services get no IP and no IP families', () => {
    const s = svc({ type: 'ExternalName', externalName: 'db.example.com' });
    applyDefaults('', 'services', s, { allocator: new ServiceAllocator() });
    expect(s.spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' });
  });
});

describe('other kinds', () => {
  it('jobs: defaults and the generated selector once a uid is set', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default', uid: 'f0e1d2c3-0000-4000-8000-000000000001' },
      spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } } },
    };
    applyDefaults('batch', 'jobs', job);
    const uid = job.metadata.uid;
    const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
    expect(job.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { creationTimestamp: null, labels } },
    });
    expect(job.metadata.labels).toEqual(labels);
  });

  it('cronjobs', () => {
    const cj: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } },
      },
    };
    applyDefaults('batch', 'cronjobs', cj);
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { creationTimestamp: null } },
    });
  });

  it('role bindings: apiGroup of roleRef and subjects', () => {
    const rb: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'default' },
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'default' },
      ],
    };
    applyDefaults('rbac.authorization.k8s.io', 'rolebindings', rb);
    expect(rb.roleRef).toEqual({ kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' });
    expect(rb.subjects).toEqual([
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'default' },
    ]);
  });

  it('secrets default to Opaque, and stringData lands base64-encoded in data', () => {
    const s: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'b2xk', keep: 'eA==' },
      stringData: { a: 'new', pw: 'pässword' },
    };
    applyDefaults('', 'secrets', s);
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({ a: 'bmV3', keep: 'eA==', pw: Buffer.from('pässword').toString('base64') });
    expect(s.stringData).toBeUndefined();
  });
});
