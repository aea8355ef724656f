// Bad -f sources against real kubectl 1.32: YAML alias bombs (go-yaml's limit, on both sides of it), documents
// that are not objects, control characters, a directory without manifests, downloads that fail (404, and
// certificates that are untrusted, for another host, or expired). kcurl prints kubectl's line, then its own hint
// after "; ", and exits 1; every reader (-f FILE, DIR, -R, -, URL) and every command that reads -f refuses a bomb.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKcurl } from '../helpers/run-kcurl.js';
import { startTestSandbox, type TestSandbox } from './sandbox-helpers.js';

let t: TestSandbox;
let dir: string;
let cacheDir: string;
const servers: Server[] = [];
let httpUrl = '';
const tlsUrls: Record<'untrusted' | 'wrongHost' | 'expired', string> = { untrusted: '', wrongHost: '', expired: '' };

const cm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;

/** Nine levels of nine aliases: 396 bytes that would expand to 9^9 strings. */
const BOMB = cm(
  'bomb',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' +
    'bcdefghi'
      .split('')
      .map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]\n`)
      .join(''),
);

/** Families of documents whose aliasing crosses go-yaml's limit at a known count (found with kubectl 1.32). */
const FAMILIES = {
  list: (size: number, m: number) => cm('aliased', `base: &base [${Array(size).fill('x').join(', ')}]\nuses:\n${'- *base\n'.repeat(m)}`),
  merge: (size: number, m: number) =>
    cm(
      'merged',
      `base: &base {${Array.from({ length: size }, (_, i) => `k${i}: v`).join(', ')}}\nother: &other {z: 1}\nuses:\n${'- {<<: [*other, *base], own: 1}\n'.repeat(m)}`,
    ),
  nested: (size: number, m: number) =>
    cm('nested', `a: &a [${Array(size).fill('x').join(',')}]\nb: &b [${Array(size).fill('*a').join(',')}]\nuses:\n${'- *b\n'.repeat(m)}`),
};

/** A ConfigMap with moderate, ordinary aliasing: 150 keys sharing one value, labels shared with an annotation map. */
const MODERATE = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: moderate\n  labels: &labels {app: web, tier: front}\n  annotations: *labels\ndata:\n  k0: &v "shared value"\n${Array.from({ length: 149 }, (_, i) => `  k${i + 1}: *v\n`).join('')}`;

const FILES: Record<string, string> = {
  'bomb.yaml': BOMB,
  'self.yaml': cm('self', 'data: &a {x: *a}\n'),
  'str.yaml': 'just a string\n',
  'list.yaml': '- a\n- b\n',
  'control.yaml': cm('ctl', 'data:\n  a: "x\u0001y"\n'),
  'notes/readme.txt': 'not a manifest\n',
  'nested/deeper/bomb.yaml': BOMB,
  'moderate.yaml': MODERATE,
};

/** A server certificate signed by `ca`, for `names`, valid from notBefore to notAfter. */
function issue(ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | undefined, names: string[], notBefore: Date, notAfter: Date) {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(pair.privateKey) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKey);
  cert.serialNumber = '01' + Math.floor(Math.random() * 1e9).toString(16);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: ca ? names[0] : 'manifest-test-ca' }]);
  cert.setIssuer(ca ? ca.cert.subject.attributes : cert.subject.attributes);
  cert.setExtensions(
    ca
      ? [
          { name: 'basicConstraints', cA: false },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2, value })) },
        ]
      : [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, digitalSignature: true, critical: true },
        ],
  );
  cert.sign(ca ? ca.key : key, forge.md.sha256.create());
  return { cert, key, certPem: forge.pki.certificateToPem(cert), keyPem: pair.privateKey };
}

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const serve = (req: { url?: string }, res: { statusCode: number; end(body?: string): void }) => {
  const name = (req.url ?? '').slice(1);
  if (FILES[name] === undefined) {
    res.statusCode = 404;
    res.end('not here');
    return;
  }
  res.end(FILES[name]);
};

beforeAll(async () => {
  t = await startTestSandbox();
  dir = mkdtempSync(join(tmpdir(), 'kcurl-manifest-sources-'));
  cacheDir = join(dir, 'kcurl-cache');
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  httpUrl = `http://127.0.0.1:${await listen(createHttpServer(serve))}`;
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  const ca = issue(undefined, [], new Date(now - day), new Date(now + 30 * day));
  writeFileSync(join(dir, 'ca.pem'), ca.certPem);
  const certs = {
    untrusted: issue(issue(undefined, [], new Date(now - day), new Date(now + 30 * day)), ['localhost'], new Date(now - day), new Date(now + 30 * day)),
    wrongHost: issue(ca, ['other.example'], new Date(now - day), new Date(now + 30 * day)),
    expired: issue(ca, ['localhost'], new Date(now - 10 * day), new Date(now - 2 * day)),
  };
  for (const [name, c] of Object.entries(certs)) {
    const port = await listen(createHttpsServer({ cert: c.certPem, key: c.keyPem }, serve) as unknown as Server);
    tlsUrls[name as keyof typeof tlsUrls] = `https://localhost:${port}/moderate.yaml`;
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
  for (const s of servers) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const abs = (args: string[]) => args.map((a) => (FILES[a] !== undefined || a === 'notes' || a === 'nested' ? join(dir, a) : a.replace('HTTP', httpUrl)));

async function both(args: string[], opts: { stdin?: string; kubectlEnv?: Record<string, string>; kcurlEnv?: Record<string, string> } = {}) {
  const k = await t.kubectl(abs(args), { stdin: opts.stdin, env: opts.kubectlEnv });
  const c = await runKcurl([...abs(args), '-q', '--cache-dir', cacheDir], { env: { KUBECONFIG: t.sb.kubeconfigPath, ...opts.kcurlEnv }, stdin: opts.stdin });
  return { k, c };
}

/** kcurl's stderr is kubectl's one line, then "; " and a hint, on one line; both exit 1 with nothing on stdout. */
function expectKubectlLineAndHint(k: { code: number | null; stdout: string; stderr: string }, c: { code: number | null; stdout: string; stderr: string }) {
  expect(k.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(c.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(c.stderr.startsWith(`${k.stderr.trimEnd()}; `)).toBe(true);
  expect([c.code, k.code]).toEqual([1, 1]);
  expect(c.stdout).toBe(k.stdout);
}

describe("alias bombs: go-yaml's limit through every reader", () => {
  it.each([
    [['apply', '-f', 'bomb.yaml']],
    [['create', '-f', 'bomb.yaml']],
    [['delete', '-f', 'bomb.yaml']],
    [['describe', '-f', 'bomb.yaml']],
    [['apply', '-R', '-f', 'nested']],
    [['apply', '-f', 'HTTP/bomb.yaml']],
    [['apply', '-f', 'self.yaml']],
  ])('%j: kubectl\'s line ("document contains excessive aliasing"), then the hint', { timeout: 20_000 }, async (args) => {
    const { k, c } = await both(args);
    expect(k.stderr).toMatch(/yaml: (document contains excessive aliasing|anchor 'a' value contains itself)\n$/);
    expectKubectlLineAndHint(k, c);
  });

  it('-f - (standard input)', { timeout: 20_000 }, async () => {
    const { k, c } = await both(['apply', '-f', '-'], { stdin: BOMB });
    expect(k.stderr).toBe('error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n');
    expectKubectlLineAndHint(k, c);
  });

  // Each pair straddles the count where go-yaml starts refusing: kcurl must agree with kubectl on both sides.
  it.each([
    ['list', 100, 3923],
    ['list', 100, 3924],
    ['list', 200, 207],
    ['list', 200, 208],
    ['merge', 150, 1383],
    ['merge', 150, 1384],
    ['nested', 12, 54],
    ['nested', 12, 55],
  ] as const)('%s of %i, %i aliases: accepted or refused as kubectl does', { timeout: 30_000 }, async (family, size, m) => {
    const name = `${family}-${size}-${m}.yaml`;
    writeFileSync(join(dir, name), FAMILIES[family](size, m));
    const args = ['create', '-f', join(dir, name), '--dry-run=client', '-o', 'name'];
    const k = await t.kubectl(args);
    const c = await runKcurl([...args, '-q', '--cache-dir', cacheDir], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(c.code).toBe(k.code);
    expect(c.stdout).toBe(k.stdout);
    if (k.code !== 0) expect(c.stderr.startsWith(`${k.stderr.trimEnd()}; `)).toBe(true);
  });

  it('moderate aliasing applies: kubectl accepts the file, kcurl creates the object with every alias expanded', { timeout: 20_000 }, async () => {
    const k = await t.kubectl(['apply', '--dry-run=client', '-f', join(dir, 'moderate.yaml')]);
    expect(k).toMatchObject({ code: 0, stdout: 'configmap/moderate created (dry run)\n' });
    const c = await runKcurl(['apply', '-f', join(dir, 'moderate.yaml'), '-q', '--cache-dir', cacheDir], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(c).toMatchObject({ code: 0, stdout: 'configmap/moderate created\n', stderr: '' });
    const got = (await t.request('GET', '/api/v1/namespaces/default/configmaps/moderate')).json();
    expect(Object.keys(got.data)).toHaveLength(150);
    expect(got.data.k149).toBe('shared value');
    expect(got.metadata.annotations).toMatchObject({ app: 'web', tier: 'front' });
  });
});

describe("other bad sources: one line each, kubectl's words first", () => {
  it.each([
    [['apply', '-f', 'str.yaml']],
    [['apply', '-f', 'list.yaml']],
    [['apply', '-f', 'control.yaml']],
    [['apply', '-f', 'notes']],
    [['create', '-f', 'notes']],
  ])('%j', { timeout: 20_000 }, async (args) => {
    const { k, c } = await both(args);
    expectKubectlLineAndHint(k, c);
  });

  it('a URL that answers 404: the same line as kubectl', { timeout: 20_000 }, async () => {
    const { k, c } = await both(['apply', '-f', 'HTTP/missing.yaml']);
    expect(k.stderr).toBe(`error: unable to read URL "${httpUrl}/missing.yaml", server reported 404 Not Found, status code=404\n`);
    expect(c.stderr).toBe(k.stderr);
    expect(c.code).toBe(1);
  });

  it('a file larger than kcurl reads: one line, before reading it', { timeout: 20_000 }, async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, Buffer.alloc(33 * 1024 * 1024, 'a'));
    const c = await runKcurl(['apply', '-f', big, '--cache-dir', cacheDir], { env: { KUBECONFIG: t.sb.kubeconfigPath } });
    expect(c.stderr).toBe(
      `error: error reading ${big}: larger than the 32 MiB kcurl reads from one source; split the manifests into several files and pass them (or their directory) with -f\n`,
    );
    expect(c.code).toBe(1);
  });
});

describe("-f https://… with a certificate problem: kubectl's line, and the problem named", () => {
  it('unknown authority', { timeout: 20_000 }, async () => {
    const { k, c } = await both(['apply', '-f', tlsUrls.untrusted]);
    expect(k.stderr).toBe('Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority\n');
    expect(c.stderr).toMatch(
      /^error: Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority; the certificate of https:\/\/localhost:\d+\/moderate\.yaml is not signed by an authority this machine trusts \(unknown authority: [^)]+\); trust its CA with NODE_EXTRA_CA_CERTS=ca\.pem, or download the file another way and pass -f FILE\n$/,
    );
    expect([c.code, k.code]).toEqual([1, 1]);
  });

  // The CA is trusted on both sides (Go reads SSL_CERT_FILE, Node NODE_EXTRA_CA_CERTS), so the name or the
  // dates are what fails.
  it.each([
    ['wrongHost', 'does not name localhost (hostname mismatch)'],
    ['expired', 'is expired or not valid yet'],
  ] as const)('%s', { timeout: 20_000 }, async (which, problem) => {
    const ca = join(dir, 'ca.pem');
    const { k, c } = await both(['apply', '-f', tlsUrls[which]], { kubectlEnv: { SSL_CERT_FILE: ca }, kcurlEnv: { NODE_EXTRA_CA_CERTS: ca } });
    const [line] = c.stderr.split('; ');
    // kubectl adds the certificate's dates after the expiry text ("…: current time … is after …").
    expect(`error: ${k.stderr}`.startsWith(line)).toBe(true);
    expect(line).toMatch(
      /^error: Unable to connect to the server: tls: failed to verify certificate: x509: certificate (is valid for other\.example, not localhost|has expired or is not yet valid)$/,
    );
    expect(c.stderr).toContain(`; the certificate of ${tlsUrls[which]} ${problem}`);
    expect(c.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect([c.code, k.code]).toEqual([1, 1]);
  });
});
