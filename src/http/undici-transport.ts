// The Transport over undici, with a dispatcher built from the credentials' TLS settings (or kubeconfig proxy-url):
// what kcurl proxy, record and replay relay through, what upgrades (exec, attach) and a proxy-url use; the
// other commands send through node-transport.ts, which hands those cases here. With undici-core.ts, the only
// modules that import undici, in their own bundle (dist/kcurl-undici.cjs), loaded on first use.
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { Agent, buildConnector, type Dispatcher, ProxyAgent, relay, request, upgrade, upgradeOrAnswer } from './undici-core.js';
import { KcurlError } from '../errors.js';
import type { Credentials } from '../kube/credentials-types.js';
import { headerPairs, headerRecord } from './headers.js';
import { tlsOptions } from './tls-options.js';
import type { Transport, TransportRequest } from './transport.js';

/** Where to open the connection for a server address (a pod's view of the cluster); undefined: nothing answers. */
export type ConnectRoute = (host: string, port: number) => { host: string; port: number } | undefined;

export function buildDispatcher(creds: Credentials, route?: ConnectRoute): Dispatcher {
  const connect = tlsOptions(creds);
  if (creds.proxyUrl) {
    const scheme = creds.proxyUrl.split(':')[0];
    if (scheme !== 'http' && scheme !== 'https') {
      throw new KcurlError('KCURL_CONFIG', `proxy-url ${creds.proxyUrl}: kcurl supports http:// and https:// proxies, not ${scheme}://`, {
        hint: 'use an HTTP CONNECT proxy, or unset proxy-url for this cluster',
      });
    }
    return new ProxyAgent({ uri: creds.proxyUrl, requestTls: connect });
  }
  if (route) {
    // The connection goes where the route says; TLS still verifies the certificate for the address asked for.
    const base = buildConnector(connect);
    return new Agent({
      connect: (opts, callback) => {
        const port = Number(opts.port || (opts.protocol === 'https:' ? 443 : 80));
        const to = route(opts.hostname, port);
        if (!to) {
          callback(Object.assign(new Error(`connect ECONNREFUSED ${opts.hostname}:${port}`), { code: 'ECONNREFUSED' }), null);
          return;
        }
        const original = opts.hostname.replace(/^\[|\]$/g, '');
        base(
          {
            ...opts,
            hostname: to.host,
            port: String(to.port),
            servername: creds.tlsServerName ?? (isIP(original) ? undefined : original),
            checkServerIdentity: (_h: string, cert: PeerCertificate) => checkServerIdentity(creds.tlsServerName ?? original, cert),
          } as buildConnector.Options,
          callback,
        );
      },
    });
  }
  return new Agent({ connect });
}

/**
 * A transport over undici. With options.dispatcher (an undici MockAgent in a test) that dispatcher is used
 * and left open on close(); otherwise one is built from the credentials and closed with the transport.
 */
export function createUndiciTransport(creds: Credentials, options: { dispatcher?: Dispatcher; route?: ConnectRoute } = {}): Transport {
  const dispatcher = options.dispatcher ?? buildDispatcher(creds, options.route);
  /** undici's options for a request through this dispatcher; the head may take timeoutMs, the body `bodyTimeout`. */
  const dispatched = (req: TransportRequest, bodyTimeout: number) => ({
    method: req.method as Dispatcher.HttpMethod,
    headers: headerRecord(req.headers),
    body: req.body,
    dispatcher,
    headersTimeout: req.timeoutMs ?? 0,
    bodyTimeout,
  });
  return {
    async send(req) {
      const res = await request(req.url, { ...dispatched(req, req.timeoutMs ?? 0), signal: req.signal });
      const body = await res.body.text();
      return { status: res.statusCode, headers: headerPairs(res.headers), body };
    },
    async stream(req) {
      const res = await request(req.url, { ...dispatched(req, 0), signal: req.signal });
      // undici's body aborts the request when destroyed before its end, and emits the abort as an error: a body
      // nobody reads (an answer a relay drops unread) must not make that an uncaught exception.
      const cancel = () => {
        res.body.on('error', () => {});
        res.body.destroy();
      };
      return { status: res.statusCode, headers: headerPairs(res.headers), chunks: res.body as AsyncIterable<Uint8Array>, cancel };
    },
    async relay(req) {
      // As stream() asks, with the body pushed to its reader (RelayHandler in undici-core.ts).
      const res = await relay(req.url, dispatched(req, 0));
      return { status: res.status, headers: headerPairs(res.headers), pipe: (sink) => res.pipe(sink), resume: () => res.resume(), cancel: () => res.cancel() };
    },
    async upgrade(req) {
      const up = await upgrade(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: headerRecord(req.headers),
        protocol: req.protocol,
        dispatcher,
      });
      return { headers: headerPairs(up.headers as Record<string, string | string[] | undefined>), socket: up.socket };
    },
    async upgradeOrAnswer(req) {
      const out = await upgradeOrAnswer(req.url, {
        method: req.method,
        headers: headerRecord(req.headers),
        protocol: req.protocol,
        dispatcher,
        headersTimeout: req.timeoutMs ?? 0,
      });
      const headers = rawHeaderPairs(out.rawHeaders);
      if ('socket' in out) return { status: 101, headers, socket: out.socket };
      return { status: out.status, headers, body: out.body.toString('utf8') };
    },
    async close() {
      if (!options.dispatcher) await dispatcher.close().catch(() => {});
    },
  };
}

/** undici's raw header list (name, value, name, value …) as lower-cased pairs. */
function rawHeaderPairs(raw: Buffer[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i].toString('latin1').toLowerCase(), raw[i + 1].toString('latin1')]);
  return out;
}
