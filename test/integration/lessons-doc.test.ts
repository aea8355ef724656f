// docs/lessons.md runs as written: every `$ ` line of its console blocks, in order, in one bash session with
// kcurl and kubectl v1.32 on PATH and KUBECONFIG pointing at a fresh sandbox; each command's output (stdout and
// stderr together, as a terminal shows them) must be the lines printed under it. Ages and the sandbox's port
// (the page says 6443, kcurl sandbox's default) and kubeconfig path are normalised; the page's proxy port 8001
// becomes a free port. The sandbox's pods run what `kcurl sandbox`'s pods run (kcurl included, through the
// same sandboxContainerPrograms()), so the in-pod lesson goes through real `kubectl exec` as a learner's does.
// After a deliberate change, rewrite the outputs with
//   WRITE_LESSONS_DOC=1 npx vitest run test/integration/lessons-doc.test.ts
// and review the diff like code.
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseAges } from '../helpers/ages.js';
import { KCURL_BIN, REPO_ROOT } from '../helpers/run-kcurl.js';
import { requireTool } from '../helpers/require-tool.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

const DOC = join(REPO_ROOT, 'docs', 'lessons.md');
const PAGE_PROXY_PORT = '8001';
const PAGE_SANDBOX = '127.0.0.1:6443';
const PAGE_KUBECONFIG = '/tmp/kcurl-sandbox';

interface Step {
  command: string;
  /** Index of the `$ ` line in the document, and of the line after its output. */
  line: number;
  end: number;
  expected: string;
}

function parseDoc(doc: string): Step[] {
  const lines = doc.split('\n');
  const steps: Step[] = [];
  let inConsole = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!inConsole) {
      inConsole = l === '```console';
      continue;
    }
    if (l === '```') {
      inConsole = false;
      continue;
    }
    if (l.startsWith('$ ')) {
      let end = i + 1;
      while (end < lines.length && !lines[end].startsWith('$ ') && lines[end] !== '```') end++;
      steps.push({ command: l.slice(2), line: i, end, expected: lines.slice(i + 1, end).join('\n') });
      i = end - 1;
    }
  }
  return steps;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let t: TestSandbox;
let outputs: string[];
let steps: Step[];

beforeAll(async () => {
  requireTool(KUBECTL_132);
  t = await startTestSandbox();
  const bin = join(t.dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'kcurl'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(KCURL_BIN)} "$@"\n`);
  chmodSync(join(bin, 'kcurl'), 0o755);
  symlinkSync(KUBECTL_132, join(bin, 'kubectl'));
  const work = join(t.dir, 'work');
  mkdirSync(work);

  steps = parseDoc(readFileSync(DOC, 'utf8'));
  const proxyPort = String(await freePort());
  const marker = (i: number) => `@@lessons-doc-step-${i}@@`;
  const script = [
    'exec 2>&1',
    ...steps.flatMap((s, i) => [`echo ${marker(i)}`, s.command.replace(new RegExp(`\\b${PAGE_PROXY_PORT}\\b`, 'g'), proxyPort)]),
    `echo ${marker(steps.length)}`,
    'kill $(jobs -p) 2>/dev/null; true',
  ].join('\n');
  const run = await runProcess('bash', ['-c', script], {
    cwd: work,
    env: { PATH: `${bin}:${CLEAN_PATH}`, HOME: t.dir, KUBECONFIG: t.sb.kubeconfigPath, KUBECACHEDIR: join(t.dir, 'cache') },
    timeoutMs: 120_000,
  });
  const sandboxHost = new URL(t.sb.url).host;
  const text = run.stdout
    .replaceAll(sandboxHost, PAGE_SANDBOX)
    .replaceAll(t.sb.kubeconfigPath, PAGE_KUBECONFIG)
    .replace(new RegExp(`\\b${proxyPort}\\b`, 'g'), PAGE_PROXY_PORT);
  outputs = steps.map((_s, i) => {
    const from = text.indexOf(marker(i) + '\n');
    const to = text.indexOf(marker(i + 1) + '\n');
    expect(from, `step ${i} did not run:\n${text}`).toBeGreaterThanOrEqual(0);
    expect(to, `step ${i + 1} did not run:\n${text}`).toBeGreaterThan(from);
    return text.slice(from + marker(i).length + 1, to).replace(/\n$/, '');
  });

  if (process.env.WRITE_LESSONS_DOC === '1') {
    const lines = readFileSync(DOC, 'utf8').split('\n');
    for (let i = steps.length - 1; i >= 0; i--)
      lines.splice(steps[i].line + 1, steps[i].end - steps[i].line - 1, ...(outputs[i] ? outputs[i].split('\n') : []));
    writeFileSync(DOC, lines.join('\n'));
    steps = parseDoc(lines.join('\n'));
  }
}, 180_000);
afterAll(async () => t?.close());

describe('docs/lessons.md', () => {
  it('has console transcripts to run', () => {
    expect(steps.length).toBeGreaterThan(10);
  });

  it('teaches the in-pod lesson with kubectl exec, in the pod, not with a host command standing in for it', () => {
    const inPod = steps.filter((s) => /^kubectl -n workshop exec shell -- /.test(s.command));
    expect(inPod.map((s) => s.command).join('\n')).toMatch(/\/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/token/);
    expect(inPod.some((s) => s.command.endsWith('-- kcurl get configmaps -q'))).toBe(true);
    expect(steps.filter((s) => s.command.includes('sandbox exec'))).toEqual([]);
  });

  it('prints under each command what the command prints', () => {
    const normalise = (s: string) => normaliseAges(s, { keepColumnWidth: false });
    for (const [i, s] of steps.entries()) {
      expect(normalise(outputs[i]), `docs/lessons.md line ${s.line + 1}: $ ${s.command}`).toBe(normalise(s.expected));
    }
  });
});
