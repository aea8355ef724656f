// Endpoints that are not resources: /version, health checks, discovery (legacy and aggregated) and
// OpenAPI (v2, the v3 index and hash-addressed v3 documents with `Cache-Control: public, immutable`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, pathNotFound } from '../api-error.js';
import type { ApiServer } from '../api-server.js';
import {
  AGGREGATED_DISCOVERY_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from '../discovery.js';
import { negotiate, parseMediaTypes } from '../negotiation.js';
import { baseHeaders, sendObject, sendText } from '../respond.js';

const HEALTH = /^\/(healthz|livez|readyz)(?:\/(.*))?$/;
const HEALTH_CHECKS = ['ping', 'log', 'etcd', 'poststarthook/start-apiextensions-controllers', 'poststarthook/crd-informer-synced'];

export async function handleNonResource(
  api: ApiServer,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  req.resume();
  const accept = req.headers.accept;
  if (method !== 'GET' && method !== 'HEAD') {
    if (path === '/' || path === '/version' || HEALTH.test(path) || path.startsWith('/api') || path.startsWith('/openapi')) throw methodNotAllowed();
    sendText(res, 404, '404 page not found\n');
    return;
  }
  if (path === '/version' || path === '/version/') {
    sendObject(res, 200, versionInfo(), { rawJson: true });
    return;
  }
  const health = HEALTH.exec(path);
  if (health) {
    const check = health[2];
    if (check && !HEALTH_CHECKS.includes(check)) {
      sendText(res, 404, '404 page not found\n');
      return;
    }
    if (query.has('verbose') && !check) {
      const lines = HEALTH_CHECKS.map((c) => `[+]${c} ok`);
      sendText(res, 200, `${lines.join('\n')}\n${health[1]} check passed\n`);
      return;
    }
    sendText(res, 200, 'ok');
    return;
  }
  if (path === '/' || path === '') {
    sendObject(res, 200, { paths: rootPaths(api) }, { rawJson: true });
    return;
  }
  if (path === '/api' || path === '/api/') {
    const n = negotiate(accept, ['APIGroupDiscoveryList']);
    if (n.transform === 'APIGroupDiscoveryList') {
      sendObject(res, 200, aggregatedDiscovery(api.registry, 'api', `apidiscovery.k8s.io/${n.discoveryVersion}`), {
        contentType: aggregatedContentType(n.discoveryVersion),
        negotiated: n,
      });
    } else sendObject(res, 200, apiVersions(api.opts.serverAddress), { negotiated: n });
    return;
  }
  if (path === '/apis' || path === '/apis/') {
    const n = negotiate(accept, ['APIGroupDiscoveryList']);
    if (n.transform === 'APIGroupDiscoveryList') {
      sendObject(res, 200, aggregatedDiscovery(api.registry, 'apis', `apidiscovery.k8s.io/${n.discoveryVersion}`), {
        contentType: aggregatedContentType(n.discoveryVersion),
        negotiated: n,
      });
    } else sendObject(res, 200, apiGroupList(api.registry), { negotiated: n });
    return;
  }
  const parts = path.replace(/^\/+|\/+$/g, '').split('/');
  if (parts[0] === 'api' && parts.length === 2) {
    if (!api.registry.hasGroupVersion('', parts[1])) throw pathNotFound();
    sendObject(res, 200, apiResourceList(api.registry, '', parts[1]), { negotiated: negotiate(accept) });
    return;
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    if (!api.registry.groups().includes(parts[1])) throw pathNotFound();
    sendObject(res, 200, apiGroupDocument(api.registry, parts[1]), { negotiated: negotiate(accept) });
    return;
  }
  if (parts[0] === 'apis' && parts.length === 3) {
    if (!api.registry.hasGroupVersion(parts[1], parts[2])) throw pathNotFound();
    sendObject(res, 200, apiResourceList(api.registry, parts[1], parts[2]), { negotiated: negotiate(accept) });
    return;
  }
  if (path === '/openapi/v2' || path === '/openapi/v2/') {
    serveOpenApiV2(api, req, res);
    return;
  }
  if (path === '/openapi/v3' || path === '/openapi/v3/') {
    const index = Buffer.from(JSON.stringify(api.openapi.v3Index()));
    const lastModified = api.openapi.lastModified;
    const since = req.headers['if-modified-since'];
    baseHeaders(res);
    res.setHeader('Last-Modified', lastModified.toUTCString());
    if (since && !Number.isNaN(Date.parse(since)) && Date.parse(since) >= lastModified.getTime()) {
      res.writeHead(304);
      res.end();
      return;
    }
    sendObject(res, 200, index, { contentType: 'application/json', headers: { 'Last-Modified': lastModified.toUTCString() } });
    return;
  }
  if (path.startsWith('/openapi/v3/')) {
    const key = path.slice('/openapi/v3/'.length).replace(/\/+$/, '');
    const doc = api.openapi.v3(key);
    if (!doc) {
      sendText(res, 404, '404 page not found\n');
      return;
    }
    const hash = query.get('hash');
    if (hash !== null && hash !== doc.hash) {
      // kube-openapi redirects a stale hash to the current one.
      baseHeaders(res);
      res.setHeader('Location', `/openapi/v3/${key}?hash=${doc.hash}`);
      res.writeHead(301);
      res.end();
      return;
    }
    const etag = `"${doc.hash}"`;
    const headers: Record<string, string> = { Etag: etag, 'Last-Modified': api.openapi.lastModified.toUTCString() };
    if (hash !== null) {
      headers['Cache-Control'] = 'public, immutable';
      headers.Expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
    }
    if (req.headers['if-none-match'] === etag) {
      baseHeaders(res);
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.writeHead(304);
      res.end();
      return;
    }
    sendObject(res, 200, doc.body, { contentType: 'application/json', headers });
    return;
  }
  if (path.startsWith('/api/') || path.startsWith('/apis/')) throw pathNotFound();
  sendText(res, 404, '404 page not found\n');
}

function aggregatedContentType(version: string | undefined): string {
  return version === 'v2beta1' ? 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' : AGGREGATED_DISCOVERY_CONTENT_TYPE;
}

/** JSON only: kube-apiserver also speaks the gnostic protobuf form, which this sandbox does not. */
/**
 * kube-openapi's handler: the first Accept clause that matches JSON or the protobuf Document wins (its deprecated
 * `@v1.0` name too, which kubectl 1.32 sends; the answer always names the current one); none is a bare 406.
 */
const V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const V2_FORMATS: [string, 'json' | 'protobuf'][] = [
  ['json', 'json'],
  ['com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf'],
  ['com.github.proto-openapi.spec.v2.v1.0+protobuf', 'protobuf'],
];

function serveOpenApiV2(api: ApiServer, req: IncomingMessage, res: ServerResponse): void {
  const types = parseMediaTypes(req.headers.accept || '*/*');
  let format: 'json' | 'protobuf' | undefined;
  for (const t of types) {
    const [type, sub] = t.type.split('/');
    format = V2_FORMATS.find(([s]) => (type === 'application' || type === '*') && (sub === s || sub === '*'))?.[1];
    if (format) break;
  }
  baseHeaders(res);
  res.setHeader('Vary', 'Accept');
  if (!format) {
    res.setHeader('Content-Length', 0);
    res.writeHead(406);
    res.end();
    return;
  }
  const lastModified = api.openapi.lastModified.toUTCString();
  if (format === 'json') {
    const body = api.openapi.v2();
    sendObject(res, 200, body, {
      contentType: 'application/json',
      headers: { Etag: `"${api.openapi.lastModified.getTime().toString(16)}"`, 'Last-Modified': lastModified },
    });
    return;
  }
  const doc = api.openapi.v2Protobuf();
  const etag = `"${doc.hash}"`;
  res.setHeader('Etag', etag);
  res.setHeader('Last-Modified', lastModified);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  sendObject(res, 200, doc.body, { contentType: V2_PROTOBUF });
}

function rootPaths(api: ApiServer): string[] {
  const paths = ['/api', '/api/v1', '/apis', '/apis/', '/healthz', '/livez', '/openapi/v2', '/openapi/v3', '/openapi/v3/', '/readyz', '/version'];
  for (const g of api.registry.groups()) {
    paths.push(`/apis/${g}`);
    for (const v of api.registry.versions(g)) paths.push(`/apis/${g}/${v}`);
  }
  return paths.sort();
}
