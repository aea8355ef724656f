import { describe, expect, it } from 'vitest';
import type { Credentials } from '../../../src/kube/credentials-types.js';
import { Secret } from '../../../src/kube/secret.js';
import { ACCEPT, type RequestPlan } from '../../../src/plan/request-plan.js';
import { renderCurl } from '../../../src/render/curl.js';

const KC = '/home/me/.kube/config';
const CA = new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

function base(over: Partial<Credentials> = {}): Credentials {
  return {
    origin: 'kubeconfig',
    kubeconfigFiles: [KC],
    contextName: 'kind-kind',
    clusterName: 'kind-kind',
    userName: 'kind-admin',
    server: { value: 'https://127.0.0.1:6443', source: { kind: 'kubeconfig', file: KC, entry: 'cluster', name: 'kind-kind', field: 'server' } },
    namespace: { value: 'default', source: { kind: 'default' } },
    ca: { value: CA, source: { kind: 'kubeconfig', file: KC, entry: 'cluster', name: 'kind-kind', field: 'certificate-authority-data' } },
    insecureSkipTLSVerify: false,
    token: { value: new Secret('s3cr3t-token-value'), source: { kind: 'kubeconfig', file: KC, entry: 'user', name: 'kind-admin', field: 'token' } },
    ...over,
  };
}

const listPods: RequestPlan = {
  command: 'kubectl get',
  steps: [
    {
      method: 'GET',
      path: '/api/v1/namespaces/default/pods',
      query: [['limit', '500']],
      headers: [['Accept', ACCEPT.table]],
      stream: false,
      purpose: 'list pods in namespace default',
      role: 'call',
    },
  ],
};

const createPod: RequestPlan = {
  command: 'kubectl create',
  steps: [
    {
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      query: [['fieldManager', 'kubectl-create'], ['fieldValidation', 'Strict']],
      headers: [['Accept', ACCEPT.json], ['Content-Type', 'application/json']],
      body: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"it\'s $(id) `x`"}}\n',
      contentType: 'application/json',
      stream: false,
      purpose: 'create a pod in namespace default',
      role: 'call',
    },
  ],
};

const cases: [string, RequestPlan, Credentials][] = [
  ['kubeconfig-token', listPods, base()],
  ['kubeconfig-explicit-file-and-context', listPods, base({ kubeconfigFlag: '/tmp/my config', contextFlag: 'kind-kind' })],
  ['token-file', listPods, base({ token: { value: new Secret('x'), source: { kind: 'file', path: '/var/tokens/t', via: 'users["kind-admin"].user.tokenFile' } } })],
  [
    'client-certificate-data',
    listPods,
    base({
      token: undefined,
      clientCert: {
        cert: { value: CA, source: { kind: 'kubeconfig', file: KC, entry: 'user', name: 'kind-admin', field: 'client-certificate-data' } },
        key: { value: new Secret(CA), source: { kind: 'kubeconfig', file: KC, entry: 'user', name: 'kind-admin', field: 'client-key-data' } },
      },
    }),
  ],
  [
    'in-cluster',
    listPods,
    base({
      origin: 'in-cluster',
      contextName: undefined,
      server: { value: 'https://10.96.0.1:443', source: { kind: 'service-env' } },
      ca: { value: CA, source: { kind: 'serviceaccount-mount', path: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' } },
      token: { value: new Secret('x'), source: { kind: 'serviceaccount-mount', path: '/var/run/secrets/kubernetes.io/serviceaccount/token' } },
    }),
  ],
  ['secret-token', listPods, base({ token: { source: { kind: 'secret', namespace: 'team-a', name: 'builder-token' } } })],
  [
    'exec-plugin',
    listPods,
    base({ token: { source: { kind: 'exec', user: 'gke', command: 'gke-gcloud-auth-plugin', args: [], env: [] } } }),
  ],
  ['flag-token-insecure', listPods, base({ ca: undefined, insecureSkipTLSVerify: true, token: { value: new Secret('x'), source: { kind: 'flag', flag: '--token' } } })],
  ['body-heredoc', createPod, base()],
];

describe('renderCurl', () => {
  it.each(cases)('%s (script)', async (name, plan, creds) => {
    const text = renderCurl(plan, creds, { reveal: false, form: 'script', commandLine: 'kcurl get pods' });
    await expect(text).toMatchFileSnapshot(`../../golden/curl/${name}.sh`);
    expect(text).not.toContain('s3cr3t-token-value');
  });

  it('line form prints only the curl command, with $APISERVER and $TOKEN', () => {
    const text = renderCurl(createPod, base(), { reveal: false, form: 'line' });
    // One command (the body's own newline stays inside its single quotes).
    expect(text.match(/^curl /gm)).toHaveLength(1);
    expect(text).not.toMatch(/^(#|APISERVER=|TOKEN=)/m);
    expect(text).toMatch(/^curl -sS -X POST --cacert "\$CACERT" -H "Authorization: Bearer \$TOKEN" /);
    expect(text).toContain("--data-raw '{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"it'\\''s $(id) `x`\"}}\n'");
    expect(text.trimEnd().endsWith(`"$APISERVER"'/api/v1/namespaces/default/pods?fieldManager=kubectl-create&fieldValidation=Strict'`)).toBe(true);
  });

  it('--reveal writes the literal credentials', () => {
    const text = renderCurl(listPods, base(), { reveal: true, form: 'script' });
    expect(text).toContain("-H 'Authorization: Bearer s3cr3t-token-value'");
    expect(text).toContain("'https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500'");
    expect(text).toContain('-----BEGIN CERTIFICATE-----');
  });
});
