// Credential resolution as client-go 1.32 does it: every source with its provenance, flags overriding the
// kubeconfig, no user credentials over http://, --token-from-secret, materialising rotated token files,
// and the one-line error for every bad input.
import { describe, expect, it } from 'vitest';
import { KcurlError, formatError } from '../../../src/errors.js';
import { testIo } from '../../../src/io.js';
import type { ConnectionFlags, Credentials } from '../../../src/kube/credentials-types.js';
import { materializeCredentials, resolveCredentials } from '../../../src/kube/credentials.js';
import { fixturePath } from '../../helpers/fixtures.js';

const FIX = fixturePath('kubeconfig');
const PLUGIN = fixturePath('exec-plugins/exec-credential.sh');
const kc = (name: string) => `${FIX}/${name}`;
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('utf8'));
const FAKE_CA = '-----BEGIN CERTIFICATE-----\nRkFLRS1DQS1GT1ItS0NVUkwtVEVTVFMtT05MWQ==\n-----END CERTIFICATE-----\n';
const FAKE_CERT = '-----BEGIN CERTIFICATE-----\nRkFLRS1DTElFTlQtQ0VSVC1GT1ItS0NVUkwtVEVTVFM=\n-----END CERTIFICATE-----\n';
const FAKE_KEY = '-----BEGIN PRIVATE KEY-----\nRkFLRS1DTElFTlQtS0VZLUZPUi1LQ1VSTC1URVNUUw==\n-----END PRIVATE KEY-----\n';

/** The credentials with every secret revealed, as plain data to compare whole. */
function plain(c: Credentials) {
  return {
    origin: c.origin,
    files: c.kubeconfigFiles,
    kubeconfigFlag: c.kubeconfigFlag,
    names: [c.contextName, c.clusterName, c.userName],
    contextFlag: c.contextFlag,
    server: c.server,
    namespace: c.namespace,
    ca: c.ca && { value: text(c.ca.value), source: c.ca.source },
    insecure: c.insecureSkipTLSVerify,
    tlsServerName: c.tlsServerName,
    proxyUrl: c.proxyUrl,
    disableCompression: c.disableCompression,
    token: c.token && { value: c.token.value?.reveal(), source: c.token.source },
    basic: c.basic && { username: c.basic.username, password: { value: c.basic.password.value.reveal(), source: c.basic.password.source } },
    clientCert: c.clientCert && {
      cert: { value: text(c.clientCert.cert.value), source: c.clientCert.cert.source },
      key: { value: text(c.clientCert.key.value?.reveal()), source: c.clientCert.key.source },
    },
    exec: c.exec,
    impersonate: c.impersonate,
    requestTimeout: c.requestTimeout,
  };
}

async function resolve(flags: ConnectionFlags, init: Parameters<typeof testIo>[0] = {}) {
  const io = testIo({ cwd: FIX, ...init });
  return { io, creds: await resolveCredentials(io, flags) };
}

async function failure(flags: ConnectionFlags, init: Parameters<typeof testIo>[0] = {}): Promise<KcurlError> {
  try {
    await resolve(flags, init);
  } catch (e) {
    if (e instanceof KcurlError) return e;
    throw e;
  }
  throw new Error('expected resolveCredentials to fail');
}

const cluster = (file: string, field: string, name = 'fake-cluster') => ({ kind: 'kubeconfig', file: kc(file), entry: 'cluster', name, field }) as const;
const user = (file: string, field: string, name = 'fake-user') => ({ kind: 'kubeconfig', file: kc(file), entry: 'user', name, field }) as const;
const server6443 = (file: string) => ({ value: 'https://127.0.0.1:6443', source: cluster(file, 'server') });
const nsTeamA = (file: string) => ({
  value: 'team-a',
  source: { kind: 'kubeconfig', file: kc(file), entry: 'context', name: 'fake-context', field: 'namespace' },
});
const caData = (file: string) => ({ value: FAKE_CA, source: cluster(file, 'certificate-authority-data') });

function expected(file: string, over: Partial<ReturnType<typeof plain>>): ReturnType<typeof plain> {
  return {
    origin: 'kubeconfig',
    files: [kc(file)],
    kubeconfigFlag: kc(file),
    names: ['fake-context', 'fake-cluster', 'fake-user'],
    contextFlag: undefined,
    server: server6443(file),
    namespace: nsTeamA(file),
    ca: caData(file),
    insecure: false,
    tlsServerName: undefined,
    proxyUrl: undefined,
    disableCompression: undefined,
    token: undefined,
    basic: undefined,
    clientCert: undefined,
    exec: undefined,
    impersonate: undefined,
    requestTimeout: undefined,
    ...over,
  } as ReturnType<typeof plain>;
}

describe('resolveCredentials: every kubeconfig source, with its provenance', () => {
  it.each([
    ['token-inline.yaml', { token: { value: 'fake-inline-token', source: user('token-inline.yaml', 'token') } }],
    [
      'token-file.yaml',
      {
        token: {
          value: 'fake-token-from-file',
          source: { kind: 'file', path: kc('fake-token.txt'), via: `users["fake-user"].user.tokenFile in ${kc('token-file.yaml')}` },
        },
      },
    ],
    [
      // client-go sends the file's content when both are set (observed: variants/auth-token-and-tokenfile).
      'token-and-token-file.yaml',
      {
        token: {
          value: 'fake-token-from-file',
          source: { kind: 'file', path: kc('fake-token.txt'), via: `users["fake-user"].user.tokenFile in ${kc('token-and-token-file.yaml')}` },
        },
      },
    ],
    [
      'client-cert-files.yaml',
      {
        namespace: { value: 'default', source: { kind: 'default' } },
        ca: {
          value: FAKE_CA,
          source: { kind: 'file', path: kc('fake-ca.crt'), via: `clusters["fake-cluster"].cluster.certificate-authority in ${kc('client-cert-files.yaml')}` },
        },
        tlsServerName: 'kubernetes.default.svc',
        clientCert: {
          cert: {
            value: FAKE_CERT,
            source: { kind: 'file', path: kc('fake-client.crt'), via: `users["fake-user"].user.client-certificate in ${kc('client-cert-files.yaml')}` },
          },
          key: {
            value: FAKE_KEY,
            source: { kind: 'file', path: kc('fake-client.key'), via: `users["fake-user"].user.client-key in ${kc('client-cert-files.yaml')}` },
          },
        },
      },
    ],
    [
      'client-cert-data.yaml',
      {
        clientCert: {
          cert: { value: FAKE_CERT, source: user('client-cert-data.yaml', 'client-certificate-data') },
          key: { value: FAKE_KEY, source: user('client-cert-data.yaml', 'client-key-data') },
        },
      },
    ],
    [
      'basic-auth.yaml',
      {
        basic: {
          username: { value: 'fake-admin', source: user('basic-auth.yaml', 'username') },
          password: { value: 'fake-password', source: user('basic-auth.yaml', 'password') },
        },
      },
    ],
    [
      'exec-v1.yaml',
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: PLUGIN,
          args: ['--fake-flag', 'with space'],
          env: [{ name: 'EXPECT_ARGS', value: '--fake-flag|with space' }],
          provideClusterInfo: true,
          interactiveMode: 'Never',
          installHint: 'install the fake plugin',
        },
        // Deferred: known only once the plugin runs (materializeCredentials).
        token: {
          value: undefined,
          source: {
            kind: 'exec',
            user: 'fake-user',
            command: PLUGIN,
            args: ['--fake-flag', 'with space'],
            env: [{ name: 'EXPECT_ARGS', value: '--fake-flag|with space' }],
          },
        },
      },
    ],
    // An exec plugin is skipped when a token is configured (client-go exec UpdateTransportConfig).
    ['exec-with-token.yaml', { token: { value: 'fake-inline-token', source: user('exec-with-token.yaml', 'token') } }],
    [
      'impersonation-proxy-compression.yaml',
      {
        names: ['fake-context', 'fake-cluster', 'fake-user'],
        server: { value: 'https://127.0.0.1:6443/prefix', source: cluster('impersonation-proxy-compression.yaml', 'server') },
        namespace: { value: 'default', source: { kind: 'default' } },
        ca: undefined,
        insecure: true,
        proxyUrl: 'socks5://127.0.0.1:1080',
        disableCompression: true,
        token: { value: 'fake-inline-token', source: user('impersonation-proxy-compression.yaml', 'token') },
        impersonate: { user: 'fake-impersonated', uid: 'fake-uid', groups: ['fake-group-1', 'fake-group-2'], extra: { scopes: ['fake-scope'] } },
      },
    ],
    [
      // client-go: "only try to read the auth information if we are secure"; impersonation still applies.
      'http-server-with-token.yaml',
      {
        server: { value: 'http://127.0.0.1:8080', source: cluster('http-server-with-token.yaml', 'server') },
        ca: undefined,
        impersonate: { user: 'fake-impersonated', groups: [], extra: {} },
      },
    ],
  ] as [string, Partial<ReturnType<typeof plain>>][])('%s', async (file, over) => {
    const { creds } = await resolve({ kubeconfig: kc(file) });
    expect(plain(creds)).toEqual(expected(file, over));
  });

  it('KUBECONFIG with three files: context from the first current-context, entries first-wins', async () => {
    const m = `${FIX}/merge`;
    const { creds } = await resolve({}, { env: { KUBECONFIG: `${m}/first.yaml:${m}/second.yaml:${m}/nested/third.yaml` } });
    expect(plain(creds)).toEqual({
      ...expected('x', {}),
      files: [`${m}/first.yaml`, `${m}/second.yaml`, `${m}/nested/third.yaml`],
      kubeconfigFlag: undefined,
      names: ['second-context', 'shared-cluster', 'shared-user'],
      server: {
        value: 'https://second.example:6443',
        source: { kind: 'kubeconfig', file: `${m}/second.yaml`, entry: 'cluster', name: 'shared-cluster', field: 'server' },
      },
      namespace: { value: 'default', source: { kind: 'default' } },
      ca: {
        value: FAKE_CA,
        source: { kind: 'file', path: kc('fake-ca.crt'), via: `clusters["shared-cluster"].cluster.certificate-authority in ${m}/second.yaml` },
      },
      // shared-user comes whole from first.yaml: its token, and not second.yaml's username.
      token: { value: 'fake-token-from-first', source: { kind: 'kubeconfig', file: `${m}/first.yaml`, entry: 'user', name: 'shared-user', field: 'token' } },
    });
  });

  it('a tokenFile relative to a kubeconfig in another directory', async () => {
    const m = `${FIX}/merge`;
    const { creds } = await resolve({ context: 'third-context' }, { env: { KUBECONFIG: `${m}/nested/third.yaml` } });
    expect(creds.token?.value?.reveal()).toBe('fake-token-from-third-file');
    expect(creds.token?.source).toEqual({
      kind: 'file',
      path: `${m}/nested/third-token.txt`,
      via: `users["third-user"].user.tokenFile in ${m}/nested/third.yaml`,
    });
    expect(creds.contextFlag).toBe('third-context');
  });
});

describe('resolveCredentials: flags override the kubeconfig', () => {
  const file = 'token-inline.yaml';
  it.each([
    ['--namespace', { namespace: 'other' }, { namespace: { value: 'other', source: { kind: 'flag', flag: '--namespace' } } }],
    [
      '--server (also drops the kubeconfig tls-server-name)',
      { server: 'https://10.0.0.1:443' },
      { server: { value: 'https://10.0.0.1:443', source: { kind: 'flag', flag: '--server' } } },
    ],
    ['--token', { token: 'fake-flag-token' }, { token: { value: 'fake-flag-token', source: { kind: 'flag', flag: '--token' } } }],
    [
      '--certificate-authority (replaces CA data)',
      { certificateAuthority: 'fake-ca.crt' },
      { ca: { value: FAKE_CA, source: { kind: 'file', path: kc('fake-ca.crt'), via: '--certificate-authority' } } },
    ],
    ['--insecure-skip-tls-verify (drops CA data)', { insecureSkipTlsVerify: true }, { ca: undefined, insecure: true }],
    ['--tls-server-name', { tlsServerName: 'api.internal' }, { tlsServerName: 'api.internal' }],
    ['--request-timeout', { requestTimeout: '1m30s' }, { requestTimeout: '1m30s' }],
    [
      '--as, --as-group, --as-uid',
      { as: 'jane', asGroup: ['devs', 'ops'], asUid: 'u-1' },
      { impersonate: { user: 'jane', uid: 'u-1', groups: ['devs', 'ops'], extra: {} } },
    ],
    [
      '--client-certificate and --client-key (added to the token user)',
      { clientCertificate: 'fake-client.crt', clientKey: `${FIX}/fake-client.key` },
      {
        clientCert: {
          cert: { value: FAKE_CERT, source: { kind: 'file', path: kc('fake-client.crt'), via: '--client-certificate' } },
          key: { value: FAKE_KEY, source: { kind: 'file', path: kc('fake-client.key'), via: '--client-key' } },
        },
      },
    ],
    ['empty strings are not given', { namespace: '', token: '', server: '' }, {}],
  ] as [string, ConnectionFlags, Partial<ReturnType<typeof plain>>][])('%s', async (_name, flags, over) => {
    const { creds } = await resolve({ kubeconfig: kc(file), ...flags });
    expect(plain(creds)).toEqual(expected(file, { token: { value: 'fake-inline-token', source: user(file, 'token') }, ...over }));
  });

  it('--server replaces the tls-server-name of the kubeconfig; --tls-server-name with it is kept', async () => {
    const f = { kubeconfig: kc('client-cert-files.yaml'), server: 'https://10.0.0.1' };
    expect((await resolve(f)).creds.tlsServerName).toBeUndefined();
    expect((await resolve({ ...f, tlsServerName: 'x' })).creds.tlsServerName).toBe('x');
  });

  it('--insecure-skip-tls-verify works even where the kubeconfig refuses CA plus insecure', async () => {
    const { creds } = await resolve({ kubeconfig: kc('ca-and-insecure.yaml'), insecureSkipTlsVerify: true });
    expect([creds.ca, creds.insecureSkipTLSVerify]).toEqual([undefined, true]);
  });

  it('--token does not beat a kubeconfig tokenFile (kubectl 1.32 sends the file content, observed)', async () => {
    const { creds } = await resolve({ kubeconfig: kc('token-file.yaml'), token: 'fake-flag-token' });
    expect(creds.token?.value?.reveal()).toBe('fake-token-from-file');
    expect(creds.token?.source.kind).toBe('file');
  });

  it('--username/--password replace the kubeconfig basic auth', async () => {
    const { creds } = await resolve({ kubeconfig: kc('basic-auth.yaml'), username: 'me', password: 'pw' });
    expect(plain(creds).basic).toEqual({
      username: { value: 'me', source: { kind: 'flag', flag: '--username' } },
      password: { value: 'pw', source: { kind: 'flag', flag: '--password' } },
    });
  });

  it.each([
    ['--context', { context: 'second-context' }, ['second-context', 'shared-cluster', 'shared-user'], 'https://second.example:6443'],
    ['--cluster', { context: 'first-context', cluster: 'shared-cluster' }, ['first-context', 'shared-cluster', 'shared-user'], 'https://second.example:6443'],
    ['--user', { context: 'third-context', user: 'shared-user' }, ['third-context', 'shared-cluster', 'shared-user'], 'https://second.example:6443'],
  ])('%s picks the entry', async (_name, flags, names, server) => {
    const m = `${FIX}/merge`;
    const { creds } = await resolve(flags, { env: { KUBECONFIG: `${m}/first.yaml:${m}/second.yaml:${m}/nested/third.yaml` } });
    expect([creds.contextName, creds.clusterName, creds.userName]).toEqual(names);
    expect(creds.server.value).toBe(server);
  });

  it('--username alone: basic auth with an empty password', async () => {
    const { creds } = await resolve({ server: 'https://h', username: 'me' });
    expect(plain(creds).basic).toEqual({
      username: { value: 'me', source: { kind: 'flag', flag: '--username' } },
      password: { value: '', source: { kind: 'default' } },
    });
  });

  it('no kubeconfig: kubectl defaults (http://localhost:8080, namespace default, no credentials)', async () => {
    const { creds } = await resolve({});
    expect(plain(creds)).toEqual({
      ...expected('x', {}),
      origin: 'none',
      files: [],
      kubeconfigFlag: undefined,
      names: [undefined, undefined, undefined],
      server: { value: 'http://localhost:8080', source: { kind: 'default' } },
      namespace: { value: 'default', source: { kind: 'default' } },
      ca: undefined,
    });
  });

  it('no kubeconfig, only flags: --server and --token', async () => {
    const { creds } = await resolve({ server: 'https://10.0.0.1:6443', token: 'fake-flag-token', insecureSkipTlsVerify: true });
    expect(creds.origin).toBe('kubeconfig');
    expect(creds.server).toEqual({ value: 'https://10.0.0.1:6443', source: { kind: 'flag', flag: '--server' } });
    expect(plain(creds).token).toEqual({ value: 'fake-flag-token', source: { kind: 'flag', flag: '--token' } });
    expect(creds.insecureSkipTLSVerify).toBe(true);
  });

  it.each([
    ['--token', { token: 'fake-flag-token' }],
    ['--username/--password', { username: 'u', password: 'p' }],
    ['--token-from-secret', { tokenFromSecret: 'ns/s' }],
    ['--client-certificate/--client-key (not even read)', { clientCertificate: '/nonexistent-home/c.crt', clientKey: '/nonexistent-home/c.key' }],
    ['an exec user of the kubeconfig', { kubeconfig: kc('exec-v1.yaml') }],
    ['a token user with CA data', { kubeconfig: kc('token-inline.yaml') }],
  ] as [string, ConnectionFlags][])('no credentials over http:// (client-go reads user auth only for TLS): %s', async (_name, flags) => {
    const { creds } = await resolve({ server: 'http://127.0.0.1:8001', ...flags });
    expect([creds.token, creds.basic, creds.clientCert, creds.exec, creds.ca, creds.server.value]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'http://127.0.0.1:8001',
    ]);
  });

  it('$KUBERNETES_MASTER is the default server when nothing names one', async () => {
    const { creds } = await resolve({}, { env: { KUBERNETES_MASTER: 'https://master.example:6443' } });
    expect(creds.server).toEqual({ value: 'https://master.example:6443', source: { kind: 'env', name: 'KUBERNETES_MASTER' } });
  });
});

describe('--token-from-secret', () => {
  it('defers the token to Secret NAME in the resolved namespace, or NAMESPACE/NAME', async () => {
    const a = (await resolve({ kubeconfig: kc('token-inline.yaml'), tokenFromSecret: 'builder-token' })).creds;
    expect(a.token).toEqual({ source: { kind: 'secret', namespace: 'team-a', name: 'builder-token' } });
    const b = (await resolve({ kubeconfig: kc('token-inline.yaml'), tokenFromSecret: 'kube-system/builder-token', namespace: 'x' })).creds;
    expect(b.token).toEqual({ source: { kind: 'secret', namespace: 'kube-system', name: 'builder-token' } });
  });

  it('materialize asks fetchSecretToken, handing it the credentials the user had without the flag', async () => {
    const { io, creds } = await resolve({ kubeconfig: kc('token-inline.yaml'), tokenFromSecret: 'kube-system/builder-token' });
    const calls: [string, string, string | undefined][] = [];
    const live = await materializeCredentials(io, creds, {
      fetchSecretToken: async (ns, name, base) => {
        calls.push([ns, name, base.token?.value?.reveal()]);
        return 'fake-secret-token';
      },
    });
    expect(calls).toEqual([['kube-system', 'builder-token', 'fake-inline-token']]);
    expect(live.token?.value?.reveal()).toBe('fake-secret-token');
    expect(live.token?.source).toEqual({ kind: 'secret', namespace: 'kube-system', name: 'builder-token' });
    expect(creds.token?.value).toBeUndefined(); // the resolved record is not changed
  });

  it('without a reader, materialize says what is missing', async () => {
    const { io, creds } = await resolve({ kubeconfig: kc('token-inline.yaml'), tokenFromSecret: 'x' });
    await expect(materializeCredentials(io, creds)).rejects.toThrow(
      '--token-from-secret team-a/x needs the API server to read the Secret, and no reader was given',
    );
  });
});

describe('materializeCredentials', () => {
  it('reads a tokenFile again each time (client-go re-reads rotated token files)', async () => {
    const io = testIo({
      files: {
        '/k/config':
          'clusters: [{name: c, cluster: {server: "https://h"}}]\nusers: [{name: u, user: {tokenFile: tok}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
        '/k/tok': 'first\n',
      },
    });
    const creds = await resolveCredentials(io, { kubeconfig: '/k/config' });
    expect(creds.token?.value?.reveal()).toBe('first');
    io.files.set('/k/tok', Buffer.from('  second \n'));
    expect((await materializeCredentials(io, creds)).token?.value?.reveal()).toBe('second');
    io.files.set('/k/tok', Buffer.from('\n'));
    await expect(materializeCredentials(io, creds)).rejects.toThrow(`tokenFile "/k/tok" (users["u"].user.tokenFile in /k/config) is empty`);
  });

  it('runs the exec plugin (v1, cluster info, args, env) and fills the token', async () => {
    const expectInfo =
      '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"server":"https://127.0.0.1:6443","certificate-authority-data":"' +
      Buffer.from(FAKE_CA).toString('base64') +
      '","config":null},"interactive":false}}\n';
    const { io, creds } = await resolve({ kubeconfig: kc('exec-v1.yaml') }, { env: { PATH: process.env.PATH, EXPECT_EXEC_INFO: expectInfo } });
    const live = await materializeCredentials(io, creds);
    expect(live.token?.value?.reveal()).toBe('fake-exec-token-1');
    expect(live.token?.source).toEqual(creds.token?.source);
    expect(live.clientCert).toBeUndefined();
  });

  it('an exec plugin that returns a certificate fills clientCert and drops the deferred token', async () => {
    const { io, creds } = await resolve({ kubeconfig: kc('exec-v1beta1.yaml') }, { env: { PATH: process.env.PATH, PLUGIN_MODE: 'cert' } });
    const live = await materializeCredentials(io, creds);
    expect(live.token).toBeUndefined();
    expect(text(live.clientCert?.cert.value)).toContain('RkFLRS1FWEVDLUNFUlQ=');
    expect(text(live.clientCert?.key.value?.reveal())).toContain('RkFLRS1FWEVDLUtFWQ==');
    expect(live.clientCert?.key.source).toMatchObject({ kind: 'exec', user: 'fake-user', command: PLUGIN });
  });
});

describe('resolveCredentials: bad input gives one clear line', () => {
  const m = `${FIX}/merge`;
  it.each([
    [
      '--server without a scheme',
      { server: '127.0.0.1:6443' },
      {},
      'KCURL_USAGE',
      'server URL "127.0.0.1:6443" has no scheme; use https://HOST:PORT',
      undefined,
    ],
    [
      '--server with another scheme',
      { server: 'ftp://h' },
      {},
      'KCURL_USAGE',
      'server URL "ftp://h" has scheme "ftp"; use https://HOST:PORT (or http:// for an insecure port)',
      undefined,
    ],
    [
      'a kubeconfig server without a scheme',
      { kubeconfig: kc('server-without-scheme.yaml') },
      {},
      'KCURL_CONFIG',
      `server URL "127.0.0.1:6443" (clusters["fake-cluster"].cluster.server in ${kc('server-without-scheme.yaml')}) has no scheme; use https://HOST:PORT`,
      undefined,
    ],
    [
      '--context that does not exist',
      { kubeconfig: kc('token-inline.yaml'), context: 'foo' },
      {},
      'KCURL_CONFIG',
      'context "foo" does not exist',
      `contexts in ${kc('token-inline.yaml')}: fake-context`,
    ],
    [
      '--context without any kubeconfig',
      { context: 'foo' },
      {},
      'KCURL_CONFIG',
      'context "foo" does not exist',
      'there is no kubeconfig (looked for /nonexistent-home/.kube/config)',
    ],
    [
      '--context when no KUBECONFIG file exists',
      { context: 'foo' },
      { env: { KUBECONFIG: '/nonexistent-home/a:/nonexistent-home/b' } },
      'KCURL_CONFIG',
      'context "foo" does not exist',
      'no file of KUBECONFIG=/nonexistent-home/a:/nonexistent-home/b exists',
    ],
    [
      '--cluster that does not exist',
      { kubeconfig: kc('token-inline.yaml'), cluster: 'nope' },
      {},
      'KCURL_CONFIG',
      'cluster "nope" does not exist',
      `clusters in ${kc('token-inline.yaml')}: fake-cluster`,
    ],
    [
      '--user that does not exist',
      { kubeconfig: kc('token-inline.yaml'), user: 'nope' },
      {},
      'KCURL_CONFIG',
      'user "nope" does not exist',
      `users in ${kc('token-inline.yaml')}: fake-user`,
    ],
    [
      'a current-context that does not exist',
      { kubeconfig: kc('current-context-missing.yaml') },
      {},
      'KCURL_CONFIG',
      `current-context "gone-context" (in ${kc('current-context-missing.yaml')}) does not exist`,
      `contexts in ${kc('current-context-missing.yaml')}: fake-context; pick one with kubectl config use-context NAME or --context`,
    ],
    [
      'a context naming a missing cluster',
      { kubeconfig: kc('context-names-missing-cluster.yaml') },
      {},
      'KCURL_CONFIG',
      `cluster "typo-cluster" does not exist (named by context "fake-context" in ${kc('context-names-missing-cluster.yaml')})`,
      `clusters in ${kc('context-names-missing-cluster.yaml')}: fake-cluster`,
    ],
    [
      'a context naming a missing user, across files',
      { context: 'ctx' },
      { env: { KUBECONFIG: `${m}/first.yaml:/k/extra` }, files: { '/k/extra': 'contexts: [{name: ctx, context: {cluster: first-cluster, user: ghost}}]' } },
      'KCURL_CONFIG',
      'user "ghost" does not exist (named by context "ctx" in /k/extra)',
      `users in ${m}/first.yaml, /k/extra: shared-user`,
    ],
    [
      'a missing tokenFile',
      { kubeconfig: kc('token-file-missing.yaml') },
      {},
      'KCURL_CREDENTIALS',
      `tokenFile "${kc('no-such-token.txt')}" (users["fake-user"].user.tokenFile in ${kc('token-file-missing.yaml')}): no such file or directory`,
      undefined,
    ],
    [
      'a missing --client-certificate file',
      { kubeconfig: kc('token-inline.yaml'), clientCertificate: 'nope.crt', clientKey: 'fake-client.key' },
      {},
      'KCURL_CREDENTIALS',
      `client-certificate "${kc('nope.crt')}" (--client-certificate): no such file or directory`,
      undefined,
    ],
    [
      'an unreadable client-key of the kubeconfig',
      { kubeconfig: '/k/config' },
      {
        files: {
          '/k/config': `clusters: [{name: c, cluster: {server: "https://h"}}]\nusers: [{name: u, user: {client-certificate: ${FIX}/fake-client.crt, client-key: gone.key}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
        },
      },
      'KCURL_CREDENTIALS',
      'client-key "/k/gone.key" (users["u"].user.client-key in /k/config): no such file or directory',
      undefined,
    ],
    [
      'a missing certificate-authority of the kubeconfig',
      { kubeconfig: '/k/config' },
      {
        files: {
          '/k/config':
            'clusters: [{name: c, cluster: {server: "https://h", certificate-authority: ca.pem}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n',
        },
      },
      'KCURL_CONFIG',
      'certificate-authority "/k/ca.pem" (clusters["c"].cluster.certificate-authority in /k/config): no such file or directory',
      undefined,
    ],
    [
      'a missing --certificate-authority file',
      { kubeconfig: kc('token-inline.yaml'), certificateAuthority: '/nonexistent-home/ca.crt' },
      {},
      'KCURL_CONFIG',
      'certificate-authority "/nonexistent-home/ca.crt" (--certificate-authority): no such file or directory',
      undefined,
    ],
    [
      'a client-key-data that is not base64',
      { kubeconfig: kc('invalid-base64-client-key-data.yaml') },
      {},
      'KCURL_CONFIG',
      `error loading config file "${kc('invalid-base64-client-key-data.yaml')}": line 20, column 22: users[0].user.client-key-data is not valid base64`,
      'the *-data fields hold base64 of the PEM file (base64 -w0 FILE)',
    ],
    [
      'malformed YAML',
      { kubeconfig: kc('malformed-yaml.yaml') },
      {},
      'KCURL_CONFIG',
      `error loading config file "${kc('malformed-yaml.yaml')}": yaml: line 7, column 12: Nested mappings are not allowed in compact mappings`,
      undefined,
    ],
    [
      'a token and basic auth together',
      { kubeconfig: kc('token-and-basic-auth.yaml') },
      {},
      'KCURL_CONFIG',
      `more than one authentication method found for user "fake-user" (in ${kc('token-and-basic-auth.yaml')}): users["fake-user"].user.token and users["fake-user"].user.username/password; only one is allowed`,
      'use either a bearer token or basic auth',
    ],
    [
      '--token for a basic-auth user',
      { kubeconfig: kc('basic-auth.yaml'), token: 't' },
      {},
      'KCURL_CONFIG',
      `more than one authentication method found for user "fake-user" (in ${kc('basic-auth.yaml')}): --token and users["fake-user"].user.username/password; only one is allowed`,
      'use either a bearer token or basic auth',
    ],
    [
      'a client certificate without a key',
      { kubeconfig: kc('client-cert-without-key.yaml') },
      {},
      'KCURL_CONFIG',
      `client-key-data or client-key must be specified for user "fake-user" (in ${kc('client-cert-without-key.yaml')}) to use the client certificate`,
      'add client-key or client-key-data to users["fake-user"].user',
    ],
    [
      'an exec v1 plugin without interactiveMode',
      { kubeconfig: kc('exec-v1-without-interactive-mode.yaml') },
      {},
      'KCURL_CONFIG',
      `users["fake-user"].user.exec (in ${kc('exec-v1-without-interactive-mode.yaml')}): interactiveMode must be specified for the exec plugin`,
      'add interactiveMode: Never (or IfAvailable, Always)',
    ],
    [
      'CA data and insecure-skip-tls-verify together',
      { kubeconfig: kc('ca-and-insecure.yaml') },
      {},
      'KCURL_CONFIG',
      `clusters["fake-cluster"].cluster (in ${kc('ca-and-insecure.yaml')}) sets insecure-skip-tls-verify together with a certificate authority; specifying a root certificates file with the insecure flag is not allowed`,
      'remove one of them, or override with --insecure-skip-tls-verify',
    ],
    [
      'certificate-authority and certificate-authority-data together',
      { kubeconfig: kc('ca-data-and-file.yaml') },
      {},
      'KCURL_CONFIG',
      `clusters["fake-cluster"].cluster (in ${kc('ca-data-and-file.yaml')}) sets both certificate-authority and certificate-authority-data`,
      'keep one of them',
    ],
    [
      'an auth-provider',
      { kubeconfig: kc('auth-provider-gcp.yaml') },
      {},
      'KCURL_CREDENTIALS',
      `users["fake-user"].user.auth-provider (gcp) is no longer supported by kubectl; use an exec plugin (client.authentication.k8s.io/v1), e.g. the provider's kubelogin/gke-gcloud-auth-plugin`,
      undefined,
    ],
    [
      '--token with --token-from-secret',
      { token: 'a', tokenFromSecret: 'b' },
      {},
      'KCURL_USAGE',
      '--token and --token-from-secret cannot be used together',
      'pick one bearer token',
    ],
    [
      'a malformed --token-from-secret',
      { tokenFromSecret: 'a/b/c' },
      {},
      'KCURL_USAGE',
      '--token-from-secret "a/b/c" is not [NAMESPACE/]NAME',
      'e.g. --token-from-secret kube-system/builder-token',
    ],
    [
      '--as-group without --as',
      { asGroup: ['devs'] },
      {},
      'KCURL_USAGE',
      '--as-group and --as-uid need --as',
      'impersonating groups or a uid requires impersonating a user',
    ],
    [
      'an --as with a line break',
      { as: 'jane\nx' },
      {},
      'KCURL_USAGE',
      '--as "jane\\nx" holds a line break or control character, which an HTTP header cannot carry (kubectl: net/http: invalid header field value for "Impersonate-User")',
      'remove the control character from the value',
    ],
    [
      'an --as-group with a carriage return',
      { as: 'jane', asGroup: ['ok', 'de\rvs'] },
      {},
      'KCURL_USAGE',
      '--as-group "de\\rvs" holds a line break or control character, which an HTTP header cannot carry (kubectl: net/http: invalid header field value for "Impersonate-Group")',
      'remove the control character from the value',
    ],
    [
      'a kubeconfig as-groups entry with a line break',
      { kubeconfig: '/k/config' },
      {
        files: {
          '/k/config':
            'clusters: [{name: c, cluster: {server: "https://h"}}]\nusers: [{name: u, user: {as: jane, as-groups: ["a\\nb"]}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
        },
      },
      'KCURL_CONFIG',
      'users["u"].user.as-groups "a\\nb" (in /k/config) holds a line break or control character, which an HTTP header cannot carry (kubectl: net/http: invalid header field value for "Impersonate-Group")',
      'remove the control character from the value',
    ],
    [
      'a --token-from-secret name that is not a DNS subdomain',
      { tokenFromSecret: 'ns/a\nb' },
      {},
      'KCURL_USAGE',
      "--token-from-secret \"ns/a\\nb\": invalid Secret name \"a\\nb\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'e.g. --token-from-secret kube-system/builder-token',
    ],
    [
      'a bad --request-timeout',
      { requestTimeout: '5 minutes' },
      {},
      'KCURL_USAGE',
      'invalid --request-timeout "5 minutes": unknown unit " minutes"',
      'use whole seconds or a number with a unit, e.g. 5s, 1m30s, 500ms, 0',
    ],
    [
      '--insecure-skip-tls-verify with --certificate-authority',
      { insecureSkipTlsVerify: true, certificateAuthority: 'ca.crt' },
      {},
      'KCURL_USAGE',
      '--insecure-skip-tls-verify and --certificate-authority cannot be used together',
      'specifying a root certificates file with the insecure flag is not allowed',
    ],
    [
      '--in-cluster with --kubeconfig',
      { inCluster: true, kubeconfig: 'x' },
      {},
      'KCURL_USAGE',
      '--in-cluster cannot be combined with --kubeconfig',
      'the serviceaccount mount has no kubeconfig contexts, clusters or users',
    ],
    [
      'a proxy-url with an unsupported scheme',
      { kubeconfig: '/k/config' },
      {
        files: {
          '/k/config':
            'clusters: [{name: c, cluster: {server: "https://h", proxy-url: "ftp://p"}}]\ncontexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n',
        },
      },
      'KCURL_CONFIG',
      'invalid proxy-url "ftp://p" for cluster "c" (in /k/config): unsupported scheme "ftp", must be http, https, or socks5',
      undefined,
    ],
  ] as [string, ConnectionFlags, Parameters<typeof testIo>[0], string, string, string | undefined][])('%s', async (_name, flags, init, code, message, hint) => {
    const err = await failure(flags, init);
    expect([err.code, err.message, err.hint]).toEqual([code, message, hint]);
    expect(formatError(err)).not.toContain('\n');
  });
});
