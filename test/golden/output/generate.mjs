// Regenerates the kubectl goldens in this directory: for every case in cases.json it serves the recorded API
// responses with test/helpers/fixture-server.mjs, runs the real kubectl v1.32 against it, and saves kubectl's stdout
// as <case>.out (and stderr as <case>.err when kubectl failed or printed to stderr). Then it rewrites README.md.
// Needs the pinned kubectl; CI never runs this, the unit tests only read its output.
//   node test/golden/output/generate.mjs [case-name-substring]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFixtureServer } from '../../helpers/fixture-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const KUBECTL = process.env.KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

const S = 'test/golden/output/server/';
const T = 'fixtures/tables/';
const O = 'fixtures/objects/';
// What a v1.26 API server would answer for the resources the cases ask about (discovery trimmed to core, apps, rbac).
const DEFAULT_ROUTES = {
  '/api': S + 'api.json',
  '/apis': S + 'apis.json',
  '/api/v1': S + 'api_v1.json',
  '/apis/apps/v1': S + 'apis_apps_v1.json',
  '/apis/rbac.authorization.k8s.io/v1': S + 'apis_rbac.authorization.k8s.io_v1.json',
  '/api/v1/namespaces/default/pods': { table: T + 'pods.json', json: O + 'list-pods.json' },
  '/api/v1/pods': { table: T + 'pods-all-namespaces.json', json: O + 'list-pods.json' },
  '/api/v1/namespaces/default/pods/pod-example': { table: T + 'pod-single.json', json: O + 'pod-example.json' },
  '/apis/apps/v1/namespaces/default/deployments': { table: T + 'deployments.json', json: O + 'list-deployments.apps.json' },
  '/apis/apps/v1/namespaces/default/deployments/web': { json: O + 'deployment-web.json' },
  '/apis/apps/v1/namespaces/default/statefulsets': { table: T + 'statefulsets.json', json: O + 'list-statefulsets.apps.json' },
  '/api/v1/namespaces': { table: T + 'namespaces.json', json: O + 'list-namespaces.json' },
  '/api/v1/namespaces/default/services': { table: T + 'services.json', json: O + 'list-services.json' },
  '/api/v1/namespaces/default/events': { table: T + 'events.json', json: O + 'list-events.json' },
  '/apis/rbac.authorization.k8s.io/v1/clusterroles': { table: T + 'clusterroles-first-page.json' },
};

function run(args, env) {
  return new Promise((resolve) => {
    const child = spawn(KUBECTL, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const cases = JSON.parse(readFileSync(path.join(here, 'cases.json'), 'utf8'));
const only = process.argv[2];
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  const srv = await startFixtureServer({ routes: { ...DEFAULT_ROUTES, ...(c.routes ?? {}) }, baseDir: repo });
  const home = mkdtempSync(path.join(tmpdir(), 'kcurl-golden-'));
  try {
    // Plain http: kubectl sends no credentials; a fresh cache dir forces discovery from the fixtures.
    const env = { HOME: home, KUBECONFIG: path.join(home, 'none'), PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const result = await run([`--server=${srv.url}`, `--cache-dir=${path.join(home, 'cache')}`, ...c.kubectl], env);
    writeFileSync(path.join(here, `${c.name}.out`), result.stdout);
    const errFile = path.join(here, `${c.name}.err`);
    // klog's time and pid prefix would change on every run: keep only the severity letter.
    const stderr = result.stderr.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, '$1 ');
    if (stderr) writeFileSync(errFile, stderr);
    else if (existsSync(errFile)) unlinkSync(errFile);
    process.stdout.write(`${c.name}: exit ${result.code}, ${result.stdout.length} bytes${result.stderr ? `, stderr: ${result.stderr.split('\n')[0].slice(0, 100)}` : ''}\n`);
  } finally {
    await srv.close();
    rmSync(home, { recursive: true, force: true });
  }
}

const quote = (a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
const readme = [
  '# kubectl output goldens',
  '',
  'Each `<case>.out` is what the real kubectl v1.32.5 printed to stdout (and `<case>.err` to stderr) for the command',
  'below, run against `test/helpers/fixture-server.mjs` serving recorded kube-apiserver v1.26 responses and the',
  'synthetic fixtures in `fixtures/tables/` and `fixtures/objects/`. `cases.json` says which fixture answers which',
  'request and how `test/unit/output/kubectl-goldens.test.ts` feeds the same input to kcurl\'s printers, which must',
  'reproduce these files byte for byte. Regenerate (needs the pinned kubectl) with',
  '`node test/golden/output/generate.mjs [case]`, then review the diff like code.',
  '',
  '| case | kubectl command | note |',
  '| --- | --- | --- |',
  ...cases.map((c) => `| ${c.name} | \`kubectl ${c.kubectl.map(quote).join(' ').replace(/\|/g, '\\|')}\` | ${c.note ?? ''} |`),
  '',
];
writeFileSync(path.join(here, 'README.md'), readme.join('\n'));
