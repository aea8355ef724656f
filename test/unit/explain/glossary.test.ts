// The header glossary as a table: the meaning chosen for a header depends on its value (the Table Accept, the
// patch Content-Types) and, for Content-Type, on the method.
import { describe, expect, it } from 'vitest';
import { QUERY_GLOSSARY, headerMeaning } from '../../../src/explain/glossary.js';
import { ACCEPT } from '../../../src/plan/request-plan.js';

describe('headerMeaning', () => {
  it.each([
    ['Accept', ACCEPT.table, 'GET', /drop this header and the same URL returns the full objects/],
    ['Accept', ACCEPT.json, 'GET', /^wants JSON$/],
    ['Accept', 'application/vnd.kubernetes.protobuf,application/json', 'GET', /protobuf/],
    ['Content-Type', 'application/strategic-merge-patch+json', 'PATCH', /strategic merge patch/],
    ['Content-Type', 'application/merge-patch+json', 'PATCH', /RFC 7386/],
    ['Content-Type', 'application/json-patch+json', 'PATCH', /RFC 6902/],
    ['Content-Type', 'application/apply-patch+yaml', 'PATCH', /server-side apply/],
    ['Content-Type', 'application/json', 'POST', /JSON object/],
    ['Impersonate-User', 'jane', 'GET', /impersonate verb/],
  ])('%s: %s (%s)', (name, value, method, meaning) => {
    expect(headerMeaning(name, value, method)).toMatch(meaning);
  });

  it('knows nothing of headers outside the glossary', () => {
    expect(headerMeaning('X-Custom', 'v', 'GET')).toBe('');
  });
});

describe('QUERY_GLOSSARY', () => {
  it.each([
    'limit',
    'continue',
    'labelSelector',
    'fieldSelector',
    'watch',
    'resourceVersion',
    'fieldManager',
    'fieldValidation',
    'dryRun',
    'propagationPolicy',
  ])('explains %s', (param) => {
    expect(QUERY_GLOSSARY[param]).toBeTruthy();
  });
});
