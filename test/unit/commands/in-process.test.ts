// Commands run in process (main + testIo) against an HttpRegistry answering with real kube-apiserver
// captures from fixtures/: what each command sends, what it prints, and how it reports a Status error.
// Anything the registry did not expect, or expected and never saw, fails the test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCEPT } from '../../../src/plan/request-plan.js';
import { HttpRegistry, fixture, fixtureJson, json } from '../../helpers/http-registry.js';
import { TEST_TOKEN, runKcurl } from '../../helpers/run-in-process.js';

const PODS = '/api/v1/namespaces/default/pods';
const emptyEvents = json({ kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });

describe('get', () => {
  it('lists pods as a server-side Table and prints it as kubectl does', async () => {
    const registry = new HttpRegistry()
      .discovery()
      .register({ method: 'GET', path: PODS, query: [['limit', '500']], headers: { Accept: ACCEPT.table } }, fixture('tables/pods.json'));
    const r = await runKcurl(['get', 'pods'], { registry });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const rows = fixtureJson<{ rows: { cells: string[] }[] }>('tables/pods.json').rows;
    expect(lines.slice(1).map((l) => l.split(/\s+/))).toEqual(rows.map((row) => row.cells.slice(0, 5)));
    expect(r.requests.at(-1)?.headers).toContainEqual(['authorization', `Bearer ${TEST_TOKEN}`]);
  });

  it("reports a 403 Status in kubectl's words and exits 1", async () => {
    const registry = new HttpRegistry().discovery().register({ method: 'GET', path: PODS }, fixture('errors/403-sa-cannot-list-pods.json', 403));
    const r = await runKcurl(['get', 'pods'], { registry });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:mysa" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('reports a 404 for a named pod as NotFound', async () => {
    const registry = new HttpRegistry().discovery().register({ method: 'GET', path: `${PODS}/nope` }, fixture('errors/404-pod-not-found.json', 404));
    const r = await runKcurl(['get', 'pod', 'nope'], { registry });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('Error from server (NotFound): pods "nope" not found');
  });

  it('--offline prints the snippet and sends nothing', async () => {
    const r = await runKcurl(['get', 'pods', '--offline']);
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(r.stdout).toContain('/api/v1/namespaces/default/pods?limit=500');
  });

  it('a usage error sends nothing and exits 1 with one error line', async () => {
    const r = await runKcurl(['get']);
    expect(r.code).toBe(1);
    expect(r.requests).toEqual([]);
    expect(r.stderr).toMatch(/^error: /);
  });
});

describe('describe', () => {
  it('reads the pod (twice, as kubectl does) and its events, and prints the description', async () => {
    const pod = fixtureJson<{ metadata: { uid: string } }>('objects/pod-example.json');
    const registry = new HttpRegistry()
      .discovery()
      .register({ method: 'GET', path: `${PODS}/pod-example` }, fixture('objects/pod-example.json'))
      .register({ method: 'GET', path: `${PODS}/pod-example` }, fixture('objects/pod-example.json'))
      .register(
        {
          method: 'GET',
          path: '/api/v1/namespaces/default/events',
          query: [
            ['fieldSelector', `involvedObject.name=pod-example,involvedObject.namespace=default,involvedObject.uid=${pod.metadata.uid}`],
            ['limit', '500'],
          ],
        },
        emptyEvents,
      );
    const r = await runKcurl(['describe', 'pod', 'pod-example'], { registry });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+pod-example\nNamespace:\s+default\n/);
    expect(r.stdout).toMatch(/\nContainers:\n {2}ubuntu:\n {4}Image:\s+ubuntu:trusty\n/);
    expect(r.stdout.trimEnd().endsWith('Events:                      <none>')).toBe(true);
  });
});

describe('logs', () => {
  it('looks up the pod for its container, then prints the log as it arrives', async () => {
    const registry = new HttpRegistry()
      .discovery()
      .register({ method: 'GET', path: `${PODS}/pod-example` }, fixture('objects/pod-example.json'))
      .register(
        { method: 'GET', path: `${PODS}/pod-example/log`, query: [['container', 'ubuntu']] },
        { status: 200, headers: [['content-type', 'text/plain']], chunks: ['Hello ', 'World\n'] },
      );
    const r = await runKcurl(['logs', 'pod-example'], { registry });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Hello World\n');
    expect(r.requests.at(-1)?.stream).toBe(true);
  });

  it('reports a 404 pod as NotFound', async () => {
    const registry = new HttpRegistry().discovery().register({ method: 'GET', path: `${PODS}/nope` }, fixture('errors/404-pod-not-found.json', 404));
    const r = await runKcurl(['logs', 'nope'], { registry });
    expect(r.code).toBe(1);
    // kubectl logs words it so: its pod lookup wraps the Status error.
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('error: error from server (NotFound): pods "nope" not found in namespace "default"');
  });
});

describe('delete', () => {
  it('sends a background-propagation DELETE, then waits until the pod is gone (404)', async () => {
    const registry = new HttpRegistry()
      .discovery()
      .register(
        { method: 'DELETE', path: `${PODS}/pod-example`, body: (b) => expect(JSON.parse(b)).toEqual({ propagationPolicy: 'Background' }) },
        fixture('objects/pod-example.json'),
      )
      .register({ method: 'GET', path: `${PODS}/pod-example` }, fixture('errors/404-pod-not-found.json', 404));
    const r = await runKcurl(['delete', 'pod', 'pod-example'], { registry });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('pod "pod-example" deleted\n');
  });
});

describe('auth can-i', () => {
  it('asks a SelfSubjectAccessReview and prints the answer', async () => {
    const registry = new HttpRegistry()
      .discovery()
      .register({ method: 'GET', path: '/api/v1' }, fixture('discovery/kube-apiserver-v1.26/api_v1.json'))
      .register(
        {
          method: 'POST',
          path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
          body: (b) => expect(JSON.parse(b).spec).toEqual({ resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } }),
        },
        fixture('objects/selfsubjectaccessreview-response.json', 201),
      );
    const r = await runKcurl(['auth', 'can-i', 'list', 'pods'], { registry });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('yes\n');
  });
});

describe('create token', () => {
  it('posts a TokenRequest and prints the token from the answer', async () => {
    const registry = new HttpRegistry().register(
      {
        method: 'POST',
        path: '/api/v1/namespaces/default/serviceaccounts/mysa/token',
        headers: { 'Content-Type': 'application/json' },
        body: (b) => expect(JSON.parse(b).kind).toBe('TokenRequest'),
      },
      fixture('objects/tokenrequest-response.json', 201),
    );
    const r = await runKcurl(['create', 'token', 'mysa'], { registry });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fixtureJson<{ status: { token: string } }>('objects/tokenrequest-response.json').status.token);
  });

  it('reports a 403 Status as kubectl create token does (failed to create token: <message>)', async () => {
    const registry = new HttpRegistry().register(
      { method: 'POST', path: '/api/v1/namespaces/default/serviceaccounts/mysa/token' },
      fixture('errors/403-sa-cannot-get-secret.json', 403),
    );
    const r = await runKcurl(['create', 'token', 'mysa'], { registry });
    expect(r.code).toBe(1);
    const status = fixtureJson<{ message: string }>('errors/403-sa-cannot-get-secret.json');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`error: failed to create token: ${status.message}`);
  });
});

describe('api-resources', () => {
  it('prints the catalog from aggregated discovery, core group first', async () => {
    const r = await runKcurl(['api-resources'], { registry: new HttpRegistry().discovery() });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    expect(lines).toContainEqual(expect.stringMatching(/^pods\s+po\s+v1\s+true\s+Pod$/));
    expect(lines).toContainEqual(expect.stringMatching(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/));
  });
});

describe('the registry itself', () => {
  it('an unexpected request fails the run, naming what was expected', async () => {
    const registry = new HttpRegistry().discovery();
    await expect(runKcurl(['get', 'pods'], { registry })).rejects.toThrow(
      /unexpected request GET \/api\/v1\/namespaces\/default\/pods\?limit=500\n[\s\S]*expected one of:\n {2}\(nothing more\)/,
    );
  });

  it('an expected request that was never made fails the run', async () => {
    const registry = new HttpRegistry().register({ method: 'GET', path: '/version' }, json({}));
    await expect(runKcurl(['get', 'pods', '--offline'], { registry })).rejects.toThrow('1 expected request(s) were never made:\n  GET /version');
  });

  it('a reply that throws is a transport failure, worded as kubectl words it', async () => {
    const refused = () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    };
    const registry = new HttpRegistry().register({ method: 'GET', path: '/api' }, refused);
    const r = await runKcurl(['get', 'pods'], { registry });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'error: The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
    );
  });

  it('--record journals the exchanges the registry answered', async () => {
    const registry = new HttpRegistry().register(
      { method: 'POST', path: '/api/v1/namespaces/default/serviceaccounts/mysa/token' },
      fixture('objects/tokenrequest-response.json', 201),
    );
    const dir = mkdtempSync(join(tmpdir(), 'kcurl-in-process-'));
    try {
      const r = await runKcurl(['create', 'token', 'mysa', '--record', join(dir, 'run.jsonl')], { registry });
      expect(r.code).toBe(0);
      const journal = readFileSync(join(dir, 'run.jsonl'), 'utf8');
      expect(journal).toContain('/api/v1/namespaces/default/serviceaccounts/mysa/token');
      expect(journal).toContain('TokenRequest');
      expect(journal).not.toContain(TEST_TOKEN);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
