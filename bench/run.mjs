// Benchmarks. Machines here are noisy, so each figure is printed as a ratio against a baseline
// measured in the same run, interleaved run by run (issue 9):
//   start-up      vs `node -e 0`
//   whole audit   vs the read+parse floor (bench/floor.mjs) on a seeded 5,500-file synthetic
//                 monorepo (bench/synthetic-repo.mjs), time and peak memory;
//   Dockerfiles   vs dockerfilelint 1.8.0 on the same 1,000 Dockerfiles;
// and the size of the packed tarball. Run: npm run bench (BENCH_RUNS, BENCH_AUDIT_RUNS to change counts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticRepo } from './synthetic-repo.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/create-secure-container.js');
const rss = path.join(root, 'bench/rss.mjs');
const floor = path.join(root, 'bench/floor.mjs');
const dockerfilelint = path.join(root, 'node_modules/dockerfilelint/bin/dockerfilelint');
const runs = Number(process.env.BENCH_RUNS ?? 15);
const auditRuns = Number(process.env.BENCH_AUDIT_RUNS ?? 5);
const work = mkdtempSync(path.join(tmpdir(), 'csc-bench-'));

const node = (args) => [process.execPath, ['--import', rss, ...args]];

/** okStatuses: the exit codes that mean the run worked ('any': dockerfilelint exits with its problem count). */
function runOnce([command, args], okStatuses = [0]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, CI: 'true' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (okStatuses !== 'any' && !okStatuses.includes(result.status)) throw new Error(`${command} ${args.slice(0, 4).join(' ')} … exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  const kib = Number(/csc-bench-max-rss-kib=(\d+)/.exec(result.stderr)?.[1] ?? NaN);
  return { ms, kib };
}

/** Runs every case of a group interleaved, `count` times; returns the medians. */
function measure(cases, count) {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, { ms: [], kib: [] }]));
  for (let i = 0; i < count; i++) {
    for (const [name, spec] of Object.entries(cases)) {
      const { ms, kib } = runOnce(spec.command, spec.ok);
      samples[name].ms.push(ms);
      samples[name].kib.push(kib);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { ms: median(s.ms), kib: median(s.kib) }]));
}

function print(title, results, baseline, { memory = false } = {}) {
  console.log(`\n${title}`);
  const base = results[baseline];
  for (const [name, r] of Object.entries(results)) {
    const memoryText = memory && Number.isFinite(r.kib) ? `  ${(r.kib / 1024).toFixed(0).padStart(5)} MiB  ${(r.kib / base.kib).toFixed(2)}x memory` : '';
    console.log(`  ${name.padEnd(34)} ${r.ms.toFixed(1).padStart(9)} ms  ${(r.ms / base.ms).toFixed(2)}x${memoryText}`);
  }
}

try {
  // Start-up.
  const target = path.join(work, 'generate');
  const startup = measure(
    {
      'node -e 0 (baseline)': { command: [process.execPath, ['-e', '0']] },
      '--version': { command: [process.execPath, [bin, '--version']] },
      '--help': { command: [process.execPath, [bin, '--help']] },
      'generate --dry-run': { command: [process.execPath, [bin, target, '--yes', '--name', 'bench', '--language', 'node', '--dry-run']] },
    },
    runs,
  );
  console.log(`${runs} runs each for start-up, ${auditRuns} for the audits; medians, interleaved`);
  print('Start-up (ratio to node -e 0)', startup, 'node -e 0 (baseline)');

  // The whole audit against its read+parse floor.
  const repo = path.join(work, 'monorepo');
  const counts = writeSyntheticRepo(repo);
  const files = readdirSync(repo, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
  const whole = measure(
    {
      'read+parse floor (baseline)': { command: node([floor, repo]) },
      'audit --format json': { command: node([bin, 'audit', repo, '--format', 'json', '--fail-on', 'none']) },
    },
    auditRuns,
  );
  print(`Whole audit of a synthetic monorepo (${files} files: ${counts.dockerfiles} Dockerfiles, ${counts.manifests} manifests, ${counts.workflows} workflows, node_modules noise)`, whole, 'read+parse floor (baseline)', { memory: true });

  // Dockerfiles only, against dockerfilelint on the same files.
  const dockerfiles = path.join(work, 'dockerfiles');
  const names = [];
  for (const service of readdirSync(path.join(repo, 'services'))) {
    const file = path.join(dockerfiles, service, 'Dockerfile');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, readFileSync(path.join(repo, 'services', service, 'Dockerfile')));
    names.push(path.join(service, 'Dockerfile'));
  }
  const onlyDockerfiles = measure(
    {
      'dockerfilelint 1.8.0 (baseline)': { command: node([dockerfilelint, '-j', ...names.map((n) => path.join(dockerfiles, n))]), ok: 'any' },
      'read+parse floor': { command: node([floor, dockerfiles, '--only-dockerfiles']) },
      'audit --only dockerfile': { command: node([bin, 'audit', dockerfiles, '--only', 'dockerfile', '--format', 'json', '--fail-on', 'none']) },
    },
    auditRuns,
  );
  print(`Dockerfile-only audit of ${names.length} Dockerfiles (ratio to dockerfilelint; below 0.5x is twice as fast)`, onlyDockerfiles, 'dockerfilelint 1.8.0 (baseline)', { memory: true });

  // The packed tarball.
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  console.log(`\nPackage: ${(pack.size / 1024).toFixed(0)} kB packed, ${(pack.unpackedSize / 1024).toFixed(0)} kB unpacked, ${pack.entryCount} files`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
