// An in-process API server with bootstrap objects and the controller manager, without HTTP, on a manual
// clock: tests write objects as a user would, play the kubelet by setting pod status, and run the queued
// syncs with settle() (or move time with advance()) instead of waiting for them.
import { generateKeyPairSync } from 'node:crypto';
import { ApiServer } from '../../../../src/sandbox/api-server.js';
import { bootstrap } from '../../../../src/sandbox/bootstrap.js';
import { ManualClock } from '../../../../src/sandbox/clock.js';
import { ControllerManager } from '../../../../src/sandbox/controllers/manager.js';
import { ServiceAccountTokens } from '../../../../src/sandbox/service-account-tokens.js';
import { ObjectStore } from '../../../../src/sandbox/store.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';

export const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n';

export interface Harness {
  api: ApiServer;
  clock: ManualClock;
  manager: ControllerManager;
  tokens: ServiceAccountTokens;
  errors: unknown[];
  create(obj: KubeObject): KubeObject;
  get(group: string, resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(group: string, resource: string, namespace?: string): KubeObject[];
  /** Replaces spec (or any top-level field) of a stored object as a client would. */
  patch(group: string, resource: string, namespace: string | undefined, name: string, change: (o: KubeObject) => KubeObject): KubeObject;
  delete(group: string, resource: string, namespace: string | undefined, name: string, propagationPolicy?: string): void;
  /** Plays the kubelet: sets a pod's phase and Ready condition. */
  setPod(pod: KubeObject, phase: string, ready: boolean): KubeObject;
  /** Marks every pending pod in `namespace` Running and Ready (optionally only those matching). */
  runAll(namespace?: string, filter?: (p: KubeObject) => boolean): number;
  /** Runs every sync due within a second of the current time, in order, until none is; throws if they never stop. */
  settle(): Promise<void>;
  /** Moves time forward by `ms`, running what falls due on the way (what that queues for later stays queued). */
  advance(ms: number): Promise<void>;
  events(namespace?: string): KubeObject[];
  close(): void;
}

/** One service-account signing key per test file (generating an RSA key takes longer than most tests). */
const SIGNING_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const WRITE = { dryRun: false, fieldManager: 'kubectl-create', subresource: '' };

export function startHarness(): Harness {
  const store = new ObjectStore();
  const clock = new ManualClock();
  const now = () => clock.now();
  const tokens = new ServiceAccountTokens(store, now, SIGNING_KEY);
  const api = new ApiServer({ store, now, clock, staticTokens: new Map(), serverAddress: '127.0.0.1:6443', caPem: CA_PEM, tokens });
  bootstrap(api, { port: 6443, advertiseAddress: '127.0.0.1' });
  const errors: unknown[] = [];
  const manager = new ControllerManager(api, { clock, caPem: CA_PEM, issueLegacyToken: (sa, s) => tokens.issueLegacy(sa, s), onError: (e) => errors.push(e) });
  manager.start();
  const def = (group: string, resource: string) => {
    const d = api.registry.findAnyVersion(group, resource);
    if (!d) throw new Error(`no ${resource}`);
    return d;
  };
  const h: Harness = {
    api,
    clock,
    manager,
    tokens,
    errors,
    create(obj) {
      const [group] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : [''];
      const d = api.registry.findKind(group, obj.kind);
      if (!d) throw new Error(`no kind ${obj.kind}`);
      return api.writer.create(d, obj.metadata.namespace ?? '', obj, WRITE);
    },
    get: (group, resource, namespace, name) => store.get({ group, resource }, namespace, name),
    list: (group, resource, namespace) => store.list({ group, resource }, namespace),
    patch(group, resource, namespace, name, change) {
      const current = store.get({ group, resource }, namespace, name);
      if (!current) throw new Error(`${resource} ${name} not found`);
      return api.writer.patched(def(group, resource), current, change(structuredClone(current)), WRITE);
    },
    delete(group, resource, namespace, name, propagationPolicy) {
      api.writer.delete(def(group, resource), namespace ?? '', name, { dryRun: false, propagationPolicy });
    },
    setPod(pod, phase, ready) {
      const current = store.get({ group: '', resource: 'pods' }, pod.metadata.namespace, pod.metadata.name) ?? pod;
      const t = new Date(clock.now().getTime() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const status = {
        ...(current.status as object),
        phase,
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: t }],
      };
      return api.writer.patched(def('', 'pods'), current, { ...current, status }, { dryRun: false, fieldManager: 'kubelet', subresource: 'status' });
    },
    runAll(namespace = 'default', filter = () => true) {
      let n = 0;
      for (const p of store.list({ group: '', resource: 'pods' }, namespace)) {
        if ((p.status as { phase?: string } | undefined)?.phase !== 'Pending' || p.metadata.deletionTimestamp || !filter(p)) continue;
        h.setPod(p, 'Running', true);
        n++;
      }
      return n;
    },
    settle: () => clock.runUntilIdle(),
    advance: (ms) => clock.advance(ms),
    events: (namespace = 'default') => store.list({ group: '', resource: 'events' }, namespace),
    close: () => manager.stop(),
  };
  return h;
}

export function podTemplate(labels: Record<string, string>, image = 'nginx'): Record<string, unknown> {
  return { metadata: { labels }, spec: { containers: [{ name: 'main', image }] } };
}
