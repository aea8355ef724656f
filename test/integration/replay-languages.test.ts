// kcurl replay FILE --to=LANG against the real sandbox: a recording of kubectl-like reads, rendered through the
// --show generators, run by bash as printed (Python and Go), gets the recorded answers again; a bad language is
// one usage error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/record/journal.js';
import { withoutVolatile } from '../../src/record/compare.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { requireTool } from '../helpers/require-tool.js';
import { jsonDocuments } from './record-helpers.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

let t: TestSandbox;
let dir: string;
let recording: string;

beforeAll(async () => {
  for (const tool of ['bash', 'kubectl', 'python3', 'go']) requireTool(tool);
  t = await startTestSandbox();
  dir = tempDir('kcurl-replay-langs-');
  for (const name of ['alpha', "it's-beta"]) {
    const created = await t.request('POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name.replace("'", '') }, data: { k: `${name} "quoted" é` } },
    });
    expect(created.status).toBe(201);
  }
  recording = join(dir, 'session.jsonl');
  const env = { KUBECONFIG: t.sb.kubeconfigPath };
  expect((await runKcurl(['get', 'configmap', 'alpha', '-o', 'json', '--record', recording], { env })).code).toBe(0);
  expect((await runKcurl(['get', 'configmaps', '-o', 'yaml', '--record', recording], { env })).code).toBe(0);
});

afterAll(async () => {
  await t?.close();
});

describe.each(['python', 'go'])('kcurl replay --to=%s', (lang) => {
  it('prints a program that gets the recorded answers again', async () => {
    const env = { KUBECONFIG: t.sb.kubeconfigPath };
    const { exchanges } = parseJournal(readFileSync(recording, 'utf8'), recording);
    expect(exchanges.length).toBe(6);
    const out = await runKcurl(['replay', recording, `--to=${lang}`], { env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`# kcurl replay ${recording} --to=${lang}  (as ${lang})`);
    expect(out.stdout).toContain('# note: recorded from: kcurl get configmaps -o yaml');
    expect(out.stdout).not.toContain(t.sb.adminToken);
    const run = await runSnippet(out.stdout, { env, timeoutMs: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Each recorded request is sent once, in order: its answers are the recorded bodies again.
    const replayed = jsonDocuments(run.stdout).map((d) => withoutVolatile(JSON.parse(d)));
    const recorded = exchanges.map((e) => withoutVolatile(JSON.parse(e.response!.body.text)));
    expect(replayed).toEqual(recorded);
  });
});

describe('kcurl replay --to with a bad value', () => {
  it.each([
    ['rust', 'invalid argument "rust" for "--to" flag: unknown language "rust"'],
    ['python:fancy', 'invalid argument "python:fancy" for "--to" flag: python has no form "fancy"'],
  ])('%s: one usage error', async (value, message) => {
    const out = await runKcurl(['replay', recording, `--to=${value}`], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`error: ${message}`);
  });

  it('refuses --to with --to-script', async () => {
    const out = await runKcurl(['replay', recording, '--to=go', '--to-script'], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('--to-script and --to cannot be combined');
  });
});
