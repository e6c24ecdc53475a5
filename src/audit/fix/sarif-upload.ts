// The fix of workflow/no-sarif-upload: the steps the generator's own workflow uses, appended to the
// job that scans. A second Trivy pass writes SARIF (it never fails the job: the existing scan stays
// the gate) and github/codeql-action/upload-sarif sends it, allowed to fail where code scanning is
// unavailable (a private repository without it, a fork's read-only token). Both actions are pinned
// from the package's table. The job gets `security-events: write` and `actions: read` only when it
// already lists its permissions: adding a permissions block to a job that has none would take away
// every scope the job's token had by default (packages: write for a push, say).
import actionPins from '../../generate/action-pins.json' with { type: 'json' };
import type { GithubStep } from '../rules/workflow/_support.js';
import { isMapping, listOf, mappingOf, stringOf } from '../support/data.js';
import type { Fix } from '../types.js';
import { yamlFix } from './workflow.js';

const TRIVY = actionPins.actions['aquasecurity/trivy-action'];
const CODEQL = actionPins.actions['github/codeql-action'];
/** The Trivy binary the SARIF pass installs, as in the generated workflow (never v0.69.4 to v0.69.6). */
const TRIVY_VERSION = 'v0.72.0';
const REPORT = 'trivy-results.sarif';

export type SarifFix = Fix | { readonly reason: string };

export function sarifUploadFix(scan: GithubStep): SarifFix {
  const imageRef = stringOf(scan.with['image-ref']);
  if (scan.action !== 'aquasecurity/trivy-action' || !imageRef) {
    return { reason: 'The scan is not aquasecurity/trivy-action with an image-ref, so the SARIF pass cannot be derived from it: add it by hand.' };
  }
  if (!isMapping(scan.job.job.permissions)) {
    return {
      reason:
        'The job does not list its permissions; a permissions block for the upload would take away the scopes its token has by default. ' +
        'List them first (the workflow/token-permissions fix does), then this fix adds the upload.',
    };
  }
  const permissions = mappingOf(scan.job.job.permissions);
  const steps = [...scan.job.path, 'steps'];
  const existing = listOf(scan.job.job.steps);
  const taken = new Set(existing.map((step) => stringOf(mappingOf(step).id)));
  let id = 'trivy-sarif';
  for (let n = 2; taken.has(id); n++) id = `trivy-sarif-${n}`;
  const fix = yamlFix(
    scan.document,
    `upload the Trivy results of job "${scan.job.id}" to code scanning`,
    (editor) => {
      editor.append(steps, {
        name: 'Trivy report for code scanning (never fails)',
        id,
        if: 'always()',
        uses: `aquasecurity/trivy-action@${TRIVY.sha}`,
        with: { version: TRIVY_VERSION, 'image-ref': imageRef, format: 'sarif', output: REPORT, 'limit-severities-for-sarif': true, 'exit-code': '0' },
      });
      editor.appendLineComment([...steps, existing.length, 'uses'], TRIVY.version);
      editor.append(steps, {
        name: 'Upload the Trivy report to code scanning',
        if: `always() && steps.${id}.outcome == 'success'`,
        'continue-on-error': true,
        uses: `github/codeql-action/upload-sarif@${CODEQL.sha}`,
        with: { sarif_file: REPORT, category: 'trivy-image' },
      });
      editor.appendLineComment([...steps, existing.length + 1, 'uses'], CODEQL.version);
      if (permissions['security-events'] !== 'write') editor.set([...scan.job.path, 'permissions', 'security-events'], 'write');
      if (permissions.actions !== 'read' && permissions.actions !== 'write') editor.set([...scan.job.path, 'permissions', 'actions'], 'read');
    },
    'The upload needs code scanning on the repository (public repositories, or GitHub Advanced Security); where it is off the upload step fails without failing the job.',
  );
  return fix ?? { reason: 'The steps could not be added in place (the job\'s steps are not a plain list).' };
}
