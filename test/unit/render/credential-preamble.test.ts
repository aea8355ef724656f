// The credential preamble with hostile kubeconfig names, Secret refs and impersonation values: every comment
// stays a comment, every jsonpath filter names exactly the entry kcurl used, the server URL base matches kcurl's.
import { describe, expect, it } from 'vitest';
import { curlHeaderWords, jsonpathString, renderPreamble } from '../../../src/render/credential-preamble.js';
import { headerKeyEscape, impersonationHeaders } from '../../../src/http/impersonation.js';
import { KUBECONFIG_PATH, kindCredentials } from '../../helpers/credentials.js';
import { type Word, allCommands, allComments, literal, parseScript } from '../../helpers/shell-words.js';

const HOSTILE = ['a\nrm -rf ~', 'b\r\ntouch X', 'c"d', 'e\\', "f'g", 'h)]i', '$(touch X)', '`id`', 'ж ✓'];

/** The commands the preamble runs (first words), read back as bash reads them, and its comments' text. */
function read(creds: Parameters<typeof renderPreamble>[0]) {
  const script = parseScript(renderPreamble(creds, { reveal: false }).lines.join('\n') + '\n');
  const isAssignment = (w: Word) => 'lit' in (w.parts[0] ?? {}) && /^[A-Z_]+=/.test((w.parts[0] as { lit: string }).lit);
  const commands = allCommands(script)
    .map((c) => c.words.slice(c.words.findIndex((w) => !isAssignment(w))).map((w) => literal(w) ?? '<expansion>'))
    .filter((_words, i) => !allCommands(script)[i].words.every(isAssignment));
  return { commands, comments: allComments(script).join('\n') };
}

describe('renderPreamble keeps names inside comments', () => {
  it.each(HOSTILE)('context, cluster and user named %j: only kcurl commands run, the names stay in the comment', (name) => {
    const { commands, comments } = read(kindCredentials({ contextName: name, clusterName: name, userName: name }));
    for (const words of commands) expect(['kubectl', ':']).toContain(words[0]);
    expect(comments).toContain(`context "${name.replace(/\r\n|\r/g, '\n').replace(/\n/g, '\n ')}"`);
  });

  it('a --token-from-secret ref with a newline stays in its comment and its kubectl arguments', () => {
    const { commands } = read(kindCredentials({ token: { source: { kind: 'secret', namespace: 'ns\ntouch X', name: 'n\rtouch Y' } } }));
    expect(commands.map((w) => w[0])).not.toContain('touch');
    expect(commands).toContainEqual(['kubectl', 'get', 'secret', 'n\rtouch Y', '-n', 'ns\ntouch X', '-o', 'jsonpath={.data.token}']);
  });

  it('an exec plugin command and user with newlines stay in their comment', () => {
    const { commands, comments } = read(
      kindCredentials({ token: { source: { kind: 'exec', user: 'u\ntouch X', command: '/bin/p\ntouch Y', args: [], env: [] } } }),
    );
    expect(commands.map((w) => w[0])).not.toContain('touch');
    expect(comments).toContain('touch Y');
  });

  it('a revealed CA whose text holds the heredoc delimiter gets another delimiter', () => {
    const creds = kindCredentials({ ca: { value: new TextEncoder().encode('KCURL_CA\ntouch X\n'), source: { kind: 'file', path: '/ca', via: 'x' } } });
    const lines = renderPreamble(creds, { reveal: true }).lines;
    expect(lines).toContain('cat > "$CACERT" <<\'KCURL_CA_1\'');
    expect(lines.slice(-2)).toEqual(['KCURL_CA_1', `trap 'rm -f "$CACERT"' EXIT`]);
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
    const creds = kindCredentials({
      token: { source: { kind: 'kubeconfig', file: KUBECONFIG_PATH, entry: 'user', name: 'x")].user.token}{.users[?(@.name=="admin', field: 'token' } },
    });
    const line = renderPreamble(creds, { reveal: false }).lines.find((l) => l.startsWith('TOKEN='))!;
    expect(line).toBe(`TOKEN=$(kubectl config view --raw -o 'jsonpath={.users[?(@.name=="x\\x22)].user.token}{.users[?(@.name==\\x22admin")].user.token}')`);
  });
});

describe('the server URL in the preamble is the base kcurl sends to', () => {
  const server = (value: string) =>
    kindCredentials({ server: { value, source: { kind: 'kubeconfig', file: KUBECONFIG_PATH, entry: 'cluster', name: 'kind-kind', field: 'server' } } });
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

describe('a kubeconfig cluster without a server', () => {
  it('the snippet says kubectl falls back to its default server, rather than that there is no kubeconfig', () => {
    const creds = kindCredentials({ origin: 'none', token: undefined, server: { value: 'http://localhost:8080', source: { kind: 'default' } } });
    expect(renderPreamble(creds, { reveal: false }).lines[0]).toBe(
      '# credentials: kubeconfig context "kind-kind", cluster "kind-kind", which has no server: kubectl uses its default http://localhost:8080',
    );
  });
});

describe('curlHeaderWords', () => {
  it.each([
    ['Impersonate-Group', 'devs', ['-H', "'Impersonate-Group: devs'"]],
    // curl drops `Name:` with nothing after it; `Name;` sends the header empty, as kubectl does.
    ['Impersonate-Group', '', ['-H', "'Impersonate-Group;'"]],
    ['Impersonate-Group', ' \t', ['-H', "'Impersonate-Group;'"]],
    ['Impersonate-User', "it's", ['-H', "'Impersonate-User: it'\\''s'"]],
  ])('%s %j', (name, value, words) => expect(curlHeaderWords(name, value)).toEqual(words));
});
