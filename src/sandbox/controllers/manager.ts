// The sandbox's kube-controller-manager: controllers watch the store, queue the keys a change concerns,
// and sync each key a moment later (never inside the request that caused it). Syncs are level-based and
// idempotent: they read the current state, converge it one step, and are requeued by their own writes
// until nothing changes.
import type { ApiServer } from '../api-server.js';
import { realClock, type Clock, type TimerHandle } from '../clock.js';
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import { AdmissionPolicyStatusController } from './admission-policy-status.js';
import { ClusterRoleAggregationController } from './clusterrole-aggregation.js';
import { ControllerContext } from './context.js';
import { CsrSigningController } from './csr-signing.js';
import { DaemonSetController } from './daemonset.js';
import { DeploymentController } from './deployment.js';
import { DisruptionController } from './disruption.js';
import { GarbageCollector } from './garbage-collector.js';
import { HorizontalPodAutoscalerController } from './horizontal-pod-autoscaler.js';
import { JobController } from './job.js';
import { PvcProtectionController } from './pvc-protection.js';
import { ReplicaSetController, REPLICATION_CONTROLLER } from './replicaset.js';
import { ResourceQuotaController } from './resource-quota.js';
import { ServiceEndpointsController } from './service-endpoints.js';
import { StatefulSetController } from './statefulset.js';
import { TokensController } from './tokens.js';
import { VolumeProvisioner } from './volume-provisioner.js';

export interface Controller {
  readonly name: string;
  /** The keys (usually `namespace/name` of the owning object) a store change makes worth syncing. */
  keysFor(e: StoreEvent): string[];
  /** Every key to sync at start-up (objects restored from --state). */
  initialKeys(): string[];
  sync(key: string): void;
}

export interface ControllerManagerOptions {
  /** Time and timers for syncs, back-off and timestamps (default: the wall clock). */
  clock?: Clock;
  /** Delay between a change and the sync it causes (default 15 ms). */
  delayMs?: number;
  /** Failures of a sync (bugs, or writes the API refused); the key is retried a few times. */
  onError?: (err: unknown) => void;
  /** Signs the legacy tokens the token controller puts into Secrets. */
  issueLegacyToken?: (sa: KubeObject, secretName: string) => string;
  /** Signs an approved CertificateSigningRequest's PEM request with the cluster CA (the csrsigning controller). */
  signCertificate?: (requestPem: string, usages: string[], validSeconds: number) => string;
  /** The cluster CA the token controller puts into Secrets (ca.crt). */
  caPem: string;
  /** The Job controller's first back-off before replacing a failed pod (10 s, doubling; tests shorten it). */
  jobBackoffBaseMs?: number;
  /** The HPA controller's sync period (15 s, --horizontal-pod-autoscaler-sync-period; tests shorten it). */
  hpaSyncPeriodMs?: number;
}

const MAX_RETRIES = 5;

export class ControllerManager {
  readonly controllers: Controller[];
  readonly #api: ApiServer;
  readonly #delay: number;
  readonly #onError: (err: unknown) => void;
  readonly #clock: Clock;
  readonly #timers = new Map<string, { at: number; timer: TimerHandle }>();
  readonly #failures = new Map<string, number>();
  readonly #rateLimited = new Map<string, number>();
  #unsubscribe?: () => void;
  #stopped = false;

  constructor(api: ApiServer, opts: ControllerManagerOptions) {
    this.#api = api;
    this.#delay = opts.delayMs ?? 15;
    this.#onError = opts.onError ?? (() => {});
    const clock = (this.#clock = opts.clock ?? realClock);
    const ctx = new ControllerContext(
      api,
      () => clock.now(),
      (c, k, d) => this.enqueue(c, k, d),
      {
        retry: (c, k) => this.enqueueRateLimited(c, k),
        forget: (c, k) => this.forget(c, k),
      },
    );
    this.controllers = [
      new ReplicaSetController(ctx),
      new DeploymentController(ctx),
      new JobController(ctx, { backoffBaseMs: opts.jobBackoffBaseMs }),
      new StatefulSetController(ctx),
      new DaemonSetController(ctx),
      new TokensController(ctx, { caPem: opts.caPem, issue: opts.issueLegacyToken }),
      new GarbageCollector(ctx),
      new PvcProtectionController(ctx),
      new ClusterRoleAggregationController(ctx),
      new ResourceQuotaController(ctx),
      new ReplicaSetController(ctx, REPLICATION_CONTROLLER),
      new VolumeProvisioner(ctx),
      new ServiceEndpointsController(ctx),
      new AdmissionPolicyStatusController(ctx),
      new DisruptionController(ctx),
      new HorizontalPodAutoscalerController(ctx, { syncPeriodMs: opts.hpaSyncPeriodMs }),
      ...(opts.signCertificate ? [new CsrSigningController(ctx, opts.signCertificate)] : []),
    ];
  }

  start(): void {
    if (this.#unsubscribe || this.#stopped) return;
    this.#unsubscribe = this.#api.store.subscribe((e) => this.#observe(e));
    for (const c of this.controllers) for (const k of c.initialKeys()) this.enqueue(c.name, k);
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    for (const { timer } of this.#timers.values()) this.#clock.clearTimeout(timer);
    this.#timers.clear();
    this.#rateLimited.clear();
  }

  /** Keys waiting for a sync, including far-off rechecks (progress deadlines, job back-off). */
  get pending(): number {
    return this.#timers.size;
  }

  /**
   * workqueue.AddRateLimited: retries a key whose sync could not finish (a refused pod creation) after
   * 5 ms doubling per consecutive failure, at most 1000 s; {@link forget} resets it.
   */
  enqueueRateLimited(controller: string, key: string): void {
    const id = `${controller}\u0000${key}`;
    const n = (this.#rateLimited.get(id) ?? 0) + 1;
    this.#rateLimited.set(id, n);
    this.enqueue(controller, key, Math.min(5 * 2 ** (n - 1), 1_000_000));
  }

  forget(controller: string, key: string): void {
    this.#rateLimited.delete(`${controller}\u0000${key}`);
  }

  /** Queues `key` for `controller`; a key already due sooner keeps its earlier time. */
  enqueue(controller: string, key: string, delayMs = this.#delay): void {
    if (this.#stopped) return;
    const id = `${controller}\u0000${key}`;
    const at = this.#clock.now().getTime() + delayMs;
    const queued = this.#timers.get(id);
    if (queued && queued.at <= at) return;
    if (queued) this.#clock.clearTimeout(queued.timer);
    const timer = this.#clock.setTimeout(() => this.#run(controller, key, id), delayMs);
    timer.unref();
    this.#timers.set(id, { at, timer });
  }

  #observe(e: StoreEvent): void {
    for (const c of this.controllers) {
      let keys: string[];
      try {
        keys = c.keysFor(e);
      } catch (err) {
        this.#onError(err);
        continue;
      }
      for (const k of keys) this.enqueue(c.name, k);
    }
  }

  #run(controller: string, key: string, id: string): void {
    this.#timers.delete(id);
    if (this.#stopped || this.#api.closing) return;
    const c = this.controllers.find((x) => x.name === controller);
    if (!c) return;
    try {
      c.sync(key);
      this.#failures.delete(id);
    } catch (err) {
      this.#onError(err);
      const n = (this.#failures.get(id) ?? 0) + 1;
      this.#failures.set(id, n);
      if (n <= MAX_RETRIES) this.enqueue(controller, key, 100 * 2 ** n);
      else this.#failures.delete(id);
    }
  }
}
