// What kubectl expose reads from the exposed object (src/commands/expose/introspect.ts).
import { describe, expect, it } from 'vitest';
import { checkExposable, portsOf, selectorOf } from '../../../../src/commands/expose/introspect.js';
import { EXPOSE_FLAGS } from '../../../../src/commands/expose/flags.js';
import { exposedService } from '../../../../src/commands/expose/run.js';
import { commandOptions } from '../../../../src/cli/spec.js';

describe('kubectl expose introspection', () => {
  it.each([
    ['Pod', { metadata: { labels: { app: 'a', tier: 'b' } } }, 'app=a,tier=b'],
    ['Service', { spec: { selector: { app: 'a' } } }, 'app=a'],
    ['ReplicationController', { spec: { selector: { app: 'rc' } } }, 'app=rc'],
    ['Deployment', { spec: { selector: { matchLabels: { app: 'd' } } } }, 'app=d'],
  ])('the selector of a %s', (kind, o, selector) => {
    expect(selectorOf(kind, o)).toBe(selector);
  });

  it.each([
    ['Pod', { metadata: {} }, 'the pod has no labels and cannot be exposed'],
    ['Service', { spec: {} }, 'the service has no pod selector set'],
    [
      'ReplicaSet',
      { spec: { selector: { matchExpressions: [{ key: 'x', operator: 'In', values: ['a', 'b'] }] } } },
      'couldn\'t convert expressions - "[{Key:x Operator:In Values:[a b]}]" to map-based selector format',
    ],
  ])('no selector from a %s', (kind, o, message) => {
    expect(() => selectorOf(kind, o)).toThrow(message);
  });

  it('ports and protocols: every container port of a pod or template, a service’s ports', () => {
    const pod = { spec: { containers: [{ ports: [{ containerPort: 53, protocol: 'UDP' }] }, { ports: [{ containerPort: 80 }] }] } };
    expect(portsOf('Pod', pod)).toEqual({ ports: ['53', '80'], protocols: { '53': 'UDP', '80': 'TCP' } });
    const dep = { spec: { template: { spec: { containers: [{ ports: [{ containerPort: 8080, protocol: 'TCP' }] }] } } } };
    expect(portsOf('Deployment', dep).ports).toEqual(['8080']);
    expect(portsOf('Service', { spec: { ports: [{ port: 443, protocol: 'TCP' }] } }).ports).toEqual(['443']);
  });

  it('only pods, services, replication controllers, deployments and replica sets can be exposed', () => {
    expect(() => checkExposable('apps', 'Deployment')).not.toThrow();
    expect(() => checkExposable('', 'ConfigMap')).toThrow('cannot expose a ConfigMap');
    expect(() => checkExposable('apps', 'StatefulSet')).toThrow('cannot expose a StatefulSet');
  });
});

describe('exposedService', () => {
  const target = {
    resource: {
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      kind: 'Deployment',
      namespaced: true,
      shortNames: [],
      singularName: 'deployment',
      verbs: [],
      categories: [],
    },
    name: 'web',
    namespace: 'ns',
  };
  const dep = {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ ports: [{ containerPort: 8080, protocol: 'TCP' }] }] } } },
  };

  it('takes selector, ports and labels from the object, and reports them for the objects after it', () => {
    const { service, derived } = exposedService(target, dep, commandOptions(EXPOSE_FLAGS));
    expect(service.spec).toEqual({ ports: [{ protocol: 'TCP', port: 8080, targetPort: 8080 }], selector: { app: 'web' } });
    expect(derived).toEqual({ selector: 'app=web', port: '8080', labels: 'app=web' });
  });

  it('refuses an object without ports unless the service is headless', () => {
    const bare = { metadata: { labels: { app: 'b' } }, spec: { selector: { matchLabels: { app: 'b' } } } };
    expect(() => exposedService(target, bare, commandOptions(EXPOSE_FLAGS))).toThrow("couldn't find port via --port flag or introspection");
    expect(exposedService(target, bare, commandOptions(EXPOSE_FLAGS, { clusterIp: 'None' })).service.spec).toEqual({
      selector: { app: 'b' },
      clusterIP: 'None',
    });
  });
});
