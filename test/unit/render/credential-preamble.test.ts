// The credential preamble with hostile kubeconfig names, Secret refs and impersonation values: every comment
// stays a comment, every jsonpath filter names exactly the entry kcurl used, the server URL base matches kcurl's.
import { describe, expect, it } from 'vitest';
import { jsonpathString, renderPreamble } from '../../../src/render/credential-preamble.js';
import { headerKeyEscape, impersonationHeaders } from '../../../src/http/impersonation.js';
import { KUBECONFIG_PATH, kindCredentials } from '../../helpers/credentials.js';

const HOSTILE = ['a\nrm -rf ~', 'b\r\ntouch X', 'c"d', 'e\\', "f'g", 'h)]i', '$(touch X)', '`id`', 'ж ✓'];

describe('renderPreamble keeps names inside comments', () => {
  it.each(HOSTILE)('context, cluster and user named %j: no line outside a comment mentions them', (name) => {
    const creds = kindCredentials({ contextName: name, clusterName: name, userName: name });
    const { lines } = renderPreamble(creds, { reveal: false });
    const text = lines.join('\n').split('\n');
    // Every line is a comment or an assignment kcurl wrote; none starts with a piece of the name.
    for (const line of text) expect(line).toMatch(/^(# |APISERVER=|TOKEN=|: )/);
  });

  it('a --token-from-secret ref with a newline stays in its comment', () => {
    const creds = kindCredentials({ token: { source: { kind: 'secret', namespace: 'ns\ntouch X', name: 'n\rtouch Y' } } });
    const lines = renderPreamble(creds, { reveal: false }).lines.join('\n').split('\n');
    expect(lines.filter((l) => /touch/.test(l) && !l.startsWith('# ') && !l.startsWith('TOKEN=$('))).toEqual([]);
  });

  it('an exec plugin command and user with newlines stay in their comment', () => {
    const creds = kindCredentials({
      token: { source: { kind: 'exec', user: 'u\ntouch X', command: '/bin/p\ntouch Y', args: [], env: [] } },
    });
    const lines = renderPreamble(creds, { reveal: false }).lines.join('\n').split('\n');
    expect(lines.filter((l) => /touch/.test(l) && !l.startsWith('# '))).toEqual([]);
  });

  it('a revealed CA whose text holds the heredoc delimiter gets another delimiter', () => {
    const creds = kindCredentials({ ca: { value: new TextEncoder().encode('KCURL_CA\ntouch X\n'), source: { kind: 'file', path: '/ca', via: 'x' } } });
    const lines = renderPreamble(creds, { reveal: true }).lines;
    expect(lines).toContain("cat > \"$CACERT\" <<'KCURL_CA_1'");
    expect(lines[lines.length - 1]).toBe('KCURL_CA_1');
  });
});

describe('jsonpathString: a literal kubectl JSONPath reads back as the name', () => {
  it.each([
    ['kind-admin', '"kind-admin"'],
    ['a"b', '"a\\x22b"'],
    ['x\\', '"x\\x5c"'],
    ['l1\nl2', '"l1\\x0al2"'],
    ["it's ) ] @ == ✓", `"it's ) ] @ == ✓"`],
    ['', '""'],
  ])('%j → %s', (name, literal) => expect(jsonpathString(name)).toBe(literal));

  it('the user-token line filters on the escaped name', () => {
    const creds = kindCredentials({ token: { source: { kind: 'kubeconfig', file: KUBECONFIG_PATH, entry: 'user', name: 'x")].user.token}{.users[?(@.name=="admin', field: 'token' } } });
    const line = renderPreamble(creds, { reveal: false }).lines.find((l) => l.startsWith('TOKEN='))!;
    expect(line).toBe(`TOKEN=$(kubectl config view --raw -o 'jsonpath={.users[?(@.name=="x\\x22)].user.token}{.users[?(@.name==\\x22admin")].user.token}')`);
  });
});

describe('the server URL in the preamble is the base kcurl sends to', () => {
  const server = (value: string) => kindCredentials({ server: { value, source: { kind: 'kubeconfig', file: KUBECONFIG_PATH, entry: 'cluster', name: 'kind-kind', field: 'server' } } });
  it('a trailing slash is dropped after reading it', () => {
    const lines = renderPreamble(server('https://h:6443/'), { reveal: false }).lines;
    expect(lines).toContain('APISERVER=${APISERVER%/}');
  });
  it('a path Go cleans and re-encodes is written out', () => {
    const lines = renderPreamble(server('https://h//pré/'), { reveal: false }).lines;
    expect(lines[lines.length - 2]).toBe('APISERVER=https://h/pr%C3%A9');
  });
  it('a clean server needs no extra line', () => {
    const lines = renderPreamble(server('https://h:6443/prefix'), { reveal: false }).lines;
    expect(lines.filter((l) => l.startsWith('APISERVER'))).toHaveLength(1);
  });
  it('--reveal and --server write the base', () => {
    const creds = kindCredentials({ server: { value: 'https://h:6443//', source: { kind: 'flag', flag: '--server' } } });
    expect(renderPreamble(creds, { reveal: false }).lines).toContain('APISERVER=https://h:6443');
    expect(renderPreamble(creds, { reveal: true }).serverRef).toBe('https://h:6443');
  });
});

describe('impersonation headers (client-go impersonatingRoundTripper)', () => {
  it('extra keys are escaped as client-go headerKeyEscape does', () => {
    expect(headerKeyEscape('scopes.example.com/x y%é')).toBe('scopes.example.com%2Fx%20y%25%C3%A9');
    expect(impersonationHeaders({ user: 'u', uid: '1', groups: ['a', 'b'], extra: { 'k/1': ['v'] } })).toEqual([
      ['Impersonate-User', 'u'],
      ['Impersonate-Uid', '1'],
      ['Impersonate-Group', 'a'],
      ['Impersonate-Group', 'b'],
      ['Impersonate-Extra-k%2F1', 'v'],
    ]);
  });
});
