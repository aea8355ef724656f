import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runProcess, CLEAN_PATH } from '../helpers/spawn.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { requireKubectl } from '../helpers/require-tool.js';
import { writeKubeconfig } from '../helpers/write-kubeconfig.js';
import { readFixtureBytes } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';
import { normaliseAges } from '../helpers/ages.js';

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const TOKEN = 'describe-more-kinds-token';
let server: RecordingServer;
let kubeconfig: string;

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
const meta = (name: string, namespaced = true, extra: object = {}) => ({
  name,
  ...(namespaced ? { namespace: 'default' } : {}),
  uid: `uid-${name}`,
  resourceVersion: '7',
  creationTimestamp: ago(100),
  ...extra,
});
const list = (kind: string, items: object[], apiVersion = 'v1') => ({ kind, apiVersion, metadata: { resourceVersion: '9' }, items });
const event = (about: { kind: string; name: string; namespace?: string }) => ({
  kind: 'Event',
  apiVersion: 'v1',
  metadata: { name: `${about.name}.1`, namespace: about.namespace ?? 'default' },
  involvedObject: { ...about, uid: `uid-${about.name}` },
  reason: 'Sync',
  message: `synced ${about.kind}`,
  type: 'Normal',
  source: { component: 'some-controller' },
  firstTimestamp: ago(95),
  lastTimestamp: ago(95),
  count: 1,
});

interface Case {
  args: string[];
  routes: [string, object][];
}

const CASES: Case[] = [
  {
    args: ['storageclass', 'fast'],
    routes: [
      [
        '/apis/storage.k8s.io/v1/storageclasses/fast',
        {
          kind: 'StorageClass',
          apiVersion: 'storage.k8s.io/v1',
          metadata: meta('fast', false, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
          provisioner: 'kubernetes.io/no-provisioner',
          parameters: { type: 'ssd', iops: '10' },
          reclaimPolicy: 'Delete',
          volumeBindingMode: 'WaitForFirstConsumer',
          allowVolumeExpansion: true,
          mountOptions: ['debug', 'noatime'],
          allowedTopologies: [{ matchLabelExpressions: [{ key: 'zone', values: ['a', 'b'] }] }],
        },
      ],
      ['/api/v1/events', list('EventList', [event({ kind: 'StorageClass', name: 'fast', namespace: '' })])],
    ],
  },
  {
    args: ['priorityclass', 'high'],
    routes: [
      [
        '/apis/scheduling.k8s.io/v1/priorityclasses/high',
        {
          kind: 'PriorityClass',
          apiVersion: 'scheduling.k8s.io/v1',
          metadata: meta('high', false),
          value: 1000000,
          globalDefault: false,
          preemptionPolicy: 'PreemptLowerPriority',
          description: 'for important pods',
        },
      ],
      ['/api/v1/events', list('EventList', [])],
    ],
  },
  {
    args: ['resourcequota', 'compute'],
    routes: [
      [
        '/api/v1/namespaces/default/resourcequotas/compute',
        {
          kind: 'ResourceQuota',
          apiVersion: 'v1',
          metadata: meta('compute'),
          spec: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', pods: '10' }, scopes: ['NotTerminating', 'BestEffort'] },
          status: {
            hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', pods: '10' },
            used: { 'requests.cpu': '1500m', 'requests.memory': '1Gi', pods: '3' },
          },
        },
      ],
    ],
  },
  {
    args: ['limitrange', 'limits'],
    routes: [
      [
        '/api/v1/namespaces/default/limitranges/limits',
        {
          kind: 'LimitRange',
          apiVersion: 'v1',
          metadata: meta('limits'),
          spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' }, default: { cpu: '500m' }, defaultRequest: { cpu: '200m' } }] },
        },
      ],
    ],
  },
  {
    args: ['poddisruptionbudget', 'web'],
    routes: [
      [
        '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web',
        {
          kind: 'PodDisruptionBudget',
          apiVersion: 'policy/v1',
          metadata: meta('web'),
          spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
          status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
        },
      ],
      ['/api/v1/namespaces/default/events', list('EventList', [event({ kind: 'PodDisruptionBudget', name: 'web' })])],
    ],
  },
  {
    args: ['networkpolicy', 'np'],
    routes: [
      [
        '/apis/networking.k8s.io/v1/namespaces/default/networkpolicies/np',
        {
          kind: 'NetworkPolicy',
          apiVersion: 'networking.k8s.io/v1',
          metadata: meta('np'),
          spec: {
            podSelector: { matchLabels: { role: 'db' } },
            policyTypes: ['Ingress', 'Egress'],
            ingress: [
              {
                from: [
                  { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
                  { namespaceSelector: { matchLabels: { project: 'p' } } },
                  { podSelector: { matchLabels: { role: 'fe' } } },
                ],
                ports: [{ protocol: 'TCP', port: 6379 }],
              },
              {},
            ],
            egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978, endPort: 6000 }] }],
          },
        },
      ],
    ],
  },
  {
    args: ['endpointslice', 'web-abc'],
    routes: [
      [
        '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc',
        {
          kind: 'EndpointSlice',
          apiVersion: 'discovery.k8s.io/v1',
          metadata: meta('web-abc', true, { labels: { 'kubernetes.io/service-name': 'web' } }),
          addressType: 'IPv4',
          ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
          endpoints: [
            { addresses: ['10.244.0.5'], conditions: { ready: true }, nodeName: 'n1', targetRef: { kind: 'Pod', name: 'web-1' } },
            { addresses: ['10.244.0.6'], conditions: {} },
          ],
        },
      ],
      ['/api/v1/namespaces/default/events', list('EventList', [])],
    ],
  },
  {
    args: ['ingressclass', 'nginx'],
    routes: [
      [
        '/apis/networking.k8s.io/v1/ingressclasses/nginx',
        {
          kind: 'IngressClass',
          apiVersion: 'networking.k8s.io/v1',
          metadata: meta('nginx', false),
          spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } },
        },
      ],
      ['/api/v1/events', list('EventList', [])],
    ],
  },
  {
    args: ['ingress', 'site'],
    routes: [
      [
        '/apis/networking.k8s.io/v1/namespaces/default/ingresses/site',
        {
          kind: 'Ingress',
          apiVersion: 'networking.k8s.io/v1',
          metadata: meta('site', true, { annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } }),
          spec: {
            ingressClassName: 'nginx',
            tls: [{ hosts: ['example.com'], secretName: 'tls' }],
            rules: [
              {
                host: 'example.com',
                http: {
                  paths: [
                    { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
                    { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } },
                  ],
                },
              },
            ],
          },
          status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } },
        },
      ],
      ['/api/v1/namespaces/default/events', list('EventList', [event({ kind: 'Ingress', name: 'site' })])],
      [
        '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices',
        list(
          'EndpointSliceList',
          [
            {
              metadata: meta('web-abc'),
              addressType: 'IPv4',
              ports: [{ name: '', port: 8080, protocol: 'TCP' }],
              endpoints: [{ addresses: ['10.244.0.5'], conditions: { ready: true } }],
            },
          ],
          'discovery.k8s.io/v1',
        ),
      ],
      [
        '/api/v1/namespaces/default/services/web',
        { kind: 'Service', apiVersion: 'v1', metadata: meta('web'), spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } },
      ],
    ],
  },
  {
    args: ['hpa', 'web'],
    routes: [
      [
        '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web',
        {
          kind: 'HorizontalPodAutoscaler',
          apiVersion: 'autoscaling/v2',
          metadata: meta('web'),
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
            minReplicas: 1,
            maxReplicas: 10,
            metrics: [
              { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
              { type: 'Pods', pods: { metric: { name: 'packets' }, target: { type: 'AverageValue', averageValue: '1k' } } },
            ],
            behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } },
          },
          status: {
            currentReplicas: 2,
            desiredReplicas: 2,
            currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 20, averageValue: '100m' } } }],
            conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }],
          },
        },
      ],
      ['/api/v1/namespaces/default/events', list('EventList', [])],
    ],
  },
  {
    args: ['replicationcontroller', 'old'],
    routes: [
      [
        '/api/v1/namespaces/default/replicationcontrollers/old',
        {
          kind: 'ReplicationController',
          apiVersion: 'v1',
          metadata: meta('old'),
          spec: {
            replicas: 2,
            selector: { app: 'old' },
            template: { metadata: { labels: { app: 'old' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
          },
          status: { replicas: 2 },
        },
      ],
      [
        '/api/v1/namespaces/default/pods',
        list('PodList', [
          {
            metadata: { ...meta('old-1'), ownerReferences: [{ kind: 'ReplicationController', name: 'old', uid: 'uid-old', controller: true }] },
            status: { phase: 'Running' },
          },
        ]),
      ],
      ['/api/v1/namespaces/default/events', list('EventList', [])],
    ],
  },
];

beforeAll(async () => {
  server = await startRecordingServer();
  kubeconfig = writeKubeconfig(tempDir('kcurl-describe-kinds-'), {
    server: server.url,
    caData: server.caPem,
    token: TOKEN,
    namespace: 'default',
    contextName: 'test',
  });
  server.route('GET', '/api', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixtureBytes('discovery/aggregated-v2-api.json') });
  server.route('GET', '/apis', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixtureBytes('discovery/aggregated-v2-apis.json') });
});

afterAll(async () => {
  await server?.close();
});

const calls = () => server.requests.filter((r) => !/^\/(api|apis|version)(\?|$)/.test(r.target)).map((r) => `${r.method} ${r.target}`);

describe('describers for kinds the sandbox does not serve match kubectl v1.32', () => {
  it.each(CASES)('describe $args.0 $args.1', async ({ args, routes }) => {
    for (const [path, body] of routes) server.route('GET', path, { status: 200, body });
    server.reset();
    const home = tempDir('kcurl-describe-kinds-home-');
    const k = await runProcess(requireKubectl(), ['--kubeconfig', kubeconfig, 'describe', ...args], { env: { PATH: CLEAN_PATH, HOME: home } });
    const kubectlCalls = calls();
    server.reset();
    const c = await runKcurl(['describe', ...args, '--kubeconfig', kubeconfig, '-q']);
    const kcurlCalls = calls();
    expect(c.stderr).toBe(k.stderr);
    expect(normaliseAges(c.stdout)).toBe(normaliseAges(k.stdout));
    expect(c.code).toBe(k.code);
    // The event field selector's term order is Go map order in kubectl: compare the terms as a set.
    const sortTerms = (call: string) => call.replace(/fieldSelector=([^&]*)/, (_m, v: string) => `fieldSelector=${v.split('%2C').sort().join('%2C')}`);
    expect(kcurlCalls.map(sortTerms)).toEqual(kubectlCalls.map(sortTerms));
  });
});
