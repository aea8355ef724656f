// The verb-from-request table and the URL parser: the permission each request shape needs, checked against
// the sandbox's own reading of requests (src/sandbox/request-info.ts, kube-apiserver's RequestInfoFactory) and
// its bootstrap roles, so the explanation and the server the lessons run against cannot drift apart.
import { describe, expect, it } from 'vitest';
import { EVERYONE_HAS, canICommand, permissionFor } from '../../../src/explain/verbs.js';
import { urlAnatomy } from '../../../src/explain/url-anatomy.js';
import { requestInfo } from '../../../src/sandbox/request-info.js';
import { bootstrapRbacObjects } from '../../../src/sandbox/authz/bootstrap-policy.js';
import { shellQuote } from '../../../src/render/shell-quote.js';

type Row = [method: string, target: string, verb: string, resource: string, namespace: string, name: string];

const ROWS: Row[] = [
  ['GET', '/api/v1/namespaces/default/pods?limit=500', 'list', 'pods', 'default', ''],
  ['GET', '/api/v1/namespaces/default/pods?watch=true&resourceVersion=5', 'watch', 'pods', 'default', ''],
  ['GET', '/api/v1/watch/namespaces/default/pods', 'watch', 'pods', 'default', ''],
  ['GET', '/api/v1/pods', 'list', 'pods', '', ''],
  ['GET', '/api/v1/namespaces/default/pods/web', 'get', 'pods', 'default', 'web'],
  ['GET', '/api/v1/namespaces/default/pods/web/log?follow=true', 'get', 'pods/log', 'default', 'web'],
  ['GET', '/api/v1/namespaces/default/pods/web/exec?command=sh', 'get', 'pods/exec', 'default', 'web'],
  ['POST', '/api/v1/namespaces/default/pods/web/exec?command=sh', 'create', 'pods/exec', 'default', 'web'],
  ['POST', '/api/v1/namespaces/default/serviceaccounts/learner/token', 'create', 'serviceaccounts/token', 'default', 'learner'],
  ['POST', '/apis/apps/v1/namespaces/default/deployments', 'create', 'deployments', 'default', ''],
  ['PUT', '/apis/apps/v1/namespaces/default/deployments/web/scale', 'update', 'deployments/scale', 'default', 'web'],
  ['PATCH', '/api/v1/namespaces/default/configmaps/settings?fieldManager=kubectl', 'patch', 'configmaps', 'default', 'settings'],
  ['DELETE', '/api/v1/namespaces/default/pods/web', 'delete', 'pods', 'default', 'web'],
  ['DELETE', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb', 'deletecollection', 'pods', 'default', ''],
  ['GET', '/api/v1/nodes', 'list', 'nodes', '', ''],
  ['GET', '/api/v1/namespaces/team', 'get', 'namespaces', 'team', 'team'],
  ['PUT', '/api/v1/namespaces/team/finalize', 'update', 'namespaces/finalize', 'team', 'team'],
  ['POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'create', 'selfsubjectaccessreviews', '', ''],
];

const split = (target: string) => {
  const [path, q = ''] = target.split('?');
  return { path, query: [...new URLSearchParams(q)] as [string, string][], params: new URLSearchParams(q) };
};

describe('permissionFor', () => {
  it.each(ROWS)('%s %s needs %s on %s', (method, target, verb, resource, namespace, name) => {
    const { path, query } = split(target);
    const p = permissionFor({ method, path, query });
    expect([p.verb, p.resource, p.namespace, p.resourceName ?? '']).toEqual([verb, resource, namespace, name]);
  });

  it.each(ROWS)('%s %s reads as the sandbox apiserver reads it', (method, target) => {
    const { path, query, params } = split(target);
    const p = permissionFor({ method, path, query });
    const info = requestInfo(method, path, params);
    const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
    expect([p.verb, p.apiGroup, p.resource, p.namespace, p.resourceName ?? '']).toEqual([info.verb, info.apiGroup, resource, info.namespace, info.name]);
  });

  it.each([
    ['/api', 'system:discovery'],
    ['/apis/apps/v1', 'system:discovery'],
    ['/openapi/v3/api/v1', 'system:discovery'],
    ['/version', 'system:discovery'],
    ['/metrics', undefined],
    ['/logs/kube-apiserver.log', undefined],
  ])('GET %s is a non-resource URL (everyone: %s)', (path, everyone) => {
    const p = permissionFor({ method: 'GET', path, query: [] });
    expect(p).toMatchObject({ verb: 'get', nonResourceURL: path });
    expect(p.everyone).toBe(everyone);
  });

  it('says a SelfSubjectAccessReview is granted to everyone by system:basic-user', () => {
    expect(permissionFor({ method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', query: [] }).everyone).toBe('system:basic-user');
  });
});

describe('EVERYONE_HAS', () => {
  it('lists exactly the rules of the bootstrap roles the sandbox binds to system:authenticated', () => {
    const roles = bootstrapRbacObjects() as {
      kind: string;
      metadata: { name: string };
      rules?: { verbs: string[]; apiGroups?: string[]; resources?: string[]; nonResourceURLs?: string[] }[];
    }[];
    for (const row of EVERYONE_HAS) {
      const role = roles.find((r) => r.kind === 'ClusterRole' && r.metadata.name === row.role)!;
      const match = role.rules!.find((r) =>
        row.nonResourceURLs
          ? JSON.stringify(r.nonResourceURLs) === JSON.stringify(row.nonResourceURLs)
          : r.apiGroups?.[0] === row.apiGroup && JSON.stringify(r.resources) === JSON.stringify(row.resources),
      );
      expect(match?.verbs, row.role).toEqual([row.verb]);
    }
  });
});

describe('urlAnatomy', () => {
  it('names every segment of a namespaced subresource path', () => {
    expect(urlAnatomy('/apis/apps/v1/namespaces/default/deployments/web/scale').segments.map((s) => s.text)).toEqual([
      'apis',
      'apps',
      'v1',
      'namespaces',
      'default',
      'deployments',
      'web',
      'scale',
    ]);
  });

  it('decodes percent-encoded segments', () => {
    expect(urlAnatomy('/api/v1/namespaces/default/configmaps/a%3Ab')).toMatchObject({ name: 'a:b' });
  });

  it('reads discovery paths as non-resource requests', () => {
    expect(urlAnatomy('/apis/apps/v1').isResource).toBe(false);
    expect(urlAnatomy('/apis/apps/v1/deployments').isResource).toBe(true);
  });
});

describe('canICommand', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', 'kcurl auth can-i list pods -n default'],
    ['GET', '/api/v1/namespaces/default/pods/web/log', 'kcurl auth can-i get pods/web --subresource=log -n default'],
    ['PATCH', '/apis/apps/v1/namespaces/dev/deployments/web', 'kcurl auth can-i patch deployments.apps/web -n dev'],
    ['GET', '/metrics', 'kcurl auth can-i get /metrics'],
  ])('%s %s', (method, path, line) => {
    expect(canICommand(permissionFor({ method, path, query: [] }), shellQuote)).toBe(line);
  });
});
