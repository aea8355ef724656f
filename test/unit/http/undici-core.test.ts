// undici-core's request target: the shortcut for plain paths gives what undici's own URL parsing gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseURL } from 'undici/lib/core/util.js';
import { target } from '../../../src/http/undici-core.js';

/** What undici's top-level request() derives from a URL string. */
function parsed(url: string): { origin: string; path: string } {
  const u = parseURL(url);
  return { origin: u.origin, path: u.search ? `${u.pathname}${u.search}` : u.pathname };
}

const BASES = ['https://127.0.0.1:6443', 'https://kube.example:443', 'http://localhost:8080', 'https://u:p@h.example/prefix', 'https://H.Example:6443'];

describe('target', () => {
  it.each([
    '/api/v1/namespaces/default/pods?limit=500',
    '/api/v1/namespaces/default/configmaps/kube-root-ca.crt',
    '/api/v1/pods?watch=1&resourceVersion=10',
    '/api/v1/../v1/pods',
    '/api/v1/%2e%2E/pods',
    '/api/./v1',
    '/api/v1/pods?',
    '/api/v1/pods?a=b#frag',
    '/api/v1/pods with space',
    "/api/v1/pods?q='x'",
    '/api\\v1',
    '/api/v1/pods?labelSelector=app%3Dweb,tier+in+(a,b)',
    '//api//v1/',
    '/é',
  ])('%s is split as undici splits it', (rest) => {
    for (const base of BASES) expect(target(base + rest)).toEqual(parsed(base + rest));
  });

  it('agrees with undici for any path over a tricky alphabet', () => {
    const chars = fc.constantFrom(...'aZ09/.?%2eE#&=;:@!$()*+,~_-\'" \\|^[]{}<>`\t\né'.split(''));
    fc.assert(
      fc.property(fc.constantFrom(...BASES), fc.array(chars, { maxLength: 24 }), (base, cs) => {
        const url = `${base}/${cs.join('')}`;
        expect(target(url)).toEqual(parsed(url));
      }),
      { numRuns: 3000 },
    );
  });
});
