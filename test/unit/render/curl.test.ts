import { describe, expect, it } from 'vitest';
import type { Credentials } from '../../../src/kube/credentials-types.js';
import { Secret } from '../../../src/kube/secret.js';
import { ACCEPT, type RequestPlan } from '../../../src/plan/request-plan.js';
import { tlsServerNameRoute } from '../../../src/render/credential-preamble.js';
import { renderCurl } from '../../../src/render/curl.js';
import { KUBECONFIG_PATH, TOKEN_VALUE, kindCredentials } from '../../helpers/credentials.js';

const KC = KUBECONFIG_PATH;
const CA = new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

/** Credentials from the kubeconfig, its cluster's CA included. */
const base = (over: Partial<Credentials> = {}): Credentials =>
  kindCredentials({
    ca: { value: CA, source: { kind: 'kubeconfig', file: KC, entry: 'cluster', name: 'kind-kind', field: 'certificate-authority-data' } },
    ...over,
  });

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

/** The list as kubectl get sends it: in pages of 500. */
const pagedList: RequestPlan = { ...listPods, steps: [{ ...listPods.steps[0], paged: true }] };

const createPod: RequestPlan = {
  command: 'kubectl create',
  steps: [
    {
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      query: [
        ['fieldManager', 'kubectl-create'],
        ['fieldValidation', 'Strict'],
      ],
      headers: [
        ['Accept', ACCEPT.json],
        ['Content-Type', 'application/json'],
      ],
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
  [
    'token-file',
    listPods,
    base({ token: { value: new Secret('x'), source: { kind: 'file', path: '/var/tokens/t', via: 'users["kind-admin"].user.tokenFile' } } }),
  ],
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
  ['exec-plugin', listPods, base({ token: { source: { kind: 'exec', user: 'gke', command: 'gke-gcloud-auth-plugin', args: [], env: [] } } })],
  [
    'flag-token-insecure',
    listPods,
    base({ ca: undefined, insecureSkipTLSVerify: true, token: { value: new Secret('x'), source: { kind: 'flag', flag: '--token' } } }),
  ],
  ['body-heredoc', createPod, base()],
  ['tls-server-name', listPods, base({ tlsServerName: 'api.example.test' })],
  [
    'tls-server-name-flag-server-ipv6',
    createPod,
    base({ tlsServerName: 'api.example.test', server: { value: 'https://[::1]:6443/', source: { kind: 'flag', flag: '--server' } } }),
  ],
];

describe('renderCurl', () => {
  it.each(cases)('%s (script)', async (name, plan, creds) => {
    const text = renderCurl(plan, creds, { reveal: false, form: 'script', commandLine: 'kcurl get pods' });
    await expect(text).toMatchFileSnapshot(`../../golden/curl/${name}.sh`);
    expect(text).not.toContain(TOKEN_VALUE);
  });

  it.each(cases)('%s (readable)', async (name, plan, creds) => {
    const text = renderCurl(plan, creds, { reveal: false, form: 'readable', commandLine: 'kcurl get pods' });
    await expect(text).toMatchFileSnapshot(`../../golden/curl/readable/${name}.sh`);
    expect(text).not.toContain(TOKEN_VALUE);
    // One curl per request, no loop, no JSON parser.
    expect(text.match(/^curl /gm)).toHaveLength(plan.steps.filter((s) => s.role !== 'discovery').length);
    expect(text).not.toMatch(/while|json_meta|CONTINUE/);
  });

  it('the readable list is at most 8 commands: the preamble, then the first page with a comment on the next', () => {
    const text = renderCurl(pagedList, base(), { reveal: false, form: 'readable', commandLine: 'kcurl get pods -n default' });
    expect(text.split('\n').filter((l) => l && !l.startsWith('#')).length).toBeLessThanOrEqual(8);
    expect(text).toContain('#   the first page; kubectl fetches the next with the same request plus &continue=');
    expect(text.trimEnd().endsWith(`"$APISERVER"'/api/v1/namespaces/default/pods?limit=500'`)).toBe(true);
  });

  it('the script form pages with continue=, the readable form does not', () => {
    const script = renderCurl(pagedList, base(), { reveal: false, form: 'script' });
    expect(script).toContain('while :; do');
    expect(script).toContain('CONTINUE=$(json_meta continue < "$ANSWER")');
    expect(renderCurl(pagedList, base(), { reveal: false, form: 'readable' })).not.toMatch(/while|json_meta|CONTINUE/);
  });

  it('a CA read from the kubeconfig into a temporary file is removed on exit; files that exist are not', () => {
    expect(renderCurl(listPods, base(), { reveal: false, form: 'readable' })).toContain(`CACERT=$(mktemp)`);
    expect(renderCurl(listPods, base(), { reveal: false, form: 'readable' })).toContain(`trap 'rm -f "$CACERT"' EXIT`);
    const fromFile = base({ ca: { value: CA, source: { kind: 'file', path: '/etc/ca.crt', via: 'certificate-authority' } } });
    expect(renderCurl(listPods, fromFile, { reveal: false, form: 'readable' })).not.toContain('trap');
  });

  it('line form prints only the curl command, with $APISERVER and $TOKEN', () => {
    const text = renderCurl(createPod, base(), { reveal: false, form: 'line' });
    // One command (the body's own newline stays inside its single quotes).
    expect(text.match(/^curl /gm)).toHaveLength(1);
    expect(text).not.toMatch(/^(#|APISERVER=|TOKEN=)/m);
    expect(text).toMatch(/^curl -sS -X POST --cacert "\$CACERT" -H "Authorization: Bearer \$TOKEN" /);
    expect(text).toContain('--data-raw \'{"apiVersion":"v1","kind":"Pod","metadata":{"name":"it\'\\\'\'s $(id) `x`"}}\n\'');
    expect(text.trimEnd().endsWith(`"$APISERVER"'/api/v1/namespaces/default/pods?fieldManager=kubectl-create&fieldValidation=Strict'`)).toBe(true);
  });

  it('line form with tls-server-name names it in the URL and connects to the server with --connect-to', () => {
    const text = renderCurl(listPods, base({ tlsServerName: 'api.example.test' }), { reveal: false, form: 'line' });
    expect(text).toBe(
      'curl -sS --cacert "$CACERT" -H "Authorization: Bearer $TOKEN" --connect-to api.example.test:6443:127.0.0.1:6443 ' +
        "-H 'Host: 127.0.0.1:6443' " +
        "-H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' " +
        "https://api.example.test:6443'/api/v1/namespaces/default/pods?limit=500'\n",
    );
  });

  it('--reveal with tls-server-name keeps --connect-to and the Host header, and the URL names the server name', () => {
    const text = renderCurl(listPods, base({ tlsServerName: 'api.example.test' }), { reveal: true, form: 'script' });
    expect(text).toContain(`-H 'Authorization: Bearer ${TOKEN_VALUE}' --connect-to api.example.test:6443:127.0.0.1:6443 -H 'Host: 127.0.0.1:6443'`);
    expect(text).toContain("'https://api.example.test:6443/api/v1/namespaces/default/pods?limit=500'");
    expect(text).toContain('# tls-server-name api.example.test: curl sends it as SNI');
  });

  it('--reveal writes the literal credentials', () => {
    const text = renderCurl(listPods, base(), { reveal: true, form: 'script' });
    expect(text).toContain(`-H 'Authorization: Bearer ${TOKEN_VALUE}'`);
    expect(text).toContain("'https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500'");
    expect(text).toContain('-----BEGIN CERTIFICATE-----');
  });
});

describe('tlsServerNameRoute', () => {
  const route = (server: string, tlsServerName?: string) =>
    tlsServerNameRoute(base({ tlsServerName, server: { value: server, source: { kind: 'flag', flag: '--server' } } }));

  it.each([
    [
      'https://127.0.0.1:6443',
      'api.example.test',
      { url: 'https://api.example.test:6443', connectTo: 'api.example.test:6443:127.0.0.1:6443', host: '127.0.0.1:6443' },
    ],
    ['https://10.0.0.1', 'API.Example.Test', { url: 'https://api.example.test', connectTo: 'api.example.test:443:10.0.0.1:443', host: '10.0.0.1' }],
    [
      'https://[::1]:6443/prefix/',
      'api.example.test',
      { url: 'https://api.example.test:6443/prefix', connectTo: 'api.example.test:6443:[::1]:6443', host: '[::1]:6443' },
    ],
    [
      'https://lb.example.com:443/',
      'node-1.internal',
      { url: 'https://node-1.internal', connectTo: 'node-1.internal:443:lb.example.com:443', host: 'lb.example.com' },
    ],
  ])('%s with tls-server-name %s', (server, name, want) => {
    expect(route(server, name)).toMatchObject(want);
  });

  it.each([
    ['no tls-server-name', 'https://127.0.0.1:6443', undefined],
    ['an http server (no TLS)', 'http://127.0.0.1:8080', 'api.example.test'],
    ['a name that cannot be a URL host', 'https://127.0.0.1:6443', 'bad name\nrm -rf ~'],
  ])('none for %s', (_what, server, name) => {
    expect(route(server, name)).toBeUndefined();
  });
});
