// kcurl rbac: the RBAC derived from request lists (grouping by namespace, ClusterRole for cluster-wide
// resources and non-resource URLs, resourceNames on request, everyone-allowed requests in comments), and the
// command in-process on a HAR file.
import { describe, expect, it } from 'vitest';
import { renderRbac } from '../../../src/commands/rbac/derive.js';
import { runKcurl } from '../../helpers/run-in-process.js';

const opts = { resourceNames: false, roleName: 'kcurl-recorded' };
const req = (method: string, target: string) => ({ method, target });

describe('renderRbac', () => {
  it('groups rules by namespace into Roles and puts cluster-wide reads and non-resource URLs in one ClusterRole', () => {
    const text = renderRbac(
      [
        req('GET', '/api'),
        req('GET', '/api/v1/namespaces/dev/pods?limit=500'),
        req('GET', '/api/v1/namespaces/dev/pods/web/log?container=app'),
        req('POST', '/api/v1/namespaces/prod/serviceaccounts/ci/token'),
        req('GET', '/api/v1/nodes?limit=500'),
        req('GET', '/metrics'),
        req('GET', '/api/v1/namespaces/dev/pods?watch=true&resourceVersion=7'),
      ],
      opts,
      'test',
    );
    expect(text).toMatchInlineSnapshot(`
      "# RBAC for the 7 requests in test
      # already allowed for every authenticated user (not granted here):
      #   get /api (system:discovery)
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: kcurl-recorded
      rules:
      - apiGroups:
        - ""
        resources:
        - nodes
        verbs:
        - list
      - nonResourceURLs:
        - /metrics
        verbs:
        - get
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: kcurl-recorded
        namespace: dev
      rules:
      - apiGroups:
        - ""
        resources:
        - pods
        verbs:
        - list
        - watch
      - apiGroups:
        - ""
        resources:
        - pods/log
        verbs:
        - get
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: kcurl-recorded
        namespace: prod
      rules:
      - apiGroups:
        - ""
        resources:
        - serviceaccounts/token
        verbs:
        - create
      "
    `);
  });

  it('names objects only with --resource-names, and never names a list or a create', () => {
    const requests = [
      req('GET', '/api/v1/namespaces/dev/configmaps/a'),
      req('GET', '/api/v1/namespaces/dev/configmaps/b'),
      req('POST', '/api/v1/namespaces/dev/configmaps'),
    ];
    expect(renderRbac(requests, opts, 't')).not.toContain('resourceNames');
    const named = renderRbac(requests, { ...opts, resourceNames: true }, 't');
    expect(named).toContain('- apiGroups:\n  - ""\n  resourceNames:\n  - a\n  resources:\n  - configmaps\n  verbs:\n  - get\n');
    expect(named).toContain('- apiGroups:\n  - ""\n  resources:\n  - configmaps\n  verbs:\n  - create\n');
  });

  it('binds each role to the ServiceAccount of --for-serviceaccount', () => {
    const text = renderRbac([req('GET', '/api/v1/nodes')], { ...opts, forServiceaccount: 'ci/builder' }, 't');
    expect(text).toContain(
      'kind: ClusterRoleBinding\nmetadata:\n  name: kcurl-recorded\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: kcurl-recorded\nsubjects:\n- kind: ServiceAccount\n  name: builder\n  namespace: ci\n',
    );
  });
});

describe('kcurl rbac', () => {
  const har = JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      entries: [
        {
          startedDateTime: '2026-01-01T00:00:00.000Z',
          time: 1,
          request: {
            method: 'DELETE',
            url: 'https://127.0.0.1:6443/apis/apps/v1/namespaces/dev/deployments/web',
            httpVersion: 'HTTP/1.1',
            headers: [],
            queryString: [],
            cookies: [],
            headersSize: -1,
            bodySize: 0,
          },
          response: {
            status: 200,
            statusText: 'OK',
            httpVersion: 'HTTP/1.1',
            headers: [],
            cookies: [],
            content: { size: 0, mimeType: 'application/json', text: '' },
            redirectURL: '',
            headersSize: -1,
            bodySize: 0,
          },
          cache: {},
          timings: { send: 0, wait: 1, receive: 0 },
        },
      ],
    },
  });

  it('prints the Role for a HAR recording on stdout', async () => {
    const run = await runKcurl(['rbac', '/in-process/calls.har'], { files: { '/in-process/calls.har': har } });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      'kind: Role\nmetadata:\n  name: kcurl-recorded\n  namespace: dev\nrules:\n- apiGroups:\n  - apps\n  resources:\n  - deployments\n  verbs:\n  - delete\n',
    );
  });

  it.each([
    [['rbac'], 'error: kcurl rbac needs one or more recordings'],
    [['rbac', '/in-process/calls.har', '--for-serviceaccount', 'builder'], 'error: --for-serviceaccount: expected NAMESPACE/NAME, got "builder"'],
    [['rbac', '/in-process/missing.har'], 'error: /in-process/missing.har: cannot read the recording: no such file'],
  ])('kcurl %j fails with one line', async (argv, line) => {
    const run = await runKcurl(argv, { files: { '/in-process/calls.har': har } });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toContain(line);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
