// Field ownership against what a real kube-apiserver recorded: fieldsV1 of Update operations (computed
// from the change), of Apply operations (from the applied configuration), conflicts, force, and pruning.
import { describe, expect, it } from 'vitest';
import { applyConfiguration, decodeManagedFields, encodeManagedFields, trackUpdate, type OwnershipContext } from '../../../src/sandbox/managed-fields.js';
import { OpenApiDocuments } from '../../../src/sandbox/openapi.js';
import { ResourceRegistry } from '../../../src/sandbox/registry.js';
import { fixtureJson } from '../../helpers/fixtures.js';

const openapi = new OpenApiDocuments(new ResourceRegistry());
const fixture = (name: string) => fixtureJson(`sandbox/objects/${name}`);
const now = new Date('2026-11-23T00:22:19Z');
const ctx = (group: string, version: string, kind: string, manager: string, ignore = ['status']): OwnershipContext => ({
  typed: openapi.schemaFor(group, version, kind),
  manager,
  apiVersion: group ? `${group}/${version}` : version,
  subresource: '',
  now,
  ignore,
});

describe('Update operations record what changed', () => {
  it.each([
    ['deployment-web.json', 'apps', 'Deployment', ['deployment.kubernetes.io/revision']],
    ['statefulset-kubia.json', 'apps', 'StatefulSet', []],
  ])('%s: the kubectl-client-side-apply entry of a create equals the real one', (file, group, kind, controllerAnnotations) => {
    const real = fixture(file);
    const expected = real.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl-client-side-apply');
    const obj = structuredClone(real);
    for (const a of controllerAnnotations) delete obj.metadata.annotations[a];
    const entries = trackUpdate(ctx(group, 'v1', kind, 'kubectl-client-side-apply'), undefined, obj, []);
    expect(encodeManagedFields(entries)).toEqual([{ ...expected, time: '2026-11-23T00:22:19Z' }]);
  });

  it('a later update moves a field to its manager and keeps the rest with the first', () => {
    const created = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { a: '1' } }, data: { k: 'v' } };
    const c = ctx('', 'v1', 'ConfigMap', 'kubectl-create', []);
    const first = trackUpdate(c, undefined, created, []);
    const labelled = { ...created, metadata: { ...created.metadata, labels: { a: '1', l: '1' } }, data: { k: 'v2' } };
    const entries = trackUpdate({ ...c, manager: 'kubectl-label' }, created, labelled, first);
    expect(encodeManagedFields(entries).map((e) => [e.manager, e.fieldsV1])).toEqual([
      // The map itself (`.`) stays with the manager that created it, as in structured-merge-diff.
      ['kubectl-create', { 'f:data': {}, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } }],
      ['kubectl-label', { 'f:data': { 'f:k': {} }, 'f:metadata': { 'f:labels': { 'f:l': {} } } }],
    ]);
  });

  it('decodes what it encodes', () => {
    const real = fixture('deployment-web.json').metadata.managedFields;
    expect(encodeManagedFields(decodeManagedFields(real))).toEqual(real);
  });
});

describe('server-side apply', () => {
  const c = ctx('', 'v1', 'ConfigMap', 'kubectl', []);

  it('creates with the fields of the configuration (as the real configmap-server-side-applied.json)', () => {
    const real = fixture('configmap-server-side-applied.json');
    const { object, entries } = applyConfiguration(
      { ...c, now: new Date(real.metadata.managedFields[0].time) },
      undefined,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa1' }, data: { x: '1' } },
      [],
      false,
    );
    expect(object).toEqual({ metadata: {}, data: { x: '1' } });
    expect(encodeManagedFields(entries)).toEqual(real.metadata.managedFields);
  });

  it('conflicts on a field another manager set to a different value, shares it when the value is the same', () => {
    const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1', b: '1' } };
    const owners = trackUpdate({ ...c, manager: 'kubectl-client-side-apply' }, undefined, live, []);
    expect(() =>
      applyConfiguration(c, live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '2', b: '1' } }, owners, false),
    ).toThrow('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.a');
    const shared = applyConfiguration(c, live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { b: '1' } }, owners, false);
    expect(encodeManagedFields(shared.entries).map((e) => e.manager)).toEqual(['kubectl', 'kubectl-client-side-apply']);
  });

  it('lists every conflict per manager', () => {
    const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1', b: '1' } };
    const owners = trackUpdate({ ...c, manager: 'other' }, undefined, live, []);
    expect(() => applyConfiguration(c, live, { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '2', b: '2' } }, owners, false)).toThrow(
      'Apply failed with 2 conflicts: conflicts with "other" using v1:\n- .data.a\n- .data.b',
    );
  });

  it('force takes the field away from the other manager', () => {
    const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1', b: '1' } };
    const owners = trackUpdate({ ...c, manager: 'other' }, undefined, live, []);
    const { object, entries } = applyConfiguration(c, live, { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '2' } }, owners, true);
    expect(object.data).toEqual({ a: '2', b: '1' });
    expect(encodeManagedFields(entries).map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['kubectl', { 'f:data': { 'f:a': {} } }],
      ['other', { 'f:data': { '.': {}, 'f:b': {} } }],
    ]);
  });

  it('merges associative lists by key and prunes items the applier no longer applies', () => {
    const d = ctx('apps', 'v1', 'Deployment', 'mgr');
    const cfg = (containers: { name: string; image: string }[]) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec: { containers } } },
    });
    const first = applyConfiguration(
      d,
      undefined,
      cfg([
        { name: 'a', image: 'x' },
        { name: 'b', image: 'y' },
      ]),
      [],
      false,
    );
    const second = applyConfiguration(d, first.object, cfg([{ name: 'a', image: 'z' }]), first.entries, false);
    expect((second.object as ReturnType<typeof cfg>).spec.template.spec.containers).toEqual([{ name: 'a', image: 'z' }]);
    expect(encodeManagedFields(second.entries)[0].fieldsV1).toEqual({
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
    });
  });
});
