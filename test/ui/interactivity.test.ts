// When the wizard may open: a person at a terminal, not CI, no flag asking for a run without questions.
import { describe, expect, it } from 'vitest';
import { interactivity } from '../../src/cli/interactive.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };
const quiet = { yes: false, dryRun: false };

describe('interactivity', () => {
  it('opens the wizard at a terminal outside CI', () => {
    expect(interactivity(quiet, { stdin: tty, stdout: tty, env: {} })).toEqual({ interactive: true });
    expect(interactivity(quiet, { stdin: tty, stdout: tty, env: { CI: '0' } })).toEqual({ interactive: true });
    expect(interactivity(quiet, { stdin: tty, stdout: tty, env: { CI: 'false' } })).toEqual({ interactive: true });
  });

  it('gives the reason when it does not', () => {
    const reason = (switches: typeof quiet, stdin = tty, stdout = tty, env: NodeJS.ProcessEnv = {}) => {
      const result = interactivity(switches, { stdin, stdout, env });
      return result.interactive ? undefined : result.reason;
    };
    expect(reason({ yes: true, dryRun: false })).toBe('--yes was given');
    expect(reason({ yes: false, dryRun: true })).toBe('--dry-run only prints the plan');
    expect(reason(quiet, tty, tty, { CI: 'true' })).toBe('CI=true says this is a CI run');
    expect(reason(quiet, tty, tty, { CONTINUOUS_INTEGRATION: '1' })).toBe('CONTINUOUS_INTEGRATION=1 says this is a CI run');
    expect(reason(quiet, tty, tty, { CI: '' })).toBe('CI= says this is a CI run');
    expect(reason(quiet, pipe)).toBe('stdin is not a terminal');
    expect(reason(quiet, tty, pipe)).toBe('stdout is not a terminal');
  });
});
