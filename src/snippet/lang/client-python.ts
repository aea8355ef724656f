// --show=python:client: the snippet model as a program of the official Python client (the `kubernetes` package,
// Debian's python3-kubernetes): typed API classes (CoreV1Api().list_namespaced_pod …), CustomObjectsApi for other
// groups, watch.Watch() for watches and followed logs, ApiClient.call_api for what no typed call sends. The
// connection is built from the variables the bash preamble exports, so it honours every credential source kcurl
// does; a comment names config.load_kube_config() for a program that reads the kubeconfig itself.
import type { Snippet } from '../model.js';
import { type ClientCall, type ClientParam, apiClassName, clientCall, operationName, snake } from './client-call.js';
import { type Program, answerUse, commentLines, conditionTest, expectedStatuses } from './program.js';

const str = (v: string) => JSON.stringify(v);

/** A JSON value as a Python literal (JSON's string escapes are Python's too). */
export function pyLiteral(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return str(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((v) => inner + pyLiteral(v, inner)).join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${str(k)}: ${pyLiteral(v, inner)}`).join(',\n')},\n${indent}}`;
}

const HEAD = `import json, os, sys
import urllib3
from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

# The connection, from the variables the preamble exports. A program of your own would more often read the
# kubeconfig as kubectl does: config.load_kube_config(CONTEXT) (or config.load_incluster_config() in a pod).
configuration = client.Configuration()
configuration.host = os.environ["APISERVER"]
configuration.ssl_ca_cert = os.environ.get("CACERT") or None
configuration.verify_ssl = not INSECURE
if os.environ.get("CERT"):
    configuration.cert_file = os.environ["CERT"]
    configuration.key_file = os.environ["KEY"]
if os.environ.get("TOKEN"):
    configuration.api_key = {"authorization": "Bearer " + os.environ["TOKEN"]}
elif os.environ.get("USERNAME"):
    configuration.api_key = {"authorization": urllib3.util.make_headers(basic_auth=os.environ["USERNAME"] + ":" + os.environ["PASSWORD"])["authorization"]}


def api_client(content_type=None):
    """An ApiClient with the headers every request carries; content_type overrides the one the client picks."""
    c = client.ApiClient(configuration)
    for name, value in HEADERS:
        c.set_default_header(name, value)
    if content_type:
        c.set_default_header("Content-Type", content_type)
    return c


API = api_client()


def show(answer):
    """Prints an answer (a typed object or a dict) as JSON."""
    print(json.dumps(API.sanitize_for_serialization(answer), indent=2))


def meta(answer, field):
    """A field of an answer's .metadata (continue, resourceVersion), None when absent."""
    data = API.sanitize_for_serialization(answer) or {}
    return (data.get("metadata") or {}).get(field) if isinstance(data, dict) else None
`;

const PATCH_TYPES = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/**
 * Options the kubernetes package does not take before v25 (Debian's is 22.6): sending one fails with "unexpected
 * keyword argument", so the program leaves it out and says so.
 */
const NOT_TAKEN = new Set(['fieldValidation']);

function paramArg(p: ClientParam): string {
  const name = p.name === 'continue' ? '_continue' : snake(p.name);
  const value = typeof p.value === 'string' ? str(p.value) : typeof p.value === 'boolean' ? (p.value ? 'True' : 'False') : String(p.value);
  return `${name}=${value}`;
}

/** The instance of an API class the program calls: core_v1, apps_v1, custom_objects. */
function apiVariable(c: ClientCall): { variable: string; cls: string } {
  const a = c.api!;
  if (!a.builtin) return { variable: 'custom_objects', cls: 'CustomObjectsApi' };
  const cls = apiClassName(a.group, a.version);
  return { variable: snake(cls.replace(/Api$/, '')), cls };
}

/** The Python method, operationName in snake_case: list_namespaced_pod, read_namespaced_pod_log, delete_collection_namespaced_pod. */
const methodName = (c: ClientCall) => snake(operationName(c));

interface Emitted {
  /** Statements before the call (the body). */
  pre: string[];
  /** The call expression, without the method's receiver. */
  call: string;
  comments: string[];
}

/** The typed call of a block: receiver.method(positional…, options…). */
function typedCall(s: Snippet, c: ClientCall, n: number, extra: string[]): Emitted {
  const a = c.api!;
  const pre: string[] = [];
  const comments = [...c.differences];
  const args: string[] = [];
  if (!a.builtin) args.push(str(a.group), str(a.version));
  if (c.name !== undefined && a.builtin) args.push(str(c.name));
  if (a.namespaced && !a.allNamespaces && c.namespace !== undefined) args.push(str(c.namespace));
  if (!a.builtin) args.push(str(a.resource));
  if (c.name !== undefined && !a.builtin) args.push(str(c.name));
  let receiver = apiVariable(c).variable;
  if (c.body) {
    pre.push(`body_${n} = ${'json' in c.body ? pyLiteral(c.body.json) : str(c.body.text)}`);
    const bodyArg = c.op === 'patch' && c.patch === 'apply' && 'json' in c.body ? `json.dumps(body_${n})` : `body_${n}`;
    if (c.op === 'delete' || c.op === 'deletecollection') extra.unshift(`body=${bodyArg}`);
    else args.push(bodyArg);
  }
  if (c.op === 'patch' && c.patch && (c.patch === 'merge' || c.patch === 'apply')) {
    // The client sends a dict as a strategic-merge patch (a list as a JSON patch); another type is set as a
    // default header of an ApiClient of its own, which wins over the one the client picks.
    receiver = `client.${apiVariable(c).cls}(api_client(${str(PATCH_TYPES[c.patch])}))`;
    comments.push(
      `the client picks the patch type from the body (a dict: strategic merge); this call sends ${PATCH_TYPES[c.patch]} through an ApiClient whose default header sets it (newer clients take _content_type=)`,
    );
  }
  if (s.maxTimeSeconds && c.op !== 'watch' && !(c.op === 'log' && c.params.some((p) => p.name === 'follow' && p.value === true)))
    extra.push(`_request_timeout=${s.maxTimeSeconds}`);
  for (const p of c.params.filter((x) => NOT_TAKEN.has(x.name)))
    comments.push(`${p.name}=${p.value} is not sent: the kubernetes package before v25 has no ${snake(p.name)} option (a newer one takes ${paramArg(p)})`);
  const options = c.params.filter((x) => !NOT_TAKEN.has(x.name)).map(paramArg);
  return { pre, call: `${receiver}.${methodName(c)}(${[...args, ...options, ...extra].join(', ')})`, comments };
}

function blockLines(s: Snippet, c: ClientCall): string[] {
  const b = c.block;
  const n = b.number;
  const use = answerUse(b);
  const out = commentLines(s, b, '#');
  let body: string[];
  const fromAnswer = b.fromAnswer.map((d) =>
    c.op === 'raw' ? `(${str(d.param)}, ${d.variable.toLowerCase()})` : `${snake(d.param)}=${d.variable.toLowerCase()}`,
  );
  const follow = c.op === 'log' && c.params.some((p) => p.name === 'follow' && p.value === true);
  if (c.op === 'raw') {
    const query = [...c.params.map((p) => `(${str(p.name)}, ${str(String(p.value))})`), ...fromAnswer];
    const headers = `{${b.headers.map(([k, v]) => `${str(k)}: ${str(v)}`).join(', ')}}`;
    const pre = c.body ? [`body_${n} = ${'json' in c.body ? pyLiteral(c.body.json) : str(c.body.text)}`] : [];
    out.push('# no typed call of the client sends this request: ApiClient.call_api sends it as it is');
    body = [
      ...pre,
      `answer_${n}, status_${n}, _ = API.call_api(${str(b.url.path)}, ${str(b.method)}, query_params=[${query.join(', ')}], header_params=${headers}${c.body ? `, body=body_${n}` : ''}, auth_settings=["BearerToken"], _preload_content=False${s.maxTimeSeconds ? `, _request_timeout=${s.maxTimeSeconds}` : ''})`,
      b.stream ? `for line in answer_${n}.stream():` : `data_${n} = answer_${n}.data`,
      b.stream ? '    sys.stdout.buffer.write(line)' : use.print ? `sys.stdout.buffer.write(data_${n})` : `answer_${n} = json.loads(data_${n} or b"{}")`,
    ];
    if (use.print && !b.stream && b.capture) body.push(`answer_${n} = json.loads(data_${n} or b"{}")`);
  } else if (c.op === 'watch' || follow) {
    const e = typedCall(s, c, n, fromAnswer);
    out.push(...e.comments.map((l) => `# ${l}`));
    // watch.Watch().stream(method, …) calls the method with watch=True (follow=True for a log) and yields each event.
    const call = e.call.replace(/\(/, ', ').replace(/\)$/, ')');
    const params = follow ? call.replace(/, follow=True/, '') : call;
    body = [...e.pre];
    if (follow) body.push(`for line in watch.Watch().stream(${params}:`, '    print(line)');
    else body.push(`for event in watch.Watch().stream(${params}:`, `    print(event["type"], json.dumps(API.sanitize_for_serialization(event["object"])))`);
  } else {
    const e = typedCall(s, c, n, fromAnswer);
    out.push(...e.comments.map((l) => `# ${l}`));
    const show = c.op === 'log' ? `print(answer_${n}, end="")` : `show(answer_${n})`;
    body = [...e.pre];
    if (b.paged) {
      body.push(
        `continue_${n} = None`,
        'while True:',
        `    answer_${n} = ${e.call.replace(/\)$/, `, _continue=continue_${n})`)}`,
        `    ${show}`,
        `    continue_${n} = meta(answer_${n}, "continue")`,
        `    if not continue_${n}:`,
        '        break',
      );
    } else if (b.capture?.status) {
      // The answer's status decides what follows: the *_with_http_info form returns it, an error carries it.
      body.push(
        'try:',
        `    answer_${n}, status_${n}, _ = ${e.call.replace(/^([^(]*)\(/, '$1_with_http_info(')}`,
        ...(use.print ? [`    ${show}`] : []),
        'except ApiException as e:',
        `    answer_${n}, status_${n} = None, e.status`,
        ...(use.print ? ['    print(e.body, file=sys.stderr)'] : []),
      );
    } else body.push(`answer_${n} = ${e.call}`, show);
  }
  for (const f of b.capture?.fields ?? []) body.push(`${f.variable.toLowerCase()} = meta(answer_${n}, ${str(f.field)})`);
  const named = expectedStatuses(s, b);
  if (named) {
    body.push(`if status_${n} not in (${named.join(', ')},):`, `    print(${str(b.report + ' answered HTTP ')} + str(status_${n}), file=sys.stderr)`);
  }
  body = body.flatMap((l) => l.split('\n'));
  const test = conditionTest(
    b,
    `status_${b.condition?.answer}`,
    (st, codes) => `${st} in (${codes.join(', ')},)`,
    (x) => `not ${x}`,
  );
  if (test) body = [`if ${test}:`, ...body.map((l) => `    ${l}`)];
  return [...out, ...body, ''];
}

/** The program: the connection, one instance per API class used, then the requests in order inside main(). */
export function pythonClientProgram(s: Snippet): Program {
  const calls = s.requests.map(clientCall);
  const headers = s.credentials.impersonation;
  const repeated = headers.filter(([k], i) => headers.findIndex(([h]) => h === k) !== i);
  const settings = [
    `INSECURE = ${s.credentials.insecure ? 'True' : 'False'}`,
    `HEADERS = [${headers.map(([k, v]) => `(${str(k)}, ${str(v)})`).join(', ')}]`,
    ...(repeated.length ? [`# note: the client sends one value per header: ${repeated.map(([k]) => k).join(', ')} is sent once, with its last value`] : []),
  ];
  const classes = new Map<string, string>();
  for (const c of calls) if (c.api) classes.set(apiVariable(c).variable, apiVariable(c).cls);
  const instances = [...classes].map(([v, cls]) => `${v} = client.${cls}(API)`);
  const main = [
    'def main():',
    ...calls
      .flatMap((c) => blockLines(s, c))
      .flatMap((l) => l.split('\n'))
      .map((l) => (l ? `    ${l}` : l)),
    'try:',
    '    main()',
    'except ApiException as e:',
    "    # kubectl's wording: the reason and message of the Status the server answered.",
    '    try:',
    '        status = json.loads(e.body)',
    '        print("Error from server (%s): %s" % (status.get("reason"), status.get("message")), file=sys.stderr)',
    '    except (TypeError, ValueError, AttributeError):',
    '        print("Error from server (%s): %s" % (e.reason, e.body), file=sys.stderr)',
    '    sys.exit(1)',
  ];
  const source = [...settings, HEAD, ...instances, '', ...main].join('\n');
  return { source: source.replace(/\n{3,}/g, '\n\n\n') + '\n', stdin: 'python3 -' };
}
