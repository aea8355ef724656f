// kcurl port-forward, the real binary against the real sandbox: nginx's page fetched with curl through the
// forwarded port (IPv4 and IPv6 listeners, a random local port), a clean exit at SIGINT and SIGTERM, a port nothing
// listens on reported as kubectl reports it, a deployment resolved to its pod, and the --show-curl snippet whose
// python3-websocket client forwards the port too.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../helpers/require-tool.js';
import { spawnKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { eventually, KUBECTL_132, startTestSandbox, type TestSandbox } from './sandbox-helpers.js';
import { connect, createServer, type Server } from 'node:net';

let t: TestSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  requireTool('curl');
  t = await startTestSandbox({ kubeletTimings: { stepMs: 5 } });
  env = { KUBECONFIG: t.sb.kubeconfigPath, HOME: t.dir };
  expect((await t.kubectl(['run', 'web', '--image=nginx'])).code).toBe(0);
  expect((await t.kubectl(['create', 'deployment', 'site', '--image=nginx'])).code).toBe(0);
  await eventually(async () => {
    const pods = (await t.request('GET', '/api/v1/namespaces/default/pods')).json().items as { status?: { phase?: string } }[];
    return pods.length === 2 && pods.every((p) => p.status?.phase === 'Running') ? true : undefined;
  }, 'both pods Running');
});

afterAll(async () => {
  await t?.close();
});

const curl = (url: string) => runProcess('curl', ['-sS', '--max-time', '10', url], { env: { PATH: CLEAN_PATH } });

describe('kcurl port-forward', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)("forwards a random local port to nginx's port 80 on 127.0.0.1 and ::1, and ends cleanly at %s", async (signal) => {
    const pf = spawnKcurl(['port-forward', 'pod/web', ':80', '-q'], env);
    const [, port] = await pf.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/);
    const page = await curl(`http://127.0.0.1:${port}/`);
    expect(page.stdout).toContain('<title>Welcome to nginx!</title>');
    if (pf.out().includes(`Forwarding from [::1]:${port} -> 80`)) expect((await curl(`http://[::1]:${port}/`)).stdout).toContain('Welcome to nginx!');
    await pf.waitForOutput(new RegExp(`Handling connection for ${port}\\n`));
    pf.child.kill(signal);
    expect(await pf.exited).toEqual({ code: 0, signal: null });
    expect(pf.err()).toBe('');
  });

  it('reports the error the pod side writes on the error stream, as kubectl does, and ends with "lost connection to pod"', async () => {
    const pf = spawnKcurl(['port-forward', 'web', ':81', '-q'], env);
    const [, port] = await pf.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 81\n/);
    const fetched = await curl(`http://127.0.0.1:${port}/`);
    expect(fetched.code).not.toBe(0);
    expect(await pf.exited).toEqual({ code: 1, signal: null });
    expect(pf.err()).toMatch(
      new RegExp(
        `^E\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ portforward\\.go:424\\] "Unhandled Error" err="an error occurred forwarding ${port} -> 81: error forwarding port 81 to pod `,
      ),
    );
    expect(pf.err()).toContain('dial tcp4 127.0.0.1:81: connect: connection refused');
    expect(pf.err()).toMatch(/\nerror: lost connection to pod\n$/);
  });

  it('forwards to the pod a deployment selects, and says so in the requests shown', async () => {
    const pf = spawnKcurl(['port-forward', 'deploy/site', ':80', '-v', '6'], env);
    const [, port] = await pf.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/);
    expect((await curl(`http://127.0.0.1:${port}/`)).stdout).toContain('Welcome to nginx!');
    pf.child.kill('SIGINT');
    expect((await pf.exited).code).toBe(0);
    expect(pf.err()).toMatch(/GET https:\/\/127\.0\.0\.1:\d+\/apis\/apps\/v1\/namespaces\/default\/deployments\/site 200 OK/);
    expect(pf.err()).toMatch(
      /GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default\/pods\/site-[a-z0-9]+-[a-z0-9]+\/portforward 101 Switching Protocols/,
    );
  });

  it('a local port in use on 127.0.0.1 and ::1: the same lines and exit code as kubectl v1.32', async () => {
    const busy: Server[] = [];
    const listen = (host: string, port: number) =>
      new Promise<number>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen({ host, port, ipv6Only: host === '::1' }, () => resolve((server.address() as { port: number }).port));
        busy.push(server);
      });
    try {
      const port = await listen('127.0.0.1', 0);
      const v6 = await listen('::1', port).then(
        () => true,
        () => false,
      );
      const kcurl = spawnKcurl(['port-forward', 'pod/web', `${port}:80`, '-q'], env);
      const kubectl = await runProcess(KUBECTL_132, ['port-forward', 'pod/web', `${port}:80`], { env: { PATH: CLEAN_PATH, ...env } });
      expect(await kcurl.exited).toEqual({ code: 1, signal: null });
      expect({ code: kubectl.code, stdout: kubectl.stdout, stderr: kubectl.stderr }).toEqual({ code: 1, stdout: kcurl.out(), stderr: kcurl.err() });
      if (v6) expect(kcurl.err()).toContain(`Error listen tcp6 [::1]:${port}: bind: address already in use]`);
      expect(kcurl.err().endsWith(`\nerror: unable to listen on any of the requested ports: [{${port} 80}]\n`)).toBe(true);
    } finally {
      for (const s of busy) s.close();
    }
  });

  it('--record journals the GETs and the upgrade (101, open until the tunnel closed at SIGINT)', async () => {
    const journal = join(t.dir, 'port-forward.jsonl');
    const pf = spawnKcurl(['port-forward', 'pod/web', ':80', '-q', '--record', journal], env);
    const [, port] = await pf.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/);
    expect((await curl(`http://127.0.0.1:${port}/`)).stdout).toContain('Welcome to nginx!');
    pf.child.kill('SIGINT');
    expect((await pf.exited).code).toBe(0);
    const records = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => [r.record, r.request?.method, r.request?.url?.replace(/^https:\/\/[^/]+/, ''), r.response?.status])).toEqual([
      ['kcurl-journal', undefined, undefined, undefined],
      ['exchange', 'GET', '/api/v1/namespaces/default/pods/web', 200],
      ['exchange', 'GET', '/api/v1/namespaces/default/pods/web', 200],
      ['stream-open', 'GET', '/api/v1/namespaces/default/pods/web/portforward', 101],
      ['stream-end', undefined, undefined, undefined],
    ]);
  });

  it("a local client that stops reading holds the pod side back instead of filling kcurl's memory, and loses nothing", async () => {
    const pf = spawnKcurl(['port-forward', 'pod/web', ':80', '-q'], env);
    const [, port] = await pf.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/);
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pf.child.pid}/status`, 'utf8'))?.[1]) / 1024;
    // 80,000 pipelined GETs: about 68 MB of nginx answers, asked for at once, read only after a pause.
    const requests = 80_000;
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const before = rss();
    socket.pause();
    socket.write('GET / HTTP/1.1\r\nHost: web\r\n\r\n'.repeat(requests));
    // Until kcurl's memory stops moving: the answers wait in TCP's buffers and the sandbox, not in kcurl.
    let last = 0;
    await eventually(async () => {
      await new Promise((r) => setTimeout(r, 500));
      const now = rss();
      const settled = Math.abs(now - last) < 1;
      last = now;
      return settled ? true : undefined;
    }, 'kcurl memory settled');
    expect(last - before).toBeLessThan(40);
    let answers = 0;
    let tail = '';
    await new Promise<void>((resolve) => {
      socket.on('data', (c: Buffer) => {
        const text = tail + c.toString('latin1');
        answers += text.split('HTTP/1.1 200 OK').length - 1;
        // A status line split between chunks is counted once joined; a whole one cannot fit in what is kept.
        tail = text.slice(-('HTTP/1.1 200 OK'.length - 1));
        if (answers >= requests) resolve();
      });
      socket.resume();
    });
    expect(answers).toBe(requests);
    socket.destroy();
    pf.child.kill('SIGINT');
    expect((await pf.exited).code).toBe(0);
  });

  it("a missing pod: the builder's 404, no listener", async () => {
    const pf = spawnKcurl(['port-forward', 'pod/nothere', '8080:80', '-q'], env);
    expect(await pf.exited).toEqual({ code: 1, signal: null });
    expect(pf.err()).toBe('Error from server (NotFound): pods "nothere" not found\n');
    expect(pf.out()).toBe('');
  });

  it("the --show-curl snippet's python3-websocket client forwards the port itself", async () => {
    requireTool('python3');
    const shown = await runProcess(process.execPath, [join(import.meta.dirname, '../../bin/kcurl'), 'port-forward', 'pod/web', ':80', '--offline'], {
      env: { PATH: CLEAN_PATH, ...env },
    });
    expect(shown.code).toBe(0);
    const script = join(t.dir, 'port-forward.sh');
    writeFileSync(script, shown.stdout);
    // bash and python in a process group of their own, so that Ctrl-C (SIGINT to the group) reaches python.
    const child = spawn('bash', [script], { env: { PATH: CLEAN_PATH, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const port = await eventually(async () => /Forwarding from 127\.0\.0\.1:(\d+) -> 80\n/.exec(out)?.[1], `the snippet's Forwarding line (stderr: ${err})`);
    expect((await curl(`http://127.0.0.1:${port}/`)).stdout).toContain('<title>Welcome to nginx!</title>');
    await eventually(async () => (out.includes(`Handling connection for ${port}\n`) ? true : undefined), 'Handling connection');
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
  });
});
