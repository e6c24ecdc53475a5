// The optional external tools: which are installed, at which version. None is required; each only
// adds a check the user can run on the generated files. Every call goes through execa with an
// argument array (no shell), `reject: false` (a missing tool is a status, not an error) and a timeout.
import { execa } from 'execa';

export interface ToolSpec {
  readonly name: string;
  /** Arguments that print the version without touching a daemon or a cluster. */
  readonly versionArgs: readonly string[];
  /** What it adds, in a few words. */
  readonly purpose: string;
  /** Where to get it. */
  readonly install: string;
}

export const TOOLS: readonly ToolSpec[] = [
  { name: 'docker', versionArgs: ['--version'], purpose: 'builds the image', install: 'https://docs.docker.com/get-started/get-docker/' },
  { name: 'trivy', versionArgs: ['--version'], purpose: 'scans the image and the configuration', install: 'https://trivy.dev/latest/getting-started/installation/' },
  { name: 'cosign', versionArgs: ['version'], purpose: 'signs and verifies images', install: 'https://docs.sigstore.dev/cosign/system_config/installation/' },
  { name: 'kubectl', versionArgs: ['version', '--client'], purpose: 'validates and applies the manifests', install: 'https://kubernetes.io/docs/tasks/tools/' },
  { name: 'hadolint', versionArgs: ['--version'], purpose: 'lints the Dockerfile', install: 'https://github.com/hadolint/hadolint#install' },
  { name: 'falco', versionArgs: ['--version'], purpose: 'runtime detection with the generated rules', install: 'https://falco.org/docs/setup/' },
];

export interface ToolStatus {
  readonly tool: ToolSpec;
  readonly installed: boolean;
  /** e.g. "28.2.2"; absent when the tool printed no version. */
  readonly version?: string;
  /** Installed but the version command failed or timed out. */
  readonly problem?: string;
}

export interface FindOptions {
  readonly timeoutMs?: number;
  /** Environment for the lookups (PATH decides what is found); defaults to this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Looks every tool up in parallel. Never throws. */
export async function findTools(options: FindOptions = {}): Promise<ToolStatus[]> {
  return Promise.all(TOOLS.map((tool) => findTool(tool, options)));
}

async function findTool(tool: ToolSpec, { timeoutMs = 5000, env }: FindOptions): Promise<ToolStatus> {
  const result = await execa(tool.name, [...tool.versionArgs], {
    reject: false,
    timeout: timeoutMs,
    stdin: 'ignore',
    all: true,
    ...(env ? { env, extendEnv: false } : {}),
  });
  if ((result as { code?: string }).code === 'ENOENT' || (result.failed && result.exitCode === undefined && !result.timedOut)) {
    return { tool, installed: false };
  }
  const version = parseToolVersion(String(result.all ?? ''));
  if (result.timedOut) return { tool, installed: true, problem: `no answer to ${tool.name} ${tool.versionArgs.join(' ')} within ${timeoutMs / 1000}s` };
  if (result.failed) return { tool, installed: true, ...(version ? { version } : {}), problem: `${tool.name} ${tool.versionArgs.join(' ')} exited with ${result.exitCode}` };
  return { tool, installed: true, ...(version ? { version } : {}) };
}

/** The first version number in a tool's version output: "Docker version 28.2.2, build e6534b4" -> "28.2.2". */
export function parseToolVersion(output: string): string | undefined {
  return /\bv?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?)\b/.exec(output)?.[1];
}
