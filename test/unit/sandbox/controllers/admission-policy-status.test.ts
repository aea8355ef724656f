// The ValidatingAdmissionPolicy status controller: once per generation, observedGeneration and an empty
// typeChecking (the sandbox reports no type warnings), written by its own field manager.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = startHarness();
});
afterEach(() => h.close());

const GROUP = 'admissionregistration.k8s.io';
const policy = {
  apiVersion: `${GROUP}/v1`,
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name: 'limit' },
  spec: {
    matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }] },
    validations: [{ expression: 'object.spec.replicas <= 5' }],
  },
};

describe('validatingadmissionpolicy-status controller', () => {
  it('reports each generation as type-checked, with no warnings', async () => {
    const created = h.create(policy);
    expect(created.status).toEqual({});
    await h.settle();
    const first = h.get(GROUP, 'validatingadmissionpolicies', undefined, 'limit');
    expect(first?.status).toEqual({ observedGeneration: 1, typeChecking: {} });
    const managers = (first?.metadata.managedFields as { manager: string; subresource?: string }[]).map((m) => [m.manager, m.subresource]);
    expect(managers).toContainEqual(['validatingadmissionpolicy-status', 'status']);
    h.patch(GROUP, 'validatingadmissionpolicies', undefined, 'limit', (o) => ({
      ...o,
      spec: { ...(o.spec as object), validations: [{ expression: 'object.spec.replicas <= 3' }] },
    }));
    await h.settle();
    const second = h.get(GROUP, 'validatingadmissionpolicies', undefined, 'limit');
    expect(second?.metadata.generation).toBe(2);
    expect(second?.status).toEqual({ observedGeneration: 2, typeChecking: {} });
    expect(h.errors).toEqual([]);
  });
});
