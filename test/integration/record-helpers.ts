// Long-running kcurl processes for the proxy, record and replay tests: `kcurl proxy` and
// `kcurl replay --serve` started from the built binary, with their address read from stdout.
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { KCURL_BIN } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, startProcess } from '../helpers/spawn.js';
import { tempDir } from '../helpers/temp-dir.js';

export interface KcurlServer {
  child: ChildProcess;
  port: number;
  base: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGINT and waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts kcurl with args; resolves once stdout names the address it serves on. */
export async function startKcurlServer(args: string[], env: Record<string, string>): Promise<KcurlServer> {
  const run = startProcess(process.execPath, [KCURL_BIN, ...args], { env: { PATH: CLEAN_PATH, HOME: tempDir('kcurl-home-'), ...env } });
  const port = Number((await run.waitForOutput(/(?:Starting to serve on |on http:\/\/)127\.0\.0\.1:(\d+)/))[1]);
  return {
    child: run.child,
    port,
    base: `http://127.0.0.1:${port}`,
    stdout: run.out,
    stderr: run.err,
    exited: run.exited,
    stop: () => {
      run.child.kill('SIGINT');
      return run.exited;
    },
  };
}

export interface PlainReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A plain-HTTP request (to the proxy or the replay server). */
export function httpRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PlainReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * The JSON values of a text holding several back to back (strings may hold braces): what curl prints for a
 * script's requests, answered with indented JSON and no trailing newline as a real server answers curl.
 */
export function jsonDocuments(text: string): string[] {
  const docs: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if ((c === '}' || c === ']') && --depth === 0) docs.push(text.slice(start, i + 1));
  }
  return docs;
}
