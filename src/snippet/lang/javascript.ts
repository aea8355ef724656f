// The JavaScript generator: the snippet model as a Node program using only node:https (no dependencies), reading
// the credentials the bash preamble exports. Streams are read line by line with node:readline.
import type { RequestBlock, Snippet } from '../model.js';
import { type Program, answerUse, applied, blockComment, blockHeaders, camelVariable, conditionTest, expectedStatuses, httpProxy } from './program.js';

const str = (v: string) => JSON.stringify(v);

const HEAD = `const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const readline = require('node:readline');
const nodeTls = require('node:tls');

// The connection, from the variables the preamble exports.
const server = new URL(process.env.APISERVER);
const env = (name) => process.env[name] || undefined;
const tls = {
  ca: env('CACERT') && fs.readFileSync(env('CACERT')),
  cert: env('CERT') && fs.readFileSync(env('CERT')),
  key: env('KEY') && fs.readFileSync(env('KEY')),
  rejectUnauthorized: !INSECURE,
};
const auth = env('TOKEN') ? { Authorization: 'Bearer ' + env('TOKEN') }
  : env('USERNAME') ? { Authorization: 'Basic ' + Buffer.from(env('USERNAME') + ':' + env('PASSWORD')).toString('base64') }
  : {};

/** A value escaped like Go's url.QueryEscape. */
function escape(value) {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~-]/.test(c) ? c : byte === 0x20 ? '+' : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** The path and query as client-go writes them: keys sorted (stable), values escaped. */
function target(path, query) {
  const q = query.map((kv, i) => [kv, i]).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]))
    .map(([[k, v]]) => escape(k) + '=' + escape(v)).join('&');
  return server.pathname.replace(/\\/$/, '') + path + (q ? '?' + q : '');
}

/** Sends one request; prints the answer (a stream line by line) and resolves with { status, body }. */
async function call(method, path, query, headers, { body, stream = false, show = true } = {}) {
  const all = { ...auth };
  for (const [name, value] of headers) all[name] = name in all ? [].concat(all[name], value) : value;
  if (body !== undefined) all['Content-Length'] = String(Buffer.byteLength(body));
  const lib = server.protocol === 'https:' ? https : http;
  // proxy-url: a CONNECT tunnel to the server, TLS inside it; tls-server-name: the name sent and checked.
  const socket = PROXY && server.protocol === 'https:' ? await tunnel() : undefined;
  const connection = socket ? { createConnection: () => nodeTls.connect({ socket, servername: TLS_SERVER_NAME || server.hostname, ...tls }) } : {};
  const answer = new Promise((resolve, reject) => {
    const req = lib.request({ hostname: server.hostname, port: server.port, method, path: target(path, query), headers: all, agent: false, timeout: TIMEOUT_MS || undefined, ...tls, ...(TLS_SERVER_NAME ? { servername: TLS_SERVER_NAME } : {}), ...connection }, async (res) => {
      try {
        if (stream) {
          for await (const line of readline.createInterface({ input: res, crlfDelay: Infinity })) process.stdout.write(line + '\\n');
          return resolve({ status: res.statusCode, body: '' });
        }
        const chunks = [];
        for await (const chunk of res) chunks.push(chunk);
        const text = Buffer.concat(chunks).toString('utf8');
        if (show) process.stdout.write(text);
        resolve({ status: res.statusCode, body: text });
      } catch (err) {
        reject(err);
      }
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
  // The tunnel's socket outlives the TLS connection inside it: closed once the answer is read.
  return socket ? answer.finally(() => socket.destroy()) : answer;
}

/** A connection to the server through the proxy-url's CONNECT tunnel. */
function tunnel() {
  const proxy = new URL(PROXY);
  const authority = server.hostname.includes(':') ? '[' + server.hostname + ']:' + (server.port || 443) : server.hostname + ':' + (server.port || 443);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: proxy.hostname, port: proxy.port || 80, method: 'CONNECT', path: authority, headers: { Host: authority }, agent: false });
    req.on('connect', (res, socket) => (res.statusCode === 200 ? resolve(socket) : reject(new Error('the proxy answered CONNECT with ' + res.statusCode))));
    req.on('error', reject);
    req.end();
  });
}

/** A field of the answer's .metadata (continue, resourceVersion), '' when absent. */
function meta(text, field) {
  try {
    return (JSON.parse(text).metadata || {})[field] || '';
  } catch {
    return '';
  }
}
`;

function blockLines(s: Snippet, b: RequestBlock): string[] {
  const out = blockComment(s, b).map((l) => `  // ${l.replace(/\n/g, ' ')}`);
  const use = answerUse(b);
  const query = [...b.url.query.map(([k, v]) => `[${str(k)}, ${str(v)}]`), ...b.fromAnswer.map((d) => `[${str(d.param)}, ${camelVariable(d.variable)}]`)];
  const options = [...(b.body ? [`body: ${str(b.body.text)}`] : []), ...(b.stream ? ['stream: true'] : []), ...(use.print ? [] : ['show: false'])];
  const args = [
    str(b.method),
    str(b.url.path),
    `[${query.join(', ')}${b.paged ? ", ...(cont ? [['continue', cont]] : [])" : ''}]`,
    `[${blockHeaders(s, b)
      .map(([k, v]) => `[${str(k)}, ${str(v)}]`)
      .join(', ')}]`,
  ];
  if (options.length) args.push(`{ ${options.join(', ')} }`);
  const send = `await call(${args.join(', ')})`;
  let body: string[];
  const n = b.number;
  if (b.paged) {
    body = [`let cont = '';`, 'for (;;) {', `  answer${n} = ${send};`, `  cont = meta(answer${n}.body, 'continue');`, '  if (!cont) break;', '}'];
    body = [`let answer${n};`, '{', ...body.map((l) => `  ${l}`), '}'];
  } else body = [`${use.keep ? `const answer${n} = ` : ''}${send};`];
  for (const f of b.capture?.fields ?? []) body.push(`const ${camelVariable(f.variable)} = meta(answer${n}.body, ${str(f.field)});`);
  const named = expectedStatuses(s, b);
  if (named) {
    body.push(`if (![${named.join(', ')}].includes(answer${n}.status)) console.error(${str(b.report + ' answered HTTP ')} + answer${n}.status);`);
  }
  const test = conditionTest(
    b,
    `answer${b.condition?.answer}.status`,
    (st, codes) => `[${codes.join(', ')}].includes(${st})`,
    (e) => `!${e}`,
  );
  if (test) body = [`if (${test}) {`, ...body.map((l) => `  ${l}`), '}'];
  return [...out, ...body.map((l) => `  ${l}`), ''];
}

/** The program: the shared head (connection, call, meta), then the requests in order inside one async function. */
export function javascriptProgram(s: Snippet): Program {
  const settings = [
    `'use strict';`,
    `const INSECURE = ${s.credentials.insecure};`,
    `const TIMEOUT_MS = ${s.maxTimeSeconds ? s.maxTimeSeconds * 1000 : 0};`,
    `const TLS_SERVER_NAME = ${s.credentials.tlsServerName ? str(s.credentials.tlsServerName.name) : "''"};`,
    `const PROXY = ${httpProxy(s) ? str(httpProxy(s)!.url) : "''"};`,
  ];
  const main = [
    'async function main() {',
    ...s.requests.flatMap((b) => blockLines(s, b)),
    '}',
    '',
    'main().catch((err) => {',
    '  console.error(err.message);',
    '  process.exit(1);',
    '});',
  ];
  return { source: [...settings, HEAD, ...main].join('\n') + '\n', stdin: 'node -', applies: applied(s, true) };
}
