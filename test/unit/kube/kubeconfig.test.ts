// Kubeconfig parsing (typed records, Go-like YAML 1.1, errors with file/line/column/path), client-go's
// first-wins merging, and which files are read (--kubeconfig, KUBECONFIG list, ~/.kube/config).
import { describe, expect, it } from 'vitest';
import { KcurlError } from '../../../src/errors.js';
import { testIo } from '../../../src/io.js';
import { loadKubeconfig, mergeKubeconfigs, parseKubeconfig } from '../../../src/kube/kubeconfig.js';
import { fixturePath } from '../../helpers/fixtures.js';

const FIX = fixturePath('kubeconfig');
const MERGE = `${FIX}/merge`;

async function asyncErrorOf(p: Promise<unknown>): Promise<KcurlError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KcurlError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('parseKubeconfig', () => {
  it('reads clusters, users and contexts into typed records with secrets wrapped', async () => {
    const f = await parseKubeconfig(
      '/k/config',
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: dev',
        'clusters:',
        '- name: c',
        '  cluster: {server: "https://h:6443", certificate-authority-data: "UEVN", insecure-skip-tls-verify: true, tls-server-name: api, proxy-url: "http://p:3128", disable-compression: true}',
        'contexts:',
        '- name: dev',
        '  context: {cluster: c, user: u, namespace: team}',
        'users:',
        '- name: u',
        '  user:',
        '    token: t0k',
        '    password: pw',
        '    username: me',
        '    as: someone',
        '    as-groups: [g1, g2]',
        '    as-user-extra: {scopes: [s1]}',
        '    client-key-data: S0VZ',
        '    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: plug, args: [a], env: [{name: NAME, value: VAL}]}',
      ].join('\n'),
    );
    expect(f.dir).toBe('/k');
    expect(f.raw.currentContext).toBe('dev');
    expect(f.raw.clusters[0]).toEqual({
      name: 'c',
      cluster: {
        server: 'https://h:6443',
        certificateAuthority: undefined,
        certificateAuthorityData: new Uint8Array(Buffer.from('PEM')),
        insecureSkipTlsVerify: true,
        tlsServerName: 'api',
        proxyUrl: 'http://p:3128',
        disableCompression: true,
      },
    });
    expect(f.raw.contexts[0]).toEqual({ name: 'dev', context: { cluster: 'c', user: 'u', namespace: 'team' } });
    const u = f.raw.users[0].user;
    expect(u.token?.reveal()).toBe('t0k');
    expect(String(u.token)).toBe('<redacted token>');
    expect(JSON.stringify(u)).not.toContain('t0k');
    expect(u.password?.reveal()).toBe('pw');
    expect(Buffer.from(u.clientKeyData!.reveal()).toString()).toBe('KEY');
    expect(u.asGroups).toEqual(['g1', 'g2']);
    expect(u.asUserExtra).toEqual({ scopes: ['s1'] });
    // v1beta1 defaults interactiveMode to IfAvailable (client-go SetDefaults_ExecConfig); PATH commands stay bare.
    expect(u.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'plug',
      args: ['a'],
      env: [{ name: 'NAME', value: 'VAL' }],
      provideClusterInfo: false,
      interactiveMode: 'IfAvailable',
      installHint: undefined,
    });
  });

  it('resolves relative file references against the file directory (exec command only with a slash)', async () => {
    const f = await parseKubeconfig(
      '/home/me/.kube/config',
      [
        'clusters: [{name: c, cluster: {server: "https://h", certificate-authority: certs/ca.crt}}]',
        'users:',
        '- name: u',
        '  user: {client-certificate: ../c.crt, client-key: /abs/k.key, tokenFile: tok, exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/plugin}}',
        '- name: v',
        '  user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: gke-gcloud-auth-plugin}}',
      ].join('\n'),
    );
    expect(f.raw.clusters[0].cluster.certificateAuthority).toBe('/home/me/.kube/certs/ca.crt');
    const u = f.raw.users[0].user;
    expect([u.clientCertificate, u.clientKey, u.tokenFile, u.exec?.command]).toEqual([
      '/home/me/c.crt',
      '/abs/k.key',
      '/home/me/.kube/tok',
      '/home/me/.kube/bin/plugin',
    ]);
    expect(f.raw.users[1].user.exec?.command).toBe('gke-gcloud-auth-plugin');
  });

  it.each([
    ['empty file', ''],
    ['only a comment', '# nothing here\n'],
    ['null lists', 'clusters:\nusers: null\ncontexts: ~\n'],
  ])('accepts %s as an empty config', async (_name, text) => {
    expect((await parseKubeconfig('/k/c', text)).raw).toEqual({ currentContext: undefined, clusters: [], users: [], contexts: [] });
  });

  it('treats empty strings as unset, as client-go does', async () => {
    const f = await parseKubeconfig('/k/c', 'current-context: ""\ncontexts: [{name: x, context: {namespace: "", cluster: ""}}]');
    expect(f.raw.currentContext).toBeUndefined();
    expect(f.raw.contexts[0].context).toEqual({ cluster: undefined, user: undefined, namespace: undefined });
  });

  it('follows YAML anchors and merge keys', async () => {
    const f = await parseKubeconfig(
      '/k/c',
      ['base: &b {server: "https://anchored"}', 'clusters:', '- name: a', '  cluster: *b', '- name: b', '  cluster: {<<: *b, tls-server-name: x}'].join('\n'),
    );
    expect(f.raw.clusters.map((c) => [c.cluster.server, c.cluster.tlsServerName])).toEqual([
      ['https://anchored', undefined],
      ['https://anchored', 'x'],
    ]);
  });

  it.each([
    ['malformed-yaml.yaml', 'yaml: line 7, column 12: Nested mappings are not allowed in compact mappings'],
    ['invalid-base64-client-key-data.yaml', 'line 20, column 22: users[0].user.client-key-data is not valid base64'],
    ['namespace-yaml11-boolean.yaml', 'line 12, column 16: contexts[0].context.namespace must be a string, not a boolean'],
    ['duplicate-cluster-name.yaml', 'line 8, column 9: duplicate name "fake-cluster" in clusters'],
  ])('%s: one line naming file, line:column and path', async (file, detail) => {
    const path = `${FIX}/${file}`;
    const text = (await testIo().readFile(path)).toString();
    const err = await asyncErrorOf(parseKubeconfig(path, text));
    expect(err.code).toBe('KCURL_CONFIG');
    expect(err.message).toBe(`error loading config file "${path}": ${detail}`);
    expect(err.message).not.toContain('\n');
  });

  it.each([
    [
      'a number where a string belongs',
      'clusters:\n- name: c\n  cluster:\n    server: 6443\n',
      'line 4, column 13: clusters[0].cluster.server must be a string, not a number',
      'quote the value',
    ],
    [
      'a string where a boolean belongs',
      'clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: "true"}\n',
      'line 3, column 39: clusters[0].cluster.insecure-skip-tls-verify must be true or false, not a string',
      undefined,
    ],
    ['a list that is a mapping', 'users: {name: u}\n', 'line 1, column 8: users must be a list, not a mapping', undefined],
    [
      'an entry that is a string',
      'contexts:\n- just-a-name\n',
      'line 2, column 3: contexts[0] must be a mapping with name and context, not a string',
      undefined,
    ],
    [
      'a non-string in args',
      'users:\n- name: u\n  user:\n    exec:\n      args: [ok, 3]\n',
      'line 5, column 18: users[0].user.exec.args[1] must be a string, not a number',
      'quote the value',
    ],
    [
      'another kind',
      'apiVersion: v1\nkind: Pod\n',
      'line 2, column 7: kind "Pod" apiVersion "v1" is not a kubeconfig',
      'a kubeconfig has apiVersion: v1 and kind: Config',
    ],
    ['a scalar document', 'hello\n', 'the file is a string, not a kubeconfig mapping (apiVersion: v1, kind: Config)', undefined],
    ['two documents', 'a: 1\n---\nb: 2\n', 'yaml: line 2, column 1: Source contains multiple documents; please use YAML.parseAllDocuments()', undefined],
    ['a duplicate key', 'kind: Config\nkind: Config\n', 'yaml: line 2, column 1: Map keys must be unique', undefined],
    [
      'base64 without padding',
      'clusters: [{name: c, cluster: {certificate-authority-data: UEV}}]\n',
      'line 1, column 60: clusters[0].cluster.certificate-authority-data is not valid base64',
      'the *-data fields hold base64 of the PEM file (base64 -w0 FILE)',
    ],
  ])('refuses %s', async (_name, text, detail, hint) => {
    const err = await asyncErrorOf(parseKubeconfig('/x/config', text));
    expect(err.message).toBe(`error loading config file "/x/config": ${detail}`);
    expect(err.hint).toBe(hint);
  });

  it('accepts base64 split over lines, as Go does', async () => {
    const f = await parseKubeconfig('/k/c', 'clusters: [{name: c, cluster: {certificate-authority-data: "UEVN\\nUEVN"}}]');
    expect(Buffer.from(f.raw.clusters[0].cluster.certificateAuthorityData!).toString()).toBe('PEMPEM');
  });
});

describe('mergeKubeconfigs', async () => {
  const parse = (path: string, lines: string[]) => parseKubeconfig(path, lines.join('\n'));
  const a = await parse('/a', [
    'clusters: [{name: shared, cluster: {server: "https://a"}}, {name: only-a, cluster: {server: "https://oa"}}]',
    'users: [{name: u, user: {token: from-a}}]',
    'contexts: [{name: ctx, context: {cluster: shared, user: u}}]',
  ]);
  const b = await parse('/b', [
    'current-context: from-b',
    'clusters: [{name: shared, cluster: {server: "https://b", tls-server-name: only-in-b}}, {name: only-b, cluster: {server: "https://ob"}}]',
    'users: [{name: u, user: {token: from-b, username: dropped}}, {name: v, user: {token: vb}}]',
  ]);
  const c = await parse('/c', ['current-context: from-c', 'contexts: [{name: ctx, context: {namespace: from-c}}, {name: ctx-c, context: {}}]']);

  it('two files: the first to define a name wins with its whole entry', () => {
    const m = mergeKubeconfigs([a, b]);
    expect(m.files).toEqual(['/a', '/b']);
    expect(m.clusters.get('shared')).toEqual({ cluster: a.raw.clusters[0].cluster, file: '/a', index: 0 });
    // b's tls-server-name for "shared" is not merged into a's entry.
    expect(m.clusters.get('shared')!.cluster.tlsServerName).toBeUndefined();
    expect(m.users.get('u')!.user.username).toBeUndefined();
    expect(m.users.get('u')!.user.token!.reveal()).toBe('from-a');
    expect(m.clusters.get('only-b')).toMatchObject({ file: '/b', index: 1 });
    expect(m.users.get('v')).toMatchObject({ file: '/b', index: 1 });
    expect([...m.clusters.keys()]).toEqual(['shared', 'only-a', 'only-b']);
  });

  it('three files: the first non-empty current-context wins, contexts first-wins too', () => {
    const m = mergeKubeconfigs([a, b, c]);
    expect(m.currentContext).toEqual({ value: 'from-b', file: '/b' });
    expect(m.contexts.get('ctx')).toEqual({ context: { cluster: 'shared', user: 'u', namespace: undefined }, file: '/a', index: 0 });
    expect(m.contexts.get('ctx-c')).toMatchObject({ file: '/c', index: 1 });
    expect(mergeKubeconfigs([c, b, a]).currentContext).toEqual({ value: 'from-c', file: '/c' });
  });

  it('no files: an empty config', () => {
    const m = mergeKubeconfigs([]);
    expect([m.files, m.currentContext, m.clusters.size, m.users.size, m.contexts.size]).toEqual([[], undefined, 0, 0, 0]);
  });
});

describe('loadKubeconfig', () => {
  it('KUBECONFIG: merges the listed files in order, skipping missing ones and duplicates', async () => {
    const io = testIo({
      cwd: MERGE,
      env: { KUBECONFIG: `first.yaml::${MERGE}/missing.yaml:second.yaml:${MERGE}/first.yaml:nested/third.yaml` },
    });
    const m = await loadKubeconfig(io, {});
    expect(m.files).toEqual([`${MERGE}/first.yaml`, `${MERGE}/second.yaml`, `${MERGE}/nested/third.yaml`]);
    expect(m.currentContext).toEqual({ value: 'second-context', file: `${MERGE}/second.yaml` });
    expect(m.clusters.get('first-cluster')!.cluster.server).toBe('https://first.example:6443');
    expect(m.clusters.get('shared-cluster')).toMatchObject({ file: `${MERGE}/second.yaml`, index: 0 });
    // Relative paths resolve against each file's own directory.
    expect(m.clusters.get('shared-cluster')!.cluster.certificateAuthority).toBe(`${FIX}/fake-ca.crt`);
    expect(m.users.get('third-user')!.user.tokenFile).toBe(`${MERGE}/nested/third-token.txt`);
    expect(m.users.get('shared-user')!.user.token!.reveal()).toBe('fake-token-from-first');
  });

  it('KUBECONFIG unset: ~/.kube/config, and nothing at all when it is missing', async () => {
    const home = '/nonexistent-home';
    const withFile = testIo({ homedir: home, files: { [`${home}/.kube/config`]: 'current-context: home\n' } });
    expect(await loadKubeconfig(withFile, {})).toMatchObject({ files: [`${home}/.kube/config`], currentContext: { value: 'home' } });
    const without = await loadKubeconfig(testIo({ homedir: home }), {});
    expect(without.files).toEqual([]);
    // An empty KUBECONFIG counts as unset.
    expect((await loadKubeconfig(testIo({ homedir: home, env: { KUBECONFIG: '' }, files: { [`${home}/.kube/config`]: '' } }), {})).files).toEqual([
      `${home}/.kube/config`,
    ]);
  });

  it('--kubeconfig: only that file, resolved against the working directory; KUBECONFIG is ignored', async () => {
    const io = testIo({ cwd: MERGE, env: { KUBECONFIG: `${MERGE}/first.yaml` } });
    const m = await loadKubeconfig(io, { kubeconfig: 'second.yaml' });
    expect(m.files).toEqual([`${MERGE}/second.yaml`]);
    expect(m.clusters.get('first-cluster')!.cluster.server).toBe('https://ignored-second.example:6443');
  });

  it('--kubeconfig naming a missing file is an error', async () => {
    const err = await asyncErrorOf(loadKubeconfig(testIo({ cwd: '/work' }), { kubeconfig: '/nonexistent-home/nope.yaml' }));
    expect(err.message).toBe('kubeconfig "/nonexistent-home/nope.yaml" (--kubeconfig) does not exist');
    expect(err.hint).toBe('check the path, or drop --kubeconfig to use KUBECONFIG or ~/.kube/config');
  });

  it('a KUBECONFIG entry that cannot be read (not missing) is an error', async () => {
    const err = await asyncErrorOf(loadKubeconfig(testIo({ env: { KUBECONFIG: FIX } }), {}));
    expect(err.message).toBe(`error loading config file "${FIX}": is a directory`);
  });
});
