// kubectl's discovery cache layout, TTL and file format.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testIo } from '../../../src/io.js';
import {
  cacheRoot,
  discoveryCacheDir,
  encodeGroupList,
  encodeResourceList,
  readCachedGroups,
  readCachedResources,
  resourcesFile,
  writeCachedGroups,
  writeCachedResources,
} from '../../../src/kube/discovery-cache.js';

describe('discoveryCacheDir (cli-runtime computeDiscoverCacheDir)', () => {
  it.each([
    ['https://127.0.0.1:41665', '/c/discovery/127.0.0.1_41665'],
    ['http://localhost:8080', '/c/discovery/localhost_8080'],
    ['https://my-cluster.example.com', '/c/discovery/my_cluster.example.com'],
    ['https://[::1]:6443', '/c/discovery/___1__6443'],
    // observed with kubectl v1.32: a path prefix becomes directories; ( ) are kept, - and ~ are not
    ['http://127.0.0.1:35799/k8s/clusters/c-(x)y~z', '/c/discovery/127.0.0.1_35799/k8s/clusters/c_(x)y_z'],
    ['https://h:6443/', '/c/discovery/h_6443'],
    ['https://Upper.Case:443', '/c/discovery/Upper.Case_443'],
  ])('%s → %s', (server, dir) => {
    expect(discoveryCacheDir('/c', server)).toBe(dir);
  });

  it.each([
    ['v1', '/d/v1/serverresources.json'],
    ['apps/v1', '/d/apps/v1/serverresources.json'],
    ['rbac.authorization.k8s.io/v1', '/d/rbac.authorization.k8s.io/v1/serverresources.json'],
  ])('resourcesFile(%s) → %s', (gv, file) => {
    expect(resourcesFile('/d', gv)).toBe(file);
  });
});

describe('cacheRoot', () => {
  it.each([
    [{}, undefined, '/home/u/.kube/cache'],
    [{ KUBECACHEDIR: '/env/cache' }, undefined, '/env/cache'],
    [{ KUBECACHEDIR: '/env/cache' }, '/flag/cache', '/flag/cache'],
    [{ KUBECACHEDIR: '' }, undefined, '/home/u/.kube/cache'],
  ])('env %j, --cache-dir %s → %s', (env, flag, root) => {
    expect(cacheRoot({ env, homedir: '/home/u' }, flag)).toBe(root);
  });
});

describe('encoding (Go field order, omitempty, trailing newline)', () => {
  it('writes an APIGroupList like client-go', () => {
    expect(
      encodeGroupList({
        groups: [
          { name: '', versions: [{ groupVersion: 'v1', version: 'v1' }], preferredVersion: { version: 'v1', groupVersion: 'v1' } },
          { versions: [{ version: 'v1', groupVersion: 'apps/v1' }], name: 'apps' },
        ],
      }),
    ).toBe(
      '{"kind":"APIGroupList","apiVersion":"v1","groups":[' +
        '{"name":"","versions":[{"groupVersion":"v1","version":"v1"}],"preferredVersion":{"groupVersion":"v1","version":"v1"}},' +
        '{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"","version":""}}]}\n',
    );
  });

  it('writes an APIResourceList like client-go, escaping HTML characters as Go does', () => {
    expect(
      encodeResourceList({
        groupVersion: 'example.com/v1',
        resources: [
          { kind: 'Widget', verbs: ['get'], namespaced: true, singularName: 'widget', name: 'widgets', categories: ['a<b>&c'], shortNames: [] },
          { name: 'widgets/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: null },
        ],
      }),
    ).toBe(
      '{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"example.com/v1","resources":[' +
        '{"name":"widgets","singularName":"widget","namespaced":true,"kind":"Widget","verbs":["get"],"categories":["a\\u003cb\\u003e\\u0026c"]},' +
        '{"name":"widgets/scale","singularName":"","namespaced":true,"group":"autoscaling","version":"v1","kind":"Scale","verbs":null}]}\n',
    );
  });
});

describe('TTL: 6 hours from the file modification time', () => {
  // testIo reports in-memory files with mtime 0 (the epoch).
  const SIX_HOURS = 6 * 3600_000;
  const written = async () => {
    const io = testIo();
    await writeCachedGroups(io, '/cache', { groups: [{ name: '', versions: [{ groupVersion: 'v1', version: 'v1' }] }] });
    await writeCachedResources(io, '/cache', { groupVersion: 'apps/v1', resources: [] });
    return io;
  };

  it.each([
    [0, true],
    [SIX_HOURS, true],
    [SIX_HOURS + 1, false],
  ])('at mtime + %d ms the cache is fresh: %s', async (age, fresh) => {
    const io = await written();
    expect((await readCachedGroups(io, '/cache', new Date(age))) !== undefined).toBe(fresh);
    expect((await readCachedResources(io, '/cache', 'apps/v1', new Date(age))) !== undefined).toBe(fresh);
  });

  it('writes through a temporary file and leaves only the final files', async () => {
    const io = await written();
    expect([...io.files.keys()].sort()).toEqual([path.join('/cache', 'apps', 'v1', 'serverresources.json'), path.join('/cache', 'servergroups.json')]);
  });

  it.each([
    ['not JSON', '{'],
    ['another kind', '{"kind":"APIResourceList","groupVersion":"v1","resources":[]}'],
    ['no groups', '{"kind":"APIGroupList"}'],
  ])('ignores a servergroups.json that is %s', async (_what, text) => {
    const io = testIo({ files: { '/cache/servergroups.json': text } });
    expect(await readCachedGroups(io, '/cache', new Date(0))).toBeUndefined();
  });
});
