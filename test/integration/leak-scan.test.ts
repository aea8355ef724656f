// The leak scan: every command in COMMANDS (one row each; a command added later joins by one row) is run
// against a sandbox holding a Secret of known canary values, plain, at -v 6, 7, 8 and 9, and with --record
// to a journal and a HAR file; stdout, stderr, both recordings, their `replay --to-script` and `--to-har`
// conversions and every file left under the temporary HOME are scanned for the canaries (plain, base64 and
// URL-encoded) and for the admin token. `kcurl proxy` with curl through it is scanned the same way (its
// log, its recording, the conversions). Only where the user asked for a value, as with kubectl (`get secret
// -o yaml`, `create token`), may stdout hold it: each such row says so in `stdoutShowsValues`, with why.
// --reveal is the control: with it the same recording does hold the values, so the scanner finds them.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH } from '../helpers/spawn.js';
import { requireTool } from '../helpers/require-tool.js';
import { startKcurlServer } from './record-helpers.js';
import { eventually, KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

const PLAIN = 'plain-canary-7f3a9c1e';
const DATA = 'data-canary-41d2e8b0';
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImNhbmFyeSJ9.eyJzdWIiOiJqd3QtY2FuYXJ5LTU1In0.c2lnbmF0dXJlLWNhbmFyeS05OQ';
const PEM_BODY = 'MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEApemcanary0d1e';
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----\n`;
const APPLIED = 'applied-canary-93bb2a6d';
const LITERAL = 'literal-canary-0c55e7fa';

/** The Secret every row reads: data values (base64 on the wire) and a last-applied annotation with stringData. */
const canaryManifest = (name: string) =>
  [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${name}`,
    'stringData:',
    `  plain: ${PLAIN}`,
    `  jwt: ${JWT}`,
    `  key.pem: ${JSON.stringify(PEM)}`,
    'data:',
    `  data: ${Buffer.from(DATA).toString('base64')}`,
    '',
  ].join('\n');

/** What a row may print on stdout because the user asked for it (as kubectl prints it). */
type StdoutValues = false | { why: string };

interface Row {
  name: string;
  /** kcurl's arguments; files written by the test are referred to through {dir}. */
  args: string[];
  stdoutShowsValues: StdoutValues;
  /** Runs before each run of the row (a Secret to delete exists again). */
  before?: () => Promise<void>;
  /** The command's own exit code is not the point (create fails once the object exists). */
  anyExitCode?: boolean;
  /** What stdout printed is itself a credential (create token): the other outputs must not hold it. */
  stdoutIsCanary?: boolean;
  /** The command answers without a request (version, token), so --record leaves no file. */
  sendsNoRequest?: boolean;
}

let t: TestSandbox;
let dir: string;
let canaries: [string, string][];

const COMMANDS: Row[] = [
  { name: 'get secrets (Table)', args: ['get', 'secrets'], stdoutShowsValues: false },
  { name: 'get secrets -o wide', args: ['get', 'secrets', '-o', 'wide'], stdoutShowsValues: false },
  { name: 'get secrets -o name', args: ['get', 'secrets', '-o', 'name'], stdoutShowsValues: false },
  {
    name: 'get secret -o json',
    args: ['get', 'secret', 'canary', '-o', 'json'],
    stdoutShowsValues: { why: 'the user asked for the object, values included, as kubectl prints it' },
  },
  {
    name: 'get secret -o yaml',
    args: ['get', 'secret', 'canary', '-o', 'yaml'],
    stdoutShowsValues: { why: 'the user asked for the object, values included, as kubectl prints it' },
  },
  { name: 'get secrets -o custom-columns (names only)', args: ['get', 'secrets', '-o', 'custom-columns=NAME:.metadata.name'], stdoutShowsValues: false },
  { name: 'get secrets -w (until --request-timeout)', args: ['get', 'secrets', '-w', '--request-timeout', '2s'], stdoutShowsValues: false, anyExitCode: true },
  {
    name: 'get secrets -w -o json (until --request-timeout)',
    args: ['get', 'secrets', '-w', '-o', 'json', '--request-timeout', '2s'],
    stdoutShowsValues: { why: 'the user asked for the objects in JSON, as kubectl prints them' },
    anyExitCode: true,
  },
  { name: 'get secrets --token (a credential on the command line)', args: ['get', 'secrets', '--token', '{token}'], stdoutShowsValues: false },
  {
    name: 'get --raw of a Secret',
    args: ['get', '--raw', '/api/v1/namespaces/default/secrets/canary'],
    stdoutShowsValues: { why: '--raw prints the answer as the server sent it, as kubectl get --raw does' },
  },
  { name: 'describe secret', args: ['describe', 'secret', 'canary'], stdoutShowsValues: false },
  { name: 'apply of a Secret manifest with stringData', args: ['apply', '-f', '{dir}/applied.yaml'], stdoutShowsValues: false },
  {
    name: 'create -f of a Secret manifest with --save-config',
    args: ['create', '-f', '{dir}/created.yaml', '--save-config'],
    stdoutShowsValues: false,
    before: async () => void (await t.request('DELETE', '/api/v1/namespaces/default/secrets/created')),
  },
  {
    name: 'create -f --content-type yaml (the manifest sent as written)',
    args: ['create', '-f', '{dir}/created.yaml', '--content-type', 'yaml'],
    stdoutShowsValues: false,
    before: async () => void (await t.request('DELETE', '/api/v1/namespaces/default/secrets/created')),
  },
  { name: 'get of the applied Secret as a Table', args: ['get', 'secret', 'applied'], stdoutShowsValues: false },
  {
    name: 'delete secret (the answer is the deleted object)',
    args: ['delete', 'secret', 'doomed'],
    stdoutShowsValues: false,
    before: async () => {
      await t.request('DELETE', '/api/v1/namespaces/default/secrets/doomed');
      const r = await t.request('POST', '/api/v1/namespaces/default/secrets', { body: canaryManifest('doomed'), contentType: 'application/yaml' });
      expect(r.status).toBe(201);
    },
  },
  {
    name: 'create token',
    args: ['create', 'token', 'default'],
    stdoutShowsValues: { why: 'printing the issued token is what create token is for, as in kubectl' },
    stdoutIsCanary: true,
  },
  {
    name: 'logs of a pod that printed a private key',
    args: ['logs', 'logger'],
    stdoutShowsValues: { why: "the user asked for the pod's log, as kubectl logs prints it" },
  },
  {
    name: 'logs -f (a stream, until --request-timeout)',
    args: ['logs', '-f', 'logger', '--request-timeout', '2s'],
    stdoutShowsValues: { why: "the user asked for the pod's log, as kubectl logs prints it" },
    anyExitCode: true,
  },
  { name: 'exec in a pod (a WebSocket upgrade)', args: ['exec', 'logger', '--', 'echo', 'hello'], stdoutShowsValues: false },
  { name: 'cp a file out of a pod (tar through exec)', args: ['cp', 'logger:/etc/hostname', 'copied.txt'], stdoutShowsValues: false },
  { name: 'auth can-i get secrets', args: ['auth', 'can-i', 'get', 'secrets'], stdoutShowsValues: false },
  { name: 'api-resources', args: ['api-resources'], stdoutShowsValues: false },
  { name: 'api-versions', args: ['api-versions'], stdoutShowsValues: false },
  { name: 'version', args: ['version'], stdoutShowsValues: false, sendsNoRequest: true },
  { name: 'describe secrets (all of them)', args: ['describe', 'secrets'], stdoutShowsValues: false },
  {
    name: 'token',
    args: ['token'],
    stdoutShowsValues: { why: 'kcurl token prints the credential kcurl would send: that is what it is for' },
    sendsNoRequest: true,
  },
  {
    name: 'record -- kubectl get secrets -o yaml',
    args: ['record', '--', KUBECTL_132, 'get', 'secrets', '-o', 'yaml'],
    stdoutShowsValues: { why: "stdout is kubectl's, printing the Secrets the user asked for in YAML" },
  },
  { name: 'record -- kubectl get secrets -o wide', args: ['record', '--', KUBECTL_132, 'get', 'secrets', '-o', 'wide'], stdoutShowsValues: false },
  { name: 'record -- kubectl apply of a Secret manifest', args: ['record', '--', KUBECTL_132, 'apply', '-f', '{dir}/applied.yaml'], stdoutShowsValues: false },
  {
    // kubectl's typed client sends this Secret as protobuf; its argv holds the value too.
    name: 'record -- kubectl create secret --from-literal (protobuf body)',
    args: ['record', '--', KUBECTL_132, 'create', 'secret', 'generic', 'literal', `--from-literal=k=${LITERAL}`],
    stdoutShowsValues: false,
    before: async () => void (await t.request('DELETE', '/api/v1/namespaces/default/secrets/literal')),
  },
];

/** Every form of every canary the scanner looks for. */
function forms(value: string): [string, string][] {
  const out: [string, string][] = [
    ['plain', value],
    ['base64', Buffer.from(value).toString('base64')],
    ['URL-encoded', encodeURIComponent(value)],
  ];
  return out.filter(([, v], i) => out.findIndex(([, w]) => w === v) === i);
}

function scan(text: string, extra: [string, string][] = []): string[] {
  const found: string[] = [];
  for (const [name, value] of [...canaries, ...extra]) {
    for (const [form, v] of forms(value)) if (text.includes(v)) found.push(`${name} (${form})`);
  }
  return found;
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const RUNS: { label: string; flags: (file: string) => string[]; record?: string }[] = [
  { label: 'plain, --record .jsonl', flags: (f) => ['--record', f], record: 'jsonl' },
  { label: '-v 6, --record .har', flags: (f) => ['-v', '6', '--record', f], record: 'har' },
  { label: '-v 7', flags: () => ['-v', '7'] },
  { label: '-v 8', flags: () => ['-v', '8'] },
  { label: '-v 9', flags: () => ['-v', '9'] },
];

beforeAll(async () => {
  requireTool('curl');
  t = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'kcurl-leak-scan-'));
  canaries = [
    ['Secret stringData value', PLAIN],
    ['Secret data value', DATA],
    ['JWT-shaped Secret value', JWT],
    ['PEM private key', PEM_BODY],
    ['applied stringData value', APPLIED],
    ['--from-literal value', LITERAL],
    ['admin token', t.sb.adminToken],
  ];
  // Through kubectl apply, so the Secret also carries the last-applied-configuration annotation.
  const applied = await t.kubectl(['apply', '-f', '-'], { stdin: canaryManifest('canary') });
  expect(applied.code).toBe(0);
  // A pod whose log holds a PEM private key (an application printing its key by mistake).
  const script = `echo starting; echo -----BEGIN PRIVATE KEY-----; echo ${PEM_BODY}; echo -----END PRIVATE KEY-----; echo ready; sleep 3600`;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'logger' },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', script] }] },
  };
  expect((await t.request('POST', '/api/v1/namespaces/default/pods', { body: pod })).status).toBe(201);
  await eventually(
    async () => ((await t.request('GET', '/api/v1/namespaces/default/pods/logger/log')).text.includes('ready') ? true : undefined),
    'the logger pod to log',
  );
  writeFileSync(join(dir, 'created.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: created\nstringData:\n  password: ${APPLIED}\n`);
  writeFileSync(join(dir, 'applied.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: applied\nstringData:\n  password: ${APPLIED}\n`);
}, 60_000);

afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const env = (home: string) => ({ KUBECONFIG: t.sb.kubeconfigPath, HOME: home, PATH: CLEAN_PATH });

/** The replay conversions of a recording: --to-script (stdout) and --to-har (a file). */
async function conversions(file: string, home: string): Promise<[string, string][]> {
  const script = await runKcurl(['replay', file, '--to-script'], { env: env(home) });
  expect(script.code, script.stderr).toBe(0);
  const har = `${file}.converted.har`;
  const toHar = await runKcurl(['replay', file, '--to-har', har], { env: env(home) });
  expect(toHar.code, toHar.stderr).toBe(0);
  return [
    [`replay ${file} --to-script`, script.stdout + script.stderr],
    [`replay ${file} --to-har`, readFileSync(har, 'utf8') + toHar.stderr],
  ];
}

describe('leak scan: every command × every output', () => {
  it.each(COMMANDS.map((row) => [row.name, row] as const))(
    '%s',
    async (_name, row) => {
      const home = mkdtempSync(join(dir, 'home-'));
      const work = mkdtempSync(join(dir, 'work-'));
      const leaks: string[] = [];
      const check = (where: string, text: string, extra: [string, string][] = []) => {
        for (const f of scan(text, extra)) leaks.push(`${where}: ${f}`);
      };
      const args = row.args.map((a) => a.replace('{dir}', dir).replace('{token}', t.sb.adminToken));
      for (const run of RUNS) {
        await row.before?.();
        const file = join(work, `${run.label.replace(/\W+/g, '-')}.${run.record ?? 'none'}`);
        // kcurl's flags go before `--` (record), or at the end.
        const cut = args.indexOf('--');
        const full = cut < 0 ? [...args, ...run.flags(file)] : [...args.slice(0, cut), ...run.flags(file), ...args.slice(cut)];
        const r = await runKcurl(full, { env: env(home), cwd: work, timeoutMs: 30_000 });
        if (!row.anyExitCode) expect(r.code, `${run.label}: ${r.stderr}`).toBe(0);
        const extra: [string, string][] = row.stdoutIsCanary && r.stdout.trim() ? [['the printed credential', r.stdout.trim()]] : [];
        if (!row.stdoutShowsValues) check(`${run.label} stdout`, r.stdout);
        check(`${run.label} stderr`, r.stderr, extra);
        if (run.record) expect(existsSync(file), `${run.label}: a recording at ${file}`).toBe(!row.sendsNoRequest);
        if (run.record && !row.sendsNoRequest) {
          check(`${run.label} recording`, readFileSync(file, 'utf8'), extra);
          expect(statSync(file).mode & 0o777).toBe(0o600);
          for (const [where, text] of await conversions(file, home)) check(where, text, extra);
        }
      }
      for (const f of filesUnder(home)) check(`file under HOME ${f.slice(home.length)}`, readFileSync(f, 'latin1'));
      expect(leaks).toEqual([]);
    },
    180_000,
  );

  it('kcurl proxy, with curl through it: the proxy log, its recordings and their conversions', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const leaks: string[] = [];
    for (const [flags, ext] of [
      [['-v', '8'], 'jsonl'],
      [[], 'har'],
    ] as const) {
      const file = join(dir, `proxy.${ext}`);
      const proxy = await startKcurlServer(['proxy', '--port', '0', '--record', file, ...flags], { KUBECONFIG: t.sb.kubeconfigPath, HOME: home });
      const curl = (curlArgs: string[]) =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(requireTool('curl'), ['-sS', ...curlArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
          child.on('error', reject);
          child.on('exit', () => resolve(out));
        });
      // The client asked for the Secret: curl's own output holds it (the control that the proxy relayed it).
      expect(await curl([`${proxy.base}/api/v1/namespaces/default/secrets/canary`])).toContain(Buffer.from(PLAIN).toString('base64'));
      await curl([`${proxy.base}/api/v1/namespaces/default/secrets?watch=1&timeoutSeconds=1`]);
      await curl(['-X', 'DELETE', `${proxy.base}/api/v1/namespaces/default/secrets/proxied`]);
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'proxied' }, stringData: { p: PLAIN } });
      await curl(['-X', 'POST', '-H', 'Content-Type: application/json', '--data-binary', body, `${proxy.base}/api/v1/namespaces/default/secrets`]);
      await proxy.stop();
      for (const f of scan(proxy.stdout() + proxy.stderr())) leaks.push(`proxy ${flags.join(' ')} log: ${f}`);
      for (const f of scan(readFileSync(file, 'utf8'))) leaks.push(`proxy recording ${ext}: ${f}`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      for (const [where, text] of await conversions(file, home)) for (const f of scan(text)) leaks.push(`${where}: ${f}`);
    }
    for (const f of filesUnder(home)) for (const found of scan(readFileSync(f, 'latin1'))) leaks.push(`file under HOME ${f.slice(home.length)}: ${found}`);
    expect(leaks).toEqual([]);
  }, 120_000);

  it('finds the values with --reveal (the scanner is not blind)', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const file = join(dir, 'reveal.jsonl');
    const r = await runKcurl(['get', 'secret', 'canary', '-o', 'name', '--record', file, '--reveal'], { env: env(home) });
    expect(r.code, r.stderr).toBe(0);
    const found = scan(readFileSync(file, 'utf8'));
    expect(found).toContain('Secret data value (base64)');
    expect(found).toContain('PEM private key (plain)');
    expect(found).toContain('Secret stringData value (plain)');
  });
});
