// bin/code-cache.cjs: loading kcurl's bundles through vm.Script with a V8 code cache that is never
// stale, tolerates read-only installs, and survives concurrent first runs. Uses small bundles written
// for each test (the real ones are exercised by every integration test through bin/kcurl); the last
// part checks the real build's layout: which bundles an offline and an online `get` load.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runKcurl } from '../helpers/run-kcurl.js';
import { CLEAN_PATH, runProcess } from '../helpers/spawn.js';
import { startTestSandbox } from './sandbox-helpers.js';

interface Bundle {
  name: string;
  exports: Record<string, unknown>;
  status: 'hit' | 'miss' | 'rejected' | 'unkeyed';
  saveCodeCache(): string | undefined;
}
interface CodeCache {
  loadKcurl(options: { dist: string; env: Record<string, string | undefined>; execArgv?: string[] }): {
    exports: Record<string, unknown>;
    bundles: Bundle[];
    saveCodeCache(): (string | undefined)[];
  };
  cacheFileName(source: string, options: { env: Record<string, string | undefined>; execArgv: string[] }): string | undefined;
  cacheDirs(dist: string, env: Record<string, string | undefined>): string[];
}

const LOADER = join(REPO_ROOT, 'bin', 'code-cache.cjs');
const codeCache = createRequire(import.meta.url)(LOADER) as CodeCache;

const HOT = `// kcurl build 0123456789abcdef
const os = require('kcurl-lazy-builtin:node:os');
const shared = { counter: { n: 0 } };
exports.modules = { 'src/shared.ts': () => shared };
exports.main = (x) => x * 2;
exports.client = () => require('kcurl-module:kcurl-client:src/client.ts');
exports.sandbox = () => require('kcurl-module:kcurl-sandbox:src/sandbox.ts');
exports.eol = () => os.EOL;
`;
const CLIENT = `// kcurl build fedcba9876543210
const shared = require('kcurl-module:kcurl:src/shared.ts');
exports.modules = { 'src/client.ts': () => ({ bump: () => ++shared.counter.n, shared }) };
`;
// Uses a module of the client bundle, as the sandbox does (the first bundle that needs a module holds it).
const SANDBOX = `// kcurl build 1111222233334444
exports.modules = { 'src/sandbox.ts': () => ({ client: require('kcurl-module:kcurl-client:src/client.ts') }) };
`;

let dir: string;
let dist: string;
let home: string;
const env = () => ({ HOME: home });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcurl-code-cache-'));
  dist = join(dir, 'dist');
  home = join(dir, 'home');
  mkdirSync(dist);
  mkdirSync(home);
  writeFileSync(join(dist, 'kcurl.cjs'), HOT);
  writeFileSync(join(dist, 'kcurl-client.cjs'), CLIENT);
  writeFileSync(join(dist, 'kcurl-sandbox.cjs'), SANDBOX);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Loads the test bundles in a new Node process, runs main(1) and saves the cache; prints "<status> <result>". */
function runChild(): Promise<string> {
  const script = join(dir, 'run.cjs');
  writeFileSync(
    script,
    `const k = require(${JSON.stringify(LOADER)}).loadKcurl({ dist: ${JSON.stringify(dist)}, env: {}, execArgv: [] });\n` +
      `const out = k.exports.main(1); k.saveCodeCache(); process.stdout.write(k.bundles[0].status + ' ' + out);\n`,
  );
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}`))));
  });
}

const load = (over: Partial<Parameters<CodeCache['loadKcurl']>[0]> = {}) => codeCache.loadKcurl({ dist, env: env(), execArgv: [], ...over });
const cacheFiles = (d: string) => {
  try {
    return readdirSync(d);
  } catch {
    return [];
  }
};

describe('cacheFileName', () => {
  const source = '// kcurl build 0123456789abcdef\nexports.x = 1;\n';
  it.each([
    [
      'the build id, Node version, platform and arch',
      source,
      {},
      [],
      `kcurl-0123456789abcdef-node${process.version}-${process.platform}-${process.arch}.v8cache`,
    ],
    ['an options hash when Node runs with options', source, {}, ['--max-old-space-size=64'], /^kcurl-0123456789abcdef-node.*-o[0-9a-f]{8}\.v8cache$/],
    ['an options hash for NODE_OPTIONS too', source, { NODE_OPTIONS: '--stack-size=2000' }, [], /-o[0-9a-f]{8}\.v8cache$/],
  ])('names %s', (_what, src, e, execArgv, want) => {
    const name = codeCache.cacheFileName(src, { env: e, execArgv });
    if (typeof want === 'string') expect(name).toBe(want);
    else expect(name).toMatch(want);
  });

  it('tells different option sets apart', () => {
    const a = codeCache.cacheFileName(source, { env: {}, execArgv: ['--max-old-space-size=64'] });
    const b = codeCache.cacheFileName(source, { env: {}, execArgv: ['--max-old-space-size=65'] });
    expect(a).not.toBe(b);
  });

  it.each([
    ['no build id line', 'exports.x = 1;\n'],
    ['the unstamped all-zero id', '// kcurl build 0000000000000000\nexports.x = 1;\n'],
  ])('gives no name (no cache) for %s', (_what, src) => {
    expect(codeCache.cacheFileName(src, { env: {}, execArgv: [] })).toBeUndefined();
  });
});

describe('cacheDirs', () => {
  it.each([
    [{ HOME: '/home/me' }, ['/opt/kcurl/dist/v8-cache', '/home/me/.cache/kcurl/v8-cache']],
    [{ HOME: '/home/me', XDG_CACHE_HOME: '/var/cache/me' }, ['/opt/kcurl/dist/v8-cache', '/var/cache/me/kcurl/v8-cache']],
    [{ HOME: '/home/me', XDG_CACHE_HOME: 'relative' }, ['/opt/kcurl/dist/v8-cache', '/home/me/.cache/kcurl/v8-cache']],
    [{}, ['/opt/kcurl/dist/v8-cache']],
  ])('%j → %j', (e, want) => {
    expect(codeCache.cacheDirs('/opt/kcurl/dist', e)).toEqual(want);
  });
});

describe('loadKcurl', () => {
  it('misses on the first run, writes the cache next to the bundle, and hits on the next run', () => {
    const first = load();
    expect((first.exports.main as (x: number) => number)(21)).toBe(42);
    expect(first.bundles.map((b) => b.status)).toEqual(['miss']);
    const [written] = first.saveCodeCache();
    expect(written).toBe(join(dist, 'v8-cache', codeCache.cacheFileName(HOT, { env: {}, execArgv: [] })!));
    const second = load();
    expect(second.bundles.map((b) => b.status)).toEqual(['hit']);
    expect((second.exports.main as (x: number) => number)(4)).toBe(8);
    expect(second.saveCodeCache()).toEqual([undefined]);
  });

  it('writes the cache again after a hit only in a training run (KCURL_TRAIN_CODE_CACHE), so training runs add up', () => {
    load().saveCodeCache();
    expect(load().saveCodeCache()).toEqual([undefined]);
    const training = load({ env: { ...env(), KCURL_TRAIN_CODE_CACHE: '1' } });
    expect(training.bundles.map((b) => b.status)).toEqual(['hit']);
    expect(training.saveCodeCache()).toEqual([join(dist, 'v8-cache', codeCache.cacheFileName(HOT, { env: {}, execArgv: [] })!)]);
    expect(load().bundles.map((b) => b.status)).toEqual(['hit']);
  });

  it('never uses a cache of another build: a rebuilt bundle misses', () => {
    load().saveCodeCache();
    writeFileSync(join(dist, 'kcurl.cjs'), HOT.replace('0123456789abcdef', '1111111111111111').replace('x * 2', 'x * 3'));
    const rebuilt = load();
    expect(rebuilt.bundles[0].status).toBe('miss');
    expect((rebuilt.exports.main as (x: number) => number)(2)).toBe(6);
  });

  it('treats a cache V8 rejects (corrupt, or another V8) as a miss, runs, and replaces it', async () => {
    load().saveCodeCache();
    const file = join(dist, 'v8-cache', cacheFiles(join(dist, 'v8-cache'))[0]);
    writeFileSync(file, Buffer.from('not a V8 code cache at all, just bytes'));
    // A fresh process each time: within one process V8 reuses its own compilation of the same source.
    expect(await runChild()).toBe('rejected 2');
    expect(await runChild()).toBe('hit 2');
  });

  it('falls back to the user cache directory when the install directory is not writable', () => {
    // Root ignores file modes, so a file where the cache directory should be makes it unwritable.
    writeFileSync(join(dist, 'v8-cache'), 'not a directory');
    const [written] = load().saveCodeCache();
    expect(written?.startsWith(join(home, '.cache', 'kcurl', 'v8-cache') + '/')).toBe(true);
    expect(load().bundles[0].status).toBe('hit');
  });

  it('never creates a HOME that does not exist (HOME=/nonexistent)', () => {
    writeFileSync(join(dist, 'v8-cache'), 'not a directory');
    const missingHome = join(dir, 'nonexistent');
    const k = codeCache.loadKcurl({ dist, env: { HOME: missingHome }, execArgv: [] });
    expect(k.saveCodeCache()).toEqual([undefined]);
    expect(cacheFiles(dir)).not.toContain('nonexistent');
  });

  it('creates $XDG_CACHE_HOME when its parent exists', () => {
    writeFileSync(join(dist, 'v8-cache'), 'not a directory');
    const xdg = join(home, 'xdg-cache');
    const [written] = codeCache.loadKcurl({ dist, env: { HOME: home, XDG_CACHE_HOME: xdg }, execArgv: [] }).saveCodeCache();
    expect(written?.startsWith(join(xdg, 'kcurl', 'v8-cache') + '/')).toBe(true);
  });

  it('runs without a cache, and without an error, when nothing is writable', () => {
    writeFileSync(join(dist, 'v8-cache'), 'not a directory');
    const noHome = () => codeCache.loadKcurl({ dist, env: {}, execArgv: [] });
    expect(noHome().saveCodeCache()).toEqual([undefined]);
    expect(noHome().bundles[0].status).toBe('miss');
  });

  it('loads another bundle on its first import, with the hot bundle’s shared modules (one instance)', () => {
    const k = load();
    expect(k.bundles.map((b) => b.name)).toEqual(['kcurl']);
    const client = (k.exports.client as () => { bump(): number; shared: unknown })();
    const again = (k.exports.client as () => { bump(): number; shared: unknown })();
    expect(k.bundles.map((b) => b.name)).toEqual(['kcurl', 'kcurl-client']);
    expect(client).toBe(again);
    expect(client.bump()).toBe(1);
    expect(client.bump()).toBe(2);
    expect(client.shared).toBe((k.exports.modules as Record<string, () => unknown>)['src/shared.ts']());
    expect(client.shared).toEqual({ counter: { n: 2 } });
    expect(k.bundles.map((b) => b.status)).toEqual(['miss', 'miss']);
    expect(k.saveCodeCache().filter(Boolean)).toHaveLength(2);
  });

  it('gives a module of one bundle that another bundle imports one instance, and a code cache per bundle', () => {
    const k = load();
    const client = (k.exports.client as () => unknown)();
    const sandbox = (k.exports.sandbox as () => { client: unknown })();
    expect(sandbox.client).toBe(client);
    expect(k.bundles.map((b) => b.name)).toEqual(['kcurl', 'kcurl-client', 'kcurl-sandbox']);
    const written = k.saveCodeCache();
    expect(new Set(written).size).toBe(3);
    const again = load();
    (again.exports.sandbox as () => unknown)();
    expect(again.bundles.map((b) => `${b.name} ${b.status}`)).toEqual(['kcurl hit', 'kcurl-sandbox hit', 'kcurl-client hit']);
  });

  it('fails clearly on a module the named bundle does not have', () => {
    writeFileSync(join(dist, 'kcurl-client.cjs'), CLIENT.replace("'src/client.ts'", "'src/renamed.ts'"));
    expect(() => (load().exports.client as () => unknown)()).toThrow('kcurl bundle: kcurl-client has no module src/client.ts');
  });

  it('loads a lazy builtin on first use', () => {
    expect((load().exports.eol as () => string)()).toBe('\n');
  });

  it('survives many first runs at once: every run succeeds, one complete cache, no temporary files left', async () => {
    const outs = await Promise.all(Array.from({ length: 8 }, () => runChild()));
    for (const out of outs) expect(out).toMatch(/^(miss|hit) 2$/);
    expect(cacheFiles(join(dist, 'v8-cache'))).toEqual([codeCache.cacheFileName(HOT, { env: {}, execArgv: [] })]);
    expect(await runChild()).toBe('hit 2');
  });
});

describe('the built bundles', () => {
  const built = join(REPO_ROOT, 'dist');
  const layout = (): Record<string, string> => JSON.parse(readFileSync(join(built, 'bundles.json'), 'utf8'));
  const bundleFiles = () => [...new Set(Object.values(layout()))].sort();

  it('are the hot bundle and one bundle per role', () => {
    expect(bundleFiles()).toEqual(['kcurl-client.cjs', 'kcurl-commands.cjs', 'kcurl-sandbox.cjs', 'kcurl-undici.cjs', 'kcurl-yaml.cjs', 'kcurl.cjs']);
  });

  it('carry a stamped build id and are pure ASCII (read as latin1)', () => {
    for (const f of bundleFiles()) {
      const bytes = readFileSync(join(built, f));
      expect(bytes.toString('latin1')).toMatch(/^\/\/ kcurl build (?!0{16})[0-9a-f]{16}\n/);
      expect(bytes.every((b) => b < 0x80)).toBe(true);
    }
  });

  it.each([
    ['src/main.ts', 'kcurl.cjs'],
    ['src/commands/get/run.ts', 'kcurl.cjs'],
    ['src/kube/kubeconfig.ts', 'kcurl.cjs'],
    ['src/kube/kubeconfig-plain.ts', 'kcurl.cjs'],
    ['src/kube/kubeconfig-yaml.ts', 'kcurl-yaml.cjs'],
    ['src/manifest/yaml11.ts', 'kcurl-yaml.cjs'],
    ['src/http/node-transport.ts', 'kcurl-client.cjs'],
    ['src/http/undici-transport.ts', 'kcurl-undici.cjs'],
    ['src/kube/discovery.ts', 'kcurl-client.cjs'],
    ['src/commands/get/present.ts', 'kcurl-client.cjs'],
    ['src/commands/describe/run.ts', 'kcurl-client.cjs'],
    ['src/commands/logs/run.ts', 'kcurl-client.cjs'],
    ['src/commands/apply/run.ts', 'kcurl-client.cjs'],
    ['src/commands/auth/can-i.ts', 'kcurl-client.cjs'],
    ['src/commands/create/token.ts', 'kcurl-client.cjs'],
    ['src/commands/delete/run.ts', 'kcurl-client.cjs'],
    ['src/manifest/read.ts', 'kcurl-client.cjs'],
    ['src/manifest/decode.ts', 'kcurl-yaml.cjs'],
    ['src/commands/proxy/run.ts', 'kcurl-commands.cjs'],
    ['src/commands/record/run.ts', 'kcurl-commands.cjs'],
    ['src/commands/replay/run.ts', 'kcurl-commands.cjs'],
    ['src/commands/completion/run.ts', 'kcurl-commands.cjs'],
    ['src/commands/demo/run.ts', 'kcurl-commands.cjs'],
    ['src/cli/help.ts', 'kcurl-commands.cjs'],
    ['src/commands/sandbox/command.ts', 'kcurl-sandbox.cjs'],
    ['src/sandbox/server.ts', 'kcurl-sandbox.cjs'],
  ])('put %s into %s', (file, bundle) => {
    expect(layout()[file]).toBe(bundle);
  });

  it('come with the trained code caches of the hot, the yaml and the client bundle', () => {
    for (const f of ['kcurl.cjs', 'kcurl-yaml.cjs', 'kcurl-client.cjs']) {
      const name = codeCache.cacheFileName(readFileSync(join(built, f), 'latin1'), { env: {}, execArgv: [] });
      expect(cacheFiles(join(built, 'v8-cache'))).toContain(name);
    }
  });

  it('load only the hot bundle for `kcurl get pods --offline`', async () => {
    const kubeconfig = join(REPO_ROOT, 'bench', 'kubeconfig.yaml');
    const r = await runKcurl(['get', 'pods', '--offline', '--show-curl'], { env: { KUBECONFIG: kubeconfig, KCURL_DEBUG_BUNDLES: '1' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('kcurl bundles: kcurl.cjs (hit)\n');
  });

  it('load the yaml bundle too for a kubeconfig the plain reader leaves to the yaml package', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'kcurl-yaml-kubeconfig-'));
    try {
      const kubeconfig = join(scratch, 'config');
      // Flow style: valid YAML that kubectl does not write.
      writeFileSync(
        kubeconfig,
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
      );
      const r = await runKcurl(['get', 'pods', '--offline'], { env: { KUBECONFIG: kubeconfig, KCURL_DEBUG_BUNDLES: '1' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500');
      expect(r.stderr).toContain('kcurl bundles: kcurl.cjs (hit), kcurl-yaml.cjs (hit)\n');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  /** The Node builtins a run of kcurl's main loads (process.moduleLoadList of a child started like bin/kcurl). */
  async function builtinsLoadedBy(args: string[], kubeconfig: string): Promise<string[]> {
    const scratch = mkdtempSync(join(tmpdir(), 'kcurl-builtins-'));
    try {
      const script = join(scratch, 'run.cjs');
      writeFileSync(
        script,
        `const k = require(${JSON.stringify(LOADER)}).loadKcurl();\n` +
          `k.exports.main(${JSON.stringify(args)}, k.exports.systemIo()).then((code) => {\n` +
          `  process.exitCode = code;\n` +
          `  const loaded = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));\n` +
          `  process.stderr.write('\\nbuiltins: ' + JSON.stringify(loaded) + '\\n');\n` +
          `});\n`,
      );
      const r = await runProcess(process.execPath, [script], { env: { PATH: CLEAN_PATH, HOME: scratch, KUBECONFIG: kubeconfig } });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(/^builtins: (.*)$/m.exec(r.stderr)?.[1] ?? '[]') as string[];
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const NEVER_AT_START = ['http2', 'zlib', 'worker_threads', 'perf_hooks'];

  it('load neither node:v8 nor a network builtin for `kcurl get pods --offline`', async () => {
    const loaded = await builtinsLoadedBy(['get', 'pods', '--offline', '--show-curl'], join(REPO_ROOT, 'bench', 'kubeconfig.yaml'));
    expect(loaded).toContain('fs');
    // Output to pipes is written directly, so not even process.stdout's socket (net, stream) is made.
    for (const m of [...NEVER_AT_START, 'v8', 'http', 'tls', 'crypto', 'net', 'stream']) expect(loaded).not.toContain(m);
  });

  it('load no node:http2, zlib, worker_threads, perf_hooks or v8 for an online `kcurl get pods`', async () => {
    const sandbox = await startTestSandbox();
    try {
      const loaded = await builtinsLoadedBy(['get', 'pods'], join(sandbox.dir, 'kubeconfig'));
      expect(loaded).toContain('tls');
      // node:v8 would mean --liftoff-only was set (for undici's WebAssembly), which makes every later builtin compile from source.
      for (const m of [...NEVER_AT_START, 'v8']) expect(loaded).not.toContain(m);
    } finally {
      await sandbox.close();
    }
  });

  it('load the hot and the client bundle, and not the sandbox, for an online `kcurl get pods`', async () => {
    const sandbox = await startTestSandbox();
    try {
      const r = await runKcurl(['get', 'pods'], { env: { KUBECONFIG: join(sandbox.dir, 'kubeconfig'), KCURL_DEBUG_BUNDLES: '1' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^kcurl bundles: kcurl\.cjs \(hit\), kcurl-client\.cjs \(hit\)$/m);
    } finally {
      await sandbox.close();
    }
  });
});
