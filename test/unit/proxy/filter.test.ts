// kubectl proxy's filter and routing (pkg/proxy/proxy_server.go), discovery labels, replay matching
// and the comparison that ignores volatile fields.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanPath } from '../../../src/plan/request-plan.js';
import {
  DEFAULT_ACCEPT_HOSTS,
  DEFAULT_ACCEPT_PATHS,
  DEFAULT_REJECT_METHODS,
  DEFAULT_REJECT_PATHS,
  accepts,
  admit,
  cleanHttpPath,
  extractHost,
  regexpArray,
  route,
  unescapePath,
} from '../../../src/proxy/filter.js';
import { canonicalHeader, requestLabel } from '../../../src/proxy/report.js';
import { isStreamingTarget } from '../../../src/proxy/server.js';
import { compareBodies } from '../../../src/record/compare.js';
import { matchKey, nearest } from '../../../src/record/serve.js';
import { validateProxyFlags, proxyFlags } from '../../../src/commands/proxy/run.js';
import { formatError } from '../../../src/errors.js';
import { commandOptions } from '../../../src/cli/spec.js';
import { PROXY_FLAGS } from '../../../src/commands/proxy/flags.js';

const defaults = {
  acceptHosts: regexpArray('accept-hosts', DEFAULT_ACCEPT_HOSTS),
  acceptPaths: regexpArray('accept-paths', DEFAULT_ACCEPT_PATHS),
  rejectPaths: regexpArray('reject-paths', DEFAULT_REJECT_PATHS),
  rejectMethods: regexpArray('reject-methods', DEFAULT_REJECT_METHODS),
};

describe('default filter', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', 'localhost', true],
    ['GET', '/api/v1/namespaces/default/pods', '127.0.0.1', true],
    ['GET', '/api/v1/namespaces/default/pods', '[::1]', true],
    ['GET', '/api/v1/namespaces/default/pods', 'evil.com', false],
    ['POST', '/api/v1/namespaces/default/pods/nginx/exec', '127.0.0.1', false],
    ['GET', '/api/v1/namespaces/default/pods/nginx/attach', '127.0.0.1', false],
    ['GET', '/api/v1/namespaces/default/pods/nginx/portforward', '127.0.0.1', true],
    ['DELETE', '/api/v1/namespaces/default/pods/nginx', '127.0.0.1', true],
  ])('%s %s from %s → %s', (method, path, host, want) => {
    expect(accepts(defaults, method, path, host)).toBe(want);
  });

  it('--reject-methods rejects matching methods even on accepted paths', () => {
    expect(accepts({ ...defaults, rejectMethods: regexpArray('reject-methods', 'POST,PUT,PATCH') }, 'PATCH', '/api/v1/x', 'localhost')).toBe(false);
  });

  it('an invalid expression is a usage error naming the flag', () => {
    expect(() => regexpArray('accept-paths', '^(unclosed')).toThrow('invalid --accept-paths regular expression "^(unclosed"');
  });
});

describe('extractHost (net.SplitHostPort)', () => {
  it.each([
    ['localhost:8001', 'localhost'],
    ['127.0.0.1:8001', '127.0.0.1'],
    ['localhost', 'localhost'],
    ['[::1]:8001', '::1'],
    ['[::1]', '[::1]'],
    ['evil.com:80', 'evil.com'],
  ])('%s → %s', (header, host) => {
    expect(extractHost(header)).toBe(host);
  });
});

describe('route', () => {
  it.each([
    ['/api/v1/pods', '/', undefined, { kind: 'api', path: '/api/v1/pods' }],
    ['/custom/api/v1/pods', '/custom/', undefined, { kind: 'api', path: '/api/v1/pods' }],
    ['/api/v1/pods', '/custom/', undefined, { kind: 'not-found' }],
    ['/api/v1/pods', '/api/', undefined, { kind: 'api', path: '/api/v1/pods' }],
    ['/static/index.html', '/', '/static/', { kind: 'static', path: 'index.html' }],
    ['/static/index.html', '/', undefined, { kind: 'api', path: '/static/index.html' }],
    // The longer prefix wins; on a tie the API's (ServeMux registers the same pattern once).
    ['/static/index.html', '/static/x/', '/static/', { kind: 'static', path: 'index.html' }],
    ['/static/x/index.html', '/static/x/', '/static/', { kind: 'api', path: '/index.html' }],
    ['/static/index.html', '/static/', '/static/', { kind: 'api', path: '/index.html' }],
    ['/other', '/custom/', '/static/', { kind: 'not-found' }],
  ])('%s with --api-prefix=%s --www-prefix=%s', (path, api, www, want) => {
    expect(route(path, api, www)).toEqual(want);
  });
});

describe('cleanPath (net/http cleanPath)', () => {
  it.each([
    ['', '/'],
    ['/', '/'],
    ['/api/v1/pods', '/api/v1/pods'],
    ['/x/../api/v1', '/api/v1'],
    ['//api//v1/', '/api/v1/'],
    ['/api/v1/./pods', '/api/v1/pods'],
    ['/api/v1/namespaces/..', '/api/v1'],
    ['/../..', '/'],
    ['/a/b/../', '/a/'],
    ['api', '/api'],
    ['/a/.b/..c/', '/a/.b/..c/'],
    ['/a/.', '/a'],
    ['/a/..', '/'],
    ['/a/./', '/a/'],
  ])('%j → %s', (p, want) => {
    expect(cleanHttpPath(p)).toBe(want);
  });

  it('gives what the general cleanPath gives for any path (the already-clean shortcut changes nothing)', () => {
    const segment = fc.constantFrom('', '.', '..', 'a', '.b', 'c..', '...', 'api', 'v1');
    const path = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 8 })).map(([rooted, segs]) => (rooted ? '/' : '') + segs.join('/'));
    fc.assert(fc.property(path, (p) => cleanHttpPath(p) === cleanPath(p, true)));
  });
});

describe('unescapePath (url.PathUnescape)', () => {
  it.each([
    ['/api/v1/pods', '/api/v1/pods'],
    ['/pods/p/%65xec', '/pods/p/exec'],
    ['/pods%2Fp', '/pods/p'],
    ['/%2e%2e/x', '/../x'],
    ['/a+b', '/a+b'],
    ['/caf%C3%A9', '/café'],
    ['/%zz', undefined],
    ['/%4', undefined],
  ])('%s → %s', (raw, want) => {
    expect(unescapePath(raw)).toBe(want);
  });
});

describe('admit: Go ServeMux, then FilterServer on the decoded path', () => {
  const opts = { filter: defaults, apiPrefix: '/' };
  const at = (target: string, extra: { method?: string; host?: string; origin?: string } = {}) =>
    admit(opts, {
      method: extra.method ?? 'GET',
      target,
      host: extra.host ?? '127.0.0.1:8001',
      ...(extra.origin !== undefined ? { origin: extra.origin } : {}),
    });
  it.each([
    ['/api/v1/namespaces/default/pods', {}, { kind: 'api', target: '/api/v1/namespaces/default/pods' }],
    ['/api/v1/pods?watch=1&x=%2F', {}, { kind: 'api', target: '/api/v1/pods?watch=1&x=%2F' }],
    ['/x/../api/v1/namespaces/default/pods/p/exec', {}, { kind: 'redirect', location: '/api/v1/namespaces/default/pods/p/exec' }],
    ['//api/v1/pods?x=1', {}, { kind: 'redirect', location: '/api/v1/pods?x=1' }],
    ['/api/v1/pods/./p?', {}, { kind: 'redirect', location: '/api/v1/pods/p' }],
    ['/x/../a%20b', {}, { kind: 'redirect', location: '/a%20b' }],
    ['/api/v1/namespaces/default/pods/p/%65xec', {}, { kind: 'forbidden', why: 'the path matches --reject-paths' }],
    ['/api/v1/namespaces/default/pods%2Fp%2Fattach', {}, { kind: 'forbidden', why: 'the path matches --reject-paths' }],
    ['/x/%2e%2e/api/v1/namespaces/default/pods/p/exec', {}, { kind: 'forbidden', why: 'the path matches --reject-paths' }],
    ['/api/v1/namespaces/default/pods/p/%zz', {}, { kind: 'bad-request' }],
    ['*', {}, { kind: 'bad-request' }],
    ['http://evil.com/api/v1/pods', {}, { kind: 'forbidden', why: 'the host "evil.com" does not match --accept-hosts' }],
    ['http://localhost:8001/api/v1/pods', { host: 'evil.com' }, { kind: 'api', target: '/api/v1/pods' }],
    ['/api/v1/pods', { host: 'evil.com:8001' }, { kind: 'forbidden', why: 'the host "evil.com" does not match --accept-hosts' }],
    ['/api/v1/pods', { origin: 'http://localhost:8001' }, { kind: 'api', target: '/api/v1/pods' }],
    ['/api/v1/pods', { origin: 'http://[::1]:8001' }, { kind: 'api', target: '/api/v1/pods' }],
    ['/api/v1/pods', { origin: 'https://evil.com' }, { kind: 'forbidden', why: 'the origin "https://evil.com" does not match --accept-hosts' }],
    ['/api/v1/pods', { origin: 'null' }, { kind: 'forbidden', why: 'the origin "null" does not match --accept-hosts' }],
  ])('%s %j', (target, extra, want) => {
    expect(at(target, extra)).toEqual(want);
  });

  it('with --disable-filter only the ServeMux rules remain', () => {
    const open = { apiPrefix: '/' };
    expect(admit(open, { method: 'GET', target: '/api/v1/namespaces/default/pods/p/exec', host: 'evil.com', origin: 'http://evil.com' })).toEqual({
      kind: 'api',
      target: '/api/v1/namespaces/default/pods/p/exec',
    });
    expect(admit(open, { method: 'GET', target: '/x/../api', host: 'evil.com' })).toEqual({ kind: 'redirect', location: '/api' });
  });

  it('routes by prefix, redirecting the bare prefix to its subtree, and filters the path after the prefix', () => {
    const prefixed = { filter: defaults, apiPrefix: '/k8s/', staticPrefix: '/ui/' };
    const req = (target: string) => admit(prefixed, { method: 'GET', target, host: 'localhost' });
    expect(req('/k8s')).toEqual({ kind: 'redirect', location: '/k8s/' });
    expect(req('/ui?x=1')).toEqual({ kind: 'redirect', location: '/ui/?x=1' });
    expect(req('/k8s/api/v1/pods')).toEqual({ kind: 'api', target: '/api/v1/pods' });
    expect(req('/k8s/api/v1/namespaces/d/pods/p/%65xec')).toEqual({ kind: 'forbidden', why: 'the path matches --reject-paths' });
    expect(req('/ui/index.html')).toEqual({ kind: 'static', path: 'index.html' });
    expect(req('/elsewhere')).toEqual({ kind: 'not-found' });
  });
});

describe('proxy flags', () => {
  it('refuses a non-loopback address unless --accept-hosts is given', () => {
    const f = proxyFlags(commandOptions(PROXY_FLAGS, { port: 8001, address: '0.0.0.0' }));
    let err: unknown;
    try {
      validateProxyFlags(f, new Set(['address']));
    } catch (e) {
      err = e;
    }
    expect(formatError(err)).toMatch(/^error: refusing to serve on 0\.0\.0\.0, which is not a loopback address: .*; pass --accept-hosts/);
    expect(
      validateProxyFlags(
        proxyFlags(commandOptions(PROXY_FLAGS, { port: 8001, address: '0.0.0.0', acceptHosts: '^myhost$' })),
        new Set(['address', 'accept-hosts']),
      )?.acceptHosts.map(String),
    ).toEqual(['/^myhost$/']);
  });

  it('--disable-filter returns no filter', () => {
    expect(validateProxyFlags(proxyFlags(commandOptions(PROXY_FLAGS, { port: 8001, disableFilter: true })), new Set())).toBeUndefined();
  });
});

describe('labels and streams', () => {
  it.each([
    ['GET', '/api?timeout=32s', 'discovery'],
    ['GET', '/apis', 'discovery'],
    ['GET', '/apis/apps/v1', 'discovery'],
    ['GET', '/api/v1', 'discovery'],
    ['GET', '/openapi/v3/apis/apps/v1', 'openapi'],
    ['GET', '/version', 'version'],
    ['GET', '/api/v1/pods', undefined],
    ['POST', '/api', undefined],
  ])('%s %s → %s', (method, target, label) => {
    expect(requestLabel(method, target)).toBe(label);
  });

  it.each([
    ['/api/v1/pods?watch=true', true],
    ['/api/v1/pods?watch=1&resourceVersion=5', true],
    ['/api/v1/namespaces/d/pods/p/log?follow=true', true],
    ['/api/v1/watch/pods', true],
    ['/api/v1/pods?limit=500', false],
  ])('%s streams: %s', (target, want) => {
    expect(isStreamingTarget(target)).toBe(want);
  });

  it('canonicalises header names like Go', () => {
    expect(canonicalHeader('kubectl-command')).toBe('Kubectl-Command');
    expect(canonicalHeader('ACCEPT')).toBe('Accept');
  });
});

describe('replay matching', () => {
  it('matches query parameters in any order', () => {
    expect(matchKey('get', '/api/v1/pods?limit=500&labelSelector=a%3Db')).toBe(matchKey('GET', '/api/v1/pods?labelSelector=a%3Db&limit=500'));
    expect(matchKey('GET', '/api/v1/pods?limit=500')).not.toBe(matchKey('GET', '/api/v1/pods?limit=50'));
    expect(matchKey('GET', '/api/v1/namespaces/a%2Db/pods')).toBe(matchKey('GET', '/api/v1/namespaces/a-b/pods'));
  });

  it('matches a path with a malformed escape as sent instead of throwing', () => {
    expect(matchKey('GET', '/api/v1/pods%zz?limit=1')).toBe('GET /api/v1/pods%zz?limit=1');
  });

  it('names the nearest recorded request', () => {
    const recorded = [
      { method: 'GET', target: '/api/v1/namespaces/default/pods?limit=500', key: '' },
      { method: 'GET', target: '/apis?timeout=32s', key: '' },
      { method: 'POST', target: '/api/v1/namespaces/default/services', key: '' },
    ];
    expect(nearest('GET', '/api/v1/namespaces/default/services?limit=500', recorded)?.target).toBe('/api/v1/namespaces/default/pods?limit=500');
    expect(nearest('POST', '/api/v1/namespaces/default/pods', recorded)?.target).toBe('/api/v1/namespaces/default/services');
  });
});

describe('compareBodies', () => {
  const pod = (rv: string, name: string, extra: object = {}) =>
    JSON.stringify({
      kind: 'Pod',
      metadata: { name, generateName: 'web-', uid: rv, resourceVersion: rv, creationTimestamp: rv, managedFields: [{ time: rv }] },
      ...extra,
    });
  it('ignores resourceVersion, uid, timestamps, managedFields and generated name suffixes', () => {
    expect(compareBodies(pod('1', 'web-abcde'), pod('2', 'web-xyz12'))).toEqual({ same: true, differences: [] });
  });
  it('reports the paths that differ', () => {
    expect(compareBodies(pod('1', 'web-a', { spec: { x: 1 } }), pod('2', 'web-a', { spec: { x: 2 } })).differences).toEqual(['.spec.x: 1 → 2']);
  });
  it('ignores the Age column of Tables', () => {
    const table = (age: string, name: string) =>
      JSON.stringify({ kind: 'Table', columnDefinitions: [{ name: 'Name' }, { name: 'Age' }], rows: [{ cells: [name, age] }] });
    expect(compareBodies(table('5s', 'a'), table('3m', 'a')).same).toBe(true);
    expect(compareBodies(table('5s', 'a'), table('5s', 'b')).same).toBe(false);
  });
});
