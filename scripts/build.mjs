// Bundles src/ into CommonJS files by role, which bin/code-cache.cjs loads with a V8 code cache each, then
// trains the caches of the hot bundle (`kcurl get pods --offline --show-curl`, then the online calls below), of the
// yaml bundle (the same with a kubeconfig the plain reader declines) and of the client bundle (a workshop's
// everyday online single calls against a sandbox the build starts, step 6).
//
// Start-up is what this layout is for (docs/benchmarks.md has the measurements):
// - dist/kcurl.cjs, the hot bundle: src/main.ts with everything it imports statically, plus `kcurl get`
//   (the command every workshop types);
// - the other bundles hold the dynamically imported modules (the entry points), each in the bundle that
//   BUNDLES names for it, with what they import statically: dist/kcurl-yaml.cjs (the `yaml` package, for
//   kubeconfigs src/kube/kubeconfig-plain.ts declines and for manifests), dist/kcurl-client.cjs (undici's executor,
//   discovery, printers: what online get/describe/logs/apply load), dist/kcurl-sandbox.cjs (the sandbox)
//   and dist/kcurl-commands.cjs (every entry BUNDLES does not name: --help's yargs, completion, proxy,
//   record, replay, demo, the other commands; a new command lands here unless it is listed). A bundle is
//   read only when one of its modules is first imported, so neither the sandbox nor a new command costs
//   an online `get` anything;
// - a module is in exactly one bundle (the build checks it): one that entries of several bundles import
//   goes into the first of them in BUNDLES' order (so the sandbox bundle holds only what the sandbox alone
//   uses). Bundles reach each other's modules through `kcurl-module:<bundle>:<file>` requires that
//   bin/code-cache.cjs answers from that bundle's `modules`, so every module has one instance (one
//   KcurlError class for every `instanceof`);
// - scripts/bundle-layout.mjs applies these placement rules; dist/bundles.json lists each module's bundle,
//   and KCURL_DEBUG_BUNDLES=1 makes bin/kcurl print the bundles a run loaded;
// - node:crypto, node:child_process and node:os, imported by name from src/ into the hot bundle, load on first
//   use (`kcurl-lazy-builtin:` requires, answered by a proxy);
// - each bundle's line 1 is `// kcurl build <16 hex digits of its SHA-256>`; code caches are keyed by it.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutBundles } from './bundle-layout.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');

const HOT_ENTRY = 'src/main.ts';
const HOT = 'kcurl';
/**
 * The bundles and the entry points (dynamically imported modules) each one holds, in placement order.
 * The hot bundle's entries are part of it although imported dynamically. Entries not listed go to
 * DEFAULT_BUNDLE.
 */
const BUNDLES = [
  { name: HOT, entries: ['src/commands/get/run.ts'] },
  // The yaml package, for kubeconfigs the hot bundle's plain reader declines and for `-f` manifests (and with
  // it go-yaml's rules, which the client and commands bundles import from here).
  { name: 'kcurl-yaml', entries: ['src/kube/kubeconfig-yaml.ts', 'src/manifest/decode.ts'] },
  {
    name: 'kcurl-client',
    entries: [
      'src/http/execute.ts',
      'src/http/node-transport.ts',
      'src/kube/discovery.ts',
      'src/record/redact.ts', // -v=8 body redaction
      'src/commands/get/present.ts',
      'src/commands/get/raw.ts',
      'src/commands/get/watch.ts',
      'src/commands/describe/run.ts',
      'src/commands/logs/run.ts',
      'src/commands/apply/run.ts',
      'src/commands/apply/fetch-url.ts',
      'src/manifest/read.ts',
      // The other single calls of a workshop, so they read no commands bundle (yargs, proxy, record, …).
      'src/commands/auth/can-i.ts',
      'src/commands/create/token.ts',
      'src/commands/delete/run.ts',
    ],
  },
  // undici: kcurl proxy, record and replay relay through it; upgrades (exec, attach) and a proxy-url use it.
  { name: 'kcurl-undici', entries: ['src/http/undici-transport.ts'] },
  { name: 'kcurl-commands', entries: [] },
  { name: 'kcurl-sandbox', entries: ['src/commands/sandbox/command.ts', 'src/sandbox/server.ts'] },
];
const DEFAULT_BUNDLE = 'kcurl-commands';
/** Named imports of these builtins from src/ (hot bundle) load on first property access. */
const LAZY_BUILTINS = new Set(['child_process', 'crypto', 'os']);

const BUILD_ID_LINE = '// kcurl build 0000000000000000';
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  // With charset ascii and licence comments moved to *.LEGAL.txt the bundles are pure ASCII, which
  // bin/code-cache.cjs relies on to decode them as latin1 (a plain copy).
  charset: 'ascii',
  legalComments: 'linked',
  logLevel: 'warning',
  // yargs tries import.meta.resolve for `extends` in configs inside a try; kcurl passes no such config.
  logOverride: { 'empty-import-meta': 'silent' },
  // esbuild turns import.meta into {} in CommonJS output; the sandbox finds its fixtures from import.meta.url.
  // A getter, so that a run that never asks (every run but the sandbox's) does not pay for node:url's pathToFileURL.
  define: { 'import.meta.url': '__kcurlImportMeta.url' },
  banner: { js: `${BUILD_ID_LINE}\nvar __kcurlImportMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };` },
};

// 1. The module graph, resolved exactly as the real builds resolve it (CommonJS conditions).
const analysis = await build({ ...common, entryPoints: [HOT_ENTRY], outdir: 'dist', write: false, metafile: true, logLevel: 'silent' });
const inputs = analysis.metafile.inputs;

// 2. Which bundle each module goes into.
const { bundleOf, exported } = layoutBundles(inputs, { hotEntry: HOT_ENTRY, bundles: BUNDLES, defaultBundle: DEFAULT_BUNDLE });

const rel = (abs) => path.relative(root, abs).split(path.sep).join('/');

/**
 * Sends imports across bundle boundaries through bin/code-cache.cjs: `to(file)` names the
 * `kcurl-module:…` id for a file that lives in another bundle (or undefined). An ES module over there is
 * imported through a small bundled module that re-exports the id's exports (so esbuild's ESM interop
 * applies exactly as if it were bundled here); a CommonJS module is a plain external require, and a
 * dynamic import of one becomes a bundled module around that require (CommonJS output keeps import()
 * of externals, and vm.Script code has no import()).
 */
function boundary(name, to, lazyBuiltins) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter: /^kcurl-(module|lazy-builtin):/ }, (args) => ({ path: args.path, external: true }));
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === name || args.kind === 'entry-point' || args.namespace.startsWith('kcurl-shim')) return undefined;
        const dynamic = args.kind === 'dynamic-import';
        if (builtins.has(args.path)) {
          const bare = args.path.replace(/^node:/, '');
          if (dynamic) return { path: `node:${bare}`, namespace: 'kcurl-shim-cjs' };
          if (lazyBuiltins && LAZY_BUILTINS.has(bare) && args.importer.startsWith(path.join(root, 'src') + path.sep)) {
            return { path: `kcurl-lazy-builtin:node:${bare}`, external: true };
          }
          return undefined;
        }
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: name });
        if (r.errors.length || r.external) return undefined;
        const file = rel(r.path);
        const id = to(file);
        if (!id) return undefined;
        if (inputs[file]?.format === 'esm') return { path: id, namespace: 'kcurl-shim-esm' };
        return dynamic ? { path: id, namespace: 'kcurl-shim-cjs' } : { path: id, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: 'kcurl-shim-cjs' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
        resolveDir: root,
      }));
      b.onLoad({ filter: /.*/, namespace: 'kcurl-shim-esm' }, (args) => ({
        contents: `export * from ${JSON.stringify(args.path)};\nexport { default } from ${JSON.stringify(args.path)};\n`,
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

/**
 * undici's Client requires client-h2.js, and with it node:http2 (about 20 more builtins), as it loads; it only
 * uses it when the server picks h2 in ALPN, which kcurl never offers (allowH2 is unset). This loads it then.
 * The module graph is the same (the require is still bundled), only its evaluation waits.
 */
const undiciLazyH2 = {
  name: 'undici-lazy-h2',
  setup(b) {
    b.onLoad({ filter: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const eager = "const connectH2 = require('./client-h2.js')";
      if (!text.includes(eager)) throw new Error(`${args.path} no longer has \`${eager}\`: update undiciLazyH2 in scripts/build.mjs`);
      return { contents: text.replace(eager, "const connectH2 = (client, socket) => require('./client-h2.js')(client, socket)"), loader: 'js' };
    });
  },
};

/**
 * yargs-parser's entry point makes, as it loads, a require function for config files (`createRequire(import.meta.url)`,
 * which loads node:module and with it the ESM loader and source-map modules, and computes the bundle's file URL):
 * 2.2–2.5 million instructions of every run (0.5 % of an online `get`), for an option (`config`, `extends`) kcurl
 * never passes. This makes it on first use, and
 * node:module a builtin loaded on first property access (bin/code-cache.cjs answers `kcurl-lazy-builtin:` ids).
 */
const yargsParserLazyRequire = {
  name: 'yargs-parser-lazy-require',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs-parser[\\/]build[\\/]lib[\\/]index\.js$/, namespace: 'file' }, (args) => {
      const edits = [
        ["import { createRequire } from 'node:module';", "import { createRequire } from 'kcurl-lazy-builtin:node:module';"],
        [
          'const require = createRequire ? createRequire(import.meta.url) : undefined;',
          'let configRequire;\nconst require = (path) => (configRequire ??= createRequire(import.meta.url))(path);',
        ],
      ];
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of edits) {
        if (!text.includes(from)) throw new Error(`${args.path} no longer has \`${from}\`: update yargsParserLazyRequire in scripts/build.mjs`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

const VIRTUAL_ENTRY = 'kcurl-bundle-entry.js';
function virtualEntry(exportsSource) {
  return { contents: exportsSource, resolveDir: root, sourcefile: VIRTUAL_ENTRY, loader: 'js' };
}
const thunks = (files) =>
  `{\n${[...files]
    .sort()
    .map((f) => `  ${JSON.stringify(f)}: () => require(${JSON.stringify('./' + f)}),`)
    .join('\n')}\n}`;

// 3. The bundles, built in memory: nothing is written until all are complete and stamped.
const builds = await Promise.all(
  BUNDLES.map((b) => {
    const hot = b.name === HOT;
    const modules = `export const modules = ${thunks(exported.get(b.name))};\n`;
    return build({
      ...common,
      stdin: virtualEntry(hot ? `export { main, systemIo } from './${HOT_ENTRY}';\n${modules}` : modules),
      outfile: `dist/${b.name}.cjs`,
      sourcemap: 'linked',
      metafile: true,
      write: false,
      plugins: [
        undiciLazyH2,
        yargsParserLazyRequire,
        boundary(b.name, (f) => (bundleOf.get(f) !== b.name ? `kcurl-module:${bundleOf.get(f)}:${f}` : undefined), hot),
      ],
    });
  }),
);

// 4. Every module in exactly one bundle.
const modulesOf = (result) =>
  new Set(
    Object.values(result.metafile.outputs)
      .flatMap((o) => Object.keys(o.inputs))
      .filter((f) => !f.startsWith('kcurl-shim') && f !== VIRTUAL_ENTRY),
  );
const seenIn = new Map();
for (const [i, result] of builds.entries()) {
  for (const f of modulesOf(result)) {
    if (seenIn.has(f)) throw new Error(`${f} is bundled into both dist/${seenIn.get(f)}.cjs and dist/${BUNDLES[i].name}.cjs (two instances)`);
    seenIn.set(f, BUNDLES[i].name);
  }
}

// 5. Build ids and the ASCII guarantee, then the files.
const buildIds = {};
const files = builds.flatMap((b) => b.outputFiles).map((f) => ({ path: f.path, text: Buffer.from(f.contents).toString('latin1') }));
for (const f of files.filter((x) => x.path.endsWith('.cjs'))) {
  const name = path.basename(f.path);
  if (!f.text.startsWith(BUILD_ID_LINE + '\n')) throw new Error(`${name} does not start with the build id line`);
  const nonAscii = f.text.search(/[^\x00-\x7f]/);
  if (nonAscii >= 0) throw new Error(`${name} has a non-ASCII character at offset ${nonAscii}; bin/code-cache.cjs reads it as latin1`);
  buildIds[name] = createHash('sha256').update(f.text, 'latin1').digest('hex').slice(0, 16);
  f.text = BUILD_ID_LINE.replace(/0{16}$/, buildIds[name]) + f.text.slice(BUILD_ID_LINE.length);
}
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
for (const f of files) writeFileSync(f.path, f.text, 'latin1');

// Which bundle holds each module, for anyone checking the layout (test/integration/launcher-code-cache.test.ts).
writeFileSync(
  path.join(dist, 'bundles.json'),
  JSON.stringify(Object.fromEntries([...seenIn].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, b]) => [f, `${b}.cjs`])), null, 1) + '\n',
);

// ESM entry for programs that import kcurl rather than run it.
writeFileSync(
  path.join(dist, 'kcurl.mjs'),
  "// ESM entry: kcurl's main and systemIo, loaded like bin/kcurl loads them.\n" +
    "import { createRequire } from 'node:module';\n" +
    "export const { main, systemIo } = createRequire(import.meta.url)('../bin/code-cache.cjs').loadKcurl().exports;\n",
);

// 6. Training runs: bin/kcurl finds no cache for this build and writes dist/v8-cache/kcurl-<id>-….v8cache
// for each bundle it loaded. The offline run trains the hot bundle, the second offline run the yaml bundle. Then
// a sandbox (`kcurl sandbox`, the real API server) answers a workshop's everyday single calls — get (Table, -o
// name, -o json), logs, describe, auth can-i, create token, delete — run with KCURL_TRAIN_CODE_CACHE=1, so that
// each adds what it compiled to the hot bundle's cache and to the client bundle's (written by the first of them):
// an online call then finds compiled every function it runs in either bundle instead of parsing and compiling
// what an offline run does not use (docs/benchmarks.md, "single calls: fixed cost").
const scratch = mkdtempSync(path.join(tmpdir(), 'kcurl-build-'));
try {
  const kubeconfig = path.join(scratch, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: train
clusters:
- name: train
  cluster:
    server: https://127.0.0.1:1
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmYWtlCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
contexts:
- name: train
  context:
    cluster: train
    user: train
    namespace: default
users:
- name: train
  user:
    token: not-a-real-token
`,
  );
  // The same kubeconfig with a comment after a value, which the hot bundle's plain reader leaves to the yaml package.
  const yamlKubeconfig = path.join(scratch, 'kubeconfig-yaml');
  writeFileSync(yamlKubeconfig, readFileSync(kubeconfig, 'utf8').replace('namespace: default', 'namespace: default # read by the yaml package'));
  const train = (args, wantStatus, config = kubeconfig, extraEnv = {}) => {
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'kcurl'), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: scratch, KUBECONFIG: config, ...extraEnv },
      cwd: scratch,
      encoding: 'utf8',
    });
    if (!wantStatus(run.status)) throw new Error(`training run \`kcurl ${args.join(' ')}\` failed (exit ${run.status}):\n${run.stderr}`);
    return run.stdout;
  };
  /** The online training runs against a sandbox of their own, stopped with SIGKILL so that it writes no cache. */
  const trainOnline = async (home) => {
    const config = path.join(home, 'sandbox-kubeconfig');
    const sandbox = spawn(process.execPath, [path.join(root, 'bin', 'kcurl'), 'sandbox', '--port', '0', '--kubeconfig', config], {
      env: { PATH: process.env.PATH ?? '', HOME: home },
      cwd: home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise((resolve, reject) => {
        let text = '';
        const onData = (d) => {
          text += d;
          if (/listening on/.test(text)) resolve();
        };
        sandbox.stdout.on('data', onData);
        sandbox.stderr.on('data', onData);
        sandbox.on('exit', (code) => reject(new Error(`the training sandbox exited (${code}): ${text}`)));
        setTimeout(() => reject(new Error(`the training sandbox did not start within 60 s: ${text}`)), 60_000).unref();
      });
      const online = (args) => train(args, (s) => s === 0, config, { KCURL_TRAIN_CODE_CACHE: '1' });
      const pod = online(['get', 'pods', '-n', 'kube-system', '-o', 'name'])
        .split('\n')[0]
        .replace(/^pod\//, '');
      if (!pod) throw new Error('the training sandbox has no pod in kube-system');
      online(['get', 'pods', '-n', 'kube-system']);
      online(['get', 'pod', pod, '-n', 'kube-system', '-o', 'json']);
      online(['logs', pod, '-n', 'kube-system']);
      online(['describe', 'pod', pod, '-n', 'kube-system']);
      online(['auth', 'can-i', 'list', 'pods']);
      online(['create', 'token', 'default']);
      online(['delete', 'configmap', 'coredns', '-n', 'kube-system']);
    } finally {
      sandbox.kill('SIGKILL');
    }
  };
  train(['get', 'pods', '--offline', '--show-curl'], (s) => s === 0);
  train(['get', 'pods', '--offline', '--show-curl'], (s) => s === 0, yamlKubeconfig);
  await trainOnline(scratch);
  const caches = readdirSync(path.join(dist, 'v8-cache'));
  for (const bundle of [HOT, 'kcurl-yaml', 'kcurl-client']) {
    const prefix = `kcurl-${buildIds[`${bundle}.cjs`]}-node${process.version}-`;
    if (!caches.some((f) => f.startsWith(prefix) && f.endsWith('.v8cache'))) {
      throw new Error(`the training runs wrote no code cache ${prefix}….v8cache for dist/${bundle}.cjs into dist/v8-cache`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
