// util.CreateOrUpdateAnnotation on the typed objects kubectl's generators build (withTypedLastApplied in
// src/commands/apply/client-side.ts): Go's field order, no empty annotation map, Go's string escapes.
import { describe, expect, it } from 'vitest';
import { LAST_APPLIED, withTypedLastApplied } from '../../../../src/commands/apply/client-side.js';

describe('withTypedLastApplied', () => {
  it('encodes the object in its own field order, without annotations, and puts the annotation after the labels', () => {
    const cm = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', creationTimestamp: null, labels: { a: 'b' } }, data: { k: '<v>&' } };
    const out = withTypedLastApplied(cm);
    expect(Object.keys(out.metadata as object)).toEqual(['name', 'creationTimestamp', 'labels', 'annotations']);
    expect((out.metadata as any).annotations[LAST_APPLIED]).toBe(
      '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","creationTimestamp":null,"labels":{"a":"b"}},"data":{"k":"\\u003cv\\u003e\\u0026"}}\n',
    );
  });

  it('keeps other annotations (sorted) in the configuration and next to it, and replaces an older one', () => {
    const pod = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p', annotations: { z: '1', [LAST_APPLIED]: 'old', b: '2' } } };
    const out = withTypedLastApplied(pod);
    const annotations = (out.metadata as any).annotations;
    expect(Object.keys(annotations)).toEqual(['b', LAST_APPLIED, 'z']);
    expect(annotations[LAST_APPLIED]).toBe('{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","annotations":{"b":"2","z":"1"}}}\n');
  });
});
