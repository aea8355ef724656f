// --explain golden files: each command run in-process with --offline (the plan it would send), the
// explanation read from stderr. Regenerate with `vitest -u` and review the diff like code.
import { describe, expect, it } from 'vitest';
import { runKcurl } from '../../helpers/run-in-process.js';

/** A ServiceAccount JWT as a cluster issues it (unsigned here: only its claims are read). */
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
export const LEARNER_TOKEN = `${b64({ alg: 'RS256' })}.${b64({ sub: 'system:serviceaccount:workshop:learner', iss: 'https://kubernetes.default.svc' })}.c2ln`;

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: workshop
  cluster: {server: 'https://127.0.0.1:6443'}
contexts:
- name: workshop
  context: {cluster: workshop, user: learner, namespace: workshop}
current-context: workshop
users:
- name: learner
  user: {token: '${LEARNER_TOKEN}'}
`;

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: blue
`;

const CASES: [string, string[]][] = [
  ['get-pods', ['get', 'pods']],
  ['get-pods-selector-watch', ['get', 'pods', '-l', 'app=web', '--watch']],
  ['get-nodes', ['get', 'nodes']],
  ['get-raw-version', ['get', '--raw', '/version']],
  ['apply-client-side', ['apply', '-f', '/in-process/settings.yaml']],
  ['apply-server-side', ['apply', '--server-side', '-f', '/in-process/settings.yaml']],
  ['logs', ['logs', 'web', '--tail=5']],
  ['describe-pod', ['describe', 'pod', 'web']],
  ['delete-pod', ['delete', 'pod', 'web']],
  ['create-token', ['create', 'token', 'learner', '--duration=10m']],
  ['auth-can-i', ['auth', 'can-i', 'list', 'pods']],
];

describe('--explain', () => {
  it.each(CASES)('%s', async (name, argv) => {
    const run = await runKcurl([...argv, '--offline', '--explain'], {
      env: { KUBECONFIG: '/in-process/workshop' },
      files: { '/in-process/workshop': KUBECONFIG, '/in-process/settings.yaml': MANIFEST },
    });
    expect(run.code, run.stderr).toBe(0);
    await expect(run.stderr).toMatchFileSnapshot(`../../golden/explain/${name}.txt`);
  });

  it('prints nothing without --explain', async () => {
    const run = await runKcurl(['get', 'pods', '--offline']);
    expect(run.stderr).toBe('');
  });

  it('leaves stdout (the script) as it is without --explain', async () => {
    const files = { '/in-process/workshop': KUBECONFIG };
    const env = { KUBECONFIG: '/in-process/workshop' };
    const plain = await runKcurl(['get', 'pods', '--offline'], { env, files });
    const explained = await runKcurl(['get', 'pods', '--offline', '--explain'], { env, files });
    expect(explained.stdout).toBe(plain.stdout.replace('--offline', '--offline --explain'));
  });
});
