// `kcurl demo`: starts an in-process sandbox, then runs the tour in steps.ts through kcurl's own entry
// point, so every step prints exactly what the same command line prints for a user: the REST calls, the
// curl snippet and the result. A step whose output lacks its expected result fails the demo (exit 1).
import path from 'node:path';
import os from 'node:os';
import { promises as fsp } from 'node:fs';
import { KcurlError } from '../../errors.js';
import type { Io, OutStream } from '../../io.js';
import { shellJoin } from '../../render/shell-quote.js';
import type { ClusterView, DemoCommand, DemoStep } from './steps.js';

export interface DemoOptions {
  /** Wait for Enter between steps. */
  pause: boolean;
  /** Simulated nodes (the DaemonSet step shows one pod per node). */
  nodes: number;
  /** Resolves when the user presses Enter (only used with pause). */
  waitForEnter?: () => Promise<void>;
  /** How long a step may wait for the cluster (pods finishing, a token filled). */
  waitTimeoutMs?: number;
  /** The executable for `$KCURL` in a step (the running kcurl). */
  kcurlCommand: string[];
}

type Main = (argv: string[], io: Io) => Promise<number>;

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;

/** Tokens are credentials: the demo shows their shape, never the value. */
function maskTokens(text: string): string {
  return text.replace(JWT, (t) => `<token: a ${t.length}-character JWT, not shown>`);
}

function capture(): { stream: OutStream; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: { write: (c) => void chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')) },
    text: () => chunks.join(''),
  };
}

async function waitUntil(view: ClusterView, cond: NonNullable<DemoCommand['waitFor']>, timeoutMs: number, label: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond.until(view)) {
    if (Date.now() > deadline) {
      throw new KcurlError('KCURL_DEMO', `${label}: timed out after ${timeoutMs / 1000}s waiting for ${cond.what}`, {
        hint: 'rerun with --debug to see the sandbox log',
      });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

function checkOutput(cmd: DemoCommand, code: number, output: string, label: string): void {
  const expectedCode = cmd.exitCode ?? 0;
  if (code !== expectedCode) {
    throw new KcurlError('KCURL_DEMO', `${label}: kcurl exited with ${code}, expected ${expectedCode}`);
  }
  for (const re of cmd.expect) {
    if (!re.test(output)) throw new KcurlError('KCURL_DEMO', `${label}: the output does not show ${re}`);
  }
  if (cmd.expectLines) {
    const n = output.split('\n').filter((l) => cmd.expectLines!.pattern.test(l)).length;
    if (n !== cmd.expectLines.count) {
      throw new KcurlError('KCURL_DEMO', `${label}: expected ${cmd.expectLines.count} lines matching ${cmd.expectLines.pattern}, saw ${n}`);
    }
  }
}

export async function runDemo(io: Io, opts: DemoOptions, main: Main): Promise<number> {
  const { startSandbox } = await import('../../sandbox/server.js');
  const { demoSteps } = await import('./steps.js');
  const { sandboxContainerPrograms } = await import('../sandbox/in-pod-kcurl.js');
  const workdir = await fsp.mkdtemp(path.join(os.tmpdir(), 'kcurl-demo-'));
  const kubeconfigPath = path.join(workdir, 'kubeconfig');
  const sandbox = await startSandbox({ kubeconfigPath, nodes: opts.nodes, containerPrograms: sandboxContainerPrograms() });
  const view: ClusterView = {
    get: (group, resource, ns, name) => sandbox.store.get({ group, resource }, ns, name),
    list: (group, resource, ns) => sandbox.store.list({ group, resource }, ns),
  };
  const out = io.stdout;
  const started = Date.now();
  try {
    out.write(`kcurl demo: an API server is running in this process at ${sandbox.url}\n`);
    out.write(`Its kubeconfig is ${kubeconfigPath}; the commands below run with KUBECONFIG set to it.\n`);
    const steps: DemoStep[] = demoSteps(opts.nodes);
    for (const [i, step] of steps.entries()) {
      const label = `step ${i + 1} (${step.title})`;
      out.write(`\n━━ ${i + 1}/${steps.length}  ${step.title}\n`);
      for (const p of step.explain) out.write(`${p}\n`);
      for (const [file, text] of Object.entries(step.files ?? {})) {
        await fsp.writeFile(path.join(workdir, file), text);
        out.write(`\n# ${file}\n${text}`);
      }
      for (const cmd of step.commands) {
        if (cmd.waitFor) await waitUntil(view, cmd.waitFor, opts.waitTimeoutMs ?? 8000, label);
        // Every kcurl call shows its curl line too, unless the step asks for a snippet itself (the readable one).
        const argv = cmd.argv[0] === 'sandbox' || cmd.argv.some((a) => a.startsWith('--show-curl')) ? cmd.argv : [...cmd.argv, '--show-curl=line'];
        const shown = argv.map((a) => (a === '$KCURL' ? 'kcurl' : a));
        out.write(`\n$ ${shellJoin(['kcurl', ...shown])}\n`);
        const run = argv.flatMap((a) => (a === '$KCURL' ? opts.kcurlCommand : [a]));
        const buf = capture();
        const code = await main(run, {
          ...io,
          stdout: buf.stream,
          stderr: buf.stream,
          isStdoutTTY: false,
          isStderrTTY: false,
          cwd: workdir,
          env: { ...io.env, KUBECONFIG: kubeconfigPath },
          // The demo prints each command's output under it: a host command (`sandbox exec`) writes into that
          // capture, not straight to the terminal; demo commands are short, so it is read when it ends.
          runAttached: (command, args, options) => {
            const result = io.run(command, args, { ...options, stdin: '' });
            return {
              done: result.then((r) => {
                buf.stream.write(r.stdout);
                buf.stream.write(r.stderr);
                return { code: r.code, signal: r.signal, spawnError: r.spawnError };
              }),
              kill: () => {},
            };
          },
        });
        const output = buf.text();
        out.write(maskTokens(output));
        if (output && !output.endsWith('\n')) out.write('\n');
        checkOutput(cmd, code, output, label);
      }
      if (opts.pause && i < steps.length - 1 && opts.waitForEnter) {
        out.write('\n[press Enter for the next step]');
        await opts.waitForEnter();
      }
    }
    out.write(`\nDone: ${steps.length} steps in ${((Date.now() - started) / 1000).toFixed(1)}s. Start your own sandbox with: kcurl sandbox\n`);
    return 0;
  } finally {
    await sandbox.close();
    await fsp.rm(workdir, { recursive: true, force: true });
  }
}
