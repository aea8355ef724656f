// ControllerRevisions as StatefulSets and DaemonSets keep them (pkg/controller/history): one per distinct pod
// template, named `<owner>-<hash>`, holding the strategic patch `{"spec":{"template":{…,"$patch":"replace"}}}`,
// labelled with the template's labels and controller.kubernetes.io/hash, numbered by `revision`; a template
// that comes back gets its old revision renumbered; history beyond revisionHistoryLimit is pruned.
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import { byCreation, controllerRef, isControlledBy, num, rec, revisionHash, spec, status } from './util.js';

export const HASH_LABEL = 'controller.kubernetes.io/hash';

/** The revision data of an owner's current template. */
export function revisionData(owner: KubeObject): Record<string, unknown> {
  return { spec: { template: { ...rec(spec(owner).template), $patch: 'replace' } } };
}

/** The hash of the owner's current template (with its collision count). */
export function currentRevisionHash(owner: KubeObject): string {
  return revisionHash(revisionData(owner), num(status(owner).collisionCount) || undefined);
}

/**
 * Makes sure the ControllerRevision of the owner's current template exists and carries the highest revision
 * number; returns its name. `livePodRevisions` are revision names pods still use (never pruned).
 */
export function syncRevisions(ctx: ControllerContext, owner: KubeObject, livePodRevisions: Set<string>): string {
  const hash = currentRevisionHash(owner);
  const name = `${owner.metadata.name}-${hash}`;
  const ns = owner.metadata.namespace;
  const owned = ctx.list('apps', 'controllerrevisions', ns).filter((r) => isControlledBy(r, owner));
  const max = owned.reduce((n, r) => Math.max(n, num(r.revision)), 0);
  const existing = owned.find((r) => r.metadata.name === name);
  if (!existing) {
    const labels = { ...(rec(rec(rec(spec(owner).template).metadata).labels) as Record<string, string>), [HASH_LABEL]: hash };
    const annotations = owner.kind === 'StatefulSet' ? { ...(owner.metadata.annotations ?? {}) } : undefined;
    delete annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
    ctx.create('apps', 'controllerrevisions', {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: ns,
        labels,
        ...(annotations && Object.keys(annotations).length ? { annotations } : {}),
        ownerReferences: [controllerRef(owner)],
      },
      data: revisionData(owner),
      revision: max + 1,
    });
  } else if (num(existing.revision) < max) {
    ctx.update('apps', 'controllerrevisions', existing, { ...existing, revision: max + 1 });
  }
  // truncateHistory: the oldest revisions no pod uses, beyond revisionHistoryLimit.
  const limit = num(spec(owner).revisionHistoryLimit, 10);
  const history = ctx
    .list('apps', 'controllerrevisions', ns)
    .filter((r) => isControlledBy(r, owner) && r.metadata.name !== name && !livePodRevisions.has(r.metadata.name))
    .sort((a, b) => num(a.revision) - num(b.revision) || byCreation(a, b));
  for (const r of history.slice(0, Math.max(0, history.length - limit)))
    ctx.delete('apps', 'controllerrevisions', ns, r.metadata.name, undefined, r.metadata.uid);
  return name;
}
