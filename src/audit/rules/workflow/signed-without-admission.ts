import { admissionPolicyFix } from '../../fix/repo.js';
import { isMapping, listOf, mappingOf, stringOf } from '../../support/data.js';
import { replaceExpressions } from '../../support/github-expressions.js';
import { type Fix, type Location, type Repo, defineRule } from '../../types.js';
import { githubSteps, gitlabJobs, isCosignSign, stepEnv } from './_support.js';

interface SigningPlace {
  readonly location: Location;
  readonly fix?: Fix;
  readonly noFix?: string;
}

/** Where CI signs images: cosign sign in a script, with the admission policy that would verify it. */
function signingSites(repo: Repo): SigningPlace[] {
  const sites: SigningPlace[] = [];
  for (const step of githubSteps(repo)) {
    if (step.run === undefined || !isCosignSign(step.run)) continue;
    const location = step.document.locate([...step.path, 'run']);
    // The signing line (continuations joined); a line that reads as signing only with its neighbours
    // (inside a multi-line quote) falls back to the whole script.
    const line = step.run.replace(/\\\n/g, ' ').split('\n').find(isCosignSign) ?? step.run;
    const env = stepEnv(step);
    const image = signedImage(line, env);
    const keyless = !/--key[\s=]/.test(line);
    const fix = image ? admissionPolicyFix(repo, { workflow: step.document.file.path, image, keyless }) : undefined;
    sites.push({
      location,
      ...(fix
        ? { fix }
        : { noFix: !keyless ? 'the image is signed with a key, which the repository does not hold; the policy must name its public key' : 'the signed image, the GitHub repository or the namespace cannot be told from the repository, so the policy cannot name its signer' }),
    });
  }
  for (const job of gitlabJobs(repo)) {
    for (const line of job.lines) {
      if (isCosignSign(line.text)) sites.push({ location: job.document.locate(line.path), noFix: 'the admission policy template is written for GitHub keyless signing; a GitLab signing identity must be written by hand' });
    }
  }
  return sites;
}

/**
 * The image a `cosign sign` line signs: its last argument, with $VAR, ${VAR} and ${{ env.VAR }}
 * taken from the workflow, job and step env. Any other expression becomes `$`, which no image name
 * allows: dropped by the policy builder in a tag or digest, refused in the repository part.
 */
function signedImage(line: string, env: Readonly<Record<string, unknown>>): string | undefined {
  const lookup = (name: string, whole: string) => stringOf(env[name]) ?? whole;
  const withEnv = replaceExpressions(line.slice(line.search(/cosign\s+sign/)), (inner) => {
    const name = /^\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(inner)?.[1];
    return name === undefined ? undefined : lookup(name, '\u0000');
  });
  const command = replaceExpressions(withEnv, () => '\u0000');
  const last = command.split(/\s+/).slice(2).filter((word) => word !== '' && !word.startsWith('-')).at(-1);
  if (!last) return undefined;
  return last
    .replace(/^["']|["']$/g, '')
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => lookup((braced ?? bare)!, whole))
    .replaceAll('\u0000', '$');
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
  fixable: true,
  check({ repo, report }) {
    if (hasAdmissionVerification(repo)) return;
    for (const { location, fix, noFix } of signingSites(repo)) {
      report({ location, message: 'images are signed here, but no admission policy in the repository verifies the signature', ...(fix ? { fix } : { noFix }) });
    }
  },
});
