// kubectl apply / create -f and kcurl, row by row through the wire-identity harness: the same requests on the
// wire (OpenAPI and discovery aside), the same output, and a printed snippet that bash runs to the same
// answers. The shared rows come from the wire-identity table; the rows here exercise the three-way
// strategic merge patch on lists with merge keys (containers by name, env by name, ports by containerPort),
// deleted fields and $setElementOrder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PINNED_KUBECTL, requireTool } from '../helpers/require-tool.js';
import { KCURL_BIN } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { eventually } from './sandbox-helpers.js';
import { compareSequences, defineRowSuites, wireRequests, type KubeObject, type WireRow } from './wire-identity/harness.js';
import { APPLY_FILES, APPLY_NS, APPLY_ROWS } from './wire-identity/table-apply.js';

const NS = 'apply-smp';

const LAST = 'kubectl.kubernetes.io/last-applied-configuration';

/** A CronJob as `kubectl apply` of `config` left it: the object plus the annotation of that config. */
function appliedTemplate(config: Record<string, any>): KubeObject {
  const annotationValue = JSON.stringify(sortKeys({ ...config, metadata: { ...config.metadata, annotations: {}, namespace: NS } })) + '\n';
  return { ...config, metadata: { ...config.metadata, namespace: NS, annotations: { [LAST]: annotationValue } } } as KubeObject;
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    );
  return v;
}

// A CronJob: a pod spec (containers by name, env by name, ports by containerPort) that no sandbox
// controller touches between the runs.
const templateV1 = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    schedule: '0 0 1 1 *',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'app',
                image: 'nginx:1.26',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', value: '2' },
                ],
                ports: [{ containerPort: 80 }, { containerPort: 443 }],
              },
              { name: 'sidecar', image: 'busybox', args: ['sleep', '3600'] },
            ],
          },
        },
      },
    },
  },
};

// Changed image, a label removed, env B changed and A removed, C added, ports reordered and one removed,
// the sidecar removed and a new first container added.
const templateV2 = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: web
  labels:
    app: web
spec:
  schedule: "0 0 1 1 *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: init-like
            image: alpine:3
          - name: app
            image: nginx:1.27
            env:
            - name: B
              value: "3"
            - name: C
              value: "4"
            ports:
            - containerPort: 8080
            - containerPort: 80
`;

const SMP_FILES: Record<string, string> = {
  'web-v2.yaml': templateV2,
  'web-v1.json': JSON.stringify(templateV1, null, 2),
  // A JSON manifest and a YAML one with a YAML 1.1 key (`on` is the boolean true) and an empty document.
  'mixed/a.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-json' }, data: { k: 'v' } }),
  'mixed/b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-list\ndata:\n  on: "yes"\n  mode: "0644"\n---\n# an empty document\n',
};

const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS } });

// A custom resource: no strategic merge patch, so kubectl sends a three-way JSON merge patch.
const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
      },
    ],
  },
};
const widgetV1 = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 1, colors: ['red', 'blue'], nested: { a: 1, b: 2 } } };
SMP_FILES['widget-v2.yaml'] = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 2\n  colors: [blue]\n  nested: {a: 1, c: {}}\n';
const n = ['-n', NS];

/** Fields the server assigns differently on each run (uid, resourceVersion, timestamps) in json or yaml output. */
const serverAssigned = (text: string) => text.replace(/("?(?:uid|resourceVersion|creationTimestamp|time)"?: ?)"?[^",\n]*"?/g, '$1<assigned>');

const SMP_ROWS: WireRow[] = [
  {
    args: ['apply', '-f', 'widget-v2.yaml', ...n],
    setup: (ops) => ops.recreate(appliedTemplate(widgetV1)),
    mutating: true,
    note: 'a custom resource: three-way JSON merge patch (application/merge-patch+json)',
  },
  {
    args: ['apply', '-f', 'web-v2.yaml', ...n],
    setup: async (ops) => {
      await ops.recreate(appliedTemplate(templateV1));
    },
    mutating: true,
    note: 'three-way strategic merge patch: containers/env/ports merged by key, deletions, $setElementOrder',
  },
  {
    args: ['apply', '-f', 'web-v2.yaml', '--dry-run=server', ...n],
    setup: async (ops) => {
      await ops.recreate(appliedTemplate(templateV1));
    },
    mutating: true,
  },
  { args: ['apply', '-f', 'mixed', ...n], setup: (ops) => ops.remove(cm('from-json'), cm('from-list')), mutating: true },
  { args: ['apply', '-f', 'mixed', '-o', 'name', ...n], setup: (ops) => ops.remove(cm('from-json'), cm('from-list')), mutating: true },
  {
    args: ['apply', '-f', 'mixed', '-o', 'json', ...n],
    setup: (ops) => ops.remove(cm('from-json'), cm('from-list')),
    mutating: true,
    normalise: serverAssigned,
  },
  {
    args: ['create', '-f', 'mixed', '-o', 'yaml', ...n],
    setup: (ops) => ops.remove(cm('from-json'), cm('from-list')),
    mutating: true,
    normalise: serverAssigned,
  },
  { args: ['create', '-f', 'mixed', ...n], setup: (ops) => ops.remove(cm('from-json'), cm('from-list')), mutating: true },
  { args: ['create', '-f', 'mixed', ...n], setup: (ops) => ops.recreate(cm('from-json'), cm('from-list')), mutating: true, exitCode: 1 },
];

const env = defineRowSuites(
  {
    namespaces: [APPLY_NS, NS],
    prepare: async (env) => {
      await env.ops.create(widgetCrd);
      await eventually(
        async () =>
          (await env.ops.request('GET', `/apis/example.com/v1/namespaces/${NS}/widgets`, undefined, { allow: [404] })).status === 200 ? true : undefined,
        'the Widget CRD to be served',
      );
      for (const [path, text] of Object.entries({ ...APPLY_FILES, ...SMP_FILES })) env.writeFile(path, text);
    },
  },
  { title: 'apply and create -f: kcurl sends and prints what kubectl v1.32 does', rows: [...APPLY_ROWS, ...SMP_ROWS] },
);

// -f URL: both clients download the manifest with a plain GET (no credentials) from a local HTTP server.
describe('apply -f http://…', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const name = (req.url ?? '/').slice(1);
      const text = SMP_FILES[name];
      if (text === undefined) {
        res.writeHead(404, 'Not Found').end('not here\n');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/yaml' }).end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('apply -f URL', async () => {
    const row: WireRow = { args: ['apply', '-f', `${base}/widget-v2.yaml`, ...n], setup: (ops) => ops.recreate(appliedTemplate(widgetV1)), mutating: true };
    const result = await env().runRow(row);
    expect(result.mismatches.join('\n\n')).toBe('');
  });

  it("a URL that answers 404: kubectl's message, nothing sent to the API server", async () => {
    const row: WireRow = { args: ['apply', '-f', `${base}/missing.yaml`, ...n], exitCode: 1 };
    const result = await env().runRow(row);
    expect(result.kcurl.out.stderr).toBe(result.kubectl.out.stderr);
    expect(result.kcurl.out.stderr).toBe(`error: unable to read URL "${base}/missing.yaml", server reported 404 Not Found, status code=404\n`);
    expect(result.kcurl.exchanges.filter((e) => !e.path.startsWith('/api') && !e.path.startsWith('/openapi') && e.path !== '/version')).toEqual([]);
  });
});

// Server-side apply over an object applied client-side before: kubectl hands the annotation to
// kubectl-last-applied, migrates field ownership with a JSON patch that carries the live resourceVersion,
// and applies again. That JSON patch cannot be replayed by a snippet (the resourceVersion has moved on),
// so this row compares the wire and the output only.
describe('apply --server-side migrating client-side apply ownership', () => {
  it('sends the four requests kubectl sends, byte for byte', async () => {
    const args = ['apply', '--server-side', '-f', 'web-v1.json', ...n];
    const setup = async () => {
      await env().ops.remove(appliedTemplate(templateV1));
      await env().ops.request('POST', `/apis/batch/v1/namespaces/${NS}/cronjobs?fieldManager=kubectl-client-side-apply`, appliedTemplate(templateV1));
    };
    const home = mkdtempSync(join(tmpdir(), 'kcurl-ssa-home-'));
    try {
      const run = async (file: string, argv: string[]) => {
        await setup();
        env().proxy.reset();
        const out = await runProcess(file, argv, { env: { PATH: CLEAN_PATH, HOME: home, KUBECONFIG: env().kubeconfig }, cwd: env().workdir });
        await env().proxy.settled();
        return { out, exchanges: [...env().proxy.exchanges] };
      };
      const kubectl = await run(requireTool(PINNED_KUBECTL), args);
      const kcurl = await run(process.execPath, [KCURL_BIN, ...args, '-q']);
      expect(kcurl.out.stdout).toBe(kubectl.out.stdout);
      expect(kcurl.out.stdout).toBe('cronjob.batch/web serverside-applied\n');
      expect(kcurl.out.stderr).toBe(kubectl.out.stderr);
      const row: WireRow = { args };
      const wk = wireRequests(kubectl.exchanges, row, 'kubectl');
      const wc = wireRequests(kcurl.exchanges, row, 'kcurl');
      expect(wk.map((r) => `${r.method} ${r.contentType ?? ''}`)).toEqual([
        'PATCH application/apply-patch+yaml',
        'PATCH application/apply-patch+yaml',
        'PATCH application/json-patch+json',
        'PATCH application/apply-patch+yaml',
      ]);
      // The apply patches compare as they are; the JSON patch names the live resourceVersion and the
      // managers' times, so its bytes compare with those two replaced.
      const others = (ws: typeof wk) => ws.filter((r) => r.contentType !== 'application/json-patch+json');
      expect(compareSequences(others(wk), others(wc), row, 'kubectl', 'kcurl')).toEqual([]);
      const rawPatch = (ex: typeof kubectl.exchanges) =>
        ex
          .find((e) => (e.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '') === 'application/json-patch+json')!
          .body.toString('utf8')
          .replace(/"value":"\d+"/, '"value":"<rv>"')
          .replace(/"time":"[^"]+"/g, '"time":"<time>"');
      expect(rawPatch(kcurl.exchanges)).toBe(rawPatch(kubectl.exchanges));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
