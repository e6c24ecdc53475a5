import { isScalar } from 'yaml';
import actionPins from '../../../generate/action-pins.json' with { type: 'json' };
import { stringOf } from '../../support/data.js';
import { type Fix, type YamlDocument, defineRule } from '../../types.js';
import { githubJobs, githubSteps, type YamlPath } from './_support.js';

const FULL_SHA = /^[0-9a-f]{40}$/;
const PINS: Readonly<Record<string, { version: string; sha: string }>> = actionPins.actions;

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
    'and `docker://` images without an @sha256 digest. Local actions (./path) are fine.',
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
      const fix = pinFix(document, path, action, ref);
      report({
        location: document.locate(path),
        message: ref ? `${action} is used at "${ref}", a ref that can be moved; pin it to a commit SHA` : `${action} is used without any ref`,
        ...(fix ? { fix } : {}),
      });
    }
  },
});

/** Pins a known action whose ref names the same release (v7.0.1) or its major line (v7). */
function pinFix(document: YamlDocument, path: YamlPath, action: string, ref: string): Fix | undefined {
  const pin = PINS[action.toLowerCase()];
  if (!pin || !(ref === pin.version || ref === pin.version.split('.')[0])) return undefined;
  const node = document.document.getIn(path, true);
  if (!isScalar(node) || !node.range) return undefined;
  return {
    description: `pin ${action} to ${pin.version} (${pin.sha.slice(0, 12)})`,
    edits: [{ file: document.file.path, start: node.range[0], end: node.range[1], text: `${action}@${pin.sha} # ${pin.version}` }],
  };
}
