// Online discovery with a fake fetcher serving real documents: the v1.26 server's plain lists (one request per
// group-version) and v1.32-style aggregated discovery (two requests), kubectl's disk cache (shared byte for byte),
// the 6-hour TTL and kubectl's re-discovery after a failed lookup on a cached catalog.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, cpSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiStatusError, KcurlError } from '../../../src/errors.js';
import { systemIo, type Io } from '../../../src/io.js';
import {
  discoverCatalog,
  discoverySteps,
  isAggregatedDiscovery,
  requestTimeoutParam,
  resolveResourcesOnline,
  type DiscoveryFetcher,
} from '../../../src/kube/discovery.js';
import { builtinCatalog, resolveResource } from '../../../src/kube/resources.js';
import { ACCEPT, requestTarget, type RequestStep } from '../../../src/plan/request-plan.js';
import { fixturePath } from '../../helpers/fixtures.js';

const FIXTURES = fixturePath('discovery');
const V126 = path.join(FIXTURES, 'kube-apiserver-v1.26');
const SERVER = 'https://127.0.0.1:41665';
const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const HOUR = 3600_000;

const notFound = (target: string) => ({
  status: 404,
  contentType: 'application/json',
  body: JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: `the server could not find the requested resource (${target})`,
    reason: 'NotFound',
    code: 404,
  }),
});

/** A fake API server answering from files; records every step it was asked to run. */
function fakeServer(mode: 'plain-v1.26' | 'aggregated') {
  const seen: RequestStep[] = [];
  const fetch: DiscoveryFetcher = async (step) => {
    seen.push(step);
    const p = step.path;
    if (mode === 'aggregated' && (p === '/api' || p === '/apis')) {
      return { status: 200, contentType: AGGREGATED_TYPE, body: readFileSync(path.join(FIXTURES, `aggregated-v2-${p.slice(1)}.json`), 'utf8') };
    }
    const file = p === '/api' ? 'api.json' : p === '/apis' ? 'apis.json' : p === '/api/v1' ? 'api_v1.json' : `apis_${p.split('/').slice(2).join('_')}.json`;
    const full = path.join(V126, file);
    if (mode === 'plain-v1.26' && existsSync(full)) return { status: 200, contentType: 'application/json', body: readFileSync(full, 'utf8') };
    return notFound(requestTarget(step));
  };
  return { fetch, seen, targets: () => seen.map((s) => `${s.method} ${requestTarget(s)}`) };
}

let home: string;
let io: Io;
const cacheHostDir = () => path.join(home, '.kube', 'cache', 'discovery', '127.0.0.1_41665');

beforeEach(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'kcurl-discovery-'));
  io = { ...systemIo(), env: {}, homedir: home, now: () => new Date() };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Every file under dir, relative, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

describe('discoverySteps', () => {
  it('asks /api then /apis for aggregated discovery with timeout=32s', () => {
    expect(discoverySteps()).toEqual([
      {
        method: 'GET',
        path: '/api',
        query: [['timeout', '32s']],
        headers: [['Accept', ACCEPT.aggregatedDiscovery]],
        stream: false,
        purpose: 'discover the core API group',
        role: 'discovery',
      },
      {
        method: 'GET',
        path: '/apis',
        query: [['timeout', '32s']],
        headers: [['Accept', ACCEPT.aggregatedDiscovery]],
        stream: false,
        purpose: 'discover the API groups',
        role: 'discovery',
      },
    ]);
  });

  it('puts --request-timeout in place of 32s', () => {
    expect(discoverySteps({ requestTimeout: '5s' }).map(requestTarget)).toEqual(['/api?timeout=5s', '/apis?timeout=5s']);
  });
});

describe('requestTimeoutParam (Go duration text, as kubectl sends it)', () => {
  it.each([
    ['5s', '5s'],
    ['5', '5s'],
    ['1m', '1m0s'],
    ['90s', '1m30s'],
    ['1h', '1h0m0s'],
    ['1.5s', '1.5s'],
    ['300ms', '300ms'],
    ['2h45m', '2h45m0s'],
    ['1500us', '1.5ms'],
    ['0', undefined],
    ['0s', undefined],
    [undefined, undefined],
  ])('%s → %s', (input, expected) => {
    expect(requestTimeoutParam(input)).toBe(expected);
  });

  it.each(['abc', '5x', '1.2.3s', 's', '-'])('rejects %j as a usage error naming the value', (input) => {
    let err: unknown;
    try {
      requestTimeoutParam(input);
    } catch (e) {
      err = e;
    }
    expect((err as KcurlError).code).toBe('KCURL_USAGE');
    expect((err as KcurlError).message).toContain(JSON.stringify(input));
  });
});

describe('isAggregatedDiscovery', () => {
  it.each([
    [AGGREGATED_TYPE, true],
    ['application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io', true],
    ['application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList', true],
    ['application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList', true],
    ['application/json', false],
    ['application/json;g=apidiscovery.k8s.io;v=v2', false],
    ['application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList', false],
    ['application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', false],
  ])('%s → %s', (contentType, expected) => {
    expect(isAggregatedDiscovery(contentType)).toBe(expected);
  });
});

describe('discoverCatalog against a server without aggregated discovery (kube-apiserver v1.26)', () => {
  it('fetches /api, /apis, then every group-version document in parallel, and caches what kubectl caches', async () => {
    const server = fakeServer('plain-v1.26');
    const d = await discoverCatalog(io, SERVER, server.fetch);
    const apis = JSON.parse(readFileSync(path.join(V126, 'apis.json'), 'utf8')) as { groups: { versions: { groupVersion: string }[] }[] };
    const groupVersions = ['v1', ...apis.groups.flatMap((g) => g.versions.map((v) => v.groupVersion))];
    expect(server.targets().slice(0, 2)).toEqual(['GET /api?timeout=32s', 'GET /apis?timeout=32s']);
    expect(server.targets().slice(2).sort()).toEqual(groupVersions.map((gv) => `GET ${gv === 'v1' ? '/api/v1' : `/apis/${gv}`}?timeout=32s`).sort());
    expect(server.seen.slice(2).every((s) => s.headers[0][1] === 'application/json, */*' && s.role === 'discovery')).toBe(true);
    expect(d.stepsSent).toEqual(server.seen);
    expect(d.fromCache).toBe(false);
    // the v1.26 capture lacks some group-version documents: reported, not fatal (kubectl logs them and carries on)
    expect(d.warnings).toContain(
      "couldn't get resource list for autoscaling/v2: the server could not find the requested resource (/apis/autoscaling/v2?timeout=32s)",
    );
    expect(d.warnings).toHaveLength(11);
    expect(resolveResource(d.catalog, 'deploy').group).toBe('apps');
    expect(d.catalog.preferredVersions.get('flowcontrol.apiserver.k8s.io')).toBeUndefined();
    expect(() => resolveResource(d.catalog, 'hpa')).toThrow('the server doesn\'t have a resource type "hpa"');

    // kubectl v1.32, run against the same answers, wrote these files: ours are identical
    const kubectlDir = path.join(FIXTURES, 'kubectl-v1.32-cache-legacy');
    for (const file of tree(kubectlDir)) {
      expect(readFileSync(path.join(cacheHostDir(), file), 'utf8'), file).toBe(readFileSync(path.join(kubectlDir, file), 'utf8'));
    }
    expect(tree(cacheHostDir())).toHaveLength(1 + groupVersions.length - 11);
    expect(statSync(path.join(cacheHostDir(), 'servergroups.json')).mode & 0o777).toBe(0o660 & ~process.umask());
  });
});

describe('discoverCatalog against a server with aggregated discovery', () => {
  it('sends only /api and /apis, and finds the same resources as the built-in table', async () => {
    const server = fakeServer('aggregated');
    const d = await discoverCatalog(io, SERVER, server.fetch);
    expect(server.targets()).toEqual(['GET /api?timeout=32s', 'GET /apis?timeout=32s']);
    expect(d.warnings).toEqual([]);
    const builtin = builtinCatalog();
    expect(d.catalog.resources).toEqual(builtin.resources);
    expect(d.catalog.allVersions).toEqual(builtin.allVersions);
    expect(d.catalog.preferredVersions).toEqual(builtin.preferredVersions);
  });

  it('writes the cache exactly as kubectl v1.32 wrote it for the same answers', async () => {
    await discoverCatalog(io, SERVER, fakeServer('aggregated').fetch);
    const kubectlDir = path.join(FIXTURES, 'kubectl-v1.32-cache');
    expect(tree(cacheHostDir())).toEqual(tree(kubectlDir));
    for (const file of tree(kubectlDir)) {
      expect(readFileSync(path.join(cacheHostDir(), file), 'utf8'), file).toBe(readFileSync(path.join(kubectlDir, file), 'utf8'));
    }
  });

  it('with a warm cache sends nothing at all', async () => {
    const first = await discoverCatalog(io, SERVER, fakeServer('aggregated').fetch);
    const server = fakeServer('aggregated');
    const second = await discoverCatalog(io, SERVER, server.fetch);
    expect(server.seen).toEqual([]);
    expect(second.stepsSent).toEqual([]);
    expect(second.fromCache).toBe(true);
    expect(second.catalog).toEqual(first.catalog);
  });

  it('reads a cache kubectl wrote, without a request', async () => {
    cpSync(path.join(FIXTURES, 'kubectl-v1.32-cache'), cacheHostDir(), { recursive: true });
    const server = fakeServer('aggregated');
    const d = await discoverCatalog(io, SERVER, server.fetch);
    expect(server.seen).toEqual([]);
    expect(d.catalog.resources).toEqual(builtinCatalog().resources);
  });

  it('honours $KUBECACHEDIR and --cache-dir (the flag wins)', async () => {
    const envDir = path.join(home, 'env-cache');
    const flagDir = path.join(home, 'flag-cache');
    const withEnv = { ...io, env: { KUBECACHEDIR: envDir } };
    await discoverCatalog(withEnv, SERVER, fakeServer('aggregated').fetch);
    expect(existsSync(path.join(envDir, 'discovery', '127.0.0.1_41665', 'servergroups.json'))).toBe(true);
    await discoverCatalog(withEnv, SERVER, fakeServer('aggregated').fetch, { cacheDir: flagDir });
    expect(existsSync(path.join(flagDir, 'discovery', '127.0.0.1_41665', 'apps', 'v1', 'serverresources.json'))).toBe(true);
    expect(existsSync(path.join(home, '.kube'))).toBe(false);
  });

  it('refetches everything once the cache is older than 6 hours', async () => {
    await discoverCatalog(io, SERVER, fakeServer('aggregated').fetch);
    const at = (ms: number) => new Date(Date.now() + ms);
    const justFresh = fakeServer('aggregated');
    await discoverCatalog(io, SERVER, justFresh.fetch, { now: at(5 * HOUR) });
    expect(justFresh.seen).toEqual([]);
    const expired = fakeServer('aggregated');
    const d = await discoverCatalog(io, SERVER, expired.fetch, { now: at(7 * HOUR) });
    expect(expired.targets()).toEqual(['GET /api?timeout=32s', 'GET /apis?timeout=32s']);
    expect(d.fromCache).toBe(false);
  });

  it('refetches only the group-version whose file expired, with the legacy request', async () => {
    await discoverCatalog(io, SERVER, fakeServer('aggregated').fetch);
    const old = new Date(Date.now() - 7 * HOUR);
    utimesSync(path.join(cacheHostDir(), 'apps', 'v1', 'serverresources.json'), old, old);
    const server = fakeServer('plain-v1.26');
    const d = await discoverCatalog(io, SERVER, server.fetch, { requestTimeout: '1m' });
    expect(server.targets()).toEqual(['GET /apis/apps/v1?timeout=1m0s']);
    expect(server.seen[0].headers).toEqual([['Accept', 'application/json, */*']]);
    expect(d.fromCache).toBe(true);
    expect(resolveResource(d.catalog, 'deploy').resource).toBe('deployments');
  });

  it('ignores the cache with refresh (kubectl after a failed lookup)', async () => {
    await discoverCatalog(io, SERVER, fakeServer('aggregated').fetch);
    const server = fakeServer('aggregated');
    await discoverCatalog(io, SERVER, server.fetch, { refresh: true });
    expect(server.targets()).toEqual(['GET /api?timeout=32s', 'GET /apis?timeout=32s']);
  });

  it('skips a stale group-version and says so', async () => {
    const apis = JSON.parse(readFileSync(path.join(FIXTURES, 'aggregated-v2-apis.json'), 'utf8'));
    const autoscaling = apis.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'autoscaling');
    autoscaling.versions[0].freshness = 'Stale';
    const fetch: DiscoveryFetcher = async (step) =>
      step.path === '/apis'
        ? { status: 200, contentType: AGGREGATED_TYPE, body: JSON.stringify(apis) }
        : { status: 200, contentType: AGGREGATED_TYPE, body: readFileSync(path.join(FIXTURES, 'aggregated-v2-api.json'), 'utf8') };
    const d = await discoverCatalog(io, SERVER, fetch);
    expect(d.warnings).toEqual(["couldn't get resource list for autoscaling/v2: stale GroupVersion discovery: autoscaling/v2"]);
    // the first fresh version becomes the preferred one, as client-go decides
    expect(resolveResource(d.catalog, 'hpa').version).toBe('v1');
  });
});

describe('discoverCatalog failures', () => {
  it('rethrows what the fetcher throws', async () => {
    const boom = new KcurlError('KCURL_NETWORK', 'dial tcp 127.0.0.1:41665: connect: connection refused');
    await expect(discoverCatalog(io, SERVER, async () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it('turns a Status answer to /api into an ApiStatusError', async () => {
    const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };
    const err = await discoverCatalog(io, SERVER, async () => ({ status: 401, contentType: 'application/json', body: JSON.stringify(status) })).catch((e) => e);
    expect(err).toBeInstanceOf(ApiStatusError);
    expect((err as ApiStatusError).httpStatus).toBe(401);
    expect((err as ApiStatusError).status.reason).toBe('Unauthorized');
  });

  it('says which document was not JSON', async () => {
    await expect(discoverCatalog(io, SERVER, async () => ({ status: 200, contentType: 'application/json', body: '<html>' }))).rejects.toThrow(
      /the server's answer to GET \/api is not JSON/,
    );
  });

  it('ignores an unreadable cache file and asks the server', async () => {
    await discoverCatalog(io, SERVER, fakeServer('aggregated').fetch);
    await io.writeFile(path.join(cacheHostDir(), 'servergroups.json'), '{not json');
    const server = fakeServer('aggregated');
    await discoverCatalog(io, SERVER, server.fetch);
    expect(server.seen).toHaveLength(2);
  });
});

describe('resolveResourcesOnline (kubectl re-discovers after a miss on a cached catalog)', () => {
  it.each([
    ['deploy', []],
    ['Deployment', []],
    ['deployments.apps', []],
    ['storageclasses.storage.k8s.io', ['GET /api?timeout=32s', 'GET /apis?timeout=32s']],
    ['ev.events.k8s.io', ['GET /api?timeout=32s', 'GET /apis?timeout=32s']],
  ])('warm cache, %s → requests %j', async (typeArg, expected) => {
    await discoverCatalog(io, SERVER, fakeServer('aggregated').fetch);
    const server = fakeServer('aggregated');
    const r = await resolveResourcesOnline(io, SERVER, server.fetch, [typeArg]);
    expect(server.targets()).toEqual(expected);
    expect(r.stepsSent).toEqual(server.seen);
    expect(r.resources).toHaveLength(1);
  });

  it("an unknown type re-discovers once, then fails with kubectl's message", async () => {
    await discoverCatalog(io, SERVER, fakeServer('aggregated').fetch);
    const server = fakeServer('aggregated');
    await expect(resolveResourcesOnline(io, SERVER, server.fetch, ['deploy', 'foo'])).rejects.toThrow('the server doesn\'t have a resource type "foo"');
    expect(server.targets()).toEqual(['GET /api?timeout=32s', 'GET /apis?timeout=32s']);
  });

  it('a cold cache is not re-discovered, and short-name warnings come back', async () => {
    const server = fakeServer('aggregated');
    const r = await resolveResourcesOnline(io, SERVER, server.fetch, ['ev', 'po']);
    expect(server.seen).toHaveLength(2);
    expect(r.resources.map((x) => x.resource)).toEqual(['events', 'pods']);
    expect(r.warnings).toEqual(['short name "ev" could also match lower priority resource events.events.k8s.io']);
  });
});
