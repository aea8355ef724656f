// kubectl proxy's request filter and routing, as pure functions (kubectl pkg/proxy/proxy_server.go):
// comma-separated regular expressions for hosts, paths and methods; a rejected request gets
// `403 Forbidden` as Go's http.Error writes it; the API prefix is stripped unless it starts with /api.
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

export type Route =
  | { kind: 'api'; path: string }
  | { kind: 'static'; path: string }
  | { kind: 'not-found' };

/**
 * Go ServeMux routing between the API prefix and (with --www) the static prefix: the longest matching
 * prefix wins. API paths lose the prefix unless it starts with /api (stripLeaveSlash).
 */
export function route(path: string, apiPrefix: string, staticPrefix: string | undefined): Route {
  const candidates: { kind: 'api' | 'static'; prefix: string }[] = [{ kind: 'api', prefix: apiPrefix }];
  if (staticPrefix) candidates.push({ kind: 'static', prefix: staticPrefix });
  const match = candidates.filter((c) => path.startsWith(c.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!match) return { kind: 'not-found' };
  if (match.kind === 'static') return { kind: 'static', path: path.slice(match.prefix.length) };
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
