// The integration harness itself: the recording server sees exactly what real curl and kubectl send,
// captures client certificates, streams, and the kubeconfig writer, snippet runner and comparison work.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCA, createClientCert, type CertKeyPair } from '../../src/pki/pki.js';
import { compareRequests } from '../helpers/compare-requests.js';
import { headerValues, startRecordingServer, type RecordedRequest, type RecordingServer } from '../helpers/recording-server.js';
import { requireKubectl, requireTool, withoutVersionProbe } from '../helpers/require-tool.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { writeKubeconfig } from '../helpers/write-kubeconfig.js';

let curl: string;
let server: RecordingServer;

beforeAll(async () => {
  curl = requireTool('curl');
  requireTool('bash');
  server = await startRecordingServer();
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  server.reset();
  server.clearRoutes();
});

function runCurl(args: string[]) {
  return runProcess(curl, ['--silent', '--show-error', '--cacert', server.caFile, ...args], { env: { PATH: CLEAN_PATH } });
}

describe('recording server with real curl', () => {
  it('records method, raw target, headers in order and awkward body bytes exactly as curl sent them', async () => {
    const body = Buffer.concat([
      Buffer.from([0x00, 0xff, 0xfe, 0x80]),
      Buffer.from('\r\nit\'s "quoted" $HOME `date` \\ ünïcode\n\n', 'utf8'),
      Buffer.from([0x1b, 0x7f, 0x0d]),
    ]);
    const bodyFile = join(server.dir, 'body.bin');
    writeFileSync(bodyFile, body);
    server.route('POST', '/api/v1/namespaces/default/configmaps', { status: 201, body: { kind: 'ConfigMap', apiVersion: 'v1' } });
    const target = '/api/v1/namespaces/default/configmaps?fieldManager=kubectl-client-side-apply&labelSelector=app%3Dweb%2Cenv+in+%28a%29&x=%2F%25';

    const result = await runCurl([
      '-X',
      'POST',
      '-H',
      'Authorization: Bearer fake-token-abc',
      '-H',
      'Content-Type: application/json',
      '-H',
      'Accept: application/json',
      '--data-binary',
      `@${bodyFile}`,
      server.url + target,
    ]);

    expect(result).toMatchObject({ code: 0, stderr: '', stdout: '{"kind":"ConfigMap","apiVersion":"v1"}\n' });
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req.method).toBe('POST');
    expect(req.target).toBe(target);
    expect(req.httpVersion).toBe('1.1');
    expect(req.body.equals(body)).toBe(true);
    expect(req.headers).toEqual([
      ['Host', `127.0.0.1:${server.port}`],
      ['User-Agent', expect.stringMatching(/^curl\/\d/)],
      ['Authorization', 'Bearer fake-token-abc'],
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
      ['Content-Length', String(body.length)],
    ]);
    expect(req.clientCert).toBeUndefined();
  });

  it('answers unknown paths with the Status a real kube-apiserver sends for 404', async () => {
    const result = await runCurl(['-w', '\n%{http_code} %{content_type}', `${server.url}/apis/nope.example.com/v1`]);
    const [json, statusLine] = result.stdout.split('\n').filter(Boolean);
    expect(statusLine).toBe('404 application/json');
    expect(JSON.parse(json)).toEqual({
      apiVersion: 'v1',
      code: 404,
      details: {},
      kind: 'Status',
      message: 'the server could not find the requested resource',
      metadata: {},
      reason: 'NotFound',
      status: 'Failure',
    });
  });

  it.each([
    ['a string path ignores the query', 'GET', '/api/v1/pods?limit=500', 'exact'],
    ['a RegExp is tested against the whole raw target', 'GET', '/api/v1/namespaces/a/pods?watch=1', 'regexp'],
    ['the later route wins over an earlier one', 'GET', '/version', 'later'],
    ['method * matches any method', 'DELETE', '/anything', 'any'],
    ['a route for another method does not match', 'POST', '/api/v1/pods', 'none'],
  ])('routes: %s', async (_name, method, target, expected) => {
    server.route('GET', '/api/v1/pods', { body: 'exact' });
    server.route('GET', /^\/api\/v1\/namespaces\/[^/]+\/pods\?.*watch=1/, { body: 'regexp' });
    server.route('GET', '/version', { body: 'earlier' });
    server.route('GET', '/version', { body: 'later' });
    server.route('*', '/anything', { body: 'any', headers: [['X-Extra', '1']] });
    const result = await runCurl(['-X', method, server.url + target]);
    if (expected === 'none') expect(JSON.parse(result.stdout)).toMatchObject({ code: 404 });
    else expect(result.stdout).toBe(expected);
  });

  it('a handler sees the recorded request and can answer anything; a throwing handler becomes a 500', async () => {
    server.route('PATCH', '/echo', (req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      res.end(`${req.method} ${headerValues(req, 'content-type').join()} ${req.body.toString('utf8')}`);
    });
    server.route('GET', '/broken', () => {
      throw new Error('boom');
    });
    const echo = await runCurl(['-X', 'PATCH', '-H', 'Content-Type: application/merge-patch+json', '--data-binary', '{"a":1}', `${server.url}/echo`]);
    expect(echo.stdout).toBe('PATCH application/merge-patch+json {"a":1}');
    const broken = await runCurl(['-w', ' %{http_code}', `${server.url}/broken`]);
    expect(broken.stdout).toBe('recording server route failed: boom\n 500');
  });

  it('reset() forgets requests but keeps routes', async () => {
    server.route('GET', '/kept', { body: 'still here' });
    await runCurl([`${server.url}/kept`]);
    expect(server.requests).toHaveLength(1);
    server.reset();
    expect(server.requests).toHaveLength(0);
    expect((await runCurl([`${server.url}/kept`])).stdout).toBe('still here');
    expect(server.requests.map((r) => r.target)).toEqual(['/kept']);
  });

  it('its certificate is valid for localhost as well as 127.0.0.1', async () => {
    server.route('GET', '/version', { body: 'ok' });
    const result = await runCurl([`https://localhost:${server.port}/version`]);
    expect(result).toMatchObject({ code: 0, stdout: 'ok' });
  });
});

describe('client certificates', () => {
  let clientCA: CertKeyPair;
  let mtls: RecordingServer;
  let dir: string;

  beforeAll(async () => {
    clientCA = createCA('kcurl-test-client-ca');
    mtls = await startRecordingServer({ clientCA });
    dir = mkdtempSync(join(tmpdir(), 'kcurl-harness-'));
  });

  afterAll(async () => {
    await mtls?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function writePair(name: string, pair: CertKeyPair): string[] {
    writeFileSync(join(dir, `${name}.crt`), pair.certPem);
    writeFileSync(join(dir, `${name}.key`), pair.keyPem);
    return ['--cert', join(dir, `${name}.crt`), '--key', join(dir, `${name}.key`)];
  }

  it.each([
    [
      'a certificate from the trusted client CA',
      () => createClientCert(clientCA, { commonName: 'alice', organizations: ['system:masters', 'dev'] }),
      { commonName: 'alice', organizations: ['system:masters', 'dev'], authorized: true },
    ],
    [
      'a certificate from some other CA',
      () => createClientCert(createCA('stranger'), { commonName: 'mallory', organizations: [] }),
      { commonName: 'mallory', organizations: [], authorized: false },
    ],
  ])('captures the subject of %s sent with curl --cert/--key', async (name, makePair, expected) => {
    mtls.reset();
    const certArgs = writePair(name.replace(/\W+/g, '-'), makePair());
    const result = await runProcess(curl, ['--silent', '--show-error', '--cacert', mtls.caFile, ...certArgs, `${mtls.url}/api`], { env: { PATH: CLEAN_PATH } });
    expect(result.code).toBe(0);
    expect(mtls.requests).toHaveLength(1);
    expect(mtls.requests[0].clientCert).toEqual(expected);
  });

  it('records no client certificate when curl sends none', async () => {
    mtls.reset();
    await runProcess(curl, ['--silent', '--cacert', mtls.caFile, `${mtls.url}/api`], { env: { PATH: CLEAN_PATH } });
    expect(mtls.requests).toHaveLength(1);
    expect(mtls.requests[0].clientCert).toBeUndefined();
  });
});

describe('streaming routes', () => {
  it('deliver the first chunk before the response ends, then the rest when the test ends it', async () => {
    const stream = server.streamRoute('GET', '/api/v1/namespaces/default/pods');
    const first = '{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a"}}}\n';
    const last = '{"type":"DELETED","object":{"kind":"Pod","metadata":{"name":"a"}}}\n';
    const received: string[] = [];
    let ended = false;
    let atFirstChunk: { ended: boolean; complete: boolean } | undefined;
    let response: { status?: number; contentType?: string; transferEncoding?: string } = {};

    const done = new Promise<void>((resolve, reject) => {
      const req = httpsGet(`${server.url}/api/v1/namespaces/default/pods?watch=1`, { ca: server.caPem }, (res) => {
        response = { status: res.statusCode, contentType: res.headers['content-type'], transferEncoding: res.headers['transfer-encoding'] };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          received.push(chunk);
          if (received.length === 1) {
            // Note whether the server still held the response open when the first event arrived.
            atFirstChunk = { ended, complete: res.complete };
            stream.end(last);
          }
        });
        res.on('end', () => {
          ended = true;
          resolve();
        });
      });
      req.on('error', reject);
    });

    const request = await stream.opened;
    expect(request.target).toBe('/api/v1/namespaces/default/pods?watch=1');
    stream.write(first);
    await done;
    expect(response).toEqual({ status: 200, contentType: 'application/json', transferEncoding: 'chunked' });
    expect(atFirstChunk).toEqual({ ended: false, complete: false });
    expect(received[0]).toBe(first);
    expect(received.join('')).toBe(first + last);
  });

  it('stream to real curl --no-buffer: the first line is printed while curl is still running', async () => {
    const stream = server.streamRoute('GET', '/api/v1/namespaces/default/pods');
    const { spawn } = await import('node:child_process');
    const child = spawn(curl, ['--silent', '--no-buffer', '--cacert', server.caFile, `${server.url}/api/v1/namespaces/default/pods?watch=1`], {
      env: { PATH: CLEAN_PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let exited = false;
    const exit = new Promise<number | null>((resolve) => child.once('close', (code) => ((exited = true), resolve(code))));
    await stream.opened;
    const firstSeen = new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (c: string) => {
        out += c;
        if (out.includes('\n')) resolve();
      });
    });
    stream.write('{"type":"ADDED"}\n');
    await firstSeen;
    expect(exited).toBe(false);
    expect(out).toBe('{"type":"ADDED"}\n');
    stream.end('{"type":"BOOKMARK"}\n');
    expect(await exit).toBe(0);
    expect(out).toBe('{"type":"ADDED"}\n{"type":"BOOKMARK"}\n');
  });
});

describe('writeKubeconfig, read by the real kubectl v1.32', () => {
  let kubectl: string;
  beforeAll(() => {
    kubectl = requireKubectl();
  });

  function runKubectl(kubeconfig: string, args: string[]) {
    return runProcess(kubectl, ['--kubeconfig', kubeconfig, ...args], { env: { PATH: CLEAN_PATH, HOME: server.dir } });
  }

  const podList = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] };

  it.each([
    ['token + certificate-authority file', (s: RecordingServer) => ({ caFile: s.caFile, token: 'fake-token-1' }), 'Bearer fake-token-1'],
    [
      'tokenFile + certificate-authority-data',
      (s: RecordingServer) => {
        writeFileSync(join(s.dir, 'token'), 'fake-token-from-file\n');
        return { caData: s.caPem, tokenFile: join(s.dir, 'token') };
      },
      'Bearer fake-token-from-file',
    ],
    [
      'an exec plugin',
      (s: RecordingServer) => {
        const plugin = join(s.dir, 'plugin.sh');
        writeFileSync(
          plugin,
          `#!/bin/bash\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"fake-exec-token"}}'\n`,
          { mode: 0o755 },
        );
        return { caFile: s.caFile, exec: { command: plugin } };
      },
      'Bearer fake-exec-token',
    ],
  ])('kubectl authenticates with %s', async (_name, build, authorization) => {
    server.route('GET', '/api/v1/namespaces/default/pods', { body: podList });
    const kubeconfig = writeKubeconfig(server.dir, { server: server.url, ...build(server) });
    const result = await runKubectl(kubeconfig, ['get', '--raw', '/api/v1/namespaces/default/pods']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(podList);
    const requests = withoutVersionProbe(server.requests);
    expect(requests.map((r) => `${r.method} ${r.target}`)).toEqual(['GET /api/v1/namespaces/default/pods']);
    expect(headerValues(requests[0], 'authorization')).toEqual([authorization]);
  });

  it('kubectl presents the client certificate from client-certificate-data/client-key-data', async () => {
    const clientCA = createCA('kubeconfig-client-ca');
    const mtls = await startRecordingServer({ clientCA });
    try {
      const pair = createClientCert(clientCA, { commonName: 'jane', organizations: ['devs'] });
      const kubeconfig = writeKubeconfig(mtls.dir, { server: mtls.url, caData: mtls.caPem, clientCert: pair });
      await runKubectl(kubeconfig, ['get', '--raw', '/api']);
      const requests = withoutVersionProbe(mtls.requests);
      expect(requests).toHaveLength(1);
      expect(requests[0].clientCert).toEqual({ commonName: 'jane', organizations: ['devs'], authorized: true });
      expect(headerValues(requests[0], 'authorization')).toEqual([]);
    } finally {
      await mtls.close();
    }
  });

  it('names the context and namespace as given', async () => {
    const kubeconfig = writeKubeconfig(server.dir, {
      server: server.url,
      caFile: server.caFile,
      token: 't',
      namespace: 'team-a',
      contextName: 'workshop',
      fileName: 'named',
    });
    const context = await runKubectl(kubeconfig, ['config', 'current-context']);
    const namespace = await runKubectl(kubeconfig, ['config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace}']);
    expect(context.stdout).toBe('workshop\n');
    expect(namespace.stdout).toBe('team-a');
    expect(withoutVersionProbe(server.requests)).toEqual([]);
  });
});

describe('runSnippet', () => {
  it('runs the script with bash in a clean environment, where curl reaches the server', async () => {
    server.route('POST', '/api/v1/namespaces/default/configmaps', { status: 201, body: { kind: 'ConfigMap' } });
    const script = [
      'set -euo pipefail',
      `TOKEN='fake token'`,
      `cat > body.json <<'EOF'`,
      `{"data":{"k":"it's $HOME"}}`,
      'EOF',
      `curl --silent --show-error --cacert ${server.caFile} -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @body.json '${server.url}/api/v1/namespaces/default/configmaps'`,
      'echo "PATH=$PATH KUBECONFIG=${KUBECONFIG-unset} EXTRA=$EXTRA"',
    ].join('\n');
    const result = await runSnippet(script, { env: { EXTRA: 'given' } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`{"kind":"ConfigMap"}\nPATH=${CLEAN_PATH} KUBECONFIG=unset EXTRA=given\n`);
    expect(server.requests).toHaveLength(1);
    expect(headerValues(server.requests[0], 'authorization')).toEqual(['Bearer fake token']);
    expect(server.requests[0].body.toString('utf8')).toBe(`{"data":{"k":"it's $HOME"}}\n`);
  });

  it('reports the exit code and stderr of a failing snippet', async () => {
    const result = await runSnippet('echo oops >&2\nexit 3\n');
    expect(result).toMatchObject({ code: 3, stdout: '', stderr: 'oops\n' });
  });
});

describe('compareRequests', () => {
  const base: RecordedRequest = {
    method: 'GET',
    target: '/api/v1/namespaces/default/pods?limit=500',
    httpVersion: '1.1',
    headers: [
      ['Host', '127.0.0.1:1'],
      ['User-Agent', 'kubectl.1.32/v1.32.5 (linux/amd64) kubernetes/9894294'],
      ['Accept', 'application/json'],
      ['Authorization', 'Bearer t'],
      ['Impersonate-Group', 'devs'],
      ['Impersonate-Group', 'ops'],
      ['Kubectl-Command', 'kubectl get'],
      ['Kubectl-Session', 'abc'],
      ['Accept-Encoding', 'gzip'],
    ],
    body: Buffer.from('{"a":1}\n'),
  };
  const variant = (change: Partial<RecordedRequest>): RecordedRequest => ({ ...base, ...change });

  it.each([
    ['identical requests', base, null],
    [
      'only client-chosen headers differ (agent, host, encoding, kubectl session), names in other case and order',
      variant({
        headers: [
          ['authorization', 'Bearer t'],
          ['accept', 'application/json'],
          ['Host', 'localhost:2'],
          ['User-Agent', 'curl/7.88.1'],
          ['impersonate-group', 'devs'],
          ['Connection', 'keep-alive'],
          ['Impersonate-Group', 'ops'],
          ['Content-Length', '8'],
        ],
      }),
      null,
    ],
  ])('%s compare equal', (_name, other, expected) => {
    expect(compareRequests(base, other)).toBe(expected);
  });

  it.each([
    ['another method', variant({ method: 'POST' }), 'method: GET vs POST'],
    [
      'another target (encoding matters)',
      variant({ target: '/api/v1/namespaces/default/pods?limit%3D500' }),
      'target:\n  - /api/v1/namespaces/default/pods?limit=500\n  + /api/v1/namespaces/default/pods?limit%3D500',
    ],
    ['a missing header', variant({ headers: base.headers.filter(([k]) => k !== 'Accept') }), 'headers:\n  - accept: "application/json"'],
    [
      'another header value',
      variant({ headers: base.headers.map(([k, v]) => [k, k === 'Authorization' ? 'Bearer u' : v]) }),
      'headers:\n  - authorization: "Bearer t"\n  + authorization: "Bearer u"',
    ],
    [
      'repeated headers in another order',
      variant({ headers: [...base.headers.filter(([k]) => k !== 'Impersonate-Group'), ['Impersonate-Group', 'ops'], ['Impersonate-Group', 'devs']] }),
      'headers:\n  - impersonate-group: "devs"\n  - impersonate-group: "ops"\n  + impersonate-group: "ops"\n  + impersonate-group: "devs"',
    ],
    ['a body without its trailing newline', variant({ body: Buffer.from('{"a":1}') }), 'body:\n  lengths 8 and 7, first difference at byte 7'],
  ])('%s is reported', (_name, other, expected) => {
    const diff = compareRequests(base, other);
    expect(diff).toContain('requests differ (- first, + second) for GET /api/v1/namespaces/default/pods?limit=500\n');
    expect(diff).toContain(expected);
  });

  it('ignores extra headers only when asked', () => {
    const other = variant({ headers: [...base.headers, ['Expect', '100-continue']] });
    expect(compareRequests(base, other)).toContain('+ expect: "100-continue"');
    expect(compareRequests(base, other, { ignoreHeaders: ['Expect'] })).toBeNull();
  });
});
