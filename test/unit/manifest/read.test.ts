// Reading manifests as kubectl does: YAML 1.1 scalars (go-yaml v2), keys turned into strings, documents
// split on `---` lines, JSON streams, List kinds flattened, directories and -R, go-yaml's alias limit, and
// kubectl's error wording (one line each) for bad sources.
import { describe, expect, it } from 'vitest';
import { testIo } from '../../../src/io.js';
import { parseDocument } from 'yaml';
import { decodeSource } from '../../../src/manifest/decode.js';
import { MAX_SOURCE_BYTES, readManifests } from '../../../src/manifest/read.js';
import { allowedAliasRatio, decodeManifestStream, MAX_TEXT_NESTING, nestingBeyond, resolvePlainScalar } from '../../../src/manifest/yaml11.js';
import { parseKubeconfig } from '../../../src/kube/kubeconfig.js';
import { marker, redactBodyText } from '../../../src/record/redact.js';

/** The value of a one-document YAML text. */
const decodeYamlDocument = (text: string) => decodeManifestStream(text)[0].value;
import { formatError } from '../../../src/errors.js';

describe('YAML 1.1 plain scalars, as go-yaml v2 resolves them', () => {
  it.each([
    ['y', true],
    ['Yes', true],
    ['ON', true],
    ['n', false],
    ['off', false],
    ['true', true],
    ['~', null],
    ['null', null],
    ['', null],
    ['0777', 511],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1_000', 1000],
    ['-42', -42],
    ['+7', 7],
    ['1.5', 1.5],
    ['1e3', 1000],
    ['.5', 0.5],
    ['08', 8], // not octal, so a float
    ['2001-12-14', '2001-12-14'], // timestamps stay strings
    ['2001-12-14T21:59:43.10-05:00', '2001-12-14T21:59:43.10-05:00'],
    ['1:20', '1:20'], // no sexagesimal numbers
    ['yes please', 'yes please'],
    ['nginx:1.27', 'nginx:1.27'],
    ['-', '-'],
  ])('%j → %j', (text, value) => {
    expect(resolvePlainScalar(text)).toEqual(value);
  });
});

describe('nesting beyond what the parser can recurse into', () => {
  const flow = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const block = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n';
  const compact = (n: number) => `${'- '.repeat(n)}x\n`;

  it.each([
    ['an ordinary manifest', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "[[[" # [[[[\n'],
    ['minified JSON on one long line', `{"a": ${'{"b": '.repeat(40)}1${'}'.repeat(40)}, "pad": "${'x'.repeat(20_000)}"}`],
    ['flow nesting at the bound', `a: ${flow(MAX_TEXT_NESTING)}\n`],
    ['block nesting of 300', block(300)],
  ])('%s is read', (_name, text) => {
    expect(nestingBeyond(text)).toBe(-1);
  });

  it.each([
    ['flow', `a: ${flow(MAX_TEXT_NESTING + 1)}\n`],
    ['block', block(MAX_TEXT_NESTING + 2)],
    ['compact sequences', compact(MAX_TEXT_NESTING)],
  ])('%s nesting past the bound is found', (_name, text) => {
    expect(nestingBeyond(text)).toBeGreaterThan(0);
  });

  it('refuses them before parsing, so many in a row cannot exhaust the stack', async () => {
    for (const text of [block(900), `a: ${flow(2000)}\n`, block(2000), `a: ${flow(20_000)}\n`, compact(5000)]) {
      expect(() => decodeManifestStream(text)).toThrow(/document is nested too deeply/);
    }
    expect(decodeManifestStream('a: [b]\n')[0].value).toEqual({ a: ['b'] });
    await expect(parseKubeconfig('/home/u/.kube/config', `clusters: ${flow(2000)}\n`)).rejects.toThrow(
      /^error loading config file "\/home\/u\/.kube\/config": yaml: line 1: document is nested too deeply$/,
    );
  });
});

describe('documents', () => {
  it('keys become strings: y → "true", 1 → "1"; quoted scalars stay strings', () => {
    expect(decodeYamlDocument('data:\n  y: "1"\n  n: "2"\n  1: on\n  "on": \'yes\'\n')).toEqual({ data: { true: '1', false: '2', '1': true, on: 'yes' } });
  });

  it('anchors, aliases and merge keys', () => {
    expect(decodeYamlDocument('a: &x {k: v, num: 1}\nb:\n  <<: *x\n  num: 2\nc: *x\n')).toEqual({
      a: { k: 'v', num: 1 },
      b: { k: 'v', num: 2 },
      c: { k: 'v', num: 1 },
    });
  });

  it('explicit tags: !!str keeps the text, a contradiction is refused', () => {
    expect(decodeYamlDocument('a: !!str 0777\n')).toEqual({ a: '0777' });
    expect(() => decodeYamlDocument('a: !!int hello\n')).toThrow(/cannot unmarshal !!str `hello` into !!int/);
  });

  it('splits on lines starting with ---, like apimachinery YAMLReader', () => {
    expect(decodeManifestStream('a: 1\n---\nb: 2\n--- # comment\nc: 3\n').map((d) => [d.raw, d.line])).toEqual([
      ['a: 1\n', 1],
      ['b: 2\n', 3],
      ['c: 3\n', 5],
    ]);
    expect(() => decodeManifestStream('a: 1\n--- b: 2\n')).toThrow(/invalid Yaml document separator/);
  });

  it('a syntax error names the source and the line within its document (counted from the document start)', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n---\na: 1\nb: "open\nc: d\n';
    expect(() => decodeSource('bad.yaml', text)).toThrow(/^error parsing bad\.yaml: error converting YAML to JSON: yaml: line [1-4]: Missing closing "quote/);
  });
});

describe('syntax errors', () => {
  it("keep kubectl's document-relative line and add the file's line and column as the hint", () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b\n';
    let message = '';
    try {
      decodeSource('two.yaml', text);
    } catch (e) {
      message = formatError(e);
    }
    // The second document starts at line 6 of the file; its unclosed flow map ends at its line 4 (the file's line 9).
    expect(message).toMatch(
      /^error: error parsing two\.yaml: error converting YAML to JSON: yaml: line (\d+): .+; the syntax error is at line (\d+), column (\d+) of two\.yaml$/,
    );
    const [, rel, abs] = message.match(/yaml: line (\d+):.*at line (\d+), column/)!;
    expect(Number(abs)).toBe(Number(rel) + 5);
  });
});

describe('objects of a source', () => {
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

  it('skips empty documents and keeps each document text for --content-type yaml', () => {
    const items = decodeSource('m.yaml', `---\n${cm('a')}---\n# nothing\n---\n${cm('b')}`);
    expect(items.map((i) => i.object.metadata?.name)).toEqual(['a', 'b']);
    expect(items[0].raw).toBe(cm('a'));
  });

  it('flattens List kinds into their items (no raw text: they are not documents of their own)', () => {
    const items = decodeSource(
      'l.yaml',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: z}\n',
    );
    expect(items.map((i) => `${i.object.kind}/${i.object.metadata?.name}`)).toEqual(['ConfigMap/x', 'Secret/z']);
    expect(items[0].raw).toBeUndefined();
  });

  it('reads a JSON stream', () => {
    const items = decodeSource(
      's.json',
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}',
    );
    expect(items.map((i) => i.object.metadata?.name)).toEqual(['a', 'b']);
  });

  it.each([
    [
      'apiVersion: v1\nmetadata:\n  name: x\n',
      'error: error validating "f.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
    ],
    [
      'kind: ConfigMap\nmetadata:\n  name: x\n',
      'error: error validating "f.yaml": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false',
    ],
  ])('kubectl wording for %j', (text, message) => {
    let err: unknown;
    try {
      decodeSource('f.yaml', text);
    } catch (e) {
      err = e;
    }
    expect(formatError(err)).toBe(message);
  });
});

describe('-f sources', () => {
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

  it('a directory: manifest extensions only, sorted; subdirectories only with -R', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kcurl-manifests-'));
    try {
      writeFileSync(join(dir, 'b.yaml'), cm('b'));
      writeFileSync(join(dir, 'a.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }));
      writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'c.yml'), cm('c'));
      const io = testIo({ cwd: dir });
      const flat = await readManifests(io, { filenames: ['.'], recursive: false });
      expect(flat.map((i) => [i.source, i.object.metadata?.name])).toEqual([
        ['a.json', 'a'],
        ['b.yaml', 'b'],
      ]);
      const deep = await readManifests(io, { filenames: ['.'], recursive: true });
      expect(deep.map((i) => i.object.metadata?.name)).toEqual(['a', 'b', 'c']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('standard input is named STDIN', async () => {
    const items = await readManifests(testIo({ stdin: cm('s') }), { filenames: ['-'], recursive: false });
    expect(items.map((i) => [i.source, i.object.metadata?.name])).toEqual([['STDIN', 's']]);
  });

  it('a URL is downloaded with the injected fetcher; a failure is worded like kubectl', async () => {
    const fetchUrl = async (url: string) =>
      url.endsWith('/ok.yaml') ? { status: 200, body: Buffer.from(cm('u')) } : { status: 404, statusText: 'Not Found', body: Buffer.from('') };
    const items = await readManifests(testIo(), { filenames: ['https://example.test/ok.yaml'], recursive: false, fetchUrl });
    expect(items[0].object.metadata?.name).toBe('u');
    await expect(readManifests(testIo(), { filenames: ['https://example.test/missing.yaml'], recursive: false, fetchUrl })).rejects.toThrow(
      'unable to read URL "https://example.test/missing.yaml", server reported 404 Not Found, status code=404',
    );
  });

  it("a missing path: kubectl's message", async () => {
    await expect(readManifests(testIo(), { filenames: ['nope.yaml'], recursive: false })).rejects.toThrow('the path "nope.yaml" does not exist');
  });
});

/** formatError's line for what `fn` throws (synchronously or not). */
async function errorLine(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return formatError(e);
  }
  throw new Error('expected an error');
}

/** A "billion laughs" document: nine levels of nine aliases each, 396 bytes that would expand to 9^9 strings. */
const BILLION_LAUGHS = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: bomb',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  '',
].join('\n');

/** One anchored list of `size` strings and `aliases` aliases to it. */
const aliasedList = (size: number, aliases: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aliased\nbase: &base [${Array(size).fill('x').join(', ')}]\nuses:\n${'- *base\n'.repeat(aliases)}`;

describe('aliases: go-yaml\'s limit ("document contains excessive aliasing")', () => {
  it("the billion laughs document is refused with kubectl's message and the file in the hint", { timeout: 5000 }, async () => {
    expect(Buffer.byteLength(BILLION_LAUGHS)).toBeLessThan(500);
    expect(await errorLine(() => decodeSource('bomb.yaml', BILLION_LAUGHS))).toBe(
      'error: error parsing bomb.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing; the aliases (*name) of the document at line 1 of bomb.yaml expand to far more nodes than it holds; write the repeated parts out or use fewer aliases',
    );
  });

  it('the hint names the line where the aliasing document starts in the file', { timeout: 5000 }, async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n---\n${BILLION_LAUGHS}`;
    expect(await errorLine(() => decodeSource('two.yaml', text))).toMatch(
      /yaml: document contains excessive aliasing; the aliases \(\*name\) of the document at line 6 of two\.yaml /,
    );
  });

  it('every -f reader refuses it: FILE, DIR, -R, - and URL', { timeout: 10000 }, async () => {
    const io = testIo({ cwd: '/m', stdin: BILLION_LAUGHS, files: { '/m/bomb.yaml': BILLION_LAUGHS } });
    const fetchUrl = async () => ({ status: 200, body: Buffer.from(BILLION_LAUGHS) });
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kcurl-bomb-'));
    try {
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'bomb.yaml'), BILLION_LAUGHS);
      writeFileSync(join(dir, 'bomb.yml'), BILLION_LAUGHS);
      const cases: [string, string[], boolean][] = [
        ['bomb.yaml', ['/m/bomb.yaml'], false],
        ['STDIN', ['-'], false],
        ['https://example.test/bomb.yaml', ['https://example.test/bomb.yaml'], false],
        [`${dir}/bomb.yml`, [dir], false],
        [`${dir}/sub/bomb.yaml`, [join(dir, 'sub')], true],
      ];
      for (const [source, filenames, recursive] of cases) {
        const line = await errorLine(() => readManifests(io, { filenames, recursive, fetchUrl }));
        expect(line).toContain(
          `error parsing ${source.startsWith('bomb') ? '/m/bomb.yaml' : source}: error converting YAML to JSON: yaml: document contains excessive aliasing`,
        );
      }
      // -R reaches the file in the subdirectory when the top one holds only a harmless manifest.
      rmSync(join(dir, 'bomb.yml'));
      writeFileSync(join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n');
      expect(await readManifests(io, { filenames: [dir], recursive: false, fetchUrl })).toHaveLength(1);
      expect(await errorLine(() => readManifests(io, { filenames: [dir], recursive: true, fetchUrl }))).toContain('document contains excessive aliasing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a YAML request body that is an alias bomb is not expanded when recorded: a Secret's is dropped whole, another kept as sent", { timeout: 5000 }, () => {
    const secretBomb = BILLION_LAUGHS.replace('kind: ConfigMap', 'kind: Secret');
    expect(redactBodyText(secretBomb, { contentType: 'application/yaml', path: '/api/v1/namespaces/default/secrets/bomb' })).toBe(
      marker('body of a Secret or TokenRequest that is neither JSON nor YAML'),
    );
    expect(redactBodyText(BILLION_LAUGHS, { contentType: 'application/yaml', path: '/api/v1/namespaces/default/configmaps' })).toBe(BILLION_LAUGHS);
  });

  it('a kubeconfig alias bomb is refused the same way (kubectl: error loading config file …: yaml: document contains excessive aliasing)', {
    timeout: 5000,
  }, async () => {
    const bomb = BILLION_LAUGHS.replace('kind: ConfigMap', 'kind: Config');
    await expect(parseKubeconfig('/home/u/.kube/config', bomb)).rejects.toThrow(
      /^error loading config file "\/home\/u\/\.kube\/config": yaml: document contains excessive aliasing$/,
    );
  });

  it("moderate aliasing loads: 150 aliases of a 5-item list (more than the yaml package's own default limit of 100)", () => {
    const text = aliasedList(5, 150);
    expect(() => parseDocument(text).toJS()).toThrow(/Excessive alias count/); // why kcurl does not use that limit
    const [item] = decodeSource('ok.yaml', text);
    expect(item.object.uses).toHaveLength(150);
    expect((item.object.uses as string[][])[149]).toEqual(['x', 'x', 'x', 'x', 'x']);
  });

  it('a kubeconfig that shares one user entry through aliases still loads', async () => {
    const users = Array.from({ length: 150 }, (_, i) => `- name: u${i}\n  user: *creds\n`).join('');
    const f = await parseKubeconfig('/k/config', `apiVersion: v1\nkind: Config\nshared: &creds {token: abc}\nusers:\n${users}`);
    expect(f.raw.users).toHaveLength(150);
    expect(f.raw.users[149].user.token?.reveal()).toBe('abc');
  });

  it.each([
    [1000, 0.99],
    [400_000, 0.99],
    [2_200_000, 0.545],
    [4_000_000, 0.1],
    [9_000_000, 0.1],
  ])('allowedAliasRatio(%i) = %f, as in go-yaml decode.go', (count, ratio) => {
    expect(allowedAliasRatio(count)).toBeCloseTo(ratio, 10);
  });

  it("an alias inside its own anchor: go-yaml's message, and where the alias is", async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: self\ndata: &a {x: *a}\n';
    expect(await errorLine(() => decodeSource('self.yaml', text))).toBe(
      "error: error parsing self.yaml: error converting YAML to JSON: yaml: anchor 'a' value contains itself; the alias *a at line 5, column 14 of self.yaml is inside the node anchored &a",
    );
  });

  it("an alias before its anchor: go-yaml's message (no line in it), and where the alias is", async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ua\ndata:\n  a: *x\n  b: &x v\n';
    expect(await errorLine(() => decodeSource('ua.yaml', text))).toBe(
      "error: error parsing ua.yaml: error converting YAML to JSON: yaml: unknown anchor 'x' referenced; the alias *x at line 6, column 6 of ua.yaml comes before any &x",
    );
  });

  it('merge keys: a sequence of maps merges with the earlier map winning, as go-yaml does', () => {
    const value = decodeYamlDocument('one: &one {k: one, p: 1}\ntwo: &two {k: two, q: 2}\nm:\n  k0: before\n  <<: [*one, *two]\n  q: after\n') as Record<
      string,
      unknown
    >;
    expect(value.m).toEqual({ k0: 'before', k: 'one', p: 1, q: 'after' });
  });
});

describe('bad sources: one line each', () => {
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

  it.each([
    ['just a string\n', 'a string'],
    ['- a\n- b\n', 'a list'],
    ['42\n', 'a number'],
  ])("a document that is not an object (%j): kubectl's validation message", async (text, what) => {
    expect(await errorLine(() => decodeSource('f.yaml', text))).toBe(
      `error: error validating "f.yaml": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false; a document of f.yaml is ${what}, not an object with apiVersion and kind`,
    );
  });

  it("a control character (a binary file): go-yaml's message, and where the character is", async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\ndata:\n  a: "x\u0001y"\n';
    expect(await errorLine(() => decodeSource('bin.yaml', text))).toBe(
      'error: error parsing bin.yaml: error converting YAML to JSON: yaml: control characters are not allowed; a control character (U+0001) is at line 7, column 8 of bin.yaml; a manifest is text',
    );
  });

  it('invalid UTF-8 is read as replacement characters, as kubectl reads it', () => {
    const bytes = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u\ndata:\n  a: x'), Buffer.from([0xff]), Buffer.from('y\n')]);
    expect(decodeSource('u.yaml', bytes.toString('utf8'))[0].object.data).toEqual({ a: 'x\ufffdy' });
  });

  it("a directory without manifests: kubectl's message, and -R suggested", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kcurl-empty-'));
    try {
      writeFileSync(join(dir, 'notes.txt'), 'no manifest here');
      const io = testIo({ cwd: dir, files: { [join(dir, 'ok.yaml')]: cm('ok') } });
      // kubectl checks every path before reading any file: the good file is not read first.
      expect(await errorLine(() => readManifests(io, { filenames: ['ok.yaml', '.'], recursive: false }))).toBe(
        'error: error reading [.]: recognized file extensions are [.json .yaml .yml]; . holds no .json, .yaml, .yml file; add -R to read its subdirectories too',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file that cannot be read: one line naming it', async () => {
    const io = testIo({ cwd: '/m', files: { '/m/secret.yaml': cm('s') } });
    io.readFile = async () => {
      throw Object.assign(new Error("EACCES: permission denied, open '/m/secret.yaml'"), { code: 'EACCES' });
    };
    expect(await errorLine(() => readManifests(io, { filenames: ['secret.yaml'], recursive: false }))).toBe(
      'error: open secret.yaml: permission denied; check who may read it: ls -l secret.yaml',
    );
  });

  it('a file larger than kcurl reads is refused before it is read; so are standard input and a download', async () => {
    const big = Buffer.alloc(MAX_SOURCE_BYTES + 1, 'a');
    let read = false;
    const io = { ...testIo({ cwd: '/m', files: { '/m/big.yaml': big } }), readStdin: async () => big };
    const readFile = io.readFile;
    io.readFile = async (p: string) => ((read = true), readFile(p));
    expect(await errorLine(() => readManifests(io, { filenames: ['big.yaml'], recursive: false }))).toBe(
      'error: error reading big.yaml: larger than the 32 MiB kcurl reads from one source; split the manifests into several files and pass them (or their directory) with -f',
    );
    expect(read).toBe(false);
    expect(await errorLine(() => readManifests(io, { filenames: ['-'], recursive: false }))).toMatch(/^error: error reading STDIN: larger than the 32 MiB/);
    let asked = 0;
    const fetchUrl = async (_url: string, maxBytes: number) => ((asked = maxBytes), { status: 200, body: big });
    expect(await errorLine(() => readManifests(io, { filenames: ['https://example.test/big.yaml'], recursive: false, fetchUrl }))).toMatch(
      /^error: error reading https:\/\/example\.test\/big\.yaml: larger than the 32 MiB/,
    );
    expect(asked).toBe(MAX_SOURCE_BYTES);
  });

  // A fault no local server is needed for: the error undici's fetch throws for each certificate problem.
  const fetchFailure =
    (code: string, message: string, extra: object = {}) =>
    async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }, extra) });
    };

  it.each([
    [
      fetchFailure('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
      'error: Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority; the certificate of https://h.test/m.yaml is not signed by an authority this machine trusts (unknown authority: unable to verify the first certificate); trust its CA with NODE_EXTRA_CA_CERTS=ca.pem, or download the file another way and pass -f FILE',
    ],
    [
      fetchFailure('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", {
        host: 'h.test',
        cert: { subjectaltname: 'DNS:other.example, DNS:www.other.example' },
      }),
      'error: Unable to connect to the server: tls: failed to verify certificate: x509: certificate is valid for other.example, www.other.example, not h.test; the certificate of https://h.test/m.yaml does not name h.test (hostname mismatch); use a URL with a host name the certificate lists',
    ],
    [
      fetchFailure('CERT_HAS_EXPIRED', 'certificate has expired'),
      'error: Unable to connect to the server: tls: failed to verify certificate: x509: certificate has expired or is not yet valid; the certificate of https://h.test/m.yaml is expired or not valid yet (certificate has expired); download the file another way and pass -f FILE',
    ],
    [
      fetchFailure('ENOTFOUND', 'getaddrinfo ENOTFOUND h.test'),
      'error: Unable to connect to the server: dial tcp: lookup h.test: no such host; check the host name of https://h.test/m.yaml',
    ],
    [
      fetchFailure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:443'),
      'error: The connection to the server h.test was refused - did you specify the right host or port?; nothing listens at https://h.test/m.yaml',
    ],
  ])("a failed download: kubectl's line and the problem named (%#)", async (fetchUrl, line) => {
    expect(await errorLine(() => readManifests(testIo(), { filenames: ['https://h.test/m.yaml'], recursive: false, fetchUrl }))).toBe(line);
  });
});
