// -f FILE on label, annotate, set image, patch, scale, expose, rollout and edit, planned without a server
// (--offline): which requests each command knows before any answer, as kubectl's builders send them (a GET of
// each file object where the builder has Latest(), none where it has not), and the refusals made before sending.
import { describe, expect, it } from 'vitest';
import { runKcurl } from '../../helpers/run-in-process.js';

const WEB = '/work/web.yaml';
const FILES = {
  [WEB]: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: team\n',
  '/work/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
};
const WEB_PATH = '/apis/apps/v1/namespaces/team/deployments/web';

/** The `#   METHOD URL` lines of an --offline script, with the server left out. */
function plannedRequests(stdout: string): string[] {
  return [...stdout.matchAll(/^# {3}(GET|PATCH|POST) https?:\/\/[^/]+(\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
}

describe('-f FILE --offline', () => {
  it.each([
    ['label', ['label', '-f', WEB, 'env=prod'], [`GET ${WEB_PATH}`]],
    ['annotate', ['annotate', '-f', WEB, 'note=x'], [`GET ${WEB_PATH}`]],
    ['set image', ['set', 'image', '-f', WEB, 'web=nginx:1.27'], [`GET ${WEB_PATH}`]],
    ['rollout restart', ['rollout', 'restart', '-f', WEB], [`GET ${WEB_PATH}`, `PATCH ${WEB_PATH}?fieldManager=kubectl-rollout`]],
    ['rollout history', ['rollout', 'history', '-f', WEB], [`GET ${WEB_PATH}`, `GET ${WEB_PATH}`]],
    ['edit', ['edit', '-f', WEB], [`GET ${WEB_PATH}`]],
    ['scale (no GET)', ['scale', '-f', WEB, '--replicas=2'], [`PATCH ${WEB_PATH}/scale`]],
    ['patch (no GET)', ['patch', '-f', WEB, '-p', '{"metadata":{"labels":{"a":"b"}}}'], [`PATCH ${WEB_PATH}?fieldManager=kubectl-patch`]],
    ['a file object without a namespace: -n', ['label', '-f', '/work/cm.yaml', '-n', 'other', 'a=b'], ['GET /api/v1/namespaces/other/configmaps/settings']],
  ])('%s', async (_name, args, expected) => {
    const r = await runKcurl([...args, '--offline'], { files: FILES });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(plannedRequests(r.stdout)).toEqual(expected);
  });

  it('rollout TYPE -l SELECTOR: the LIST by label first', async () => {
    const r = await runKcurl(['rollout', 'status', 'deploy', '-l', 'app=web', '-n', 'team', '--offline']);
    expect(r.code).toBe(0);
    expect(plannedRequests(r.stdout)).toEqual(['GET /apis/apps/v1/namespaces/team/deployments?labelSelector=app%3Dweb']);
  });

  it.each([
    ['a file and a name', ['label', '-f', WEB, 'deploy/web', 'a=b'], 'error: resource/name arguments cannot be provided when a path is specified'],
    ['-k', ['scale', '-k', '/work', '--replicas=1'], 'error: -k (kustomize) is not supported by kcurl'],
    ['a missing file', ['rollout', 'undo', '-f', '/work/absent.yaml'], 'error: the path "/work/absent.yaml" does not exist'],
    [
      'patch: a file namespace other than -n',
      ['patch', '-f', WEB, '-n', 'other', '-p', '{}'],
      `error: the namespace from the provided object "team" does not match the namespace "other". You must pass '--namespace=team' to perform this operation.`,
    ],
    [
      'rollout: names with a selector',
      ['rollout', 'history', 'deploy/web', '-l', 'a=b'],
      'error: selectors and the all flag cannot be used when passing resource/name arguments',
    ],
  ])('refuses %s before sending anything', async (_name, args, message) => {
    const r = await runKcurl([...args, '--offline'], { files: FILES });
    expect(r.code).toBe(1);
    expect(r.requests).toEqual([]);
    expect(r.stderr.split('\n')[0].startsWith(message)).toBe(true);
  });
});
