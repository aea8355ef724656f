// kubectl delete --wait when the watch cannot start from the listed resourceVersion: the server's ERROR event
// (410 Expired) makes kcurl list again, as client-go's reflector does, instead of re-watching from a
// resourceVersion the server has already said it no longer has.
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../../src/cli/session.js';
import { runDelete } from '../../../../src/commands/delete/run.js';
import { ApiStatusError, type KubeStatus, formatError } from '../../../../src/errors.js';
import type { ApiResource } from '../../../../src/kube/resources.js';
import type { RequestPlan, RequestStep } from '../../../../src/plan/request-plan.js';
import { commandOptions } from '../../../../src/cli/spec.js';
import { DELETE_FLAGS } from '../../../../src/commands/delete/flags.js';

const CONFIGMAPS = { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', singularName: 'configmap', namespaced: true } as ApiResource;
const held = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'ns', uid: 'u1', resourceVersion: '5' } };
const expired = {
  type: 'ERROR',
  object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version: 5 (7)', reason: 'Expired', code: 410 },
};
const forbidden = {
  type: 'ERROR',
  object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'watch is not allowed', reason: 'Forbidden', code: 403 } as KubeStatus,
};

/** A Session that answers from `answer` (plain requests) and `watch` (the events of each watch, in turn). */
function fakeSession(answer: (s: RequestStep) => { status: number; body: unknown }, watches: unknown[][]) {
  const sent: string[] = [];
  const out = { stdout: '', stderr: '' };
  const target = (s: RequestStep) => `${s.method} ${s.path}${s.query.length ? `?${s.query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`;
  const session = {
    io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } },
    options: { offline: false, debug: false, reveal: false },
    credentials: async () => ({ namespace: { value: 'ns' } }),
    resolveTypes: async () => [CONFIGMAPS],
    finalize: async (plan: RequestPlan) => plan,
    show: async () => {},
    send: async (s: RequestStep) => {
      sent.push(target(s));
      const { status, body } = answer(s);
      return { step: s, status, statusText: '', headers: {}, body: JSON.stringify(body), durationMs: 0 };
    },
    stream: async (s: RequestStep) => {
      sent.push(target(s));
      const events = watches.shift();
      if (!events) throw new Error(`unexpected watch ${target(s)}`);
      async function* chunks() {
        for (const e of events!) yield new TextEncoder().encode(JSON.stringify(e) + '\n');
      }
      return { step: s, status: 200, statusText: '', headers: {}, durationMs: 0, chunks: chunks(), cancel: () => {} };
    },
  };
  return { session: session as unknown as Session, sent, out };
}

const without = (q: string) => q.replace(/&timeoutSeconds=\d+/, '&timeoutSeconds=N');

describe('delete --wait and a watch the server refuses', () => {
  it('410 Expired: lists again without a resourceVersion and ends when the object is gone', async () => {
    let lists = 0;
    const { session, sent, out } = fakeSession(
      (s) => {
        if (s.method === 'DELETE') return { status: 200, body: held };
        if (s.query.some(([k]) => k === 'fieldSelector')) {
          lists++;
          return {
            status: 200,
            body: { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: lists === 1 ? '5' : '9' }, items: lists === 1 ? [held] : [] },
          };
        }
        return { status: 200, body: held };
      },
      [[expired]],
    );
    expect(await runDelete(session, ['cm', 'held'], commandOptions(DELETE_FLAGS), new Set())).toBe(0);
    expect(sent.map(without)).toEqual([
      'DELETE /api/v1/namespaces/ns/configmaps/held',
      'GET /api/v1/namespaces/ns/configmaps/held',
      'GET /api/v1/namespaces/ns/configmaps?fieldSelector=metadata.name=held&limit=500&resourceVersion=0',
      'GET /api/v1/namespaces/ns/configmaps?allowWatchBookmarks=true&fieldSelector=metadata.name=held&resourceVersion=5&timeoutSeconds=N&watch=true',
      'GET /api/v1/namespaces/ns/configmaps?fieldSelector=metadata.name=held&limit=500',
    ]);
    expect(out.stdout).toBe('configmap "held" deleted\n');
  });

  it('410 Expired with the object still there: watches again from the new list', async () => {
    const { session, sent } = fakeSession(
      (s) => {
        if (s.method === 'DELETE') return { status: 200, body: held };
        if (s.query.some(([k]) => k === 'fieldSelector')) {
          const fresh = !s.query.some(([k]) => k === 'resourceVersion');
          return { status: 200, body: { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: fresh ? '9' : '5' }, items: [held] } };
        }
        return { status: 200, body: held };
      },
      [[expired], [{ type: 'DELETED', object: held }]],
    );
    expect(await runDelete(session, ['cm', 'held'], commandOptions(DELETE_FLAGS), new Set())).toBe(0);
    expect(sent.filter((t) => t.includes('watch=true')).map((t) => /resourceVersion=(\d+)/.exec(t)?.[1])).toEqual(['5', '9']);
  });

  it('another ERROR event ends the wait with the server Status', async () => {
    const { session, out } = fakeSession(
      (s) => {
        if (s.method === 'DELETE') return { status: 200, body: held };
        if (s.query.some(([k]) => k === 'fieldSelector'))
          return { status: 200, body: { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '5' }, items: [held] } };
        return { status: 200, body: held };
      },
      [[forbidden]],
    );
    expect(await runDelete(session, ['cm', 'held'], commandOptions(DELETE_FLAGS), new Set())).toBe(1);
    expect(out.stderr).toBe(formatError(new ApiStatusError(403, forbidden.object)) + '\n');
  });
});
