// --show=LANG: each raw-HTTP program kcurl prints, run as printed by bash (the curl preamble's credentials read by
// real kubectl, the program by the language's own runner from Debian's packages), sends what kcurl sends — method,
// target, body and every header, except those a runtime adds on its own, listed per language below. Requests are
// captured on the wire by a recording HTTPS server that answers like an API server (paged lists, 404s, a stream).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRequests } from '../helpers/compare-requests.js';
import { type RecordedRequest, startRecordingServer } from '../helpers/recording-server.js';
import { requireTool, withoutVersionProbe } from '../helpers/require-tool.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { runSnippet } from '../helpers/run-snippet.js';
import { writeKubeconfig } from '../helpers/write-kubeconfig.js';
import { readFixture } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

type Server = Awaited<ReturnType<typeof startRecordingServer>>;
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const TOKEN = 'kcurl-lang-token-0123456789';

/** Per language: the tools its runner needs, and the headers its runtime adds that kcurl does not send. */
const LANGS: Record<string, { tools: string[]; runtimeHeaders: string[] }> = {
  python: { tools: ['python3'], runtimeHeaders: [] },
  javascript: { tools: ['node'], runtimeHeaders: [] },
  go: { tools: ['go'], runtimeHeaders: [] },
  java: { tools: ['java'], runtimeHeaders: [] },
  csharp: { tools: ['mcs', 'mono'], runtimeHeaders: [] },
  wget: { tools: ['wget'], runtimeHeaders: [] },
  httpie: { tools: ['http'], runtimeHeaders: [] },
  haskell: { tools: ['runghc'], runtimeHeaders: [] },
};

let server: Server;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  for (const tool of ['bash', 'curl', 'kubectl', ...Object.values(LANGS).flatMap((l) => l.tools)]) requireTool(tool);
  server = await startRecordingServer();
  dir = tempDir('kcurl-langs-');
  kubeconfig = writeKubeconfig(dir, { server: server.url, caData: server.caPem, token: TOKEN, namespace: 'default', contextName: 'test' });
  server.route('GET', '/api', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixture('discovery/aggregated-v2-api.json') });
  server.route('GET', '/apis', { status: 200, headers: { 'content-type': AGGREGATED }, body: readFixture('discovery/aggregated-v2-apis.json') });
  server.route('GET', '/api/v1/namespaces/default/pods', (req, res) => {
    // Two pages: the first answer names a continue token (with characters that need escaping), the second none.
    const first = !req.target.includes('continue=');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7', ...(first ? { continue: 'eyJ2Ijoi+/= x' } : {}) }, items: [] }) +
        '\n',
    );
  });
  server.route('GET', '/api/v1/namespaces/default/pods/web', {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"default","resourceVersion":"9"},"spec":{"containers":[{"name":"c","image":"busybox"}]},"status":{"phase":"Running"}}',
  });
  server.route('GET', '/api/v1/namespaces/default/pods/web/log', { status: 200, headers: { 'content-type': 'text/plain' }, body: 'one\ntwo\n' });
  server.route('POST', /^\/version/, { status: 200, body: '{}' });
});

afterAll(async () => {
  await server?.close();
});

const withoutDiscovery = (requests: readonly RecordedRequest[]) =>
  withoutVersionProbe(requests as RecordedRequest[]).filter((r) => !/^\/(apis?|version)(\?|$)|^\/openapi\//.test(r.target));

/** Runs kcurl with --show=LANG (program on stderr), then the program as printed; both request lists, discovery left out. */
async function both(lang: string, args: string[], stdin?: string) {
  const env = { KUBECONFIG: kubeconfig };
  server.reset();
  const k = await runKcurl([...args, `--show=${lang}`, '--cache-dir', join(dir, 'cache')], { env, stdin });
  const kcurlRequests = withoutDiscovery(server.requests);
  server.reset();
  // kcurl's own result lines follow the program on stderr.
  const program = k.stderr
    .split('\n')
    .filter((l) => !/^(Error from server|error:|No resources found|Warning:)/.test(l))
    .join('\n');
  const s = await runSnippet(program, { env, timeoutMs: 120_000 });
  return { k, s, program, kcurlRequests, programRequests: withoutDiscovery(server.requests) };
}

const POD = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'it\'s-a "pod"', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

const COMMANDS: [string, string[], string?][] = [
  ['get (list, paged)', ['get', 'pods', '-n', 'default']],
  ['get (list, paged) -o name', ['get', 'pods', '-o', 'name']],
  ['get one object', ['get', 'pod', 'web']],
  ['get in another namespace (a 404, then the namespace check)', ['get', 'pod', 'web', '-n', 'team-a']],
  ['get -o json', ['get', 'pods', '-o', 'json']],
  ['get -w', ['get', 'pods', '-w', '--request-timeout', '2s']],
  ['get, hostile names', ['get', 'configmaps', "a'b", 'c"d', '$(x)', 'é ☃', 'a\\b', '-o', 'json']],
  ['create -f', ['create', '-f', '-'], POD],
  ['apply (client side)', ['apply', '-f', '-'], POD],
  ['apply --server-side', ['apply', '--server-side', '-f', '-'], POD],
  ['delete', ['delete', 'pod', 'web']],
  ['create token', ['create', 'token', 'default']],
  ['auth can-i', ['auth', 'can-i', 'list', 'pods']],
  ['describe', ['describe', 'pod', 'web']],
  ['logs -f', ['logs', 'web', '-f']],
];

for (const lang of Object.keys(LANGS)) {
  describe(`--show=${lang}: the program sends what kcurl sends`, () => {
    it.each(COMMANDS)('%s', async (_name, args, stdin) => {
      const { kcurlRequests, programRequests, program, s } = await both(lang, args, stdin);
      expect(program).not.toContain(TOKEN);
      expect(kcurlRequests.length, program).toBeGreaterThan(0);
      expect(programRequests.length, `${s.stderr}\n${program}`).toBe(kcurlRequests.length);
      kcurlRequests.forEach((req, i) => expect(compareRequests(req, programRequests[i], { ignoreHeaders: LANGS[lang].runtimeHeaders })).toBeNull());
      // The paged list is sent twice: the program follows continue= as kcurl does.
      if (args[0] === 'get' && args[1] === 'pods' && !args.includes('-w'))
        expect(programRequests.map((r) => r.target)).toEqual([expect.stringContaining('limit=500'), expect.stringContaining('continue=eyJ2Ijoi%2B%2F%3D+x')]);
      expect(programRequests[0].headers.find(([h]) => h.toLowerCase() === 'authorization')?.[1]).toBe(`Bearer ${TOKEN}`);
    });
  });
}

/** Each language's own check of a program file, run in the file's directory. */
const CHECKS: Record<string, { file: string; check: (file: string) => [string, string[]] }> = {
  python: { file: 'program.py', check: (f) => ['python3', ['-m', 'py_compile', f]] },
  javascript: { file: 'program.js', check: (f) => ['node', ['--check', f]] },
  go: { file: 'main.go', check: (f) => ['go', ['vet', f]] },
  java: { file: 'Kcurl.java', check: (f) => ['javac', ['-d', 'classes', f]] },
  csharp: { file: 'Kcurl.cs', check: (f) => ['mcs', ['-nologo', '-warnaserror', '-nowarn:162,414,618', '-out:Kcurl.exe', f]] },
  haskell: { file: 'Main.hs', check: (f) => ['ghc', ['-fno-code', f]] },
};

const OFFLINE: [string[], string?][] = [
  [['get', 'pods', '-A', '-l', 'app in (web,db)', '-w']],
  [['get', 'pod', 'web', '-n', 'team-a', '-o', 'yaml']],
  [['apply', '-f', '-'], POD],
  [['apply', '--server-side', '-f', '-'], POD],
  [
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'q' },
      data: { a: 'back\\slash "quote" \u0001 \\u0041 é ☃ $(x) `y`', b: 'line\nbreak' },
    }),
  ],
  [['delete', 'pod', 'web', '--request-timeout', '5s']],
  [['logs', 'web', '-f']],
  [['auth', 'can-i', 'list', 'pods', '--as', 'jane', '--as-group', 'devs']],
];

describe.each(Object.keys(CHECKS))("--show=%s programs pass the language's own check", (lang) => {
  it.each(OFFLINE)('%j', async (args, stdin) => {
    const { file, check } = CHECKS[lang];
    const k = await runKcurl([...args, `--show=${lang}`, '--offline'], { env: { KUBECONFIG: kubeconfig }, stdin });
    expect(k.code, k.stderr).toBe(0);
    const programs = [...k.stdout.matchAll(/<<'KCURL_PROGRAM'\n([\s\S]*?)\nKCURL_PROGRAM\n/g)].map((m) => m[1]);
    expect(programs.length, k.stdout).toBeGreaterThan(0);
    for (const program of programs) {
      const at = tempDir('kcurl-lang-check-');
      mkdirSync(join(at, 'home'));
      writeFileSync(join(at, file), program + '\n');
      const [tool, argv] = check(file);
      const r = await runProcess(requireTool(tool), argv, { cwd: at, env: { PATH: CLEAN_PATH, HOME: join(at, 'home') }, timeoutMs: 120_000 });
      expect(r.code, `${r.stdout}${r.stderr}\n${program}`).toBe(0);
    }
  });
});

// wget and HTTPie programs are bash itself (run above as printed); here every offline output passes `bash -n`.
describe.each(['wget', 'httpie'])('--show=%s scripts pass bash -n', (lang) => {
  it.each(OFFLINE)('%j', async (args, stdin) => {
    const k = await runKcurl([...args, `--show=${lang}`, '--offline'], { env: { KUBECONFIG: kubeconfig }, stdin });
    expect(k.code, k.stderr).toBe(0);
    const r = await runProcess(requireTool('bash'), ['-n'], { stdin: k.stdout, env: { PATH: CLEAN_PATH }, timeoutMs: 60_000 });
    expect(r.code, `${r.stderr}\n${k.stdout}`).toBe(0);
  });
});
