// A pod's view of the cluster network for curl and wget: cluster DNS (Service names with the pod's search
// domains, the pod's own hostname, IPs as they are) and what answers at an address. The `kubernetes` Service
// (443) is the sandbox's API server itself, reached over a real TLS connection to its listening port, so the
// serving certificate is verified for the name the pod used against the CA the program passes. An nginx
// container answers its welcome page on port 80 (through a Service or the pod IP); anything else refuses.
import https from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { isIP } from 'node:net';
import type { ApiServer } from '../api-server.js';
import { rec, records as recs, str } from '../defaults/json-access.js';
import type { KubeObject } from '../types.js';
import { NetworkError, type HttpRequest, type HttpResponse, type PodNetwork } from '../container/network.js';
import { nginxAnswer } from '../container/utilities/nginx.js';
import { imageRepository } from './images.js';
import { podHostname } from './pod-env.js';

const SERVICES = { group: '', resource: 'services' };
const PODS = { group: '', resource: 'pods' };
const CLUSTER_DOMAIN = 'cluster.local';

/** OpenSSL's wording for Node's verification error codes, as curl prints it after "SSL certificate problem: ". */
const OPENSSL_WORDS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to get local issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
};

export function podNetwork(api: ApiServer, pod: () => KubeObject): PodNetwork {
  const namespace = () => pod().metadata.namespace ?? 'default';
  const apiPort = Number(api.opts.serverAddress.slice(api.opts.serverAddress.lastIndexOf(':') + 1));

  const service = (name: string, ns: string) => api.store.get(SERVICES, ns, name);

  const resolve = (host: string): string | undefined => {
    const h = host.toLowerCase().replace(/\.$/, '');
    if (isIP(h)) return h;
    if (h === 'localhost') return '127.0.0.1';
    const self = pod();
    if (h === podHostname(self)) return str(rec(self.status).podIP) || undefined;
    // The search path of /etc/resolv.conf (ndots:5): NAME.NS.svc.cluster.local, NAME.svc.cluster.local, NAME.cluster.local, then NAME.
    const candidates = [`${h}.${namespace()}.svc.${CLUSTER_DOMAIN}`, `${h}.svc.${CLUSTER_DOMAIN}`, `${h}.${CLUSTER_DOMAIN}`, h];
    for (const fqdn of candidates) {
      const m = new RegExp(`^([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.${CLUSTER_DOMAIN.replace('.', '\\.')}$`).exec(fqdn);
      if (!m) continue;
      const ip = str(rec(service(m[1], m[2])?.spec).clusterIP);
      if (ip && ip !== 'None') return ip;
    }
    return undefined;
  };

  /** The Service with this ClusterIP, if any. */
  const serviceAt = (ip: string): KubeObject | undefined => api.store.list(SERVICES).find((s) => str(rec(s.spec).clusterIP) === ip);

  /** Pods that answer at ip:port: a Service's ready endpoints (port → targetPort), or the pod with that IP. */
  const backends = (ip: string, port: number): { pod: KubeObject; port: number }[] => {
    const self = pod();
    if (ip === '127.0.0.1' || ip === '::1') return [{ pod: self, port }];
    const svc = serviceAt(ip);
    if (svc) {
      const spec = rec(svc.spec);
      const sp = recs(spec.ports).find((p) => Number(p.port) === port);
      const selector = rec(spec.selector) as Record<string, string>;
      if (!sp || Object.keys(selector).length === 0) return [];
      const selected = api.store.list(PODS, svc.metadata.namespace).filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
      return selected.map((p) => ({ pod: p, port: targetPort(p, sp.targetPort ?? sp.port) })).filter((b) => b.port > 0);
    }
    const target = api.store.list(PODS).find((p) => str(rec(p.status).podIP) === ip);
    return target ? [{ pod: target, port }] : [];
  };

  const request = async (req: HttpRequest): Promise<HttpResponse> => {
    const host = req.url.hostname.replace(/^\[|\]$/g, '');
    const ip = resolve(host);
    if (ip === undefined) throw new NetworkError('resolve', `Could not resolve host: ${host}`);
    const port = Number(req.url.port || (req.url.protocol === 'https:' ? 443 : 80));
    const remote = `${ip}:${port}`;
    const kube = service('kubernetes', 'default');
    if (kube && str(rec(kube.spec).clusterIP) === ip) {
      if (!recs(rec(kube.spec).ports).some((p) => Number(p.port) === port)) throw new NetworkError('connect', 'Connection refused');
      if (req.url.protocol !== 'https:') {
        // Go's net/http on a TLS port answers a plain HTTP request so.
        return {
          httpVersion: '1.0',
          status: 400,
          statusText: 'Bad Request',
          headers: [],
          body: Buffer.from('Client sent an HTTP request to an HTTPS server.\n'),
          remote,
        };
      }
      return toApiServer(req, host, apiPort, remote);
    }
    for (const b of backends(ip, port)) {
      const running = str(rec(b.pod.status).phase) === 'Running';
      const nginx = recs(rec(b.pod.spec).containers).some((c) => imageRepository(str(c.image)) === 'nginx' && !c.command && !c.args);
      if (running && nginx && b.port === 80 && req.url.protocol === 'http:') {
        const a = nginxAnswer(req.method, req.url.pathname, api.opts.now());
        return { httpVersion: '1.1', status: a.status, statusText: a.statusText, headers: a.headers, body: Buffer.from(a.body), remote };
      }
    }
    throw new NetworkError('connect', 'Connection refused');
  };

  const hostAddress = (host: string, port: number) => {
    const ip = resolve(host);
    const kube = service('kubernetes', 'default');
    if (!ip || !kube || str(rec(kube.spec).clusterIP) !== ip || !recs(rec(kube.spec).ports).some((p) => Number(p.port) === port)) return undefined;
    return { host: '127.0.0.1', port: apiPort };
  };

  return { resolve, request, hostAddress };
}

/** A Service's targetPort: a number, or a container port's name on the pod. */
function targetPort(pod: KubeObject, target: unknown): number {
  if (typeof target === 'number') return target;
  for (const c of recs(rec(pod.spec).containers)) for (const p of recs(c.ports)) if (p.name === target) return Number(p.containerPort);
  return Number(target) || 0;
}

/** The request over TLS to the sandbox's own listener, verified as the pod's curl would verify it. */
function toApiServer(req: HttpRequest, host: string, port: number, remote: string): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of req.headers) {
      const key = k.toLowerCase();
      const prev = headers[key];
      headers[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const r = https.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: `${req.url.pathname}${req.url.search}`,
        headers,
        servername: isIP(host) ? undefined : host,
        ca: req.ca,
        rejectUnauthorized: !req.insecure,
        checkServerIdentity: (_h: string, cert: PeerCertificate) => checkServerIdentity(host, cert),
        agent: false,
        signal: req.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = res.rawHeaders;
          const list: [string, string][] = [];
          for (let i = 0; i < raw.length; i += 2) list.push([raw[i], raw[i + 1]]);
          resolve({
            httpVersion: res.httpVersion,
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: list,
            body: Buffer.concat(chunks),
            remote,
          });
        });
        res.on('error', (e) => reject(new NetworkError('connect', e.message)));
      },
    );
    r.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? '';
      if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
        reject(new NetworkError('hostname', `SSL: no alternative certificate subject name matches target host name '${host}'`));
      else if (OPENSSL_WORDS[code]) reject(new NetworkError('certificate', OPENSSL_WORDS[code]));
      else if (code === 'ECONNREFUSED') reject(new NetworkError('connect', 'Connection refused'));
      else reject(new NetworkError('tls', e.message));
    });
    r.end(req.body);
  });
}

/** One forwarded connection into a pod (kubectl port-forward): bytes in, bytes out through `peer`. */
export interface PortConnection {
  write(data: Buffer): void;
  end(): void;
}

/**
 * Connects to a port of a pod as kubelet's port forwarding does from inside the pod's network namespace:
 * a simulated server answers there (nginx's default server on 80, HTTP/1.1 with keep-alive), or undefined
 * when nothing listens.
 */
export function connectToPod(api: ApiServer, pod: KubeObject, port: number, peer: { data(b: Buffer): void; end(): void }): PortConnection | undefined {
  const nginx = recs(rec(pod.spec).containers).some((c) => imageRepository(str(c.image)) === 'nginx' && !c.command && !c.args);
  if (!nginx || port !== 80 || str(rec(pod.status).phase) !== 'Running') return undefined;
  let buf = Buffer.alloc(0);
  let closed = false;
  return {
    write(data) {
      if (closed) return;
      buf = Buffer.concat([buf, data]);
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const head = buf.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        buf = buf.subarray(end + 4 + length);
        const [method = 'GET', target = '/'] = head.split('\r\n')[0].split(' ');
        const a = nginxAnswer(method, target.split('?')[0], api.opts.now());
        const close = /\r\nconnection:\s*close/i.test(head);
        const headers = a.headers.map(([k, v]) => (k === 'Connection' && close ? [k, 'close'] : [k, v]));
        peer.data(Buffer.from(`HTTP/1.1 ${a.status} ${a.statusText}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${a.body}`));
        if (close) {
          closed = true;
          peer.end();
          return;
        }
      }
    },
    end() {
      if (closed) return;
      closed = true;
      peer.end();
    },
  };
}
