// The request pipeline of the sandbox, in kube-apiserver's filter order: authentication, impersonation,
// request info, authorization, then discovery/OpenAPI/health endpoints or the resource handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { PodStreams } from './api/pod-streams.js';
import { anonymousUser, authenticate, withAuthenticatedGroup } from './authn/authenticate.js';
import { authorize, forbiddenStatus } from './authz/rbac.js';
import { checkRbacWrite } from './authz/escalation.js';
import { ApiError, badRequest, forbidden, internalError, isApiError, unauthorized } from './api-error.js';
import { handleNonResource } from './api/non-resource.js';
import { handleResource, type ResourceRequest } from './api/resources.js';
import { AdmissionPlugins } from './admission/plugins.js';
import { CustomResources } from './custom-resources.js';
import { applyDefaults, ServiceAllocator, validate } from './defaults/defaults.js';
import { releaseServiceAllocations, reserveServiceAllocations } from './defaults/service-defaults.js';
import { apiKeyOrder } from './key-order.js';
import { ObjectWriter, type AdmissionHooks } from './object-writes.js';
import { OpenApiDocuments } from './openapi.js';
import { requestInfo, type RequestInfo } from './request-info.js';
import { ResourceRegistry, type ResourceDef } from './registry.js';
import { sendError, sendObject } from './respond.js';
import type { ObjectStore } from './store.js';
import type { KubeObject, RbacSource, RequestAttributes, UserInfo } from './types.js';
import { NamespaceControllers } from './namespace-controllers.js';
import type { ServiceAccountTokens } from './service-account-tokens.js';
import type { Clock } from './clock.js';

export interface ApiServerOptions {
  store: ObjectStore;
  now: () => Date;
  /** Timers for background work after a request (graceful and cascading deletion; default: Node's). */
  clock?: Clock;
  staticTokens: Map<string, UserInfo>;
  /** host:port clients reach the server at (for /api's serverAddressByClientCIDRs). */
  serverAddress: string;
  caPem: string;
  tokens?: ServiceAccountTokens;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (kube-apiserver: about a minute). */
  bookmarkIntervalMs?: number;
  openapiDir?: string;
  /** Called for errors that are not API errors (bugs); the client gets a 500 Status. */
  onInternalError?: (err: unknown) => void;
}

/** The raw connection of upgrade requests, for the handler that takes it over. */
const UPGRADES = new WeakMap<IncomingMessage, { socket: Duplex; head: Buffer }>();

/** The socket of an upgrade request (undefined for ordinary requests). */
export function upgradeOf(req: IncomingMessage): { socket: Duplex; head: Buffer } | undefined {
  return UPGRADES.get(req);
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export class ApiServer {
  readonly registry = new ResourceRegistry();
  /** Cluster IPs and node ports of this sandbox's services. */
  readonly allocator = new ServiceAllocator();
  readonly store: ObjectStore;
  readonly openapi: OpenApiDocuments;
  readonly writer: ObjectWriter;
  readonly customResources: CustomResources;
  readonly rbac: RbacSource;
  readonly controllers: NamespaceControllers;
  readonly opts: ApiServerOptions;
  /** Serves pods/log once something runs containers (the workloads' kubelet); unset, logs are a stub. */
  podLogs?: (pod: KubeObject, container: string, r: ResourceRequest) => void;
  /** Serves pods/exec, attach and portforward once a kubelet runs containers (see api/pod-streams.ts). */
  podStreams?: PodStreams;
  /** Graceful pod deletion once a kubelet runs the pod's node (it finishes the deletion); unset, pods go at once. */
  podGracePeriod?: (pod: KubeObject, requested: number | undefined) => number | undefined;
  readonly #openStreams = new Set<ServerResponse>();
  #closing = false;

  constructor(opts: ApiServerOptions) {
    this.opts = opts;
    this.store = opts.store;
    this.openapi = new OpenApiDocuments(this.registry, { dir: opts.openapiDir, now: opts.now });
    this.customResources = new CustomResources(this.registry, this.openapi, this.store, opts.now);
    const controllers = (this.controllers = new NamespaceControllers(this, opts.caPem));
    const plugins = new AdmissionPlugins({
      store: this.store,
      writeQuotaUsed: (quota, used) => {
        const current = this.store.get({ group: '', resource: 'resourcequotas' }, quota.metadata.namespace, quota.metadata.name);
        if (current) this.store.put({ group: '', resource: 'resourcequotas' }, { ...current, status: { ...(current.status as object), used } });
      },
    });
    const hooks: AdmissionHooks = {
      mutate: (def, obj, old, requester) => {
        if (def.crdName) return this.customResources.applySchemaDefaults(def, obj);
        if (def.group === 'apiextensions.k8s.io') return this.customResources.prepareDefinition(obj);
        const serviceAccountAutomount = def.group === '' && def.resource === 'pods' && !old ? this.#admitServiceAccount(obj) : undefined;
        const errors = applyDefaults(def.group, def.resource, obj, {
          operation: old ? 'update' : 'create',
          old,
          allocator: this.allocator,
          serviceAccountAutomount,
          requester,
        });
        plugins.mutate(def, obj, old);
        return errors;
      },
      admit: (def, obj, old, name) => plugins.admit(def, obj, old, name),
      validate: (def, obj, old) => {
        if (def.crdName) return this.customResources.validateCustom(def, obj);
        if (def.group === 'apiextensions.k8s.io') return this.customResources.validateDefinition(obj, old);
        return validate(def.group, def.resource, obj, old);
      },
      guard: (def, obj, old, name, requester) => {
        if (def.group !== RBAC_GROUP) return;
        const object = name === obj.metadata.name ? obj : { ...obj, metadata: { ...obj.metadata, name } };
        checkRbacWrite(
          { user: requester.user, resource: def.resource, namespace: obj.metadata.namespace ?? '', requestName: requester.name, object, old },
          this.rbac,
        );
      },
      defaultsOnly: (def, obj) => {
        if (!def.crdName && def.group !== 'apiextensions.k8s.io')
          applyDefaults(def.group, def.resource, obj, { operation: 'update', allocator: new ServiceAllocator() });
      },
      gracePeriod: (def, obj, requested) => (def.group === '' && def.resource === 'pods' ? this.podGracePeriod?.(obj, requested) : undefined),
      committed: (def, obj, type) => {
        if (def.group === 'apiextensions.k8s.io' && def.resource === 'customresourcedefinitions') this.customResources.sync(obj, type, this.writer);
        if (def.group === '' && def.resource === 'namespaces') controllers.namespaceChanged(obj, type);
        if (def.group === '' && def.resource === 'serviceaccounts' && type === 'DELETED') opts.tokens?.forget(obj);
        if (def.group === '' && def.resource === 'services' && type === 'DELETED') releaseServiceAllocations(obj as Record<string, unknown>, this.allocator);
      },
    };
    this.writer = new ObjectWriter({
      registry: this.registry,
      store: this.store,
      openapi: this.openapi,
      now: opts.now,
      clock: opts.clock,
      hooks,
      onError: opts.onInternalError,
    });
    const list = (resource: string, namespace?: string) => this.store.list({ group: RBAC_GROUP, resource }, namespace);
    this.rbac = {
      roles: (ns) => list('roles', ns),
      roleBindings: (ns) => list('rolebindings', ns),
      clusterRoles: () => list('clusterroles'),
      clusterRoleBindings: () => list('clusterrolebindings'),
    };
  }

  /** After loading state: serves the custom resources of stored CRDs and reserves stored services' IPs and ports. */
  restoreState(): void {
    for (const crd of this.store.list({ group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' }))
      this.customResources.sync(crd, 'ADDED', this.writer);
    // A state file may predate a change of key order: keep what kube-apiserver would return.
    for (const gr of this.store.kinds()) {
      const def = this.registry.findAnyVersion(gr.group, gr.resource);
      if (def) this.store.rewriteInPlace(gr, (o) => apiKeyOrder(this.openapi, def, o));
    }
    for (const svc of this.store.list({ group: '', resource: 'services' })) reserveServiceAllocations(svc as Record<string, unknown>, this.allocator);
  }

  /** Streams (watches, log follows) still open; closed on shutdown. */
  trackStream(res: ServerResponse): () => void {
    this.#openStreams.add(res);
    return () => this.#openStreams.delete(res);
  }

  closeStreams(): void {
    this.#closing = true;
    for (const res of this.#openStreams) res.end();
    this.#openStreams.clear();
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** The HTTPS request listener. */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.#handle(req, res).catch((err: unknown) => this.#fail(res, err));
  };

  /** An upgrade request (WebSocket): the same pipeline, with the socket for a handler that takes it over. */
  handleUpgrade(req: IncomingMessage, res: ServerResponse, socket: Duplex, head: Buffer): void {
    UPGRADES.set(req, { socket, head });
    this.handle(req, res);
  }

  #fail(res: ServerResponse, err: unknown): void {
    if (isApiError(err)) {
      sendError(res, err);
      return;
    }
    this.opts.onInternalError?.(err);
    sendError(res, internalError((err as Error)?.message ?? String(err)));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    // Go's net/http hands handlers the percent-decoded path (`%2F` becomes a `/` that splits segments); a
    // malformed escape never reaches them: its server answers a plain 400.
    const path = percentDecode(url.pathname);
    if (path === undefined) {
      req.resume();
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('400 Bad Request');
      return;
    }
    const query = url.searchParams;
    const method = (req.method ?? 'GET').toUpperCase();

    // kube-apiserver's default --anonymous-auth=true: credentials that fail are 401, no credentials at all
    // make the request system:anonymous, which RBAC then judges (system:public-info-viewer lets it read
    // /version and the health checks; anything else is a 403 naming the user).
    let user = this.#authenticate(req);
    if (user === 'invalid') {
      req.resume();
      sendError(res, unauthorized());
      return;
    }
    user ??= anonymousUser();
    user = this.#impersonate(req, user);

    const info = requestInfo(method, path, query);
    const attrs = attributesFor(info, user);
    const decision = authorize(attrs, this.rbac);
    if (!decision.allowed) {
      req.resume();
      sendObject(res, 403, forbiddenStatus(attrs, decision.reason));
      return;
    }
    if (!info.isResourceRequest) {
      await handleNonResource(this, req, res, method, path, query);
      return;
    }
    await handleResource(this, { req, res, info, query, user, method });
  }

  #authenticate(req: IncomingMessage): UserInfo | undefined | 'invalid' {
    const socket = req.socket as TLSSocket;
    const peerCertificatePem = peerCertificate(socket);
    return authenticate(
      { authorization: req.headers.authorization, peerCertificatePem, peerAuthorized: Boolean(socket.authorized) },
      { staticTokens: this.opts.staticTokens, verifyServiceAccountToken: this.opts.tokens ? (t) => this.opts.tokens?.verify(t) : undefined },
    );
  }

  /** Impersonate-User/-Group/-Uid/-Extra-*: allowed by RBAC `impersonate` on users, groups, serviceaccounts, uids, userextras. */
  #impersonate(req: IncomingMessage, user: UserInfo): UserInfo {
    // One value per header line, as Go's Header[name]: a group name may contain a comma.
    const header = (name: string): string[] => req.headersDistinct[name] ?? [];
    const asUser = header('impersonate-user')[0];
    const asGroups = header('impersonate-group');
    const asUid = header('impersonate-uid')[0];
    const extras: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (!k.startsWith('impersonate-extra-') || v === undefined) continue;
      // unescapeExtraKey: a key that does not unescape is kept as it is.
      const key = k.slice('impersonate-extra-'.length);
      extras[percentDecode(key) ?? key] = req.headersDistinct[k] ?? [];
    }
    if (!asUser) {
      if (asGroups.length || asUid || Object.keys(extras).length) {
        throw badRequest(`requested ${[...asGroups.map((g) => `{Group  ${g}}`)].join(' ')} without impersonating a user`);
      }
      return user;
    }
    const check = (resource: string, name: string, group = '', namespace = '', subresource = '') => {
      const attrs: RequestAttributes = {
        user,
        verb: 'impersonate',
        isResourceRequest: true,
        path: req.url ?? '',
        apiGroup: group,
        apiVersion: '',
        resource,
        subresource,
        namespace,
        name,
      };
      const d = authorize(attrs, this.rbac);
      if (!d.allowed) throw new ApiError(403, 'Forbidden', String(forbiddenStatus(attrs, d.reason).message), { name, group, kind: resource });
    };
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(asUser);
    if (sa) check('serviceaccounts', sa[2], '', sa[1]);
    else check('users', asUser);
    for (const g of asGroups) check('groups', g);
    if (asUid) check('uids', asUid, 'authentication.k8s.io');
    for (const [k, vs] of Object.entries(extras)) for (const v of vs) check('userextras', v, 'authentication.k8s.io', '', k);
    const groups = [...asGroups];
    if (sa) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
    const next: UserInfo = { username: asUser, groups };
    if (asUid) next.uid = asUid;
    if (Object.keys(extras).length) next.extra = extras;
    return asUser === 'system:anonymous' ? next : withAuthenticatedGroup(next);
  }

  /**
   * ServiceAccount admission on pod creation: the pod's account (default `default`) must exist, else 403
   * `error looking up service account NS/NAME: serviceaccount "NAME" not found`. Returns the account's
   * automountServiceAccountToken. Mirror pods (static pods) are exempt.
   */
  #admitServiceAccount(pod: KubeObject): boolean | undefined {
    const spec = (pod.spec ?? {}) as Record<string, unknown>;
    if (pod.metadata.annotations && 'kubernetes.io/config.mirror' in pod.metadata.annotations) return undefined;
    const name =
      typeof spec.serviceAccountName === 'string' && spec.serviceAccountName
        ? spec.serviceAccountName
        : typeof spec.serviceAccount === 'string' && spec.serviceAccount
          ? spec.serviceAccount
          : 'default';
    const namespace = pod.metadata.namespace ?? '';
    const sa = this.store.get({ group: '', resource: 'serviceaccounts' }, namespace, name);
    if (!sa) {
      // Admission runs before the name is generated, so a generateName pod is reported by its prefix.
      const gen = pod.metadata.generateName;
      const shown =
        typeof gen === 'string' && gen && pod.metadata.name.startsWith(gen) && pod.metadata.name.length === gen.length + 5 ? gen : pod.metadata.name;
      throw forbidden({ group: '', resource: 'pods' }, shown, `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`);
    }
    return typeof sa.automountServiceAccountToken === 'boolean' ? sa.automountServiceAccountToken : undefined;
  }

  /** Looks up a served resource by the path's group/version/resource. */
  resource(group: string, version: string, resource: string): ResourceDef | undefined {
    return this.registry.find(group, version, resource);
  }

  /** Creates an object as the system would (bootstrap, controllers), skipping authorization. */
  createSystemObject(obj: KubeObject, manager: string): KubeObject | undefined {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const def = this.registry.findKind(group, obj.kind);
    if (!def || def.version !== version) return undefined;
    if (this.store.get({ group: def.group, resource: def.resource }, obj.metadata.namespace, obj.metadata.name)) return undefined;
    return this.writer.create(def, obj.metadata.namespace ?? '', obj, { dryRun: false, fieldManager: manager, subresource: '' });
  }
}

/** The authorizer's view of a request. */
export function attributesFor(info: RequestInfo, user: UserInfo): RequestAttributes {
  return {
    user,
    verb: info.verb,
    isResourceRequest: info.isResourceRequest,
    path: info.path,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.authzName,
  };
}

/** The URL path percent-decoded as Go's url.Parse does it; undefined for a malformed escape. */
function percentDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

const PEM_CACHE = new WeakMap<object, string | undefined>();

/** The client certificate of a TLS connection as PEM (cached per connection). */
function peerCertificate(socket: TLSSocket): string | undefined {
  if (PEM_CACHE.has(socket)) return PEM_CACHE.get(socket);
  let pem: string | undefined;
  const cert = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  if (cert?.raw?.length) {
    const b64 = cert.raw.toString('base64').replace(/(.{64})/g, '$1\n');
    pem = `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
  }
  PEM_CACHE.set(socket, pem);
  return pem;
}
