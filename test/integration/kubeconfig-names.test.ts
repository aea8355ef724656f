// Kubeconfig context, cluster and user names that JSONPath, bash or a reader of comments could misread, end to end:
// the built kcurl against a recording server, then its snippet in real bash with real kubectl reading the same
// kubeconfig. The snippet must read the very server and token kcurl used — also when another user's name is a
// prefix of, or a filter trick on, the one in use — and run nothing the names contain.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRequests } from '../helpers/compare-requests.js';
import { type RecordedRequest, startRecordingServer } from '../helpers/recording-server.js';
import { requireTool } from '../helpers/require-tool.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { readFixtureBytes } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

type Server = Awaited<ReturnType<typeof startRecordingServer>>;
let server: Server;
let dir: string;

beforeAll(async () => {
  requireTool('bash');
  requireTool('curl');
  requireTool('kubectl');
  server = await startRecordingServer();
  dir = tempDir('kcurl-names-');
  const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
  server.route('GET', '/api', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixtureBytes('discovery/aggregated-v2-api.json') });
  server.route('GET', '/apis', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixtureBytes('discovery/aggregated-v2-apis.json') });
  server.route('GET', /\/api\/v1\//, { status: 200, body: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', namespace: 'default' } } });
});

afterAll(async () => {
  await server?.close();
});

/** JSON is YAML; non-ASCII escaped, since YAML 1.1 readers fold U+2028 as a line break. */
const yaml = (doc: unknown) => JSON.stringify(doc).replace(/[^\x00-\x7e]/gu, (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);

const NAMES: [string, string, string[]][] = [
  // [case, the name context, cluster and user share, other users' names]
  ['double quote', 'a"b', ['a', 'b']],
  ['backslash at the end', 'x\\', ['x', 'x\\\\']],
  ['single quote', "it's", ['it']],
  ['] and )', 'a)]b', ['a']],
  ['@ and ==', '@.name=="x"', ['x']],
  ['spaces', ' admin user ', ['admin user', 'admin']],
  ['newline and a command', 'n\ntouch CANARY', ['n', 'touch CANARY']],
  ['carriage return', 'r\rtouch CANARY', ['r']],
  ['unicode', 'jané ✓ 😀', ['jan']],
  ['command substitution', '$(touch CANARY)`touch CANARY`', ['']],
  ['a filter trick on another user', 'x")].user.token}{.users[?(@.name=="admin', ['admin', 'x']],
  ['a prefix of another user', 'admin', ['admin-2', 'admin ', 'Admin']],
];

describe('the snippet reads the credentials kcurl used, whatever the kubeconfig names', () => {
  it.each(NAMES)('%s', async (_case, name, others) => {
    const caseDir = mkdtempSync(join(dir, 'case-'));
    const kubeconfig = join(caseDir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      yaml({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          ...others.map((o) => ({ name: o, cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': server.caFile } })),
          { name, cluster: { server: `${server.url}/`, 'certificate-authority': server.caFile } },
        ],
        users: [...others.map((o, i) => ({ name: o, user: { token: `decoy-${i}` } })), { name, user: { token: 'the-token' } }],
        contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
        'current-context': name,
      }),
      { mode: 0o600 },
    );
    const env = { KUBECONFIG: kubeconfig };
    server.reset();
    const k = await runKcurl(['get', 'configmap', 'x', '-o', 'name', '--show-curl', '--cache-dir', join(caseDir, 'cache')], { env });
    expect(k.code, k.stderr).toBe(0);
    const kcurlRequests = server.requests.filter((r) => r.target.startsWith('/api/v1/'));
    expect(kcurlRequests).toHaveLength(1);
    expect(kcurlRequests[0].headers).toContainEqual(['authorization', 'Bearer the-token']);
    server.reset();
    const work = mkdtempSync(join(caseDir, 'work-'));
    const s = await runSnippet(k.stderr, { env, cwd: work });
    expect(s.code, s.stderr).toBe(0);
    const snippetRequests = (server.requests as RecordedRequest[]).filter((r) => r.target.startsWith('/api/v1/'));
    expect(snippetRequests).toHaveLength(1);
    expect(compareRequests(kcurlRequests[0], snippetRequests[0])).toBeNull();
    expect(readdirSync(work)).toEqual([]);
    expect(existsSync(join(work, 'CANARY'))).toBe(false);
  });
});
