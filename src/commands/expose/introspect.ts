// What kubectl expose reads from the object it exposes (kubectl's polymorphichelpers: CanBeExposed,
// MapBasedSelectorForObject, PortsForObject, ProtocolsForObject): its pod selector, its ports and their protocols.
import { usageError } from '../../errors.js';

type Obj = Record<string, any>;

const EXPOSABLE = new Set([
  '/ReplicationController',
  '/Service',
  '/Pod',
  'apps/Deployment',
  'extensions/Deployment',
  'apps/ReplicaSet',
  'extensions/ReplicaSet',
]);

/** CanBeExposed: pods, services, replication controllers, deployments and replica sets. */
export function checkExposable(group: string, kind: string): void {
  if (!EXPOSABLE.has(`${group}/${kind}`)) throw usageError(`cannot expose a ${kind}`);
}

/** polymorphichelpers.MakeLabels: k=v joined by commas. */
const makeLabels = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** MapBasedSelectorForObject, or kubectl's error text (without its "couldn't retrieve selectors …" prefix). */
export function selectorOf(kind: string, o: Obj): string {
  switch (kind) {
    case 'Pod': {
      const labels = o.metadata?.labels ?? {};
      if (Object.keys(labels).length === 0) throw new Error('the pod has no labels and cannot be exposed');
      return makeLabels(labels);
    }
    case 'Service':
      if (!o.spec?.selector) throw new Error('the service has no pod selector set');
      return makeLabels(o.spec.selector);
    case 'ReplicationController':
      return makeLabels(o.spec?.selector ?? {});
    default: {
      // Deployment, ReplicaSet: matchLabels only.
      const expressions: Obj[] = o.spec?.selector?.matchExpressions ?? [];
      if (expressions.length) {
        // Go's %+v of []metav1.LabelSelectorRequirement.
        const shown = expressions.map((e) => `{Key:${e.key} Operator:${e.operator} Values:[${(e.values ?? []).join(' ')}]}`).join(' ');
        throw new Error(`couldn't convert expressions - "[${shown}]" to map-based selector format`);
      }
      return makeLabels(o.spec?.selector?.matchLabels ?? {});
    }
  }
}

function containerPorts(o: Obj, kind: string): { port: string; protocol: string }[] {
  const spec = kind === 'Pod' ? o.spec : o.spec?.template?.spec;
  return ((spec?.containers ?? []) as Obj[]).flatMap((c) =>
    ((c.ports ?? []) as Obj[]).map((p) => ({ port: String(p.containerPort), protocol: String(p.protocol ?? 'TCP') })),
  );
}

/** PortsForObject and ProtocolsForObject: the ports (as strings) and port → protocol. */
export function portsOf(kind: string, o: Obj): { ports: string[]; protocols: Record<string, string> } {
  const list =
    kind === 'Service'
      ? ((o.spec?.ports ?? []) as Obj[]).map((p) => ({ port: String(p.port), protocol: String(p.protocol ?? 'TCP') }))
      : containerPorts(o, kind);
  const protocols: Record<string, string> = {};
  for (const p of list) protocols[p.port] = p.protocol;
  return { ports: list.map((p) => p.port), protocols };
}
