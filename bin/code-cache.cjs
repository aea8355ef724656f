'use strict';
// Loads kcurl's bundles (dist/kcurl.cjs, and each other dist/kcurl-*.cjs when one of its modules is first
// imported) through vm.Script with a V8 code cache, so start-up deserializes bytecode instead of parsing
// and compiling (Node 20 has no module.enableCompileCache). scripts/build.mjs explains the bundle layout.
// KCURL_DEBUG_BUNDLES=1 prints the bundles a run loaded, with their cache status, to stderr at exit.
// KCURL_TRAIN_CODE_CACHE=1 (the build's training runs) writes the cache of every bundle the run loaded even after a
// hit: the cache then holds what it held (functions deserialized stay compiled) and what this run compiled, so
// several training runs in turn give one cache for all of their commands.
//
// Each bundle has its own cache file, named after the build id on the bundle's first line, the Node version, platform and
// arch, and a hash of Node/V8 options (execArgv, NODE_OPTIONS, and --liftoff-only once set, see UNDICI_BUNDLE) when there are any, so a rebuild or
// another Node never picks up a stale cache; V8 checks its own version and flags again, and a cache it
// rejects (script.cachedDataRejected) counts as a miss. Lookup order: dist/v8-cache/ (where the build's
// training run writes), then $XDG_CACHE_HOME/kcurl/v8-cache or ~/.cache/kcurl/v8-cache. After a miss
// the cache is written once the command has run (so it holds every function that ran), into the first
// of those directories that takes it; failures (read-only install, no HOME) are ignored. Each writer
// writes its own temporary file and renames it into place, so concurrent runs never see a partial file.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const DIST = path.join(__dirname, '..', 'dist');
const BUILD_ID = /^\/\/ kcurl build ([0-9a-f]{16})\n/;
// The CommonJS wrapper, on the bundle's first line so that line numbers in stack traces stay right.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_TAIL = '\n})';
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * undici's HTTP parser is WebAssembly; V8 would compile it a second time with its optimising tier on a
 * background thread, and the process waits for that work at exit (~90 ms and ~35 MB of a single `kcurl get`).
 * Its baseline (Liftoff) code parses a response's head as fast as kcurl needs; bodies pass through it in
 * chunks. The flag is set just before the bundle holding undici (UNDICI_BUNDLE) loads, and only then: a V8 flag
 * changed at run time makes V8 reject the code caches built into Node for its own modules, so every builtin
 * required afterwards (http, https, tls, net, …) is compiled from source (~20 ms of an online `get`, which sends
 * through node:https and loads no undici). The caches of bundles loaded before are made before the flag changes;
 * bundles compiled after it get cache files of their own (V8 compares flags and would reject the others).
 */
const UNDICI_BUNDLE = 'kcurl-undici';
let liftoffOnly = false;
function runWebAssemblyOnBaselineTier() {
  if (liftoffOnly) return;
  require('node:v8').setFlagsFromString('--liftoff-only');
  liftoffOnly = true;
}

/** 32-bit FNV-1a: tells option sets apart in a file name without loading node:crypto. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The cache file name for a bundle's source under this Node, or undefined when it carries no build id. */
function cacheFileName(source, { env = process.env, execArgv = process.execArgv, v8Flags = liftoffOnly ? ['--liftoff-only'] : [] } = {}) {
  const id = BUILD_ID.exec(source)?.[1];
  // All zeros: a bundle esbuild wrote but the build has not stamped (never the case for a finished build).
  if (!id || /^0+$/.test(id)) return undefined;
  const options = [...execArgv, env.NODE_OPTIONS ?? '', ...v8Flags].join('\0');
  const flags = options === '' ? '' : `-o${fnv1a(options)}`;
  return `kcurl-${id}-node${process.version}-${process.platform}-${process.arch}${flags}.v8cache`;
}

/** Directories searched for a cache, in order: next to the bundles, then the user's cache directory. */
function cacheDirs(dist, env = process.env) {
  return cacheLocations(dist, env).map((l) => l.dir);
}

/**
 * The cache directories with the directory that must already exist before kcurl creates the rest:
 * dist/ for the first, and $HOME (or the parent of $XDG_CACHE_HOME) for the user's, so that a HOME that
 * does not exist (HOME=/nonexistent for a service account) is never created.
 */
function cacheLocations(dist, env) {
  const locations = [{ dir: path.join(dist, 'v8-cache'), root: dist }];
  const xdg = env.XDG_CACHE_HOME;
  const home = env.HOME;
  if (xdg && path.isAbsolute(xdg)) locations.push({ dir: path.join(xdg, 'kcurl', 'v8-cache'), root: path.dirname(xdg) });
  else if (home && path.isAbsolute(home)) locations.push({ dir: path.join(home, '.cache', 'kcurl', 'v8-cache'), root: home });
  return locations;
}

/**
 * A builtin module that is required on first property access. Named imports compile to property
 * reads on the module object, so `import { spawn } from 'node:child_process'` costs nothing until spawn
 * is called.
 */
function lazyModule(load) {
  let real;
  const get = () => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_, key) => get()[key],
      has: (_, key) => key in get(),
      ownKeys: () => Reflect.ownKeys(get()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(get(), key);
        if (d) d.configurable = true;
        return d;
      },
      getPrototypeOf: () => Object.getPrototypeOf(get()),
    },
  );
}

/**
 * Compiles and runs one bundle file. `special(id)` answers the bundle's `kcurl-…:` requires.
 * Returns its exports and saveCodeCache(), which writes a cache after a miss (once; later calls return its path).
 */
function loadBundle(file, special, options = {}) {
  const env = options.env ?? process.env;
  const train = Boolean(env.KCURL_TRAIN_CODE_CACHE);
  const bytes = fs.readFileSync(file);
  // The build guarantees ASCII-only bundles, for which latin1 is an exact and fast decoding.
  const source = bytes.latin1Slice(0, bytes.length);
  const name = cacheFileName(source, options);
  const locations = name ? cacheLocations(path.dirname(file), env) : [];
  let cachedData;
  for (const { dir } of locations) {
    try {
      cachedData = fs.readFileSync(path.join(dir, name));
      break;
    } catch {
      // not there: try the next directory
    }
  }
  const script = new vm.Script(WRAPPER_HEAD + source + WRAPPER_TAIL, { filename: file, cachedData });
  const status = !name ? 'unkeyed' : cachedData === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  // The bundles require only Node builtins and packages (which resolve from bin/ as from dist/, its sibling).
  const bundleRequire = (id) => (id.startsWith('kcurl-') ? special(id) : require(id));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, bundleRequire, module, file, path.dirname(file));
  let saved = false;
  let written;
  return {
    exports: module.exports,
    status,
    saveCodeCache() {
      if (saved || (status !== 'miss' && status !== 'rejected' && !(train && status === 'hit'))) return written;
      saved = true;
      written = writeCache(script.createCachedData(), locations, name);
      return written;
    },
  };
}

/** Writes a cache into the first directory that takes it; returns its path, or undefined. */
function writeCache(data, locations, name) {
  for (const { dir, root } of locations) {
    const file = path.join(dir, name);
    const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    try {
      if (!fs.statSync(root).isDirectory()) continue;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(tmp, data, { flag: 'wx' });
      fs.renameSync(tmp, file);
      pruneOld(dir, name);
      return file;
    } catch {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // never created
      }
    }
  }
  return undefined;
}

/** Removes caches of other builds and stray temporary files untouched for 30 days. */
function pruneOld(dir, keep) {
  const now = Date.now();
  for (const entry of fs.readdirSync(dir)) {
    if (entry === keep || !entry.startsWith('kcurl-') || !(entry.endsWith('.v8cache') || entry.endsWith('.tmp'))) continue;
    try {
      const file = path.join(dir, entry);
      if (now - fs.statSync(file).mtimeMs > MAX_AGE_MS) fs.unlinkSync(file);
    } catch {
      // removed by another run meanwhile
    }
  }
}

/**
 * Loads kcurl: the hot bundle (dist/kcurl.cjs) now, another bundle on the first `kcurl-module:<bundle>:<file>`
 * require that names it. Returns the hot bundle's exports ({main, systemIo}), the bundles loaded so far
 * (each with its name and cache status) and saveCodeCache() for every one of them.
 */
function loadKcurl(options = {}) {
  const dist = options.dist ?? DIST;
  const bundles = [];
  const byName = new Map();
  const memo = new Map();
  const once = (id, make) => {
    if (!memo.has(id)) memo.set(id, make());
    return memo.get(id);
  };
  const bundle = (name) => {
    let b = byName.get(name);
    if (!b) {
      if (!/^kcurl(-[a-z]+)?$/.test(name)) throw new Error(`kcurl bundle: unknown bundle ${name}`);
      if (name === UNDICI_BUNDLE && !liftoffOnly) {
        // The caches of the bundles loaded so far, after a miss, are made now: V8 rejects a cache made under other flags.
        for (const loaded of bundles) loaded.saveCodeCache();
        runWebAssemblyOnBaselineTier();
      }
      b = { name, ...loadBundle(path.join(dist, `${name}.cjs`), special, options) };
      byName.set(name, b);
      bundles.push(b);
    }
    return b;
  };
  const special = (id) => {
    const colon = id.indexOf(':');
    const kind = id.slice(0, colon);
    const target = id.slice(colon + 1);
    if (kind === 'kcurl-lazy-builtin') return once(id, () => lazyModule(() => require(target)));
    if (kind === 'kcurl-module') {
      const sep = target.indexOf(':');
      return once(id, () => {
        const file = target.slice(sep + 1);
        const load = bundle(target.slice(0, sep)).exports.modules?.[file];
        if (!load) throw new Error(`kcurl bundle: ${target.slice(0, sep)} has no module ${file}`);
        return load();
      });
    }
    throw new Error(`kcurl bundle: unknown module ${id}`);
  };
  const hot = bundle('kcurl');
  return {
    exports: hot.exports,
    bundles,
    saveCodeCache: () => bundles.map((b) => b.saveCodeCache()),
  };
}

/** Runs kcurl with the process's arguments and streams: bin/kcurl and bin/kubectl-kcurl. */
function runCli() {
  const kcurl = loadKcurl();
  const { main, systemIo } = kcurl.exports;
  return main(process.argv.slice(2), systemIo()).then((code) => {
    process.exitCode = code;
    if (process.env.KCURL_DEBUG_BUNDLES) {
      process.stderr.write(`kcurl bundles: ${kcurl.bundles.map((b) => `${b.name}.cjs (${b.status})`).join(', ')}\n`);
    }
    kcurl.saveCodeCache();
  });
}

module.exports = { loadKcurl, loadBundle, runCli, cacheFileName, cacheDirs };
