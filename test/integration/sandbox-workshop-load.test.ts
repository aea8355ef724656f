// A workshop's load on one sandbox, bounded and on loopback: 30 students, each a ServiceAccount with its own
// token and namespace (bound to `edit`), run get/apply/logs loops and keep a watch open for 60 s against a
// `kcurl sandbox --state` process. No request may fail and no connection may be reset; every watch sees its
// student's last write; then the process is killed with SIGKILL mid-load and, restarted on the same state
// file, still holds every write that was acknowledged. Latencies are printed (p50/p99 per operation) for
// docs/benchmarks.md; nothing here asserts on time.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, expect, it } from 'vitest';
import { KCURL_BIN, REPO_ROOT } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, startProcess } from '../helpers/spawn.js';

const CLIENTS = 30;
const SECONDS = 60;
/** Between two rounds of a student's loop (someone typing commands is slower still). */
const THINK_MS = 100;

const dir = mkdtempSync(join(tmpdir(), 'kcurl-sbx-workshop-'));
const state = join(dir, 'state.jsonl');
const kubeconfig = join(dir, 'kubeconfig');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startSandboxProcess(): Promise<{ child: ChildProcess; url: string }> {
  const run = startProcess(process.execPath, [KCURL_BIN, 'sandbox', '--port', '0', '--state', state, '--kubeconfig', kubeconfig], {
    cwd: REPO_ROOT,
    env: { PATH: CLEAN_PATH, HOME: dir },
  });
  children.push(run.child);
  const m = await run.waitForOutput(/^kcurl sandbox listening on (https:\/\/\S+) /m, 60_000);
  return { child: run.child, url: m[1] };
}

interface Reply {
  status: number;
  body: string;
}

/** One HTTPS client: its own connection pool and bearer token. */
function client(url: string, ca: Buffer, token: string) {
  const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 2 });
  const call = (method: string, path: string, body?: string, contentType = 'application/json') =>
    new Promise<Reply>((resolve, reject) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = contentType;
      const req = https.request(`${url}${path}`, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  /** A watch on its own connection; `onEvent` per event; resolves when the server ends it, rejects on a network error. */
  const watch = (path: string, onEvent: (e: { type: string; object: any }) => void) => {
    let req: ReturnType<typeof https.request> | undefined;
    const done = new Promise<void>((resolve, reject) => {
      req = https.request(`${url}${path}`, { headers: { authorization: `Bearer ${token}` }, ca }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`watch answered ${res.statusCode}`));
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line) onEvent(JSON.parse(line));
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    return { done, close: () => req?.destroy() };
  };
  return { call, watch, close: () => agent.destroy() };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

it(`${CLIENTS} ServiceAccounts for ${SECONDS} s: no errors or resets, watches current, acknowledged writes survive kill -9`, async () => {
  const first = await startSandboxProcess();
  const kc = parseYaml(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64');
  const adminToken = kc.users.find((u: { name: string }) => u.name === 'kcurl-sandbox-admin').user.token;
  const admin = client(first.url, ca, adminToken);
  const must = async (method: string, path: string, body?: object) => {
    const r = await admin.call(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
    return JSON.parse(r.body);
  };

  // One namespace, ServiceAccount, RoleBinding to `edit` and running pod per student.
  const students = Array.from({ length: CLIENTS }, (_, i) => `student-${i + 1}`);
  const tokens = new Map<string, string>();
  await Promise.all(
    students.map(async (ns) => {
      await must('POST', '/api/v1/namespaces', { metadata: { name: ns } });
      await must('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'student' } });
      await must('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
        metadata: { name: 'student-edit' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ kind: 'ServiceAccount', name: 'student', namespace: ns }],
      });
      await must('POST', `/api/v1/namespaces/${ns}/pods`, {
        metadata: { name: 'hello' },
        spec: { containers: [{ name: 'hello', image: 'busybox', command: ['sh', '-c', 'echo hello from $HOSTNAME; sleep infinity'] }] },
      });
      tokens.set(
        ns,
        (
          await must('POST', `/api/v1/namespaces/${ns}/serviceaccounts/student/token`, {
            apiVersion: 'authentication.k8s.io/v1',
            kind: 'TokenRequest',
            spec: {},
          })
        ).status.token,
      );
    }),
  );
  for (const ns of students) {
    for (let tries = 0; ; tries++) {
      if ((await must('GET', `/api/v1/namespaces/${ns}/pods/hello`)).status?.phase === 'Running') break;
      if (tries > 600) throw new Error(`pod ${ns}/hello never ran`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const latencies: Record<string, number[]> = { list: [], apply: [], logs: [], get: [] };
  const errors: string[] = [];
  const acked = new Map<string, number>();
  const watched = new Map<string, number>();
  let stopping = false;
  let killed = false;
  let requests = 0;
  let watchEvents = 0;

  const runStudent = async (ns: string) => {
    const c = client(first.url, ca, tokens.get(ns)!);
    const timed = async (op: string, method: string, path: string, expect: number[], body?: string, contentType?: string) => {
      const started = performance.now();
      try {
        const r = await c.call(method, path, body, contentType);
        if (killed) return undefined;
        latencies[op].push(performance.now() - started);
        requests++;
        if (!expect.includes(r.status)) errors.push(`${ns} ${op}: ${r.status} ${r.body.slice(0, 200)}`);
        return r;
      } catch (e) {
        if (!killed) errors.push(`${ns} ${op}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        return undefined;
      }
    };
    // The watch, re-opened from the last resourceVersion whenever the server ends it.
    let rv = JSON.parse((await c.call('GET', `/api/v1/namespaces/${ns}/configmaps`)).body).metadata.resourceVersion;
    let current: ReturnType<typeof c.watch> | undefined;
    const watching = (async () => {
      while (!stopping) {
        current = c.watch(`/api/v1/namespaces/${ns}/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`, (e) => {
          rv = e.object.metadata.resourceVersion;
          watchEvents++;
          if (e.object.metadata.name === 'notes') watched.set(ns, Number(e.object.data.counter));
        });
        try {
          await current.done;
        } catch (e) {
          if (!stopping && !killed) errors.push(`${ns} watch: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      }
    })();
    for (let n = 1; !stopping; n++) {
      await timed('list', 'GET', `/api/v1/namespaces/${ns}/pods`, [200]);
      const config = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  counter: "${n}"\n`;
      const applied = await timed(
        'apply',
        'PATCH',
        `/api/v1/namespaces/${ns}/configmaps/notes?fieldManager=student`,
        [200, 201],
        config,
        'application/apply-patch+yaml',
      );
      if (applied && (applied.status === 200 || applied.status === 201)) acked.set(ns, n);
      const logs = await timed('logs', 'GET', `/api/v1/namespaces/${ns}/pods/hello/log`, [200]);
      if (logs && logs.status === 200 && !logs.body.startsWith('hello from hello')) errors.push(`${ns} logs: ${logs.body.slice(0, 100)}`);
      const got = await timed('get', 'GET', `/api/v1/namespaces/${ns}/configmaps/notes`, [200]);
      if (got && got.status === 200 && !killed && JSON.parse(got.body).data.counter !== String(acked.get(ns)))
        errors.push(`${ns} get: read ${got.body.slice(0, 100)} after acknowledging ${acked.get(ns)}`);
      await new Promise((r) => setTimeout(r, THINK_MS));
    }
    return { close: () => (current?.close(), c.close()), watching };
  };

  const started = Date.now();
  const running = students.map(runStudent);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const elapsed = (Date.now() - started) / 1000;
  const beforeKill = { errors: [...errors], requests };

  // Every watch has delivered its student's last acknowledged write (the loops keep running meanwhile).
  const lagging = () => students.filter((ns) => (watched.get(ns) ?? 0) < (acked.get(ns) ?? 0) - 1);
  for (let tries = 0; lagging().length && tries < 300; tries++) await new Promise((r) => setTimeout(r, 100));
  expect(lagging()).toEqual([]);

  // SIGKILL while the loops still write: what was acknowledged must survive.
  killed = true;
  first.child.kill('SIGKILL');
  const ackedAtKill = new Map(acked);
  stopping = true;
  await new Promise<void>((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r() : first.child.on('exit', () => r())));
  const clients = await Promise.all(running);
  for (const c of clients) c.close();
  admin.close();

  const second = await startSandboxProcess();
  // A restarted sandbox has a new CA and admin token (its objects come from the state file).
  const kc2 = parseYaml(readFileSync(kubeconfig, 'utf8'));
  const again = client(
    second.url,
    Buffer.from(kc2.clusters[0].cluster['certificate-authority-data'], 'base64'),
    kc2.users.find((u: { name: string }) => u.name === 'kcurl-sandbox-admin').user.token,
  );
  const lost: string[] = [];
  for (const ns of students) {
    const r = await again.call('GET', `/api/v1/namespaces/${ns}/configmaps/notes`);
    const stored = r.status === 200 ? Number(JSON.parse(r.body).data.counter) : 0;
    const want = ackedAtKill.get(ns) ?? 0;
    // An in-flight write may have been journaled without its answer arriving: one more is fine, one less is a loss.
    if (stored < want || stored > want + 1) lost.push(`${ns}: stored ${stored}, acknowledged ${want}`);
  }
  again.close();
  second.child.kill('SIGTERM');

  const summary = Object.entries(latencies).map(([op, l]) => {
    const sorted = [...l].sort((a, b) => a - b);
    return `${op} n=${sorted.length} p50=${percentile(sorted, 50).toFixed(1)}ms p99=${percentile(sorted, 99).toFixed(1)}ms`;
  });
  const all = Object.values(latencies)
    .flat()
    .sort((a, b) => a - b);
  // For docs/benchmarks.md (section "workshop load").
  console.log(
    `workshop load: ${CLIENTS} clients, ${elapsed.toFixed(0)} s, ${beforeKill.requests} requests (${(beforeKill.requests / elapsed).toFixed(0)}/s), ${watchEvents} watch events; all p50=${percentile(all, 50).toFixed(1)}ms p99=${percentile(all, 99).toFixed(1)}ms; ${summary.join('; ')}`,
  );

  expect(beforeKill.errors).toEqual([]);
  expect(errors).toEqual([]);
  expect(lost).toEqual([]);
  expect(beforeKill.requests).toBeGreaterThan(CLIENTS * 4);
}, 300_000);
