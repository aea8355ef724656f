// --show=LANG's raw-HTTP programs against the real sandbox: kcurl runs a command through a recording proxy in
// front of the sandbox with --show=LANG, then bash runs the printed text as printed through the same proxy. The
// program must send exactly kcurl's requests (method, raw target, body bytes, every header but those any client
// chooses: compare-requests.ts) and end with kcurl's exit code. show-languages.test.ts covers more commands
// against a scripted server (paging with a hostile continue token, watch, hostile names); this file proves the
// programs work against a real API server's answers: a list, an object, a create and a delete with their
// effects, server-side apply, a log, a TokenRequest and a SelfSubjectAccessReview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRequests } from '../helpers/compare-requests.js';
import type { RecordedRequest } from '../helpers/recording-server.js';
import { type ProxiedExchange, type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy.js';
import { kcurlThenProgram } from '../helpers/show-program.js';
import { requireTool } from '../helpers/require-tool.js';
import { completedPod, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

/** Per language: the tools its runner needs. */
const LANGS: Record<string, string[]> = {
  python: ['python3'],
  javascript: ['node'],
  go: ['go'],
  java: ['java'],
  csharp: ['mcs', 'mono'],
  haskell: ['runghc'],
  wget: ['wget'],
  httpie: ['http'],
};

let t: TestSandbox;
let proxy: RecordingProxy;
let kubeconfig: string;

const CONFIGMAP = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'made', namespace: 'default' },
  data: { quote: 'it\'s a "value" \\ é ☃' },
});

beforeAll(async () => {
  for (const tool of ['bash', 'curl', 'kubectl', ...Object.values(LANGS).flat()]) requireTool(tool);
  t = await startTestSandbox();
  proxy = await startRecordingProxy({ upstream: t.sb.url, upstreamCaPem: t.sb.caPem });
  kubeconfig = proxy.kubeconfig({ token: t.sb.adminToken, namespace: 'default', contextName: 'sandbox' });
  await completedPod(t, 'web', 'echo one; echo two');
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await t?.close();
});

const asRecorded = (e: ProxiedExchange): RecordedRequest => ({ method: e.method, target: e.target, httpVersion: '1.1', headers: e.headers, body: e.body });

/** The state a command expects before each run (kcurl's, then the program's). */
const SETUP: Record<string, () => Promise<unknown>> = {
  absent: () => t.request('DELETE', '/api/v1/namespaces/default/configmaps/made'),
  present: () => t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'made' } } }),
};

const COMMANDS: { name: string; args: string[]; stdin?: string; setup?: string }[] = [
  { name: 'get (list)', args: ['get', 'pods', '-n', 'default'] },
  { name: 'get one object -o json', args: ['get', 'pod', 'web', '-o', 'json'] },
  { name: 'get in another namespace (a 404, then the namespace check)', args: ['get', 'pod', 'web', '-n', 'team-a'] },
  { name: 'create -f', args: ['create', '-f', '-'], stdin: CONFIGMAP, setup: 'absent' },
  { name: 'apply --server-side', args: ['apply', '--server-side', '-f', '-'], stdin: CONFIGMAP },
  { name: 'delete', args: ['delete', 'configmap', 'made', '--wait=false'], setup: 'present' },
  { name: 'logs', args: ['logs', 'web'] },
  { name: 'create token', args: ['create', 'token', 'default'] },
  { name: 'auth can-i', args: ['auth', 'can-i', 'list', 'pods'] },
];

/** Runs kcurl with --show=LANG (program on stderr), then the program as printed; both request lists, discovery left out. */
function both(lang: string, args: string[], stdin: string | undefined, setup: string | undefined) {
  const env = { KUBECONFIG: kubeconfig };
  return kcurlThenProgram(proxy, lang, args, { env, stdin, setup: setup ? SETUP[setup] : undefined });
}

for (const lang of Object.keys(LANGS)) {
  describe(`--show=${lang} against the sandbox: the program sends what kcurl sends`, () => {
    it.each(COMMANDS)('$name', async ({ args, stdin, setup }) => {
      const run = await both(lang, args, stdin, setup);
      const { k, s, program } = run;
      const [kcurlRequests, programRequests] = [run.kcurlRequests.map(asRecorded), run.programRequests.map(asRecorded)];
      expect(program).not.toContain(t.sb.adminToken);
      expect(kcurlRequests.length, k.stderr).toBeGreaterThan(0);
      expect(programRequests.length, `${s.stderr}\n${program}`).toBe(kcurlRequests.length);
      kcurlRequests.forEach((req, i) => expect(compareRequests(req, programRequests[i])).toBeNull());
      // Like the curl snippet, a program prints an error's Status and goes on (exit 0); kcurl reports it (exit 1).
      if (k.code === 0) expect(s.code, s.stderr).toBe(0);
      else expect(`${s.stdout}${s.stderr}`).toMatch(/"reason": ?"NotFound"/);
    });
  });
}
