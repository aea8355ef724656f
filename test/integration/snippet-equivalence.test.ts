// kcurl's requests and the requests of the curl snippet it prints, captured on the wire by a recording
// HTTPS server and compared: the snippet (run by real bash + curl, credentials fetched by real kubectl)
// must send what kcurl sends.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRequests } from '../helpers/compare-requests.js';
import { type RecordedRequest, startRecordingServer } from '../helpers/recording-server.js';
import { requireTool, withoutVersionProbe } from '../helpers/require-tool.js';
import { REPO_ROOT, runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { writeKubeconfig } from '../helpers/write-kubeconfig.js';

type Server = Awaited<ReturnType<typeof startRecordingServer>>;
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const fixture = (p: string) => readFileSync(join(REPO_ROOT, p), 'utf8');

let server: Server;
let dir: string;
let kubeconfig: string;
const TOKEN = 'kcurl-test-token-0123456789';

beforeAll(async () => {
  requireTool('bash');
  requireTool('curl');
  requireTool('kubectl');
  server = await startRecordingServer();
  dir = mkdtempSync(join(tmpdir(), 'kcurl-snippet-'));
  kubeconfig = writeKubeconfig(dir, { server: server.url, caData: server.caPem, token: TOKEN, namespace: 'default', contextName: 'test' });
  server.route('GET', '/api', { status: 200, headers: { 'content-type': AGGREGATED }, body: fixture('fixtures/discovery/aggregated-v2-api.json') });
  server.route('GET', '/apis', { status: 200, headers: { 'content-type': AGGREGATED }, body: fixture('fixtures/discovery/aggregated-v2-apis.json') });
  server.route('GET', '/api/v1/namespaces/default/pods', { status: 200, headers: { 'content-type': 'application/json' }, body: fixture('fixtures/tables/pods.json') });
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
  const snippetRequests = withoutVersionProbe(server.requests as RecordedRequest[]).filter((r) => !r.target.startsWith("/version?"));
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
      fc.string({ unit: fc.constantFrom("'", '"', '$', '`', '\\', '!', '*', '?', ' ', '&', ';', '(', ')', '#', 'é', '☃', 'a', 'Z', '9', '-', '~', '\n'), minLength: 1, maxLength: 16 })
        .filter((n) => n !== '.' && n !== '..' && !n.startsWith('-')),
      60,
    );
    const { kcurlRequests, snippetRequests, k } = await both(['get', 'configmaps', ...names, '-o', 'json']);
    expect(kcurlRequests, k.stderr.slice(-300)).toHaveLength(names.length);
    expect(snippetRequests).toHaveLength(names.length);
    kcurlRequests.forEach((req, i) => expect(compareRequests(req, snippetRequests[i])).toBeNull());
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
    expect(k.stdout).toContain("\"$APISERVER\"'/api/v1/namespaces/default/pods?limit=500'");
    expect(k.stderr).toBe('');
  });
});
