// Bad input for apply, create and delete: kcurl prints kubectl's error lines, exits 1 like it, and goes on
// with the other documents of a file where kubectl does. Both run against the same sandbox state.
// (Flags refused before anything is sent are tested in process: test/unit/commands/in-process-credentials.test.ts.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let dir: string;
let cacheDir: string;

const cm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;

const FILES: Record<string, string> = {
  'nokind.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n',
  'noapi.yaml': 'kind: ConfigMap\nmetadata:\n  name: x\n',
  'ns-a.yaml': cm('x', '  namespace: a\n'),
  'two-invalid.yaml': `${cm('good-one')}---\n${cm('Bad_Name')}---\n${cm('Bad_Two')}`,
  'one-invalid.yaml': `${cm('fine-a')}---\n${cm('Not_Valid')}---\n${cm('fine-b')}`,
  'bool-label.yaml': cm('x', '  labels:\n    enabled: yes\n'),
  'generated.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\n',
};

beforeAll(async () => {
  t = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'kcurl-apply-errors-'));
  cacheDir = join(dir, 'kcurl-cache');
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
});

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs kubectl, resets the state with `reset`, runs kcurl: both in the manifest directory. */
async function both(args: string[], reset?: () => Promise<void>) {
  await reset?.();
  const k = await t.kubectl(args.map((a) => (FILES[a] !== undefined ? join(dir, a) : a)));
  await reset?.();
  const c = await runKcurl([...args, '-q', '--cache-dir', cacheDir], { env: { KUBECONFIG: t.sb.kubeconfigPath }, cwd: dir });
  // kubectl names the file as given on its command line (here an absolute path); kcurl ran in the directory.
  return { k: { ...k, stderr: k.stderr.split(`${dir}/`).join('') }, c };
}

const removeAll = async (...names: string[]) => {
  for (const n of names) await t.request('DELETE', `/api/v1/namespaces/default/configmaps/${n}`);
};

describe('errors worded as kubectl words them', () => {
  it.each([
    [['apply', '-f', 'nokind.yaml']],
    [['apply', '-f', 'noapi.yaml']],
    [['create', '-f', 'noapi.yaml']],
    [['apply', '-f', 'does-not-exist.yaml']],
    [['apply', '-f', 'ns-a.yaml', '-n', 'b']],
    [['apply']],
    [['delete', 'cm']],
    [['delete', 'cm', 'x', '--now', '--grace-period=2']],
    [['delete', 'cm', 'never-was']],
    [['apply', '-f', 'ns-a.yaml', '--dry-run=maybe']],
    [['apply', '-f', 'generated.yaml']],
    [['delete', '-f', 'generated.yaml']],
  ])('%j', async (args) => {
    const { k, c } = await both(args);
    expect(c.stderr).toBe(k.stderr);
    expect(c.stdout).toBe(k.stdout);
    expect(c.code).toBe(k.code);
  });

  it('one invalid document among valid ones: the others are applied, the error is kubectl\'s "The … is invalid"', async () => {
    const { k, c } = await both(['apply', '-f', 'one-invalid.yaml'], () => removeAll('fine-a', 'fine-b'));
    expect(k.stdout).toBe('configmap/fine-a created\nconfigmap/fine-b created\n');
    expect(c.stdout).toBe(k.stdout);
    expect(c.stderr).toBe(k.stderr);
    expect(c.code).toBe(1);
  });

  it('two invalid documents: both errors, one line each', async () => {
    const { k, c } = await both(['apply', '-f', 'two-invalid.yaml'], () => removeAll('good-one'));
    expect(k.stderr.trim().split('\n')).toHaveLength(2);
    expect(c.stdout).toBe(k.stdout);
    expect(c.stderr).toBe(k.stderr);
    expect(c.code).toBe(k.code);
  });

  it('create of objects that exist: AlreadyExists for each, with the source', async () => {
    const { k, c } = await both(['create', '-f', 'two-invalid.yaml'], async () => {
      await removeAll('good-one');
      await t.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'good-one' } } });
    });
    expect(c.stderr).toBe(k.stderr);
    expect(c.code).toBe(1);
  });

  it('create of a generateName object prints the name the server chose', async () => {
    const c = await runKcurl(['create', '-f', 'generated.yaml', '-q', '--cache-dir', cacheDir], { env: { KUBECONFIG: t.sb.kubeconfigPath }, cwd: dir });
    expect(c.stdout).toMatch(/^configmap\/gen-[a-z0-9]{5} created\n$/);
    const name = c.stdout.split(' ')[0].split('/')[1];
    expect((await t.request('GET', `/api/v1/namespaces/default/configmaps/${name}`)).status).toBe(200);
  });

  it("a bare --dry-run means client, with kubectl's deprecation warning", async () => {
    const c = await runKcurl(['apply', '-f', 'one-invalid.yaml', '--dry-run', '--cache-dir', cacheDir, '-q'], {
      env: { KUBECONFIG: t.sb.kubeconfigPath },
      cwd: dir,
    });
    expect(c.stderr).toBe('Warning: --dry-run is deprecated and can be replaced with --dry-run=client.\n');
    expect(c.stdout).toMatch(/^configmap\/fine-a (created|configured) \(dry run\)\n/);
  });
});
