// Whether this run may ask questions. The wizard needs a person at a terminal: stdin and stdout
// both TTYs, no CI, and no flag that asks for a run without questions. When it can't ask, the
// reason is kept for the error that names the missing values.

export type Interactivity = { readonly interactive: true } | { readonly interactive: false; readonly reason: string };

export interface RunSwitches {
  readonly yes: boolean;
  readonly dryRun: boolean;
}

export interface Terminal {
  readonly stdin: { readonly isTTY?: boolean };
  readonly stdout: { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export function interactivity(switches: RunSwitches, terminal: Terminal = process): Interactivity {
  if (switches.yes) return { interactive: false, reason: '--yes was given' };
  if (switches.dryRun) return { interactive: false, reason: '--dry-run only prints the plan' };
  const ci = ciVariable(terminal.env);
  if (ci) return { interactive: false, reason: `${ci}=${terminal.env[ci]} says this is a CI run` };
  if (!terminal.stdin.isTTY) return { interactive: false, reason: 'stdin is not a terminal' };
  if (!terminal.stdout.isTTY) return { interactive: false, reason: 'stdout is not a terminal' };
  return { interactive: true };
}

/**
 * The variable that marks a CI run, as Ink reads it (is-in-ci): CI or CONTINUOUS_INTEGRATION set to
 * anything but "0" or "false". Ink renders nothing live then, so the wizard must not open.
 */
function ciVariable(env: NodeJS.ProcessEnv): string | undefined {
  return ['CI', 'CONTINUOUS_INTEGRATION'].find((name) => name in env && env[name] !== '0' && env[name] !== 'false');
}
