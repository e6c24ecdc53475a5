// Checks the user may run on freshly generated files with the tools they have: build the image,
// scan the configuration, build the kustomization, lint the Dockerfile. Every check but the image
// build works offline (no cluster, no registry); the build is offered only when the Docker daemon
// answers. Run only when asked, in the target directory, with argument arrays; output is streamed
// line by line to the caller.
import { execa } from 'execa';
import { buildView } from '../generate/view.js';
import type { Profile } from '../profile/schema.js';

export interface Check {
  readonly tool: string;
  readonly title: string;
  readonly args: readonly string[];
}

export function checksFor(profile: Profile): Check[] {
  const { image, paths } = buildView(profile);
  return [
    { tool: 'hadolint', title: 'Lint the Dockerfile', args: [paths.dockerfile] },
    { tool: 'trivy', title: 'Scan the configuration', args: ['config', '--exit-code', '1', '.'] },
    // `kubectl apply --dry-run=client` still asks a cluster for the API's discovery documents;
    // rendering the kustomization needs none and fails on a missing or malformed file.
    { tool: 'kubectl', title: 'Build the kustomization', args: ['kustomize', 'k8s/'] },
    { tool: 'docker', title: 'Build the image', args: ['build', '-t', image.ref, '.'] },
  ];
}

/**
 * Whether the Docker daemon answers (a client without a running daemon fails every build). Never
 * throws; false on any failure or after the timeout.
 */
export async function dockerDaemonAnswers({ timeoutMs = 5000, env }: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<boolean> {
  const result = await execa('docker', ['version', '--format', '{{.Server.Version}}'], {
    reject: false,
    timeout: timeoutMs,
    stdin: 'ignore',
    ...(env ? { env, extendEnv: false } : {}),
  });
  return !result.failed && String(result.stdout).trim() !== '';
}

export function commandText(check: Check): string {
  return [check.tool, ...check.args].join(' ');
}

export interface CheckResult {
  readonly exitCode: number | undefined;
  readonly ok: boolean;
  readonly durationMs: number;
  /** Why it did not run to an exit code (cancelled, timed out, could not start). */
  readonly problem?: string;
}

export interface RunOptions {
  readonly onLine: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export async function runCheck(check: Check, dir: string, options: RunOptions): Promise<CheckResult> {
  const started = Date.now();
  const subprocess = execa(check.tool, [...check.args], {
    cwd: dir,
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 15 * 60_000,
    forceKillAfterDelay: 2000,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
    ...(options.env ? { env: options.env, extendEnv: false } : {}),
  });
  for await (const line of subprocess.iterable({ from: 'all' })) options.onLine(String(line));
  const result = await subprocess;
  const durationMs = Date.now() - started;
  if (result.isCanceled) return { exitCode: undefined, ok: false, durationMs, problem: 'cancelled' };
  if (result.timedOut) return { exitCode: undefined, ok: false, durationMs, problem: 'timed out' };
  if (result.exitCode === undefined) return { exitCode: undefined, ok: false, durationMs, problem: result.shortMessage };
  return { exitCode: result.exitCode, ok: result.exitCode === 0, durationMs };
}
