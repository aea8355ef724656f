// Bundles src/ into dist/ with esbuild so that start-up loads one small file.
// Heavy modules (undici, yaml, cli-table3, the sandbox) are split into chunks
// that load only when a command needs them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { kcurl: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'linked',
  logLevel: 'warning',
  banner: {
    // Bundled CommonJS dependencies (cli-table3) call require().
    js: "import { createRequire as __kcurlCreateRequire } from 'node:module'; const require = __kcurlCreateRequire(import.meta.url);",
  },
});
