// The Python generator: the snippet model as a standard-library program (http.client, ssl, json), reading the
// credentials the bash preamble exports. One function per answer kind, no per-command code.
import type { RequestBlock, Snippet } from '../model.js';
import { type Program, answerUse, applied, blockHeaders, commentLines, conditionTest, expectedStatuses, httpProxy } from './program.js';

const str = (v: string) => JSON.stringify(v);

const HEAD = `import base64, http.client, json, os, ssl, sys, urllib.parse

# The connection, from the variables the preamble exports.
SERVER = urllib.parse.urlsplit(os.environ["APISERVER"])
CONTEXT = ssl.create_default_context(cafile=os.environ.get("CACERT") or None)
if INSECURE:
    CONTEXT.check_hostname = False
    CONTEXT.verify_mode = ssl.CERT_NONE
if os.environ.get("CERT"):
    CONTEXT.load_cert_chain(os.environ["CERT"], os.environ["KEY"])
AUTH = []
if os.environ.get("TOKEN"):
    AUTH = [("Authorization", "Bearer " + os.environ["TOKEN"])]
elif os.environ.get("USERNAME"):
    AUTH = [("Authorization", "Basic " + base64.b64encode((os.environ["USERNAME"] + ":" + os.environ["PASSWORD"]).encode()).decode())]


def target(path, query):
    """The path and query as client-go writes them: keys sorted, values escaped like Go's url.QueryEscape."""
    pairs = sorted(query, key=lambda kv: kv[0])
    q = "&".join(urllib.parse.quote_plus(k, safe="") + "=" + urllib.parse.quote_plus(v, safe="") for k, v in pairs)
    return SERVER.path.rstrip("/") + path + ("?" + q if q else "")


class Connection(http.client.HTTPSConnection):
    """TLS to the server: through the proxy-url's CONNECT tunnel if any, sending and checking the tls-server-name if any."""

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = CONTEXT.wrap_socket(self.sock, server_hostname=TLS_SERVER_NAME or SERVER.hostname)


def call(method, path, query, headers, body=None, stream=False, show=True):
    """Sends one request; prints the answer (a stream line by line) and returns (status, body)."""
    if SERVER.scheme == "https":
        conn = Connection(PROXY[0] if PROXY else SERVER.hostname, PROXY[1] if PROXY else SERVER.port, context=CONTEXT, timeout=TIMEOUT)
        if PROXY:
            conn.set_tunnel(SERVER.hostname, SERVER.port)
    else:
        conn = http.client.HTTPConnection(SERVER.hostname, SERVER.port, timeout=TIMEOUT)
    conn.putrequest(method, target(path, query), skip_accept_encoding=True)
    for name, value in AUTH + headers:
        conn.putheader(name, value)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    res = conn.getresponse()
    data = b""
    if stream:
        for line in iter(res.readline, b""):
            sys.stdout.buffer.write(line)
            sys.stdout.flush()
    else:
        data = res.read()
        if show:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    conn.close()
    return res.status, data


def meta(data, field):
    """A field of the answer's .metadata (continue, resourceVersion), "" when absent."""
    try:
        return (json.loads(data).get("metadata") or {}).get(field) or ""
    except ValueError:
        return ""
`;

function pyList(pairs: readonly (readonly [string, string])[]): string {
  return `[${pairs.map(([k, v]) => `(${str(k)}, ${str(v)})`).join(', ')}]`;
}

function blockLines(s: Snippet, b: RequestBlock): string[] {
  const out = commentLines(s, b, '#');
  const use = answerUse(b);
  const query = [...b.url.query.map(([k, v]) => `(${str(k)}, ${str(v)})`), ...b.fromAnswer.map((d) => `(${str(d.param)}, ${d.variable.toLowerCase()})`)];
  const args = [
    str(b.method),
    str(b.url.path),
    `[${query.join(', ')}]${b.paged ? ' + ([("continue", cont)] if cont else [])' : ''}`,
    pyList(blockHeaders(s, b)),
  ];
  if (b.body) args.push(`body=${str(b.body.text)}.encode()`);
  if (b.stream) args.push('stream=True');
  if (!use.print) args.push('show=False');
  const send = `call(${args.join(', ')})`;
  let body: string[];
  if (b.paged) {
    body = [
      'cont = ""',
      'while True:',
      `    status_${b.number}, answer_${b.number} = ${send}`,
      `    cont = meta(answer_${b.number}, "continue")`,
      '    if not cont:',
      '        break',
    ];
  } else body = [`${use.keep ? `status_${b.number}, answer_${b.number} = ` : ''}${send}`];
  for (const f of b.capture?.fields ?? []) body.push(`${f.variable.toLowerCase()} = meta(answer_${b.number}, ${str(f.field)})`);
  const named = expectedStatuses(s, b);
  if (named)
    body.push(
      `if status_${b.number} not in (${named.join(', ')},):`,
      `    print(${str(b.report + ' answered HTTP ')} + str(status_${b.number}), file=sys.stderr)`,
    );
  const test = conditionTest(
    b,
    `status_${b.condition?.answer}`,
    (st, codes) => `${st} in (${codes.join(', ')},)`,
    (e) => `not ${e}`,
  );
  if (test) body = [`if ${test}:`, ...body.map((l) => `    ${l}`)];
  return [...out, ...body, ''];
}

/** The program: the shared head (connection, call, meta), then one block per request. */
export function pythonProgram(s: Snippet): Program {
  const proxy = httpProxy(s);
  const settings = [
    `INSECURE = ${s.credentials.insecure ? 'True' : 'False'}`,
    `TIMEOUT = ${s.maxTimeSeconds ?? 'None'}`,
    `TLS_SERVER_NAME = ${s.credentials.tlsServerName ? str(s.credentials.tlsServerName.name) : 'None'}`,
    `PROXY = ${proxy ? `(${str(proxy.host)}, ${proxy.port})` : 'None'}`,
  ];
  const source = [...settings, HEAD, ...s.requests.flatMap((b) => blockLines(s, b))].join('\n');
  return { source: source.replace(/\n+$/, '\n'), stdin: 'python3 -', applies: applied(s, true) };
}
