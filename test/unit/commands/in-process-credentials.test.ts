// In process, with canned answers: --token-from-secret's failures (one clear line, nothing more sent), kubectl's
// -v levels over a real Table capture, and flags refused before anything is sent.
import { describe, expect, it } from 'vitest';
import { HttpRegistry, fixture, fixtureJson, json } from '../../helpers/http-registry.js';
import { TEST_TOKEN, runKcurl } from '../../helpers/run-in-process.js';

describe('--token-from-secret', () => {
  const secretPath = (name: string) => `/api/v1/namespaces/default/secrets/${name}`;

  it('a missing Secret: one line naming it, nothing else sent', async () => {
    const notFound = { ...fixtureJson('errors/404-pod-not-found.json'), message: 'secrets "missing" not found', details: { name: 'missing', kind: 'secrets' } };
    const registry = new HttpRegistry().register({ method: 'GET', path: secretPath('missing') }, json(notFound, 404));
    const r = await runKcurl(['get', 'cm', '--token-from-secret', 'missing', '-q'], { registry });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('error: --token-from-secret: secret "missing" not found in namespace "default"');
  });

  it('a Secret that is not a token Secret: one line naming its type', async () => {
    const opaque = { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'opaque', namespace: 'default' }, data: { token: 'eA==' } };
    const registry = new HttpRegistry().register({ method: 'GET', path: secretPath('opaque') }, json(opaque));
    const r = await runKcurl(['get', 'cm', '--token-from-secret', 'default/opaque', '-q'], { registry });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('error: --token-from-secret: secret default/opaque is of type "Opaque", not kubernetes.io/service-account-token');
  });

  it("reads the Secret with the kubeconfig token, then sends the Secret's token", async () => {
    // The captured Secret, its (redacted) token replaced by one the test can recognise.
    const sent = 'token-read-from-the-secret';
    const secret = fixtureJson<{ data: Record<string, string> }>('objects/secret-default-token.json');
    secret.data.token = Buffer.from(sent).toString('base64');
    const registry = new HttpRegistry()
      .register({ method: 'GET', path: secretPath('default-token'), headers: { Authorization: `Bearer ${TEST_TOKEN}` } }, json(secret))
      .discovery()
      .register({ method: 'GET', path: '/api/v1/namespaces/default/configmaps' }, fixture('tables/configmaps.json'));
    const r = await runKcurl(['get', 'cm', '--token-from-secret', 'default-token', '-q'], { registry });
    expect(r.code, r.stderr).toBe(0);
    expect(r.requests.at(-1)?.headers).toContainEqual(['authorization', `Bearer ${sent}`]);
  });
});

describe('-v levels', () => {
  it.each([
    [6, /^GET https:\/\/127\.0\.0\.1:6443\/api\/v1\/namespaces\/default\/configmaps\?limit=500 200 OK in \d+ milliseconds$/m],
    [7, /^Request Headers:\n( {4}.*\n)* {4}Authorization: Bearer <masked>$/m],
    [8, /^Response Body: \{\s*"apiVersion": "meta\.k8s\.io\/v1"/m],
    [9, /^curl -sS -H "Authorization: Bearer \$TOKEN" /m],
  ])('-v %i', async (level, pattern) => {
    const registry = new HttpRegistry()
      .discovery()
      .register({ method: 'GET', path: '/api/v1/namespaces/default/configmaps' }, fixture('tables/configmaps.json'));
    const r = await runKcurl(['get', 'cm', '-v', String(level)], { registry });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toContain(TEST_TOKEN);
  });
});

describe('refused before anything is sent', () => {
  it('apply --prune', async () => {
    const r = await runKcurl(['apply', '--prune', '-l', 'app=x', '-f', 'fixtures/objects/pod-example.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: --prune is not supported by kcurl; apply without --prune, then delete what you no longer need with kcurl delete\n');
    expect(r.stdout).toBe('');
    expect(r.requests).toEqual([]);
  });
});
