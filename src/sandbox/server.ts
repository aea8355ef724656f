// Starting and stopping a sandbox: certificates, the store (replayed from --state and journaled),
// bootstrap objects, the HTTPS server kubectl talks to, and the kubeconfig pointing at it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { ServerResponse, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { KcurlError } from '../errors.js';
import { realClock, type Clock } from './clock.js';
import { createCA, createClientCert, createServerCert, signCertificateRequest } from '../pki/pki.js';
import { ApiServer } from './api-server.js';
import { bootstrap } from './bootstrap.js';
import { ControllerManager } from './controllers/manager.js';
import { readJournal, StateJournal } from './journal.js';
import { writeKubeconfig } from './kubeconfig.js';
import { startWorkloads, type Workloads } from './workloads/workloads.js';
import type { KubeletTimings } from './workloads/kubelet.js';
import { ServiceAccountTokens } from './service-account-tokens.js';
import { ObjectStore } from './store.js';
import type { UserInfo } from './types.js';
import type { Utility } from './container/utilities/registry.js';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Bind address; loopback by default. */
  address?: string;
  /** Write-ahead journal file; objects survive restarts. */
  statePath?: string;
  /** Where to write the kubeconfig; a fresh temporary directory when omitted. */
  kubeconfigPath?: string;
  /** The time and timers of everything in the sandbox: timestamps, controllers, kubelet, watches (default: the wall clock). */
  clock?: Clock;
  /** Warnings (a torn journal record) and, with debug, one line per request. */
  log?: (line: string) => void;
  debug?: boolean;
  /** Watch bookmark interval (tests shorten it). */
  bookmarkIntervalMs?: number;
  /** Ring buffer of events that watches can resume from. */
  watchHistory?: number;
  /** Simulated nodes (1 by default) and how fast their kubelets move pods along (tests shorten it). */
  nodes?: number;
  kubeletTimings?: Partial<KubeletTimings>;
  /** How often the kubelets renew their node Leases (10 s by default). */
  leaseRenewMs?: number;
  /** The HPA controller's sync period (default 15 s, as kube-controller-manager's). */
  hpaSyncPeriodMs?: number;
  /** Programs containers can run besides the userland's: `kcurl`, given by the command that starts the sandbox (the sandbox imports no client code). */
  containerPrograms?: ReadonlyMap<string, Utility>;
}

export interface Sandbox {
  /** The URL clients use (the kubeconfig's): loopback when bound to every interface. */
  url: string;
  /** The address the server listens on, e.g. `https://0.0.0.0:6443`; the same as url unless bound to every interface. */
  listenUrl: string;
  port: number;
  kubeconfigPath: string;
  caPem: string;
  adminToken: string;
  /** The admin client certificate (CN=kcurl-admin, O=system:masters). */
  clientCertPem: string;
  clientKeyPem: string;
  store: ObjectStore;
  api: ApiServer;
  /** kube-controller-manager's controllers (ReplicaSet, Deployment, Job, StatefulSet, DaemonSet, tokens, GC, ClusterRole aggregation). */
  controllers: ControllerManager;
  /** Issues client certificates signed by the sandbox CA (CN = user, O = groups). */
  issueClientCert(user: string, groups: string[]): { certPem: string; keyPem: string };
  close(): Promise<void>;
}

const ADMIN_USER = 'kcurl-admin';
const SERVING_DNS = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
/** The `kubernetes` Service's ClusterIP, which kube-apiserver's serving certificate names too (pods reach it there). */
const KUBERNETES_SERVICE_IP = '10.96.0.1';

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const clock = opts.clock ?? realClock;
  const now = () => clock.now();
  const address = opts.address ?? '127.0.0.1';
  const log = opts.log ?? (() => {});

  const ca = createCA('kcurl-sandbox-ca');
  const ips = ['127.0.0.1', '::1', KUBERNETES_SERVICE_IP];
  if (isIP(address) && !ips.includes(address) && address !== '0.0.0.0' && address !== '::') ips.push(address);
  const serving = createServerCert(ca, { commonName: 'kube-apiserver', dnsNames: SERVING_DNS, ipAddresses: ips });
  const admin = createClientCert(ca, { commonName: ADMIN_USER, organizations: ['system:masters'] });
  const adminToken = randomBytes(32).toString('hex');
  const staticTokens = new Map<string, UserInfo>([[adminToken, { username: ADMIN_USER, uid: 'kcurl-admin', groups: ['system:masters'] }]]);

  const store = new ObjectStore({ historySize: opts.watchHistory });
  let journal: StateJournal | undefined;
  if (opts.statePath) {
    const loaded = readJournal(opts.statePath);
    if (loaded.tornTail !== undefined) log(`warning: ignoring an incomplete last record in ${opts.statePath} (${loaded.tornTail})`);
    for (const r of loaded.records) store.replay(r);
  }

  const tokens = new ServiceAccountTokens(store, now, serving.keyPem);
  let api!: ApiServer;
  let controllers: ControllerManager | undefined;
  let workloads: Workloads | undefined;
  const server = https.createServer(
    { key: serving.keyPem, cert: serving.certPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      if (opts.debug) {
        const started = Date.now();
        res.on('finish', () => log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
      }
      api.handle(req, res);
    },
  );
  // kube-apiserver's http.Server (k8s.io/apiserver secure_serving.go): IdleTimeout 90 s, "matches
  // http.DefaultTransport keep-alive timeout", and ReadHeaderTimeout 32 s; no whole-request read timeout.
  // Node's 5 s keep-alive default closes connections a busy event loop has not read yet, resetting clients.
  server.keepAliveTimeout = 90_000;
  server.headersTimeout = 32_000;
  server.requestTimeout = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  // Upgrade requests (pods/exec, attach and portforward over WebSocket) run the same filters as any request;
  // the handler answers errors on a response bound to the socket, or takes the socket over.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.on('finish', () => socket.end());
    socket.on('error', () => socket.destroy());
    api.handleUpgrade(req, res, socket, head);
  });
  const port = await listen(server, opts.port ?? 0, address);
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
  const urlFor = (h: string) => `https://${isIP(h) === 6 ? `[${h}]` : h}:${port}`;
  const url = urlFor(host);

  api = new ApiServer({
    store,
    now,
    clock,
    staticTokens,
    serverAddress: `${host}:${port}`,
    caPem: ca.certPem,
    tokens,
    bookmarkIntervalMs: opts.bookmarkIntervalMs,
    onInternalError: (err) => log(`internal error: ${(err as Error)?.stack ?? String(err)}`),
  });
  try {
    api.restoreState();
    if (opts.statePath) {
      journal = StateJournal.compactAndOpen(opts.statePath, store.snapshot());
      store.attachJournal(journal);
    }
    bootstrap(api, { port, advertiseAddress: host === 'localhost' ? '127.0.0.1' : host });
    // The watch caches start here, as a real server's do once it has started: a watch from an earlier
    // resourceVersion (say `resourceVersion=1`) is 410 Expired.
    store.markStarted();
    controllers = new ControllerManager(api, {
      clock,
      caPem: ca.certPem,
      issueLegacyToken: (sa, secretName) => tokens.issueLegacy(sa, secretName),
      signCertificate: (requestPem, usages, validSeconds) => signCertificateRequest(ca, requestPem, { usages, validSeconds }),
      onError: (err) => log(`controller error: ${(err as Error)?.stack ?? String(err)}`),
      hpaSyncPeriodMs: opts.hpaSyncPeriodMs,
    });
    controllers.start();
    workloads = startWorkloads(api, {
      nodes: opts.nodes,
      now,
      clock,
      timings: opts.kubeletTimings,
      leaseRenewMs: opts.leaseRenewMs,
      programs: opts.containerPrograms,
    });
  } catch (e) {
    workloads?.close();
    controllers?.stop();
    server.close();
    journal?.close();
    throw e;
  }

  const kubeconfigPath = opts.kubeconfigPath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kcurl-sandbox-')), 'kubeconfig');
  writeKubeconfig(kubeconfigPath, { server: url, caPem: ca.certPem, adminToken, clientCertPem: admin.certPem, clientKeyPem: admin.keyPem });

  let closed: Promise<void> | undefined;
  return {
    url,
    listenUrl: urlFor(address),
    port,
    kubeconfigPath,
    caPem: ca.certPem,
    adminToken,
    clientCertPem: admin.certPem,
    clientKeyPem: admin.keyPem,
    store,
    api,
    controllers: controllers as ControllerManager,
    issueClientCert: (user, groups) => createClientCert(ca, { commonName: user, organizations: groups }),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        controllers?.stop();
        workloads?.close();
        api.closeStreams();
        server.close(() => {
          journal?.close();
          resolve();
        });
        for (const s of sockets) s.destroy();
      })),
  };
}

function listen(server: https.Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'address already in use' : err.code === 'EACCES' ? 'permission denied' : err.message;
      reject(new KcurlError('KCURL_USAGE', `cannot listen on ${address}:${port}: ${why}`, { hint: 'pick another --port, or --port 0 for a free one' }));
    };
    server.once('error', onError);
    server.listen(port, address, () => {
      server.off('error', onError);
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}
