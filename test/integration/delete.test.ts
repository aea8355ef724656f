// kubectl delete and kcurl delete, row by row through the wire-identity harness: the same LIST/DELETE/GET
// sequence and DeleteOptions bodies, the same output, and a snippet that bash runs to the same answers.
// The shared rows come from the wire-identity table; the rows here cover selectors, --all, several names,
// --now, --ignore-not-found, dry runs and -o name.
import { describe, expect, it } from 'vitest';
import { compareSequences, defineRowSuites, wireRequests, type KubeObject, type WireRow } from './wire-identity/harness.js';
import { DELETE_FILES, DELETE_NS, DELETE_ROWS } from './wire-identity/table-delete.js';

const NS = 'delete-more';

const cm = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: NS, labels },
  data: { k: 'v' },
});
const n = ['-n', NS];

const MORE_ROWS: WireRow[] = [
  {
    args: ['delete', 'cm', '-l', 'app=web', ...n],
    setup: (ops) => ops.recreate(cm('w1', { app: 'web' }), cm('w2', { app: 'web' }), cm('other', { app: 'db' })),
    mutating: true,
  },
  { args: ['delete', 'cm', '-l', 'app=nothing', ...n], setup: (ops) => ops.recreate(cm('other', { app: 'db' })), mutating: true },
  {
    // Secrets: no controller re-creates them between the runs (as it does kube-root-ca.crt).
    args: ['delete', 'secrets', '--all', '-n', 'delete-all'],
    setup: (ops) =>
      ops.recreate(
        ...['a1', 'a2'].map((name): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'delete-all' }, stringData: { k: 'v' } })),
      ),
    mutating: true,
  },
  { args: ['delete', 'cm', 'one', 'two', '-o', 'name', ...n], setup: (ops) => ops.recreate(cm('one'), cm('two')), mutating: true },
  { args: ['delete', 'cm/one', 'cm/two', '--now', ...n], setup: (ops) => ops.recreate(cm('one'), cm('two')), mutating: true },
  { args: ['delete', 'cm', 'missing', '--ignore-not-found', ...n], setup: (ops) => ops.remove(cm('missing')), mutating: true },
  { args: ['delete', 'cm', 'kept', '--dry-run=server', ...n], setup: (ops) => ops.recreate(cm('kept')), mutating: true },
  {
    args: ['delete', 'cm', 'gone', 'missing', ...n],
    setup: async (ops) => {
      await ops.recreate(cm('gone'));
      await ops.remove(cm('missing'));
    },
    mutating: true,
    exitCode: 1,
  },
];

const env = defineRowSuites(
  { namespaces: [DELETE_NS, NS, 'delete-all'], prepare: (env) => Object.entries(DELETE_FILES).forEach(([path, text]) => env.writeFile(path, text)) },
  { title: 'delete: kcurl sends and prints what kubectl v1.32 does', rows: [...DELETE_ROWS, ...MORE_ROWS] },
);

// A finalizer keeps the object after the DELETE: kubectl (and kcurl) GET it, LIST it by name and WATCH from
// the list's resourceVersion until the DELETED event, which comes once the finalizer is removed while the
// watch is open. The watch names that resourceVersion, which a later replay of the snippet cannot reuse, so
// this row compares kubectl and kcurl only.
describe('delete --wait on an object a finalizer holds', () => {
  it('GET, LIST by name, WATCH until DELETED, as kubectl', async () => {
    const row: WireRow = {
      args: ['delete', 'cm', 'held', ...n],
      setup: (ops) => ops.recreate({ ...cm('held'), metadata: { name: 'held', namespace: NS, finalizers: ['example.com/hold'] } }),
      mutating: true,
      during: {
        when: /watch=true/,
        run: async (ops) => {
          await ops.request(
            'PATCH',
            `/api/v1/namespaces/${NS}/configmaps/held`,
            { metadata: { finalizers: null } },
            { contentType: 'application/merge-patch+json' },
          );
        },
      },
      snippetStream: { until: /"DELETED"/, limitMs: 15_000 },
      note: 'a finalizer holds the object until the watch is open',
    };
    const result = await env().runRow(row);
    const wk = wireRequests(result.kubectl.exchanges, row, 'kubectl');
    const wc = wireRequests(result.kcurl.exchanges, row, 'kcurl');
    expect(compareSequences(wk, wc, row, 'kubectl', 'kcurl')).toEqual([]);
    expect(wc.map((r) => `${r.method} ${r.query.map(([k]) => k).join(',')}`)).toEqual([
      'DELETE ',
      'GET ',
      'GET fieldSelector,limit,resourceVersion',
      'GET allowWatchBookmarks,fieldSelector,resourceVersion,timeoutSeconds,watch',
    ]);
    expect(result.kcurl.out.stdout).toBe(result.kubectl.out.stdout);
    expect(result.kcurl.out.code).toBe(0);
  });
});
