// Profile -> the files to write. Pure: no clock, no randomness, nothing read but the packaged
// templates; the same profile always gives the same bytes. The CLI, the wizard, the snapshot
// tests and the audit's fixes all call this one function.
import type { Profile } from '../profile/schema.js';
import { serializeProfile } from '../profile/file.js';
import { validateProfile } from '../profile/resolve.js';
import { render } from './render.js';
import { type View, buildView } from './view.js';

export interface PlannedFile {
  /** Relative to the target directory (or, with scope 'repository', the repository root), / separators. */
  readonly path: string;
  /** Set for a service of a monorepo on files read only at the repository root (see placement.ts). */
  readonly scope?: 'repository';
  readonly content: string;
  /** One line: what the file is for (shown in the plan and the review screen). */
  readonly purpose: string;
}

interface FileSpec {
  readonly path: (view: View) => string | undefined;
  /** GitHub reads workflows and Renovate its config at the repository root only. */
  readonly repositoryLevel?: boolean;
  readonly template: (view: View) => string;
  readonly purpose: string;
}

const FILES: readonly FileSpec[] = [
  { path: () => 'Dockerfile', template: (v) => `docker/Dockerfile.${v.profile.language}.hbs`, purpose: 'multi-stage build onto a distroless non-root image' },
  { path: () => '.dockerignore', template: () => 'docker/dockerignore.hbs', purpose: 'keeps .git, secrets and local dependencies out of the build context' },
  { path: () => 'k8s/namespace.yaml', template: () => 'k8s/namespace.yaml.hbs', purpose: 'namespace that enforces the restricted Pod Security Standard' },
  { path: () => 'k8s/serviceaccount.yaml', template: () => 'k8s/serviceaccount.yaml.hbs', purpose: 'dedicated service account without an API token' },
  { path: () => 'k8s/deployment.yaml', template: () => 'k8s/deployment.yaml.hbs', purpose: 'restricted, read-only, non-root Deployment' },
  { path: (v) => (v.exposed ? 'k8s/service.yaml' : undefined), template: () => 'k8s/service.yaml.hbs', purpose: 'ClusterIP Service on the app port' },
  { path: (v) => (v.pdb ? 'k8s/poddisruptionbudget.yaml' : undefined), template: () => 'k8s/poddisruptionbudget.yaml.hbs', purpose: 'keeps a replica up during node drains' },
  { path: () => 'k8s/networkpolicy.yaml', template: () => 'k8s/networkpolicy.yaml.hbs', purpose: 'default deny plus the exact ingress and egress the app needs' },
  { path: (v) => (v.route.gateway ? 'k8s/httproute.yaml' : undefined), template: () => 'k8s/httproute.yaml.hbs', purpose: 'Gateway API HTTPRoute: outside requests through the named Gateway' },
  { path: (v) => (v.route.ingress ? 'k8s/ingress.yaml' : undefined), template: () => 'k8s/ingress.yaml.hbs', purpose: 'Ingress: outside requests through the ingress controller' },
  { path: () => 'k8s/kustomization.yaml', template: () => 'k8s/kustomization.yaml.hbs', purpose: 'applies the manifests together: kubectl apply -k k8s/' },
  { path: (v) => v.paths.falcoRules, template: () => 'falco/rules.yaml.hbs', purpose: 'Falco runtime rules scoped to this image' },
  { path: (v) => (v.ci.github ? v.paths.workflow : undefined), repositoryLevel: true, template: () => 'ci/github-workflow.yml.hbs', purpose: 'build, Trivy scan with SARIF upload, SBOM and cosign signing' },
  { path: (v) => (v.ci.gitlab ? v.paths.workflow : undefined), repositoryLevel: true, template: () => 'ci/gitlab-ci.yml.hbs', purpose: 'build, Trivy scan that blocks the pipeline, SBOM and cosign signing' },
  { path: (v) => (v.ci.gitlab && v.dir.service ? '.gitlab-ci.yml' : undefined), repositoryLevel: true, template: () => 'ci/gitlab-root.yml.hbs', purpose: "the repository's pipeline, including this service's" },
  { path: (v) => (v.ci.none ? undefined : '.trivyignore'), template: () => 'ci/trivyignore.hbs', purpose: 'reviewed CVE exceptions, each with a review date' },
  { path: (v) => (v.admission.kyverno ? v.paths.admissionPolicy : undefined), template: () => 'admission/kyverno.yaml.hbs', purpose: 'Kyverno policy: only signed images are admitted' },
  { path: (v) => (v.admission.sigstore ? v.paths.admissionPolicy : undefined), template: () => 'admission/sigstore.yaml.hbs', purpose: 'Sigstore policy-controller policy: only signed images are admitted' },
  { path: () => 'compose.yaml', template: () => 'compose.yaml.hbs', purpose: 'runs the same image locally, hardened like the cluster: docker compose up --build' },
  { path: () => 'renovate.json', repositoryLevel: true, template: () => 'renovate.json.hbs', purpose: 'keeps base images and their digests current' },
  { path: () => 'DEVELOPING.md', template: () => 'DEVELOPING.md.hbs', purpose: 'build, run hardened with compose, and debug the shell-less image' },
  { path: () => 'SECURITY.md', template: () => 'SECURITY.md.hbs', purpose: 'what each control does and how it fails: why, detect, fix' },
];

export const PROFILE_FILE = '.secure-container.yaml';

export interface PlanOptions {
  /**
   * Manifest files already in k8s/ that the plan does not write (names only, checked by
   * keptManifests): the kustomization lists them after its own, so they stay applied.
   */
  readonly keptManifests?: readonly string[];
}

export function plan(answers: Profile, { keptManifests = [] }: PlanOptions = {}): PlannedFile[] {
  // Validate again: templates must never see a value the schema has not vetted, whoever calls.
  const profile = validateProfile(answers);
  const view = buildView(profile);
  const context = { ...view, keptManifests };
  const files: PlannedFile[] = [];
  for (const spec of FILES) {
    const path = spec.path(view);
    if (!path) continue;
    const scope = spec.repositoryLevel && profile.serviceDir ? { scope: 'repository' as const } : {};
    files.push({ path, ...scope, content: render(spec.template(view), context), purpose: spec.purpose });
  }
  files.push({
    path: PROFILE_FILE,
    // One final newline: the serialized profile ends with its own, and a blank last line fails yamllint.
    content: `${render('secure-container.yaml.hbs', { profileYaml: serializeProfile(profile) }).trimEnd()}\n`,
    purpose: 'the answers, so a later run regenerates the same files',
  });
  return files;
}
