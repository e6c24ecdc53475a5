import { isMapping, listOf, mappingOf } from '../../support/data.js';
import { type Location, type Repo, defineRule } from '../../types.js';
import { githubSteps, gitlabJobs, isCosignSign } from './_support.js';

/** Where CI signs images: cosign sign in a script, or a signing action. */
function signingSites(repo: Repo): Location[] {
  const sites: Location[] = [];
  for (const step of githubSteps(repo)) {
    if (step.run !== undefined && isCosignSign(step.run)) sites.push(step.document.locate([...step.path, 'run']));
  }
  for (const job of gitlabJobs(repo)) {
    for (const line of job.lines) if (isCosignSign(line.text)) sites.push(job.document.locate(line.path));
  }
  return sites;
}

/** Kyverno (ImageValidatingPolicy, or ClusterPolicy/Policy with verifyImages) or Sigstore policy-controller. */
export function hasAdmissionVerification(repo: Repo): boolean {
  return repo.kubernetes.some(({ data }) => {
    const object = mappingOf(data);
    const kind = object.kind;
    const group = String(object.apiVersion).split('/')[0];
    if (group === 'policies.kyverno.io' && (kind === 'ImageValidatingPolicy' || kind === 'NamespacedImageValidatingPolicy')) return true;
    if (group === 'policy.sigstore.dev' && kind === 'ClusterImagePolicy') return true;
    if (group === 'kyverno.io' && (kind === 'ClusterPolicy' || kind === 'Policy')) {
      return listOf(mappingOf(object.spec).rules).some((rule) => isMapping(rule) && listOf(rule.verifyImages).length > 0);
    }
    return false;
  });
}

export const signedWithoutAdmission = defineRule({
  id: 'workflow/signed-without-admission',
  area: 'workflow',
  severity: 'medium',
  title: 'Images are signed but nothing verifies them at deploy time',
  why: 'A signature protects only if something checks it: without an admission policy the cluster runs an unsigned or tampered image just the same.',
  detect: 'A CI job runs `cosign sign`, and no Kyverno ImageValidatingPolicy (or ClusterPolicy with verifyImages) or Sigstore ClusterImagePolicy exists anywhere in the repository.',
  fix: 'Add an admission policy that requires your CI identity\'s signature on the image (create-secure-container --admission kyverno|sigstore generates one), and apply it to the cluster.',
  refs: [],
  check({ repo, report }) {
    if (hasAdmissionVerification(repo)) return;
    for (const location of signingSites(repo)) report({ location, message: 'images are signed here, but no admission policy in the repository verifies the signature' });
  },
});
