// The ClusterRole aggregation controller (pkg/controller/clusterroleaggregation): a ClusterRole with an
// aggregationRule gets, as its rules, the rules of every other ClusterRole its selectors pick (by name, without
// duplicates), kept current as cluster roles come, change and go. admin/edit/view are aggregated this way, so a
// role labelled `rbac.authorization.k8s.io/aggregate-to-view: "true"` extends them, and what binding them grants
// (and what the escalation check requires of whoever binds them) grows with it.
import { aggregatedRules } from '../authz/bootstrap-policy.js';
import { deepEqual } from '../object-meta.js';
import type { StoreEvent } from '../store.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { selects } from './util.js';

const RBAC = 'rbac.authorization.k8s.io';

export class ClusterRoleAggregationController implements Controller {
  readonly name = 'clusterrole-aggregation';
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  /** Any cluster role change may concern every aggregated role (the real controller requeues them all). */
  keysFor(e: StoreEvent): string[] {
    return e.group === RBAC && e.resource === 'clusterroles' ? this.initialKeys() : [];
  }

  initialKeys(): string[] {
    return this.#ctx
      .list(RBAC, 'clusterroles')
      .filter((r) => r.aggregationRule)
      .map((r) => r.metadata.name);
  }

  sync(name: string): void {
    const role = this.#ctx.get(RBAC, 'clusterroles', undefined, name);
    if (!role?.aggregationRule || role.metadata.deletionTimestamp) return;
    const rules = aggregatedRules(role, this.#ctx.list(RBAC, 'clusterroles'), selects);
    if (deepEqual(rules, Array.isArray(role.rules) ? role.rules : [])) return;
    this.#ctx.update(RBAC, 'clusterroles', role, { ...role, rules });
  }
}
