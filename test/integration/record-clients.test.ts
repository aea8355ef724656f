// `kcurl record -- CLIENT` with clients that insist on TLS and read the kubeconfig as they always do: the
// official JavaScript client (@kubernetes/client-node, KubeConfig.loadFromDefault) and the official Python
// client (Debian's python3-kubernetes, config.load_kube_config), unchanged, against the HTTPS recording
// proxy; kubectl v1.32 on the same endpoint. Each records its calls, which the report's curl lines repeat.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/record/journal.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { requireTool } from '../helpers/require-tool.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { tempDir } from '../helpers/temp-dir.js';
import { KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let dir: string;

beforeAll(async () => {
  t = await startTestSandbox();
  dir = tempDir('kcurl-record-clients-');
});

afterAll(async () => {
  await t?.close();
});

const env = () => ({ KUBECONFIG: t.sb.kubeconfigPath, HOME: dir });

/** `METHOD /target` of each call the report lists. */
const reported = (report: string) => [...report.matchAll(/^# \d+\. (GET|POST|PUT|PATCH|DELETE) (\S+)/gm)].map((m) => `${m[1]} ${m[2].replace(t.sb.url, '')}`);

/** The program prints what it reads back, and the server URL and scheme it was given. */
const CLIENTS: [string, () => [string, string[]]][] = [
  [
    'the official JavaScript client (@kubernetes/client-node 1.4, loadFromDefault)',
    () => {
      const entry = pathToFileURL(createRequire(import.meta.url).resolve('@kubernetes/client-node')).href;
      const file = join(dir, 'client.mjs');
      writeFileSync(
        file,
        [
          `import * as k8s from ${JSON.stringify(entry)};`,
          'const kc = new k8s.KubeConfig();',
          'kc.loadFromDefault();',
          'console.log(new URL(kc.getCurrentCluster().server).protocol);',
          'const core = kc.makeApiClient(k8s.CoreV1Api);',
          "await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'from-js' }, data: { k: 'js' } } });",
          "const cm = await core.readNamespacedConfigMap({ name: 'from-js', namespace: 'default' });",
          'console.log(cm.data.k);',
          '',
        ].join('\n'),
      );
      return [process.execPath, [file]];
    },
  ],
  [
    "the official Python client (Debian's python3-kubernetes, load_kube_config)",
    () => {
      const file = join(dir, 'client.py');
      writeFileSync(
        file,
        [
          'from kubernetes import client, config',
          'config.load_kube_config()',
          'print(client.Configuration.get_default_copy().host.split(":")[0] + ":")',
          'v1 = client.CoreV1Api()',
          'v1.create_namespaced_config_map("default", {"metadata": {"name": "from-python"}, "data": {"k": "python"}})',
          'print(v1.read_namespaced_config_map("from-python", "default").data["k"])',
          '',
        ].join('\n'),
      );
      return [requireTool('/usr/bin/python3'), [file]];
    },
  ],
];

describe('kcurl record -- CLIENT over HTTPS', () => {
  it.each(CLIENTS)('records %s unchanged', async (_name, program) => {
    const [bin, args] = program();
    const file = join(dir, `${args[0].split('.').pop()}.jsonl`);
    const rec = await runKcurl(['record', '--record', file, '--', bin, ...args], { env: env() });
    expect(rec.stderr).not.toMatch(/error|Error|Traceback/);
    expect(rec.code).toBe(0);
    const name = args[0].endsWith('.py') ? 'from-python' : 'from-js';
    expect(rec.stdout).toBe(`https:\n${name === 'from-js' ? 'js' : 'python'}\n`);
    expect(reported(rec.stderr)).toEqual(['POST /api/v1/namespaces/default/configmaps', `GET /api/v1/namespaces/default/configmaps/${name}`]);
    const { exchanges } = parseJournal(readFileSync(file, 'utf8'), file);
    expect(exchanges.map((e) => `${e.client} ${e.request.method} ${e.request.url} ${e.response?.status}`)).toEqual([
      `127.0.0.1 POST ${t.sb.url}/api/v1/namespaces/default/configmaps 201`,
      `127.0.0.1 GET ${t.sb.url}/api/v1/namespaces/default/configmaps/${name} 200`,
    ]);
    // The relayed requests carry kcurl's resolved credentials, never anything of the throwaway identity.
    for (const e of exchanges) expect(e.request.headers).toContainEqual(['authorization', '<redacted: bearer token>']);
    expect((await t.request('GET', `/api/v1/namespaces/default/configmaps/${name}`)).json().data).toEqual({ k: name === 'from-js' ? 'js' : 'python' });
    // The report is a script: against the sandbox, its create now meets the object the client made.
    expect((await t.request('DELETE', `/api/v1/namespaces/default/configmaps/${name}`)).status).toBe(200);
    const again = await runSnippet(rec.stderr, { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(again.code).toBe(0);
    expect((await t.request('GET', `/api/v1/namespaces/default/configmaps/${name}`)).json().data).toEqual({ k: name === 'from-js' ? 'js' : 'python' });
  });

  it('kubectl v1.32 records over HTTPS with no prompt for a user and its own output', async () => {
    const rec = await runKcurl(['record', '--', KUBECTL_132, 'get', 'namespace', 'default', '-o', 'name'], { env: env(), stdin: '' });
    expect(rec.code).toBe(0);
    expect(rec.stdout).toBe('namespace/default\n');
    expect(rec.stderr).not.toContain('Username');
    expect(reported(rec.stderr)).toEqual(['GET /api?timeout=32s', 'GET /apis?timeout=32s', 'GET /api/v1/namespaces/default']);
  });
});
