// Bundles src/cli.ts into dist/ with esbuild. Code splitting keeps the heavy
// modules (ink, react, inquirer, the generator) in chunks that load only when a
// command needs them, so `--version` and `--help` start fast.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Resolves Ink's `./devtools.js` (a 49 KB window polyfill and devtools client) to the stub. */
function inkDevtoolsStub() {
  return {
    name: 'ink-devtools-stub',
    setup(build) {
      build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
        /[\\/]node_modules[\\/]ink[\\/]/.test(args.importer) ? { path: fileURLToPath(new URL('./devtools-stub.mjs', import.meta.url)) } : undefined,
      );
    },
  };
}
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
  // No source maps: they were 6 MB of the 8.6 MB unpacked package, for stack traces users never see
  // (CSC_DEBUG=1 prints the minified stack; run from a clone with tsx to debug).
  sourcemap: false,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  // Ink imports its devtools module (and react-devtools-core) only when DEV=true; neither ships.
  alias: { 'react-devtools-core': './scripts/devtools-stub.mjs' },
  plugins: [inkDevtoolsStub()],
  define: { 'process.env.NODE_ENV': '"production"' },
  // Without esbuild's default "module" condition, a CommonJS package that require()s a dual package
  // (dockerfile-ast -> vscode-languageserver-types) gets its CommonJS build: the ESM build would be
  // wrapped in getters that every Range.create goes through, a fifth of the Dockerfile parse time.
  conditions: ['node'],
  // Some CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __csc_createRequire } from 'node:module'; const require = __csc_createRequire(import.meta.url);" },
});
