// The token controller (pkg/controller/serviceaccount/tokens_controller.go): fills Secrets of type
// kubernetes.io/service-account-token with a signed token, the cluster CA and the namespace, records the
// account's uid in kubernetes.io/service-account.uid, and deletes such Secrets once their ServiceAccount is
// gone (or was replaced by one with another uid) — which also ends the token's validity.
import type { StoreEvent } from '../store.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './context.js';
import type { Controller } from './manager.js';
import { splitKey } from './replicaset.js';

export const SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';
export const SA_NAME = 'kubernetes.io/service-account.name';
export const SA_UID = 'kubernetes.io/service-account.uid';

export interface TokensControllerOptions {
  caPem: string;
  /** Signs a legacy token for `sa` stored in the Secret `secretName`. */
  issue?: (sa: KubeObject, secretName: string) => string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export class TokensController implements Controller {
  readonly name = 'serviceaccount-token';
  readonly #ctx: ControllerContext;
  readonly #opts: TokensControllerOptions;

  constructor(ctx: ControllerContext, opts: TokensControllerOptions) {
    this.#ctx = ctx;
    this.#opts = opts;
  }

  keysFor(e: StoreEvent): string[] {
    if (e.group !== '') return [];
    if (e.resource === 'secrets' && e.type !== 'DELETED' && e.object.type === SERVICE_ACCOUNT_TOKEN)
      return [`secret:${e.object.metadata.namespace}/${e.object.metadata.name}`];
    if (e.resource === 'serviceaccounts') {
      // A deleted account takes its token Secrets along; a (re)created one gets its waiting Secrets filled.
      const ns = e.object.metadata.namespace ?? '';
      const keys = [`serviceaccount:${ns}/${e.object.metadata.name}`];
      for (const s of this.#tokenSecrets(ns, e.object.metadata.name)) keys.push(`secret:${ns}/${s.metadata.name}`);
      return keys;
    }
    return [];
  }

  initialKeys(): string[] {
    return this.#ctx
      .list('', 'secrets')
      .filter((s) => s.type === SERVICE_ACCOUNT_TOKEN)
      .map((s) => `secret:${s.metadata.namespace}/${s.metadata.name}`);
  }

  #tokenSecrets(namespace: string, saName: string): KubeObject[] {
    return this.#ctx.list('', 'secrets', namespace).filter((s) => s.type === SERVICE_ACCOUNT_TOKEN && s.metadata.annotations?.[SA_NAME] === saName);
  }

  sync(key: string): void {
    const colon = key.indexOf(':');
    const [namespace, name] = splitKey(key.slice(colon + 1));
    if (key.startsWith('serviceaccount:')) {
      if (this.#ctx.get('', 'serviceaccounts', namespace, name)) return;
      for (const s of this.#tokenSecrets(namespace, name)) this.#ctx.delete('', 'secrets', namespace, s.metadata.name, undefined, s.metadata.uid);
      return;
    }
    const secret = this.#ctx.get('', 'secrets', namespace, name);
    if (!secret || secret.type !== SERVICE_ACCOUNT_TOKEN || secret.metadata.deletionTimestamp) return;
    const annotations = secret.metadata.annotations ?? {};
    const sa = this.#ctx.get('', 'serviceaccounts', namespace, annotations[SA_NAME] ?? '');
    // getServiceAccount(fetchOnCacheMiss): a missing account, or one with another uid, means the Secret goes.
    if (!sa || sa.metadata.deletionTimestamp || (annotations[SA_UID] && annotations[SA_UID] !== sa.metadata.uid)) {
      this.#ctx.delete('', 'secrets', namespace, name, undefined, secret.metadata.uid);
      return;
    }
    const data = { ...((secret.data as Record<string, string> | undefined) ?? {}) };
    const needsCA = !data['ca.crt'] && this.#opts.caPem !== '';
    const needsNamespace = !data.namespace;
    const needsToken = !data.token || !this.#opts.issue;
    const needsUid = annotations[SA_UID] !== sa.metadata.uid;
    if (!needsCA && !needsNamespace && !(needsToken && this.#opts.issue) && !needsUid) return;
    if (needsCA) data['ca.crt'] = b64(this.#opts.caPem);
    if (needsNamespace) data.namespace = b64(namespace);
    if (!data.token && this.#opts.issue) data.token = b64(this.#opts.issue(sa, name));
    this.#ctx.update('', 'secrets', secret, {
      ...secret,
      metadata: { ...secret.metadata, annotations: { ...annotations, [SA_UID]: sa.metadata.uid ?? '' } },
      data,
    });
  }
}
