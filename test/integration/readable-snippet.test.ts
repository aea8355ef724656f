// The readable snippet (--show-curl with no value) against the real sandbox: the credential preamble plus one
// curl per request a person would type, short enough for a slide, run by real bash + curl + kubectl, and its
// request captured on the wire next to kcurl's by a recording proxy in front of the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRequests } from '../helpers/compare-requests.js';
import { startRecordingProxy, type ProxiedExchange, type RecordingProxy } from '../helpers/recording-proxy.js';
import { requireTool } from '../helpers/require-tool.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let proxy: RecordingProxy;
let kubeconfig: string;

beforeAll(async () => {
  requireTool('bash');
  requireTool('curl');
  requireTool('kubectl');
  t = await startTestSandbox();
  proxy = await startRecordingProxy({ upstream: t.sb.url, upstreamCaPem: t.sb.caPem });
  kubeconfig = proxy.kubeconfig({ token: t.sb.adminToken, namespace: 'default' });
});

afterAll(async () => {
  await proxy?.close();
  await t?.close();
});

/** The requests of an exchange list that are not discovery (kcurl reads discovery first; curl needs none). */
const calls = (exchanges: ProxiedExchange[]) => exchanges.filter((e) => !/^\/(apis?|version)(\/?\?|\/?$)/.test(e.target) && !e.target.startsWith('/openapi'));
const recorded = (e: ProxiedExchange) => ({ method: e.method, target: e.target, httpVersion: '1.1', headers: e.headers, body: e.body });

describe('--show-curl: the readable snippet', () => {
  it('kcurl get pods -n default: at most 8 commands, runs in bash, and sends what kcurl sent', async () => {
    await t.request('POST', '/api/v1/namespaces/default/pods', {
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'readable' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
    });
    proxy.reset();
    const env = { KUBECONFIG: kubeconfig };
    const k = await runKcurl(['get', 'pods', '-n', 'default', '--show-curl'], { env });
    expect(k.code, k.stderr).toBe(0);
    expect(k.stdout).toMatch(/^NAME +READY +STATUS/);
    await proxy.settled();
    const kcurlCalls = calls(proxy.exchanges);
    expect(kcurlCalls.map((e) => e.target)).toEqual(['/api/v1/namespaces/default/pods?limit=500']);

    const snippet = k.stderr;
    const commands = snippet.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(commands.length, snippet).toBeLessThanOrEqual(8);
    expect(snippet).not.toMatch(/while|json_meta|CONTINUE/);
    expect(snippet).toContain(`trap 'rm -f "$CACERT"' EXIT`);
    expect(snippet).not.toContain(t.sb.adminToken);

    proxy.reset();
    const s = await runSnippet(snippet, { env });
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('"kind": "Table"');
    expect(s.stdout).toContain('"name": "readable"');
    await proxy.settled();
    const snippetCalls = calls(proxy.exchanges);
    expect(snippetCalls).toHaveLength(1);
    expect(compareRequests(recorded(kcurlCalls[0]), recorded(snippetCalls[0]))).toBeNull();
  }, 60_000);

  it("a watch takes the list's resourceVersion into a shell variable, without a JSON parser", async () => {
    const env = { KUBECONFIG: kubeconfig };
    const k = await runKcurl(['get', 'pods', '-n', 'default', '-w', '--request-timeout', '1s', '--show-curl'], { env });
    const snippet = k.stderr.slice(0, k.stderr.indexOf('\n\n# 2.') + 1) + k.stderr.slice(k.stderr.indexOf('\n# 2.')).split('\n\n')[0];
    expect(snippet).toMatch(/^RESOURCE_VERSION=\$\(printf '%s' "\$ANSWER_1" \| grep -o /m);
    expect(snippet).not.toMatch(/while|json_meta|CONTINUE/);
    proxy.reset();
    const s = await runSnippet(snippet, { env });
    // curl --max-time ends the watch (exit 28) where kubectl ends with 0.
    expect(s.code, s.stderr).toBe(28);
    await proxy.settled();
    const [list, watch] = calls(proxy.exchanges);
    const rv = JSON.parse(list.response.body.toString()).metadata.resourceVersion;
    expect(rv).toMatch(/^\d+$/);
    expect(watch.query).toContainEqual(['resourceVersion', rv]);
    expect(watch.query).toContainEqual(['watch', 'true']);
  }, 60_000);
});

describe('--show-curl=script: the faithful form', () => {
  it('keeps the paging loop and the answer-driven resourceVersion', async () => {
    const k = await runKcurl(['get', 'pods', '-n', 'default', '-w', '--request-timeout', '1s', '--show-curl=script'], { env: { KUBECONFIG: kubeconfig } });
    expect(k.stderr).toContain('while :; do');
    expect(k.stderr).toContain('RESOURCE_VERSION=$(json_meta resourceVersion < "$ANSWER")');
  }, 60_000);
});
