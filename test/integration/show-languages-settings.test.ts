// --show=LANG with the credentials and cluster settings beyond a bearer token: each raw-HTTP program, run as
// printed by bash, authenticates with a client certificate (C# through the PKCS#12 file its runner makes) or basic
// auth, sends the kubeconfig's tls-server-name as SNI, and reaches the server through the cluster's proxy-url
// (a CONNECT proxy started here) — and still sends kcurl's requests. A language that cannot apply a setting says
// so in the printed text, and the test checks that note instead.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCA, createClientCert, type CertKeyPair } from '../../src/pki/pki.js';
import { compareRequests } from '../helpers/compare-requests.js';
import { type RecordedRequest, startRecordingServer } from '../helpers/recording-server.js';
import { requireTool, withoutVersionProbe } from '../helpers/require-tool.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { readFixture } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

type Server = Awaited<ReturnType<typeof startRecordingServer>>;
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/**
 * The languages run here, with their tools, and whether each applies tls-server-name (the others print a note); the
 * server here is https://127.0.0.1:PORT, and Java applies it to an IP server only.
 */
const LANGS: Record<string, { tools: string[]; tlsServerName: boolean }> = {
  python: { tools: ['python3'], tlsServerName: true },
  javascript: { tools: ['node'], tlsServerName: true },
  go: { tools: ['go'], tlsServerName: true },
  java: { tools: ['java'], tlsServerName: true },
  csharp: { tools: ['mcs', 'mono', 'openssl'], tlsServerName: true },
  haskell: { tools: ['runghc'], tlsServerName: true },
  wget: { tools: ['wget'], tlsServerName: false },
  httpie: { tools: ['http'], tlsServerName: false },
};

let server: Server;
let clientCA: CertKeyPair;
let dir: string;
let proxy: HttpServer;
let proxyUrl: string;
/** The CONNECT targets the proxy was asked for, in order. */
const tunnels: string[] = [];

beforeAll(async () => {
  for (const tool of ['bash', 'kubectl', ...Object.values(LANGS).flatMap((l) => l.tools)]) requireTool(tool);
  clientCA = createCA('kcurl-langs-client-ca');
  server = await startRecordingServer({ clientCA });
  dir = tempDir('kcurl-langs-settings-');
  server.route('GET', '/api', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixture('discovery/aggregated-v2-api.json') });
  server.route('GET', '/apis', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixture('discovery/aggregated-v2-apis.json') });
  server.route('GET', '/api/v1/namespaces/default/pods/web', {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"default","resourceVersion":"9"}}',
  });
  // An HTTP CONNECT proxy: records each tunnel's target and joins the two sockets.
  proxy = createHttpServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = [(req.url ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, ''), Number(/:(\d+)$/.exec(req.url ?? '')?.[1])];
    const upstream = netConnect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server?.close();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
});

/** A one-context kubeconfig with the cluster and user fields given. */
function kubeconfig(name: string, cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  const file = join(dir, name);
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: server.url, 'certificate-authority-data': b64(server.caPem), ...cluster } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'default' } }],
      'current-context': 'x',
    }),
    { mode: 0o600 },
  );
  return file;
}

const withoutDiscovery = (requests: readonly RecordedRequest[]) =>
  withoutVersionProbe(requests as RecordedRequest[]).filter((r) => !/^\/(apis?|version)(\?|$)|^\/openapi\//.test(r.target));

/** kcurl get pod web --show=LANG, then the printed program run by bash; both request lists. */
async function both(lang: string, config: string, runtimeHeaders: string[] = []) {
  const env = { KUBECONFIG: config };
  server.reset();
  const k = await runKcurl(['get', 'pod', 'web', `--show=${lang}`, '--cache-dir', join(dir, 'cache')], { env });
  expect(k.code, k.stderr).toBe(0);
  const kcurlRequests = withoutDiscovery(server.requests);
  server.reset();
  tunnels.length = 0;
  const s = await runSnippet(k.stderr, { env, timeoutMs: 20_000 });
  const all = [...server.requests];
  const programRequests = withoutDiscovery(all);
  expect(programRequests.length, `${s.stdout}${s.stderr}\n${k.stderr}`).toBe(kcurlRequests.length);
  kcurlRequests.forEach((req, i) => expect(compareRequests(req, programRequests[i], { ignoreHeaders: runtimeHeaders })).toBeNull());
  expect(s.stdout).toContain('"name":"web"');
  return { program: k.stderr, programRequests, all };
}

describe.each(Object.keys(LANGS))('--show=%s with other credentials and cluster settings', (lang) => {
  it('sends the client certificate of CERT and KEY', async () => {
    const alice = createClientCert(clientCA, { commonName: 'alice', organizations: ['dev'] });
    const config = kubeconfig(`cert-${lang}`, {}, { 'client-certificate-data': b64(alice.certPem), 'client-key-data': b64(alice.keyPem) });
    const { programRequests } = await both(lang, config);
    expect(programRequests[0].clientCert).toEqual({ commonName: 'alice', organizations: ['dev'], authorized: true });
    expect(programRequests[0].headers.some(([h]) => h.toLowerCase() === 'authorization')).toBe(false);
  });

  it('sends basic auth from USERNAME and PASSWORD', async () => {
    const config = kubeconfig(`basic-${lang}`, {}, { username: 'jane', password: 'p@ss: wörd' });
    const { programRequests } = await both(lang, config);
    const auth = programRequests[0].headers.find(([h]) => h.toLowerCase() === 'authorization')?.[1];
    expect(auth).toBe(`Basic ${b64('jane:p@ss: wörd')}`);
  });

  it("applies the cluster's tls-server-name, or says it does not", async () => {
    const config = kubeconfig(`sni-${lang}`, { 'tls-server-name': 'localhost' }, { token: 'tok' });
    const { program, programRequests } = await both(lang, config);
    if (LANGS[lang].tlsServerName) {
      expect(programRequests[0].servername).toBe('localhost');
      expect(program).toContain('tls-server-name localhost: the program connects to $APISERVER');
    } else expect(program).toContain('note: tls-server-name localhost is not applied by this program');
  });

  it("reaches the server through the cluster's proxy-url", async () => {
    const config = kubeconfig(`proxy-${lang}`, { 'proxy-url': proxyUrl }, { token: 'tok' });
    // wget sends Proxy-Connection: Keep-Alive of its own, inside the tunnel too.
    const { program, all } = await both(lang, config, lang === 'wget' ? ['proxy-connection'] : []);
    expect(program).not.toContain('is not applied');
    // Every request that reached the server came through a tunnel to it (kubectl's own /version probe, sent by the
    // preamble's kubectl config view, takes the proxy-url too).
    expect(tunnels, program).toEqual(all.map(() => server.url.replace(/^https:\/\//, '')));
  });
});

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}
