#!/usr/bin/env node
// Tiny shim: the real program is the bundle in dist/, built by `npm run build`.
import('../dist/cli.js').then(
  (cli) => cli.main(process.argv.slice(2)),
  (error) => {
    process.stderr.write(
      `create-secure-container: could not load dist/cli.js (${error.code ?? error.message}).\n` +
        'Run `npm run build` first when working from a clone.\n',
    );
    process.exitCode = 2;
  },
);
