// kcurl proxy: kubectl proxy's flags, filter and messages, with the resolved credentials injected (any
// source, including the in-pod serviceaccount mount), one line per relayed request with the direct
// curl line against the API server, and --record.
import type { Session } from '../../cli/session.js';
import { refuseOffline } from '../../plan/run-plan.js';
import { usageError } from '../../errors.js';
import { untilInterrupted } from '../../io.js';
import { renderPreamble } from '../../render/credential-preamble.js';
import { shellComment } from '../../render/shell-quote.js';
import {
  DEFAULT_ACCEPT_HOSTS,
  DEFAULT_ACCEPT_PATHS,
  DEFAULT_REJECT_METHODS,
  DEFAULT_REJECT_PATHS,
  type ProxyFilter,
  isLoopback,
  regexpArray,
  withTrailingSlash,
} from '../../proxy/filter.js';
import { curlLine } from '../../proxy/report.js';
import { redactRelayedBody } from '../../record/redact.js';
import { type RelayedInfo, startProxyServer } from '../../proxy/server.js';
import type { ProxyFlags as ProxyCommandFlags } from './flags.js';

export interface ProxyFlags {
  port: number;
  address: string;
  acceptHosts: string;
  acceptPaths: string;
  rejectPaths: string;
  rejectMethods: string;
  apiPrefix: string;
  www?: string;
  wwwPrefix: string;
  disableFilter: boolean;
}

export function proxyFlags(f: ProxyCommandFlags): ProxyFlags {
  return {
    port: f.port,
    address: f.address ?? '127.0.0.1',
    acceptHosts: f.acceptHosts ?? DEFAULT_ACCEPT_HOSTS,
    acceptPaths: f.acceptPaths ?? DEFAULT_ACCEPT_PATHS,
    rejectPaths: f.rejectPaths ?? DEFAULT_REJECT_PATHS,
    rejectMethods: f.rejectMethods ?? DEFAULT_REJECT_METHODS,
    apiPrefix: f.apiPrefix ?? '/',
    www: f.www || undefined,
    wwwPrefix: f.wwwPrefix ?? '/static/',
    disableFilter: f.disableFilter,
  };
}

/** Checks --port (for kcurl proxy and kcurl replay --serve). */
export function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port must be a number from 0 to 65535, got ${String(port)}`);
}

/** Checks the flags; returns the filter (undefined with --disable-filter). */
export function validateProxyFlags(p: ProxyFlags, given: ReadonlySet<string>): ProxyFilter | undefined {
  checkPort(p.port);
  // A proxy that adds your credentials to whatever reaches it must not face the network by accident.
  if (!isLoopback(p.address) && !given.has('accept-hosts') && !p.disableFilter) {
    throw usageError(
      `refusing to serve on ${p.address}, which is not a loopback address: anyone who can reach it would act with your credentials`,
      "pass --accept-hosts with the host names clients will use (for example --accept-hosts='^my-host$') to serve there deliberately",
    );
  }
  if (p.disableFilter) return undefined;
  return {
    acceptHosts: regexpArray('accept-hosts', p.acceptHosts),
    acceptPaths: regexpArray('accept-paths', p.acceptPaths),
    rejectPaths: regexpArray('reject-paths', p.rejectPaths),
    rejectMethods: regexpArray('reject-methods', p.rejectMethods),
  };
}

/** Go's net.JoinHostPort, as kubectl prints the listener address. */
export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export async function runProxy(session: Session, f: ProxyCommandFlags, given: ReadonlySet<string>): Promise<number> {
  const io = session.io;
  refuseOffline(session, 'kcurl proxy relays requests; it cannot run with --offline');
  const p = proxyFlags(f);
  const filter = validateProxyFlags(p, given);
  const creds = await session.credentials();
  const recorder = await session.recorder();
  const executor = await session.executor('relay');
  const preamble = renderPreamble(creds, { reveal: session.options.reveal });
  const quiet = session.options.quiet;
  // A bodiless request's line depends only on its method, target, headers and whether it streams: a client
  // repeating a request (a poll, a controller's GETs) gets the line made the first time.
  const lines = new Map<string, string>();
  const lineFor = (info: RelayedInfo): string => {
    if (info.body || info.bodyBytes) return curlLine(session.options.reveal ? info : redactRelayedBody(info), creds, preamble, { sayConverted: true });
    const key = `${info.method} ${info.target} ${info.streaming} ${info.headers.join('\n')}`;
    let line = lines.get(key);
    if (line === undefined) {
      line = curlLine(info, creds, preamble, { sayConverted: true });
      if (lines.size >= 256) lines.clear();
      lines.set(key, line);
    }
    return line;
  };
  const proxy = await startProxyServer({
    port: p.port,
    address: p.address,
    filter,
    apiPrefix: withTrailingSlash(p.apiPrefix),
    www: p.www,
    wwwPrefix: withTrailingSlash(p.wwwPrefix),
    executor,
    serverUrl: creds.server.value,
    recorder,
    onRejected: (request, why) => {
      if (!quiet) io.stderr.write(`403 Forbidden  ${request} rejected: ${why}\n`);
    },
    onRelayed: (info) => {
      if (quiet) return;
      const ms = `${Math.round(info.ms)}ms`;
      const what = info.error ? `${info.status} ${info.statusText} (${info.error})` : `${info.status} ${info.statusText}`;
      io.stderr.write(`${what} ${ms}  ${lineFor(info)}\n`);
    },
  });
  if (p.disableFilter) io.stderr.write('Warning: Request filter disabled, your proxy is vulnerable to XSRF attacks, please be cautious\n');
  if (!quiet) {
    io.stderr.write(shellComment('each relayed request is shown as the direct curl call against the API server; these set its variables:') + '\n');
    io.stderr.write(preamble.lines.join('\n') + '\n');
  }
  // A server that may run all day, one small request at a time: a small heap, without --optimize-for-size's
  // cost to every request (see keepHeapSmall).
  const restoreHeap = await io.keepHeapSmall?.({ oldGeneration: 'slow-growth' });
  // kubectl proxy: fmt.Fprintf(out, "Starting to serve on %s\n", l.Addr().String())
  io.stdout.write(`Starting to serve on ${hostPort(proxy.address, proxy.port)}\n`);
  await untilInterrupted(io);
  await proxy.close();
  restoreHeap?.();
  return 0;
}
