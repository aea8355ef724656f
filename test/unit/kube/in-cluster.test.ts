// In-pod credentials (client-go InClusterConfig) through resolveCredentials: when they are used, where the
// server, token, CA and namespace come from, flag overrides, token rotation, and --in-cluster errors.
import { describe, expect, it } from 'vitest';
import { KcurlError } from '../../../src/errors.js';
import { testIo } from '../../../src/io.js';
import type { ConnectionFlags } from '../../../src/kube/credentials-types.js';
import { materializeCredentials, resolveCredentials } from '../../../src/kube/credentials.js';
import { DEFAULT_SERVICEACCOUNT_DIR, joinHostPort } from '../../../src/kube/in-cluster.js';

const SA = '/fake-pod/serviceaccount';
const CA = '-----BEGIN CERTIFICATE-----\nRkFLRS1TQS1DQQ==\n-----END CERTIFICATE-----\n';
const SERVICE_ENV = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KCURL_SERVICEACCOUNT_DIR: SA };
const MOUNT = { [`${SA}/token`]: 'fake-sa-token-1\n', [`${SA}/ca.crt`]: CA, [`${SA}/namespace`]: 'kube-system' };

function pod(over: { env?: Record<string, string | undefined>; files?: Record<string, string> } = {}) {
  return testIo({ env: { ...SERVICE_ENV, ...over.env }, files: { ...MOUNT, ...over.files } });
}

describe('in-cluster credentials', () => {
  it('are used when there is no kubeconfig: server from the service env, token, CA and namespace from the mount', async () => {
    const creds = await resolveCredentials(pod(), {});
    expect(creds.origin).toBe('in-cluster');
    expect(creds.server).toEqual({ value: 'https://10.96.0.1:443', source: { kind: 'service-env' } });
    expect(creds.token?.value?.reveal()).toBe('fake-sa-token-1');
    expect(creds.token?.source).toEqual({ kind: 'serviceaccount-mount', path: `${SA}/token` });
    expect(creds.ca).toEqual({ value: new Uint8Array(Buffer.from(CA)), source: { kind: 'serviceaccount-mount', path: `${SA}/ca.crt` } });
    expect(creds.namespace).toEqual({ value: 'kube-system', source: { kind: 'serviceaccount-mount', path: `${SA}/namespace` } });
    expect([creds.contextName, creds.insecureSkipTLSVerify, creds.basic, creds.clientCert]).toEqual([undefined, false, undefined, undefined]);
  });

  it.each([
    [
      'POD_NAMESPACE wins over the namespace file',
      { env: { POD_NAMESPACE: 'from-env' } },
      { value: 'from-env', source: { kind: 'env', name: 'POD_NAMESPACE' } },
    ],
    ['no namespace file: default', { files: { [`${SA}/namespace`]: '  \n' } }, { value: 'default', source: { kind: 'default' } }],
  ])('namespace: %s', async (_name, over, namespace) => {
    expect((await resolveCredentials(pod(over), {})).namespace).toEqual(namespace);
  });

  it('-n, --token, --server and --certificate-authority override (clientcmd inClusterClientConfig)', async () => {
    const io = pod({ files: { '/etc/other-ca.crt': CA } });
    const creds = await resolveCredentials(io, {
      inCluster: true,
      namespace: 'n1',
      token: 'fake-flag-token',
      server: 'https://api:6443',
      certificateAuthority: '/etc/other-ca.crt',
    });
    expect(creds.namespace).toEqual({ value: 'n1', source: { kind: 'flag', flag: '--namespace' } });
    expect(creds.token?.source).toEqual({ kind: 'flag', flag: '--token' });
    expect(creds.token?.value?.reveal()).toBe('fake-flag-token');
    expect(creds.server).toEqual({ value: 'https://api:6443', source: { kind: 'flag', flag: '--server' } });
    expect(creds.ca?.source).toEqual({ kind: 'file', path: '/etc/other-ca.crt', via: '--certificate-authority' });
  });

  it('--as and --token-from-secret apply in a pod too', async () => {
    const creds = await resolveCredentials(pod(), { as: 'jane', tokenFromSecret: 'builder' });
    expect(creds.impersonate).toEqual({ user: 'jane', groups: [], extra: {} });
    expect(creds.token).toEqual({ source: { kind: 'secret', namespace: 'kube-system', name: 'builder' } });
  });

  it('re-read the token on each materialize (projected tokens rotate)', async () => {
    const io = pod();
    const creds = await resolveCredentials(io, {});
    expect((await materializeCredentials(io, creds)).token?.value?.reveal()).toBe('fake-sa-token-1');
    io.files.set(`${SA}/token`, Buffer.from('fake-sa-token-2'));
    expect((await materializeCredentials(io, creds)).token?.value?.reveal()).toBe('fake-sa-token-2');
    expect(creds.token?.value?.reveal()).toBe('fake-sa-token-1');
  });

  it('use the standard mount when KCURL_SERVICEACCOUNT_DIR is unset', async () => {
    const io = testIo({
      env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' },
      files: { [`${DEFAULT_SERVICEACCOUNT_DIR}/token`]: 't' },
    });
    const creds = await resolveCredentials(io, {});
    // IPv6 hosts in brackets (net.JoinHostPort); no ca.crt means the system roots; no namespace file means default.
    expect([creds.server.value, creds.token?.source, creds.ca, creds.namespace.value]).toEqual([
      'https://[fd00::1]:6443',
      { kind: 'serviceaccount-mount', path: `${DEFAULT_SERVICEACCOUNT_DIR}/token` },
      undefined,
      'default',
    ]);
  });

  it('skip a ca.crt that is not PEM, as client-go does', async () => {
    expect((await resolveCredentials(pod({ files: { [`${SA}/ca.crt`]: 'garbage' } }), {})).ca).toBeUndefined();
  });

  it.each([
    ['a kubeconfig with a current context wins', { KUBECONFIG: '/k/config' }, {}, 'kubeconfig'],
    ['a kubeconfig without a current context does not', { KUBECONFIG: '/k/empty' }, {}, 'in-cluster'],
    ['--server points elsewhere', {}, { server: 'https://elsewhere:6443' }, 'kubeconfig'],
    ['no service env: not in a pod', { KUBERNETES_SERVICE_HOST: undefined }, {}, 'none'],
    ['only the port is missing', { KUBERNETES_SERVICE_PORT: '' }, {}, 'none'],
    ['no token file: not in a pod', { KCURL_SERVICEACCOUNT_DIR: '/nonexistent-home/sa' }, {}, 'none'],
  ] as [string, Record<string, string | undefined>, ConnectionFlags, string][])('when to use them: %s', async (_name, env, flags, origin) => {
    const io = pod({
      env,
      files: {
        '/k/config': 'clusters: [{name: c, cluster: {server: "https://kc:6443"}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n',
        '/k/empty': 'clusters: [{name: c, cluster: {server: "https://kc:6443"}}]\ncontexts: [{name: x, context: {cluster: c}}]\n',
      },
    });
    expect((await resolveCredentials(io, flags)).origin).toBe(origin);
  });

  it.each([
    [
      'without the service env',
      { KUBERNETES_SERVICE_HOST: undefined },
      'unable to load in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined (--in-cluster)',
      'run inside a pod, or drop --in-cluster to use a kubeconfig',
    ],
    [
      'without the token',
      { KCURL_SERVICEACCOUNT_DIR: '/nonexistent-home/sa' },
      'unable to load in-cluster configuration: serviceaccount token "/nonexistent-home/sa/token": no such file or directory (--in-cluster)',
      'the pod needs automountServiceAccountToken, or set KCURL_SERVICEACCOUNT_DIR to the mount',
    ],
  ])('--in-cluster %s is an error', async (_name, env, message, hint) => {
    const err = await resolveCredentials(pod({ env }), { inCluster: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KcurlError);
    expect([(err as KcurlError).code, (err as KcurlError).message, (err as KcurlError).hint]).toEqual(['KCURL_CREDENTIALS', message, hint]);
  });

  it('--in-cluster ignores a kubeconfig', async () => {
    const io = pod({ env: { KUBECONFIG: '/k/config' }, files: { '/k/config': 'current-context: x\ncontexts: [{name: x, context: {}}]\n' } });
    expect((await resolveCredentials(io, { inCluster: true })).origin).toBe('in-cluster');
  });

  it.each([
    ['10.0.0.1', '443', '10.0.0.1:443'],
    ['::1', '443', '[::1]:443'],
    ['kubernetes.default.svc', '6443', 'kubernetes.default.svc:6443'],
  ])('joinHostPort(%s, %s) = %s', (host, port, joined) => {
    expect(joinHostPort(host, port)).toBe(joined);
  });
});
