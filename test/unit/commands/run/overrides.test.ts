// run --overrides (src/commands/run/overrides.ts): RFC 7386 and RFC 6902 applied to the generated Pod, then what
// kubectl's typed Pod round trip makes of it, and json-patch's error texts.
import { describe, expect, it } from 'vitest';
import { applyOverrides, jsonPatch, mergePatch, strategicPatch } from '../../../../src/commands/run/overrides.js';

const pod = () => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'p', creationTimestamp: null, labels: { run: 'p' } },
  spec: { containers: [{ name: 'p', image: 'nginx', resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
  status: {},
});

describe('mergePatch (RFC 7386, json-patch MergePatch)', () => {
  it.each([
    ['replaces a value', { a: 'b' }, '{"a":"c"}', { a: 'c' }],
    ['adds a key', { a: 'b' }, '{"b":"c"}', { a: 'b', b: 'c' }],
    ['removes a key with null', { a: 'b', b: 'c' }, '{"a":null}', { b: 'c' }],
    ['merges objects', { a: { b: 'c', d: 'e' } }, '{"a":{"b":"x"}}', { a: { b: 'x', d: 'e' } }],
    ['replaces a list whole', { a: [1, 2] }, '{"a":[3]}', { a: [3] }],
    ['prunes nulls from what it adds', {}, '{"a":{"b":null,"c":1}}', { a: { c: 1 } }],
  ])('%s', (_what, doc, patch, want) => {
    expect(mergePatch(doc, patch)).toEqual(want);
  });

  it.each(['{bad', 'null', '1', '"text"'])('%s is no merge patch: "Invalid JSON Patch"', (patch) => {
    expect(() => mergePatch({}, patch)).toThrow('Invalid JSON Patch');
  });
});

describe('jsonPatch (RFC 6902, json-patch v4 Patch.Apply)', () => {
  it('adds, replaces, moves, copies and tests', () => {
    const out = jsonPatch(
      { a: [1, 2], b: { c: 1 } },
      JSON.stringify([
        { op: 'add', path: '/a/1', value: 9 },
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'replace', path: '/b/c', value: 2 },
        { op: 'copy', from: '/b', path: '/d' },
        { op: 'move', from: '/b/c', path: '/e' },
        { op: 'test', path: '/e', value: 2 },
      ]),
    );
    expect(out).toEqual({ a: [1, 9, 2, 3], b: {}, d: { c: 2 }, e: 2 });
  });

  it.each([
    ['a missing key', [{ op: 'remove', path: '/x' }], "error in remove for path: '/x': Unable to remove nonexistent key: x: missing value"],
    ['a missing parent', [{ op: 'add', path: '/x/y', value: 1 }], 'add operation does not apply: doc is missing path: "/x/y": missing value'],
    ['an index past the end', [{ op: 'replace', path: '/a/5', value: 1 }], 'replace operation does not apply: doc is missing key: /a/5: missing value'],
    ['a failed test', [{ op: 'test', path: '/a/0', value: 2 }], 'testing value /a/0 failed: test failed'],
    ['an unknown op', [{ op: 'frob', path: '/a' }], 'Unexpected kind: frob'],
  ])("%s: kubectl's error", (_what, patch, message) => {
    expect(() => jsonPatch({ a: [1] }, JSON.stringify(patch))).toThrow(message);
  });

  it('an object is no JSON patch', () => {
    expect(() => jsonPatch({}, '{"op":"add"}')).toThrow('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });
});

describe('applyOverrides: the typed Pod kubectl writes again', () => {
  it('drops unknown top-level fields and empty maps, sorts maps, keeps creationTimestamp and containers', () => {
    const out = applyOverrides(pod(), '{"zzz":1,"metadata":{"labels":{"run":null}},"spec":{"containers":null,"nodeSelector":{"b":"1","a":"2"}}}', 'merge');
    expect(out).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'p', creationTimestamp: null },
      spec: { containers: null, restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', nodeSelector: { a: '2', b: '1' } },
      status: {},
    });
    expect(Object.keys((out.spec as Record<string, unknown>).nodeSelector as object)).toEqual(['a', 'b']);
  });

  it('writes resources: {} into a container that has none, after its env; drops what omitempty drops', () => {
    const out = applyOverrides(
      pod(),
      '{"spec":{"hostname":"","volumes":[],"containers":[{"name":"a","image":"busybox","env":[{"name":"A"}],"tty":false,"stdin":true}]}}',
      'merge',
    );
    expect(Object.keys((out.spec as any).containers[0])).toEqual(['name', 'image', 'env', 'resources', 'stdin']);
    expect(Object.keys(out.spec as object)).toEqual(['containers', 'restartPolicy', 'dnsPolicy']);
  });

  it("writes struct fields in Go's order, whatever order the patch gave them in", () => {
    const out = applyOverrides(
      pod(),
      '{"spec":{"serviceAccountName":"x","hostNetwork":true,"containers":[{"tty":true,"image":"busybox","name":"a"}]},"metadata":{"annotations":{"a":"1"},"namespace":"n"}}',
      'merge',
    );
    expect(Object.keys(out.metadata as object)).toEqual(['name', 'namespace', 'creationTimestamp', 'labels', 'annotations']);
    expect(Object.keys(out.spec as object)).toEqual(['containers', 'restartPolicy', 'dnsPolicy', 'serviceAccountName', 'hostNetwork']);
    expect(Object.keys((out.spec as any).containers[0])).toEqual(['name', 'image', 'resources', 'tty']);
  });

  it('refuses an unknown type', () => {
    expect(() => applyOverrides(pod(), '{}', 'yaml')).toThrow('invalid override type: yaml');
  });
});

describe('strategicPatch (StrategicMergePatch with the Pod merge keys)', () => {
  const withEnv = () => ({ ...pod(), spec: { ...pod().spec, containers: [{ name: 'p', image: 'nginx', env: [{ name: 'A' }, { name: 'B' }] }] } });
  it.each([
    [
      'merges a container by name',
      { spec: { containers: [{ name: 'p', image: 'busybox' }] } },
      [{ name: 'p', image: 'busybox', env: [{ name: 'A' }, { name: 'B' }] }],
    ],
    [
      "puts the patch's new items first, before the original ones it does not name",
      { spec: { containers: [{ name: 'p', env: [{ name: 'C' }] }] } },
      [{ name: 'p', image: 'nginx', env: [{ name: 'C' }, { name: 'A' }, { name: 'B' }] }],
    ],
    [
      'orders the items the patch names as the patch does',
      {
        spec: {
          containers: [
            {
              name: 'p',
              env: [
                { name: 'B', value: '2' },
                { name: 'A', value: '1' },
              ],
            },
          ],
        },
      },
      [
        {
          name: 'p',
          image: 'nginx',
          env: [
            { name: 'B', value: '2' },
            { name: 'A', value: '1' },
          ],
        },
      ],
    ],
    [
      'deletes an item marked $patch: delete',
      { spec: { containers: [{ name: 'p', env: [{ name: 'A', $patch: 'delete' }] }] } },
      [{ name: 'p', image: 'nginx', env: [{ name: 'B' }] }],
    ],
    [
      'adds a container',
      { spec: { containers: [{ name: 'q', image: 'x' }] } },
      [
        { name: 'q', image: 'x' },
        { name: 'p', image: 'nginx', env: [{ name: 'A' }, { name: 'B' }] },
      ],
    ],
  ])('%s', (_what, patch, containers) => {
    expect((strategicPatch(withEnv(), JSON.stringify(patch)) as any).spec.containers).toEqual(containers);
  });

  it('merges finalizers and applies the parallel lists, which the typed Pod then does not keep', () => {
    const patched = applyOverrides(
      { ...withEnv(), metadata: { ...pod().metadata, finalizers: ['a', 'b'] } },
      JSON.stringify({
        metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] },
        spec: {
          '$setElementOrder/containers': [{ name: 'p' }],
          containers: [{ name: 'p', env: [{ name: 'C' }] }],
          securityContext: { $retainKeys: [], x: { $patch: 'delete' } },
        },
      }),
      'strategic',
    ) as any;
    expect(patched.metadata.finalizers).toEqual(['c', 'b']);
    expect(patched.spec.containers[0].env).toEqual([{ name: 'C' }, { name: 'A' }, { name: 'B' }]);
    expect(patched.spec.securityContext).toEqual({});
  });

  it("says kubectl's error for a patch strategicpatch refuses", () => {
    expect(() => strategicPatch(pod(), '{"spec":{"containers":[{"image":"x"}]}}')).toThrow('map: map[image:x] does not contain declared merge key: name');
    expect(() => strategicPatch(pod(), '{"spec":{"$patch":"nope"}}')).toThrow('unknown patch type: nope in map: map[$patch:nope]');
  });

  it('replaces a map marked $patch: replace, and says a non-object is no JSON document', () => {
    expect((strategicPatch(pod(), '{"spec":{"$patch":"replace","hostname":"h"}}') as any).spec).toEqual({ hostname: 'h' });
    expect(() => strategicPatch(pod(), '[1]')).toThrow('invalid JSON document');
  });
});
