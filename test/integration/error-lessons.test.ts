// Error lessons end to end: the built kcurl against a real sandbox (and a stopped server, a kubeconfig without
// the sandbox's CA, no kubeconfig at all). Without --explain and without a terminal stderr is kubectl's line
// alone; with --explain the same line comes first, unchanged, then the lesson. Where the server's answer is
// the error, kubectl v1.32's own last line is compared too.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { requireTool } from '../helpers/require-tool.js';
import { KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let learner: string;
let stopped: string;
let noCa: string;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  requireTool(KUBECTL_132);
  t = await startTestSandbox();
  expect((await t.request('POST', '/api/v1/namespaces/default/serviceaccounts', { body: { metadata: { name: 'learner' } } })).status).toBe(201);
  const token = await t.request('POST', '/api/v1/namespaces/default/serviceaccounts/learner/token', { body: { spec: {} } });
  learner = t.kubeconfigFor('learner', { token: token.json().status.token });
  const admin = readFileSync(t.sb.kubeconfigPath, 'utf8');
  stopped = join(t.dir, 'kubeconfig-stopped');
  writeFileSync(stopped, admin.replace(t.sb.url, `https://127.0.0.1:${await closedPort()}`), { mode: 0o600 });
  noCa = join(t.dir, 'kubeconfig-no-ca');
  writeFileSync(noCa, admin.replace(/^\s*certificate-authority-data: .*\n/m, ''), { mode: 0o600 });
  expect(readFileSync(noCa, 'utf8')).not.toContain('certificate-authority-data');
  writeFileSync(join(t.dir, 'dup.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n');
  writeFileSync(join(t.dir, 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n');
  expect((await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'dup' } } })).status).toBe(201);
});
afterAll(async () => t?.close());

type Case = { name: string; args: string[]; kubeconfig?: () => string; noKubeconfig?: boolean; title: string; lesson: RegExp; kubectl?: boolean };

const CASES: Case[] = [
  { name: '401 bad token', args: ['get', 'pods', '--token', 'not-a-token'], title: '401 Unauthorized', lesson: /sent: a bearer token from the --token flag/ },
  {
    name: '403 forbidden',
    args: ['get', 'secrets', '-n', 'kube-system'],
    kubeconfig: () => learner,
    title: '403 Forbidden',
    lesson:
      /who: ServiceAccount default\/learner\n {2}missing: list secrets in API group "" in namespace "kube-system"\n {2}check: kcurl auth can-i list secrets -n kube-system\n[\s\S]*\nkind: Role\n/,
    kubectl: true,
  },
  {
    name: '404 object',
    args: ['get', 'pods', 'nope'],
    title: '404 Not Found',
    lesson: /The type "pods" exists; no object named "nope" was found in namespace "default"/,
    kubectl: true,
  },
  {
    name: '404 namespace',
    args: ['get', 'pods', 'nope', '-n', 'no-such-ns'],
    title: '404 Not Found',
    lesson: /The namespace "no-such-ns" does not exist/,
    kubectl: true,
  },
  {
    name: '404 type',
    args: ['get', '--raw', '/apis/example.com/v1/widgets'],
    title: '404 Not Found',
    lesson: /no resource type "widgets" in example.com\/v1/,
    kubectl: true,
  },
  { name: '409 exists', args: ['create', '-f', 'dup.yaml'], title: '409 Conflict', lesson: /An object with this name exists already/, kubectl: true },
  {
    name: '422 invalid',
    args: ['create', '-f', 'bad.yaml'],
    title: '422 Invalid',
    lesson: /one per line:\n {2}- metadata\.name: Invalid value: "Bad_Name": /,
    kubectl: true,
  },
  {
    name: 'stopped server',
    args: ['get', 'pods'],
    kubeconfig: () => stopped,
    title: 'cannot reach the API server',
    lesson:
      /Nothing answered there[\s\S]*kcurl sandbox --port 0 --kubeconfig \/tmp\/kcurl-sandbox &\n[\s\S]*export KUBECONFIG=\/tmp\/kcurl-sandbox\n[\s\S]*kcurl demo/,
  },
  {
    name: 'no kubeconfig',
    args: ['get', 'pods', '--server', 'http://127.0.0.1:1'],
    noKubeconfig: true,
    title: 'cannot reach the API server',
    lesson: /kcurl sandbox/,
  },
  {
    name: 'wrong CA',
    args: ['get', 'pods'],
    kubeconfig: () => noCa,
    title: 'TLS: the server certificate is not trusted',
    lesson: /signed by a CA this client does not trust[\s\S]*--certificate-authority FILE/,
  },
];

/** The case's arguments, manifests named by absolute path (kubectl runs elsewhere). */
const argsOf = (c: Case) => c.args.map((a) => (a.endsWith('.yaml') ? join(t.dir, a) : a));

const kcurl = (c: Case, extra: string[]) =>
  runKcurl([...(c.noKubeconfig ? [] : ['--kubeconfig', c.kubeconfig?.() ?? t.sb.kubeconfigPath]), ...argsOf(c), '-q', ...extra], {
    cwd: t.dir,
    env: { HOME: t.dir, KUBECACHEDIR: join(t.dir, 'cache') },
  });

describe('error lessons', () => {
  it.each(CASES)('$name', async (c) => {
    const plain = await kcurl(c, []);
    expect(plain.code, plain.stderr).toBe(1);
    expect(plain.stderr).not.toContain('kcurl explains');
    const explained = await kcurl(c, ['--explain']);
    expect(explained.code).toBe(1);
    // kubectl's line, byte for byte as without --explain, then the lesson.
    const at = explained.stderr.indexOf(plain.stderr + `\nkcurl explains (${c.title}):\n`);
    expect(at, explained.stderr).toBeGreaterThanOrEqual(0);
    expect(explained.stderr.slice(at + plain.stderr.length)).toMatch(c.lesson);
    if (c.kubectl) {
      const k = await t.kubectl(argsOf(c), { kubeconfig: c.kubeconfig?.(), env: { HOME: t.dir } });
      expect(k.code).toBe(1);
      const lastLine = (s: string) => s.trimEnd().split('\n').pop();
      expect(lastLine(plain.stderr)).toBe(lastLine(k.stderr));
    }
  });
});
