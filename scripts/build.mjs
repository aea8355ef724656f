// Bundles src/ into two CommonJS files that bin/code-cache.cjs loads with a V8 code cache, then trains
// the cache of the first one with a `kcurl get pods --offline --show-curl` run.
//
// Start-up is what this layout is for (docs/benchmarks.md has the measurements):
// - dist/kcurl.cjs, the hot bundle: src/main.ts with everything it imports statically, plus the
//   dynamically imported modules listed in HOT_DYNAMIC (the commands that must start fast);
// - dist/kcurl-cold.cjs, the cold bundle: every other dynamically imported module (undici's executor,
//   the sandbox, yargs for --help, the other commands) with what they alone import. It is read only
//   when one of them is first imported;
// - a module is in exactly one bundle (the build checks it): the cold bundle reaches hot modules
//   through `kcurl-shared:` requires that bin/code-cache.cjs answers from the hot bundle's
//   sharedModules, so every module has one instance (one KcurlError class for every `instanceof`);
// - node:crypto and node:child_process, imported by name from src/ into the hot bundle, load on first
//   use (`kcurl-lazy-builtin:` requires, answered by a proxy);
// - each bundle's line 1 is `// kcurl build <16 hex digits of its SHA-256>`; code caches are keyed by it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');

const HOT_ENTRY = 'src/main.ts';
/** Dynamically imported, but part of the hot bundle: `kcurl get` (the command every workshop types). */
const HOT_DYNAMIC = ['src/commands/get/run.ts'];
/** Named imports of these builtins from src/ (hot bundle) load on first property access. */
const LAZY_BUILTINS = new Set(['child_process', 'crypto']);

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
  define: { 'import.meta.url': '__kcurlImportMetaUrl' },
  banner: { js: `${BUILD_ID_LINE}\nvar __kcurlImportMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
};

// 1. The module graph, resolved exactly as the real builds resolve it (CommonJS conditions).
const analysis = await build({ ...common, entryPoints: [HOT_ENTRY], outdir: 'dist', write: false, metafile: true, logLevel: 'silent' });
const inputs = analysis.metafile.inputs;
const edges = (file, dynamic) =>
  (inputs[file]?.imports ?? []).filter((i) => !i.external && (i.kind === 'dynamic-import') === dynamic).map((i) => i.path);
function closure(roots, stop = new Set()) {
  const seen = new Set();
  const todo = [...roots];
  while (todo.length) {
    const f = todo.pop();
    if (seen.has(f) || stop.has(f)) continue;
    seen.add(f);
    todo.push(...edges(f, false));
  }
  return seen;
}
for (const f of HOT_DYNAMIC) if (!inputs[f]) throw new Error(`HOT_DYNAMIC lists ${f}, which src/main.ts does not reach`);
const hot = closure([HOT_ENTRY, ...HOT_DYNAMIC]);
const coldRoots = [...new Set(Object.keys(inputs).flatMap((f) => edges(f, true)))].filter((f) => !hot.has(f)).sort();
const cold = closure(coldRoots, hot);
const shared = [...new Set([...cold].flatMap((f) => [...edges(f, false), ...edges(f, true)]))].filter((f) => hot.has(f)).sort();

const rel = (abs) => path.relative(root, abs).split(path.sep).join('/');

/**
 * Sends imports across the hot/cold boundary through bin/code-cache.cjs: `to(file)` names the
 * `kcurl-…:` id for a file that lives in the other bundle (or undefined). An ES module over there is
 * imported through a small bundled module that re-exports the id's exports (so esbuild's ESM interop
 * applies exactly as if it were bundled here); a CommonJS module is a plain external require, and a
 * dynamic import of one becomes a bundled module around that require (CommonJS output keeps import()
 * of externals, and vm.Script code has no import()).
 */
function boundary(name, to, lazyBuiltins) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter: /^kcurl-(shared|cold|lazy-builtin):/ }, (args) => ({ path: args.path, external: true }));
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

const VIRTUAL_ENTRY = 'kcurl-bundle-entry.js';
function virtualEntry(exportsSource) {
  return { contents: exportsSource, resolveDir: root, sourcefile: VIRTUAL_ENTRY, loader: 'js' };
}
const thunks = (files) => `{\n${files.map((f) => `  ${JSON.stringify(f)}: () => require(${JSON.stringify('./' + f)}),`).join('\n')}\n}`;

// 2. The two bundles, built in memory: nothing is written until both are complete and stamped.
const coldSet = new Set(coldRoots);
const hotBuild = await build({
  ...common,
  stdin: virtualEntry(`export { main, systemIo } from './${HOT_ENTRY}';\nexport const sharedModules = ${thunks(shared)};\n`),
  outfile: 'dist/kcurl.cjs',
  sourcemap: 'linked',
  metafile: true,
  write: false,
  plugins: [boundary('kcurl-hot', (f) => (coldSet.has(f) ? `kcurl-cold:${f}` : undefined), true)],
});
const coldBuild = await build({
  ...common,
  stdin: virtualEntry(`export const entries = ${thunks(coldRoots)};\n`),
  outfile: 'dist/kcurl-cold.cjs',
  sourcemap: 'linked',
  metafile: true,
  write: false,
  plugins: [boundary('kcurl-cold', (f) => (hot.has(f) ? `kcurl-shared:${f}` : undefined), false)],
});

// 3. Every module in exactly one bundle.
const modulesOf = (result) =>
  new Set(Object.values(result.metafile.outputs).flatMap((o) => Object.keys(o.inputs)).filter((f) => !f.startsWith('kcurl-shim') && f !== VIRTUAL_ENTRY));
const inHot = modulesOf(hotBuild);
const twice = [...modulesOf(coldBuild)].filter((f) => inHot.has(f));
if (twice.length) throw new Error(`modules bundled into both dist/kcurl.cjs and dist/kcurl-cold.cjs (two instances): ${twice.join(', ')}`);

// 4. Build ids and the ASCII guarantee, then the files (the cold bundle before the hot one that loads it).
const buildIds = {};
const files = [...coldBuild.outputFiles, ...hotBuild.outputFiles].map((f) => ({ path: f.path, text: Buffer.from(f.contents).toString('latin1') }));
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

// ESM entry for programs that import kcurl rather than run it.
writeFileSync(
  path.join(dist, 'kcurl.mjs'),
  "// ESM entry: kcurl's main and systemIo, loaded like bin/kcurl loads them.\n" +
    "import { createRequire } from 'node:module';\n" +
    "export const { main, systemIo } = createRequire(import.meta.url)('../bin/code-cache.cjs').loadKcurl().exports;\n",
);

// 5. Training run: bin/kcurl finds no cache for this build and writes dist/v8-cache/kcurl-<id>-….v8cache.
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
    server: https://127.0.0.1:6443
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
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'kcurl'), 'get', 'pods', '--offline', '--show-curl'], {
    env: { PATH: process.env.PATH ?? '', HOME: scratch, KUBECONFIG: kubeconfig },
    cwd: scratch,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`training run of bin/kcurl failed (exit ${run.status}):\n${run.stderr}`);
  const prefix = `kcurl-${buildIds['kcurl.cjs']}-node${process.version}-`;
  if (!readdirSync(path.join(dist, 'v8-cache')).some((f) => f.startsWith(prefix) && f.endsWith('.v8cache'))) {
    throw new Error(`the training run wrote no code cache ${prefix}….v8cache into dist/v8-cache`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
