// Long-running kcurl processes for the proxy, record and replay tests: `kcurl proxy` and
// `kcurl replay --serve` started from the built binary, with their address read from stdout.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { KCURL_BIN } from '../helpers/run-kcurl.js';
import { CLEAN_PATH } from '../helpers/spawn.js';
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
export function startKcurlServer(args: string[], env: Record<string, string>): Promise<KcurlServer> {
  const home = tempDir('kcurl-home-');
  const child = spawn(process.execPath, [KCURL_BIN, ...args], { env: { PATH: CLEAN_PATH, HOME: home, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcurl ${args.join(' ')} did not start within 20 s\nstdout: ${out}\nstderr: ${err}`));
    }, 20_000);
    child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /(?:Starting to serve on |on http:\/\/)127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolve({
          child,
          port,
          base: `http://127.0.0.1:${port}`,
          stdout: () => out,
          stderr: () => err,
          exited,
          stop: () => {
            child.kill('SIGINT');
            return exited;
          },
        });
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`kcurl ${args.join(' ')} exited with ${code} before serving\nstdout: ${out}\nstderr: ${err}`));
    });
  });
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
