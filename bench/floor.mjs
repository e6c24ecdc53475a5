// The read+parse floor of the audit benchmark: read the same files the audit reads (Dockerfiles,
// YAML, the secret-scan candidates, node_modules skipped) and parse Dockerfiles with dockerfile-ast
// and YAML with yaml, nothing else. The audit can't be faster than this; the bench prints its ratio.
// Usage: node bench/floor.mjs DIR [--only-dockerfiles]
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';

const [root, flag] = process.argv.slice(2);
const onlyDockerfiles = flag === '--only-dockerfiles';
const SKIP = new Set(['.git', 'node_modules', 'vendor']);
const entries = await readdir(root, { recursive: true, withFileTypes: true });
const files = entries
  .filter((entry) => entry.isFile())
  .map((entry) => path.join(entry.parentPath, entry.name))
  .filter((file) => !path.relative(root, file).split(path.sep).some((part) => SKIP.has(part)))
  .filter((file) => /(^|\/)Dockerfile$/.test(file) || (!onlyDockerfiles && /\.(ya?ml|js|json)$/.test(file)));
let parsed = 0;
await Promise.all(
  files.map(async (file) => {
    const text = await readFile(file, 'utf8');
    if (file.endsWith('Dockerfile')) DockerfileParser.parse(text);
    else if (/\.ya?ml$/.test(file)) parseAllDocuments(text);
    parsed++;
  }),
);
if (parsed !== files.length) process.exit(1);
