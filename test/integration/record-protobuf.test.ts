// `kcurl record -- kubectl …` for the commands kubectl v1.32 sends as protobuf (its typed clients: create
// namespace|secret|configmap|deployment|service|serviceaccount|job|cronjob|role|rolebinding|clusterrole|quota|
// pdb|priorityclass|ingress): the recording keeps the protobuf bytes, `kcurl replay --to-script` shows them as
// JSON (said once), and bash runs that script against a fresh sandbox with the same effect (create token and
// auth can-i too: their answers).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../src/record/journal.js';
import { withoutVolatile } from '../../src/record/compare.js';
import { runKcurl } from '../helpers/run-kcurl.js';
import { runSnippet } from '../helpers/run-snippet.js';
import { jsonDocuments } from './record-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

const NS = 'pb';
const PASSWORD = 'protobuf-horse-battery';

/** Each kubectl command line and the object it creates (its API path). */
const COMMANDS: [string[], string][] = [
  [['create', 'namespace', NS], '/api/v1/namespaces/pb'],
  [['create', 'secret', 'generic', 'db', `--from-literal=password=${PASSWORD}`, '-n', NS], '/api/v1/namespaces/pb/secrets/db'],
  [
    ['create', 'secret', 'docker-registry', 'pull', '--docker-server=registry.example', '--docker-username=u', '--docker-password=p', '-n', NS],
    '/api/v1/namespaces/pb/secrets/pull',
  ],
  [['create', 'configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3', '-n', NS], '/api/v1/namespaces/pb/configmaps/settings'],
  [['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', '--port=80', '-n', NS], '/apis/apps/v1/namespaces/pb/deployments/web'],
  [['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '-n', NS], '/api/v1/namespaces/pb/services/web'],
  [['create', 'serviceaccount', 'builder', '-n', NS], '/api/v1/namespaces/pb/serviceaccounts/builder'],
  [['create', 'job', 'once', '--image=busybox', '-n', NS, '--', 'true'], '/apis/batch/v1/namespaces/pb/jobs/once'],
  [['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '-n', NS, '--', 'date'], '/apis/batch/v1/namespaces/pb/cronjobs/tick'],
  [['create', 'role', 'reader', '--verb=get,list', '--resource=pods,configmaps', '-n', NS], '/apis/rbac.authorization.k8s.io/v1/namespaces/pb/roles/reader'],
  [
    ['create', 'rolebinding', 'reader', '--role=reader', '--serviceaccount=pb:builder', '--user=bob', '-n', NS],
    '/apis/rbac.authorization.k8s.io/v1/namespaces/pb/rolebindings/reader',
  ],
  [['create', 'clusterrole', 'pb-nodes', '--verb=get', '--resource=nodes'], '/apis/rbac.authorization.k8s.io/v1/clusterroles/pb-nodes'],
  [['create', 'quota', 'small', '--hard=pods=5,requests.cpu=2', '-n', NS], '/api/v1/namespaces/pb/resourcequotas/small'],
  [['create', 'pdb', 'web', '--selector=app=web', '--min-available=1', '-n', NS], '/apis/policy/v1/namespaces/pb/poddisruptionbudgets/web'],
  [['create', 'priorityclass', 'pb-high', '--value=1000', '--description=important'], '/apis/scheduling.k8s.io/v1/priorityclasses/pb-high'],
  [['create', 'ingress', 'web', '--rule=web.example/app*=web:80', '-n', NS], '/apis/networking.k8s.io/v1/namespaces/pb/ingresses/web'],
];

/** Protobuf POSTs that create nothing to compare: their answers, printed by the replayed script, are checked. */
const REVIEWS: string[][] = [
  ['create', 'token', 'builder', '-n', NS, '--duration=10m'],
  ['auth', 'can-i', 'list', 'pods', '-n', NS],
];

let a: TestSandbox;
let b: TestSandbox;
let dir: string;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestSandbox(), startTestSandbox()]);
  dir = tempDir('kcurl-record-pb-');
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

/** An object as a comparison sees it: its own uid (in Job selectors and labels) and volatile fields and status gone. */
function comparable(obj: Record<string, unknown>): unknown {
  const uid = (obj.metadata as { uid?: string }).uid;
  const text = uid ? JSON.stringify(obj).replaceAll(uid, '<uid>') : JSON.stringify(obj);
  const { status: _status, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return withoutVolatile(rest as never);
}

describe('kcurl record -- kubectl (protobuf requests)', () => {
  it('records each protobuf request and replays it from the script as JSON with the same effect on a fresh sandbox', async () => {
    const file = join(dir, 'created.jsonl');
    for (const args of [...COMMANDS.map(([c]) => c), ...REVIEWS]) {
      const rec = await runKcurl(['record', '--reveal', '--record', file, '--', KUBECTL_132, ...args], {
        env: { KUBECONFIG: a.sb.kubeconfigPath, HOME: dir },
      });
      expect(rec.code, `${args.join(' ')}: ${rec.stderr}`).toBe(0);
      // The report's curl line sends JSON, said once above the calls.
      expect(rec.stderr).toMatch(/^# converted from protobuf: call \d+ sent its body in protobuf \(application\/vnd\.kubernetes\.protobuf\)/m);
      expect(rec.stderr).not.toContain('not shown');
    }
    const { exchanges } = parseJournal(readFileSync(file, 'utf8'), file);
    const posts = exchanges.filter((e) => e.request.method === 'POST');
    expect(posts).toHaveLength(COMMANDS.length + REVIEWS.length);
    // kubectl sent every one of them as protobuf, and the journal keeps the bytes it sent.
    for (const p of posts) {
      expect(p.request.headers).toContainEqual(['content-type', 'application/vnd.kubernetes.protobuf']);
      expect(p.request.body?.encoding).toBe('base64');
      expect(p.response?.status).toBe(201);
    }

    const script = await runKcurl(['replay', file, '--to-script'], { env: { KUBECONFIG: b.sb.kubeconfigPath } });
    expect(script.code).toBe(0);
    const notes = script.stdout.split('\n').filter((l) => l.startsWith('# converted from protobuf: '));
    expect(notes).toEqual([
      `# converted from protobuf: calls ${listed(exchanges.flatMap((e, i) => (e.request.method === 'POST' ? [i + 1] : [])))} sent their bodies in protobuf (application/vnd.kubernetes.protobuf): shown here as the JSON objects they encode, with Content-Type: application/json; Accept asks for JSON where the client asked for protobuf`,
    ]);
    expect(script.stdout).not.toContain('vnd.kubernetes.protobuf\n');
    expect(script.stdout).not.toMatch(/-H 'Content-Type: application\/vnd\.kubernetes\.protobuf'/);
    expect(script.stdout).not.toContain('is binary');

    const run = await runSnippet(script.stdout, { env: { KUBECONFIG: b.sb.kubeconfigPath } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const [args, path] of COMMANDS) {
      const [there, here] = await Promise.all([a.request('GET', path), b.request('GET', path)]);
      expect(there.status, path).toBe(200);
      expect(here.status, `${args.join(' ')} replayed: ${here.text}`).toBe(200);
      expect(comparable(here.json()), path).toEqual(comparable(there.json()));
    }
    // The TokenRequest and the SelfSubjectAccessReview, answered by the fresh sandbox as they were by the first.
    const answers = jsonDocuments(run.stdout).map((d) => JSON.parse(d) as { kind?: string; spec?: Record<string, unknown>; status?: Record<string, unknown> });
    const token = answers.find((d) => d.kind === 'TokenRequest');
    expect(token?.spec?.expirationSeconds).toBe(600);
    expect(String(token?.status?.token)).toMatch(/^eyJ/);
    const review = answers.find((d) => d.kind === 'SelfSubjectAccessReview');
    expect(review?.spec?.resourceAttributes).toEqual({ namespace: NS, verb: 'list', resource: 'pods' });
    expect(review?.status?.allowed).toBe(true);
    const secret = (await b.request('GET', '/api/v1/namespaces/pb/secrets/db')).json() as { data: Record<string, string> };
    expect(Buffer.from(secret.data.password, 'base64').toString('utf8')).toBe(PASSWORD);
  });

  it('without --reveal the Secret value is in neither the journal nor the script, whose body says where it was redacted', async () => {
    const file = join(dir, 'redacted.jsonl');
    const rec = await runKcurl(
      ['record', '--record', file, '--', KUBECTL_132, 'create', 'secret', 'generic', 'hidden', '--from-literal=token=very-secret-42'],
      {
        env: { KUBECONFIG: a.sb.kubeconfigPath, HOME: dir },
      },
    );
    expect(rec.code).toBe(0);
    const journal = readFileSync(file, 'utf8');
    const script = await runKcurl(['replay', file, '--to-script'], { env: { KUBECONFIG: b.sb.kubeconfigPath } });
    for (const text of [journal, rec.stderr, script.stdout]) {
      expect(text).not.toContain('very-secret-42');
      expect(text).not.toContain(Buffer.from('very-secret-42').toString('base64'));
    }
    expect(rec.stderr).toContain(`"data":{"token":"<redacted: Secret data value, 14 bytes>"}`);
    expect(script.stdout).toContain(`"data":{"token":"<redacted: Secret data value, 14 bytes>"}`);
    expect(script.stdout).toContain('# note: values in this body were redacted when it was recorded; record with --reveal to replay them\n');
  });
});

function listed(numbers: number[]): string {
  return `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}
