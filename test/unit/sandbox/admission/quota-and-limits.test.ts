// The arithmetic of LimitRanger and ResourceQuota admission: exact quantities (milli precision, binary and
// decimal suffixes, sums kept in the first operand's format) and the plugins' messages.
import { describe, expect, it } from 'vitest';
import {
  aggregateMessage,
  applyLimitRangeDefaults,
  defaultLimitRange,
  limitRangeViolations,
  podResources,
} from '../../../../src/sandbox/admission/limit-ranger.js';
import { calculateStatus, checkQuota, QuotaRefusal, usage } from '../../../../src/sandbox/admission/resource-quota.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';

type Rec = Record<string, unknown>;
const container = (name: string, requests?: Rec, limits?: Rec): Rec => ({
  name,
  image: 'nginx',
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
});
const pod = (containers: Rec[], extra: Rec = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers, ...extra } }) as KubeObject;
const limitRange = (...limits: Rec[]): Rec => ({ spec: { limits } });
const quota = (name: string, hard: Rec, used: Rec, spec: Rec = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: 'ns' }, spec: { hard, ...spec }, status: { hard, used } }) as KubeObject;
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof QuotaRefusal) return e.message;
    throw e;
  }
  throw new Error('not refused');
};

describe('LimitRange defaulting (SetDefaults_LimitRangeItem)', () => {
  it('default falls back to max, defaultRequest to default then min; other types are left alone', () => {
    const lr = limitRange(
      { type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { cpu: '50m', 'ephemeral-storage': '1Mi' }, defaultRequest: { cpu: '100m' } },
      { type: 'Pod', max: { cpu: '4' } },
    );
    defaultLimitRange(lr);
    expect((lr.spec as { limits: Rec[] }).limits).toEqual([
      {
        type: 'Container',
        max: { cpu: '2', memory: '1Gi' },
        min: { cpu: '50m', 'ephemeral-storage': '1Mi' },
        default: { cpu: '2', memory: '1Gi' },
        defaultRequest: { cpu: '100m', memory: '1Gi', 'ephemeral-storage': '1Mi' },
      },
      { type: 'Pod', max: { cpu: '4' } },
    ]);
  });
});

describe('LimitRanger mutation', () => {
  it('fills what each container lacks and says so in the annotation, init containers first', () => {
    const p = pod([container('app', { cpu: '1' }), container('side', undefined, { memory: '64Mi' })], {
      initContainers: [container('init')],
    }) as unknown as Rec;
    expect(
      applyLimitRangeDefaults(p, [
        limitRange({ type: 'Container', default: { cpu: '500m', memory: '128Mi' }, defaultRequest: { cpu: '250m', memory: '128Mi' } }),
      ]),
    ).toBe(true);
    const spec = p.spec as { containers: Rec[]; initContainers: Rec[] };
    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '128Mi' }, limits: { cpu: '500m', memory: '128Mi' } });
    expect(spec.containers[1].resources).toEqual({ limits: { memory: '64Mi', cpu: '500m' }, requests: { cpu: '250m', memory: '128Mi' } });
    expect((p.metadata as Rec).annotations).toEqual({
      'kubernetes.io/limit-ranger':
        'LimitRanger plugin set: cpu, memory request for init container init; cpu, memory limit for init container init; memory request for container app; cpu, memory limit for container app; cpu, memory request for container side; cpu limit for container side',
    });
  });

  it('does nothing without Container defaults', () => {
    const p = pod([container('app')]) as unknown as Rec;
    expect(applyLimitRangeDefaults(p, [limitRange({ type: 'Pod', max: { cpu: '1' } })])).toBe(false);
    expect((p.metadata as Rec).annotations).toBeUndefined();
  });
});

describe('LimitRanger validation', () => {
  it.each([
    [
      'a request under min',
      { type: 'Container', min: { cpu: '100m' } },
      container('c', { cpu: '0.05' }, { cpu: '1' }),
      'minimum cpu usage per Container is 100m, but request is 50m',
    ],
    [
      'no request where min applies',
      { type: 'Container', min: { memory: '1Mi' } },
      container('c'),
      'minimum memory usage per Container is 1Mi.  No request is specified',
    ],
    [
      'a limit over max, in binary units',
      { type: 'Container', max: { memory: '1Gi' } },
      container('c', undefined, { memory: '1025Mi' }),
      'maximum memory usage per Container is 1Gi, but limit is 1025Mi',
    ],
    [
      'no limit where max applies',
      { type: 'Container', max: { cpu: '2' } },
      container('c', { cpu: '1' }),
      'maximum cpu usage per Container is 2.  No limit is specified',
    ],
    [
      'a ratio over the maximum, printed as %f',
      { type: 'Container', maxLimitRequestRatio: { cpu: '10' } },
      container('c', { cpu: '100m' }, { cpu: '1500m' }),
      'cpu max limit to request ratio per Container is 10, but provided ratio is 15.000000',
    ],
    [
      'a ratio with no request',
      { type: 'Container', maxLimitRequestRatio: { cpu: '2' } },
      container('c', undefined, { cpu: '1' }),
      'cpu max limit to request ratio per Container is 2, but no request is specified or request is 0',
    ],
  ])('%s', (_name, item, c, message) => {
    expect(limitRangeViolations('pods', pod([c]) as unknown as Rec, [limitRange(item)])).toEqual([message]);
  });

  it('accepts values equal to the bounds at milli precision (1 = 1000m, 1Gi = 1024Mi)', () => {
    const item = { type: 'Container', min: { cpu: '1' }, max: { cpu: '1000m', memory: '1Gi' }, maxLimitRequestRatio: { memory: '1' } };
    expect(
      limitRangeViolations('pods', pod([container('c', { cpu: '1000m', memory: '1024Mi' }, { cpu: '1', memory: '1Gi' })]) as unknown as Rec, [
        limitRange(item),
      ]),
    ).toEqual([]);
  });

  it('a Pod item compares the sum of the containers, at least the largest init container', () => {
    const p = pod([container('a', { cpu: '1500m' }, { cpu: '1500m' }), container('b', { cpu: '1' }, { cpu: '1' })], {
      initContainers: [container('i', { cpu: '3' }, { cpu: '3' })],
    }) as unknown as Rec;
    expect(podResources(p, 'limits').get('cpu')?.toString()).toBe('3');
    expect(limitRangeViolations('pods', p, [limitRange({ type: 'Pod', max: { cpu: '2500m' } })])).toEqual([
      'maximum cpu usage per Pod is 2500m, but limit is 3',
    ]);
  });

  it('claims are held to min and max of their storage request', () => {
    const claim = { spec: { resources: { requests: { storage: '5Gi' } } } };
    expect(
      limitRangeViolations('persistentvolumeclaims', claim, [limitRange({ type: 'PersistentVolumeClaim', min: { storage: '10Gi' }, max: { storage: '2Gi' } })]),
    ).toEqual([
      'minimum storage usage per PersistentVolumeClaim is 10Gi, but request is 5Gi',
      'maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi',
    ]);
  });

  it('aggregates as utilerrors.NewAggregate: one alone, several in brackets, repeats once', () => {
    expect(aggregateMessage(['a'])).toBe('a');
    expect(aggregateMessage(['a', 'a'])).toBe('a');
    expect(aggregateMessage(['a', 'b', 'a'])).toBe('[a, b]');
  });
});

describe('ResourceQuota usage', () => {
  it('a pod uses pods, count/pods and its compute resources; a finished pod only count/pods', () => {
    const p = pod([container('a', { cpu: '250m', memory: '64Mi' }, { memory: '128Mi' }), container('b', { cpu: '0.5' })]);
    expect(Object.fromEntries([...usage('', 'pods', p)].map(([k, v]) => [k, v.toString()]))).toEqual({
      'count/pods': '1',
      pods: '1',
      cpu: '750m',
      'requests.cpu': '750m',
      memory: '64Mi',
      'requests.memory': '64Mi',
      'limits.memory': '128Mi',
    });
    const done = { ...p, status: { phase: 'Succeeded' } } as KubeObject;
    expect([...usage('', 'pods', done).keys()]).toEqual(['count/pods']);
  });

  it('claims count storage per class; services their node ports; other kinds count/<resource>.<group>', () => {
    const claim = { metadata: { name: 'c' }, spec: { storageClassName: 'fast', resources: { requests: { storage: '2Gi' } } } } as unknown as KubeObject;
    expect([...usage('', 'persistentvolumeclaims', claim).keys()].sort()).toEqual([
      'count/persistentvolumeclaims',
      'fast.storageclass.storage.k8s.io/persistentvolumeclaims',
      'fast.storageclass.storage.k8s.io/requests.storage',
      'persistentvolumeclaims',
      'requests.storage',
    ]);
    const svc = { metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] } } as unknown as KubeObject;
    expect(usage('', 'services', svc).get('services.nodeports')?.toString()).toBe('2');
    expect([...usage('apps', 'deployments', svc).keys()]).toEqual(['count/deployments.apps']);
  });
});

describe('ResourceQuota admission (CheckRequest)', () => {
  const p = pod([container('a', { cpu: '600m', memory: '768Mi' }, { cpu: '1', memory: '768Mi' })]);

  it('refuses with the requested, used and hard amounts of what would exceed, names sorted', () => {
    const q = quota(
      'compute',
      { 'requests.memory': '1Gi', 'requests.cpu': '1', pods: '10' },
      { 'requests.memory': '512Mi', 'requests.cpu': '500m', pods: '1' },
    );
    expect(refusal(() => checkQuota([q], '', 'pods', p))).toBe(
      'exceeded quota: compute, requested: requests.cpu=600m,requests.memory=768Mi, used: requests.cpu=500m,requests.memory=512Mi, limited: requests.cpu=1,requests.memory=1Gi',
    );
  });

  it('charges every matching quota with exact sums in the used amount’s format', () => {
    const a = quota('a', { 'requests.cpu': '2', 'limits.memory': '2Gi' }, { 'requests.cpu': '1400m', 'limits.memory': '1Gi' });
    const b = quota('b', { pods: '3', configmaps: '5' }, { pods: '2', configmaps: '1' });
    const charges = checkQuota([a, b], '', 'pods', p);
    expect(charges.map((c) => [c.quota.metadata.name, c.used])).toEqual([
      ['a', { 'requests.cpu': '2', 'limits.memory': '1792Mi' }],
      ['b', { pods: '3', configmaps: '1' }],
    ]);
  });

  it('must specify: every container, sorted by resource, names joined', () => {
    const two = pod([container('web', { cpu: '1' }), container('log')]);
    const q = quota(
      'q',
      { 'limits.cpu': '4', 'requests.cpu': '4', 'requests.memory': '4Gi' },
      { 'limits.cpu': '0', 'requests.cpu': '0', 'requests.memory': '0' },
    );
    expect(refusal(() => checkQuota([q], '', 'pods', two))).toBe(
      'failed quota: q: must specify limits.cpu for: log,web; requests.cpu for: log; requests.memory for: log,web',
    );
  });

  it('a quota whose status is not yet known refuses what it covers', () => {
    const q = { ...quota('fresh', { pods: '1' }, {}), status: { hard: { pods: '1' } } } as KubeObject;
    expect(refusal(() => checkQuota([q], '', 'pods', p))).toBe('status unknown for quota: fresh, resources: pods');
  });

  it('scopes: a BestEffort quota ignores a pod with resources', () => {
    const q = quota('be', { pods: '0' }, { pods: '0' }, { scopes: ['BestEffort'] });
    expect(checkQuota([q], '', 'pods', p)).toEqual([]);
    expect(refusal(() => checkQuota([q], '', 'pods', pod([container('x')])))).toBe('exceeded quota: be, requested: pods=1, used: pods=0, limited: pods=0');
  });
});

describe('quota controller (CalculateUsage)', () => {
  it('sums the namespace’s objects for each hard resource, zero where nothing uses it', () => {
    const q = quota('q', { pods: '10', 'requests.cpu': '4', 'requests.memory': '1024Mi', secrets: '5' }, {});
    const pods = [
      pod([container('a', { cpu: '0.5' })]),
      pod([container('b', { cpu: '250m' })]),
      { ...pod([container('c', { cpu: '1' })]), status: { phase: 'Failed' } } as KubeObject,
    ];
    const status = calculateStatus(q, (group, resource) => (group === '' && resource === 'pods' ? pods : []), [
      { group: '', resource: 'pods' },
      { group: '', resource: 'secrets' },
    ]);
    expect(status).toEqual({
      hard: { pods: '10', 'requests.cpu': '4', 'requests.memory': '1Gi', secrets: '5' },
      used: { pods: '2', 'requests.cpu': '750m', 'requests.memory': '0', secrets: '0' },
    });
  });
});
