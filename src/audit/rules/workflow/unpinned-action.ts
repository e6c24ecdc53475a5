import { type ActionPin, pinFor, tagOnlyReason, upgradeFor } from '../../fix/action-pins.js';
import { deferredYamlFix, pinUses } from '../../fix/workflow.js';
import { stringOf } from '../../support/data.js';
import { type Fix, type YamlDocument, defineRule } from '../../types.js';
import { githubJobs, githubSteps, type YamlPath } from './_support.js';

const FULL_SHA = /^[0-9a-f]{40}$/;
/** A full release tag (v2.1.0): what a tag-only reusable workflow must be called with. */
const RELEASE_TAG = /^v\d+\.\d+\.\d+$/;

export const unpinnedAction = defineRule({
  id: 'workflow/unpinned-action',
  area: 'workflow',
  severity: 'high',
  title: 'Action not pinned to a full commit SHA',
  why:
    'A tag or branch can be moved to other code at any time, and the workflow runs whatever it points to with your token and secrets. ' +
    'In March 2026, 75 of 76 tags of aquasecurity/trivy-action were force-pushed to a credential stealer (CVE-2026-33634); workflows pinned to a commit SHA were not affected.',
  detect:
    'A `uses:` of a repository action or reusable workflow (owner/repo[/path]@ref) whose ref is not a 40-character commit SHA, ' +
    'and `docker://` images without an @sha256 digest. Local actions (./path) are fine, and so are the SLSA generator\'s reusable workflows at a full release tag (vX.Y.Z), which they require. ' +
    'A branch or a third-party version tag is high; a version tag of GitHub\'s own actions (actions/*, github/*) is low. ' +
    'The automatic fix pins only actions the package\'s table of verified SHAs knows at the release the workflow names or on its major line; it never looks a SHA up.',
  fix: 'Pin to the commit the tag points to and keep the tag in a comment, e.g. `uses: actions/checkout@<40-hex sha> # v7.0.1`; let Renovate (helpers:pinGitHubActionDigests) or Dependabot keep the pins current.',
  refs: ['zizmor:unpinned-uses'],
  fixable: true,
  check({ repo, report }) {
    const usesAt: { document: YamlDocument; path: YamlPath; uses: string }[] = [];
    for (const job of githubJobs(repo)) {
      const uses = stringOf(job.job.uses);
      if (uses) usesAt.push({ document: job.document, path: [...job.path, 'uses'], uses });
    }
    for (const step of githubSteps(repo)) {
      const uses = stringOf(step.step.uses);
      if (uses) usesAt.push({ document: step.document, path: [...step.path, 'uses'], uses });
    }
    for (const { document, path, uses } of usesAt) {
      if (uses.startsWith('./') || uses.startsWith('.\\')) continue;
      if (uses.startsWith('docker://')) {
        if (!/@sha256:[0-9a-f]{64}$/.test(uses)) {
          report({ location: document.locate(path), severity: 'medium', message: `container action ${uses} is not pinned by digest` });
        }
        continue;
      }
      const at = uses.lastIndexOf('@');
      const action = at < 0 ? uses : uses.slice(0, at);
      const ref = at < 0 ? '' : uses.slice(at + 1);
      if (FULL_SHA.test(ref)) continue;
      if (tagOnlyReason(action) && RELEASE_TAG.test(ref)) continue;
      const fix = pinFix(document, path, action, ref);
      const problem = ref ? `${action} is used at "${ref}", a ref that can be moved; pin it to a commit SHA` : `${action} is used without any ref`;
      report({ location: document.locate(path), severity: severityOf(action, ref), message: problem, ...('reason' in fix ? { noFix: fix.reason } : { fix }) });
    }
  },
});

/** GitHub's own actions: a moved tag there means GitHub itself was compromised. */
const FIRST_PARTY = /^(?:actions|github)\//;
/** A release tag (v4, v4.2, 4.2.1): what publishers move on purpose only to new releases. */
const VERSION_TAG = /^v?\d+(?:\.\d+){0,2}$/;

/**
 * How bad a movable ref is. A branch (or no ref) runs whatever is pushed next: high. A version tag
 * of a third-party action is what attackers moved in the trivy-action compromise: high. A version
 * tag of GitHub's own actions can only move if GitHub is compromised, which is why zizmor allowed
 * it by default until 1.20: low, still worth pinning.
 */
function severityOf(action: string, ref: string): 'high' | 'low' {
  return FIRST_PARTY.test(action) && VERSION_TAG.test(ref) ? 'low' : 'high';
}

/** The pin of a known action at the release it names (exact) or the newest release of its line (with a caveat). */
function pinFix(document: YamlDocument, path: YamlPath, action: string, ref: string): Fix | { reason: string } {
  const tagOnly = tagOnlyReason(action);
  if (tagOnly) return { reason: `${tagOnly}; use a full release tag, not "${ref}"` };
  const lookup = pinFor(action, ref);
  let pin: ActionPin;
  let caveat: string | undefined;
  if ('reason' in lookup) {
    // No release of the named line is known: the newest known release, as an upgrade the user reviews.
    const upgrade = upgradeFor(action, ref);
    if (!upgrade) return lookup;
    pin = upgrade.pin;
    caveat =
      upgrade.kind === 'major'
        ? `${lookup.reason}: the fix upgrades ${action} from ${ref} to ${pin.version}, a newer major release whose inputs and behaviour may differ. Read its release notes before merging.`
        : `"${ref}" is a branch: the fix pins ${action} to the release ${pin.version} (the one the package's table knows), which may differ from what the branch holds today.`;
  } else {
    pin = lookup.pin;
    caveat = lookup.floating
      ? `"${ref}" followed every ${ref} release; the pin fixes it at ${pin.version}, the newest the package's table knows. Check that release suits the workflow, and let Renovate or Dependabot move the pin from now on.`
      : undefined;
  }
  const fix = deferredYamlFix(document, `pin ${action} to ${pin.version} (${pin.sha.slice(0, 12)})`, [path], (editor) => pinUses(editor, path, action, pin.sha, pin.version), caveat);
  return fix ?? { reason: 'the uses: line could not be rewritten in place' };
}
