// Sets of field paths (server-side apply ownership) and their fieldsV1 encoding.
import { describe, expect, it } from 'vitest';
import { FieldSet, pathString } from '../../../src/kube/field-set.js';

describe('FieldSet and fieldsV1', () => {
  it('round-trips the encoding, with "." for members that have children', () => {
    const v1 = { 'f:data': { '.': {}, 'f:a': {} }, 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {} } } } };
    const set = FieldSet.fromFieldsV1(v1);
    expect(set.paths().map(pathString)).toEqual(['.data', '.data.a', '.spec.containers[name="c"]', '.spec.containers[name="c"].image']);
    expect(set.toFieldsV1()).toEqual(v1);
  });

  it('prints keyed and set paths as server-side apply does', () => {
    expect(pathString(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}', 'f:name'])).toBe('.spec.ports[port=80,protocol="TCP"].name');
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"a"'])).toBe('.metadata.finalizers[="a"]');
  });
});
