// kubectl proxy's request filter and routing, as pure functions (kubectl pkg/proxy/proxy_server.go):
// comma-separated regular expressions for hosts, paths and methods; a rejected request gets
// `403 Forbidden` as Go's http.Error writes it; the API prefix is stripped unless it starts with /api.
// `admit` decides one request the way Go's ServeMux and kubectl's FilterServer do (dot-segments and
// double slashes redirected to the cleaned path, the filter matched against the %-decoded path), and
// is stricter where kubectl lets a request through that it meant to refuse (see admit).
import { cleanPath } from '../plan/request-plan.js';
import { usageError } from '../errors.js';

// kubectl proxy defaults (pkg/cmd/proxy/proxy.go).
export const DEFAULT_ACCEPT_HOSTS = '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$';
export const DEFAULT_ACCEPT_PATHS = '^.*';
export const DEFAULT_REJECT_PATHS = '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach';
export const DEFAULT_REJECT_METHODS = '^$';

export interface ProxyFilter {
  acceptHosts: RegExp[];
  acceptPaths: RegExp[];
  rejectPaths: RegExp[];
  rejectMethods: RegExp[];
}

/** proxy.MakeRegexpArray: split on ',' and compile each (an empty string gives no expressions). */
export function regexpArray(flag: string, value: string): RegExp[] {
  if (value === '') return [];
  return value.split(',').map((source) => {
    try {
      return new RegExp(source);
    } catch (err) {
      throw usageError(`invalid --${flag} regular expression ${JSON.stringify(source)}: ${(err as Error).message}`);
    }
  });
}

const matchesAny = (value: string, res: RegExp[]) => res.some((re) => re.test(value));

/** FilterServer.accept: reject paths and methods first, then require an accepted path and host. */
export function accepts(filter: ProxyFilter, method: string, path: string, host: string): boolean {
  return rejection(filter, method, path, host) === undefined;
}

/** Which rule turns a request away (for the proxy's log line), or undefined when it is accepted. */
export function rejection(filter: ProxyFilter, method: string, path: string, host: string): string | undefined {
  if (matchesAny(path, filter.rejectPaths)) return `the path matches --reject-paths`;
  if (matchesAny(method, filter.rejectMethods)) return `the method matches --reject-methods`;
  if (!matchesAny(path, filter.acceptPaths)) return `the path does not match --accept-paths`;
  if (!matchesAny(host, filter.acceptHosts)) return `the host ${JSON.stringify(host)} does not match --accept-hosts`;
  return undefined;
}

/**
 * extractHost: net.SplitHostPort's host, or the whole header when it has no port. Like Go, brackets
 * go with the port: "[::1]:8001" gives "::1", while "[::1]" stays "[::1]".
 */
export function extractHost(hostHeader: string): string {
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    if (end > 0 && hostHeader[end + 1] === ':' && !hostHeader.slice(end + 2).includes(':')) return hostHeader.slice(1, end);
    return hostHeader;
  }
  const colon = hostHeader.lastIndexOf(':');
  if (colon < 0 || hostHeader.indexOf(':') !== colon) return hostHeader;
  return hostHeader.slice(0, colon);
}

/** Appends a trailing slash, as kubectl does for --api-prefix and --www-prefix. */
export function withTrailingSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix : prefix + '/';
}

export type Route = { kind: 'api'; path: string } | { kind: 'static'; path: string } | { kind: 'not-found' };

/**
 * Go ServeMux routing between the API prefix and (with --www) the static prefix: the longest matching
 * prefix wins. API paths lose the prefix unless it starts with /api (stripLeaveSlash).
 */
export function route(path: string, apiPrefix: string, staticPrefix: string | undefined): Route {
  const api = path.startsWith(apiPrefix);
  // The static prefix wins only when it is the longer match (on a tie, the API's).
  if (staticPrefix && path.startsWith(staticPrefix) && (!api || staticPrefix.length > apiPrefix.length)) {
    return { kind: 'static', path: path.slice(staticPrefix.length) };
  }
  if (!api) return { kind: 'not-found' };
  if (apiPrefix.startsWith('/api')) return { kind: 'api', path };
  let p = path.slice(apiPrefix.length);
  if (p.length >= path.length) return { kind: 'not-found' };
  if (!p.startsWith('/')) p = '/' + p;
  return { kind: 'api', path: p };
}

/** True for addresses only this machine can reach. */
export function isLoopback(address: string): boolean {
  return address === 'localhost' || /^127\./.test(address) || address === '::1' || address === '[::1]';
}

/**
 * Go's url.PathUnescape for a request path: %XX escapes decoded (bytes read as UTF-8), '+' left alone.
 * Undefined for a malformed escape, which Go's server answers with 400 Bad Request.
 */
export function unescapePath(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  if (/%(?![0-9A-Fa-f]{2})/.test(raw)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '%') {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else for (const b of Buffer.from(raw[i], 'latin1')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** An empty, '.' or '..' segment: what path.Clean changes in a rooted path. */
const UNCLEAN = /\/\/|\/\.\.?(?:\/|$)/;

/**
 * Go's net/http cleanPath: path.Clean on a rooted path, keeping a trailing slash. A rooted path without an empty,
 * '.' or '..' segment is already clean (nearly every request: no split and join).
 */
export const cleanHttpPath = (p: string): string => (p.startsWith('/') && !UNCLEAN.test(p) ? p : cleanPath(p, true));

/** What admit looks at in a request. */
export interface Admission {
  method: string;
  /** The request target as received (origin-form "/p?q" or absolute-form "http://h/p?q"). */
  target: string;
  /** The Host header ('' when absent); an absolute-form target's host wins, as Go sets r.Host. */
  host: string;
  /** The Origin header, when a browser sent one. */
  origin?: string;
}

export type Verdict =
  /** Go's ServeMux answer for a path with dot-segments or double slashes: 301 to the cleaned path. */
  | { kind: 'redirect'; location: string }
  /** A target Go's server cannot parse (malformed %-escape, not a path). */
  | { kind: 'bad-request' }
  | { kind: 'not-found' }
  | { kind: 'static'; path: string }
  | { kind: 'forbidden'; why: string }
  /** Relay: `target` is the path (prefix removed) and query as received, still escaped. */
  | { kind: 'api'; target: string };

export interface AdmitOptions {
  /** Absent with --disable-filter. */
  filter?: ProxyFilter;
  apiPrefix: string;
  staticPrefix?: string;
}

/**
 * Decides one request as kubectl proxy would, in its order: ServeMux (redirect unclean paths, route by
 * prefix), then FilterServer on the %-decoded path. Two deliberate differences, both stricter:
 * - the filter must pass for the decoded path *and* for its cleaned form, so `/x/%2e%2e/api/…/exec`
 *   (which kubectl's filter sees as `/x/../api/…` and lets through) is refused;
 * - a browser's Origin header must name an accepted host too, so a page on another site cannot drive
 *   the proxy (kubectl proxy ignores Origin; browsers send cross-site WebSocket handshakes unasked).
 */
export function admit(opts: AdmitOptions, req: Admission): Verdict {
  let target = req.target;
  let host = req.host;
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(target);
  if (absolute) {
    // Go: an absolute-form target's host wins over the Host header.
    host = absolute[1] || host;
    target = target.slice(absolute[0].length);
    if (!target.startsWith('/')) target = '/' + target;
  } else if (!target.startsWith('/')) return { kind: 'bad-request' };
  const qAt = target.indexOf('?');
  const rawPath = qAt >= 0 ? target.slice(0, qAt) : target;
  const query = qAt >= 0 ? target.slice(qAt) : '';
  if (unescapePath(rawPath) === undefined) return { kind: 'bad-request' };
  const clean = cleanHttpPath(rawPath);
  if (clean !== rawPath) return { kind: 'redirect', location: hexEscapeNonAscii(clean + (query === '?' ? '' : query)) };
  // ServeMux: "/prefix" redirects to "/prefix/" when only the subtree is registered.
  for (const prefix of [opts.apiPrefix, opts.staticPrefix]) {
    if (prefix && prefix !== '/' && rawPath + '/' === prefix) return { kind: 'redirect', location: prefix + (query === '?' ? '' : query) };
  }
  const r = route(rawPath, opts.apiPrefix, opts.staticPrefix);
  if (r.kind !== 'api') return r;
  if (opts.filter) {
    const decoded = unescapePath(r.path)!;
    const hostname = extractHost(host);
    const cleaned = cleanHttpPath(decoded);
    const why =
      rejection(opts.filter, req.method, decoded, hostname) ??
      (cleaned === decoded ? undefined : rejection(opts.filter, req.method, cleaned, hostname)) ??
      originRejection(opts.filter, req.origin);
    if (why) return { kind: 'forbidden', why };
  }
  return { kind: 'api', target: r.path + query };
}

/** Go's http.Redirect hexEscapeNonASCII, so the Location header stays ASCII (bytes as Node's parser hands them over, latin1). */
function hexEscapeNonAscii(s: string): string {
  return s.replace(/[^\x00-\x7f]/g, (c) => [...Buffer.from(c, 'latin1')].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''));
}

/** The Origin header's host must pass --accept-hosts as the Host header does ("null" never does). */
function originRejection(filter: ProxyFilter, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  let hostname: string | undefined;
  try {
    hostname = origin === 'null' ? undefined : new URL(origin).hostname;
  } catch {
    hostname = undefined;
  }
  if (hostname !== undefined && matchesAny(hostname, filter.acceptHosts)) return undefined;
  return `the origin ${JSON.stringify(origin)} does not match --accept-hosts`;
}
