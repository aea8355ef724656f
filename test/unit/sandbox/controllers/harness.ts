// An in-process API server with bootstrap objects and the controller manager, without HTTP: tests write
// objects as a user would, play the kubelet by setting pod status, and wait for the controllers to settle.
import { ApiServer } from '../../../../src/sandbox/api-server.js';
import { bootstrap } from '../../../../src/sandbox/bootstrap.js';
import { ControllerManager } from '../../../../src/sandbox/controllers/manager.js';
import { ServiceAccountTokens } from '../../../../src/sandbox/service-account-tokens.js';
import { ObjectStore } from '../../../../src/sandbox/store.js';
import type { KubeObject } from '../../../../src/sandbox/types.js';

export const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n';

export interface Harness {
  api: ApiServer;
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
  settle(): Promise<void>;
  events(namespace?: string): KubeObject[];
  close(): void;
}

const WRITE = { dryRun: false, fieldManager: 'kubectl-create', subresource: '' };

export function startHarness(): Harness {
  const store = new ObjectStore();
  const now = () => new Date();
  const tokens = new ServiceAccountTokens(store, now);
  const api = new ApiServer({ store, now, staticTokens: new Map(), serverAddress: '127.0.0.1:6443', caPem: CA_PEM, tokens });
  bootstrap(api, { port: 6443, advertiseAddress: '127.0.0.1' });
  const errors: unknown[] = [];
  const manager = new ControllerManager(api, { now, caPem: CA_PEM, delayMs: 1, jobBackoffBaseMs: 150, issueLegacyToken: (sa, s) => tokens.issueLegacy(sa, s), onError: (e) => errors.push(e) });
  manager.start();
  const def = (group: string, resource: string) => {
    const d = api.registry.findAnyVersion(group, resource);
    if (!d) throw new Error(`no ${resource}`);
    return d;
  };
  const h: Harness = {
    api,
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
      const t = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const status = {
        ...(current.status as object),
        phase,
        conditions: [
          { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: t },
        ],
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
    /**
     * Waits until the controllers are quiet: nothing due within 100 ms and no write for 8 rounds in a row.
     * Throws when they are still busy after 600 rounds (~6 s), rather than letting the test go on half-settled.
     */
    async settle() {
      let quiet = 0;
      let rv = -1;
      for (let i = 0; i < 600; i++) {
        await new Promise((r) => setTimeout(r, 10));
        if (manager.dueWithin(100) === 0 && store.resourceVersion === rv) quiet++;
        else quiet = 0;
        rv = store.resourceVersion;
        if (quiet >= 8) return;
      }
      throw new Error(
        `settle(): the controllers did not go quiet (nothing due within 100 ms and no store write for 8 rounds of 10 ms) within 600 rounds; ` +
          `${manager.dueWithin(100)} item(s) still due, store resourceVersion ${store.resourceVersion}`,
      );
    },
    events: (namespace = 'default') => store.list({ group: '', resource: 'events' }, namespace),
    close: () => manager.stop(),
  };
  return h;
}

export function podTemplate(labels: Record<string, string>, image = 'nginx'): Record<string, unknown> {
  return { metadata: { labels }, spec: { containers: [{ name: 'main', image }] } };
}
