// `create-secure-container audit` at a terminal: audit the folder, open the browser, and exit with
// the code the non-interactive run would give for what is left (src/audit/severity.ts failsGate),
// or 130 for Ctrl-C. Imported lazily by src/commands/audit.ts, so reports never load React.
//
// Colour: Ink's colours (chalk) ignore NO_COLOR; FORCE_COLOR=0 turns them off, and it must be set
// before Ink is loaded, so this module loads Ink and the screens dynamically after setting it
// (React itself does not colour anything and is imported as usual).
import path from 'node:path';
import { createElement } from 'react';
import type { FailOn } from '../../audit/severity.js';
import type { Severity } from '../../audit/types.js';
import { EXIT } from '../../cli/errors.js';

export interface AuditBrowserOptions {
  readonly root: string;
  readonly failOn: FailOn;
  readonly only: readonly string[];
  readonly skip: readonly string[];
  /** Start with this severity filter (the person can change it). */
  readonly minSeverity?: Severity;
  /** Findings in test, docs and example paths count for the exit code too. */
  readonly includeTests?: boolean;
  /** Globs of files not to audit (--exclude). */
  readonly exclude?: readonly string[];
}

export async function runAuditBrowser(options: AuditBrowserOptions): Promise<number> {
  if ((process.env.NO_COLOR ?? '') !== '') process.env.FORCE_COLOR = '0';
  const [{ showScreen }, { AuditBrowser }, { AuditSession }, { plural, score }] = await Promise.all([
    import('../ink.js'),
    import('./AuditBrowser.js'),
    import('./session.js'),
    import('./model.js'),
  ]);
  const session = new AuditSession(options);
  const initial = await session.reload();
  try {
    const how = await showScreen<'quit' | 'interrupt'>((finish) =>
      createElement(AuditBrowser, {
        initial,
        actions: session,
        heading: shownFolder(options.root),
        ...(options.minSeverity ? { minSeverity: options.minSeverity } : {}),
        onExit: (exit) => finish(exit),
        closingLine: (exit, result) => {
          const left = `${plural(result.findings.length, 'finding')} left, score ${score(result.findings)}/100`;
          if (exit === 'interrupt') return `Audit: interrupted; ${left}.`;
          const code = session.exitCode();
          return `Audit: ${left}; exit ${code}${code === EXIT.ok ? '' : ` (findings at or above ${options.failOn})`}.`;
        },
      }),
    );
    // A write under way when Ctrl-C came is atomic and finishes first.
    await session.settled();
    return how === 'interrupt' ? EXIT.interrupted : session.exitCode();
  } finally {
    if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
    // showScreen re-refs stdin for a prompt that could follow; none does here: let the process end.
    process.stdin.pause();
    process.stdin.unref();
  }
}

/** The folder as the person would type it from here. */
function shownFolder(root: string): string {
  const relative = path.relative(process.cwd(), path.resolve(root));
  return relative === '' ? '.' : relative;
}
