import { describe, expect, it } from 'vitest';
import { type RequestStep, nextPageStep } from '../../../src/plan/request-plan.js';

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
    const first = list([['labelSelector', 'app=web'], ['limit', '500']]);
    const second = nextPageStep(first, { metadata: { continue: 'tok1' } })!;
    expect(second.query).toEqual([['labelSelector', 'app=web'], ['limit', '500'], ['continue', 'tok1']]);
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
