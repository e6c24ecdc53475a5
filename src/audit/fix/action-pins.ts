// Which commit a workflow's `uses: owner/repo@ref` can be pinned to, from the table of verified
// SHAs the package ships (src/generate/action-pins.json, the one the generator pins its own
// workflows with, so a fixed workflow and a generated one agree). A pin is offered only when the
// table knows the action at the release the workflow names, or at a release of the major/minor
// line it floats on; anything else gets the reason there is no pin. SHAs are never looked up or
// guessed: a pin the table does not hold is a pin the user makes by hand.
import actionPins from '../../generate/action-pins.json' with { type: 'json' };

export interface ActionPin {
  readonly version: string;
  readonly sha: string;
}

/** owner/repo → the verified releases the table holds (newest last is not assumed). */
const TABLE: ReadonlyMap<string, readonly ActionPin[]> = new Map(
  Object.entries(actionPins.actions as Record<string, ActionPin | readonly ActionPin[]>).map(([action, pins]) => [action.toLowerCase(), Array.isArray(pins) ? pins : [pins as ActionPin]]),
);

/** Repositories whose reusable workflows must be called by a release tag, never a SHA. */
const TAG_ONLY: Readonly<Record<string, string>> = {
  'slsa-framework/slsa-github-generator':
    "the SLSA generator's reusable workflows must be called by a release tag (vX.Y.Z): they verify the ref they were called with",
};

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;

export type PinLookup =
  | { readonly pin: ActionPin; readonly floating: boolean }
  | { readonly reason: string };

/** The repository an action or reusable workflow lives in: `github/codeql-action/upload-sarif` → `github/codeql-action`. */
export function actionRepository(action: string): string {
  return action.split('/').slice(0, 2).join('/').toLowerCase();
}

/** Whether `uses:` of this repository must stay on a tag, and why. */
export function tagOnlyReason(action: string): string | undefined {
  return TAG_ONLY[actionRepository(action)];
}

/**
 * The pin for `action@ref`: the table's release equal to `ref`, or for a floating `v4` / `v4.2` the
 * newest release of that line the table holds (`floating`: the workflow moves to a fixed release).
 */
export function pinFor(action: string, ref: string): PinLookup {
  const repository = actionRepository(action);
  const tagOnly = TAG_ONLY[repository];
  if (tagOnly) return { reason: tagOnly };
  const pins = TABLE.get(repository);
  if (!pins || pins.length === 0) return { reason: `the pin table shipped with create-secure-container has no verified commit for ${repository}` };
  const wanted = VERSION.exec(ref);
  const known = pins.map((pin) => pin.version).join(', ');
  if (!wanted) {
    return { reason: ref === '' ? 'no ref names a release to pin' : `"${ref}" is not a release tag (a branch?); choose a release (the table knows ${known})` };
  }
  const exact = pins.find((pin) => pin.version === ref);
  if (exact) return { pin: exact, floating: false };
  const parts = wanted.slice(1).filter((part): part is string => part !== undefined);
  const line = pins
    .filter((pin) => {
      const version = VERSION.exec(pin.version);
      return version !== null && parts.length < 3 && parts.every((part, index) => Number(version[index + 1]) === Number(part));
    })
    .sort((a, b) => compareVersions(b.version, a.version))[0];
  if (line) return { pin: line, floating: true };
  return { reason: `the pin table knows ${repository} only at ${known}, not ${ref}` };
}

/**
 * When the table holds no release of the line `ref` names: the newest release it holds, as an
 * upgrade, for an older release line (`v4` when the table has v7.0.1) or a branch (`master`). Never
 * for a ref newer than the table (that would be a downgrade) or a repository the table lacks.
 */
export function upgradeFor(action: string, ref: string): { readonly pin: ActionPin; readonly kind: 'major' | 'branch' } | undefined {
  const repository = actionRepository(action);
  if (TAG_ONLY[repository] || ref === '') return undefined;
  const newest = [...(TABLE.get(repository) ?? [])].sort((a, b) => compareVersions(b.version, a.version))[0];
  if (!newest) return undefined;
  if (!VERSION.test(ref)) return { pin: newest, kind: 'branch' };
  return compareVersions(ref, newest.version) < 0 ? { pin: newest, kind: 'major' } : undefined;
}

function compareVersions(a: string, b: string): number {
  const pa = (VERSION.exec(a) ?? []).slice(1).map((part) => Number(part ?? 0));
  const pb = (VERSION.exec(b) ?? []).slice(1).map((part) => Number(part ?? 0));
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
