import { appendLine, insertLineBefore, keywordLike } from '../../fix/dockerfile.js';
import type { Fix, Repo } from '../../types.js';
import { defineRule } from '../../types.js';
import { podUserFor } from '../coherence/_support.js';
import { type ImageRef, defaultsToNonRoot, isScratch } from './_images.js';
import { type DockerfileModel, type Stage, type Step, baseImageOf, dockerfileModels, effectiveUser, userOf } from './_support.js';

const isRoot = (user: string) => user === 'root' || /^0+$/.test(user);

/** Steps that may need root: they must stay before the new USER. */
const NEEDS_ROOT = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR', 'ONBUILD']);

/** Bases that ship a `nonroot` account with UID/GID 65532 (distroless, Chainguard), and scratch, which has no accounts at all. */
function usesNonrootAccount(base: ImageRef | undefined): boolean {
  if (!base) return false;
  return isScratch(base) || (base.registry === 'gcr.io' && base.repository.startsWith('distroless/')) || base.registry === 'cgr.dev';
}

/** Windows images: users are names (ContainerUser), not numeric UIDs. */
function isWindows(base: ImageRef | undefined): boolean {
  return base !== undefined && (/(^|\/)windows(\/|$)|nanoserver|servercore/.test(base.repository) || /nanoserver|servercore|windows/.test(base.tag ?? ''));
}

/** The UID:GID the fix sets, and why that one. */
function chooseUser(repo: Repo, model: DockerfileModel, final: Stage): { user: string; reason: string } {
  const pod = podUserFor(repo, model.source);
  if (pod) return { user: `${pod.uid}:${pod.gid ?? pod.uid}`, reason: `the runAsUser its pods already use (${pod.file})` };
  if (usesNonrootAccount(baseImageOf(final))) return { user: '65532:65532', reason: "the base image's nonroot account" };
  return { user: '10001:10001', reason: 'a UID above the range distributions give their own accounts' };
}

/**
 * Makes the final stage end as a numeric non-root user: the root USER itself is rewritten when
 * nothing after it needs root, else a USER line goes after the last step that may need root,
 * before the CMD/ENTRYPOINT that follows it (or at the end of the file).
 */
function nonRootFix(repo: Repo, model: DockerfileModel, final: Stage, rootUser: Step | undefined): Fix | { noFix: string } {
  if (isWindows(baseImageOf(final))) return { noFix: 'Windows images run as a named user (USER ContainerUser), not a numeric UID; set it by hand' };
  const { user, reason } = chooseUser(repo, model, final);
  const file = model.source.file.path;
  const steps = final.steps;
  const lastRootStep = steps.reduce((last, step, k) => (NEEDS_ROOT.has(step.keyword) ? k : last), -1);
  const caveat =
    `The container will run as ${user} (${reason}). Check that everything the app writes at run time (data, cache, ` +
    `pid or socket files) is writable by that UID (chown it in the image or mount a volume), that it binds no port below 1024, ` +
    `and that the base image's ENTRYPOINT does not need root (entrypoints that drop privileges with gosu or su-exec do).`;
  const description = `Run the final stage as ${user}`;
  if (rootUser && rootUser.stage === final && steps.indexOf(rootUser) >= lastRootStep) {
    const word = model.argumentsOf(rootUser).words[0]!;
    return { description, caveat, edits: [{ file, start: word.start, end: word.end, text: user }] };
  }
  const launch = steps.slice(lastRootStep + 1).find((step) => step.keyword === 'CMD' || step.keyword === 'ENTRYPOINT');
  const line = `${keywordLike(model.text, launch ?? steps.at(-1) ?? final.from, 'USER')} ${user}`;
  const edit = launch ? insertLineBefore(file, model.text, launch, line) : appendLine(file, model.text, line);
  return { description, caveat, edits: [edit] };
}

const fixOrReason = (outcome: Fix | { noFix: string }) => ('noFix' in outcome ? { noFix: outcome.noFix } : { fix: outcome });

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
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      const final = model.final;
      if (!final) continue;
      const step = effectiveUser(final);
      if (step) {
        const { user, span } = userOf(model, step);
        if (isRoot(user)) {
          report({
            location: model.locate(span),
            message: `The final stage runs as ${user}: this is the last USER before the container starts.`,
            ...fixOrReason(nonRootFix(repo, model, final, step)),
          });
        }
        continue;
      }
      const base = baseImageOf(final);
      if (base && defaultsToNonRoot(base)) continue;
      const what = base ? base.reference : 'its base';
      report({
        location: model.locate(final.from.span),
        message: `The final stage sets no USER, so the container runs as the default user of ${what}, which is root unless that image says otherwise.`,
        ...fixOrReason(nonRootFix(repo, model, final, undefined)),
      });
    }
  },
});
