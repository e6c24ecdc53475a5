// In a repo that builds images, a deployed image nothing here builds comes from elsewhere: it is
// not scanned, signed or pinned by this repo's pipeline.
import { stringOf, workloads } from '../../support/kubernetes.js';
import { defineRule } from '../../types.js';
import { hasBuildSetup, isBuiltHere } from './_support.js';

export const unbuiltImage = defineRule({
  id: 'coherence/unbuilt-image',
  area: 'coherence',
  severity: 'info',
  title: 'Deployed image that this repo does not build',
  why: "An image this repo does not build skips its CI's scanning, SBOM and signing; if it is meant to be this app, the manifest and the pipeline have drifted apart.",
  detect:
    'The repo has at least one Dockerfile or CI workflow, and a container or init container image matches no image a GitHub Actions or GitLab CI job ' +
    'or a skaffold artifact (under any default repository) builds, or that a job passes as an image input to a reusable workflow ' +
    '(names with CI variables match anything they could expand to) and is not the only container of a manifest below a Dockerfile that no CI job uses.',
  fix: 'If the image is this app, fix the name in the manifest or the pipeline. If it is third-party, pin it by digest and make sure it is scanned and, ideally, verified at admission.',
  refs: [],
  noFix: 'Whether the image is a typo for one the repository builds or a third-party image is not in the files.',
  check({ repo, report }) {
    if (!hasBuildSetup(repo)) return; // a manifests-only repo deploys images built elsewhere by design
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        if (container.list === 'ephemeralContainers' || isBuiltHere(repo, workload, container)) continue;
        report({
          location: container.locate(['image']),
          message: `${container.label} of ${workload.label} runs ${stringOf(container.data.image)}, which no Dockerfile or CI job in this repo builds.`,
        });
      }
    }
  },
});
