import type { Repo } from '../../types.js';
import { defineRule } from '../../types.js';
import { isShellless } from './_images.js';
import { baseImageOf, dockerfileModels } from './_support.js';

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

/** The repo deploys to Kubernetes, which ignores HEALTHCHECK and uses probes instead. */
function deploysToKubernetes(repo: Repo): boolean {
  return repo.kubernetes.some((doc) => WORKLOAD_KINDS.has(String((doc.data as { kind?: unknown }).kind)));
}

export const missingHealthcheck = defineRule({
  id: 'dockerfile/missing-healthcheck',
  area: 'dockerfile',
  severity: 'info',
  title: 'No HEALTHCHECK for a container run outside Kubernetes',
  why: 'Docker and Compose only restart or stop routing to a hung container if the image (or compose file) says how to check it.',
  detect:
    'The final image (final stage and the stages it is built FROM) has no HEALTHCHECK. Not reported when the repo has ' +
    'Kubernetes workloads (Kubernetes ignores HEALTHCHECK; liveness and readiness probes do that job) or when the final ' +
    'base has no shell or tools to run a check (distroless, scratch, Chainguard, chiseled).',
  fix: 'Add `HEALTHCHECK CMD ["/app", "healthcheck"]` (a check built into the binary) or a curl/wget check where the image has one; under Kubernetes, define probes instead.',
  refs: ['trivy:DS-0026'],
  noFix: 'A health check needs an endpoint or command the app provides, and a tool in the image to call it.',
  check({ repo, report }) {
    if (deploysToKubernetes(repo)) return;
    for (const model of dockerfileModels(repo)) {
      const final = model.final;
      if (!final) continue;
      const base = baseImageOf(final);
      if (base && isShellless(base)) continue;
      if (model.finalChain.some((stage) => stage.steps.some((step) => step.keyword === 'HEALTHCHECK'))) continue;
      report({ location: model.locate(final.from.span), message: 'The final image has no HEALTHCHECK, so Docker cannot tell when the app hangs.' });
    }
  },
});
