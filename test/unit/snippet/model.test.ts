// The snippet model: plain data (JSON round trip), credential sources as "how to obtain", never a value unless
// --reveal, request blocks with their kind, resource and flow.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/kube/secret.js';
import { ACCEPT, type RequestPlan, type RequestStep, bodyStep, parseApiPath, stepKind } from '../../../src/plan/request-plan.js';
import { credentialModel, snippetModel } from '../../../src/snippet/model.js';
import { KUBECONFIG_PATH, TOKEN_VALUE, kindCredentials } from '../../helpers/credentials.js';

const read = (path: string, over: Partial<RequestStep> = {}): RequestStep => ({
  method: 'GET',
  path,
  query: [],
  headers: [['Accept', ACCEPT.json]],
  stream: false,
  purpose: `read ${path}`,
  role: 'call',
  ...over,
});

describe('stepKind and parseApiPath', () => {
  it.each<[string, RequestStep, string]>([
    ['a list', read('/api/v1/namespaces/default/pods'), 'list'],
    ['one object', read('/apis/apps/v1/namespaces/default/deployments/web'), 'get'],
    ['a watch', read('/api/v1/pods', { query: [['watch', 'true']], stream: true }), 'watch'],
    ['a log', read('/api/v1/namespaces/default/pods/p/log', { stream: true }), 'log'],
    ['discovery', read('/apis', { role: 'discovery' }), 'discovery'],
    ['a lookup', read('/api/v1/namespaces/x', { role: 'lookup' }), 'lookup'],
    ['a non-resource path', read('/healthz'), 'raw'],
    ['a create', bodyStep('POST', '/api/v1/namespaces/default/configmaps', [], '{}', 'application/json', 'create'), 'create'],
    ['a review', bodyStep('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', [], '{}', 'application/json', 'review'), 'review'],
    ['a token request', bodyStep('POST', '/api/v1/namespaces/default/serviceaccounts/sa/token', [], '{}', 'application/json', 'token'), 'token'],
    [
      'a strategic merge patch',
      bodyStep('PATCH', '/api/v1/namespaces/default/pods/p', [], '{}', 'application/strategic-merge-patch+json', 'p'),
      'patch-strategic',
    ],
    ['a server-side apply', bodyStep('PATCH', '/api/v1/namespaces/default/pods/p', [], 'x', 'application/apply-patch+yaml', 'p'), 'apply'],
    ['a delete', bodyStep('DELETE', '/api/v1/namespaces/default/pods/p', [], '{}', 'application/json', 'd'), 'delete'],
    ['a delete of a collection', read('/api/v1/namespaces/default/pods', { method: 'DELETE' }), 'deletecollection'],
    ['a kind set by the planner', read('/api/v1/namespaces/x', { kind: 'get', role: 'lookup' }), 'get'],
  ])('%s', (_name, step, kind) => {
    expect(stepKind(step)).toBe(kind);
  });

  it.each([
    ['/api/v1/namespaces/ns/pods/p/log', { group: '', version: 'v1', resource: 'pods', namespace: 'ns', name: 'p', subresource: 'log' }],
    ['/apis/apps/v1/deployments', { group: 'apps', version: 'v1', resource: 'deployments' }],
    ['/api/v1/namespaces/ns', { group: '', version: 'v1', resource: 'namespaces', name: 'ns' }],
    ['/apis/apps/v1', undefined],
    ['/version', undefined],
  ])('%s names %j', (path, resource) => {
    expect(parseApiPath(path)).toEqual(resource);
  });
});

describe('credentialModel', () => {
  it('names where each value comes from and holds no secret value', () => {
    const creds = kindCredentials({
      ca: { value: new Uint8Array([1]), source: { kind: 'file', path: '/etc/ca.crt', via: 'certificate-authority' } },
      clientCert: {
        cert: { source: { kind: 'exec', user: 'u', command: 'plugin', args: [], env: [] } },
        key: { value: new Secret(new Uint8Array([2])), source: { kind: 'flag', flag: '--client-key' } },
      },
    });
    const m = credentialModel(creds, { reveal: false });
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(JSON.stringify(m)).not.toContain(TOKEN_VALUE);
    expect(m.server.obtain).toEqual({
      kind: 'kubeconfig',
      entry: 'cluster',
      name: 'kind-kind',
      field: 'server',
      jsonpath: '{.clusters[?(@.name=="kind-kind")].cluster.server}',
    });
    expect(m.token).toEqual({
      variable: 'TOKEN',
      form: 'text',
      flag: '--token',
      obtain: expect.objectContaining({ kind: 'kubeconfig', entry: 'user', field: 'token' }),
    });
    expect(m.ca?.obtain).toEqual({ kind: 'file', path: '/etc/ca.crt' });
    expect(m.clientCert?.cert.obtain).toEqual({ kind: 'exec', user: 'u', command: 'plugin', output: 'client-certificate' });
    expect(m.clientCert?.key.obtain).toEqual({ kind: 'flag', flag: '--client-key' });
    expect(m.origin).toEqual({ kind: 'kubeconfig', context: 'kind-kind', cluster: 'kind-kind', user: 'kind-admin' });
  });

  it('a Secret token and the serviceaccount mount are sources too', () => {
    const secret = credentialModel(kindCredentials({ token: { source: { kind: 'secret', namespace: 'ns', name: 'tok' } } }), { reveal: false });
    expect(secret.token?.obtain).toEqual({ kind: 'secret', namespace: 'ns', name: 'tok', key: 'token' });
    const mount = '/var/run/secrets/kubernetes.io/serviceaccount/token';
    const pod = credentialModel(
      kindCredentials({
        origin: 'in-cluster',
        server: { value: 'https://10.0.0.1:443', source: { kind: 'service-env' } },
        token: { value: new Secret('t'), source: { kind: 'serviceaccount-mount', path: mount } },
      }),
      { reveal: false },
    );
    expect(pod.serviceAccountDir).toBe('/var/run/secrets/kubernetes.io/serviceaccount');
    expect(pod.token?.obtain).toEqual({ kind: 'serviceaccount-mount', path: mount, file: 'token' });
    expect(pod.server.obtain).toEqual({ kind: 'service-env' });
  });

  it('--reveal carries the values instead of their sources', () => {
    const m = credentialModel(kindCredentials({ kubeconfigFlag: KUBECONFIG_PATH }), { reveal: true });
    expect(m.token?.obtain).toEqual({ kind: 'revealed', value: TOKEN_VALUE });
  });
});

describe('snippetModel', () => {
  it('a paged list, a watch from its resourceVersion and a conditional step: the flow as data', () => {
    const plan: RequestPlan = {
      command: 'kubectl get',
      steps: [
        read('/api/v1/namespaces/default/pods', { query: [['limit', '500']], paged: true, kind: 'list' }),
        read('/api/v1/namespaces/default/pods', {
          query: [
            ['resourceVersion', '7'],
            ['watch', 'true'],
          ],
          stream: true,
          fromAnswer: [{ param: 'resourceVersion', step: 0, field: 'resourceVersion' }],
        }),
        read('/api/v1/namespaces/x', { onlyAfter: { step: 0, status: [404, 410] } }),
        read('/openapi/v3', { role: 'openapi' }),
      ],
    };
    const s = snippetModel(plan, kindCredentials(), { reveal: false, commandLine: 'kcurl get pods -w' });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.leftOut).toEqual(['GET /openapi/v3']);
    const [list, watch, check] = s.requests;
    expect(list).toMatchObject({
      number: 1,
      kind: 'list',
      paged: true,
      capture: { status: true, fields: [{ field: 'resourceVersion', variable: 'RESOURCE_VERSION' }] },
    });
    expect(list.resource).toEqual({ group: '', version: 'v1', resource: 'pods', namespace: 'default' });
    expect(watch).toMatchObject({
      kind: 'watch',
      stream: true,
      fromAnswer: [{ param: 'resourceVersion', answer: 1, field: 'resourceVersion', variable: 'RESOURCE_VERSION' }],
    });
    expect(watch.url.query).toEqual([['watch', 'true']]);
    expect(watch.url.sent.target).toBe('/api/v1/namespaces/default/pods?resourceVersion=7&watch=true');
    expect(check.condition).toEqual({ answer: 1, statuses: [404, 410], otherwise: false, except: [] });
  });
});
