// `kcurl demo` end to end: the real binary starts its in-process sandbox, runs every step, and each step's
// output must show its expected result (the demo itself fails otherwise). Here we also check what a
// workshop sees: every step's header, REST calls, snippets, and no credential on screen.
import { describe, expect, it } from 'vitest';
import { demoSteps } from '../../src/commands/demo/steps.js';
import { runKcurl } from '../helpers/run-kcurl.js';

describe('kcurl demo', () => {
  it('runs the whole tour non-interactively and exits 0', async () => {
    const r = await runKcurl(['demo'], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    const steps = demoSteps(2);
    for (const [i, step] of steps.entries()) expect(r.stdout).toContain(`━━ ${i + 1}/${steps.length}  ${step.title}\n`);
    expect(r.stdout).toMatch(new RegExp(`^Done: ${steps.length} steps in \\d+\\.\\ds\\.`, 'm'));
    // The classic lesson: the POST of YAML, and the pod's output.
    expect(r.stdout).toContain("-H 'Content-Type: application/yaml'");
    expect(r.stdout).toMatch(/^Hello World$/m);
    // 403 then 200 for the ServiceAccount.
    expect(r.stdout).toMatch(/Error from server \(Forbidden\): pods is forbidden: User "system:serviceaccount:default:reader"/);
    // Tokens are never shown; the TokenRequest's result is masked.
    expect(r.stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(r.stdout).toMatch(/<token: a \d+-character JWT, not shown>/);
  });

  it('--pause prompts between steps and finishes when the answers come from a pipe', async () => {
    const steps = demoSteps(2).length;
    const r = await runKcurl(['demo', '--pause'], { stdin: '\n'.repeat(steps - 1), timeoutMs: 60_000 });
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    expect(r.stdout.split('[press Enter for the next step]')).toHaveLength(steps);
  });

  it('fails with one line for a bad --nodes', async () => {
    const r = await runKcurl(['demo', '--nodes', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--nodes must be a whole number from 1 to 20, got 0');
  });
});
