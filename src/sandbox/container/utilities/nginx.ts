// The nginx image's process: what docker-entrypoint.sh and nginx print when they start, then it serves
// (idles) until the container is stopped.
import { formatDate } from './system.js';
import type { Utility, UtilityContext } from './registry.js';

async function runNginx(ctx: UtilityContext, entrypoint: boolean): Promise<number> {
  if (entrypoint) {
    for (const line of [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ])
      await ctx.stdout.write(`${line}\n`);
  }
  const stamp = () => formatDate(ctx.now(), '%Y/%m/%d %H:%M:%S');
  for (const line of [
    '[notice] 1#1: using the "epoll" event method',
    '[notice] 1#1: nginx/1.27.3',
    '[notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)',
    '[notice] 1#1: OS: Linux 6.8.0-1017-gcp',
    '[notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
    '[notice] 1#1: start worker processes',
    '[notice] 1#1: start worker process 29',
    '[notice] 1#1: start worker process 30',
  ])
    await ctx.stderr.write(`${stamp()} ${line}\n`);
  await ctx.sleep(Infinity);
  return 0;
}

export const nginxUtilities: Record<string, Utility> = {
  nginx: (ctx) => runNginx(ctx, false),
  /** The nginx image's ENTRYPOINT: configures and starts nginx, or runs any other command it is given. */
  'docker-entrypoint.sh': async (ctx) => {
    if (ctx.args[0] === 'nginx' || ctx.args[0] === 'nginx-debug') return runNginx(ctx, true);
    return ctx.args.length ? ctx.run(ctx.args, ctx.env) : 0;
  },
};

const WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NOT_FOUND = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.27.3</center>
</body>
</html>
`;

/** What the nginx image's default server answers on port 80: the welcome page at `/`, 404 elsewhere. */
export function nginxAnswer(method: string, path: string, now: Date): { status: number; statusText: string; headers: [string, string][]; body: string } {
  const found = path === '/' || path === '/index.html';
  const body = found ? WELCOME : NOT_FOUND;
  const headers: [string, string][] = [
    ['Server', 'nginx/1.27.3'],
    ['Date', now.toUTCString()],
    ['Content-Type', 'text/html'],
    ['Content-Length', String(Buffer.byteLength(body))],
  ];
  if (found) headers.push(['Last-Modified', 'Tue, 26 Nov 2024 15:55:00 GMT']);
  headers.push(['Connection', 'keep-alive']);
  if (found) headers.push(['ETag', '"6745ef54-267"'], ['Accept-Ranges', 'bytes']);
  return { status: found ? 200 : 404, statusText: found ? 'OK' : 'Not Found', headers, body: method === 'HEAD' ? '' : body };
}
