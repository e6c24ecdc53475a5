import { defineRule } from '../../types.js';
import { defaultsToNonRoot } from './_images.js';
import { baseImageOf, dockerfileModels, effectiveUser, userOf } from './_support.js';

const isRoot = (user: string) => user === 'root' || /^0+$/.test(user);

export const rootUser = defineRule({
  id: 'dockerfile/root-user',
  area: 'dockerfile',
  severity: 'high',
  title: 'Final stage runs as root',
  why: 'A process running as root inside the container is root on the host if it escapes, and can rewrite everything in the image it runs from.',
  detect:
    'The USER in effect at the end of the final stage (its last USER, else that of the stage it is built FROM) is root or UID 0, ' +
    'or there is none and the base image is not documented to default to a non-root user. Counted as non-root by default: ' +
    'distroless `nonroot` tags (gcr.io/distroless/*:nonroot, :debug-nonroot; UID 65532), Chainguard cgr.dev images other than ' +
    '-dev variants, wolfi-base and busybox, and .NET chiseled images. A USER whose variable cannot be resolved is not reported.',
  fix: 'End the final stage with `USER 65532:65532` (distroless `nonroot`) or another numeric non-zero UID created in the image, after the last step that needs root.',
  refs: ['hadolint:DL3002', 'trivy:DS-0002'],
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      const final = model.final;
      if (!final) continue;
      const step = effectiveUser(final);
      if (step) {
        const { user, span } = userOf(model, step);
        if (isRoot(user)) {
          report({ location: model.locate(span), message: `The final stage runs as ${user}: this is the last USER before the container starts.` });
        }
        continue;
      }
      const base = baseImageOf(final);
      if (base && defaultsToNonRoot(base)) continue;
      const what = base ? base.reference : 'its base';
      report({
        location: model.locate(final.from.span),
        message: `The final stage sets no USER, so the container runs as the default user of ${what}, which is root unless that image says otherwise.`,
      });
    }
  },
});
