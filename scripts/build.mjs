// Bundles src/cli.ts into dist/ with esbuild. Code splitting keeps the heavy
// modules (ink, react, inquirer, the generator) in chunks that load only when a
// command needs them, so `--version` and `--help` start fast.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minify: true,
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  // Ink imports react-devtools-core only when DEV=true; it is not installed.
  alias: { 'react-devtools-core': './scripts/devtools-stub.mjs' },
  define: { 'process.env.NODE_ENV': '"production"' },
  // Some CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __csc_createRequire } from 'node:module'; const require = __csc_createRequire(import.meta.url);" },
});
