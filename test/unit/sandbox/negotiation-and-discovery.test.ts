// Accept headers as kubectl sends them, and discovery documents generated from the registry.
import { describe, expect, it } from 'vitest';
import { aggregatedDiscovery, apiGroupList, apiResourceList, versionInfo } from '../../../src/sandbox/discovery.js';
import { negotiate, wantsPretty } from '../../../src/sandbox/negotiation.js';
import { fixtureJson } from '../../helpers/fixtures.js';
import { compareKubeVersions, ResourceRegistry, storageVersionHash } from '../../../src/sandbox/registry.js';

const TBL = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const AGG =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('negotiate', () => {
  it.each([
    [undefined, ['Table'], { format: 'json' }],
    ['application/json, */*', ['Table'], { format: 'json' }],
    [TBL, ['Table'], { format: 'json', transform: 'Table' }],
    [TBL, [], { format: 'json' }],
    [AGG, ['APIGroupDiscoveryList'], { format: 'json', transform: 'APIGroupDiscoveryList', discoveryVersion: 'v2' }],
    [AGG, [], { format: 'json' }],
    ['application/vnd.kubernetes.protobuf,application/json', [], { format: 'json' }],
    ['application/yaml', [], { format: 'yaml' }],
    ['application/json;as=Table;v=v2;g=meta.k8s.io, application/yaml', ['Table'], { format: 'yaml' }],
  ] as const)('%s (allowed %j)', (accept, allowed, expected) => {
    expect(negotiate(accept, [...allowed])).toEqual(expected);
  });

  it('only protobuf is 406 Not Acceptable', () => {
    expect(() => negotiate('application/vnd.kubernetes.protobuf')).toThrow('only the following media types are accepted: application/json, application/yaml');
  });
});

describe('discovery', () => {
  const registry = new ResourceRegistry();

  it('/version reports a 1.32 server, which keeps the kubectl dispatcher on 1.32', () => {
    expect(versionInfo()).toMatchObject({ major: '1', minor: '32', gitVersion: expect.stringMatching(/^v1\.32\.\d+/) });
  });

  it('storage version hashes are computed as kube-apiserver does', () => {
    expect(storageVersionHash('', 'v1', 'ConfigMap')).toBe('qFsyl6wFWjQ=');
    expect(storageVersionHash('apps', 'v1', 'Deployment')).toBe('8aSe+NMegvE=');
  });

  it('groups, preferred versions, and the core APIResourceList', () => {
    // A real server's /apis order (v1.26 capture).
    const real = (fixtureJson('discovery/kube-apiserver-v1.26/apis.json') as { groups: { name: string }[] }).groups.map((g) => g.name);
    expect((apiGroupList(registry).groups as { name: string }[]).map((g) => g.name)).toEqual(real);
    expect(apiGroupList(registry).groups).toContainEqual(
      expect.objectContaining({ name: 'autoscaling', preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' } }),
    );
    const core = apiResourceList(registry, '', 'v1');
    expect(core).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect(core).not.toHaveProperty('apiVersion');
    expect((core.resources as { name: string }[]).map((r) => r.name)).toContain('pods/log');
  });

  it('aggregated discovery for /api has exactly the core group, nameless', () => {
    const d = aggregatedDiscovery(registry, 'api') as { items: { metadata: object; versions: { version: string; freshness: string }[] }[] };
    expect(d.items).toHaveLength(1);
    expect(d.items[0].metadata).toEqual({ creationTimestamp: null });
    expect(d.items[0].versions.map((v) => [v.version, v.freshness])).toEqual([['v1', 'Current']]);
  });

  it.each([
    [
      ['v1', 'v2'],
      ['v2', 'v1'],
    ],
    [
      ['v1beta1', 'v1', 'v1alpha1', 'v2beta2'],
      ['v1', 'v2beta2', 'v1beta1', 'v1alpha1'],
    ],
  ])('version priority %j', (input, sorted) => {
    expect([...input].sort(compareKubeVersions)).toEqual(sorted);
  });
});

describe('wantsPretty (apiserver isPrettyPrint)', () => {
  it.each([
    ['', 'curl/8.5.0', undefined, true],
    ['', 'Wget/1.21.4', undefined, true],
    ['', 'Mozilla/5.0 (X11; Linux x86_64)', undefined, true],
    ['', 'kubectl/v1.32.5 (linux/amd64) kubernetes/1a2b3c4', undefined, false],
    ['', 'kcurl/0.1.0 (linux/x64)', undefined, false],
    ['', undefined, undefined, false],
    ['pretty=true', 'kubectl/v1.32.5', undefined, true],
    ['pretty=1', undefined, undefined, true],
    ['pretty=false', 'curl/8.5.0', undefined, false],
    ['pretty=yes', 'curl/8.5.0', undefined, false],
    ['pretty=', 'curl/8.5.0', undefined, true],
    ['limit=1', 'python-requests/2.31', 'application/json;pretty=1', true],
  ])('query %j, User-Agent %j, Accept %j → %s', (query, ua, accept, expected) => {
    expect(wantsPretty(query, ua, accept)).toBe(expected);
  });
});
