// curl and wget of the container userland against a small cluster network (a table of what answers where):
// the request each sends, and curl 8 / busybox wget output and exit codes for the options a workshop uses.
import { describe, expect, it } from 'vitest';
import { NetworkError, type HttpRequest, type PodNetwork } from '../../../../../src/sandbox/container/network.js';
import { runUtility } from './run-utility.js';

const CA = '-----BEGIN CERTIFICATE-----\nCLUSTER-CA\n-----END CERTIFICATE-----\n';

/** `kubernetes` at 10.96.0.1:443 (verifies with CA only), `web` at 10.96.0.20:80; records what is sent. */
function cluster(): PodNetwork & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const names: Record<string, string> = { kubernetes: '10.96.0.1', 'kubernetes.default.svc': '10.96.0.1', web: '10.96.0.20' };
  return {
    sent,
    resolve: (host) => (/^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : names[host]),
    request: async (req) => {
      sent.push(req);
      const ip = names[req.url.hostname] ?? req.url.hostname;
      if (ip === '10.96.0.1') {
        if (!req.insecure && req.ca !== CA) throw new NetworkError('certificate', 'unable to get local issuer certificate');
        const auth = req.headers.find(([k]) => k === 'Authorization')?.[1];
        const status = auth === 'Bearer good' ? 200 : 403;
        const body = status === 200 ? '{"kind":"PodList"}\n' : '{"kind":"Status","code":403}\n';
        return {
          httpVersion: '1.1',
          status,
          statusText: status === 200 ? 'OK' : 'Forbidden',
          headers: [
            ['Content-Type', 'application/json'],
            ['Content-Length', String(body.length)],
          ],
          body: Buffer.from(body),
          remote: '10.96.0.1:443',
        };
      }
      if (ip === '10.96.0.20' && req.url.port === '')
        return {
          httpVersion: '1.1',
          status: 200,
          statusText: 'OK',
          headers: [['Content-Type', 'text/html']],
          body: Buffer.from('<h1>hi</h1>\n'),
          remote: '10.96.0.20:80',
        };
      throw new NetworkError('connect', 'Connection refused');
    },
  };
}

const METER_HEAD =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
const SSL_HELP =
  'More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the webpage mentioned above.\n';
const files = { '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt': CA, '/tmp/body.json': '{"a":\n1}\n' };

describe('curl', () => {
  it.each([
    {
      title: 'the in-pod lesson with --cacert and a bearer token',
      argv: [
        'curl',
        '-s',
        '--cacert',
        '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
        '-H',
        'Authorization: Bearer good',
        'https://kubernetes/api/v1/namespaces/default/pods',
      ],
      out: '{"kind":"PodList"}\n',
      err: '',
      code: 0,
    },
    { title: 'a 403 is still exit 0', argv: ['curl', '-sk', 'https://kubernetes/api'], out: '{"kind":"Status","code":403}\n', err: '', code: 0 },
    {
      title: '-f turns a 403 into error 22',
      argv: ['curl', '-sSfk', 'https://kubernetes/api'],
      out: '',
      err: 'curl: (22) The requested URL returned error: 403\n',
      code: 22,
    },
    {
      title: "no CA: error 60 with curl's explanation",
      argv: ['curl', 'https://kubernetes/api'],
      out: '',
      err: `curl: (60) SSL certificate problem: unable to get local issuer certificate\n${SSL_HELP}`,
      code: 60,
    },
    { title: '-s hides the error, -S shows it again', argv: ['curl', '-s', 'https://kubernetes/api'], out: '', err: '', code: 60 },
    {
      title: 'a CA file that does not exist',
      argv: ['curl', '-sS', '--cacert', '/nope.crt', 'https://kubernetes/api'],
      out: '',
      err: 'curl: (77) error setting certificate file: /nope.crt\n',
      code: 77,
    },
    { title: 'an unknown name', argv: ['curl', '-sS', 'http://nosuch/'], out: '', err: 'curl: (6) Could not resolve host: nosuch\n', code: 6 },
    {
      title: 'nothing listening',
      argv: ['curl', '-sS', 'http://web:8080/'],
      out: '',
      err: "curl: (7) Failed to connect to web port 8080 after 0 ms: Couldn't connect to server\n",
      code: 7,
    },
    {
      title: '-w with the status code',
      argv: ['curl', '-sk', '-o', '/dev/null', '-w', '%{http_code}\\n', 'https://kubernetes/api'],
      out: '403\n',
      err: '',
      code: 0,
    },
    {
      title: '-i shows the status line and headers',
      argv: ['curl', '-s', '-i', 'web'],
      out: 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>hi</h1>\n',
      err: '',
      code: 0,
    },
    { title: 'no URL', argv: ['curl'], out: '', err: "curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n", code: 2 },
    {
      title: 'an unknown option',
      argv: ['curl', '--frobnicate', 'web'],
      out: '',
      err: "curl: option --frobnicate: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      code: 2,
    },
  ])('$title', async ({ argv, out, err, code }) => {
    const r = await runUtility({ argv, files, network: cluster(), tty: true });
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ stdout: out, stderr: err, code });
  });

  it('shows the progress meter on stderr when stdout is not a terminal', async () => {
    const r = await runUtility({ argv: ['curl', 'http://web/'], network: cluster(), tty: false });
    expect(r.stdout).toBe('<h1>hi</h1>\n');
    expect(r.stderr.startsWith(METER_HEAD)).toBe(true);
    expect(r.stderr).toMatch(/\r100 {4}12 {2}100 {4}12 {4}0 {5}0 {5}12 {6}0 --:--:-- --:--:-- --:--:-- {4}12\n$/);
  });

  it('sends the request curl sends: default headers, -H replacing one, -X, -d and -d @file (newlines dropped)', async () => {
    const net = cluster();
    await runUtility({
      argv: [
        'curl',
        '-sk',
        '-X',
        'PATCH',
        '-H',
        'Accept: application/json',
        '-H',
        'Content-Type: application/merge-patch+json',
        '-d',
        '@/tmp/body.json',
        'https://kubernetes/api',
      ],
      files,
      network: net,
    });
    await runUtility({ argv: ['curl', '-s', '-d', 'a=1', '-d', 'b=2', 'web'], network: net });
    expect(net.sent.map((s) => ({ method: s.method, url: s.url.href, headers: s.headers, body: s.body?.toString() }))).toEqual([
      {
        method: 'PATCH',
        url: 'https://kubernetes/api',
        body: '{"a":1}',
        headers: [
          ['Host', 'kubernetes'],
          ['User-Agent', 'curl/8.11.1'],
          ['Content-Length', '7'],
          ['Accept', 'application/json'],
          ['Content-Type', 'application/merge-patch+json'],
        ],
      },
      {
        method: 'POST',
        url: 'http://web/',
        body: 'a=1&b=2',
        headers: [
          ['Host', 'web'],
          ['User-Agent', 'curl/8.11.1'],
          ['Accept', '*/*'],
          ['Content-Length', '7'],
          ['Content-Type', 'application/x-www-form-urlencoded'],
        ],
      },
    ]);
  });

  it('-G puts -d and --data-urlencode data in the query of a GET', async () => {
    const net = cluster();
    await runUtility({
      argv: ['curl', '-sS', '-G', '-o', '/dev/null', 'http://web/list?limit=500', '--data-urlencode', 'continue=a b&c', '-d', 'x=1'],
      network: net,
    });
    expect(net.sent.map((s) => [s.method, s.url.href, s.body])).toEqual([['GET', 'http://web/list?limit=500&continue=a%20b%26c&x=1', undefined]]);
  });

  it('-v shows the request and response headers on stderr', async () => {
    const r = await runUtility({ argv: ['curl', '-v', 'http://web/'], network: cluster(), tty: true });
    expect(r.stderr).toContain(
      '* Host web:80 was resolved.\n* IPv6: (none)\n* IPv4: 10.96.0.20\n*   Trying 10.96.0.20:80...\n* Connected to web (10.96.0.20) port 80\n',
    );
    expect(r.stderr).toContain('> GET / HTTP/1.1\n> Host: web\n> User-Agent: curl/8.11.1\n> Accept: */*\n> \n');
    expect(r.stderr).toContain('< HTTP/1.1 200 OK\n< Content-Type: text/html\n< \n');
  });

  it('-o writes the body to a file of the container', async () => {
    const r = await runUtility({ argv: ['curl', '-s', '-o', '/tmp/page.html', 'web'], network: cluster() });
    expect(r.stdout).toBe('');
    expect(r.fs.read('/tmp/page.html')).toBe('<h1>hi</h1>\n');
  });
});

describe('wget (busybox)', () => {
  it.each([
    { title: '-qO- prints the body', argv: ['wget', '-qO-', 'http://web/'], out: '<h1>hi</h1>\n', err: '', code: 0 },
    {
      title: 'https says certificates are not validated',
      argv: ['wget', '-q', '-O', '-', 'https://kubernetes/api', '--header', 'Authorization: Bearer good'],
      out: '{"kind":"PodList"}\n',
      err: 'wget: note: TLS certificate validation not implemented\n',
      code: 0,
    },
    {
      title: 'an HTTP error is exit 1',
      argv: ['wget', '-qO-', '--no-check-certificate', 'https://kubernetes/api'],
      out: '',
      err: 'wget: server returned error: HTTP/1.1 403 Forbidden\n',
      code: 1,
    },
    { title: 'an unknown name', argv: ['wget', '-qO-', 'http://nosuch/'], out: '', err: "wget: bad address 'nosuch'\n", code: 1 },
    {
      title: 'nothing listening',
      argv: ['wget', '-qO-', 'http://web:81/'],
      out: '',
      err: "wget: can't connect to remote host (10.96.0.20): Connection refused\n",
      code: 1,
    },
    {
      title: '-O - without -q shows its progress',
      argv: ['wget', '-O', '-', 'web'],
      out: '<h1>hi</h1>\n',
      code: 0,
      err: 'Connecting to web (10.96.0.20:80)\nwriting to stdout\n-                    100% |********************************|    12  0:00:00 ETA\nwritten to stdout\n',
    },
  ])('$title', async ({ argv, out, err, code }) => {
    const r = await runUtility({ argv, network: cluster() });
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ stdout: out, stderr: err, code });
  });

  it('saves to the file named by the URL (index.html for /)', async () => {
    const r = await runUtility({ argv: ['wget', 'http://web/'], network: cluster() });
    expect(r.stderr).toBe(
      "Connecting to web (10.96.0.20:80)\nsaving to 'index.html'\nindex.html           100% |********************************|    12  0:00:00 ETA\n'index.html' saved\n",
    );
    expect(r.fs.read('/index.html')).toBe('<h1>hi</h1>\n');
  });
});
