// The executor's request headers: impersonation values go on the wire as the UTF-8 bytes kubectl sends, and a
// header value with a control character stops the request with kubectl's words, never showing the value.
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createExecutor, networkError } from '../../../src/http/execute.js';
import { createUndiciTransport } from '../../../src/http/undici-transport.js';
import { testIo } from '../../../src/io.js';
import { Secret } from '../../../src/kube/secret.js';
import type { RequestStep } from '../../../src/plan/request-plan.js';
import { kindCredentials } from '../../helpers/credentials.js';

const step: RequestStep = {
  method: 'GET',
  path: '/api/v1/namespaces',
  query: [],
  headers: [['Accept', 'application/json']],
  stream: false,
  purpose: 'list',
  role: 'call',
};

function agent(seen: Record<string, string>[]) {
  const mock = new MockAgent();
  mock.disableNetConnect();
  mock
    .get('https://127.0.0.1:6443')
    .intercept({ path: '/api/v1/namespaces', method: 'GET' })
    .reply((opts) => {
      seen.push(opts.headers as Record<string, string>);
      return { statusCode: 200, data: '{}' };
    });
  return mock;
}

describe('executor headers', () => {
  it('a non-ASCII --as is sent as its UTF-8 bytes (as kubectl sends it), not refused', async () => {
    const seen: Record<string, string>[] = [];
    const creds = kindCredentials({ impersonate: { user: 'jané', groups: ['grüppe'], extra: {} } });
    const ex = createExecutor(testIo(), creds, { verbosity: 0, userAgent: 'kcurl-test', transport: createUndiciTransport(creds, { dispatcher: agent(seen) }) });
    const res = await ex.send(step);
    expect(res.status).toBe(200);
    expect(Buffer.from(seen[0]['impersonate-user'], 'latin1').toString('utf8')).toBe('jané');
  });

  it("a token with a line break stops the request with net/http's words and without the token", async () => {
    const creds = kindCredentials({ token: { value: new Secret('secret\r\nX-Evil: 1'), source: { kind: 'flag', flag: '--token' } } });
    const ex = createExecutor(testIo(), creds, { verbosity: 0, userAgent: 'kcurl-test', transport: createUndiciTransport(creds, { dispatcher: agent([]) }) });
    const err = await ex.send(step).catch((e: Error) => e);
    expect((err as Error).message).toBe('net/http: invalid header field value for "Authorization": it holds a line break or control character');
    expect(String(err)).not.toContain('secret');
  });
});

describe("connection refused at kubectl's default server", () => {
  it('names the kubeconfig cluster that has no server', () => {
    const creds = kindCredentials({ origin: 'none', server: { value: 'http://localhost:8080', source: { kind: 'default' } } });
    const err = networkError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED' }), creds, 0);
    expect(err.message).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    expect(err.hint).toBe(
      'cluster "kind-kind" in the kubeconfig has no server, so kubectl\'s default http://localhost:8080 was used; set clusters[].cluster.server (or pass --server)',
    );
  });
});
