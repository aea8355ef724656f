// Reading request paths the way kube-apiserver's RequestInfoFactory does.
import { describe, expect, it } from 'vitest';
import { requestInfo } from '../../../src/sandbox/request-info.js';

describe('requestInfo', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', '', { verb: 'list', apiGroup: '', apiVersion: 'v1', namespace: 'default', resource: 'pods', name: '' }],
    ['GET', '/api/v1/namespaces/default/pods', 'watch=1', { verb: 'watch', resource: 'pods' }],
    ['GET', '/api/v1/namespaces/default/pods', 'watch=false', { verb: 'list' }],
    ['GET', '/api/v1/pods', '', { verb: 'list', namespace: '', resource: 'pods' }],
    ['GET', '/api/v1/namespaces/default/pods/nginx', '', { verb: 'get', name: 'nginx', authzName: 'nginx' }],
    ['GET', '/api/v1/namespaces/default/pods/nginx/log', '', { verb: 'get', name: 'nginx', subresource: 'log' }],
    [
      'PUT',
      '/apis/apps/v1/namespaces/ns/deployments/web/scale',
      '',
      { verb: 'update', apiGroup: 'apps', resource: 'deployments', name: 'web', subresource: 'scale' },
    ],
    ['PATCH', '/apis/apps/v1/namespaces/ns/deployments/web', '', { verb: 'patch' }],
    ['POST', '/api/v1/namespaces/default/configmaps', '', { verb: 'create', name: '' }],
    ['DELETE', '/api/v1/namespaces/default/configmaps/x', '', { verb: 'delete', name: 'x' }],
    ['DELETE', '/api/v1/namespaces/default/configmaps', '', { verb: 'deletecollection' }],
    ['GET', '/api/v1/namespaces/foo', '', { verb: 'get', resource: 'namespaces', namespace: 'foo', name: 'foo' }],
    ['PUT', '/api/v1/namespaces/foo/finalize', '', { verb: 'update', resource: 'namespaces', name: 'foo', subresource: 'finalize' }],
    ['GET', '/api/v1/namespaces/default/pods', 'fieldSelector=metadata.name%3Dnginx', { verb: 'list', name: '', authzName: 'nginx' }],
    ['GET', '/api/v1/watch/namespaces/default/pods', '', { verb: 'watch', watchPath: true, resource: 'pods' }],
    ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin', '', { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'admin' }],
  ])('%s %s?%s', (method, path, query, expected) => {
    const info = requestInfo(method, path, new URLSearchParams(query));
    expect(info).toMatchObject({ isResourceRequest: true, ...expected });
  });

  it.each([['/api'], ['/apis'], ['/apis/apps'], ['/api/v1'], ['/apis/apps/v1'], ['/version'], ['/healthz'], ['/openapi/v3/api/v1']])(
    '%s is not a resource request; the verb is the lower-cased method',
    (path) => {
      expect(requestInfo('GET', path, new URLSearchParams())).toMatchObject({ isResourceRequest: false, verb: 'get', path });
    },
  );
});
