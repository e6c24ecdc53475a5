import { type BuildContext, contextDirOf, dockerignoreFix } from '../../fix/repo.js';
import { textsByPath } from '../../support/files.js';
import type { Fix, Repo } from '../../types.js';
import { defineRule } from '../../types.js';
import { type DockerfileModel, dockerfileModels } from './_support.js';
import { groupBy } from '../../../util/group.js';

/** The whole build context: `.`, `./`, `*`, `./*`, `/`. */
const WHOLE_CONTEXT = /^(\.|\.\/|\*|\.\/\*|\/|\/\*)$/;
const REMOTE = /^(https?|ftp|git):\/\/|^git@/i;
/** Commands that install Node.js dependencies inside the image. */
const NODE_INSTALL: Readonly<Record<string, readonly (string | undefined)[]>> = {
  npm: ['install', 'i', 'ci'],
  yarn: [undefined, 'install'],
  pnpm: ['install', 'i'],
  bun: ['install', 'i'],
};

/** A .dockerignore next to the Dockerfile (its assumed context), or the BuildKit per-Dockerfile `<Dockerfile>.dockerignore`. */
export function hasDockerignore(repo: Repo, dockerfilePath: string): boolean {
  const dir = dockerfilePath.includes('/') ? dockerfilePath.slice(0, dockerfilePath.lastIndexOf('/') + 1) : '';
  const paths = textsByPath(repo);
  return paths.has(`${dir}.dockerignore`) || paths.has(`${dockerfilePath}.dockerignore`);
}

/** What the new .dockerignore must respect: the files of the context directory and how the Dockerfiles there use them. */
function buildContextOf(repo: Repo, models: readonly DockerfileModel[], dir: string): BuildContext {
  const namedSources: string[] = [];
  let runsGit = false;
  let installsNodeModules = false;
  for (const model of models) {
    for (const stage of model.stages) {
      for (const step of stage.steps) {
        if (step.keyword !== 'COPY' && step.keyword !== 'ADD') continue;
        const args = model.argumentsOf(step);
        if (args.flags.some((f) => f.name === 'from')) continue;
        for (const source of args.words.slice(0, -1)) {
          if (!WHOLE_CONTEXT.test(source.value) && !REMOTE.test(source.value) && !source.value.startsWith('<<')) namedSources.push(source.value);
        }
      }
      for (const call of stage.runs.flatMap((run) => run.invocations)) {
        if (call.name === 'git') runsGit = true;
        const install = NODE_INSTALL[call.name];
        if (install?.includes(call.args.find((a) => !a.value.startsWith('-'))?.value)) installsNodeModules = true;
      }
    }
  }
  const files = repo.files.filter((file) => file.path.startsWith(dir)).map((file) => file.path.slice(dir.length));
  return { dir, files, namedSources, runsGit, installsNodeModules };
}

export const copyContextWithoutDockerignore = defineRule({
  id: 'dockerfile/copy-context-without-dockerignore',
  area: 'dockerfile',
  severity: 'medium',
  title: 'Whole build context copied without a .dockerignore',
  why: 'Without a .dockerignore, COPY . copies everything in the directory into the image: .git history, .env files, keys, local credentials and dependency folders.',
  detect:
    'COPY or ADD of the whole build context (`.`, `./`, `*`) from the context (not --from a stage) when there is no ' +
    '.dockerignore in the Dockerfile\'s directory (taken as the build context) and no <Dockerfile>.dockerignore beside it. ' +
    'The fix writes the generator\'s .dockerignore for the languages found there, without any entry that a COPY of the ' +
    'Dockerfiles there names; it says what to check when repository files (keys, .env) would leave the image.',
  fix: 'Add a .dockerignore that excludes at least .git, .env*, *.pem, *.key, node_modules and build output, or COPY only the files the build needs.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    // One .dockerignore per context: only the first finding of a directory carries the fix that creates it.
    const offered = new Set<string>();
    const models = dockerfileModels(repo);
    const byContext = groupBy(models, (model) => contextDirOf(model.source.file.path));
    for (const model of models) {
      if (hasDockerignore(repo, model.source.file.path)) continue;
      for (const stage of model.stages) {
        for (const step of stage.steps) {
          if (step.keyword !== 'COPY' && step.keyword !== 'ADD') continue;
          const args = model.argumentsOf(step);
          if (args.flags.some((f) => f.name === 'from')) continue;
          const source = args.words.slice(0, -1).find((w) => WHOLE_CONTEXT.test(w.value));
          if (!source) continue;
          const fix = fixOnce(repo, byContext, model, offered);
          report({
            location: model.locate({ start: source.start, end: source.end }),
            message: `${step.keyword} ${source.value} copies the whole build context, and there is no .dockerignore to keep secrets and .git out.`,
            ...(fix ? { fix } : { noFix: 'the fix of the first whole-context copy in this directory creates its .dockerignore' }),
          });
        }
      }
    }
  },
});

function fixOnce(repo: Repo, byContext: ReadonlyMap<string, readonly DockerfileModel[]>, model: DockerfileModel, offered: Set<string>): Fix | undefined {
  const dir = contextDirOf(model.source.file.path);
  if (offered.has(dir)) return undefined;
  offered.add(dir);
  return dockerignoreFix(buildContextOf(repo, byContext.get(dir) ?? [], dir));
}
