// Programs images run to stay up: redis-server and Apache httpd (their startup lines, then they serve until
// stopped) and an init (busybox's or systemd's /sbin/init) that idles, as the keep-alive idioms of a workshop.
import { formatDate } from './system.js';
import type { Utility, UtilityContext } from './registry.js';

const idle = async (ctx: UtilityContext): Promise<number> => {
  await ctx.sleep(Infinity);
  return 0;
};

const redisServer: Utility = async (ctx) => {
  const stamp = () => formatDate(ctx.now(), '%d %b %Y %H:%M:%S.%N').replace(/(\.\d{3})\d+$/, '$1');
  for (const line of [
    '1:C {t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
    '1:C {t} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started',
    '1:C {t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
    '1:M {t} * monotonic clock: POSIX clock_gettime',
    '1:M {t} * Running mode=standalone, port=6379.',
    '1:M {t} * Server initialized',
    '1:M {t} * Ready to accept connections tcp',
  ])
    await ctx.stdout.write(`${line.replace('{t}', stamp())}\n`);
  return idle(ctx);
};

const httpdForeground: Utility = async (ctx) => {
  const stamp = formatDate(ctx.now(), '%a %b %d %H:%M:%S.000000 %Y');
  // Apache names the server by the address its hostname resolves to: the pod IP in kubelet's /etc/hosts.
  const ip =
    (ctx.fs.read('/etc/hosts') ?? '')
      .split('\n')
      .map((l) => l.split('\t'))
      .find((f) => f[1] === ctx.hostname)?.[0] ?? '127.0.0.1';
  const noName = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;
  for (const line of [
    noName,
    noName,
    `[${stamp}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations`,
    `[${stamp}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`,
  ])
    await ctx.stderr.write(`${line}\n`);
  return idle(ctx);
};

export const daemonUtilities: Record<string, Utility> = {
  'redis-server': redisServer,
  'httpd-foreground': httpdForeground,
  httpd: httpdForeground,
  init: idle,
  systemd: idle,
};
