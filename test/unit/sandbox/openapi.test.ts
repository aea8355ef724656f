// The OpenAPI documents: the v3 index addresses every served group version by content hash; groups the
// captured server had no v3 document for are converted from v2 with the PATCH parameters kubectl checks;
// CRDs get a document of their own.
import { describe, expect, it } from 'vitest';
import { CustomResources } from '../../../src/sandbox/custom-resources.js';
import { OpenApiDocuments, sha512Hex, v3FromV2 } from '../../../src/sandbox/openapi.js';
import { ResourceRegistry } from '../../../src/sandbox/registry.js';
import { ObjectStore } from '../../../src/sandbox/store.js';
import type { KubeObject } from '../../../src/sandbox/types.js';

const setup = () => {
  const registry = new ResourceRegistry();
  const openapi = new OpenApiDocuments(registry);
  return { registry, openapi, crds: new CustomResources(registry, openapi, new ObjectStore()) };
};

/** What kubectl's query-param verifier looks for: a PATCH for the GVK with a fieldValidation query parameter. */
function patchHasFieldValidation(doc: any, gvk: { group: string; version: string; kind: string }): boolean {
  return Object.values(doc.paths as Record<string, any>).some((p) => {
    const g = p.patch?.['x-kubernetes-group-version-kind'];
    return (
      g &&
      g.group === gvk.group &&
      g.version === gvk.version &&
      g.kind === gvk.kind &&
      p.patch.parameters.some((q: any) => q.name === 'fieldValidation' && q.in === 'query')
    );
  });
}

describe('OpenAPI v3', () => {
  it('the index lists each served group version with a hash of its document', () => {
    const { openapi } = setup();
    const index = openapi.v3Index() as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(index.paths)).toEqual([
      'api/v1',
      'apis/apiregistration.k8s.io/v1',
      'apis/apps/v1',
      'apis/events.k8s.io/v1',
      'apis/authentication.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/autoscaling/v2',
      'apis/autoscaling/v1',
      'apis/batch/v1',
      'apis/certificates.k8s.io/v1',
      'apis/networking.k8s.io/v1',
      'apis/policy/v1',
      'apis/rbac.authorization.k8s.io/v1',
      'apis/storage.k8s.io/v1',
      'apis/admissionregistration.k8s.io/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/scheduling.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'apis/node.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
      'apis/flowcontrol.apiserver.k8s.io/v1',
    ]);
    const doc = openapi.v3('apis/batch/v1');
    expect(index.paths['apis/batch/v1'].serverRelativeURL).toBe(`/openapi/v3/apis/batch/v1?hash=${sha512Hex(doc!.body)}`);
    expect(doc!.hash).toMatch(/^[0-9A-F]{128}$/);
  });

  it.each([
    ['api/v1', { group: '', version: 'v1', kind: 'ConfigMap' }],
    ['apis/apps/v1', { group: 'apps', version: 'v1', kind: 'Deployment' }],
    ['apis/batch/v1', { group: 'batch', version: 'v1', kind: 'Job' }],
    ['apis/rbac.authorization.k8s.io/v1', { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' }],
    ['apis/apiextensions.k8s.io/v1', { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' }],
  ])('%s lets kubectl send fieldValidation for %j', (key, gvk) => {
    const doc = JSON.parse(setup().openapi.v3(key)!.body.toString());
    expect(doc.openapi).toBe('3.0.0');
    expect(patchHasFieldValidation(doc, gvk)).toBe(true);
  });

  it('converts v2 refs to components and keeps the kinds kubectl explain looks up', () => {
    const doc = JSON.parse(setup().openapi.v3('apis/batch/v1')!.body.toString());
    const job = doc.components.schemas['io.k8s.api.batch.v1.Job'];
    expect(job['x-kubernetes-group-version-kind']).toEqual([{ group: 'batch', kind: 'Job', version: 'v1' }]);
    expect(job.properties.spec).toMatchObject({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.batch.v1.JobSpec' }] });
    expect(JSON.stringify(doc)).not.toContain('#/definitions/');
  });

  it('v3FromV2 turns body parameters into requestBody and responses into content', () => {
    const v2 = {
      paths: {
        '/apis/g/v1/things': {
          post: {
            consumes: ['*/*'],
            produces: ['application/json'],
            parameters: [
              { name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/T' } },
              { name: 'dryRun', in: 'query', type: 'string', uniqueItems: true },
            ],
            responses: { 201: { description: 'Created', schema: { $ref: '#/definitions/T' } } },
          },
        },
      },
      definitions: { T: { type: 'object', properties: { a: { type: 'string' } } }, Unused: { type: 'object' } },
    };
    expect(v3FromV2(v2, '/apis/g/v1/')).toMatchObject({
      paths: {
        '/apis/g/v1/things': {
          post: {
            parameters: [{ name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } }],
            requestBody: { content: { '*/*': { schema: { $ref: '#/components/schemas/T' } } }, required: true },
            responses: { 201: { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/T' } } } } },
          },
        },
      },
      components: { schemas: { T: { type: 'object' } } },
    });
  });

  it('a CRD adds a document for its group version and its schema to validation', () => {
    const { openapi, crds, registry } = setup();
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', default: 1 } } } } } },
          },
        ],
      },
    };
    crds.prepareDefinition(crd);
    crds.sync(crd, 'ADDED');
    expect(registry.find('example.com', 'v1', 'widgets')).toMatchObject({ kind: 'Widget', listKind: 'WidgetList', singular: 'widget', namespaced: true });
    expect(Object.keys((openapi.v3Index() as { paths: object }).paths)).toContain('apis/example.com/v1');
    const doc = JSON.parse(openapi.v3('apis/example.com/v1')!.body.toString());
    expect(patchHasFieldValidation(doc, { group: 'example.com', version: 'v1', kind: 'Widget' })).toBe(true);
    expect(doc.components.schemas['com.example.v1.Widget'].properties.spec.properties.size).toEqual({ type: 'integer', default: 1 });
    const def = registry.find('example.com', 'v1', 'widgets')!;
    const obj = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} as Record<string, unknown> };
    crds.applySchemaDefaults(def, obj);
    expect(obj.spec).toEqual({ size: 1 });
    expect(crds.validateCustom(def, { ...obj, spec: { size: 'big' } })).toEqual([
      { field: 'spec.size', type: 'FieldValueInvalid', message: 'Invalid value: "string": spec.size in body must be of type integer: "string"' },
    ]);
    expect(crd.status).toMatchObject({
      conditions: [
        { type: 'NamesAccepted', status: 'True' },
        { type: 'Established', status: 'True' },
      ],
      acceptedNames: { plural: 'widgets', kind: 'Widget' },
    });
    crds.sync(crd, 'DELETED');
    expect(registry.find('example.com', 'v1', 'widgets')).toBeUndefined();
    expect(openapi.v3('apis/example.com/v1')).toBeUndefined();
  });
});

describe('v1.32 fields the v1.26 captures lack', () => {
  it.each([
    ['api/v1', 'io.k8s.api.core.v1.PodStatus', 'hostIPs', 'io.k8s.api.core.v1.HostIP'],
    ['api/v1', 'io.k8s.api.core.v1.ContainerStatus', 'volumeMounts', 'io.k8s.api.core.v1.VolumeMountStatus'],
    ['apis/apps/v1', 'io.k8s.api.core.v1.Container', 'resizePolicy', 'io.k8s.api.core.v1.ContainerResizePolicy'],
    ['apis/batch/v1', 'io.k8s.api.batch.v1.JobSpec', 'successPolicy', 'io.k8s.api.batch.v1.SuccessPolicy'],
  ])('%s serves %s.%s and the definition it refers to', (key, def, prop, target) => {
    const { openapi } = setup();
    const schemas = JSON.parse(openapi.v3(key)!.body.toString()).components.schemas;
    expect(JSON.stringify(schemas[def].properties[prop])).toContain(`#/components/schemas/${target}"`);
    expect(schemas[target].type).toBe('object');
    const v2 = JSON.parse(openapi.v2().toString()).definitions;
    expect(v2[def].properties[prop]).toBeDefined();
    expect(Object.keys(v2[def].properties)).toEqual(Object.keys(v2[def].properties).sort());
  });

  it('does not add definitions nothing refers to', () => {
    const { openapi } = setup();
    const schemas = JSON.parse(openapi.v3('api/v1')!.body.toString()).components.schemas;
    expect(schemas['io.k8s.api.batch.v1.SuccessPolicy']).toBeUndefined();
  });
});
