// `create-secure-container audit` at a terminal: audit the folder, open the browser, and exit with
// the code the non-interactive run would give for what is left (src/audit/severity.ts failsGate),
// or 130 for Ctrl-C. Imported lazily by src/commands/audit.ts, so reports never load React.
//
// Colour: Ink's colours (chalk) ignore NO_COLOR; FORCE_COLOR=0 turns them off, and it must be set
// before Ink is loaded, so this module loads Ink and the screens dynamically after setting it.
import type { FailOn } from '../../audit/severity.js';
import type { Severity } from '../../audit/types.js';
import { EXIT } from '../../cli/errors.js';
import path from 'node:path';

export interface AuditBrowserOptions {
  readonly root: string;
  readonly failOn: FailOn;
  readonly only: readonly string[];
  readonly skip: readonly string[];
  /** Start with this severity filter (the person can change it). */
  readonly minSeverity?: Severity;
}

export async function runAuditBrowser(options: AuditBrowserOptions): Promise<number> {
  if ((process.env.NO_COLOR ?? '') !== '') process.env.FORCE_COLOR = '0';
  const [{ createElement }, { showScreen }, { AuditBrowser }, { AuditSession }, { plural, score }] = await Promise.all([
    import('react'),
    import('../ink.js'),
    import('./AuditBrowser.js'),
    import('./session.js'),
    import('./model.js'),
  ]);
  const session = new AuditSession(options);
  const initial = await session.reload();
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
  await session.settled();
  return how === 'interrupt' ? EXIT.interrupted : session.exitCode();
}

/** The folder as the person would type it from here. */
function shownFolder(root: string): string {
  const relative = path.relative(process.cwd(), path.resolve(root));
  return relative === '' ? '.' : relative;
}
