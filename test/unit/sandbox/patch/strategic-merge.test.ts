// Strategic merge patch as the sandbox applies it, driven by the real OpenAPI schema (merge keys, directives).
import { describe, expect, it } from 'vitest';
import { OpenApiDocuments } from '../../../../src/sandbox/openapi.js';
import { applyStrategicMergePatch } from '../../../../src/sandbox/patch/strategic-merge.js';
import { ResourceRegistry } from '../../../../src/sandbox/registry.js';

describe('strategic merge patch', () => {
  const openapi = new OpenApiDocuments(new ResourceRegistry());
  const { defs, schema } = openapi.schemaFor('apps', 'v1', 'Deployment');
  const smp = (original: unknown, patch: unknown) => applyStrategicMergePatch(defs, schema, original, patch);
  const deployment = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', finalizers: ['a'] },
    spec: { template: { spec: { containers, volumes: [{ name: 'v1', emptyDir: {} }], ...extra } } },
  });
  const nginx = {
    name: 'nginx',
    image: 'nginx:1',
    env: [{ name: 'A', value: '1' }],
    ports: [{ containerPort: 80, protocol: 'TCP' }],
    volumeMounts: [{ name: 'v1', mountPath: '/a' }],
  };
  const containers = (o: unknown) => (o as ReturnType<typeof deployment>).spec.template.spec.containers as { name: string; image: string; args?: string[] }[];

  // Items the patch names come first, in its order, unless the original had them in front of the others
  // (strategicpatch's normalizeElementOrder; `kubectl patch --local` orders them the same).
  it('merges containers by name and env by name', () => {
    const out = smp(deployment([nginx, { name: 'side', image: 'busybox' }]), {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2', env: [{ name: 'B', value: '2' }] }] } } },
    });
    expect(containers(out)).toEqual([
      {
        ...nginx,
        image: 'nginx:2',
        env: [
          { name: 'B', value: '2' },
          { name: 'A', value: '1' },
        ],
      },
      { name: 'side', image: 'busybox' },
    ]);
  });

  it('merges ports by containerPort and volumeMounts by mountPath, puts new volumes first', () => {
    const out = smp(deployment([nginx]), {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'nginx', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }], volumeMounts: [{ mountPath: '/a', readOnly: true }] },
            ],
            volumes: [{ name: 'v2', emptyDir: {} }],
          },
        },
      },
    }) as ReturnType<typeof deployment>;
    expect(containers(out)[0]).toMatchObject({
      ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 443 }],
      volumeMounts: [{ name: 'v1', mountPath: '/a', readOnly: true }],
    });
    expect(out.spec.template.spec.volumes.map((v: { name: string }) => v.name)).toEqual(['v2', 'v1']);
  });

  it('$patch: delete removes a list element by its merge key; null removes a field', () => {
    const out = smp(deployment([nginx, { name: 'side', image: 'busybox' }]), {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'side', $patch: 'delete' },
              { name: 'nginx', image: null },
            ],
          },
        },
      },
    });
    expect(containers(out)).toEqual([{ ...nginx, image: undefined }].map(({ image: _i, ...rest }) => rest));
  });

  it('$patch: replace replaces a list or a map', () => {
    expect(
      containers(smp(deployment([nginx]), { spec: { template: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } } } })),
    ).toEqual([{ name: 'only', image: 'x' }]);
    const out = smp(deployment([nginx]), { metadata: { $patch: 'replace', name: 'web' } }) as { metadata: unknown };
    expect(out.metadata).toEqual({ name: 'web' });
  });

  it('lists without a merge strategy are replaced; primitive merge lists are unions', () => {
    const out = smp(deployment([{ name: 'c', image: 'x', args: ['a', 'b'] }]), {
      metadata: { finalizers: ['b'] },
      spec: { template: { spec: { containers: [{ name: 'c', args: ['z'] }] } } },
    }) as ReturnType<typeof deployment>;
    expect(containers(out)[0].args).toEqual(['z']);
    expect(out.metadata.finalizers).toEqual(['b', 'a']);
  });

  it('$deleteFromPrimitiveList, $retainKeys and $setElementOrder', () => {
    const base = {
      ...deployment([nginx, { name: 'side', image: 'b' }]),
      spec: { ...deployment([nginx, { name: 'side', image: 'b' }]).spec, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
    };
    const out = smp(base, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'nginx' }], containers: [{ name: 'side', image: 'c' }] } },
      },
    }) as typeof base;
    expect(out.metadata.finalizers).toEqual([]);
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    expect(containers(out).map((c) => `${c.name}:${c.image}`)).toEqual(['side:c', 'nginx:nginx:1']);
  });
});
