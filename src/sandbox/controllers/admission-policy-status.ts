// The validatingadmissionpolicy-status controller (pkg/controller/validatingadmissionpolicystatus): once per
// generation it type-checks a ValidatingAdmissionPolicy's expressions and applies the status
// `{observedGeneration, typeChecking: {expressionWarnings}}`. The sandbox does not compile CEL, so it reports no
// warnings: `typeChecking: {}`, as a real server does for a policy whose expressions check.
import type { StoreEvent } from '../store.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { status } from './util.js';

const GROUP = 'admissionregistration.k8s.io';
const RESOURCE = 'validatingadmissionpolicies';

export class AdmissionPolicyStatusController implements Controller {
  readonly name = 'validatingadmissionpolicy-status';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  keysFor(e: StoreEvent): string[] {
    return e.group === GROUP && e.resource === RESOURCE && e.type !== 'DELETED' ? [e.object.metadata.name] : [];
  }

  initialKeys(): string[] {
    return this.#ctx.list(GROUP, RESOURCE).map((p) => p.metadata.name);
  }

  sync(name: string): void {
    const policy = this.#ctx.get(GROUP, RESOURCE, undefined, name);
    if (!policy) return;
    const generation = Number(policy.metadata.generation ?? 0);
    const st = status(policy);
    if (generation <= Number(st.observedGeneration ?? 0)) return;
    this.#ctx.updateStatus(GROUP, RESOURCE, policy, { ...st, observedGeneration: generation, typeChecking: {} }, this.name);
  }
}
