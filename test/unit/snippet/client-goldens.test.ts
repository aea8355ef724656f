// --show=LANG:client golden files for the clients that cannot be built here (client-go, client-java,
// KubernetesClient: their registries are out of reach): each command run in-process with --offline, the printed
// program compared with test/golden/show-clients/LANG/CASE.txt. Regenerate with `vitest -u` and review the diff
// against the client's published API; test/integration/show-clients.test.ts checks their syntax.
import { describe, expect, it } from 'vitest';
import { runKcurl } from '../../helpers/run-in-process.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster: {server: 'https://127.0.0.1:6443', certificate-authority-data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=='}
contexts:
- name: dev
  context: {cluster: dev, user: dev, namespace: default}
current-context: dev
users:
- name: dev
  user: {token: 'not-a-real-token'}
`;

const CONFIGMAP = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { color: 'blue', quote: 'it\'s "q"' } });

/** The commands the integration tests run for Python and JavaScript, and a few more. */
export const CLIENT_CASES: [string, string[], string?][] = [
  ['get-pods', ['get', 'pods']],
  ['get-pod-json', ['get', 'pod', 'web', '-o', 'json']],
  ['get-pod-other-namespace', ['get', 'pod', 'web', '-n', 'team-a']],
  ['get-pods-all-selector-watch', ['get', 'pods', '-A', '-l', 'app=web', '-w', '--request-timeout', '2s']],
  ['create', ['create', '-f', '-'], CONFIGMAP],
  ['apply-client-side', ['apply', '-f', '-'], CONFIGMAP],
  ['apply-server-side', ['apply', '--server-side', '-f', '-'], CONFIGMAP],
  ['patch-merge', ['patch', 'deployment', 'web', '--type', 'merge', '-p', '{"spec":{"replicas":2}}']],
  ['delete', ['delete', 'configmap', 'settings', '--wait=false']],
  ['logs-follow', ['logs', 'web', '-f', '-c', 'app', '--tail', '5']],
  ['create-token', ['create', 'token', 'default', '--duration', '10m']],
  ['auth-can-i', ['auth', 'can-i', 'list', 'pods', '--as', 'jane', '--as-group', 'devs']],
  ['api-versions', ['api-versions']],
];

export const GOLDEN_LANGS = ['go', 'java', 'csharp'];

describe.each(GOLDEN_LANGS)('--show=%s:client', (lang) => {
  it.each(CLIENT_CASES)('%s', async (name, argv, stdin) => {
    const run = await runKcurl([...argv, '--offline', `--show=${lang}:client`], {
      env: { KUBECONFIG: '/in-process/dev' },
      files: { '/in-process/dev': KUBECONFIG },
      ...(stdin !== undefined ? { stdin } : {}),
    });
    expect(run.code, run.stderr).toBe(0);
    await expect(run.stdout).toMatchFileSnapshot(`../../golden/show-clients/${lang}/${name}.txt`);
  });
});
