// --show=LANG:client: the programs written with the official clients — Python's `kubernetes` (Debian's
// python3-kubernetes) and JavaScript's @kubernetes/client-node 1.x — run as printed by bash against the real
// sandbox, through a recording proxy, and send what kcurl sends. A generated client picks some things itself
// (its Accept and Content-Type, how it writes booleans and orders the query, JSON spacing); each such difference
// is listed below per language and per command, nothing is ignored wholesale: the method and path are equal,
// the query equal as a set of pairs, the body equal as JSON, and every header equal except those listed.
// The Go, Java and C# client programs cannot be built here: test/golden/show-clients/ holds them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_CHOSEN_HEADERS } from '../helpers/compare-requests.js';
import { type ProxiedExchange, type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy.js';
import { kcurlThenProgram } from '../helpers/show-program.js';
import { requireTool } from '../helpers/require-tool.js';
import { REPO_ROOT, runKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { tempDir } from '../helpers/temp-dir.js';
import { completedPod, eventually, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let proxy: RecordingProxy;
let kubeconfig: string;

const CONFIGMAP = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'made', namespace: 'default' },
  data: { quote: 'it\'s a "value" \\ é ☃', empty: '' },
});

const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};
const WIDGET = JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 3 } });

beforeAll(async () => {
  for (const tool of ['bash', 'curl', 'kubectl', 'node', '/usr/bin/python3']) requireTool(tool);
  t = await startTestSandbox();
  proxy = await startRecordingProxy({ upstream: t.sb.url, upstreamCaPem: t.sb.caPem });
  kubeconfig = proxy.kubeconfig({ token: t.sb.adminToken, namespace: 'default', contextName: 'sandbox' });
  await completedPod(t, 'web', 'echo one; echo two');
  // A custom resource: the clients' CustomObjects API.
  expect((await t.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: WIDGET_CRD })).status).toBe(201);
  await eventually(async () => ((await t.request('GET', '/apis/example.com/v1')).status === 200 ? true : undefined), 'the Widget API');
  expect((await t.request('POST', '/apis/example.com/v1/namespaces/default/widgets', { body: JSON.parse(WIDGET) })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await t?.close();
});

/** The state a command expects before each run (kcurl's, then the program's). */
const SETUP: Record<string, () => Promise<unknown>> = {
  made: () => t.request('DELETE', '/api/v1/namespaces/default/configmaps/made'),
  doomed: () => t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'doomed' } } }),
  /** ConfigMap made exists (created, or already there): apply patches it. */
  existing: () => t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'made' } } }),
};

/** Runs kcurl with --show=LANG:client (program on stderr), then the program as printed, against the sandbox. */
function both(lang: string, args: string[], stdin: string | undefined, setup: string | undefined) {
  const env = { KUBECONFIG: kubeconfig, NODE_PATH: join(REPO_ROOT, 'node_modules') };
  return kcurlThenProgram(proxy, `${lang}:client`, args, { env, stdin, setup: setup ? SETUP[setup] : undefined });
}

/** A difference a client's request is allowed: a header it sets its own way, or a query value it writes its own way. */
interface Allowed {
  /** Header (lower case) → the value the client sends instead of kcurl's; null: the client sends none. */
  headers?: Record<string, string | null>;
  /** Query parameter → the value the client sends instead; null: the client does not send it. */
  query?: Record<string, string | null>;
}

/** kubectl asks for a Table to print columns; a client asks for objects. */
const asJson: Allowed = { headers: { accept: 'application/json' } };
/** The Python client before v25 has no field_validation option (the program says so). */
const noFieldValidation: Allowed = { query: { fieldValidation: null } };

/** The commands, with what each client's request may differ in (per request, in order). */
const COMMANDS: { name: string; args: string[]; stdin?: string; setup?: string; allowed: Record<string, Allowed[]> }[] = [
  { name: 'get (list, in pages)', args: ['get', 'pods', '-n', 'default'], allowed: { python: [asJson], javascript: [] } },
  { name: 'get one object', args: ['get', 'pod', 'web'], allowed: { python: [asJson], javascript: [] } },
  { name: 'get -o json', args: ['get', 'pods', '-o', 'json'], allowed: { python: [{}], javascript: [] } },
  {
    name: 'get -w --request-timeout (a watch the server ends)',
    args: ['get', 'pods', '-w', '--request-timeout', '2s'],
    allowed: {
      python: [
        { ...asJson, query: { timeout: null } },
        { ...asJson, query: { timeout: null, timeoutSeconds: '2', watch: 'True' } },
      ],
      // Watch fetches with fetch's own Accept.
      javascript: [{ query: { timeout: null } }, { headers: { accept: '*/*' }, query: { timeout: null, timeoutSeconds: '2' } }],
    },
  },
  {
    name: 'get in another namespace (a 404, then the namespace check)',
    args: ['get', 'pod', 'web', '-n', 'team-a'],
    allowed: { python: [asJson, asJson], javascript: [] },
  },
  { name: 'create -f', args: ['create', '-f', '-'], stdin: CONFIGMAP, setup: 'made', allowed: { python: [noFieldValidation], javascript: [] } },
  {
    name: 'apply --server-side',
    args: ['apply', '--server-side', '-f', '-'],
    stdin: CONFIGMAP,
    allowed: { python: [{ query: { fieldValidation: null, force: 'False' } }], javascript: [{}] },
  },
  {
    name: 'apply (client side: a probe, then create)',
    args: ['apply', '-f', '-'],
    stdin: CONFIGMAP,
    setup: 'made',
    allowed: {
      python: [{}, noFieldValidation],
      javascript: [{}, {}],
    },
  },
  {
    name: 'apply (client side: a probe, then a strategic-merge patch)',
    args: ['apply', '-f', '-'],
    stdin: CONFIGMAP,
    setup: 'existing',
    allowed: { python: [{}, noFieldValidation], javascript: [{}, {}] },
  },
  { name: 'delete', args: ['delete', 'configmap', 'doomed', '--wait=false'], setup: 'doomed', allowed: { python: [{}], javascript: [] } },
  {
    name: 'logs -f',
    args: ['logs', 'web', '-f'],
    allowed: {
      python: [asJson, { ...asJson, query: { follow: 'True' } }],
      // Log fetches with fetch's own Accept and sends its options' defaults.
      javascript: [{}, { headers: { accept: '*/*' }, query: { pretty: 'true', previous: 'false', timestamps: 'false' } }],
    },
  },
  { name: 'get custom resources -o json (CustomObjects)', args: ['get', 'widgets', '-o', 'json'], allowed: { python: [{}], javascript: [{}] } },
  { name: 'get one custom resource', args: ['get', 'widget', 'w1', '-o', 'json'], allowed: { python: [{}], javascript: [{}] } },
  {
    name: 'apply --server-side a custom resource',
    args: ['apply', '--server-side', '-f', '-'],
    stdin: WIDGET,
    allowed: { python: [{ query: { fieldValidation: null, force: 'False' } }], javascript: [{}] },
  },
  {
    name: 'get --raw (no typed call)',
    args: ['get', '--raw', '/healthz'],
    // The raw request carries kcurl's own Accept, not the generated calls' one.
    allowed: { python: [{}], javascript: [{ headers: { accept: 'application/json, */*' } }] },
  },
  { name: 'create token', args: ['create', 'token', 'default'], allowed: { python: [{}], javascript: [] } },
  { name: 'auth can-i', args: ['auth', 'can-i', 'list', 'pods'], allowed: { python: [{}], javascript: [] } },
  {
    name: 'auth can-i, impersonating',
    args: ['auth', 'can-i', 'list', 'pods', '--as', 'jane', '--as-group', 'system:masters'],
    allowed: { python: [{}], javascript: [{}] },
  },
];

function normalise(e: ProxiedExchange) {
  const headers = new Map<string, string[]>();
  for (const [name, value] of e.headers) {
    const key = name.toLowerCase();
    if ((CLIENT_CHOSEN_HEADERS as readonly string[]).includes(key)) continue;
    headers.set(key, [...(headers.get(key) ?? []), value]);
  }
  let body: unknown = e.body.toString('utf8');
  try {
    body = (body as string) === '' ? '' : JSON.parse(body as string);
  } catch {}
  return { method: e.method, path: e.path, query: [...e.query].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), headers, body };
}

/** kcurl's request with the listed differences applied: what the client must send. */
function expected(e: ProxiedExchange, allowed: Allowed | undefined, runtime: Record<string, string>) {
  const n = normalise(e);
  for (const [h, v] of Object.entries({ ...runtime, ...(allowed?.headers ?? {}) })) {
    if (v === null) n.headers.delete(h);
    else n.headers.set(h, [v]);
  }
  let query = n.query;
  for (const [q, v] of Object.entries(allowed?.query ?? {})) {
    query = query.filter(([k]) => k !== q);
    if (v !== null) query.push([q, v]);
  }
  return {
    method: n.method,
    path: n.path,
    query: query.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    headers: Object.fromEntries(n.headers),
    body: n.body,
  };
}

function actual(e: ProxiedExchange) {
  const n = normalise(e);
  return { method: n.method, path: n.path, query: n.query, headers: Object.fromEntries(n.headers), body: n.body };
}

/** Per language: headers its client adds to every request of a kind (GET, or a body-less DELETE), beyond kcurl's. */
const RUNTIME: Record<string, (e: ProxiedExchange) => Record<string, string>> = {
  // urllib3 under the Python client: Content-Type application/json on every request, a body or not.
  python: (e): Record<string, string> => (e.body.length ? {} : { 'content-type': 'application/json' }),
  // client-node's generated calls: Accept application/json, */*;q=0.8 whatever the call.
  javascript: (): Record<string, string> => ({ accept: 'application/json, */*;q=0.8' }),
};

for (const lang of Object.keys(RUNTIME)) {
  describe(`--show=${lang}:client: the program sends what kcurl sends`, () => {
    it.each(COMMANDS.filter((c) => c.allowed[lang]))('$name', async ({ args, stdin, setup, allowed }) => {
      const { k, kcurlRequests, programRequests, program, s } = await both(lang, args, stdin, setup);
      expect(program).not.toContain(t.sb.adminToken);
      // The program ends as kcurl does: 0, or 1 after an error from the server.
      expect(s.code, `${s.stdout}\n${s.stderr}\n${program}`).toBe(k.code);
      // … and says why in kubectl's words, as kcurl does.
      const error = k.stderr.split('\n').find((l) => l.startsWith('Error from server'));
      if (error) expect(s.stderr).toContain(error);
      expect(kcurlRequests.length, program).toBeGreaterThan(0);
      expect(
        programRequests.map((r) => `${r.method} ${r.path}`),
        `${s.stderr}\n${program}`,
      ).toEqual(kcurlRequests.map((r) => `${r.method} ${r.path}`));
      kcurlRequests.forEach((req, i) =>
        expect(actual(programRequests[i]), `request ${i + 1}\n${program}`).toEqual(expected(req, allowed[lang][i], RUNTIME[lang](req))),
      );
      expect(programRequests[0].headers.find(([h]) => h.toLowerCase() === 'authorization')?.[1]).toBe(`Bearer ${t.sb.adminToken}`);
    });
  });
}

/**
 * Each language's own check of a program file. Go, Java and C# cannot be compiled here (client-go, client-java and
 * KubernetesClient are not installed): their programs are parsed only (quiet: the check prints nothing either).
 */
const CHECKS: Record<string, { file: string; check: (file: string) => [string, string[]]; quiet?: boolean }> = {
  python: { file: 'program.py', check: (f) => ['/usr/bin/python3', ['-m', 'py_compile', f]] },
  javascript: { file: 'program.js', check: (f) => ['node', ['--check', f]] },
  // gofmt -l: the program parses, and is formatted as gofmt formats it.
  go: { file: 'main.go', check: (f) => ['gofmt', ['-e', '-l', f]], quiet: true },
  // javac stopped after parsing (client-java is not on the class path here).
  // mcs --parse (KubernetesClient is not installed here).
  csharp: { file: 'KcurlClient.cs', check: (f) => ['mcs', ['--parse', f]] },
  java: { file: 'KcurlClient.java', check: (f) => ['javac', ['-XDshould-stop.ifNoError=PARSE', '-XDshould-stop.ifError=PARSE', '-d', 'classes', f]] },
};

const OFFLINE: [string[], string?][] = [
  [['get', 'pods', '-A', '-l', 'app in (web,db)', '-w']],
  [['get', 'pod', 'web', '-n', 'team-a', '-o', 'yaml']],
  [['apply', '-f', '-'], CONFIGMAP],
  [['apply', '--server-side', '-f', '-'], CONFIGMAP],
  [['create', '-f', '-'], CONFIGMAP],
  [['patch', 'deployment', 'web', '--type', 'merge', '-p', '{"spec":{"replicas":2}}']],
  [['patch', 'deployment', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]']],
  [['delete', 'pod', 'web', '--request-timeout', '5s']],
  [['logs', 'web', '-f', '-c', 'c', '--tail', '5']],
  [['auth', 'can-i', 'list', 'pods', '--as', 'jane', '--as-group', 'devs']],
  [['create', 'token', 'default', '--duration', '10m']],
  [['api-versions']],
];

describe.each(Object.keys(CHECKS))("--show=%s:client programs pass the language's own check", (lang) => {
  it.each(OFFLINE)('%j', async (args, stdin) => {
    const { file, check, quiet } = CHECKS[lang];
    const k = await runKcurl([...args, `--show=${lang}:client`, '--offline'], { env: { KUBECONFIG: kubeconfig }, stdin });
    expect(k.code, k.stderr).toBe(0);
    const programs = [...k.stdout.matchAll(/<<'KCURL_PROGRAM'\n([\s\S]*?)\nKCURL_PROGRAM\n/g)].map((m) => m[1]);
    expect(programs.length, k.stdout).toBeGreaterThan(0);
    for (const program of programs) {
      const at = tempDir('kcurl-client-check-');
      mkdirSync(join(at, 'home'));
      writeFileSync(join(at, file), program + '\n');
      const [tool, argv] = check(file);
      const r = await runProcess(requireTool(tool), argv, { cwd: at, env: { PATH: CLEAN_PATH, HOME: join(at, 'home') }, timeoutMs: 120_000 });
      expect(r.code, `${r.stdout}${r.stderr}\n${program}`).toBe(0);
      if (quiet) expect(r.stdout, program).toBe('');
    }
  });
});
