// The sandbox's HTTP API without kubectl: Status bodies compared with what a real kube-apiserver sent
// (fixtures/sandbox/errors), discovery, paging, selectors, watch semantics, dry run, field validation,
// YAML bodies, size limits, deletion semantics.
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { fixtureJson } from '../helpers/fixtures.js';

const fixture = (name: string) => fixtureJson(`sandbox/${name}`);

let t: TestSandbox;
const CM = '/api/v1/namespaces/default/configmaps';
const cm = (name: string, data: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...extra },
  data,
});

beforeAll(async () => {
  t = await startTestSandbox({ bookmarkIntervalMs: 50, watchHistory: 50 });
});
afterAll(async () => {
  await t?.close();
});

describe('Status bodies match a real kube-apiserver', () => {
  it('404 when creating in a namespace that does not exist', async () => {
    const r = await t.request('POST', '/api/v1/namespaces/nope/configmaps', { body: cm('x') });
    expect(r.status).toBe(404);
    expect(r.json()).toEqual(fixture('errors/404-namespace-not-found-on-create.json'));
  });

  it('404 for a missing object', async () => {
    const r = await t.request('GET', '/api/v1/namespaces/default/pods/nope');
    expect([r.status, r.json()]).toEqual([404, fixture('errors/404-pod-not-found.json')]);
  });

  it('404 for an unknown resource', async () => {
    const r = await t.request('GET', '/api/v1/namespaces/default/widgets');
    expect([r.status, r.json()]).toEqual([404, fixture('errors/404-unknown-path.json')]);
  });

  it('405 for a verb the resource does not serve', async () => {
    const r = await t.request('DELETE', '/api/v1/namespaces');
    expect([r.status, r.json()]).toEqual([405, fixture('errors/405-method-not-allowed.json')]);
  });

  it('409 AlreadyExists', async () => {
    await t.request('POST', CM, { body: cm('cm1', { a: '1' }) });
    const r = await t.request('POST', CM, { body: cm('cm1', { a: '1' }) });
    expect([r.status, r.json()]).toEqual([409, fixture('errors/409-already-exists.json')]);
  });

  it('409 Conflict on a stale resourceVersion', async () => {
    const live = (await t.request('GET', `${CM}/cm1`)).json();
    const first = await t.request('PUT', `${CM}/cm1`, { body: { ...live, data: { a: '2' } } });
    expect(first.status).toBe(200);
    const stale = await t.request('PUT', `${CM}/cm1`, { body: { ...live, data: { a: '3' } } });
    expect([stale.status, stale.json()]).toEqual([409, fixture('errors/409-conflict-stale-resourceversion.json')]);
  });

  it('409 from server-side apply, naming the other manager and the field', async () => {
    const apply = (manager: string, value: string) =>
      t.request('PATCH', `${CM}/ssa1?fieldManager=${manager}`, { body: JSON.stringify(cm('ssa1', { x: value })), contentType: 'application/apply-patch+yaml' });
    expect((await apply('kubectl', '1')).status).toBe(201);
    const r = await apply('other', '2');
    expect([r.status, r.json()]).toEqual([409, fixture('errors/409-ssa-conflict.json')]);
    const forced = await t.request('PATCH', `${CM}/ssa1?fieldManager=other&force=true`, {
      body: JSON.stringify(cm('ssa1', { x: '2' })),
      contentType: 'application/apply-patch+yaml',
    });
    expect(forced.status).toBe(200);
    expect(forced.json().metadata.managedFields.map((m: { manager: string }) => m.manager)).toEqual(['other']);
  });

  it('422 with causes for an invalid pod', async () => {
    const r = await t.request('POST', '/api/v1/namespaces/default/pods', {
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [] } },
    });
    expect([r.status, r.json()]).toEqual([422, fixture('errors/422-invalid-pod.json')]);
  });

  it('400 for malformed JSON', async () => {
    const r = await t.request('POST', CM, { body: '{"apiVersion":"v1",' });
    expect([r.status, r.json()]).toEqual([400, fixture('errors/400-malformed-json.json')]);
  });

  it('400 for an unknown field with fieldValidation=Strict', async () => {
    const r = await t.request('POST', `${CM}?fieldValidation=Strict`, { body: { ...cm('strict'), bogus: 1 } });
    expect([r.status, r.json()]).toEqual([400, fixture('errors/400-strict-unknown-field.json')]);
  });

  it('401 for a bad token', async () => {
    const r = await t.request('GET', CM, { as: { token: 'bogus' } });
    expect([r.status, r.json()]).toEqual([401, fixture('errors/401-bad-token.json')]);
  });

  it('no credentials is system:anonymous: 403 with the Forbidden message, except what system:public-info-viewer allows', async () => {
    const pods = await t.request('GET', '/api/v1/namespaces/default/pods', { as: { none: true } });
    expect([pods.status, pods.json()]).toEqual([
      403,
      {
        ...fixture('errors/403-sa-cannot-list-pods.json'),
        message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
      },
    ]);
    const api = await t.request('GET', '/api', { as: { none: true } });
    expect([api.status, api.json().message]).toEqual([403, 'forbidden: User "system:anonymous" cannot get path "/api"']);
    // The bootstrap role lists the paths themselves, not their sub-paths (as a real cluster's does).
    expect((await t.request('GET', '/healthz/ping', { as: { none: true } })).status).toBe(403);
    const version = await t.request('GET', '/version', { as: { none: true } });
    expect([version.status, version.json().minor]).toEqual([200, '32']);
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const r = await t.request('GET', path, { as: { none: true } });
      expect([path, r.status, r.text]).toEqual([path, 200, 'ok']);
    }
  });

  it('403 for a service account without a binding', async () => {
    await t.request('POST', '/api/v1/namespaces/default/serviceaccounts', { body: { metadata: { name: 'mysa' } } });
    const token = (await t.request('POST', '/api/v1/namespaces/default/serviceaccounts/mysa/token', { body: {} })).json().status.token;
    const r = await t.request('GET', '/api/v1/namespaces/default/pods', { as: { token } });
    expect([r.status, r.json()]).toEqual([403, fixture('errors/403-sa-cannot-list-pods.json')]);
  });

  it('410 Expired (as a watch ERROR event) for a resourceVersion that left the history', async () => {
    for (let i = 0; i < 60; i++) await t.request('POST', CM, { body: cm(`churn-${i}`) });
    const r = await t.request('GET', `${CM}?watch=1&resourceVersion=1`);
    const event = JSON.parse(r.text.trim());
    expect(r.status).toBe(200);
    expect(event.type).toBe('ERROR');
    expect(event.object).toMatchObject({
      ...fixture('errors/410-watch-too-old.json').object,
      message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/),
    });
  });

  it('413 for a body over 3 MiB', async () => {
    const r = await t.request('POST', CM, { body: JSON.stringify(cm('big', { a: 'x'.repeat(3 * 1024 * 1024) })) });
    expect(r.status).toBe(413);
    expect(r.json()).toMatchObject({ kind: 'Status', code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728' });
  });

  it('415 for an unknown patch type', async () => {
    const r = await t.request('PATCH', `${CM}/cm1`, { body: '{}', contentType: 'text/plain' });
    expect(r.json()).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
  });
});

describe('access reviews', () => {
  it.each([
    [{ user: 'jane', groups: ['devs'], resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } }, false],
    [{ user: 'boss', groups: ['system:masters'], resourceAttributes: { verb: 'delete', resource: 'nodes' } }, true],
    [{ user: 'anyone', groups: ['system:authenticated'], nonResourceAttributes: { path: '/healthz', verb: 'get' } }, true],
  ])('SubjectAccessReview %j → allowed %s', async (spec, allowed) => {
    const r = await t.request('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec },
    });
    expect(r.status).toBe(201);
    expect(r.json()).toMatchObject({ kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec, status: { allowed } });
  });

  it('SelfSubjectAccessReview answers like the real server (status.allowed, managedFields of the request)', async () => {
    const r = await t.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: {
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
      },
      headers: { 'user-agent': 'curl/8.0' },
    });
    expect(r.json()).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {
        creationTimestamp: null,
        managedFields: [
          {
            manager: 'curl',
            operation: 'Update',
            apiVersion: 'authorization.k8s.io/v1',
            time: expect.any(String),
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:resourceAttributes': { '.': {}, 'f:namespace': {}, 'f:resource': {}, 'f:verb': {} } } },
          },
        ],
      },
      spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
      status: { allowed: true },
    });
  });

  it('TokenReview of the admin token and of garbage', async () => {
    const good = await t.request('POST', '/apis/authentication.k8s.io/v1/tokenreviews', { body: { spec: { token: t.sb.adminToken } } });
    expect(good.json().status).toMatchObject({ authenticated: true, user: { username: 'kcurl-admin', groups: ['system:masters', 'system:authenticated'] } });
    const bad = await t.request('POST', '/apis/authentication.k8s.io/v1/tokenreviews', { body: { spec: { token: 'nope' } } });
    expect(bad.json().status).toEqual({ user: {} });
  });
});

describe('discovery', () => {
  it('aggregated discovery when kubectl asks for it, with its content type', async () => {
    const accept =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    const r = await t.request('GET', '/apis', { accept });
    expect(r.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = r.json().items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
    const deployments = apps.versions[0].resources.find((x: { resource: string }) => x.resource === 'deployments');
    expect(deployments).toEqual({
      resource: 'deployments',
      responseKind: { group: '', version: '', kind: 'Deployment' },
      scope: 'Namespaced',
      singularResource: 'deployment',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: [
        { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
        { subresource: 'status', responseKind: { group: '', version: '', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
    const core = await t.request('GET', '/api', { accept });
    expect(core.json().items.map((i: { metadata: unknown }) => i.metadata)).toEqual([{ creationTimestamp: null }]);
  });

  it.each([
    ['/apis/apps/v1', 'apis_apps_v1.json', [] as string[]],
    ['/apis/batch/v1', 'apis_batch_v1.json', []],
    ['/apis/rbac.authorization.k8s.io/v1', 'apis_rbac.authorization.k8s.io_v1.json', []],
    ['/apis/apiextensions.k8s.io/v1', 'apis_apiextensions.k8s.io_v1.json', []],
  ])('%s matches the real document (names, kinds, verbs, short names, storage hashes)', async (path, file, notServed) => {
    const strip = (r: Record<string, unknown>) => ({
      name: r.name,
      kind: r.kind,
      namespaced: r.namespaced,
      verbs: r.verbs,
      shortNames: r.shortNames,
      categories: r.categories,
      storageVersionHash: r.storageVersionHash,
      group: r.group,
      version: r.version,
    });
    const real = fixture(`discovery/${file}`)
      .resources.filter((r: { name: string }) => !notServed.includes(r.name.split('/')[0]))
      .map(strip);
    const ours = (await t.request('GET', path)).json().resources.map(strip);
    expect(ours).toEqual(real);
  });
});

describe('lists', () => {
  beforeAll(async () => {
    for (const [name, tier] of [
      ['l-a', 'web'],
      ['l-b', 'db'],
      ['l-c', 'web'],
      ['l-d', 'cache'],
    ]) {
      await t.request('POST', CM, { body: cm(name, {}, { labels: { list: 'yes', tier } }) });
    }
  });

  it.each([
    ['tier=web', ['l-a', 'l-c']],
    ['tier==web', ['l-a', 'l-c']],
    ['tier!=web,list=yes', ['l-b', 'l-d']],
    ['tier in (db,cache)', ['l-b', 'l-d']],
    ['tier notin (db,cache),list', ['l-a', 'l-c']],
    ['list,!missing', ['l-a', 'l-b', 'l-c', 'l-d']],
  ])('labelSelector %s', async (selector, names) => {
    const r = (await t.request('GET', `${CM}?labelSelector=${encodeURIComponent(selector)}`)).json();
    expect(r.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(names);
    expect(r.items[0]).not.toHaveProperty('kind');
  });

  it('limit and continue page through a list with remainingItemCount', async () => {
    const first = (await t.request('GET', `${CM}?labelSelector=list&limit=3`)).json();
    expect(first.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['l-a', 'l-b', 'l-c']);
    expect(first.metadata.continue).toBeTruthy();
    const second = (await t.request('GET', `${CM}?labelSelector=list&limit=3&continue=${encodeURIComponent(first.metadata.continue)}`)).json();
    expect(second.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['l-d']);
    expect(second.metadata.continue).toBeUndefined();
    const unfiltered = (await t.request('GET', '/api/v1/namespaces?limit=1')).json();
    expect(unfiltered.metadata.remainingItemCount).toBe(3);
  });

  it.each([
    ['in a namespace', `${CM}?`],
    ['across namespaces', '/api/v1/configmaps?'],
    ['of a cluster-scoped kind', '/api/v1/namespaces?'],
    ['with a label selector', '/api/v1/configmaps?labelSelector=list&'],
  ])('pages of one item %s hold the whole list, in order, each counting what is left', async (_, path) => {
    const whole = (await t.request('GET', path)).json();
    const key = (i: { metadata: { name: string; namespace?: string } }) => `${i.metadata.namespace ?? ''}/${i.metadata.name}`;
    const paged: string[] = [];
    let cont = '';
    do {
      const page = (await t.request('GET', `${path}limit=1${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`)).json();
      paged.push(...page.items.map(key));
      cont = page.metadata.continue ?? '';
      if (!path.includes('labelSelector')) expect(page.metadata.remainingItemCount).toBe(cont ? whole.items.length - paged.length : undefined);
    } while (cont);
    expect(whole.items.length).toBeGreaterThan(1);
    expect(paged).toEqual(whole.items.map(key));
  });

  it.each([
    ['/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dl-b', ['l-b']],
    ['/api/v1/configmaps?fieldSelector=metadata.namespace%3Ddefault,metadata.name!%3Dl-b&labelSelector=list', ['l-a', 'l-c', 'l-d']],
    ['/api/v1/namespaces?fieldSelector=status.phase%3DActive&labelSelector=kubernetes.io%2Fmetadata.name%3Ddefault', ['default']],
  ])('fieldSelector %s', async (path, names) => {
    expect((await t.request('GET', path)).json().items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(names);
  });

  it('an unsupported field selector is a 400', async () => {
    const r = await t.request('GET', `${CM}?fieldSelector=spec.nodeName%3Dx`);
    expect([r.status, r.json().message]).toEqual([400, 'field label not supported: spec.nodeName']);
  });

  it('as=Table with includeObject', async () => {
    const r = await t.request('GET', `${CM}?labelSelector=tier%3Ddb&includeObject=None`, {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    const table = r.json();
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(table.rows).toEqual([{ cells: ['l-b', 0, expect.any(String)] }]);
    expect(table.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('bodies over 128 KiB are gzipped for clients that accept it, as kube-apiserver does', async () => {
    await t.request('POST', CM, { body: cm('big-ish', { a: 'x'.repeat(200 * 1024) }) });
    const plain = await t.request('GET', `${CM}/big-ish`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = https.request(
        `${t.sb.url}${CM}/big-ish`,
        { ca: t.sb.caPem, headers: { authorization: `Bearer ${t.sb.adminToken}`, 'accept-encoding': 'gzip' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect([zipped.headers['content-encoding'], zipped.headers.vary]).toEqual(['gzip', 'Accept-Encoding']);
    expect(JSON.parse(gunzipSync(zipped.body).toString()).data.a).toHaveLength(200 * 1024);
  });

  it('YAML out when asked', async () => {
    const r = await t.request('GET', `${CM}/l-a`, { accept: 'application/yaml' });
    expect(r.headers['content-type']).toBe('application/yaml');
    expect(r.text).toMatch(/^kind: ConfigMap\napiVersion: v1\nmetadata:\n {2}name: l-a\n/);
  });
});

describe('writes', () => {
  it('YAML request bodies', async () => {
    // YAML 1.1 as go-yaml v2 reads it: the key `y` is the boolean true.
    const r = await t.request('POST', CM, {
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  y: "1"\n  plain: text\n',
      contentType: 'application/yaml',
    });
    expect(r.status).toBe(201);
    expect(r.json().data).toEqual({ true: '1', plain: 'text' });
    const bad = await t.request('POST', CM, { body: 'metadata:\n  name: x\n data: 1\n', contentType: 'application/yaml' });
    expect([bad.status, bad.json().message]).toEqual([400, expect.stringMatching(/^error converting YAML to JSON: yaml: line \d+: /)]);
  });

  it('generateName adds five characters from the real alphabet', async () => {
    const r = await t.request('POST', CM, { body: { metadata: { generateName: 'gen-' } } });
    expect(r.json().metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('dryRun=All validates and defaults but stores nothing', async () => {
    const r = await t.request('POST', '/api/v1/namespaces/default/pods?dryRun=All', {
      body: { metadata: { name: 'dry' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    });
    expect(r.status).toBe(201);
    expect(r.json().spec.containers[0].imagePullPolicy).toBe('Always');
    expect(r.json().metadata.resourceVersion).toBeUndefined();
    expect((await t.request('GET', '/api/v1/namespaces/default/pods/dry')).status).toBe(404);
  });

  it('fieldValidation=Warn drops the unknown field and says so in a Warning header', async () => {
    const r = await t.request('POST', `${CM}?fieldValidation=Warn`, { body: { ...cm('warned'), spec: { foo: 1 } } });
    expect(r.status).toBe(201);
    expect(r.headers.warning).toBe('299 - "unknown field \\"spec\\""');
    expect(r.json()).not.toHaveProperty('spec');
  });

  it('server-side apply with an undeclared field names it the way structured-merge-diff does', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ssa-strict' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x', foo: 'bar' }] } },
      },
    };
    const r = await t.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/ssa-strict?fieldManager=me&fieldValidation=Strict', {
      body: JSON.stringify(deployment),
      contentType: 'application/apply-patch+yaml',
    });
    expect([r.status, r.json().message]).toEqual([
      400,
      'failed to create typed patch object (apps/v1, Kind=Deployment): .spec.template.spec.containers[name="c"].foo: field not declared in schema',
    ]);
    const warned = await t.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/ssa-strict?fieldManager=me&fieldValidation=Warn', {
      body: JSON.stringify(deployment),
      contentType: 'application/apply-patch+yaml',
    });
    expect([warned.status, warned.headers.warning]).toEqual([201, '299 - "unknown field \\"spec.template.spec.containers[0].foo\\""']);
  });

  it('a PUT that changes nothing keeps the resourceVersion', async () => {
    const live = (await t.request('GET', `${CM}/warned`)).json();
    const again = (await t.request('PUT', `${CM}/warned`, { body: live })).json();
    expect(again.metadata.resourceVersion).toBe(live.metadata.resourceVersion);
  });

  it('the status subresource and the main resource own their halves', async () => {
    // No scheduler of that name: the pod stays unbound, so no kubelet writes its status meanwhile.
    await t.request('POST', '/api/v1/namespaces/default/pods', {
      body: { metadata: { name: 'st' }, spec: { schedulerName: 'manual', containers: [{ name: 'c', image: 'nginx' }] } },
    });
    const viaMain = await t.request('PATCH', '/api/v1/namespaces/default/pods/st', {
      body: { status: { phase: 'Running' } },
      contentType: 'application/merge-patch+json',
    });
    expect(viaMain.json().status.phase).toBe('Pending');
    const viaStatus = await t.request('PATCH', '/api/v1/namespaces/default/pods/st/status', {
      body: { status: { phase: 'Running' }, spec: { nodeName: 'x' } },
      contentType: 'application/merge-patch+json',
    });
    expect([viaStatus.json().status.phase, viaStatus.json().spec.nodeName]).toEqual(['Running', undefined]);
  });

  it('deletecollection with a selector', async () => {
    for (const n of ['dc-1', 'dc-2']) await t.request('POST', CM, { body: cm(n, {}, { labels: { dc: 'yes' } }) });
    const r = await t.request('DELETE', `${CM}?labelSelector=dc%3Dyes`);
    expect(r.json().items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['dc-1', 'dc-2']);
    expect((await t.request('GET', `${CM}?labelSelector=dc%3Dyes`)).json().items).toEqual([]);
  });

  it('deleting answers a Status for most kinds and the object for pods', async () => {
    const r = await t.request('DELETE', `${CM}/from-yaml`, { body: { propagationPolicy: 'Background' } });
    expect(r.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'from-yaml', kind: 'configmaps', uid: expect.any(String) },
    });
    const pod = await t.request('DELETE', '/api/v1/namespaces/default/pods/st');
    expect(pod.json()).toMatchObject({ kind: 'Pod', metadata: { name: 'st' } });
  });

  it('foreground deletion waits for dependents; background removes them afterwards', async () => {
    const owner = (await t.request('POST', CM, { body: cm('owner') })).json();
    const ref = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid, blockOwnerDeletion: true }];
    await t.request('POST', CM, { body: cm('dependent', {}, { ownerReferences: ref }) });
    const del = (await t.request('DELETE', `${CM}/owner`, { body: { propagationPolicy: 'Foreground' } })).json();
    expect(del.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(del.metadata.deletionTimestamp).toBeTruthy();
    const gone = async (name: string) => (await t.request('GET', `${CM}/${name}`)).status === 404;
    await eventually(async () => ((await gone('owner')) && (await gone('dependent')) ? true : undefined), 'owner and dependent to be deleted');
    const kept = (await t.request('POST', CM, { body: cm('owner2') })).json();
    await t.request('POST', CM, { body: cm('dependent2', {}, { ownerReferences: [{ ...ref[0], name: 'owner2', uid: kept.metadata.uid }] }) });
    await t.request('DELETE', `${CM}/owner2`, { body: { propagationPolicy: 'Background' } });
    await eventually(async () => ((await gone('dependent2')) ? true : undefined), 'the dependent to be collected');
  });

  it('deleting a namespace terminates it and removes what it held', async () => {
    await t.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'doomed' } } });
    await t.request('POST', '/api/v1/namespaces/doomed/configmaps', { body: cm('inside') });
    const del = (await t.request('DELETE', '/api/v1/namespaces/doomed')).json();
    expect(del.status.phase).toBe('Terminating');
    await eventually(async () => ((await t.request('GET', '/api/v1/namespaces/doomed')).status === 404 ? true : undefined), 'the namespace to go');
    expect((await t.request('GET', '/api/v1/namespaces/doomed/configmaps/inside')).status).toBe(404);
    const protectedNs = await t.request('DELETE', '/api/v1/namespaces/default');
    expect([protectedNs.status, protectedNs.json().message]).toEqual([403, 'namespaces "default" is forbidden: this namespace may not be deleted']);
  });
});

describe('watch', () => {
  it('from now: synthetic ADDED for the current state, then MODIFIED and DELETED, filtered by label', async () => {
    await t.request('POST', CM, { body: cm('w-1', {}, { labels: { w: 'yes' } }) });
    const events: { type: string; object: { metadata: { name: string } } }[] = [];
    const s = t.stream(`${CM}?watch=true&labelSelector=w%3Dyes`, (l) => events.push(JSON.parse(l)));
    await eventually(() => (events.length >= 1 ? true : undefined), 'the initial ADDED');
    await t.request('PATCH', `${CM}/w-1`, { body: { data: { k: 'v' } }, contentType: 'application/merge-patch+json' });
    await t.request('POST', CM, { body: cm('w-ignored') });
    await t.request('PATCH', `${CM}/w-1`, { body: { metadata: { labels: { w: 'no' } } }, contentType: 'application/merge-patch+json' });
    await eventually(() => (events.length >= 3 ? true : undefined), 'three events');
    s.close();
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w-1', 'MODIFIED w-1', 'DELETED w-1']);
  });

  it('from a resourceVersion replays what happened since, with bookmarks, and ends at timeoutSeconds', async () => {
    const start = (await t.request('GET', CM)).json().metadata.resourceVersion;
    await t.request('POST', CM, { body: cm('w-2') });
    const lines: { type: string; object: { kind: string; metadata: { name?: string; resourceVersion: string } } }[] = [];
    const s = t.stream(`${CM}?watch=1&resourceVersion=${start}&allowWatchBookmarks=true&timeoutSeconds=1`, (l) => lines.push(JSON.parse(l)));
    await s.done;
    expect(lines[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w-2' } } });
    const bookmarks = lines.filter((l) => l.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThan(0);
    expect(bookmarks[0].object).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/), creationTimestamp: null },
    });
  });

  it('as=Table: every event is a one-row Table, column definitions only on the first', async () => {
    const events: { type: string; object: { kind: string; columnDefinitions: unknown; rows: { cells: unknown[] }[] } }[] = [];
    const from = (await t.request('GET', CM)).json().metadata.resourceVersion;
    const s = t.stream(`${CM}?watch=1&resourceVersion=${from}&fieldSelector=metadata.name%3Dw-table`, (l) => events.push(JSON.parse(l)), {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    await t.request('POST', CM, { body: cm('w-table') });
    await t.request('PATCH', `${CM}/w-table`, { body: { data: { a: 'b' } }, contentType: 'application/merge-patch+json' });
    await eventually(() => (events.length >= 2 ? true : undefined), 'two Table events');
    s.close();
    expect(events[0].object.kind).toBe('Table');
    expect(Array.isArray(events[0].object.columnDefinitions)).toBe(true);
    expect(events[1].object.columnDefinitions).toBeNull();
    expect(events[1].object.rows[0].cells.slice(0, 2)).toEqual(['w-table', 1]);
  });
});
