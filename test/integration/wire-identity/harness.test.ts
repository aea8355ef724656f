// The wire-identity harness itself: its comparisons catch each kind of difference, tolerate only the
// documented ones, and its proxy passes streamed responses through as they arrive.
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCert } from '../../../src/pki/pki.js';
import { encodeProtobufEnvelope, lenField } from '../../../src/protobuf/codec.js';
import { startRecordingProxy, type ProxiedExchange, type RecordingProxy } from '../../helpers/recording-proxy.js';
import { startRecordingServer, type RecordingServer, type StreamHandle } from '../../helpers/recording-server.js';
import { compareSequences, isDiscovery, normaliseText, splitSnippet, wireRequests, type WireRow } from './harness.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

function exchange(
  target: string,
  o: { method?: string; accept?: string; contentType?: string; body?: string | Buffer; response?: string } = {},
): ProxiedExchange {
  const q = target.indexOf('?');
  const headers: [string, string][] = [];
  if (o.accept) headers.push(['Accept', o.accept]);
  if (o.contentType) headers.push(['Content-Type', o.contentType]);
  return {
    method: o.method ?? 'GET',
    target,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? [] : [...new URLSearchParams(target.slice(q + 1))],
    headers,
    body: Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body ?? ''),
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(o.response ?? ''), finished: true },
    done: Promise.resolve(),
  };
}

const diff = (a: ProxiedExchange[], b: ProxiedExchange[], row: Partial<WireRow> = {}) =>
  compareSequences(wireRequests(a, row as WireRow, 'a'), wireRequests(b, row as WireRow, 'b'), row as WireRow, 'a', 'b');

describe('request comparison', () => {
  const base = exchange('/api/v1/namespaces/x/pods?limit=500&labelSelector=app%3Dweb', { accept: TABLE });

  it('accepts the same request with its query parameters in another order', () => {
    expect(diff([base], [exchange('/api/v1/namespaces/x/pods?labelSelector=app%3Dweb&limit=500', { accept: TABLE })])).toEqual([]);
  });

  it.each([
    ['path', exchange('/api/v1/namespaces/y/pods?limit=500&labelSelector=app%3Dweb', { accept: TABLE })],
    ['query value', exchange('/api/v1/namespaces/x/pods?limit=501&labelSelector=app%3Dweb', { accept: TABLE })],
    ['missing query parameter', exchange('/api/v1/namespaces/x/pods?labelSelector=app%3Dweb', { accept: TABLE })],
    ['Accept', exchange('/api/v1/namespaces/x/pods?limit=500&labelSelector=app%3Dweb', { accept: 'application/json' })],
    ['method', exchange('/api/v1/namespaces/x/pods?limit=500&labelSelector=app%3Dweb', { accept: TABLE, method: 'DELETE' })],
  ])('reports a different %s', (_what, other) => {
    expect(diff([base], [other])).toHaveLength(1);
  });

  it('reports a missing or extra request', () => {
    expect(diff([base], [base, base])).toHaveLength(1);
    expect(diff([base, base], [base])).toHaveLength(1);
  });

  it('compares JSON bodies by value, other bodies by text', () => {
    const post = (body: string, contentType = 'application/json') => exchange('/api/v1/namespaces/x/configmaps', { method: 'POST', contentType, body });
    expect(diff([post('{"a":1,"b":[1,2]}')], [post('{ "b": [1, 2], "a": 1 }\n')])).toEqual([]);
    expect(diff([post('{"a":1}')], [post('{"a":"1"}')])).toHaveLength(1);
    expect(diff([post('a: 1\n', 'application/apply-patch+yaml')], [post('a:  1\n', 'application/apply-patch+yaml')])).toHaveLength(1);
  });

  it('ignores discovery, OpenAPI and /version, but not resource requests', () => {
    for (const p of ['/api', '/apis', '/api/v1', '/apis/apps', '/apis/apps/v1', '/openapi/v3', '/openapi/v3/api/v1', '/version'])
      expect(isDiscovery({ method: 'GET', path: p }), p).toBe(true);
    for (const p of ['/api/v1/pods', '/apis/apps/v1/deployments', '/api/v1/namespaces/x']) expect(isDiscovery({ method: 'GET', path: p }), p).toBe(false);
  });

  it('compares fieldSelector terms as a set only where the row says kubectl varies their order', () => {
    const a = exchange('/api/v1/namespaces/x/events?fieldSelector=involvedObject.name%3Dp%2CinvolvedObject.namespace%3Dx');
    const b = exchange('/api/v1/namespaces/x/events?fieldSelector=involvedObject.namespace%3Dx%2CinvolvedObject.name%3Dp');
    expect(diff([a], [b])).toHaveLength(1);
    expect(diff([a], [b], { unorderedFieldSelector: true })).toEqual([]);
  });

  it('accepts a resourceVersion or uid that each run took from an earlier response, and nothing else', () => {
    const list = (rv: string) =>
      exchange('/api/v1/namespaces/x/pods?limit=500', {
        response: `{"metadata":{"resourceVersion":"${rv}"},"items":[{"metadata":{"uid":"0b5f7c2e-0d7c-4b43-9a53-3b7f5a0d6c${rv}"}}]}`,
      });
    const watch = (rv: string) => exchange(`/api/v1/namespaces/x/pods?resourceVersion=${rv}&watch=true`);
    const events = (uid: string) => exchange(`/api/v1/namespaces/x/events?fieldSelector=involvedObject.uid%3D${uid}`);
    expect(
      diff(
        [list('11'), watch('11'), events('0b5f7c2e-0d7c-4b43-9a53-3b7f5a0d6c11')],
        [list('42'), watch('42'), events('0b5f7c2e-0d7c-4b43-9a53-3b7f5a0d6c42')],
      ),
    ).toEqual([]);
    expect(diff([list('11'), watch('11')], [list('42'), watch('41')])).toHaveLength(1);
    expect(diff([list('11'), events('0b5f7c2e-0d7c-4b43-9a53-3b7f5a0d6c11')], [list('42'), events('0b5f7c2e-0d7c-4b43-9a53-3b7f5a0d6c41')])).toHaveLength(1);
  });

  it('compares a protobuf body with its JSON counterpart by content, only for protobuf rows', () => {
    // SelfSubjectAccessReview{spec(2){resourceAttributes(1){namespace(1), verb(2), resource(5)}}}
    const raw = lenField(2, lenField(1, Buffer.concat([lenField(1, 'default'), lenField(2, 'get'), lenField(5, 'pods')])));
    const proto = exchange('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      method: 'POST',
      accept: 'application/vnd.kubernetes.protobuf,application/json',
      contentType: 'application/vnd.kubernetes.protobuf',
      body: encodeProtobufEnvelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw),
    });
    const json = (verb: string) =>
      exchange('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        method: 'POST',
        accept: 'application/json',
        contentType: 'application/json',
        body: JSON.stringify({
          kind: 'SelfSubjectAccessReview',
          apiVersion: 'authorization.k8s.io/v1',
          metadata: { creationTimestamp: null },
          spec: { resourceAttributes: { namespace: 'default', verb, resource: 'pods' } },
          status: { allowed: false },
        }),
      });
    expect(diff([proto], [json('get')], { protobuf: true })).toEqual([]);
    expect(diff([proto], [json('list')], { protobuf: true })).toHaveLength(1);
    expect(diff([proto], [json('get')])).toHaveLength(1);
  });
});

describe('text normalisation and the snippet split', () => {
  it('replaces kubectl ages and nothing that merely contains digits', () => {
    expect(normaliseText('x 0s, 5m3s, 2d4h, 3y and 10h')).toBe('x <age>, <age>, <age>, <age> and <age>');
    // One column, one second apart: the age and its padding keep their combined width.
    expect(normaliseText('node-1   Ready   9s    v1.32.0')).toBe(normaliseText('node-1   Ready   10s   v1.32.0'));
    expect(normaliseText('node-1   Ready   9s    v1.32.0')).not.toBe(normaliseText('node-1   Ready   9s   v1.32.0'));
    expect(normaliseText('nginx:1.27  10.0.0.1  80/TCP  p-5s  1/1')).toBe('nginx:1.27  10.0.0.1  80/TCP  p-5s  1/1');
  });

  it("separates kcurl's diagnostics from the snippet before them", () => {
    const snippet = '# kcurl get x\nTOKEN=$(cat t)\n\n# 1. get\ncurl -sS \\\n  "$APISERVER"/api\n';
    expect(splitSnippet(`${snippet}\n`)).toEqual({ snippet, diagnostics: '' });
    expect(splitSnippet(`${snippet}\nError from server (NotFound): configmaps "x" not found\n`)).toEqual({
      snippet,
      diagnostics: 'Error from server (NotFound): configmaps "x" not found\n',
    });
    expect(splitSnippet(`Defaulted container "a" out of: a, b\n${snippet}\n`)).toEqual({ snippet, diagnostics: 'Defaulted container "a" out of: a, b\n' });
    expect(splitSnippet('error: unknown flag: --bogus\n')).toEqual({ snippet: '', diagnostics: 'error: unknown flag: --bogus\n' });
  });
});

describe('the recording proxy', () => {
  let upstream: RecordingServer;
  let proxy: RecordingProxy;
  let stream: StreamHandle;

  beforeAll(async () => {
    upstream = await startRecordingServer();
    proxy = await startRecordingProxy({ upstream: upstream.url, upstreamCaPem: upstream.caPem });
    stream = upstream.streamRoute('GET', '/api/v1/pods');
    upstream.route('POST', '/api/v1/namespaces/x/configmaps', { status: 201, body: { kind: 'ConfigMap' } });
  });

  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  const agent = () => new https.Agent({ ca: proxy.caPem });

  it('forwards method, target, headers and body, and records the answer', async () => {
    const res = await fetchText(
      'POST',
      '/api/v1/namespaces/x/configmaps?fieldManager=kubectl-create&dryRun=All',
      { authorization: 'Bearer t0k', 'content-type': 'application/json' },
      '{"a":1}',
    );
    expect(res).toEqual({ status: 201, body: '{"kind":"ConfigMap"}\n' });
    const seen = upstream.requests.at(-1)!;
    expect(seen.target).toBe('/api/v1/namespaces/x/configmaps?fieldManager=kubectl-create&dryRun=All');
    expect(seen.headers).toContainEqual(['authorization', 'Bearer t0k']);
    expect(seen.body.toString()).toBe('{"a":1}');
    const ex = proxy.exchanges.at(-1)!;
    expect(ex.query).toEqual([
      ['fieldManager', 'kubectl-create'],
      ['dryRun', 'All'],
    ]);
    expect(ex.response.status).toBe(201);
  });

  it('passes a streamed response through chunk by chunk', async () => {
    const chunks: string[] = [];
    let sawFirst!: () => void;
    const first = new Promise<void>((r) => (sawFirst = r));
    const req = https.request(`${proxy.url}/api/v1/pods?watch=true`, { agent: agent() }, (res) => {
      res.on('data', (c: Buffer) => {
        chunks.push(c.toString());
        sawFirst();
      });
    });
    req.end();
    await stream.opened;
    stream.write('{"type":"ADDED"}\n');
    await first; // arrives while the upstream response is still open
    expect(chunks.join('')).toBe('{"type":"ADDED"}\n');
    expect(proxy.exchanges.at(-1)!.response.finished).toBe(false);
    stream.end('{"type":"DELETED"}\n');
    await proxy.settled();
    expect(proxy.exchanges.at(-1)!.response.body.toString()).toBe('{"type":"ADDED"}\n{"type":"DELETED"}\n');
  });

  it('presents its own client certificate to an upstream that asks for one', async () => {
    const pair = createClientCert(upstream.ca, { commonName: 'kcurl-admin', organizations: ['system:masters'] });
    const certProxy = await startRecordingProxy({ upstream: upstream.url, upstreamCaPem: upstream.caPem, upstreamClientCert: pair });
    try {
      const res = await new Promise<number>((resolve, reject) => {
        const req = https.request(
          `${certProxy.url}/api/v1/namespaces/x/configmaps`,
          { method: 'POST', agent: new https.Agent({ ca: certProxy.caPem }) },
          (r) => {
            r.resume();
            r.on('end', () => resolve(r.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(res).toBe(201);
      expect(upstream.requests.at(-1)!.clientCert).toMatchObject({ commonName: 'kcurl-admin', organizations: ['system:masters'] });
    } finally {
      await certProxy.close();
    }
  });

  function fetchText(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(`${proxy.url}${path}`, { method, headers, agent: agent() }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
});
