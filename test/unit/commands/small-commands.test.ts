// create token, auth can-i, get --raw and api-resources without a server: the requests they plan and
// the checks they make before sending anything.
import { describe, expect, it } from 'vitest';
import { accessReviewBody, accessReviewStep } from '../../../src/commands/auth/can-i.js';
import { apiResourcesOptions, printApiResources, selectApiResources } from '../../../src/commands/api-resources/run.js';
import { apiVersionsFromRoots } from '../../../src/commands/api-versions/run.js';
import { createTokenOptions, planCreateToken, tokenRequestBody, tokenResponse } from '../../../src/commands/create/token.js';
import { rawStep } from '../../../src/commands/get/raw.js';
import type { ApiResource } from '../../../src/kube/resources.js';
import { requestTarget } from '../../../src/plan/request-plan.js';
import { commandOptions } from '../../../src/cli/spec.js';
import { CREATE_TOKEN_FLAGS, type CreateTokenFlags } from '../../../src/commands/create/flags.js';
import { API_RESOURCES_FLAGS, type ApiResourcesFlags } from '../../../src/commands/api-resources/flags.js';

describe('create token', () => {
  const o = (args: string[], flags: Partial<CreateTokenFlags> = {}) =>
    createTokenOptions(['token', ...args], commandOptions(CREATE_TOKEN_FLAGS, flags), 'team');

  it('sends the TokenRequest client-go encodes, unset spec fields as null', () => {
    expect(JSON.parse(tokenRequestBody(o(['builder'])))).toEqual({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { audiences: null, expirationSeconds: null, boundObjectRef: null },
      status: { token: '', expirationTimestamp: null },
    });
  });

  it('puts duration, audiences and the bound object in the spec', () => {
    const body = JSON.parse(
      tokenRequestBody(o(['builder'], { duration: '1h', audience: ['a', 'b'], boundObjectKind: 'Pod', boundObjectName: 'p', boundObjectUid: 'u-1' })),
    );
    expect(body.spec).toEqual({ audiences: ['a', 'b'], expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u-1' } });
  });

  it('POSTs to the service account token subresource, noting that kubectl sends protobuf', () => {
    const plan = planCreateToken(o(['builder']));
    expect(plan.steps[0].method).toBe('POST');
    expect(plan.steps[0].path).toBe('/api/v1/namespaces/team/serviceaccounts/builder/token');
    expect(plan.steps[0].query).toEqual([]);
    expect(plan.notes?.[0]).toMatch(/protobuf/);
  });

  it.each([
    [[], {}, /^exactly one NAME is required, got 0$/],
    [['a', 'b'], {}, /^exactly one NAME is required, got 2$/],
    [['a'], { duration: '1.5s' }, /^--duration cannot be expressed in units less than seconds$/],
    [['a'], { duration: '-1s' }, /^--duration must be greater than or equal to 0$/],
    [['a'], { audience: [''] }, /^--audience must not be an empty string$/],
    [['a'], { boundObjectName: 'x' }, /^--bound-object-name can only be set if --bound-object-kind is provided$/],
    [['a'], { boundObjectUid: 'x' }, /^--bound-object-uid can only be set if --bound-object-kind is provided$/],
    [['a'], { boundObjectKind: 'Deployment' }, /^supported --bound-object-kind values are Node, Pod, Secret$/],
    [['a'], { boundObjectKind: 'Pod' }, /^--bound-object-name is required if --bound-object-kind is provided$/],
    [['a'], { output: 'wide' }, /unable to match a printer suitable for the output format "wide"/],
  ])('refuses %j %j', (args, flags, message) => {
    expect(() => o(args as string[], flags)).toThrow(message);
  });

  it.each([
    [
      'an HTML page',
      'text/html; charset=utf-8',
      '<!DOCTYPE html>\n<html><head><title>Sign in</title>',
      'text/html starting "<!DOCTYPE html> <html><head><title>Sign in</title>"',
    ],
    ['an empty answer', '', '', 'with an empty body'],
    ['a JSON string', 'application/json', '"ok"', 'application/json starting "\\"ok\\""'],
  ])('says in one line that %s is not an answer of a Kubernetes API server', (_name, type, body, what) => {
    const path = '/api/v1/namespaces/team/serviceaccounts/a/token';
    let message = '';
    try {
      tokenResponse({ status: 200, headers: type ? { 'content-type': type } : {}, body }, path);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`failed to create token: the server answered POST ${path} (200) with ${what}`);
    expect(message).toContain('it is probably not a Kubernetes API server or kcurl proxy');
    expect(message).not.toContain('\n');
  });

  it('reads the TokenRequest of a JSON answer', () => {
    expect(tokenResponse({ status: 201, headers: {}, body: '{"status":{"token":"t"}}' }, '/p').status?.token).toBe('t');
  });
});

describe('auth can-i', () => {
  it('sends a SelfSubjectAccessReview with only the attributes that are set', () => {
    expect(JSON.parse(accessReviewBody({ verb: 'list', resource: { group: '', resource: 'pods', namespace: 'default', subresource: '' } }))).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
      status: { allowed: false },
    });
    const full = JSON.parse(
      accessReviewBody({ verb: 'get', resource: { group: 'apps', resource: 'deployments', subresource: 'scale', name: 'web', namespace: 'x' } }),
    );
    expect(Object.keys(full.spec.resourceAttributes)).toEqual(['namespace', 'verb', 'group', 'resource', 'subresource', 'name']);
  });

  it('sends a non-resource URL as nonResourceAttributes', () => {
    expect(JSON.parse(accessReviewBody({ verb: 'get', nonResourceURL: '/healthz' })).spec).toEqual({
      nonResourceAttributes: { path: '/healthz', verb: 'get' },
    });
    expect(accessReviewStep({ verb: 'get', nonResourceURL: '/healthz' }).path).toBe('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
  });
});

describe('get --raw', () => {
  it.each([
    ['/api', '/api'],
    ['/api/v1/namespaces/default/pods/', '/api/v1/namespaces/default/pods/'],
    // Go re-encodes the query with sorted keys (repeated keys keep their order) and re-escapes the path.
    ['/api/v1/pods?b=2&a=1&a=0', '/api/v1/pods?a=1&a=0&b=2'],
    ['/api/v1/namespaces/x y/pods', '/api/v1/namespaces/x%20y/pods'],
    ['/api/v1/pods?labelSelector=app%3Dweb', '/api/v1/pods?labelSelector=app%3Dweb'],
  ])('%s is sent as %s', (uri, expected) => {
    expect(requestTarget(rawStep(uri))).toBe(expected);
  });

  it('refuses a path that is not absolute, as kubectl does', () => {
    expect(() => rawStep('api')).toThrow(/^--raw must be a valid URL path: parse "api": invalid URI for request$/);
  });
});

const res = (group: string, version: string, resource: string, kind: string, o: Partial<ApiResource> = {}): ApiResource => ({
  group,
  version,
  resource,
  kind,
  namespaced: true,
  shortNames: [],
  singularName: kind.toLowerCase(),
  verbs: ['get', 'list'],
  categories: [],
  ...o,
});

describe('api-resources', () => {
  const all = [
    res('', 'v1', 'pods', 'Pod', { shortNames: ['po'], categories: ['all'] }),
    res('', 'v1', 'namespaces', 'Namespace', { namespaced: false, verbs: ['get', 'list', 'watch'] }),
    res('', 'v1', 'bindings', 'Binding', { verbs: [] }),
    res('apps', 'v1', 'deployments', 'Deployment', { shortNames: ['deploy'], verbs: ['get', 'list', 'watch'] }),
    res('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', { shortNames: ['hpa'] }),
    res('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', { shortNames: ['hpa'] }),
    res('autoscaling', 'v1', 'onlyinv1', 'OnlyInV1'),
    res('events.k8s.io', 'v1', 'events', 'Event'),
  ];
  // Core resources come first in discovery order.
  all.splice(2, 0, res('', 'v1', 'events', 'Event'));
  const o = (flags: Partial<ApiResourcesFlags> = {}) => apiResourcesOptions([], commandOptions(API_RESOURCES_FLAGS, flags));
  const names = (flags: Record<string, unknown> = {}) => selectApiResources(all, o(flags)).map((r) => `${r.resource}.${r.group}/${r.version}`);

  it('lists each group resource once, from its preferred version, without verb-less ones, sorted by group then name', () => {
    expect(names()).toEqual([
      'events./v1',
      'namespaces./v1',
      'pods./v1',
      'deployments.apps/v1',
      'horizontalpodautoscalers.autoscaling/v2',
      'onlyinv1.autoscaling/v1',
      'events.events.k8s.io/v1',
    ]);
  });

  it('filters by --api-group, --namespaced, --verbs and --categories', () => {
    expect(names({ apiGroup: 'apps' })).toEqual(['deployments.apps/v1']);
    expect(names({ apiGroup: '' })).toEqual(['events./v1', 'namespaces./v1', 'pods./v1']);
    expect(names({ namespaced: false })).toEqual(['namespaces./v1']);
    expect(names({ verbs: ['watch'] })).toEqual(['namespaces./v1', 'deployments.apps/v1']);
    expect(names({ categories: ['all'] })).toEqual(['pods./v1']);
  });

  it('sorts by name or kind with ties in discovery order', () => {
    expect(names({ sortBy: 'name' }).slice(0, 3)).toEqual(['deployments.apps/v1', 'events./v1', 'events.events.k8s.io/v1']);
    expect(names({ sortBy: 'kind' })[0]).toBe('deployments.apps/v1');
  });

  it('prints kubectl columns, wide with verbs and categories, and group-qualified names', () => {
    const picked = selectApiResources(all, o({ apiGroup: 'apps' }));
    expect(printApiResources(picked, o())).toBe(
      'NAME          SHORTNAMES   APIVERSION   NAMESPACED   KIND\ndeployments   deploy       apps/v1      true         Deployment\n',
    );
    expect(printApiResources(picked, o({ output: 'wide', noHeaders: true }))).toBe('deployments   deploy   apps/v1   true   Deployment   get,list,watch   \n');
    expect(printApiResources(picked, o({ output: 'name' }))).toBe('deployments.apps\n');
  });

  it.each([
    [{ output: 'json' }, /^--output json is not available$/],
    [{ sortBy: 'age' }, /^--sort-by accepts only name or kind$/],
  ])('refuses %j', (flags, message) => {
    expect(() => o(flags)).toThrow(message);
  });
});

describe('api-versions', () => {
  it('lists every group-version of plain and aggregated discovery, sorted', () => {
    const versions = apiVersionsFromRoots([
      { path: '/api', contentType: 'application/json', body: JSON.stringify({ kind: 'APIVersions', versions: ['v1'] }) },
      {
        path: '/apis',
        contentType: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
        body: JSON.stringify({
          kind: 'APIGroupDiscoveryList',
          items: [
            { metadata: { name: 'autoscaling' }, versions: [{ version: 'v2' }, { version: 'v1' }] },
            { metadata: { name: 'apps' }, versions: [{ version: 'v1' }] },
          ],
        }),
      },
    ]);
    expect(versions).toEqual(['apps/v1', 'autoscaling/v1', 'autoscaling/v2', 'v1']);
  });
});

describe('auth can-i --list', () => {
  it('breaks the rules down, merges verbs of one resource, sorts like kubectl and prints its table', async () => {
    const { printRulesReview } = await import('../../../src/commands/auth/can-i.js');
    const text = printRulesReview(
      {
        resourceRules: [
          { verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods/log', 'deployments'] },
          { verbs: ['watch'], apiGroups: [''], resources: ['pods/log'] },
          { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a', 'b'] },
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
        ],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/api'] }],
      },
      false,
    );
    expect(text).toBe(
      [
        'Resources          Non-Resource URLs   Resource Names   Verbs',
        '*.*                []                  []               [*]',
        // PolicyRule.String() starts with the verbs: "[get list watch]" < "[get list]" < "[get]".
        'pods/log           []                  []               [get list watch]',
        'deployments        []                  []               [get list]',
        'deployments.apps   []                  []               [get list]',
        'pods.apps/log      []                  []               [get list]',
        '                   [/api]              []               [get]',
        '                   [/healthz]          []               [get]',
        'secrets            []                  [a]              [get]',
        'secrets            []                  [b]              [get]',
        '',
      ].join('\n'),
    );
  });
});
