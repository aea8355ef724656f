// OpenAPI v3 reads as kubectl makes them with a warm cache: the index always (If-Modified-Since once cached,
// a 304 reuses the copy), hash-addressed group-version documents only once.
import { describe, expect, it } from 'vitest';
import { testIo } from '../../../../src/io.js';
import { loadOpenApiDocuments, type OpenApiResponse } from '../../../../src/kube/strategic-merge/openapi-fetch.js';
import { requestTarget, type RequestStep } from '../../../../src/plan/request-plan.js';

const INDEX = JSON.stringify({
  paths: { 'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=ABC' }, 'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=DEF' } },
});
const LAST_MODIFIED = 'Thu, 26 Nov 2026 01:31:23 GMT';

function fakeServer() {
  const seen: string[] = [];
  const send = async (step: RequestStep): Promise<OpenApiResponse> => {
    const ims = step.headers.find(([k]) => k === 'If-Modified-Since')?.[1];
    seen.push(`${requestTarget(step)}${ims ? ` (If-Modified-Since: ${ims})` : ''} Accept: ${step.headers.find(([k]) => k === 'Accept')?.[1]}`);
    if (step.path === '/openapi/v3') {
      if (ims === LAST_MODIFIED) return { status: 304, headers: {}, body: '' };
      return { status: 200, headers: { 'last-modified': LAST_MODIFIED }, body: INDEX };
    }
    return { status: 200, headers: {}, body: JSON.stringify({ doc: step.path }) };
  };
  return { seen, send };
}

describe('OpenAPI v3 with a cache', () => {
  it('asks for the index every time, each document once', async () => {
    const io = testIo({ homedir: '/home/u', env: {} });
    const server = fakeServer();
    const opts = { io, server: 'https://127.0.0.1:6443', send: server.send, cacheDir: '/cache' };
    const first = await loadOpenApiDocuments(opts, [
      ['', 'v1'],
      ['apps', 'v1'],
      ['', 'v1'],
    ]);
    expect([...first.keys()]).toEqual(['api/v1', 'apis/apps/v1']);
    expect(server.seen).toEqual([
      '/openapi/v3?timeout=32s Accept: application/json, */*',
      '/openapi/v3/api/v1?hash=ABC&timeout=32s Accept: application/json',
      '/openapi/v3/apis/apps/v1?hash=DEF&timeout=32s Accept: application/json',
    ]);
    server.seen.length = 0;
    const second = await loadOpenApiDocuments(opts, [['apps', 'v1']]);
    expect(second.get('apis/apps/v1')).toEqual({ doc: '/openapi/v3/apis/apps/v1' });
    expect(server.seen).toEqual([`/openapi/v3?timeout=32s (If-Modified-Since: ${LAST_MODIFIED}) Accept: application/json, */*`]);
    expect([...io.files.keys()].every((f) => f.startsWith('/cache/kcurl-openapi/127.0.0.1_6443/'))).toBe(true);
  });

  it('no OpenAPI v3 on the server: no documents, no error (kubectl carries on)', async () => {
    const send = async (): Promise<OpenApiResponse> => ({ status: 404, headers: {}, body: '404 page not found\n' });
    const docs = await loadOpenApiDocuments({ io: testIo(), server: 'https://h:1', send, cacheDir: '/c' }, [['', 'v1']]);
    expect(docs.size).toBe(0);
  });
});
