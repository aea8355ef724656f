// The shared strategic merge patch (src/kube/strategic-merge/apply.ts) against kubectl v1.32's own:
// `kubectl patch --local --type strategic` runs strategicpatch.StrategicMergePatch with its compiled-in
// types and prints the merged object as it is. Pods go through the v1.Pod table `run --overrides` uses,
// Deployments through the sandbox's OpenAPI schema; results and error texts must be kubectl's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { strategicMergeMapPatch } from '../../src/kube/strategic-merge/apply.js';
import { PatchMetaFromTable } from '../../src/kube/strategic-merge/patch-meta.js';
import { POD_PATCH_META } from '../../src/kube/strategic-merge/pod-patch-meta.js';
import { OpenApiDocuments } from '../../src/sandbox/openapi.js';
import { applyStrategicMergePatch } from '../../src/sandbox/patch/strategic-merge.js';
import { ResourceRegistry } from '../../src/sandbox/registry.js';
import { requireTool } from '../helpers/require-tool.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { KUBECTL_132 } from './sandbox-helpers.js';

type Obj = Record<string, unknown>;

const kubectl = requireTool(KUBECTL_132);
const dir = mkdtempSync(join(tmpdir(), 'kcurl-smp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** kubectl's merged object, or its error line without the `error: ` prefix. */
async function kubectlPatch(original: Obj, patch: Obj): Promise<unknown> {
  const file = join(dir, 'object.json');
  writeFileSync(file, JSON.stringify(original));
  const r = await runProcess(kubectl, ['patch', '--local', '-f', file, '--type', 'strategic', '-p', JSON.stringify(patch), '-o', 'json'], {
    env: { PATH: CLEAN_PATH, HOME: dir, KUBECONFIG: join(dir, 'none') },
  });
  if (r.code !== 0) return { error: r.stderr.replace(/^error: /, '').trimEnd() };
  return JSON.parse(r.stdout);
}

function ours(apply: () => unknown): unknown {
  try {
    return apply();
  } catch (e) {
    return { error: (e as Error).message.trimEnd() };
  }
}

const pod = (spec: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', finalizers: ['f1', 'f2'], labels: { l: '1' } },
  spec: {
    containers: [
      {
        name: 'a',
        image: 'x',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        args: ['p', 'q'],
      },
      { name: 'b', image: 'y' },
    ],
    volumes: [{ name: 'v', emptyDir: {} }],
    ...spec,
  },
});

const POD_CASES: [string, Obj, Obj][] = [
  ['merges a container by name, env by name', pod(), { spec: { containers: [{ name: 'a', image: 'z', env: [{ name: 'C', value: '3' }] }] } }],
  ['puts a new container first', pod(), { spec: { containers: [{ name: 'c', image: 'z' }] } }],
  ['orders the named env as the patch does', pod(), { spec: { containers: [{ name: 'a', env: [{ name: 'B', value: '9' }, { name: 'A' }] }] } }],
  ['interleaves new and named items', pod(), { spec: { containers: [{ name: 'a', env: [{ name: 'B', value: '9' }, { name: 'Z' }] }] } }],
  ['replaces a map with $patch: replace', pod(), { spec: { $patch: 'replace', containers: [{ name: 'q', image: 'q' }] } }],
  ['empties a map with $patch: delete', pod(), { metadata: { labels: { $patch: 'delete' } } }],
  ['refuses an unknown map directive', pod(), { metadata: { labels: { $patch: 'foo' } } }],
  ['deletes a list item with $patch: delete', pod(), { spec: { containers: [{ name: 'a', $patch: 'delete' }] } }],
  [
    'deletes every item with the key',
    pod({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }, { name: 'b' }] }),
    { spec: { containers: [{ name: 'a', $patch: 'delete' }] } },
  ],
  ['needs the merge key in a $patch: delete item', pod(), { spec: { containers: [{ $patch: 'delete' }] } }],
  ['replaces a list with a $patch: replace item', pod(), { spec: { containers: [{ name: 'q', image: 'q' }, { $patch: 'replace' }] } }],
  ['refuses $patch: merge in a list', pod(), { spec: { containers: [{ $patch: 'merge' }] } }],
  ['refuses an unknown list directive', pod(), { spec: { containers: [{ name: 'a', $patch: 'x' }] } }],
  ['needs the merge key in a merged item', pod(), { spec: { containers: [{ image: 'q' }] } }],
  ['unions a primitive merge list', pod(), { metadata: { finalizers: ['f2', 'f3'] } }],
  ['puts a new primitive first', pod(), { metadata: { finalizers: ['f0'] } }],
  ['deletes from a primitive list', pod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['f1'] } }],
  ['deletes from a list that is replaced otherwise', pod(), { spec: { containers: [{ name: 'a', '$deleteFromPrimitiveList/args': ['p'] }] } }],
  ['replaces a list without a merge strategy', pod(), { spec: { containers: [{ name: 'a', args: ['z'] }] } }],
  ['reorders by $setElementOrder alone', pod(), { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } }],
  [
    'reorders by $setElementOrder with a patch',
    pod(),
    { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'a', image: 'n' }] } },
  ],
  [
    'refuses a patch list out of $setElementOrder',
    pod(),
    { spec: { '$setElementOrder/containers': [{ name: 'b' }], containers: [{ name: 'a', image: 'n' }] } },
  ],
  ['refuses a $setElementOrder that is no list', pod(), { spec: { '$setElementOrder/containers': 'x' } }],
  ['clears the keys $retainKeys does not name', pod(), { spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'secret'], secret: { secretName: 's' } }] } }],
  ['refuses a patch key $retainKeys does not name', pod(), { spec: { volumes: [{ name: 'v', $retainKeys: ['name'], secret: { secretName: 's' } }] } }],
  ['refuses a $retainKeys that is no list', pod(), { spec: { volumes: [{ name: 'v', $retainKeys: 'name' }] } }],
  ['deletes fields set to null', pod(), { spec: { containers: [{ name: 'a', image: null }] }, metadata: { labels: null } }],
  ['drops the nulls of an added map', pod(), { spec: { securityContext: { runAsUser: 1, fsGroup: null } } }],
  ['drops an added map that holds $patch', pod(), { spec: { securityContext: { $patch: 'replace', runAsUser: 1 } } }],
  ['keeps other directives in an added map', pod(), { spec: { securityContext: { '$setElementOrder/x': [], runAsUser: 1, y: { $patch: 'delete' } } } }],
  ['refuses lists of different element types', pod(), { metadata: { finalizers: [1] } }],
  ['takes a list of lists whole where there was none', pod(), { spec: { imagePullSecrets: [['x']] } }],
  [
    'merges ports by containerPort',
    pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80 }, { containerPort: 81 }] }] }),
    { spec: { containers: [{ name: 'a', ports: [{ containerPort: 82 }, { containerPort: 80, name: 'h' }] }] } },
  ],
];

const deployment = (podSpec: Obj): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', finalizers: ['a'] },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    template: { metadata: { labels: { a: 'b' } }, spec: { volumes: [{ name: 'v1', emptyDir: {} }], ...podSpec } },
  },
});
const nginx = {
  name: 'nginx',
  image: 'nginx:1',
  env: [{ name: 'A', value: '1' }],
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  volumeMounts: [{ name: 'v1', mountPath: '/a' }],
};
const web = deployment({ containers: [nginx, { name: 'side', image: 'busybox' }] });
const inTemplate = (spec: Obj): Obj => ({ spec: { template: { spec } } });

const DEPLOYMENT_CASES: [string, Obj, Obj][] = [
  ['merges env in a template', web, inTemplate({ containers: [{ name: 'nginx', image: 'nginx:2', env: [{ name: 'B', value: '2' }] }] })],
  [
    'merges ports, volumeMounts and volumes',
    web,
    inTemplate({
      containers: [
        { name: 'nginx', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }], volumeMounts: [{ mountPath: '/a', readOnly: true }] },
      ],
      volumes: [{ name: 'v2', emptyDir: {} }],
    }),
  ],
  [
    'deletes a container and a field',
    web,
    inTemplate({
      containers: [
        { name: 'side', $patch: 'delete' },
        { name: 'nginx', image: null },
      ],
    }),
  ],
  [
    'applies $deleteFromPrimitiveList, $retainKeys and $setElementOrder',
    web,
    {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'nginx' }], containers: [{ name: 'side', image: 'c' }] } },
      },
    },
  ],
  ['switches a volume source with $retainKeys', web, inTemplate({ volumes: [{ name: 'v1', $retainKeys: ['name', 'configMap'], configMap: { name: 'cm' } }] })],
  ['refuses a key outside $retainKeys', web, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: { maxSurge: 2 } } } }],
  ['replaces tolerations (no merge strategy)', deployment({ containers: [nginx], tolerations: [{ key: 'a' }] }), inTemplate({ tolerations: [{ key: 'b' }] })],
  ['drops $patch items of an added list', web, inTemplate({ tolerations: [{ key: 'k', $patch: 'replace' }, { key: 'j' }] })],
  [
    'orders an added list by $setElementOrder, without its directives',
    web,
    inTemplate({ '$setElementOrder/initContainers': [{ name: 'i' }], initContainers: [{ name: 'i', image: 'x', env: [{ name: 'Q', $patch: 'delete' }] }] }),
  ],
];

describe('strategic merge patch, as kubectl v1.32 applies it', () => {
  it.each(POD_CASES)('Pod (the run --overrides table): %s', async (_what, original, patch) => {
    const mine = ours(() => strategicMergeMapPatch(original, patch, new PatchMetaFromTable(POD_PATCH_META, 'Pod')));
    expect(mine).toEqual(await kubectlPatch(original, patch));
  });

  const openapi = new OpenApiDocuments(new ResourceRegistry());
  const { defs, schema } = openapi.schemaFor('apps', 'v1', 'Deployment');
  it.each(DEPLOYMENT_CASES)('Deployment (the sandbox schema): %s', async (_what, original, patch) => {
    const mine = ours(() => applyStrategicMergePatch(defs, schema, original, patch));
    expect(mine).toEqual(await kubectlPatch(original, patch));
  });
});
