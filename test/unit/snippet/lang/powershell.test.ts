// --show=powershell: PowerShell is not packaged for Debian here, so its scripts cannot run in the tests; they are
// golden files, reviewed against the documented Invoke-WebRequest and System.Net.Http APIs (PowerShell 7).
import { describe, expect, it } from 'vitest';
import { psString } from '../../../../src/snippet/lang/powershell.js';
import { TEST_TOKEN, runKcurl } from '../../../helpers/run-in-process.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: edge
  cluster:
    server: https://10.0.0.1:6443
    insecure-skip-tls-verify: true
    proxy-url: http://proxy.example:3128
contexts:
- name: edge
  context: {cluster: edge, user: edge, namespace: default}
current-context: edge
users:
- name: edge
  user: {client-certificate: /certs/edge.crt, client-key: /certs/edge.key}
`;

const POD = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
const HOSTILE = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'q' },
  data: { a: 'it\'s ‘quoted’ $(x) `y` "z" é', b: 'line\nbreak' },
});

const cases: [string, string[], { stdin?: string; kubeconfig?: string }][] = [
  ['paged-list', ['get', 'pods'], {}],
  ['watch-request-timeout', ['get', 'pods', '-w', '--request-timeout', '5s'], {}],
  ['apply-probe', ['apply', '-f', '-'], { stdin: POD }],
  ['create-hostile-body', ['create', '-f', '-'], { stdin: HOSTILE }],
  ['impersonation', ['auth', 'can-i', 'list', 'pods', '--as', 'jane', '--as-group', 'devs', '--as-group', 'ops'], {}],
  ['logs-follow-client-cert-insecure-proxy', ['logs', 'web', '-f'], { kubeconfig: KUBECONFIG }],
];

describe('--show=powershell (golden)', () => {
  it.each(cases)('%s', async (name, argv, opts) => {
    const files = opts.kubeconfig ? { '/edge/kubeconfig': opts.kubeconfig, '/certs/edge.crt': 'PEM', '/certs/edge.key': 'PEM' } : undefined;
    const env = opts.kubeconfig ? { KUBECONFIG: '/edge/kubeconfig' } : undefined;
    const run = await runKcurl([...argv, '--offline', '--show=powershell'], { stdin: opts.stdin, files, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain(TEST_TOKEN);
    await expect(run.stdout).toMatchFileSnapshot(`../../../golden/powershell/${name}.sh`);
  });
});

describe('psString', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ['‘curly’ ‚low‛', "'‘‘curly’’ ‚‚low‛‛'"],
    ['$(x) `y` "z"\nline', '\'$(x) `y` "z"\nline\''],
  ])('%j → %s', (value, literal) => {
    expect(psString(value)).toBe(literal);
  });
});
