// kcurl proxy against the real sandbox: kubectl proxy's filter and messages, credential injection,
// streaming without buffering (the first watch event arrives while the response is still open),
// --record (kill -9 mid-watch leaves a loadable journal), 502 for an unreachable API server, and
// refusals for a port in use or a non-loopback address.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/record/journal.js';
import { createCA, createServerCert } from '../../src/pki/pki.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { harErrors } from '../unit/record/har-schema.js';
import { httpRequest, startKcurlServer, type KcurlServer } from './record-helpers.js';
import { eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

let t: TestSandbox;
let dir: string;
let proxy: KcurlServer;
const SECRET_VALUE = 'proxy-secret-value-42';

beforeAll(async () => {
  t = await startTestSandbox();
  dir = tempDir('kcurl-proxy-it-');
  const res = await t.request('POST', '/api/v1/namespaces/default/secrets', {
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-key' }, stringData: { key: SECRET_VALUE } },
  });
  expect(res.status).toBe(201);
  proxy = await startKcurlServer(['proxy', '--port', '0', '--record', join(dir, 'proxy.har')], { KUBECONFIG: t.sb.kubeconfigPath });
});

afterAll(async () => {
  await proxy?.stop();
  await t?.close();
});

describe('kcurl proxy', () => {
  it("prints kubectl proxy's start line and relays with the kubeconfig credentials", async () => {
    expect(proxy.stdout()).toBe(`Starting to serve on 127.0.0.1:${proxy.port}\n`);
    const r = await httpRequest(`${proxy.base}/api/v1/namespaces/default/configmaps/kube-root-ca.crt`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).metadata.name).toBe('kube-root-ca.crt');
    // One line per relayed request: status, time, the direct curl line with the credential variables.
    await eventually(() => (proxy.stderr().includes('/api/v1/namespaces/default/configmaps/kube-root-ca.crt') ? true : undefined), 'the log line');
    const line = proxy
      .stderr()
      .split('\n')
      .find((l) => l.includes('kube-root-ca.crt'))!;
    expect(line).toMatch(
      /^200 OK \d+ms {2}curl -sS --cacert "\$CACERT" -H "Authorization: Bearer \$TOKEN" .*"\$APISERVER"\/api\/v1\/namespaces\/default\/configmaps\/kube-root-ca\.crt$/,
    );
    expect(proxy.stderr()).toContain('TOKEN=$(kubectl config view --raw -o');
    expect(proxy.stderr()).not.toContain(t.sb.adminToken);
  });

  it('serves kubectl pointed at it with no credentials of its own', async () => {
    const home = tempDir('kcurl-proxy-kubectl-');
    const kubeconfig = join(home, 'config');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: p\n  cluster:\n    server: ${proxy.base}\ncontexts:\n- name: p\n  context:\n    cluster: p\n    namespace: default\ncurrent-context: p\n`,
    );
    const viaProxy = await runProcess('/usr/lib/google-cloud-sdk/bin/kubectl.1.32', ['get', 'configmaps', '-o', 'name'], {
      env: { PATH: CLEAN_PATH, HOME: home, KUBECONFIG: kubeconfig },
    });
    const direct = await t.kubectl(['get', 'configmaps', '-o', 'name']);
    expect(viaProxy.stderr).toBe('');
    expect(viaProxy.stdout).toBe(direct.stdout);
    expect(viaProxy.stdout).toContain('configmap/kube-root-ca.crt\n');
  });

  it("keeps a client's own Authorization header, as kubectl proxy does", async () => {
    const r = await httpRequest(`${proxy.base}/api/v1/namespaces`, { headers: { authorization: 'Bearer client-supplied' } });
    expect(r.status).toBe(401);
  });

  it.each([
    ['exec', '/api/v1/namespaces/default/pods/nginx/exec?command=ls', {}, 'the path matches --reject-paths'],
    ['attach', '/api/v1/namespaces/default/pods/nginx/attach', {}, 'the path matches --reject-paths'],
    ['a foreign Host', '/api/v1/namespaces', { host: 'evil.com' }, 'the host "evil.com" does not match --accept-hosts'],
    ['a foreign Host with a port', '/version', { host: 'evil.com:8001' }, 'the host "evil.com" does not match --accept-hosts'],
  ])("rejects %s with kubectl's 403 Forbidden", async (_name, path, headers, why) => {
    const r = await httpRequest(`${proxy.base}${path}`, { method: 'POST', headers });
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.text).toBe('Forbidden\n');
    await eventually(() => (proxy.stderr().includes(`403 Forbidden  POST ${path} rejected: ${why}\n`) ? true : undefined), 'the rejection line');
  });

  it('accepts localhost with a port in the Host header', async () => {
    const r = await httpRequest(`${proxy.base}/version`, { headers: { host: `localhost:${proxy.port}` } });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).gitVersion).toMatch(/^v1\./);
  });

  it('forwards writes with their body', async () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'via-proxy' }, data: { a: '1' } });
    const r = await httpRequest(`${proxy.base}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(r.status).toBe(201);
    expect((await t.request('GET', '/api/v1/namespaces/default/configmaps/via-proxy')).json().data).toEqual({ a: '1' });
  });

  it('streams a watch: the first event reaches the client while the response is still open', async () => {
    const events: string[] = [];
    let ended = false;
    const req = http.get(`${proxy.base}/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dwatched`, { agent: false }, (res) => {
      res.on('data', (c: Buffer) => events.push(...c.toString('utf8').split('\n').filter(Boolean)));
      res.on('end', () => (ended = true));
    });
    try {
      // Created after the watch opened: the event can only arrive as a streamed chunk.
      await eventually(() => (proxy.stderr().includes('watch=true') ? true : undefined), 'the watch to be relayed');
      expect(
        (await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' } } }))
          .status,
      ).toBe(201);
      await eventually(() => (events.length ? true : undefined), 'the first watch event');
      expect(JSON.parse(events[0])).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'watched' } } });
      expect(ended).toBe(false);
      expect(
        (await t.request('PATCH', '/api/v1/namespaces/default/configmaps/watched', { body: { data: { b: '2' } }, contentType: 'application/merge-patch+json' }))
          .status,
      ).toBe(200);
      await eventually(() => (events.length >= 2 ? true : undefined), 'the second watch event');
      expect(JSON.parse(events[1]).type).toBe('MODIFIED');
      expect(ended).toBe(false);
    } finally {
      req.destroy();
    }
  });

  it('--record redacts the token, TokenRequest tokens and Secret values and writes valid HAR on exit', async () => {
    const secret = await httpRequest(`${proxy.base}/api/v1/namespaces/default/secrets/api-key`);
    expect(JSON.parse(secret.text).data.key).toBe(Buffer.from(SECRET_VALUE).toString('base64'));
    const tr = await httpRequest(`${proxy.base}/api/v1/namespaces/default/serviceaccounts/default/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['x'] } }),
    });
    expect(tr.status).toBe(201);
    const issued = JSON.parse(tr.text).status.token as string;
    expect(issued.length).toBeGreaterThan(20);
    const own = await startKcurlServer(['proxy', '--port', '0', '--record', join(dir, 'own.har')], { KUBECONFIG: t.sb.kubeconfigPath });
    await httpRequest(`${own.base}/api/v1/namespaces/default/secrets/api-key`);
    const tr2 = await httpRequest(`${own.base}/api/v1/namespaces/default/serviceaccounts/default/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['x'] } }),
    });
    const issued2 = JSON.parse(tr2.text).status.token as string;
    expect((await own.stop()).code).toBe(0);
    const text = readFileSync(join(dir, 'own.har'), 'utf8');
    for (const literal of [t.sb.adminToken, SECRET_VALUE, Buffer.from(SECRET_VALUE).toString('base64'), issued2]) expect(text).not.toContain(literal);
    const har = JSON.parse(text);
    expect(harErrors(har)).toEqual([]);
    expect(
      har.log.entries.map(
        (e: { request: { method: string; url: string }; response: { status: number } }) => `${e.request.method} ${e.request.url} ${e.response.status}`,
      ),
    ).toEqual([
      `GET ${t.sb.url}/api/v1/namespaces/default/secrets/api-key 200`,
      `POST ${t.sb.url}/api/v1/namespaces/default/serviceaccounts/default/token 201`,
    ]);
    expect(JSON.parse(har.log.entries[1].response.content.text).status.token).toBe('<redacted: service account token>');
    expect(har.log.entries[0].request.headers).toContainEqual({ name: 'x-forwarded-for', value: '127.0.0.1' });
  });

  it('--api-prefix and --www route like kubectl proxy', async () => {
    const www = join(dir, 'www');
    mkdirSync(www, { recursive: true });
    writeFileSync(join(www, 'index.html'), '<h1>hello</h1>\n');
    const p = await startKcurlServer(['proxy', '--port=0', '--api-prefix=/k8s-api', '--www', www, '--www-prefix=/ui/'], { KUBECONFIG: t.sb.kubeconfigPath });
    try {
      expect((await httpRequest(`${p.base}/k8s-api/api/v1/namespaces/default`)).status).toBe(200);
      const notFound = await httpRequest(`${p.base}/api/v1/namespaces/default`);
      expect([notFound.status, notFound.text]).toEqual([404, '404 page not found\n']);
      const page = await httpRequest(`${p.base}/ui/index.html`);
      expect([page.status, page.text]).toEqual([200, '<h1>hello</h1>\n']);
      // An escaped '..' cannot reach a sibling directory whose name starts like the --www one.
      mkdirSync(join(dir, 'www-private'), { recursive: true });
      writeFileSync(join(dir, 'www-private', 'secret.txt'), 'private\n');
      const escaped = await httpRequest(`${p.base}/ui/..%2fwww-private%2fsecret.txt`);
      expect([escaped.status, escaped.text]).toEqual([404, '404 page not found\n']);
    } finally {
      await p.stop();
    }
  });
});

describe('kcurl proxy --record with a journal', () => {
  it('kill -9 during a watch leaves a journal that loads with every event received so far', async () => {
    const file = join(dir, 'killed.jsonl');
    const p = await startKcurlServer(['proxy', '--port', '0', '--record', file], { KUBECONFIG: t.sb.kubeconfigPath });
    const received: string[] = [];
    const req = http.get(`${p.base}/api/v1/namespaces/default/configmaps?watch=1&fieldSelector=metadata.name%3Dkill-me`, { agent: false }, (res) => {
      res.on('data', (c: Buffer) => received.push(...c.toString('utf8').split('\n').filter(Boolean)));
      res.on('error', () => {});
    });
    req.on('error', () => {});
    await eventually(() => (p.stderr().includes('kill-me') ? true : undefined), 'the watch to open');
    await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kill-me' } } });
    await t.request('PATCH', '/api/v1/namespaces/default/configmaps/kill-me', { body: { data: { x: '1' } }, contentType: 'application/merge-patch+json' });
    await eventually(() => (received.length >= 2 ? true : undefined), 'two events');
    p.child.kill('SIGKILL');
    expect((await p.exited).signal).toBe('SIGKILL');
    req.destroy();
    const { exchanges } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(exchanges).toHaveLength(1);
    const watch = exchanges[0];
    expect(watch.request.url).toBe(`${t.sb.url}/api/v1/namespaces/default/configmaps?watch=1&fieldSelector=metadata.name%3Dkill-me`);
    expect(watch.streamed).toBe(true);
    expect(watch.complete).toBe(false);
    expect(
      watch
        .response!.body.text.split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).type),
    ).toEqual(['ADDED', 'MODIFIED']);
    // A torn last line (as if killed mid-write) is skipped with a warning, and the file still converts.
    writeFileSync(file, readFileSync(file, 'utf8') + '{"record":"chunk","id":"' + watch.id + '","data":"{\\"type');
    const conv = await runKcurl(['replay', file, '--to-har', join(dir, 'killed.har')]);
    expect(conv.code).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n').length;
    expect(conv.stderr).toBe(
      `Warning: ${file}:${lines}: skipping an incomplete last line (the recording was cut off while writing it)\nwrote 1 entry to ${join(dir, 'killed.har')} (HAR 1.2)\n`,
    );
    const har = JSON.parse(readFileSync(join(dir, 'killed.har'), 'utf8'));
    expect(harErrors(har)).toEqual([]);
    expect(har.log.entries.find((e: { _kcurl: { id: string } }) => e._kcurl.id === watch.id)._kcurl.complete).toBe(false);
  });
});

describe('kcurl proxy failures', () => {
  it('answers 502 with a Status naming the cause when the API server is unreachable', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const p = await startKcurlServer(['proxy', '--port', '0', '--server', `https://127.0.0.1:${closed}`, '--token', 'x', '--insecure-skip-tls-verify'], {});
    try {
      const r = await httpRequest(`${p.base}/api/v1/pods`);
      expect(r.status).toBe(502);
      const status = JSON.parse(r.text);
      expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 502 });
      expect(status.message).toMatch(/^error trying to reach the API server: connection refused/);
      await eventually(() => (p.stderr().includes('502 Bad Gateway') ? true : undefined), 'the log line');
    } finally {
      await p.stop();
    }
  });

  it('fails with one line when the port is in use', async () => {
    const r = await runKcurl(['proxy', '--port', String(proxy.port)], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: listen tcp 127.0.0.1:${proxy.port}: bind: address already in use; choose another --port (0 picks a free one) or stop the program using it\n`,
    );
  });

  it('refuses a non-loopback address without --accept-hosts', async () => {
    const r = await runKcurl(['proxy', '--address', '0.0.0.0', '--port', '0'], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: refusing to serve on 0\.0\.0\.0, which is not a loopback address: anyone who can reach it would act with your credentials; pass --accept-hosts/,
    );
    expect(r.stdout).toBe('');
  });
});

/** Sends a raw HTTP/1.1 upgrade request and resolves with everything read until `until` matches. */
function rawExchange(port: number, request: string, until: RegExp, then?: (sock: net.Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(request));
    let got = '';
    let sent = false;
    sock.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      if (!sent && then && got.includes('\r\n\r\n')) {
        sent = true;
        then(sock);
      }
      if (until.test(got)) {
        sock.destroy();
        resolve(got);
      }
    });
    sock.on('error', reject);
    sock.on('close', () => resolve(got));
  });
}

describe('kcurl proxy upgrade requests', () => {
  it('relays an upgrade (port-forward) socket to socket with the credentials added', async () => {
    // The sandbox runs no containers, so a small TLS server stands in for the kubelet-backed upgrade.
    const ca = createCA('upgrade-test-ca');
    const cert = createServerCert(ca, { commonName: 'upgrade', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    const seen: string[] = [];
    const upstream = https.createServer({ cert: cert.certPem, key: cert.keyPem });
    upstream.on('upgrade', (req, socket) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization} ${req.headers.upgrade}`);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n');
      socket.on('data', (c: Buffer) => socket.write(Buffer.concat([Buffer.from('echo:'), c])));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const port = (upstream.address() as net.AddressInfo).port;
    writeFileSync(join(dir, 'upgrade-ca.pem'), ca.certPem);
    const p = await startKcurlServer(
      ['proxy', '--port', '0', '--server', `https://127.0.0.1:${port}`, '--token', 'upgrade-token', '--certificate-authority', join(dir, 'upgrade-ca.pem')],
      {},
    );
    try {
      const got = await rawExchange(
        p.port,
        `POST /api/v1/namespaces/default/pods/web/portforward HTTP/1.1\r\nHost: 127.0.0.1:${p.port}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n`,
        /echo:ping/,
        (sock) => sock.write('ping'),
      );
      expect(got).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
      expect(got).toContain('echo:ping');
      expect(seen).toEqual(['POST /api/v1/namespaces/default/pods/web/portforward Bearer upgrade-token SPDY/3.1']);
      await eventually(() => (p.stderr().includes('101 Switching Protocols') ? true : undefined), 'the log line');
    } finally {
      await p.stop();
      await new Promise<void>((r) => upstream.close(() => r()));
    }
  });

  it("passes the API server's answer on when it does not upgrade", async () => {
    const got = await rawExchange(
      proxy.port,
      `POST /api/v1/namespaces/default/pods/nothere/portforward HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n`,
      /"code":404\}/,
    );
    expect(got).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(JSON.parse(got.slice(got.indexOf('\r\n\r\n') + 4))).toMatchObject({ kind: 'Status', code: 404 });
  });

  it('refuses exec upgrades under the default filter', async () => {
    const got = await rawExchange(
      proxy.port,
      `POST /api/v1/namespaces/default/pods/web/exec?command=sh HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n`,
      /Forbidden\n$/,
    );
    expect(got).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(got.endsWith('\r\n\r\nForbidden\n')).toBe(true);
  });
});

describe('kcurl proxy --in-cluster', () => {
  it('injects the serviceaccount mount credentials (the sidecar pattern)', async () => {
    const sa = join(dir, 'sa');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), t.sb.adminToken);
    writeFileSync(join(sa, 'ca.crt'), t.sb.caPem);
    writeFileSync(join(sa, 'namespace'), 'default');
    const p = await startKcurlServer(['proxy', '--port', '0', '--in-cluster'], {
      KCURL_SERVICEACCOUNT_DIR: sa,
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: String(t.sb.port),
    });
    try {
      const r = await httpRequest(`${p.base}/api/v1/namespaces/default/configmaps/kube-root-ca.crt`);
      expect(r.status).toBe(200);
      expect(p.stderr()).toContain('# credentials: the in-pod serviceaccount mount');
      expect(p.stderr()).not.toContain(t.sb.adminToken);
    } finally {
      await p.stop();
    }
  });
});

describe('kcurl proxy with large bodies', () => {
  it('streams a 512 MiB upload and a 512 MiB download through a paused reader with memory far below the body size, recording bounded', async () => {
    // An API server that accepts a 512 MiB body is not something the sandbox is (it refuses over 3 MiB):
    // a small TLS server counts the upload and answers with 512 MiB of its own.
    const SIZE = 512 * 1024 * 1024;
    const ca = createCA('large-body-ca');
    const cert = createServerCert(ca, { commonName: 'large', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    let received = 0;
    const upstream = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      req.on('data', (c: Buffer) => (received += c.length));
      req.on('end', async () => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': SIZE });
        const chunk = Buffer.alloc(1024 * 1024, 0x62);
        for (let sent = 0; sent < SIZE; sent += chunk.length) {
          if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
        }
        res.end();
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    writeFileSync(join(dir, 'large-ca.pem'), ca.certPem);
    const journal = join(dir, 'large.jsonl');
    const p = await startKcurlServer(
      [
        'proxy',
        '--port',
        '0',
        '--record',
        journal,
        '--server',
        `https://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`,
        '--token',
        't',
        '--certificate-authority',
        join(dir, 'large-ca.pem'),
      ],
      {},
    );
    const peakKb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.child.pid}/status`, 'utf8'))![1]);
    const idleKb = peakKb();
    try {
      const got = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
        const req = http.request(
          `${p.base}/api/v1/namespaces/default/configmaps`,
          { method: 'POST', agent: false, headers: { 'content-type': 'application/octet-stream', 'content-length': SIZE } },
          (res) => {
            let bytes = 0;
            let paused = false;
            res.on('data', (c: Buffer) => {
              bytes += c.length;
              // A slow reader: stop for a while after the first 20 MB; the proxy must hold the upstream back, not buffer.
              if (!paused && bytes > 20 * 1024 * 1024) {
                paused = true;
                res.pause();
                setTimeout(() => res.resume(), 1500);
              }
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < SIZE) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(got).toEqual({ status: 200, bytes: SIZE });
      expect(received).toBe(SIZE);
      // The proxy's peak resident memory grew by a fixed amount (about 70 MB: garbage the collector has
      // not yet reclaimed, and at most RECORD_LIMIT of each body kept for the recording), not with the body.
      const grownKb = peakKb() - idleKb;
      expect(grownKb * 1024, `peak RSS grew by ${grownKb} kB`).toBeLessThan(SIZE / 4);
      await eventually(() => (p.stderr().includes(`# plus a body of ${SIZE} bytes, not shown`) ? true : undefined), 'the log line describing the body');
    } finally {
      await p.stop();
      await new Promise<void>((r) => upstream.close(() => r()));
    }
    const { exchanges } = parseJournal(readFileSync(journal, 'utf8'), journal);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].response!.status).toBe(200);
    expect(exchanges[0].request.body!.text).toBe(`<not recorded: a request body of ${SIZE} bytes, more than the 8388608 bytes a recording keeps>`);
    expect(exchanges[0].response!.body.text).toBe(`<not recorded: a response body of ${SIZE} bytes, more than the 8388608 bytes a recording keeps>`);
  }, 120_000);
});
