// A status probe and the steps it picks (apply --offline's create-or-patch, in general form): the bash generator
// prints one if / elif / else, and bash runs exactly the branch for the probe's status against a stand-in curl.
import { describe, expect, it } from 'vitest';
import { ACCEPT, type RequestPlan, type RequestStep } from '../../../src/plan/request-plan.js';
import { renderCurl } from '../../../src/render/curl.js';
import { kindCredentials } from '../../helpers/credentials.js';
import { requireTool } from '../../helpers/require-tool.js';
import { runProcessSync } from '../../helpers/spawn.js';

const step = (method: RequestStep['method'], path: string, over: Partial<RequestStep> = {}): RequestStep => ({
  method,
  path,
  query: [],
  headers: [['Accept', ACCEPT.json]],
  stream: false,
  purpose: `${method} ${path}`,
  role: 'call',
  ...over,
});

const plan: RequestPlan = {
  command: 'kubectl apply',
  steps: [
    step('GET', '/api/v1/namespaces/a/configmaps/x', { statusOnly: { report: 'GET configmap/x' } }),
    step('POST', '/api/v1/namespaces/a/configmaps', { onlyAfter: { step: 0, status: 404 } }),
    step('PATCH', '/api/v1/namespaces/a/configmaps/x', { onlyAfter: { step: 0, status: [200, 204] } }),
  ],
};

/** Runs the script with `curl` answering the probe with a status and logging each request's method. */
function run(script: string, status: number): { stdout: string; stderr: string } {
  const stub = `curl() { local m=GET; while [ $# -gt 0 ]; do [ "$1" = -X ] && m=$2; shift; done; echo "sent $m" >&2; printf ${status}; }\nkubectl() { echo x; }\n`;
  const r = runProcessSync(requireTool('bash'), ['--norc', '--noprofile', '-c', stub + script]);
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('a status probe and its branches', () => {
  const script = renderCurl(plan, kindCredentials(), { reveal: false, form: 'script' });

  it('prints one if / elif / else after the probe, the report in the else', () => {
    expect(script).toMatch(/^status=\$\(curl -sS -o \/dev\/null -w '%\{http_code\}'/m);
    expect(script).toMatch(/^if \[ "\$status" = 404 \]; then$/m);
    expect(script).toMatch(/^elif \[ "\$status" = 200 \] \|\| \[ "\$status" = 204 \]; then$/m);
    expect(script).toContain(`else\n  echo 'GET configmap/x answered HTTP '"$status" >&2\nfi`);
    expect(script).not.toContain('ANSWER=$(mktemp)');
  });

  it.each([
    [404, 'sent GET\nsent POST\n'],
    [204, 'sent GET\nsent PATCH\n'],
    [500, 'sent GET\nGET configmap/x answered HTTP 500\n'],
  ])('the probe answering %i runs that branch only', (status, stderr) => {
    expect(run(script, status).stderr).toBe(stderr);
  });

  it('an otherwise step takes the else instead of the report', () => {
    const withOtherwise: RequestPlan = {
      ...plan,
      steps: [...plan.steps, step('DELETE', '/api/v1/namespaces/a/configmaps/x', { onlyAfter: { step: 0, otherwise: true } })],
    };
    const text = renderCurl(withOtherwise, kindCredentials(), { reveal: false, form: 'script' });
    expect(text).not.toContain('answered HTTP');
    expect(run(text, 500).stderr).toBe('sent GET\nsent DELETE\n');
  });
});
