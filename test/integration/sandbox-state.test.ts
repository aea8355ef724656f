// `kcurl sandbox --state FILE`: an acknowledged write survives kill -9 of the process, and a torn last
// journal record (a crash mid-write) is skipped with a warning instead of failing the start.
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { KCURL_BIN, REPO_ROOT } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, startProcess } from '../helpers/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'kcurl-sbx-state-'));
const state = join(dir, 'state.jsonl');
const kubeconfig = join(dir, 'kubeconfig');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `kcurl sandbox --state …` and resolves with its URL once it prints the ready line. */
async function startSandboxProcess(): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const run = startProcess(process.execPath, [KCURL_BIN, 'sandbox', '--port', '0', '--state', state, '--kubeconfig', kubeconfig], {
    cwd: REPO_ROOT,
    env: { PATH: CLEAN_PATH, HOME: dir },
  });
  children.push(run.child);
  const m = await run.waitForOutput(/^kcurl sandbox listening on (https:\/\/\S+) \(kubeconfig: (.+), context kcurl-sandbox\)$/m, 60_000);
  return { child: run.child, url: m[1], stderr: run.err };
}

function api(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const kc = parseYaml(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64');
  const token = kc.users.find((u: { name: string }) => u.name === 'kcurl-sandbox-admin').user.token;
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = https.request(
      `${url}${path}`,
      { method, ca, headers: { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.on('exit', () => r())));

describe('sandbox --state', () => {
  it('objects acknowledged before kill -9 are there after a restart', async () => {
    const first = await startSandboxProcess();
    const created = await api(first.url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'survivor' }, data: { k: 'v' } });
    expect(created.status).toBe(201);
    const updated = await api(first.url, 'PUT', '/api/v1/namespaces/default/configmaps/survivor', { ...created.json, data: { k: 'v2' } });
    expect(updated.status).toBe(200);
    const ns = await api(first.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'kept' } });
    expect(ns.status).toBe(201);
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = await startSandboxProcess();
    const got = await api(second.url, 'GET', '/api/v1/namespaces/default/configmaps/survivor');
    expect(got.status).toBe(200);
    expect(got.json.data).toEqual({ k: 'v2' });
    expect(got.json.metadata.uid).toBe(created.json.metadata.uid);
    expect((await api(second.url, 'GET', '/api/v1/namespaces/kept')).status).toBe(200);
    // resourceVersions keep increasing across the restart.
    const later = await api(second.url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'after' } });
    expect(Number(later.json.metadata.resourceVersion)).toBeGreaterThan(Number(ns.json.metadata.resourceVersion));
    second.child.kill('SIGKILL');
    await exited(second.child);
  });

  it('a torn last record is ignored with a warning', async () => {
    appendFileSync(state, '{"op":"put","rv":99999,"group":"","resource":"configmaps","object":{"kind":"Con');
    const third = await startSandboxProcess();
    expect(third.stderr()).toMatch(/^warning: ignoring an incomplete last record in .*state\.jsonl/m);
    expect((await api(third.url, 'GET', '/api/v1/namespaces/default/configmaps/survivor')).status).toBe(200);
    third.child.kill('SIGTERM');
    await exited(third.child);
    expect(third.child.exitCode).toBe(0);
  });
});
