// kcurl proxy: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const PROXY_HELP: CommandHelp = {
  usage: 'kcurl proxy [--port=PORT] [--www=static-dir] [--www-prefix=prefix] [--api-prefix=prefix] [flags]',
  summary: 'Run a proxy to the API server like kubectl proxy, printing each relayed request as a direct curl line',
  examples: [
    ['Proxy the API on 127.0.0.1:8001 with the current credentials', 'kcurl proxy'],
    ['Pick a free port and record every exchange', 'kcurl proxy --port=0 --record session.har'],
    ['Sidecar in a pod: the serviceaccount mount supplies the credentials', 'kcurl proxy --in-cluster'],
  ],
};

export const PROXY_FLAGS = defineFlags([
  { name: 'port', short: 'p', type: 'number', desc: 'The port on which to run the proxy. Set to 0 to pick a random port.', default: 8001 },
  { name: 'address', type: 'string', desc: 'The IP address on which to serve on (a non-loopback address needs --accept-hosts).', default: '127.0.0.1' },
  {
    name: 'accept-hosts',
    type: 'string',
    desc: 'Regular expression for hosts that the proxy should accept.',
    default: '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$',
  },
  { name: 'accept-paths', type: 'string', desc: 'Regular expression for paths that the proxy should accept.', default: '^.*' },
  {
    name: 'reject-paths',
    type: 'string',
    desc: 'Regular expression for paths that the proxy should reject. Paths specified here will be rejected even accepted by --accept-paths.',
    default: '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach',
  },
  {
    name: 'reject-methods',
    type: 'string',
    desc: "Regular expression for HTTP methods that the proxy should reject (example --reject-methods='POST,PUT,PATCH').",
    default: '^$',
  },
  { name: 'api-prefix', type: 'string', desc: 'Prefix to serve the proxied API under.', default: '/' },
  { name: 'www', short: 'w', type: 'string', desc: 'Also serve static files from the given directory under the specified prefix.' },
  { name: 'www-prefix', short: 'P', type: 'string', desc: 'Prefix to serve static files under, if static file directory is specified.', default: '/static/' },
  {
    name: 'disable-filter',
    type: 'boolean',
    desc: 'If true, disable request filtering in the proxy. This is dangerous, and can leave you vulnerable to XSRF attacks, when used with an accessible port.',
  },
] as const);

export type ProxyFlags = CommandOptions<typeof PROXY_FLAGS>;
