import { describe, expect, it } from 'vitest';
import {
  containerArgv,
  containerEnv,
  EnvError,
  expandKubeVars,
  formatDownwardMap,
  resourceFieldValue,
  serviceEnvVars,
  type EnvSources,
} from '../../../../src/sandbox/workloads/pod-env.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';
import { goQuote } from '../../../../src/output/go-format.js';

const svc = (name: string, namespace: string, clusterIP: string, ports: object[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { clusterIP, ports },
});
const KUBERNETES = svc('kubernetes', 'default', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);

function pod(container: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', labels: { app: 'web' }, annotations: { team: 'a' } },
    spec: { nodeName: 'kcurl-worker', serviceAccountName: 'builder', enableServiceLinks: true, containers: [container], ...extra },
    status: { podIP: '10.244.1.7', hostIP: '172.18.0.3' },
  };
}

const sources = (
  objects: { configMaps?: Record<string, Record<string, string>>; secrets?: Record<string, Record<string, string>>; services?: KubeObject[] } = {},
): EnvSources => ({
  configMap: (_ns, name) =>
    objects.configMaps?.[name] ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: objects.configMaps[name] } : undefined,
  secret: (_ns, name) => (objects.secrets?.[name] ? { apiVersion: 'v1', kind: 'Secret', metadata: { name }, data: objects.secrets[name] } : undefined),
  services: (ns) => [KUBERNETES, ...(objects.services ?? [])].filter((s) => s.metadata.namespace === ns),
  nodeAllocatable: () => ({ cpu: '4', memory: '8Gi' }),
});

describe('$(VAR) expansion', () => {
  it.each([
    ['$(A)-$(B)', 'a-b'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(A)', '$(A)'],
    ['cost $$5', 'cost $5'],
    ['$(A', '$(A'],
    ['plain $HOME', 'plain $HOME'],
  ])('%s → %s', (input, out) => {
    expect(expandKubeVars(input, (n) => ({ A: 'a', B: 'b' })[n])).toBe(out);
  });
});

describe('service environment variables', () => {
  it('are what kubelet makes for the kubernetes service', () => {
    expect(serviceEnvVars([KUBERNETES])).toEqual([
      ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
      ['KUBERNETES_SERVICE_PORT', '443'],
      ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
      ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
      ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
      ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
      ['KUBERNETES_PORT_443_TCP_PORT', '443'],
      ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
    ]);
  });

  it('skip headless services and upper-case dashed names', () => {
    const vars = new Map(
      serviceEnvVars([svc('my-db', 'shop', '10.96.5.5', [{ port: 5432, protocol: 'TCP' }]), svc('headless', 'shop', 'None', [{ port: 80 }])]),
    );
    expect(vars.get('MY_DB_SERVICE_HOST')).toBe('10.96.5.5');
    expect(vars.get('MY_DB_PORT_5432_TCP_ADDR')).toBe('10.96.5.5');
    expect([...vars.keys()].some((k) => k.startsWith('HEADLESS'))).toBe(false);
  });
});

describe('container environment', () => {
  it('adds envFrom with its prefix (skipping invalid names), the image ENV, HOSTNAME and the service links', () => {
    const container = { name: 'app', image: 'nginx', envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }, { secretRef: { name: 'db' } }] };
    const env = new Map(
      containerEnv(
        pod(container),
        container,
        sources({ configMaps: { settings: { mode: 'fast', 'bad key': 'x' } }, secrets: { db: { password: Buffer.from('pw').toString('base64') } } }),
      ),
    );
    expect(env.get('CFG_mode')).toBe('fast');
    expect(env.has('CFG_bad key')).toBe(false);
    expect(env.get('password')).toBe('pw');
    expect(env.get('HOSTNAME')).toBe('web-1');
    expect(env.get('NGINX_VERSION')).toBe('1.27.3');
    expect(env.get('KUBERNETES_SERVICE_HOST')).toBe('10.96.0.1');
  });

  it('resolves each kind of reference', () => {
    const container = {
      name: 'app',
      image: 'busybox',
      resources: { requests: { memory: '100Mi' }, limits: { cpu: '250m' } },
      env: [
        { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'GREETING', value: 'hi $(NAME) at $(KUBERNETES_SERVICE_HOST) $(LATER)' },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'CPU_CORES', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'MEM_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'MEM_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'OPTIONAL', valueFrom: { secretKeyRef: { name: 'absent', key: 'x', optional: true } } },
        { name: 'LATER', value: 'late' },
      ],
    };
    const env = new Map(
      containerEnv(
        pod(container),
        container,
        sources({ configMaps: { settings: { mode: 'fast' } }, secrets: { db: { password: Buffer.from('s3cret').toString('base64') } } }),
      ),
    );
    expect(Object.fromEntries([...env].filter(([k]) => !k.startsWith('KUBERNETES_')))).toEqual({
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: 'web-1',
      NAME: 'web-1',
      GREETING: 'hi web-1 at 10.96.0.1 $(LATER)',
      APP: 'web',
      IP: '10.244.1.7',
      HOST_IP: '172.18.0.3',
      SA: 'builder',
      CPU: '250',
      CPU_CORES: '1',
      MEM_LIMIT: '8192',
      MEM_REQ: '100',
      MODE: 'fast',
      PASSWORD: 's3cret',
      LATER: 'late',
      HOME: '/root',
    });
  });

  it.each([
    [{ configMapKeyRef: { name: 'nope', key: 'k' } }, 'configmap "nope" not found'],
    [{ configMapKeyRef: { name: 'settings', key: 'nope' } }, "couldn't find key nope in ConfigMap shop/settings"],
    [{ secretKeyRef: { name: 'nope', key: 'k' } }, 'secret "nope" not found'],
  ])('fails container creation for %j', (valueFrom, message) => {
    const container = { name: 'app', image: 'busybox', env: [{ name: 'X', valueFrom }] };
    expect(() => containerEnv(pod(container), container, sources({ configMaps: { settings: { mode: 'fast' } } }))).toThrow(new EnvError(message));
  });

  it('leaves out the namespace services when enableServiceLinks is false, but keeps the master service', () => {
    const container = { name: 'app', image: 'busybox' };
    const env = new Map(
      containerEnv(pod(container, { enableServiceLinks: false }), container, sources({ services: [svc('db', 'shop', '10.96.3.3', [{ port: 5432 }])] })),
    );
    expect(env.has('DB_SERVICE_HOST')).toBe(false);
    expect(env.get('KUBERNETES_SERVICE_PORT')).toBe('443');
  });
});

describe('resourceFieldRef rounding', () => {
  it.each([
    [{ limits: { cpu: '1500m' } }, 'limits.cpu', '1', '2'],
    [{ limits: { cpu: '1500m' } }, 'limits.cpu', '1m', '1500'],
    [{ requests: { memory: '1Gi' } }, 'requests.memory', '1Mi', '1024'],
    [{ requests: { memory: '1000001' } }, 'requests.memory', '1M', '2'],
    [{}, 'requests.cpu', '1m', '0'],
    [{}, 'limits.memory', '1Gi', '8'],
  ])('%j %s / %s = %s', (resources, resource, divisor, value) => {
    expect(resourceFieldValue({ resources }, resource, divisor, { cpu: '4', memory: '8Gi' })).toBe(value);
  });
});

describe('downward API files', () => {
  it('formats maps as sorted key="value" lines without a trailing newline', () => {
    expect(formatDownwardMap({ tier: 'web', app: 'demo', 'example.com/x': 'a "quoted"\nvalue' })).toBe(
      'app="demo"\nexample.com/x="a \\"quoted\\"\\nvalue"\ntier="web"',
    );
    expect(formatDownwardMap({})).toBe('');
  });

  it.each([
    ['plain', '"plain"'],
    ['tab\there', '"tab\\there"'],
    ['back\\slash', '"back\\\\slash"'],
    ['\u0001', '"\\x01"'],
    ['héllo ✓', '"héllo ✓"'],
  ])('quotes %j like Go %%q', (input, out) => {
    expect(goQuote(input)).toBe(out);
  });
});

describe('command and args', () => {
  it.each([
    [{ image: 'nginx' }, ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']],
    [{ image: 'nginx:1.27', args: ['nginx', '-T'] }, ['/docker-entrypoint.sh', 'nginx', '-T']],
    [{ image: 'busybox' }, ['sh']],
    [{ image: 'busybox', command: ['echo'], args: ['$(GREETING)', '$(UNKNOWN)'] }, ['echo', 'hello', '$(UNKNOWN)']],
    [{ image: 'example.com/custom/app:v1' }, []],
  ])('%j runs %j', (container, argv) => {
    expect(containerArgv(container, [['GREETING', 'hello']])).toEqual(argv);
  });
});
