// Shared by the sandbox integration tests: start a real sandbox on port 0, talk HTTPS to it (token or
// client certificate, verified against its CA), and run the real kubectl v1.32 binary against it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '../helpers/require-tool.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { kubeconfigYaml } from '../../src/sandbox/kubeconfig.js';
import { sandboxContainerPrograms } from '../../src/commands/sandbox/in-pod-kcurl.js';

export const KUBECTL_132 = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

export interface Credentials {
  token?: string;
  cert?: { certPem: string; keyPem: string };
  none?: boolean;
}

export interface TestSandbox {
  sb: Sandbox;
  dir: string;
  request(
    method: string,
    path: string,
    opts?: { body?: string | Buffer | object; contentType?: string; accept?: string; headers?: Record<string, string>; as?: Credentials },
  ): Promise<HttpReply>;
  /** Opens a streaming GET; lines arrive through onLine until close() is called or the server ends it. */
  stream(path: string, onLine: (line: string) => void, opts?: { accept?: string }): { done: Promise<void>; close(): void };
  kubectl(
    args: string[],
    opts?: { kubeconfig?: string; stdin?: string; env?: Record<string, string>; binary?: string },
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** A kubeconfig for another identity (a client certificate or a token). */
  kubeconfigFor(name: string, creds: Credentials): string;
  close(): Promise<void>;
}

export async function startTestSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'kcurl-sbx-test-'));
  // Node Leases are renewed every 10 s on a real clock; tests that compare two clients' runs need a sandbox that
  // changes only when they change it, so renewal is off unless a test asks for it (the Leases still exist).
  // Its pods run what `kcurl sandbox`'s pods run, `kcurl` included.
  const sb = await startSandbox({
    kubeconfigPath: join(dir, 'kubeconfig'),
    leaseRenewMs: 24 * 3600_000,
    containerPrograms: sandboxContainerPrograms(),
    ...opts,
  });
  const agents = new Map<string, https.Agent>();
  const agentFor = (creds: Credentials = {}) => {
    const key = creds.cert?.certPem ?? '';
    let agent = agents.get(key);
    if (!agent) {
      agent = new https.Agent({ ca: sb.caPem, cert: creds.cert?.certPem, key: creds.cert?.keyPem, keepAlive: true, maxSockets: 64 });
      agents.set(key, agent);
    }
    return agent;
  };
  const authHeader = (creds: Credentials = {}): Record<string, string> => {
    if (creds.none || creds.cert) return creds.token ? { authorization: `Bearer ${creds.token}` } : {};
    return { authorization: `Bearer ${creds.token ?? sb.adminToken}` };
  };

  const request: TestSandbox['request'] = (method, path, o = {}) =>
    new Promise((resolve, reject) => {
      let body: Buffer | undefined;
      if (o.body !== undefined) body = Buffer.isBuffer(o.body) ? o.body : Buffer.from(typeof o.body === 'string' ? o.body : JSON.stringify(o.body));
      const headers: Record<string, string> = { ...authHeader(o.as), ...(o.accept ? { accept: o.accept } : {}), ...(o.headers ?? {}) };
      if (body) {
        headers['content-type'] = o.contentType ?? 'application/json';
        headers['content-length'] = String(body.length);
      }
      const req = https.request(`${sb.url}${path}`, { method, headers, agent: agentFor(o.as) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const stream: TestSandbox['stream'] = (path, onLine, o = {}) => {
    let req: ReturnType<typeof https.request> | undefined;
    const done = new Promise<void>((resolve, reject) => {
      req = https.request(
        `${sb.url}${path}`,
        { method: 'GET', headers: { ...authHeader(), ...(o.accept ? { accept: o.accept } : {}) }, agent: new https.Agent({ ca: sb.caPem }) },
        (res) => {
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString('utf8');
            let i: number;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i);
              buf = buf.slice(i + 1);
              if (line) onLine(line);
            }
          });
          res.on('end', () => resolve());
          res.on('close', () => resolve());
          res.on('error', () => resolve());
        },
      );
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)));
      req.end();
    });
    return { done, close: () => req?.destroy() };
  };

  const kubectl: TestSandbox['kubectl'] = async (args, o = {}) => {
    const binary = o.binary ?? requireTool(KUBECTL_132);
    const env = { PATH: CLEAN_PATH, HOME: dir, KUBECACHEDIR: join(dir, 'kube-cache'), ...(o.env ?? {}) };
    const { code, stdout, stderr } = await runProcess(binary, ['--kubeconfig', o.kubeconfig ?? sb.kubeconfigPath, ...args], { env, stdin: o.stdin });
    return { code, stdout, stderr };
  };

  const kubeconfigFor = (name: string, creds: Credentials) => {
    const file = join(dir, `kubeconfig-${name}`);
    let yaml = kubeconfigYaml({
      server: sb.url,
      caPem: sb.caPem,
      adminToken: creds.token ?? 'unused',
      clientCertPem: creds.cert?.certPem ?? sb.clientCertPem,
      clientKeyPem: creds.cert?.keyPem ?? sb.clientKeyPem,
    });
    if (creds.cert) yaml = yaml.replace('current-context: kcurl-sandbox\n', 'current-context: kcurl-sandbox-cert\n');
    writeFileSync(file, yaml, { mode: 0o600 });
    return file;
  };

  return {
    sb,
    dir,
    request,
    stream,
    kubectl,
    kubeconfigFor,
    close: async () => {
      for (const a of agents.values()) a.destroy();
      await sb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when `check()` returns a value other than undefined (polling; no timing assertions). */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, limitMs = 20_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Creates a pod of `spec` in the default namespace and resolves once its phase is `phase`. */
async function podInPhase(t: TestSandbox, name: string, spec: object, phase: 'Running' | 'Succeeded'): Promise<void> {
  const created = await t.request('POST', '/api/v1/namespaces/default/pods', { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec } });
  if (created.status !== 201) throw new Error(`creating pod ${name} answered ${created.status}: ${created.text}`);
  await eventually(
    async () => ((await t.request('GET', `/api/v1/namespaces/default/pods/${name}`)).json().status?.phase === phase ? true : undefined),
    `pod ${name} ${phase}`,
  );
}

/** Creates a busybox pod running `sleep infinity` in the default namespace and resolves once it is Running. */
export async function runningShellPod(t: TestSandbox, name: string): Promise<void> {
  await podInPhase(t, name, { containers: [{ name: 'main', image: 'busybox', command: ['sleep', 'infinity'] }] }, 'Running');
}

/**
 * Once the default ServiceAccount exists, creates a busybox pod (container `c`, restartPolicy Never) running
 * `sh -c script` in the default namespace and resolves when it has Succeeded, so its log is complete.
 */
export async function completedPod(t: TestSandbox, name: string, script: string): Promise<void> {
  await eventually(
    async () => ((await t.request('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200 ? true : undefined),
    'the default ServiceAccount',
  );
  await podInPhase(t, name, { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', script] }] }, 'Succeeded');
}
