// fieldValidation on writes, as kube-apiserver 1.26 answers it. On PATCH (k8s.io/apiserver handlers/patch.go) the patch's own
// strict errors (repeated keys; a JSON patch's unknown operation fields) and the patched object's unknown fields
// come back as warnings under Warn and as one 422 under Strict, kubectl's default for `kubectl patch` and `edit`.
// A JSON POST or PUT body reports its repeated and unknown fields together, in document order; a YAML body go-yaml's
// complaints about its repeated keys, then its unknown fields in sorted order; an apply patch its repeated keys.
// Bodies and expected texts are those of kube-apiserver's own tests (test/integration/apiserver/field_validation_test.go).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

beforeAll(async () => {
  t = await startTestSandbox();
  const r = await t.request('POST', DEPLOY, {
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'fv' },
      spec: {
        selector: { matchLabels: { app: 'nginx' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:latest' }] } },
      },
    },
  });
  expect(r.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const MERGE_PATCH = `{"spec": {"unknown1": "val1", "unknownDupe": "valDupe", "unknownDupe": "valDupe2", "paused": true, "paused": false,
  "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:latest", "unknownNested": "val1",
  "imagePullPolicy": "Always", "imagePullPolicy": "Never"}]}}}}`;
const SMP = `{"spec": {"unknown1": "val1", "unknownDupe": "valDupe", "unknownDupe": "valDupe2", "paused": true, "paused": false,
  "selector": {"matchLabels": {"app": "nginx"}}, "template": {"metadata": {"labels": {"app": "nginx"}},
  "spec": {"containers": [{"name": "nginx", "unknownNested": "val1", "imagePullPolicy": "Always", "imagePullPolicy": "Never"}]}}}}`;
const JSON_PATCH = `[
  {"op": "add", "path": "/spec/unknown1", "value": "val1", "foo":"bar"},
  {"op": "add", "path": "/spec/unknown2", "path": "/spec/unknown3", "value": "val1"},
  {"op": "add", "path": "/spec/unknownDupe", "value": "valDupe"},
  {"op": "add", "path": "/spec/unknownDupe", "value": "valDupe2"},
  {"op": "add", "path": "/spec/paused", "value": true},
  {"op": "add", "path": "/spec/paused", "value": false},
  {"op": "add", "path": "/spec/template/spec/containers/0/unknownNested", "value": "val1"},
  {"op": "add", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Always"},
  {"op": "add", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Never"}]`;

const MAP_FINDINGS = [
  'duplicate field "spec.unknownDupe"',
  'duplicate field "spec.paused"',
  'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
  'unknown field "spec.template.spec.containers[0].unknownNested"',
  'unknown field "spec.unknown1"',
  'unknown field "spec.unknownDupe"',
];
const JSON_PATCH_FINDINGS = [
  'json patch unknown field "[0].foo"',
  'json patch duplicate field "[1].path"',
  'unknown field "spec.template.spec.containers[0].unknownNested"',
  'unknown field "spec.unknown1"',
  'unknown field "spec.unknown3"',
  'unknown field "spec.unknownDupe"',
];

const CASES: [string, string, string, string[]][] = [
  ['merge', 'application/merge-patch+json', MERGE_PATCH, MAP_FINDINGS],
  ['strategic merge', 'application/strategic-merge-patch+json', SMP, MAP_FINDINGS],
  ['JSON', 'application/json-patch+json', JSON_PATCH, JSON_PATCH_FINDINGS],
];

/** The texts of a Warning header's warn-agents `299 - "…"`, in order. */
function warnings(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  return [...text.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

describe('fieldValidation on PATCH', () => {
  it.each(CASES)('a %s patch under Strict: one 422 listing the strict errors', async (_, contentType, body, findings) => {
    const r = await t.request('PATCH', `${DEPLOY}/fv?fieldValidation=Strict`, { body, contentType });
    expect(r.status).toBe(422);
    const status = r.json();
    expect(status.reason).toBe('Invalid');
    expect(status.message).toMatch(/^ "" is invalid: patch: Invalid value: ".*": strict decoding error: /s);
    expect(status.message.endsWith(`strict decoding error: ${findings.join(', ')}`)).toBe(true);
    expect(status.details).toEqual({
      causes: [{ reason: 'FieldValueInvalid', message: status.message.slice(' "" is invalid: patch: '.length), field: 'patch' }],
    });
    // Nothing was written.
    expect((await t.request('GET', `${DEPLOY}/fv`)).json().spec.paused).toBeUndefined();
  });

  it.each(CASES)('a %s patch under Warn: applied, each finding a warning', async (_, contentType, body, findings) => {
    const r = await t.request('PATCH', `${DEPLOY}/fv?fieldValidation=Warn`, { body, contentType });
    expect(r.status).toBe(200);
    expect(warnings(r.headers.warning)).toEqual(findings);
    expect(r.json().spec.paused).toBe(false);
    expect(r.json().spec).not.toHaveProperty('unknown1');
  });

  it.each(CASES)('a %s patch under Ignore: applied, no warning', async (_, contentType, body) => {
    const r = await t.request('PATCH', `${DEPLOY}/fv?fieldValidation=Ignore`, { body, contentType });
    expect(r.status).toBe(200);
    expect(r.headers.warning).toBeUndefined();
  });

  it('shows a strategic merge patch as Go prints the map, and a merge patch as the patched object', async () => {
    const smp = await t.request('PATCH', `${DEPLOY}/fv?fieldValidation=Strict`, {
      body: '{"spec":{"replica":3,"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}]}}}}',
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(smp.json().message).toBe(
      ' "" is invalid: patch: Invalid value: "map[spec:map[replica:3 template:map[spec:map[]]]]": strict decoding error: unknown field "spec.replica"',
    );
    const merge = await t.request('PATCH', `${DEPLOY}/fv?fieldValidation=Strict`, {
      body: '{"spec":{"replica":3}}',
      contentType: 'application/merge-patch+json',
    });
    const value = JSON.parse(JSON.parse(/Invalid value: ("(?:[^"\\]|\\.)*")/.exec(merge.json().message)?.[1] ?? '""'));
    expect(value.spec.replica).toBe(3);
    expect(value.metadata.name).toBe('fv');
    // The json-patch library re-marshals what the patch touched from a Go map: the spec's keys are sorted.
    expect(Object.keys(value.spec)).toEqual([...Object.keys(value.spec)].sort());
  });

  it('a merge patch that is not an object is a decoding error under Strict', async () => {
    const r = await t.request('PATCH', `${DEPLOY}/fv?fieldValidation=Strict`, { body: '[1]', contentType: 'application/merge-patch+json' });
    expect([r.status, r.json().message]).toEqual([400, 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}']);
  });

  it('kubectl: `patch` sends no fieldValidation (the server warns); client-side `apply` sends Strict (the server refuses)', async () => {
    const patched = await t.kubectl(['patch', 'deployment', 'fv', '-n', 'default', '-p', '{"spec":{"replica":3}}']);
    expect([patched.code, patched.stdout.trim(), patched.stderr.trim()]).toEqual([
      0,
      'deployment.apps/fv patched (no change)',
      'Warning: unknown field "spec.replica"',
    ]);
    const manifest = (extra: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fv2\n  namespace: default\nspec:\n${extra}  selector:\n    matchLabels: {app: x}\n` +
      '  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n';
    expect((await t.kubectl(['apply', '-f', '-'], { stdin: manifest('') })).code).toBe(0);
    const refused = await t.kubectl(['apply', '-f', '-'], { stdin: manifest('  replica: 3\n') });
    expect(refused.code).toBe(1);
    // The patch map holds the new last-applied-configuration and the misspelt field, printed as Go prints a map.
    expect(refused.stderr).toMatch(
      /^The request is invalid: patch: Invalid value: "map\[metadata:map\[annotations:map\[kubectl\.kubernetes\.io\/last-applied-configuration:\{\\"apiVersion\\":.*\\n\]\] spec:map\[replica:3\]\]": strict decoding error: unknown field "spec\.replica"\n$/s,
    );
  });
});

const INVALID_BODY = (name: string) => `
{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "dupename", "name": "${name}", "labels": {"app": "nginx"}, "unknownMeta": "metaVal"},
  "spec": {
    "unknown1": "val1", "unknownDupe": "valDupe", "unknownDupe": "valDupe2", "paused": true, "paused": false,
    "selector": {"matchLabels": {"app": "nginx"}},
    "template": {"metadata": {"labels": {"app": "nginx"}}, "spec": {"containers": [{"name":  "nginx", "image": "nginx:latest",
      "unknownNested": "val1", "imagePullPolicy": "Always", "imagePullPolicy": "Never"}]}}
  }
}`;
const BODY_FINDINGS = [
  'duplicate field "metadata.name"',
  'unknown field "metadata.unknownMeta"',
  'unknown field "spec.unknown1"',
  'unknown field "spec.unknownDupe"',
  'duplicate field "spec.paused"',
  'unknown field "spec.template.spec.containers[0].unknownNested"',
  'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
];

describe('fieldValidation on POST and PUT of a JSON body', () => {
  it('Strict: a 400 listing repeated and unknown fields in document order', async () => {
    const r = await t.request('POST', `${DEPLOY}?fieldValidation=Strict`, { body: INVALID_BODY('strict-post'), contentType: 'application/json' });
    expect([r.status, r.json().message]).toEqual([
      400,
      `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${BODY_FINDINGS.join(', ')}`,
    ]);
  });

  it('Warn: created (the last of repeated values wins), each finding a warning', async () => {
    const r = await t.request('POST', `${DEPLOY}?fieldValidation=Warn`, { body: INVALID_BODY('warn-post'), contentType: 'application/json' });
    expect(r.status).toBe(201);
    expect(warnings(r.headers.warning)).toEqual(BODY_FINDINGS);
    expect([r.json().metadata.name, r.json().spec.paused, r.json().spec.template.spec.containers[0].imagePullPolicy]).toEqual(['warn-post', false, 'Never']);
    const put = await t.request('PUT', `${DEPLOY}/warn-post`, { body: INVALID_BODY('warn-post'), contentType: 'application/json' });
    expect(put.status).toBe(200);
    expect(warnings(put.headers.warning)).toEqual(BODY_FINDINGS);
  });
});

// invalidBodyYAML of field_validation_test.go: line 5 repeats name, 12 unknownDupe, 14 paused, 28 imagePullPolicy.
const INVALID_BODY_YAML = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dupename
  name: ${name}
  unknownMeta: metaVal
  labels:
    app: nginx
spec:
  unknown1: val1
  unknownDupe: valDupe
  unknownDupe: valDupe2
  paused: true
  paused: false
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:latest
        unknownNested: val1
        imagePullPolicy: Always
        imagePullPolicy: Never`;
const YAML_DUPLICATES = [
  'line 5: key "name" already set in map',
  'line 12: key "unknownDupe" already set in map',
  'line 14: key "paused" already set in map',
  'line 28: key "imagePullPolicy" already set in map',
];
// After the YAML is converted to JSON (one of each key, keys sorted), unknown fields come in sorted order.
const YAML_UNKNOWN = [
  'unknown field "metadata.unknownMeta"',
  'unknown field "spec.template.spec.containers[0].unknownNested"',
  'unknown field "spec.unknown1"',
  'unknown field "spec.unknownDupe"',
];

describe('fieldValidation on POST and PUT of a YAML body', () => {
  it("Strict: a 400 with go-yaml's repeated keys as one error, then the unknown fields", async () => {
    const r = await t.request('POST', `${DEPLOY}?fieldValidation=Strict`, { body: INVALID_BODY_YAML('yaml-strict'), contentType: 'application/yaml' });
    expect([r.status, r.json().message]).toEqual([
      400,
      `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: yaml: unmarshal errors:\n  ${YAML_DUPLICATES.join('\n  ')}, ${YAML_UNKNOWN.join(', ')}`,
    ]);
  });

  it('Warn (the default) and Ignore: created with the last of repeated values; Warn warns of each', async () => {
    const r = await t.request('POST', DEPLOY, { body: INVALID_BODY_YAML('yaml-warn'), contentType: 'application/yaml' });
    expect(r.status).toBe(201);
    expect(warnings(r.headers.warning)).toEqual([...YAML_DUPLICATES, ...YAML_UNKNOWN]);
    expect([r.json().metadata.name, r.json().spec.paused, r.json().spec.template.spec.containers[0].imagePullPolicy]).toEqual(['yaml-warn', false, 'Never']);
    const put = await t.request('PUT', `${DEPLOY}/yaml-warn?fieldValidation=Ignore`, { body: INVALID_BODY_YAML('yaml-warn'), contentType: 'application/yaml' });
    expect([put.status, put.headers.warning]).toEqual([200, undefined]);
  });
});

// applyInvalidBody of field_validation_test.go (JSON, which is YAML too): line 10 repeats paused, 27 imagePullPolicy.
const APPLY_INVALID_BODY = (name: string) => `{
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {
			"name": "${name}",
			"labels": {"app": "nginx"}
		},
		"spec": {
			"paused": false,
			"paused": true,
			"selector": {
				"matchLabels": {
					"app": "nginx"
				}
			},
			"template": {
				"metadata": {
					"labels": {
						"app": "nginx"
					}
				},
				"spec": {
					"containers": [{
						"name":  "nginx",
						"image": "nginx:latest",
						"imagePullPolicy": "Never",
						"imagePullPolicy": "Always"
					}]
				}
			}
		}
	}`;
const APPLY_DUPLICATES = ['line 10: key "paused" already set in map', 'line 27: key "imagePullPolicy" already set in map'];

describe('fieldValidation on a server-side apply patch', () => {
  const apply = (name: string, validation?: string) =>
    t.request('PATCH', `${DEPLOY}/${name}?fieldManager=mgr${validation ? `&fieldValidation=${validation}` : ''}`, {
      body: APPLY_INVALID_BODY(name),
      contentType: 'application/apply-patch+yaml',
    });

  it('Strict: a 400 after the apply is worked out, and nothing stored', async () => {
    const r = await apply('apply-strict', 'Strict');
    expect([r.status, r.json().message]).toEqual([
      400,
      `error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  ${APPLY_DUPLICATES.join('\n  ')}`,
    ]);
    expect((await t.request('GET', `${DEPLOY}/apply-strict`)).status).toBe(404);
  });

  it('Warn (the default): applied with the last of repeated values, a warning for each', async () => {
    const r = await apply('apply-warn');
    expect(r.status).toBe(201);
    expect(warnings(r.headers.warning)).toEqual(APPLY_DUPLICATES);
    expect([r.json().spec.paused, r.json().spec.template.spec.containers[0].imagePullPolicy]).toEqual([true, 'Always']);
    const ignored = await apply('apply-warn', 'Ignore');
    expect([ignored.status, ignored.headers.warning]).toEqual([200, undefined]);
  });
});

describe('the scale subresource', () => {
  it('takes a JSON patch of spec.replicas', async () => {
    const r = await t.request('PATCH', `${DEPLOY}/fv/scale`, {
      body: '[{"op":"replace","path":"/spec/replicas","value":2}]',
      contentType: 'application/json-patch+json',
    });
    expect([r.status, r.json().spec.replicas]).toEqual([200, 2]);
    expect((await t.request('GET', `${DEPLOY}/fv`)).json().spec.replicas).toBe(2);
  });
});
