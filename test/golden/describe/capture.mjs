// Captures the golden cases of the describe renderers from a live API server and the pinned kubectl v1.32:
// for each case, kubectl's stdout (CASE.kubectl.out) and every response kcurl's describe read for the same
// command (CASE.json, recorded with kcurl's --record), so test/unit/commands/describe/golden.test.ts can
// replay the responses through kcurl's describers and compare the text with kubectl's, byte for byte.
//
//   node scripts/build.mjs
//   node bin/kcurl sandbox --port 0 --kubeconfig /tmp/sbx/kubeconfig &   # then create the objects of CASES
//   node test/golden/describe/capture.mjs /tmp/sbx/kubeconfig [CASE…]
//
// Review the diff like code; the unit test never writes these files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

// resource: how kcurl's catalog describes the type (group, version, plural, kind, namespaced).
const CASES = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));

/** managedFields never reach a description; dropping them keeps the fixtures readable. */
function withoutManagedFields(body) {
  if (body?.metadata) delete body.metadata.managedFields;
  for (const item of body?.items ?? []) if (item?.metadata) delete item.metadata.managedFields;
  return body;
}

const [kubeconfig, ...only] = process.argv.slice(2);
if (!kubeconfig) {
  process.stderr.write('usage: node test/golden/describe/capture.mjs KUBECONFIG [CASE…]\n');
  process.exit(2);
}
const env = { ...process.env, KUBECONFIG: kubeconfig, TZ: 'UTC' };
for (const c of CASES) {
  if (only.length && !only.includes(c.name)) continue;
  const tmp = mkdtempSync(join(tmpdir(), 'kcurl-describe-capture-'));
  try {
    const record = join(tmp, 'record.jsonl');
    const kubectlOut = execFileSync(KUBECTL, ['describe', ...c.args], { env, encoding: 'utf8' });
    const now = new Date().toISOString();
    execFileSync(process.execPath, [join(repo, 'bin', 'kcurl'), 'describe', ...c.args, '-q', '--reveal', '--record', record], { env, encoding: 'utf8' });
    const requests = readFileSync(record, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((r) => r.record === 'exchange' && r.role === 'call')
      .map((r) => {
        const u = new URL(r.request.url);
        return { target: u.pathname + u.search, status: r.response.status, body: withoutManagedFields(JSON.parse(r.response.body.text)) };
      });
    writeFileSync(join(here, `${c.name}.json`), JSON.stringify({ args: c.args, now, namespace: c.namespace, resource: c.resource, requests }, null, 1) + '\n');
    writeFileSync(join(here, `${c.name}.kubectl.out`), kubectlOut);
    process.stdout.write(`captured ${c.name} (${requests.length} requests)\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
