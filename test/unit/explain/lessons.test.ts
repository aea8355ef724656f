// Error lessons in-process: printed after kubectl's unchanged line when stderr is a terminal or --explain is
// given, never otherwise; the typo suggestions and the 403 parser as tables.
import { describe, expect, it } from 'vitest';
import { HttpRegistry, fixture } from '../../helpers/http-registry.js';
import { runKcurl } from '../../helpers/run-in-process.js';
import { parseForbidden } from '../../../src/explain/lessons.js';
import { closest } from '../../../src/explain/suggest.js';

const listPods403 = () =>
  new HttpRegistry().discovery().register({ method: 'GET', path: '/api/v1/namespaces/default/pods' }, fixture('errors/403-sa-cannot-list-pods.json', 403));
const KUBECTL_LINE =
  'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:mysa" cannot list resource "pods" in API group "" in the namespace "default"\n';

describe('error lessons', () => {
  it('are not printed when stderr is not a terminal and --explain is not given', async () => {
    const run = await runKcurl(['get', 'pods', '-q', '--cache-dir', '/in-process/cache'], { registry: listPods403() });
    expect(run.stderr).toBe(KUBECTL_LINE);
  });

  it("follow kubectl's unchanged line when stderr is a terminal", async () => {
    const run = await runKcurl(['get', 'pods', '-q', '--cache-dir', '/in-process/cache'], { registry: listPods403(), tty: true });
    expect(run.stderr.startsWith(KUBECTL_LINE + '\nkcurl explains (403 Forbidden):\n')).toBe(true);
    expect(run.stderr).toContain('  who: ServiceAccount default/mysa\n');
    expect(run.stderr).toContain('  missing: list pods in API group "" in the namespace "default"'.replace('the namespace', 'namespace'));
    expect(run.stderr).toContain('  check: kcurl auth can-i list pods -n default\n');
    expect(run.stderr).toContain('kind: RoleBinding\nmetadata:\n  name: kcurl-list-pods\n  namespace: default\n');
    expect(run.stderr).toContain('subjects:\n- kind: ServiceAccount\n  name: mysa\n  namespace: default\n');
  });

  it.each([
    [['gett', 'pods'], 'did you mean: kcurl get'],
    [['drain', 'node-1', '--force'], 'kcurl record -- kubectl drain node-1 --force'],
    [['get', 'pods', '--namspace', 'x'], 'did you mean: --namespace'],
    [['get', 'pdos', '--offline'], 'did you mean: pods'],
    [['get', 'deploymnets.apps', '--offline'], 'did you mean: deployments'],
  ])('kcurl %j suggests: %s', async (argv, suggestion) => {
    const run = await runKcurl([...argv, '--explain']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*\n\nkcurl explains \(/);
    expect(run.stderr).toContain(`  ${suggestion}\n`);
  });
});

describe('closest', () => {
  it.each([
    ['pdos', ['pods', 'nodes', 'secrets'], ['pods']],
    ['deploymnet', ['deployment', 'deployments', 'daemonset'], ['deployment', 'deployments']],
    ['xyz', ['pods'], []],
    ['conf', ['configmaps', 'cm'], ['configmaps']],
  ])('%s among %j', (word, candidates, want) => {
    expect(closest(word, candidates)).toEqual(want);
  });
});

describe('parseForbidden', () => {
  it.each([
    [
      'secrets "db" is forbidden: User "jane" cannot get resource "secrets" in API group "" in the namespace "prod"',
      { user: 'jane', permission: { verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'prod', resourceName: 'db' } },
    ],
    [
      'nodes is forbidden: User "system:serviceaccount:default:mysa" cannot list resource "nodes" in API group "" at the cluster scope',
      { user: 'system:serviceaccount:default:mysa', permission: { verb: 'list', apiGroup: '', resource: 'nodes', namespace: '' } },
    ],
    [
      'deployments.apps "web" is forbidden: User "jane" cannot patch resource "deployments/scale" in API group "apps" in the namespace "dev"',
      { user: 'jane', permission: { verb: 'patch', apiGroup: 'apps', resource: 'deployments/scale', namespace: 'dev', resourceName: 'web' } },
    ],
    ['forbidden: User "jane" cannot get path "/metrics"', { user: 'jane', permission: { verb: 'get', nonResourceURL: '/metrics' } }],
  ])('%s', (message, want) => {
    const name = /^\S+ "([^"]+)" is forbidden/.exec(message)?.[1];
    expect(parseForbidden({ message, details: name ? { name } : {} })).toMatchObject(want);
  });
});
