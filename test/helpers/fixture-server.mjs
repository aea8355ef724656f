// A tiny plain-HTTP server that answers from a route map of fixture files, so real kubectl can be pointed at
// recorded API responses (`kubectl --server=http://127.0.0.1:PORT …`) and its output saved as ground truth.
//
// Route map: { "<path without query>": Entry | { table: Entry, json: Entry } }
//   Entry = "relative/file.json"                      (status and content type from "file.json.status" if present,
//                                                      else 200 application/json)
//         | { file?: string, body?: unknown, status?: number, contentType?: string }
//   The { table, json } form picks `table` when the request's Accept asks for `as=Table` (kubectl's human output)
//   and `json` otherwise (-o json/yaml/name/jsonpath, --sort-by).
// Unmatched paths answer 404 with a metav1.Status, as kube-apiserver does.
//
// Programmatic use:
//   import { startFixtureServer } from './fixture-server.mjs';
//   const srv = await startFixtureServer({ routes, baseDir });   // srv.url, srv.requests, await srv.close()
// Command line (runs until Ctrl-C, logs each request to stderr):
//   node test/helpers/fixture-server.mjs routes.json [--base DIR] [--port N]
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NOT_FOUND = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

function loadEntry(entry, baseDir) {
  if (typeof entry === 'string') entry = { file: entry };
  let status = entry.status ?? 200;
  let contentType = entry.contentType ?? 'application/json';
  let body;
  if (entry.file !== undefined) {
    const file = path.resolve(baseDir, entry.file);
    body = readFileSync(file);
    const statusFile = `${file}.status`;
    if (entry.status === undefined && existsSync(statusFile)) {
      const [code, ...type] = readFileSync(statusFile, 'utf8').trim().split(' ');
      status = Number(code);
      if (entry.contentType === undefined && type.length) contentType = type.join(' ');
    }
  } else {
    body = Buffer.from(typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body));
  }
  return { status, contentType, body };
}

function pick(route, accept) {
  if (route && typeof route === 'object' && ('table' in route || 'json' in route)) {
    return /as=Table/.test(accept ?? '') ? route.table : route.json;
  }
  return route;
}

/**
 * Starts the server on 127.0.0.1 (port 0 = any free port).
 * @param {{routes: Record<string, unknown>, baseDir?: string, port?: number, log?: (line: string) => void}} options
 */
export async function startFixtureServer({ routes, baseDir = process.cwd(), port = 0, log }) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    requests.push({ method: req.method, url: req.url, accept: req.headers.accept });
    const entry = pick(routes[url.pathname], req.headers.accept);
    let answer;
    try {
      answer = entry === undefined ? { status: 404, contentType: 'application/json', body: Buffer.from(JSON.stringify(NOT_FOUND)) } : loadEntry(entry, baseDir);
    } catch (err) {
      answer = { status: 500, contentType: 'text/plain', body: Buffer.from(String(err)) };
    }
    log?.(`${req.method} ${req.url} -> ${answer.status}`);
    res.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Content-Length': answer.body.length });
    res.end(answer.body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: actual } = server.address();
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const routesFile = args.find((a, i) => !a.startsWith('--') && !['--base', '--port'].includes(args[i - 1]));
  if (!routesFile) {
    process.stderr.write('usage: node test/helpers/fixture-server.mjs routes.json [--base DIR] [--port N]\n');
    process.exit(2);
  }
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const routes = JSON.parse(readFileSync(routesFile, 'utf8'));
  const srv = await startFixtureServer({
    routes,
    baseDir: opt('--base') ?? path.dirname(path.resolve(routesFile)),
    port: Number(opt('--port') ?? 0),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${srv.url}\n`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
