// The strict-decoding findings of a PATCH body, checked against the bodies and expectations of kube-apiserver's
// own field validation tests (test/integration/apiserver/field_validation_test.go, the patch cases).
import { describe, expect, it } from 'vitest';
import { jsonPatchStrictErrors, mapPatchStrictErrors, typedBodyStrictErrors } from '../../../src/sandbox/strict-fields.js';

const MERGE_PATCH = `
{
	"spec": {
		"unknown1": "val1",
		"unknownDupe": "valDupe",
		"unknownDupe": "valDupe2",
		"paused": true,
		"paused": false,
		"template": {
			"spec": {
				"containers": [{
					"name": "nginx",
					"image": "nginx:latest",
					"unknownNested": "val1",
					"imagePullPolicy": "Always",
					"imagePullPolicy": "Never"
				}]
			}
		}
	}
}
	`;

const JSON_PATCH = `
			[
				{"op": "add", "path": "/spec/unknown1", "value": "val1", "foo":"bar"},
				{"op": "add", "path": "/spec/unknown2", "path": "/spec/unknown3", "value": "val1"},
				{"op": "add", "path": "/spec/unknownDupe", "value": "valDupe"},
				{"op": "add", "path": "/spec/paused", "value": true},
				{"op": "add", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Never"}
			]
			`;

describe('strict errors of a PATCH body', () => {
  it('a merge or strategic merge patch: every repeated key, in document order, with its path', () => {
    expect(mapPatchStrictErrors(MERGE_PATCH)).toEqual([
      'duplicate field "spec.unknownDupe"',
      'duplicate field "spec.paused"',
      'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
    ]);
  });

  it('a JSON patch: unknown and repeated fields of the operations', () => {
    expect(jsonPatchStrictErrors(JSON_PATCH)).toEqual(['unknown field "[0].foo"', 'duplicate field "[1].path"']);
  });

  it('a JSON patch: repeated keys inside a value count too, in document order; op fields match case-sensitively', () => {
    expect(jsonPatchStrictErrors('[{"op":"add","path":"/a","value":{"k":1,"k":2},"op":"add","Value":1}]')).toEqual([
      'duplicate field "[0].value.k"',
      'duplicate field "[0].op"',
      'unknown field "[0].Value"',
    ]);
  });

  it('finds nothing in clean bodies, empty objects and lists, or strings that look like keys', () => {
    expect(mapPatchStrictErrors('{"a":{},"b":[],"c":"\\"a\\":1,\\"a\\":2","d":[{"x":1},{"x":2}]}')).toEqual([]);
    expect(jsonPatchStrictErrors('[]')).toEqual([]);
    expect(mapPatchStrictErrors('null')).toEqual([]);
  });

  it('quotes a path as Go does', () => {
    expect(mapPatchStrictErrors('{"metadata":{"labels":{"a\\"b":"1","a\\"b":"2"}}}')).toEqual(['duplicate field "metadata.labels.a\\"b"']);
  });

  it('a typed body: unknown fields (found against the schema) among the repeated ones, nothing inside an unknown field', () => {
    const body = '{"metadata":{"name":"a","name":"b","x":{"k":1,"k":2},"x":3},"spec":{"paused":true,"paused":false}}';
    expect(typedBodyStrictErrors(body, ['metadata.x'])).toEqual([
      'duplicate field "metadata.name"',
      'unknown field "metadata.x"',
      'duplicate field "spec.paused"',
    ]);
  });
});
