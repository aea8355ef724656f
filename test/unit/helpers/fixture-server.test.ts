// The fixture server used to record kubectl goldens: routing by path, Table vs JSON by Accept, .status files, 404s.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../helpers/fixture-server.mjs';
import { tempDir } from '../../helpers/temp-dir.js';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('fixture server', () => {
  let srv: FixtureServer;
  beforeAll(async () => {
    const dir = tempDir('fixture-server-');
    writeFileSync(path.join(dir, 'table.json'), '{"kind":"Table"}');
    writeFileSync(path.join(dir, 'list.json'), '{"kind":"PodList"}');
    writeFileSync(path.join(dir, 'gone.json'), '{"kind":"Status","code":410}');
    writeFileSync(path.join(dir, 'gone.json.status'), '410 application/json; charset=utf-8\n');
    srv = await startFixtureServer({
      baseDir: dir,
      routes: {
        '/api/v1/pods': { table: 'table.json', json: 'list.json' },
        '/gone': 'gone.json',
        '/inline': { body: { ok: true }, status: 201, contentType: 'application/vnd.test' },
      },
    });
  });
  afterAll(() => srv.close());

  it.each([
    ['/api/v1/pods?limit=500', TABLE_ACCEPT, 200, 'application/json', '{"kind":"Table"}'],
    ['/api/v1/pods', 'application/json', 200, 'application/json', '{"kind":"PodList"}'],
    ['/gone', 'application/json', 410, 'application/json; charset=utf-8', '{"kind":"Status","code":410}'],
    ['/inline', '*/*', 201, 'application/vnd.test', '{"ok":true}'],
  ])('GET %s (%s) → %d', async (url, accept, status, contentType, body) => {
    const res = await fetch(srv.url + url, { headers: { accept } });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe(contentType);
    expect(await res.text()).toBe(body);
  });

  it('answers unknown paths with a NotFound Status and records every request', async () => {
    const res = await fetch(`${srv.url}/apis/nothing?timeout=32s`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    expect(srv.requests.at(-1)).toMatchObject({ method: 'GET', url: '/apis/nothing?timeout=32s' });
  });
});
