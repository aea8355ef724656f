// curl (8.x) and busybox wget over the pod's network (container/network.ts): requests really reach what
// answers in the sandbox — the API server behind `kubernetes` with its serving certificate, verified against
// `--cacert` — with curl's options, output and error codes for what a workshop types (-s -S -k -H -X -d -o -i -I
// -v -f -w -L -u), and wget's (-q -O --header --post-data --no-check-certificate -S).
import { CommandError } from '../errors.js';
import { NetworkError, type HttpResponse, type PodNetwork } from '../network.js';
import type { Utility, UtilityContext } from './registry.js';

const CURL_VERSION = '8.11.1';

/** curl's progress-meter sizes: 5 columns, k/M suffixes past 99999. */
function size5(n: number): string {
  if (n < 100_000) return String(n).padStart(5);
  if (n < 10_000 * 1024) return `${Math.round(n / 1024)}k`.padStart(5);
  return `${Math.round(n / 1024 / 1024)}M`.padStart(5);
}

function progressMeter(total: number, sent: number): string {
  const head =
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
  const line = (got: number) => {
    const pct = (a: number, b: number) => String(b === 0 ? 0 : Math.floor((a * 100) / b)).padStart(3);
    return `\r${total ? pct(got, total) : '  0'} ${size5(total)}  ${total ? pct(got, total) : '  0'} ${size5(got)}  ${pct(sent, sent)} ${size5(sent)}  ${size5(got)}  ${size5(sent)} --:--:-- --:--:-- --:--:-- ${size5(got)}`;
  };
  return `${head}${line(0)}${line(total)}\n`;
}

const SSL_HELP =
  'More details here: https://curl.se/docs/sslcerts.html\n\n' +
  'curl failed to verify the legitimacy of the server and therefore could not\n' +
  'establish a secure connection to it. To learn more about this situation and\n' +
  'how to fix it, please visit the webpage mentioned above.\n';

interface CurlOptions {
  urls: string[];
  method?: string;
  headers: [string, string][];
  data?: string;
  silent: boolean;
  showError: boolean;
  insecure: boolean;
  cacert?: string;
  output?: string;
  remoteName: boolean;
  include: boolean;
  head: boolean;
  verbose: boolean;
  fail: boolean;
  writeOut?: string;
  user?: string;
  userAgent?: string;
  /** -G: the data goes in the query of a GET. */
  get: boolean;
}

/** Options that take a value (long and short forms). */
const CURL_VALUE = new Map<string, keyof CurlOptions | 'data-binary' | 'ignore'>([
  ['-X', 'method'],
  ['--request', 'method'],
  ['-H', 'headers'],
  ['--header', 'headers'],
  ['-d', 'data'],
  ['--data', 'data'],
  ['--data-binary', 'data-binary'],
  ['--data-raw', 'data-binary'],
  ['--data-ascii', 'data'],
  ['--data-urlencode', 'data-binary'],
  ['--cacert', 'cacert'],
  ['-o', 'output'],
  ['--output', 'output'],
  ['-w', 'writeOut'],
  ['--write-out', 'writeOut'],
  ['-u', 'user'],
  ['--user', 'user'],
  ['-A', 'userAgent'],
  ['--user-agent', 'userAgent'],
  ['-m', 'ignore'],
  ['--max-time', 'ignore'],
  ['--connect-timeout', 'ignore'],
  ['--retry', 'ignore'],
  ['--oauth2-bearer', 'ignore'],
  ['--url', 'urls'],
]);
const CURL_FLAGS: Record<string, (o: CurlOptions) => void> = {
  s: (o) => void (o.silent = true),
  S: (o) => void (o.showError = true),
  k: (o) => void (o.insecure = true),
  i: (o) => void (o.include = true),
  I: (o) => void (o.head = true),
  v: (o) => void (o.verbose = true),
  f: (o) => void (o.fail = true),
  G: (o) => void (o.get = true),
  L: () => undefined,
  O: (o) => void (o.remoteName = true),
  N: () => undefined,
  g: () => undefined,
};
const CURL_LONG_FLAGS: Record<string, string> = {
  '--silent': 's',
  '--show-error': 'S',
  '--insecure': 'k',
  '--include': 'i',
  '--head': 'I',
  '--verbose': 'v',
  '--fail': 'f',
  '--get': 'G',
  '--location': 'L',
  '--remote-name': 'O',
  '--no-buffer': 'N',
  '--globoff': 'g',
  '--fail-with-body': 'f',
  '--compressed': 'N',
  '--http1.1': 'N',
};

function parseCurl(ctx: UtilityContext): CurlOptions {
  const o: CurlOptions = {
    get: false,
    urls: [],
    headers: [],
    silent: false,
    showError: false,
    insecure: false,
    remoteName: false,
    include: false,
    head: false,
    verbose: false,
    fail: false,
  };
  const args = ctx.args;
  const readData = (v: string, raw: boolean): string => {
    if (raw || !v.startsWith('@')) return v;
    const name = v.slice(1);
    const text = name === '-' ? undefined : ctx.fs.read(ctx.resolve(name));
    if (text === undefined) {
      if (name !== '-') void ctx.stderr.write(`Warning: Couldn't read data from file "${name}", this makes an empty\nWarning: POST.\n`);
      return '';
    }
    // -d @file drops newlines (carriage returns too); --data-binary keeps the file as it is.
    return text.replace(/[\r\n]/g, '');
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const takes = CURL_VALUE.get(name);
    if (takes) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined)
        throw new CommandError(`curl: option ${name}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information`, 2);
      if (takes === 'headers') {
        const c = v.indexOf(':');
        if (c > 0) o.headers.push([v.slice(0, c).trim(), v.slice(c + 1).trim()]);
      } else if (takes === 'data' || takes === 'data-binary') {
        const chunk =
          takes === 'data'
            ? readData(v, false)
            : name === '--data-binary' && v.startsWith('@')
              ? (ctx.fs.read(ctx.resolve(v.slice(1))) ?? '')
              : name === '--data-urlencode'
                ? v.includes('=')
                  ? `${v.slice(0, v.indexOf('='))}=${encodeURIComponent(v.slice(v.indexOf('=') + 1))}`
                  : encodeURIComponent(v)
                : v;
        o.data = o.data === undefined ? chunk : `${o.data}&${chunk}`;
      } else if (takes === 'urls') o.urls.push(v);
      else if (takes !== 'ignore') (o as unknown as Record<string, string>)[takes] = v;
      continue;
    }
    if (CURL_LONG_FLAGS[a]) {
      CURL_FLAGS[CURL_LONG_FLAGS[a]](o);
      continue;
    }
    if (/^-[A-Za-z]+$/.test(a)) {
      // Bundled short options; a value option ends the bundle (`-sSo file`, `-XPOST`).
      for (let k = 1; k < a.length; k++) {
        const f = a[k];
        const valued = CURL_VALUE.get(`-${f}`);
        if (valued) {
          const rest = a.slice(k + 1);
          const v = rest || args[++i];
          if (v === undefined)
            throw new CommandError(`curl: option -${f}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information`, 2);
          const sub = { ...ctx, args: [`-${f}`, v] };
          const parsed = parseCurl(sub);
          o.headers.push(...parsed.headers);
          for (const key of ['method', 'data', 'cacert', 'output', 'writeOut', 'user', 'userAgent'] as const)
            if (parsed[key] !== undefined) (o as unknown as Record<string, unknown>)[key] = parsed[key];
          break;
        }
        const flag = CURL_FLAGS[f];
        if (!flag) throw new CommandError(`curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`, 2);
        flag(o);
      }
      continue;
    }
    if (a.startsWith('-') && a !== '-')
      throw new CommandError(`curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`, 2);
    o.urls.push(a);
  }
  return o;
}

/** curl's `-w` variables that a workshop uses. */
function writeOut(format: string, res: HttpResponse, url: URL, size: number): string {
  const header = (n: string) => res.headers.find(([k]) => k.toLowerCase() === n)?.[1] ?? '';
  return format
    .replace(/%\{([a-z_]+)\}/g, (m, v: string) => {
      switch (v) {
        case 'http_code':
        case 'response_code':
          return String(res.status).padStart(3, '0');
        case 'content_type':
          return header('content-type');
        case 'size_download':
          return String(size);
        case 'url_effective':
          return url.href;
        case 'remote_ip':
          return res.remote.replace(/:\d+$/, '');
        default:
          return m.startsWith('%{time') ? '0.001000' : '';
      }
    })
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\r/g, '\r');
}

function parseUrl(raw: string): URL | undefined {
  const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`;
  try {
    return new URL(withScheme);
  } catch {
    return undefined;
  }
}

const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

function requireNetwork(ctx: UtilityContext): PodNetwork {
  if (!ctx.network) throw new CommandError(`${ctx.name}: this container has no network in kcurl sandbox`, ctx.name === 'curl' ? 7 : 1);
  return ctx.network;
}

const curl: Utility = async (ctx) => {
  const o = parseCurl(ctx);
  const say = async (code: number, message: string): Promise<number> => {
    if (!o.silent || o.showError) await ctx.stderr.write(`curl: (${code}) ${message}\n`);
    return code;
  };
  if (o.urls.length === 0) {
    await ctx.stderr.write("curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const network = requireNetwork(ctx);
  let status = 0;
  for (const raw of o.urls) {
    const url = parseUrl(raw);
    if (url && o.get && o.data !== undefined) url.search = url.search ? `${url.search}&${o.data}` : `?${o.data}`;
    const data = o.get ? undefined : o.data;
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      status = await say(url ? 1 : 3, url ? `Protocol "${url.protocol.slice(0, -1)}" not supported` : 'URL rejected: Malformed input to a URL function');
      continue;
    }
    let ca: string | undefined;
    if (o.cacert !== undefined) {
      ca = ctx.fs.read(ctx.resolve(o.cacert));
      if (ca === undefined) {
        status = await say(77, `error setting certificate file: ${o.cacert}`);
        continue;
      }
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const method = o.method ?? (o.head ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
    const headers: [string, string][] = [
      ['Host', url.host],
      ['User-Agent', o.userAgent ?? `curl/${CURL_VERSION}`],
      ['Accept', '*/*'],
    ];
    if (o.user !== undefined) headers.push(['Authorization', `Basic ${Buffer.from(o.user.includes(':') ? o.user : `${o.user}:`).toString('base64')}`]);
    if (data !== undefined) {
      headers.push(['Content-Length', String(Buffer.byteLength(data))]);
      headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
    // -H replaces a default header of the same name; `Name:` with no value removes it.
    for (const [k, v] of o.headers) {
      const at = headers.findIndex(([n]) => n.toLowerCase() === k.toLowerCase());
      if (at >= 0) headers.splice(at, 1);
      if (v !== '') headers.push([k, v]);
    }
    const ip = network.resolve(host);
    const verbose = (line: string) => (o.verbose ? ctx.stderr.write(line) : undefined);
    if (ip === undefined) {
      if (o.verbose) await ctx.stderr.write(`* Could not resolve host: ${host}\n* shutting down connection #0\n`);
      status = await say(6, `Could not resolve host: ${host}`);
      continue;
    }
    await verbose(`* Host ${host}:${defaultPort(url)} was resolved.\n* IPv6: (none)\n* IPv4: ${ip}\n*   Trying ${ip}:${defaultPort(url)}...\n`);
    let res: HttpResponse;
    try {
      res = await network.request({
        method,
        url,
        headers,
        body: data !== undefined ? Buffer.from(data) : undefined,
        ca,
        insecure: o.insecure,
        signal: ctx.signal,
      });
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      if (e.kind === 'connect') {
        await verbose(
          `* connect to ${ip} port ${defaultPort(url)} from 0.0.0.0 port 0 failed: Connection refused\n* Failed to connect to ${host} port ${defaultPort(url)} after 0 ms: Couldn't connect to server\n* closing connection #0\n`,
        );
        status = await say(7, `Failed to connect to ${host} port ${defaultPort(url)} after 0 ms: Couldn't connect to server`);
      } else if (e.kind === 'certificate' || e.kind === 'hostname') {
        await verbose(`* Connected to ${host} (${ip}) port ${defaultPort(url)}\n* SSL certificate problem: ${e.detail}\n* closing connection #0\n`);
        const msg = e.kind === 'certificate' ? `SSL certificate problem: ${e.detail}` : e.detail;
        if (!o.silent || o.showError) await ctx.stderr.write(`curl: (60) ${msg}\n${SSL_HELP}`);
        status = 60;
      } else status = await say(e.kind === 'timeout' ? 28 : 35, e.detail);
      continue;
    }
    if (o.verbose) {
      let text = `* Connected to ${host} (${ip}) port ${defaultPort(url)}\n`;
      if (url.protocol === 'https:')
        text += `* SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256 / x25519 / RSASSA-PSS\n* Server certificate:\n*  subject: CN=kube-apiserver\n*  issuer: CN=kcurl-sandbox-ca\n*  SSL certificate verify ${o.insecure ? 'result: unable to get local issuer certificate (20), continuing anyway.' : 'ok.'}\n`;
      text += `* using HTTP/1.x\n> ${method} ${url.pathname}${url.search} HTTP/1.1\n`;
      for (const [k, v] of headers) text += `> ${k}: ${v}\n`;
      text += '> \n* Request completely sent off\n';
      text += `< HTTP/${res.httpVersion} ${res.status} ${res.statusText}\n`;
      for (const [k, v] of res.headers) text += `< ${k}: ${v}\n`;
      text += '< \n';
      await ctx.stderr.write(text);
    }
    const body = method === 'HEAD' ? Buffer.alloc(0) : res.body;
    if (o.fail && res.status >= 400) {
      status = await say(22, `The requested URL returned error: ${res.status}`);
      continue;
    }
    let out = '';
    if (o.include || o.head) out += `HTTP/${res.httpVersion} ${res.status} ${res.statusText}\r\n${res.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    out += body.toString('utf8');
    const target = o.output ?? (o.remoteName ? url.pathname.split('/').pop() || 'curl_response' : undefined);
    const meter = !o.silent && (target !== undefined || !ctx.isTerminal) && !o.verbose;
    if (meter) await ctx.stderr.write(progressMeter(body.length, data !== undefined ? Buffer.byteLength(data) : 0));
    if (target !== undefined && target !== '-') {
      if (!ctx.fs.write(ctx.resolve(target), out, false) && target !== '/dev/null') {
        status = await say(23, `Failure writing output to destination, passed ${body.length} returned 0`);
        continue;
      }
    } else await ctx.stdout.write(out);
    if (o.verbose) await ctx.stderr.write(`{ [${body.length} bytes data]\n* Connection #0 to host ${host} left intact\n`);
    if (o.writeOut !== undefined) await ctx.stdout.write(writeOut(o.writeOut, res, url, body.length));
  }
  return status;
};

/** busybox wget's progress bar line. */
function wgetBar(name: string, size: number): string {
  const label = name.length > 20 ? name.slice(0, 20) : name.padEnd(20);
  return `${label} 100% |${'*'.repeat(32)}| ${String(size).padStart(5)}  0:00:00 ETA\n`;
}

const wget: Utility = async (ctx) => {
  let quiet = false;
  let output: string | undefined;
  let postData: string | undefined;
  let insecure = false;
  let serverResponse = false;
  let userAgent = 'Wget';
  const headers: [string, string][] = [];
  const urls: string[] = [];
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined)
        throw new CommandError(
          `wget: option requires an argument -- '${name.replace(/^-+/, '')}'\nBusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...`,
          1,
        );
      return v;
    };
    if (name === '-O' || name === '--output-document') output = value();
    else if (/^-O./.test(a)) output = a.slice(2);
    else if (name === '--header') {
      const h = value();
      const c = h.indexOf(':');
      if (c > 0) headers.push([h.slice(0, c).trim(), h.slice(c + 1).trim()]);
    } else if (name === '--post-data') postData = value();
    else if (name === '-U' || name === '--user-agent') userAgent = value();
    else if (name === '-T' || name === '--timeout' || name === '-Y' || name === '-o' || name === '-P') value();
    else if (name === '--no-check-certificate') insecure = true;
    else if (name === '--spider' || name === '-c' || name === '--continue') continue;
    else if (/^-[qS]+(O.*)?$/.test(a)) {
      // Bundled flags; O takes the rest of the word or the next argument (`-qO-`, `-qO /tmp/x`).
      const o = a.indexOf('O');
      const flags = o >= 0 ? a.slice(1, o) : a.slice(1);
      quiet ||= flags.includes('q');
      serverResponse ||= flags.includes('S');
      if (o >= 0) {
        output = a.slice(o + 1) || args[++i];
        if (output === undefined) throw new CommandError("wget: option requires an argument -- 'O'", 1);
      }
    } else if (name === '--quiet') quiet = true;
    else if (a.startsWith('-')) throw new CommandError(`wget: unrecognized option '${a}'`, 1);
    else urls.push(a);
  }
  if (urls.length === 0)
    throw new CommandError(
      'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...',
      1,
    );
  const network = requireNetwork(ctx);
  const log = (text: string) => (quiet ? undefined : ctx.stderr.write(text));
  for (const raw of urls) {
    const url = parseUrl(raw);
    if (!url || !['http:', 'https:'].includes(url.protocol)) throw new CommandError(`wget: not an http or ftp url: ${raw}`, 1);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const ip = network.resolve(host);
    if (ip === undefined) throw new CommandError(`wget: bad address '${host}'`, 1);
    // busybox's built-in TLS does not verify certificates, and says so.
    if (url.protocol === 'https:' && !insecure) await ctx.stderr.write('wget: note: TLS certificate validation not implemented\n');
    await log(`Connecting to ${url.host} (${ip}:${defaultPort(url)})\n`);
    const reqHeaders: [string, string][] = [
      ['Host', url.host],
      ['User-Agent', userAgent],
    ];
    if (postData !== undefined) reqHeaders.push(['Content-Type', 'application/x-www-form-urlencoded'], ['Content-Length', String(Buffer.byteLength(postData))]);
    for (const h of headers) {
      const at = reqHeaders.findIndex(([n]) => n.toLowerCase() === h[0].toLowerCase());
      if (at >= 0) reqHeaders.splice(at, 1);
      reqHeaders.push(h);
    }
    let res: HttpResponse;
    try {
      res = await network.request({
        method: postData !== undefined ? 'POST' : 'GET',
        url,
        headers: reqHeaders,
        body: postData !== undefined ? Buffer.from(postData) : undefined,
        insecure: true,
        signal: ctx.signal,
      });
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      throw new CommandError(
        e.kind === 'connect' ? `wget: can't connect to remote host (${ip}): Connection refused` : `wget: error getting response: ${e.detail}`,
        1,
      );
    }
    if (serverResponse)
      await ctx.stderr.write(`  HTTP/${res.httpVersion} ${res.status} ${res.statusText}\n${res.headers.map(([k, v]) => `  ${k}: ${v}\n`).join('')}`);
    if (res.status >= 400 || res.status < 200)
      throw new CommandError(`wget: server returned error: HTTP/${res.httpVersion} ${res.status} ${res.statusText}`, 1);
    const toStdout = output === '-';
    const file = output ?? (url.pathname.split('/').pop() || 'index.html');
    if (toStdout) {
      await log('writing to stdout\n');
      await ctx.stdout.write(res.body.toString('utf8'));
      await log(`${wgetBar('-', res.body.length)}written to stdout\n`);
    } else {
      await log(`saving to '${file}'\n`);
      if (!ctx.fs.write(ctx.resolve(file), res.body.toString('utf8'), false)) throw new CommandError(`wget: can't open '${file}': Read-only file system`, 1);
      await log(`${wgetBar(file, res.body.length)}'${file}' saved\n`);
    }
  }
  return 0;
};

export const httpClientUtilities: Record<string, Utility> = { curl, wget };
