// Reading manifests as kubectl does: YAML 1.1 scalars (go-yaml v2), keys turned into strings, documents
// split on `---` lines, JSON streams, List kinds flattened, directories and -R, and kubectl's error wording.
import { describe, expect, it } from 'vitest';
import { testIo } from '../../../src/io.js';
import { decodeSource, readManifests } from '../../../src/manifest/read.js';
import { decodeYamlDocument, resolvePlainScalar, splitYamlDocuments } from '../../../src/manifest/yaml11.js';
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

describe('documents', () => {
  it('keys become strings: y → "true", 1 → "1"; quoted scalars stay strings', () => {
    expect(decodeYamlDocument('data:\n  y: "1"\n  n: "2"\n  1: on\n  "on": \'yes\'\n')).toEqual({ data: { true: '1', false: '2', '1': true, on: 'yes' } });
  });

  it('anchors, aliases and merge keys', () => {
    expect(decodeYamlDocument('a: &x {k: v, num: 1}\nb:\n  <<: *x\n  num: 2\nc: *x\n')).toEqual({ a: { k: 'v', num: 1 }, b: { k: 'v', num: 2 }, c: { k: 'v', num: 1 } });
  });

  it('explicit tags: !!str keeps the text, a contradiction is refused', () => {
    expect(decodeYamlDocument('a: !!str 0777\n')).toEqual({ a: '0777' });
    expect(() => decodeYamlDocument('a: !!int hello\n')).toThrow(/cannot unmarshal !!str `hello` into !!int/);
  });

  it('splits on lines starting with ---, like apimachinery YAMLReader', () => {
    expect(splitYamlDocuments('a: 1\n---\nb: 2\n--- # comment\nc: 3\n')).toEqual(['a: 1\n', 'b: 2\n', 'c: 3\n']);
    expect(() => splitYamlDocuments('a: 1\n--- b: 2\n')).toThrow(/invalid Yaml document separator/);
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
    expect(message).toMatch(/^error: error parsing two\.yaml: error converting YAML to JSON: yaml: line (\d+): .+; the syntax error is at line (\d+), column (\d+) of two\.yaml$/);
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
    const items = decodeSource('l.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: z}\n');
    expect(items.map((i) => `${i.object.kind}/${i.object.metadata?.name}`)).toEqual(['ConfigMap/x', 'Secret/z']);
    expect(items[0].raw).toBeUndefined();
  });

  it('reads a JSON stream', () => {
    const items = decodeSource('s.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}');
    expect(items.map((i) => i.object.metadata?.name)).toEqual(['a', 'b']);
  });

  it.each([
    ['apiVersion: v1\nmetadata:\n  name: x\n', 'error: error validating "f.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false'],
    ['kind: ConfigMap\nmetadata:\n  name: x\n', 'error: error validating "f.yaml": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false'],
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
      expect(flat.map((i) => [i.source, i.object.metadata?.name])).toEqual([['a.json', 'a'], ['b.yaml', 'b']]);
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
    const fetchUrl = async (url: string) => (url.endsWith('/ok.yaml') ? { status: 200, body: Buffer.from(cm('u')) } : { status: 404, statusText: 'Not Found', body: Buffer.from('') });
    const items = await readManifests(testIo(), { filenames: ['https://example.test/ok.yaml'], recursive: false, fetchUrl });
    expect(items[0].object.metadata?.name).toBe('u');
    await expect(readManifests(testIo(), { filenames: ['https://example.test/missing.yaml'], recursive: false, fetchUrl })).rejects.toThrow(
      'unable to read URL "https://example.test/missing.yaml", server reported 404 Not Found, status code=404',
    );
  });

  it('a missing path: kubectl\'s message', async () => {
    await expect(readManifests(testIo(), { filenames: ['nope.yaml'], recursive: false })).rejects.toThrow('the path "nope.yaml" does not exist');
  });
});
