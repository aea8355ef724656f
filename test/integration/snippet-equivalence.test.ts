// kcurl's requests and the requests of the curl snippet it prints, captured on the wire by a recording
// HTTPS server and compared: the snippet (run by real bash + curl, credentials fetched by real kubectl)
// must send what kcurl sends.
import { writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRequests } from '../helpers/compare-requests.js';
import { type RecordedRequest, startRecordingServer } from '../helpers/recording-server.js';
import { requireTool, withoutVersionProbe } from '../helpers/require-tool.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { writeKubeconfig } from '../helpers/write-kubeconfig.js';
import { createCA, createServerCert } from '../../src/pki/pki.js';
import type { TLSSocket } from 'node:tls';
import { readFixture } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

type Server = Awaited<ReturnType<typeof startRecordingServer>>;
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

let server: Server;
let dir: string;
let kubeconfig: string;
const TOKEN = 'kcurl-test-token-0123456789';

beforeAll(async () => {
  requireTool('bash');
  requireTool('curl');
  requireTool('kubectl');
  server = await startRecordingServer();
  dir = tempDir('kcurl-snippet-');
  kubeconfig = writeKubeconfig(dir, { server: server.url, caData: server.caPem, token: TOKEN, namespace: 'default', contextName: 'test' });
  server.route('GET', '/api', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixture('discovery/aggregated-v2-api.json') });
  server.route('GET', '/apis', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixture('discovery/aggregated-v2-apis.json') });
  server.route('GET', '/api/v1/namespaces/default/pods', {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: readFixture('tables/pods.json'),
  });
  server.route('POST', /^\/version/, { status: 200, body: '{}' });
});

afterAll(async () => {
  await server?.close();
});

/** Runs kcurl (executing, snippet on stderr), then the snippet; returns both request lists without discovery. */
async function both(args: string[], form = 'script') {
  const env = { KUBECONFIG: kubeconfig };
  server.reset();
  const k = await runKcurl([...args, `--show-curl=${form}`, '--cache-dir', join(dir, 'cache')], { env });
  const kcurlRequests = server.requests.filter((r) => !/^\/apis?(\?|$)/.test(r.target));
  server.reset();
  // kcurl's own result lines (errors from the fake server) follow the snippet on stderr.
  const snippet = k.stderr
    .split('\n')
    .filter((l) => !/^(Error from server|error:|No resources found)/.test(l))
    .join('\n');
  const s = await runSnippet(snippet, { env });
  const snippetRequests = withoutVersionProbe(server.requests as RecordedRequest[]).filter((r) => !r.target.startsWith('/version?'));
  return { k, s, snippet, kcurlRequests, snippetRequests };
}

describe('the printed snippet sends what kcurl sends', () => {
  it.each([
    [['get', 'pods', '-n', 'default']],
    [['get', 'pods', '-o', 'json']],
    [['get', 'pods', '-A', '-l', 'app in (web,db),tier!=cache', '--field-selector', 'status.phase=Running']],
    [['get', 'deployments.apps,svc', '-n', 'kube-system']],
    [['get', 'pod/nginx', 'secret/x', '-o', 'yaml']],
    [['get', 'pods', '--request-timeout', '90']],
    [['get', 'nodes', '--as', 'jane', '--as-group', 'devs', '--as-group', 'ops']],
  ])('%j', async (args) => {
    const { kcurlRequests, snippetRequests, snippet, s } = await both(args);
    expect(s.code, s.stderr).toBe(0);
    expect(snippet).not.toContain(TOKEN);
    expect(kcurlRequests.length).toBeGreaterThan(0);
    expect(snippetRequests.length).toBe(kcurlRequests.length);
    kcurlRequests.forEach((req, i) => expect(compareRequests(req, snippetRequests[i])).toBeNull());
    expect(kcurlRequests[0].headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]).toBe(`Bearer ${TOKEN}`);
  });

  it('keeps awkward object names byte-identical through bash and curl', async () => {
    const names = fc.sample(
      fc
        .string({
          unit: fc.constantFrom("'", '"', '$', '`', '\\', '!', '*', '?', ' ', '&', ';', '(', ')', '#', 'é', '☃', 'a', 'Z', '9', '-', '~', '\n'),
          minLength: 1,
          maxLength: 16,
        })
        .filter((n) => n !== '.' && n !== '..' && !n.startsWith('-')),
      60,
    );
    const { kcurlRequests, snippetRequests, k } = await both(['get', 'configmaps', ...names, '-o', 'json']);
    expect(kcurlRequests, k.stderr.slice(-300)).toHaveLength(names.length);
    expect(snippetRequests).toHaveLength(names.length);
    kcurlRequests.forEach((req, i) => expect(compareRequests(req, snippetRequests[i])).toBeNull());
  });

  describe('a list of two pages', () => {
    beforeAll(() => {
      // The first page names a continue token; the page asked for with it is the last.
      server.route('GET', '/api/v1/namespaces/paged/pods', (req, res) => {
        const last = req.target.includes('continue=');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7', ...(last ? {} : { continue: 'page/2' }) }, items: [] }));
      });
    });

    it('--show-curl=script follows the pages as kcurl does', async () => {
      const { kcurlRequests, snippetRequests, s } = await both(['get', 'pods', '-n', 'paged', '-o', 'json'], 'script');
      expect(s.code, s.stderr).toBe(0);
      expect(kcurlRequests.map((r) => r.target)).toEqual([
        '/api/v1/namespaces/paged/pods?limit=500',
        '/api/v1/namespaces/paged/pods?continue=page%2F2&limit=500',
      ]);
      expect(snippetRequests).toHaveLength(2);
      expect(compareRequests(kcurlRequests[0], snippetRequests[0])).toBeNull();
      // curl appends continue= (--data-urlencode) where Go sorts the query: the same parameters, in another order.
      const params = (target: string) => [...new URL(target, 'https://x').searchParams].sort();
      expect(params(snippetRequests[1].target)).toEqual(params(kcurlRequests[1].target));
    });

    it("--show-curl (readable) sends the first page, byte-identical to kcurl's, and says how the next is fetched", async () => {
      const { kcurlRequests, snippetRequests, snippet, s } = await both(['get', 'pods', '-n', 'paged', '-o', 'json'], 'readable');
      expect(s.code, s.stderr).toBe(0);
      expect(kcurlRequests).toHaveLength(2);
      expect(snippetRequests).toHaveLength(1);
      expect(compareRequests(kcurlRequests[0], snippetRequests[0])).toBeNull();
      expect(snippet).toContain("&continue= the answer's .metadata.continue");
    });
  });

  it('the --show-curl=line form runs once APISERVER, TOKEN and CACERT are set', async () => {
    const env = { KUBECONFIG: kubeconfig };
    server.reset();
    const k = await runKcurl(['get', 'pods', '-n', 'default', '--show-curl=line', '--cache-dir', join(dir, 'cache')], { env });
    const kcurlReq = server.requests.filter((r) => !/^\/apis?(\?|$)/.test(r.target))[0];
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, server.caPem);
    server.reset();
    const s = await runSnippet(`APISERVER=${server.url}\nTOKEN=${TOKEN}\nCACERT=${ca}\n${k.stderr}`, { env });
    expect(s.code, s.stderr).toBe(0);
    expect(compareRequests(kcurlReq, server.requests[0])).toBeNull();
  });

  it('--offline prints the snippet on stdout and sends nothing at all', async () => {
    server.reset();
    const k = await runKcurl(['get', 'pods', '--offline'], { env: { KUBECONFIG: kubeconfig } });
    expect(k.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(k.stdout).toContain('"$APISERVER"\'/api/v1/namespaces/default/pods?limit=500\'');
    expect(k.stderr).toBe('');
  });
});

describe('tls-server-name: the snippet sends the same SNI, certificate check and request as kcurl', () => {
  const NAME = 'api.example.test';
  type SniRequest = RecordedRequest & { servername: string | false | null };
  const requests: SniRequest[] = [];
  let sniServer: ReturnType<typeof createHttpsServer>;
  let sniUrl: string;
  let sniDir: string;
  let sniKubeconfig: string;
  let sniCaFile: string;

  beforeAll(async () => {
    // A server whose certificate names only NAME: reached at 127.0.0.1, it is trusted only by a client
    // that sends NAME as SNI and checks the certificate against NAME.
    const ca = createCA('kcurl-sni-test-ca');
    const cert = createServerCert(ca, { commonName: NAME, dnsNames: [NAME], ipAddresses: [] });
    sniServer = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers: [string, string][] = [];
        for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
        requests.push({
          method: req.method ?? '',
          target: req.url ?? '',
          httpVersion: req.httpVersion,
          headers,
          body: Buffer.concat(chunks),
          servername: (req.socket as TLSSocket).servername,
        });
        const path = (req.url ?? '').split('?')[0];
        const body =
          path === '/api'
            ? readFixture('discovery/aggregated-v2-api.json')
            : path === '/apis'
              ? readFixture('discovery/aggregated-v2-apis.json')
              : path === '/api/v1/namespaces/default/pods'
                ? readFixture('tables/pods.json')
                : undefined;
        res.writeHead(body === undefined ? 404 : 200, { 'content-type': path.startsWith('/api/v1/') ? 'application/json' : AGGREGATED });
        res.end(body ?? '{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}');
      });
    });
    await new Promise<void>((resolve) => sniServer.listen(0, '127.0.0.1', resolve));
    sniUrl = `https://127.0.0.1:${(sniServer.address() as AddressInfo).port}`;
    sniDir = tempDir('kcurl-sni-');
    sniKubeconfig = writeKubeconfig(sniDir, { server: sniUrl, caData: ca.certPem, token: TOKEN, namespace: 'default', contextName: 'sni' });
    sniCaFile = join(sniDir, 'ca.pem');
    writeFileSync(sniCaFile, ca.certPem);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (sniServer ? sniServer.close(() => resolve()) : resolve()));
  });

  const calls = () => requests.filter((r) => r.target.startsWith('/api/v1/'));

  it('without --tls-server-name kcurl refuses the certificate (it does not name 127.0.0.1)', async () => {
    requests.length = 0;
    const k = await runKcurl(['get', 'pods', '-n', 'default', '--cache-dir', join(sniDir, 'cache')], { env: { KUBECONFIG: sniKubeconfig } });
    expect(k.code).toBe(1);
    expect(k.stderr).toContain('x509: certificate is not valid for this host name');
    expect(requests).toHaveLength(0);
  });

  it.each(['script', 'line'])('--tls-server-name %s: kcurl and the snippet both get through, with the same SNI, Host and request', async (form) => {
    const env = { KUBECONFIG: sniKubeconfig };
    requests.length = 0;
    const k = await runKcurl(['get', 'pods', '-n', 'default', '--tls-server-name', NAME, `--show-curl=${form}`, '--cache-dir', join(sniDir, 'cache')], { env });
    expect(k.code, k.stderr).toBe(0);
    expect(k.stdout).toContain('NAME');
    const kcurlCall = calls()[0];
    expect(kcurlCall?.servername).toBe(NAME);
    requests.length = 0;
    // The line form needs the preamble's variables; the script form sets them itself.
    const script = form === 'line' ? `CACERT=${sniCaFile}\nTOKEN=${TOKEN}\n${k.stderr}` : k.stderr;
    expect(script).toContain(`--connect-to ${NAME}:${new URL(sniUrl).port}:127.0.0.1:${new URL(sniUrl).port}`);
    const s = await runSnippet(script, { env });
    expect(s.code, s.stderr).toBe(0);
    const snippetCalls = withoutVersionProbe(calls());
    expect(snippetCalls).toHaveLength(1);
    expect(snippetCalls[0].servername).toBe(NAME);
    expect(compareRequests(kcurlCall, snippetCalls[0])).toBeNull();
    const host = (r: RecordedRequest) => r.headers.filter(([h]) => h.toLowerCase() === 'host').map(([, v]) => v);
    expect(host(snippetCalls[0])).toEqual(host(kcurlCall));
    expect(host(kcurlCall)).toEqual([new URL(sniUrl).host]);
  });

  it('--reveal: the revealed snippet gets through on its own', async () => {
    requests.length = 0;
    const k = await runKcurl(['get', 'pods', '-n', 'default', '--tls-server-name', NAME, '--offline', '--reveal'], { env: { KUBECONFIG: sniKubeconfig } });
    expect(k.code, k.stderr).toBe(0);
    expect(requests).toHaveLength(0);
    const s = await runSnippet(k.stdout, { env: {} });
    expect(s.code, s.stderr).toBe(0);
    expect(calls()).toHaveLength(1);
    expect(calls()[0].servername).toBe(NAME);
    expect(calls()[0].headers.find(([h]) => h.toLowerCase() === 'authorization')?.[1]).toBe(`Bearer ${TOKEN}`);
  });
});
