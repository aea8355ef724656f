// --show=javascript:client: the snippet model as a Node program of the official JavaScript client
// (@kubernetes/client-node 1.x, object-style parameters): makeApiClient(CoreV1Api) and the other typed API
// classes, CustomObjectsApi for other groups, Watch for watches, Log for followed logs, and an HTTPS request
// configured by KubeConfig.applyToHTTPSOptions for what no typed call sends. The connection is built from the
// variables the bash preamble exports; a comment names kc.loadFromDefault() for a program that reads the kubeconfig.
import type { Snippet } from '../model.js';
import { type ClientCall, apiInstance, clientCall, operationName, optionLiteral } from './client-call.js';
import { type Program, answerUse, camelVariable, commentLines, conditionTest, expectedStatuses } from './program.js';

const str = (v: string) => JSON.stringify(v);

/** A JSON value as a JavaScript literal, indented. */
const jsLiteral = (value: unknown) => JSON.stringify(value, null, 2);

const HEAD = `const https = require('node:https');
const { PassThrough } = require('node:stream');
const { finished } = require('node:stream/promises');
const k8s = require('@kubernetes/client-node');

// The connection, from the variables the preamble exports. A program of your own would more often read the
// kubeconfig as kubectl does: kc.loadFromDefault() (or kc.loadFromCluster() in a pod).
const env = (name) => process.env[name] || undefined;
const kc = new k8s.KubeConfig();
kc.loadFromOptions({
  clusters: [{ name: 'kcurl', server: env('APISERVER'), caFile: env('CACERT'), skipTLSVerify: INSECURE }],
  users: [{ name: 'kcurl', token: env('TOKEN'), certFile: env('CERT'), keyFile: env('KEY'), username: env('USERNAME'), password: env('PASSWORD') }],
  contexts: [{ name: 'kcurl', cluster: 'kcurl', user: 'kcurl' }],
  currentContext: 'kcurl',
});

/** Options of every typed call: the headers every request carries (impersonation), as middleware. */
const OPTIONS = HEADERS.reduce((options, [name, value]) => k8s.setHeaderOptions(name, value, options), undefined);

/** Prints an answer as JSON. */
function show(answer) {
  console.log(typeof answer === 'string' ? answer : JSON.stringify(answer, null, 2));
}

/** A field of an answer's .metadata (continue, resourceVersion): typed objects name continue _continue. */
function meta(answer, field) {
  const m = (answer && answer.metadata) || {};
  return m[field] ?? m['_' + field] ?? undefined;
}

/** A request no typed call sends, as it is: the client's TLS and credentials, kcurl's headers. Resolves with { status, body }. */
async function raw(method, path, query, headers, { body, stream = false } = {}) {
  const url = new URL(kc.getCurrentCluster().server.replace(/\\/$/, '') + path);
  for (const [k, v] of query) url.searchParams.append(k, v);
  const options = { method, headers: { ...Object.fromEntries(HEADERS), ...headers } };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = https.request(url, options, async (res) => {
      const chunks = [];
      for await (const chunk of res) (stream ? process.stdout.write(chunk) : chunks.push(chunk));
      resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', reject);
    req.end(body);
  });
}
`;

const PATCH_STRATEGY = { strategic: 'StrategicMergePatch', merge: 'MergePatch', json: 'JsonPatch', apply: 'ServerSideApply' } as const;

/** The object parameter of a typed call: path parameters, body, then the query as options. */
function callParam(c: ClientCall, n: number, fromAnswer: string[], skip: string[] = []): string {
  const a = c.api!;
  const fields: string[] = [];
  if (!a.builtin) fields.push(`group: ${str(a.group)}`, `version: ${str(a.version)}`, `plural: ${str(a.resource)}`);
  if (c.name !== undefined) fields.push(`name: ${str(c.name)}`);
  if (a.namespaced && !a.allNamespaces && c.namespace !== undefined) fields.push(`namespace: ${str(c.namespace)}`);
  if (c.body) fields.push(`body: body${n}`);
  for (const p of c.params) if (!skip.includes(p.name)) fields.push(`${p.name === 'continue' ? '_continue' : p.name}: ${optionLiteral(p.value)}`);
  fields.push(...fromAnswer);
  return `{ ${fields.join(', ')} }`;
}

function blockLines(s: Snippet, c: ClientCall): string[] {
  const b = c.block;
  const n = b.number;
  const use = answerUse(b);
  const out = commentLines(s, b, '//');
  const fromAnswer = b.fromAnswer.map((d) => `${d.param}: ${camelVariable(d.variable)}`);
  const bodyDecl = c.body ? [`const body${n} = ${'json' in c.body ? jsLiteral(c.body.json) : str(c.body.text)};`] : [];
  let body: string[];
  const follow = c.op === 'log' && c.params.some((p) => p.name === 'follow' && p.value === true);
  if (s.maxTimeSeconds) out.push(`// --request-timeout ${s.maxTimeSeconds}s: the client takes no timeout option, this program sets none`);
  if (c.op === 'raw') {
    out.push('// no typed call of the client sends this request: an HTTPS request with the client’s credentials sends it as it is');
    const query = [
      ...c.params.map((p) => `[${str(p.name)}, ${str(String(p.value))}]`),
      ...b.fromAnswer.map((d) => `[${str(d.param)}, ${camelVariable(d.variable)}]`),
    ];
    const headers = `{ ${b.headers.map(([k, v]) => `${str(k)}: ${str(v)}`).join(', ')} }`;
    const opts = [...(c.body ? [`body: ${str(b.body!.text)}`] : []), ...(b.stream ? ['stream: true'] : [])];
    body = [
      `const answer${n} = await raw(${str(b.method)}, ${str(b.url.path)}, [${query.join(', ')}], ${headers}${opts.length ? `, { ${opts.join(', ')} }` : ''});`,
      ...(use.print && !b.stream ? [`process.stdout.write(answer${n}.body);`] : []),
      `const status${n} = answer${n}.status;`,
    ];
  } else if (c.op === 'watch') {
    out.push(...c.differences.map((l) => `// ${l}`));
    const a = c.api!;
    out.push(`// Watch sends watch=true on the list path (${a.kind} objects); each event is printed as it arrives`);
    const query = [...c.params.map((p) => `${p.name}: ${optionLiteral(p.value)}`), ...fromAnswer];
    body = [
      'await new Promise((resolve, reject) => {',
      `  new k8s.Watch(kc).watch(${str(b.url.path)}, { ${query.join(', ')} }, (type, object) => console.log(type, JSON.stringify(object)), (err) => (err ? reject(err) : resolve()));`,
      '});',
    ];
  } else if (follow) {
    out.push(...c.differences.map((l) => `// ${l}`));
    const p = (name: string) => c.params.find((x) => x.name === name)?.value;
    const options = c.params.filter((x) => x.name !== 'container').map((x) => `${x.name}: ${optionLiteral(x.value)}`);
    out.push('// Log follows the log into a stream; the program ends when the log does');
    body = [
      '{',
      '  const out = new PassThrough();',
      '  out.pipe(process.stdout);',
      `  await new k8s.Log(kc).log(${str(c.namespace ?? '')}, ${str(c.name ?? '')}, ${str(String(p('container') ?? ''))}, out, { ${options.join(', ')} });`,
      '  await finished(out);',
      '}',
    ];
  } else {
    out.push(...c.differences.map((l) => `// ${l}`));
    const { variable } = apiInstance(c);
    let options = 'OPTIONS';
    if (c.op === 'patch' && c.patch) {
      options = `k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.${PATCH_STRATEGY[c.patch]}, OPTIONS)`;
      out.push('// the patch type is a Content-Type header set by middleware (setHeaderOptions), as the client asks');
    }
    const call = (suffix: string, extra: string[] = []) =>
      `${variable}.${operationName(c)}${suffix}(${callParam(c, n, [...fromAnswer, ...extra])}, ${options})`;
    body = [...bodyDecl];
    if (b.paged) {
      body.push(
        `let answer${n};`,
        '{',
        '  let cont;',
        '  do {',
        `    answer${n} = await ${call('', ['_continue: cont'])};`,
        `    show(answer${n});`,
        `    cont = meta(answer${n}, 'continue');`,
        '  } while (cont);',
        '}',
      );
    } else if (b.capture?.status) {
      // The answer's status decides what follows: the *WithHttpInfo form returns it, an ApiException carries it.
      body.push(
        `let answer${n}, status${n};`,
        'try {',
        `  const info = await ${call('WithHttpInfo')};`,
        `  [answer${n}, status${n}] = [info.data, info.httpStatusCode];`,
        ...(use.print ? [`  show(answer${n});`] : []),
        '} catch (err) {',
        '  if (!(err instanceof k8s.ApiException)) throw err;',
        `  status${n} = err.code;`,
        ...(use.print ? ['  console.error(typeof err.body === "string" ? err.body : JSON.stringify(err.body));'] : []),
        '}',
      );
    } else body.push(`const answer${n} = await ${call('')};`, `show(answer${n});`);
  }
  for (const f of b.capture?.fields ?? [])
    body.push(`const ${camelVariable(f.variable)} = meta(answer${n}${c.op === 'raw' ? '.body && JSON.parse(answer' + n + '.body)' : ''}, ${str(f.field)});`);
  const named = expectedStatuses(s, b);
  if (named) {
    body.push(`if (![${named.join(', ')}].includes(status${n})) console.error(${str(b.report + ' answered HTTP ')} + status${n});`);
  }
  body = body.flatMap((l) => l.split('\n'));
  const test = conditionTest(
    b,
    `status${b.condition?.answer}`,
    (st, codes) => `[${codes.join(', ')}].includes(${st})`,
    (e) => `!${e}`,
  );
  if (test) body = [`if (${test}) {`, ...body.map((l) => `  ${l}`), '}'];
  return [...out, ...body, ''];
}

/** The program: the connection, one API client per class used, then the requests in order inside main(). */
export function javascriptClientProgram(s: Snippet): Program {
  const calls = s.requests.map(clientCall);
  const settings = [
    `'use strict';`,
    `const INSECURE = ${s.credentials.insecure};`,
    `const HEADERS = [${s.credentials.impersonation.map(([k, v]) => `[${str(k)}, ${str(v)}]`).join(', ')}];`,
  ];
  const classes = new Map<string, string>();
  for (const c of calls)
    if (c.api && c.op !== 'watch' && !(c.op === 'log' && c.params.some((p) => p.name === 'follow'))) classes.set(apiInstance(c).variable, apiInstance(c).cls);
  const instances = [...classes].map(([v, cls]) => `const ${v} = kc.makeApiClient(k8s.${cls});`);
  const lines = calls.flatMap((c) => blockLines(s, c)).flatMap((l) => l.split('\n'));
  while (lines[lines.length - 1] === '') lines.pop();
  const main = [
    'async function main() {',
    ...lines.map((l) => (l ? `  ${l}` : l)),
    '}',
    '',
    'main().catch((err) => {',
    '  if (err instanceof k8s.ApiException) {',
    "    // kubectl's wording: the reason and message of the Status the server answered.",
    '    let status = err.body;',
    '    try {',
    "      if (typeof status === 'string') status = JSON.parse(status);",
    '    } catch {}',
    '    console.error(status && status.message ? `Error from server (${status.reason}): ${status.message}` : `Error from server (${err.code}): ${err.body}`);',
    '  } else console.error(err.message);',
    '  process.exit(1);',
    '});',
  ];
  return { source: [...settings, HEAD, ...instances, '', ...main].join('\n') + '\n', stdin: 'node -' };
}
