// The client-side apply patch against kubectl v1.32's own: each case pairs a live object (as the sandbox
// returned it), a new manifest and the PATCH body kubectl sent for them (recorded with kubectl -v=9 against
// the sandbox, or from the reference capture), and expects the same bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBody, modifiedConfiguration, threeWayPatch } from '../../../../src/commands/apply/client-side.js';
import { decodeSource } from '../../../../src/manifest/decode.js';
import { PatchMetaFromOpenApiV3, schemaForKind, supportsStrategicMergePatch } from '../../../../src/kube/strategic-merge/patch-meta.js';
import { createThreeWayMergePatch } from '../../../../src/kube/strategic-merge/three-way.js';
import { goJsonMarshal } from '../../../../src/output/go-format.js';
import { fixtureJson } from '../../../helpers/fixtures.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const openApi = (key: string) => fixtureJson(`sandbox/openapi/v3-${key}.json.gz`);
const CORE = openApi('api_v1');
const APPS = openApi('apis_apps_v1');

/** The manifest as kubectl's builder hands it over: namespace filled in. */
function manifest(name: string, namespace = 'default') {
  const obj = decodeSource(name, fixture(name))[0].object;
  obj.metadata = { ...obj.metadata, namespace };
  return obj;
}

describe('three-way strategic merge patch: the bytes kubectl sends', () => {
  it('Pod: containers, env and ports merged by key, deletions, $setElementOrder, a removed label', () => {
    const patch = threeWayPatch({
      modified: modifiedConfiguration(manifest('pod-v2.yaml'), true),
      current: JSON.parse(fixture('pod-live.json')),
      group: '',
      version: 'v1',
      kind: 'Pod',
      openApi: CORE,
    });
    expect(patch).toBe(fixture('pod-kubectl-patch.json'));
  });

  it('Deployment: $retainKeys (strategy, volumes), $deleteFromPrimitiveList (finalizers), a removed annotation', () => {
    const patch = threeWayPatch({
      modified: modifiedConfiguration(manifest('deployment-v2.yaml'), true),
      current: JSON.parse(fixture('deployment-live.json')),
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      openApi: APPS,
    });
    expect(patch).toBe(fixture('deployment-kubectl-patch.json'));
  });

  it('ConfigMap from the reference capture (apply-changed.jsonl): data changed and added', () => {
    const v1 = { apiVersion: 'v1', data: { a: '1' }, kind: 'ConfigMap', metadata: { labels: { t: 'w' }, name: 'wire-apply', namespace: 'default' } };
    const live = JSON.parse(createBody(v1));
    live.metadata = { ...live.metadata, uid: 'u', resourceVersion: '322', creationTimestamp: '2026-11-23T00:24:09Z' };
    const v2 = { ...v1, data: { a: '2', b: '3' } };
    const capture = fixture('apply-changed.jsonl')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const sent = capture.find((r) => r.method === 'PATCH').body as string;
    expect(threeWayPatch({ modified: modifiedConfiguration(v2, true), current: live, group: '', version: 'v1', kind: 'ConfigMap', openApi: CORE })).toBe(sent);
  });

  it('nothing changed: {} (kubectl prints "unchanged" and sends no PATCH)', () => {
    const v1 = { apiVersion: 'v1', data: { a: '1' }, kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } };
    const live = { ...JSON.parse(createBody(v1)), status: undefined };
    live.metadata.resourceVersion = '5';
    expect(threeWayPatch({ modified: modifiedConfiguration(v1, true), current: live, group: '', version: 'v1', kind: 'ConfigMap', openApi: CORE })).toBe('{}');
  });

  it('a field someone else set is left alone; one dropped from the manifest is deleted', () => {
    const schema = new PatchMetaFromOpenApiV3(CORE.components.schemas, schemaForKind(CORE, '', 'v1', 'ConfigMap'));
    const original = { data: { a: '1', b: '2' } };
    const modified = { data: { a: '1' } };
    const current = { data: { a: '1', b: '2', c: 'set by someone else' } };
    expect(goJsonMarshal(createThreeWayMergePatch(original, modified, current, schema))).toBe('{"data":{"b":null}}');
  });

  it('kinds that accept strategic merge patches, from the PATCH operation of the OpenAPI document', () => {
    expect(supportsStrategicMergePatch(CORE, '', 'v1', 'ConfigMap')).toBe(true);
    expect(supportsStrategicMergePatch(APPS, 'apps', 'v1', 'Deployment')).toBe(true);
    expect(supportsStrategicMergePatch(CORE, '', 'v1', 'NoSuchKind')).toBe(false);
  });
});

describe('the documents kubectl apply builds', () => {
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wire-apply', namespace: 'default', labels: { t: 'w' } }, data: { a: '1' } };

  it('POST body: the annotation holds the configuration (with annotations: {}) and a newline, as in apply-new.jsonl', () => {
    const capture = fixture('apply-new.jsonl')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(createBody(obj)).toBe(capture.find((r) => r.method === 'POST').body);
  });

  it('modified configuration: an existing last-applied annotation is replaced, other annotations kept', () => {
    const withOld = { ...obj, metadata: { ...obj.metadata, annotations: { keep: 'me', 'kubectl.kubernetes.io/last-applied-configuration': 'old' } } };
    const m = JSON.parse(modifiedConfiguration(withOld, true));
    expect(m.metadata.annotations.keep).toBe('me');
    expect(JSON.parse(m.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).metadata.annotations).toEqual({ keep: 'me' });
  });

  it('strings are escaped as Go does (<, >, & as \\u003c, \\u003e, \\u0026)', () => {
    expect(modifiedConfiguration({ ...obj, data: { a: '<&>' } }, false)).toContain('"a":"\\u003c\\u0026\\u003e"');
  });
});

describe('three-way JSON merge patch (custom resources)', () => {
  it('the bytes kubectl sent for a Widget: a changed scalar, a replaced list, a removed nested key', async () => {
    const { threeWayJsonMergePatch } = await import('../../../../src/commands/apply/client-side.js');
    const w1 = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default' },
      spec: { size: 1, colors: ['red', 'blue'], nested: { a: 1, b: 2 } },
    };
    const live = JSON.parse(createBody(w1));
    live.metadata = { ...live.metadata, uid: 'u', resourceVersion: '9', generation: 1 };
    const w2 = { ...w1, spec: { size: 2, colors: ['blue'], nested: { a: 1 } } };
    // Recorded with kubectl.1.32 -v=9 against the sandbox.
    const kubectlSent =
      '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"example.com/v1\\",\\"kind\\":\\"Widget\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"w1\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"colors\\":[\\"blue\\"],\\"nested\\":{\\"a\\":1},\\"size\\":2}}\\n"}},"spec":{"colors":["blue"],"nested":{"b":null},"size":2}}';
    expect(threeWayJsonMergePatch(modifiedConfiguration(w2, true), live)).toBe(kubectlSent);
    expect(threeWayJsonMergePatch(modifiedConfiguration(w1, true), live)).toBe('{}');
  });
});
