// Start-up and generation benchmarks. Machines here are noisy, so each figure is printed as a
// ratio against a baseline measured in the same run (`node -e 0`), interleaved run by run.
// Run: npm run bench
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/create-secure-container.js');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const target = mkdtempSync(path.join(tmpdir(), 'csc-bench-'));

const cases = {
  'node -e 0 (baseline)': [process.execPath, ['-e', '0']],
  '--version': [process.execPath, [bin, '--version']],
  '--help': [process.execPath, [bin, '--help']],
  'generate --dry-run': [process.execPath, [bin, target, '--yes', '--name', 'bench', '--dry-run']],
};

function timeOnce([command, args]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: 'ignore', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < runs; i++) for (const [name, spec] of Object.entries(cases)) samples[name].push(timeOnce(spec));
rmSync(target, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const baseline = median(samples['node -e 0 (baseline)']);
console.log(`${runs} runs each, interleaved; median wall time and ratio to the baseline\n`);
for (const [name, values] of Object.entries(samples)) {
  console.log(`${name.padEnd(24)} ${median(values).toFixed(1).padStart(8)} ms  ${(median(values) / baseline).toFixed(2)}x`);
}
