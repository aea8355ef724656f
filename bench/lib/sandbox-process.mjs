// What the sandbox benches share: `kcurl sandbox` started in its own process (as users run it) with its admin's
// credentials, an HTTPS client for it, the bench namespace, a self-signed certificate for a baseline server, and a
// process's CPU time and memory from /proc.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import { parse as parseYaml } from 'yaml';

export const ROOT = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));

/** Throws unless the bundle the benches run (bin/kcurl) has been built. */
export function requireBuild() {
  if (!existsSync(path.join(ROOT, 'dist', 'kcurl.cjs'))) throw new Error('dist/kcurl.cjs is missing: run `npm run build` first');
}

/**
 * Starts `kcurl sandbox --port 0` writing its kubeconfig into `dir`; resolves, once it listens, with the child
 * process, its URL, CA (PEM) and admin token. The caller kills the child.
 */
export async function startSandboxProcess(dir) {
  const kubeconfig = path.join(dir, 'kubeconfig');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/kcurl'), 'sandbox', '--port', '0', '--kubeconfig', kubeconfig], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await readyLine(child, /listening on (https:\/\/\S+)/).catch((e) => {
    child.kill('SIGTERM');
    throw e;
  });
  const kc = parseYaml(readFileSync(kubeconfig, 'utf8'));
  const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token = kc.users.find((u) => u.name === 'kcurl-sandbox-admin').user.token;
  return { child, url, ca, token };
}

/**
 * startSandboxProcess, then a keep-alive client for it as its admin (`call(method, path, body?, accept?)`) and
 * the namespace `bench` created. `children` receives the sandbox process, for the caller's cleanup.
 */
export async function startBenchSandbox(dir, children, { maxSockets } = {}) {
  const sandbox = await startSandboxProcess(dir);
  children.push(sandbox.child);
  const agent = new https.Agent({ ca: sandbox.ca, keepAlive: true, ...(maxSockets ? { maxSockets } : {}) });
  const call = (method, p, body, accept = 'application/json') => request(agent, `${sandbox.url}${p}`, { method, token: sandbox.token, body, accept });
  const ns = await call('POST', '/api/v1/namespaces', { metadata: { name: 'bench' } });
  if (ns.status !== 201) throw new Error(`creating namespace bench: ${ns.status} ${ns.body.slice(0, 200)}`);
  return { ...sandbox, agent, call };
}

/** One HTTPS request with a JSON body (if any); resolves with the status, the body as text and its length in bytes. */
export function request(agent, url, { method, token, body, accept = 'application/json' }) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = {
      accept,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
    };
    const req = https.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode, body: buf.toString(), bytes: buf.length });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Resolves with the first group of `re` once the child's stdout matches it; rejects if the child exits first. */
export function readyLine(child, re) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = re.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`process exited (${code}) before it was ready`)));
  });
}

/** A key and a self-signed certificate for 127.0.0.1 (PEM), for a baseline https server. */
export function selfSigned() {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const attrs = [{ name: 'commonName', value: '127.0.0.1' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) };
}

/** User+system CPU time (s) of a process so far, from /proc. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident and peak resident memory (kB) of a process, from /proc. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** The same in MB. */
export function memoryMB(pid) {
  const { rss, hwm } = memory(pid);
  return { rss: rss / 1024, hwm: hwm / 1024 };
}
