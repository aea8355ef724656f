// The node heartbeat Leases of the sandbox's kubelets (component-helpers' lease controller): one Lease per
// node in kube-node-lease, named after the node, held by it for 40 s and renewed every quarter of that.
// `kubectl describe node` reads it for its Lease section.
import { isApiError } from '../api-error.js';
import type { ApiServer } from '../api-server.js';
import { realClock, type Clock, type TimerHandle } from '../clock.js';
import type { KubeObject } from '../types.js';
import { microTime } from './events.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** kubelet's --node-lease-duration-seconds default. */
export const LEASE_DURATION_SECONDS = 40;
/** kubelet renews at 0.25 × the lease duration. */
export const DEFAULT_RENEW_MS = (LEASE_DURATION_SECONDS * 1000) / 4;

const LEASES = { group: 'coordination.k8s.io', resource: 'leases' };
const NODES = { group: '', resource: 'nodes' };
const WRITE = { dryRun: false, fieldManager: 'kubelet', subresource: '' };

export class NodeLeases {
  readonly #api: ApiServer;
  readonly #now: () => Date;
  readonly #nodes: string[];
  readonly #clock: Clock;
  readonly #timer: TimerHandle | undefined;

  constructor(api: ApiServer, now: () => Date, nodes: string[], renewMs = DEFAULT_RENEW_MS, clock: Clock = realClock) {
    this.#api = api;
    this.#clock = clock;
    this.#now = now;
    this.#nodes = nodes;
    this.renew();
    if (renewMs > 0 && Number.isFinite(renewMs)) {
      this.#timer = clock.setInterval(() => this.renew(), renewMs);
      this.#timer.unref();
    }
  }

  /** Creates each node's Lease when missing (with the Node as owner) and sets its renewTime to now. */
  renew(): void {
    const def = this.#api.registry.findKind('coordination.k8s.io', 'Lease');
    if (!def) return;
    for (const name of this.#nodes) {
      try {
        const renewTime = microTime(this.#now());
        const current = this.#api.store.get(LEASES, NODE_LEASE_NAMESPACE, name);
        if (!current) {
          const node = this.#api.store.get(NODES, undefined, name);
          const lease: KubeObject = {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: {
              name,
              namespace: NODE_LEASE_NAMESPACE,
              ...(node?.metadata.uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }] } : {}),
            },
            spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
          };
          this.#api.writer.create(def, NODE_LEASE_NAMESPACE, lease, WRITE);
          continue;
        }
        const spec = { ...((current.spec as Record<string, unknown> | undefined) ?? {}), renewTime };
        this.#api.writer.patched(def, current, { ...structuredClone(current), spec }, WRITE);
      } catch (e) {
        // The API refusing (kube-node-lease deleted, a conflicting write): the next renewal tries again, as
        // kubelet's lease controller does. Anything else is a bug worth reporting.
        if (!isApiError(e)) this.#api.opts.onInternalError?.(e);
      }
    }
  }

  close(): void {
    this.#clock.clearInterval(this.#timer);
  }
}
