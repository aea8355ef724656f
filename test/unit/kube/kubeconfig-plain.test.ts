// The plain kubeconfig reader: for every text it accepts it must give exactly what the `yaml` package's toJS gives
// under YAML 1.1 (otherwise kcurl would read a kubeconfig differently depending on its layout), and it must accept
// the kubeconfigs kubectl, kind and kcurl's sandbox write, which is what keeps the yaml package off start-up.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readPlainYaml } from '../../../src/kube/kubeconfig-plain.js';
import { fixturePath } from '../../helpers/fixtures.js';

/** What the yaml package makes of a text, or 'error' when it refuses it. */
function viaYaml(text: string): unknown {
  const doc = parseDocument(text, { version: '1.1', prettyErrors: false, uniqueKeys: true });
  return doc.errors.length ? 'error' : doc.toJS({ maxAliasCount: -1 });
}

/** Declined, or the same value as the yaml package (never a value for a text the yaml package refuses). */
function expectAgreement(text: string): void {
  const plain = readPlainYaml(text);
  if (plain !== undefined) expect({ text, value: plain }).toEqual({ text, value: viaYaml(text) });
}

// The layout `kubectl config view --raw` and kind write (lists at the key's indentation), with a client
// certificate user and an exec user that has args and `env: null`.
const KUBECTL_WRITTEN = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmYWtlCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
    server: https://127.0.0.1:40511
  name: kind-kind
- cluster:
    insecure-skip-tls-verify: true
    server: https://10.0.0.1:6443
  name: other
contexts:
- context:
    cluster: kind-kind
    namespace: "1234"
    user: kind-kind
  name: kind-kind
current-context: kind-kind
kind: Config
preferences: {}
users:
- name: kind-kind
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmYWtlCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
    client-key-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmYWtlCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - eu-west-1
      - eks
      - get-token
      command: aws
      env: null
      interactiveMode: IfAvailable
      provideClusterInfo: false
`;

// kcurl sandbox's layout (lists indented under their key; a hex token that may start with a digit).
const SANDBOX_WRITTEN = `apiVersion: v1
kind: Config
clusters:
  - name: kcurl-sandbox
    cluster:
      server: https://127.0.0.1:37863
      certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tDQpNSUlEQWpDQ0FlcWdBd0lCQWdJUV
users:
  - name: kcurl-sandbox-admin
    user:
      token: 49adc514e51878c8ab2be99161f7e9ed0fed0c10f1a278b2c2a9df503406bcb3
contexts:
  - name: kcurl-sandbox
    context:
      cluster: kcurl-sandbox
      user: kcurl-sandbox-admin
      namespace: default
current-context: kcurl-sandbox
preferences: {}
`;

describe('readPlainYaml', () => {
  it.each([
    ['kubectl/kind', KUBECTL_WRITTEN],
    ['kcurl sandbox', SANDBOX_WRITTEN],
    ['bench/kubeconfig.yaml', readFileSync(new URL('../../../bench/kubeconfig.yaml', import.meta.url), 'utf8')],
  ])('reads the kubeconfigs %s writes, exactly as the yaml package does', (_who, text) => {
    const plain = readPlainYaml(text);
    expect(plain).toBeDefined();
    expect(plain).toEqual(viaYaml(text));
  });

  it.each(readdirSync(fixturePath('kubeconfig')).filter((f) => f.endsWith('.yaml')))('fixtures/kubeconfig/%s: declined or read the same', (file) => {
    expectAgreement(readFileSync(fixturePath(`kubeconfig/${file}`), 'utf8'));
  });

  // Scalars YAML 1.1 reads as something other than a string, quoting, comments and indicators: each one in a
  // value, in a list item and as a key.
  const SCALARS = [
    ...['abc', 'https://h:6443/p?q=1#f', 'a:b', 'a#b', "it's", 'say "hi"', '--region', '-', '-x', 'a b', 'x:'],
    ...['true', 'True', 'FALSE', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', 'NULL', ''],
    ...['0', '12', '-3', '+4', '012', '0o17', '0x1F', '0x1g', '0b101', '1_000', '1.5', '.5', '1.', '1e5', '1e', '4e5x', '.inf', '-.Inf', '.nan'],
    ...['12:30', '190:20:30.15', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '49adc514e5', '0123abc', '1.2.3'],
    ...['"q"', "'q'", '"a\\"b"', '"a\\nb"', "'a''b'", '"unterminated', '{}', '[]', '{a: 1}', '[a, b]', '&anchor x', '*alias', '!!str 1'],
    ...['|', '>', '? x', '%x', '@x', '`x', 'a # comment', 'a: b', '<<', '__proto__', 'constructor'],
  ];
  it.each(SCALARS)('%j as a value, a list item and a key', (s) => {
    expectAgreement(`kind: Config\nkey: ${s}\n`);
    expectAgreement(`kind: Config\nlist:\n- ${s}\n- b\n`);
    expectAgreement(`kind: Config\nusers:\n  - name: u\n    user:\n      token: ${s}\n`);
    expectAgreement(`kind: Config\n${s}: value\n`);
    expectAgreement(`kind: Config\nmap:\n  ${s}: value\n`);
  });

  it.each([
    ['a duplicate key', 'kind: Config\nkind: Config\n'],
    ['a second document', 'kind: Config\n---\nkind: Config\n'],
    ['a multi-line plain scalar', 'kind: Config\nserver: https://a\n  continued\n'],
    ['a tab', 'kind: Config\nserver:\thttps://a\n'],
    ['CRLF line ends', 'kind: Config\r\nserver: https://a\r\n'],
    ['a flow mapping', 'clusters: [{name: c, cluster: {server: "https://h"}}]\n'],
    ['an anchor', 'base: &b {server: x}\nother: *b\n'],
    ['a top-level list', '- a\n- b\n'],
    ['a scalar document', 'hello\n'],
    ['an empty text', ''],
    ['an item less indented than its mapping', 'a:\n    b: 1\n  c: 2\n'],
    ['a list under a scalar', 'a: x\n- b\n'],
  ])('declines %s (the yaml package reads or refuses it)', (_name, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });

  it('agrees with the yaml package on generated block documents', () => {
    // Trees of mappings and lists rendered in block style, with lists at or under their key's indentation and
    // leaves that are ordinary words, tricky scalars (SCALARS) or random printable text.
    const text = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-z][a-z0-9./-]{0,8}(:[0-9]{1,4})?$/), weight: 20 },
      { arbitrary: fc.constantFrom(...SCALARS), weight: 1 },
      { arbitrary: fc.stringMatching(/^[ -~]{0,8}$/), weight: 1 },
    );
    const key = fc.oneof({ arbitrary: fc.constantFrom('name', 'server', 'token', 'args', 'user', 'x-1', 'a.b'), weight: 10 }, { arbitrary: text, weight: 1 });
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text,
        fc.uniqueArray(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4, selector: ([k]) => k }).map((entries) => ({ entries })),
        fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
      ),
    })).node;
    const render = (node: unknown, indent: string, listUnderKey: boolean): string[] => {
      if (typeof node === 'string') return [node];
      if (Array.isArray(node)) {
        return node.flatMap((item) => {
          const inner = render(item, `${indent}  `, listUnderKey);
          return typeof item === 'string' ? [`${indent}- ${inner[0]}`] : [`${indent}- ${inner[0].trimStart()}`, ...inner.slice(1)];
        });
      }
      return (node as { entries: [string, unknown][] }).entries.flatMap(([k, v]) => {
        if (typeof v === 'string') return [`${indent}${k}: ${v}`];
        const childIndent = Array.isArray(v) && !listUnderKey ? indent : `${indent}  `;
        return [`${indent}${k}:`, ...render(v, childIndent, listUnderKey)];
      });
    };
    const doc = fc.tuple(fc.uniqueArray(fc.tuple(key, tree), { minLength: 1, maxLength: 4, selector: ([k]) => k }), fc.boolean());
    let accepted = 0;
    fc.assert(
      fc.property(doc, ([entries, listUnderKey]) => {
        const text = `${render({ entries }, '', listUnderKey).join('\n')}\n`;
        expectAgreement(text);
        if (readPlainYaml(text) !== undefined) accepted++;
      }),
      { numRuns: 2000 },
    );
    // About a quarter of the documents are in the plain shape (the rest exercise declining), so many comparisons are real.
    expect(accepted).toBeGreaterThan(400);
  });
});
