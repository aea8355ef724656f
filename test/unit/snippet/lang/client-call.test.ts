// The official-client reading of a request (src/snippet/lang/client-call.ts): which generated operation sends it,
// with which path arguments and typed options, for built-in types, custom resources and what no typed call sends.
import { describe, expect, it } from 'vitest';
import { apiClassName, clientCall, operationName, snake, typedParam } from '../../../../src/snippet/lang/client-call.js';
import { requestBlock } from '../../../../src/snippet/model.js';
import type { RequestStep } from '../../../../src/plan/request-plan.js';

const step = (method: RequestStep['method'], path: string, query: [string, string][] = [], extra: Partial<RequestStep> = {}): RequestStep => ({
  method,
  path,
  query,
  headers: [['Accept', 'application/json']],
  stream: false,
  purpose: 'test',
  role: 'call',
  ...extra,
});

describe('clientCall', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', [['limit', '500']], 'list', 'listNamespacedPod'],
    ['GET', '/api/v1/pods', [], 'list', 'listPodForAllNamespaces'],
    ['GET', '/api/v1/namespaces/team-a', [], 'read', 'readNamespace'],
    ['GET', '/apis/apps/v1/namespaces/default/deployments/web', [], 'read', 'readNamespacedDeployment'],
    ['GET', '/api/v1/namespaces/default/pods/web/log', [['follow', 'true']], 'log', 'readNamespacedPodLog'],
    ['GET', '/api/v1/namespaces/default/pods', [['watch', 'true']], 'watch', 'listNamespacedPod'],
    ['DELETE', '/api/v1/namespaces/default/configmaps/x', [], 'delete', 'deleteNamespacedConfigMap'],
    ['DELETE', '/api/v1/namespaces/default/configmaps', [], 'deletecollection', 'deleteCollectionNamespacedConfigMap'],
    ['GET', '/apis/example.com/v1/namespaces/default/widgets', [], 'list', 'listNamespacedCustomObject'],
    ['GET', '/apis/example.com/v1/widgets', [], 'list', 'listClusterCustomObject'],
    ['GET', '/apis/example.com/v1/namespaces/default/widgets/w', [], 'read', 'getNamespacedCustomObject'],
  ] as const)('%s %s is %s via %s', (method, path, query, op, name) => {
    const c = clientCall(
      requestBlock(
        step(
          method,
          path,
          query.map(([k, v]) => [k, v]),
        ),
      ),
    );
    expect(c.op).toBe(op);
    expect(operationName(c)).toBe(name);
  });

  it('sends create token and auth can-i through their typed create calls', () => {
    const token = clientCall(
      requestBlock(step('POST', '/api/v1/namespaces/default/serviceaccounts/default/token', [], { body: '{}', contentType: 'application/json' })),
    );
    expect([token.op, operationName(token), token.name, token.namespace]).toEqual(['create', 'createNamespacedServiceAccountToken', 'default', 'default']);
    const review = clientCall(
      requestBlock(step('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', [], { body: '{}', contentType: 'application/json' })),
    );
    expect([review.op, operationName(review), apiClassName(review.api!.group, review.api!.version)]).toEqual([
      'create',
      'createSelfSubjectAccessReview',
      'AuthorizationV1Api',
    ]);
  });

  it('reads the patch type from the Content-Type', () => {
    const apply = clientCall(
      requestBlock(
        step(
          'PATCH',
          '/api/v1/namespaces/default/configmaps/m',
          [
            ['fieldManager', 'kubectl'],
            ['force', 'false'],
          ],
          { body: '{}', contentType: 'application/apply-patch+yaml' },
        ),
      ),
    );
    expect([apply.op, apply.patch]).toEqual(['patch', 'apply']);
    expect(apply.params).toEqual([
      { name: 'fieldManager', value: 'kubectl' },
      { name: 'force', value: false },
    ]);
  });

  it('turns a watch’s timeout= into timeoutSeconds and says so', () => {
    const c = clientCall(
      requestBlock(
        step('GET', '/api/v1/namespaces/default/pods', [
          ['timeout', '1m30s'],
          ['watch', 'true'],
        ]),
      ),
    );
    expect(c.params).toEqual([{ name: 'timeoutSeconds', value: 90 }]);
    expect(c.requestTimeout).toEqual({ value: '1m30s', seconds: 90, asTimeoutSeconds: true });
    expect(c.differences.join('\n')).toContain('timeout=1m30s');
  });

  it('sends discovery and other subresources as they are', () => {
    expect(clientCall(requestBlock(step('GET', '/apis', [], { role: 'discovery' }))).op).toBe('raw');
    expect(clientCall(requestBlock(step('POST', '/api/v1/namespaces/default/pods/web/eviction', [], { body: '{}', contentType: 'application/json' }))).op).toBe(
      'raw',
    );
  });
});

describe('names', () => {
  it.each([
    ['ConfigMap', 'config_map'],
    ['APIService', 'api_service'],
    ['CSIDriver', 'csi_driver'],
    ['labelSelector', 'label_selector'],
  ])('snake(%s) = %s', (name, out) => expect(snake(name)).toBe(out));

  it.each([
    ['', 'v1', 'CoreV1Api'],
    ['apps', 'v1', 'AppsV1Api'],
    ['rbac.authorization.k8s.io', 'v1', 'RbacAuthorizationV1Api'],
    ['flowcontrol.apiserver.k8s.io', 'v1', 'FlowcontrolApiserverV1Api'],
    ['autoscaling', 'v2', 'AutoscalingV2Api'],
  ])('apiClassName(%j, %s) = %s', (group, version, out) => expect(apiClassName(group, version)).toBe(out));

  it('types numbers and booleans the generated clients type', () => {
    expect([typedParam('limit', '500'), typedParam('watch', '1'), typedParam('labelSelector', 'a=1')]).toEqual([
      { name: 'limit', value: 500 },
      { name: 'watch', value: true },
      { name: 'labelSelector', value: 'a=1' },
    ]);
  });
});
