import { describe, expect, it } from 'vitest';
import { type RequestStep, nextPageStep, serverBase, stepUrl } from '../../../src/plan/request-plan.js';

const list = (query: [string, string][]): RequestStep => ({
  method: 'GET',
  path: '/api/v1/namespaces/default/pods',
  query,
  headers: [['Accept', 'application/json']],
  stream: false,
  purpose: 'list pods in namespace default',
  role: 'call',
});

describe('nextPageStep', () => {
  it('repeats a paged list with the answer’s continue, replacing an earlier one', () => {
    const first = list([
      ['labelSelector', 'app=web'],
      ['limit', '500'],
    ]);
    const second = nextPageStep(first, { metadata: { continue: 'tok1' } })!;
    expect(second.query).toEqual([
      ['labelSelector', 'app=web'],
      ['limit', '500'],
      ['continue', 'tok1'],
    ]);
    expect(second.purpose).toBe('list pods in namespace default (next page)');
    expect(nextPageStep(first, { metadata: { continue: 'tok2' } })!.query.filter(([k]) => k === 'continue')).toEqual([['continue', 'tok2']]);
    expect(first.query).toHaveLength(2);
  });

  it('ends when the answer has no continue or the list was not asked for in pages', () => {
    expect(nextPageStep(list([['limit', '500']]), { metadata: { continue: '' } })).toBeUndefined();
    expect(nextPageStep(list([['limit', '500']]), { metadata: {} })).toBeUndefined();
    expect(nextPageStep(list([['limit', '500']]), undefined)).toBeUndefined();
    expect(nextPageStep(list([]), { metadata: { continue: 'tok1' } })).toBeUndefined();
  });
});

describe('serverBase: the server URL as client-go prefixes every request path', () => {
  it.each([
    ['https://h:6443', 'https://h:6443'],
    ['https://h:6443/', 'https://h:6443'],
    ['https://h:6443///', 'https://h:6443'],
    ['https://h//p//q/', 'https://h/p/q'],
    ['https://h/a/../b/./c', 'https://h/b/c'],
    // Go decodes the path, then EscapedPath encodes it again: %2F becomes a real slash, é and space are escaped.
    ['https://h/pré fix/x%2Fy', 'https://h/pr%C3%A9%20fix/x/y'],
    ['https://h/%7e/(x)', 'https://h/~/%28x%29'],
    ['https://h/p?x=1#f', 'https://h/p'],
  ])('%s → %s', (server, base) => {
    expect(serverBase(server)).toBe(base);
    expect(stepUrl(server, { path: '/api/v1/pods', query: [] })).toBe(`${base}/api/v1/pods`);
  });
});
