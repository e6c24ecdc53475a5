import { Arg, Env } from 'dockerfile-ast';
import { isLiteralSecretValue, isPlaceholderValue, isSecretName, redact } from '../../support/secrets.js';
import { lineStartOf } from '../../fix/dockerfile.js';
import { type Fix, type Severity, defineRule } from '../../types.js';
import { type DockerfileModel, type InstructionStep, dockerfileModels, inFinalImage } from './_support.js';

export const secretInEnvOrArg = defineRule({
  id: 'dockerfile/secret-in-env-or-arg',
  area: 'dockerfile',
  severity: 'critical',
  title: 'Secret in ENV or ARG',
  why: 'ENV values are stored in the image configuration and ARG values in its build history and provenance: anyone who can pull the image can read them (docker inspect, docker history).',
  detect:
    'An ENV or ARG whose name names a secret (a word password, passwd, passphrase, secret, token, apikey or credentials; ' +
    'api/private/access/secret/client... key; or AWS_SECRET_ACCESS_KEY, GITHUB_TOKEN, HF_TOKEN and the other names trivy ' +
    'lists), unless its last word marks a reference (_FILE, _PATH, _URL, _NAME, _ID...). A literal value is critical; ' +
    'a variable or no value is high for ENV in the final image (the value is baked into its config) and medium otherwise ' +
    '(a --build-arg value is still recorded in the build history).',
  fix: 'Pass build secrets with `RUN --mount=type=secret,id=name` (docker build --secret id=name,src=file) and runtime secrets through the orchestrator (a Kubernetes Secret mounted as a file or env var), never ENV or ARG.',
  refs: ['trivy:DS-0031', 'hadolint:DL3064', 'buildkit:SecretsUsedInArgOrEnv'],
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      const steps: { step: InstructionStep; finalImage: boolean }[] = [
        ...model.preamble.map((step) => ({ step, finalImage: false })),
        ...model.stages.flatMap((stage) => stage.steps.map((step) => ({ step, finalImage: inFinalImage(model, stage) }))),
      ];
      let references: ReadonlyMap<string, readonly number[]> | undefined;
      for (const [index, { step, finalImage }] of steps.entries()) {
        const instruction = step.instruction;
        if (!(instruction instanceof Env) && !(instruction instanceof Arg)) continue;
        for (const property of instruction.getProperties()) {
          const name = property.getName();
          if (!isSecretName(name)) continue;
          const value = property.getValue();
          const nameSpan = model.spanOf(property.getNameRange());
          const literal = value !== null && isLiteralSecretValue(value) && !isPlaceholderValue(value, name);
          // A build argument with no (or an empty) default is filled in with --build-arg; a $reference copies one in.
          const passedIn = value === null || value.includes('$') || (instruction instanceof Arg && value.trim() === '');
          if (!literal && !passedIn) continue; // true, 0, an empty ENV: not a secret
          const severity: Severity = literal ? 'critical' : instruction instanceof Env && finalImage ? 'high' : 'medium';
          const readLater = () => {
            references ??= referencesInSteps(model.text, steps);
            return readAfter(references, name, steps[index + 1]?.step.span.start);
          };
          const fix = literal && instruction instanceof Env ? removeEnvFix(model, step, name, readLater) : undefined;
          report({
            location: model.locate(nameSpan),
            severity,
            ...(fix
              ? { fix }
              : {
                  noFix:
                    'The value has to move to a secret store (a build secret mount or a Kubernetes Secret) and, if it is real, be rotated: ' +
                    'it is already in every image built from this file.',
                }),
            message: literal
              ? `${step.keyword} ${name} holds a literal secret (${redact(value)}), readable by anyone who can pull the image.`
              : instruction instanceof Env
                ? `ENV ${name} puts a secret into the image configuration, where docker inspect shows it.`
                : `ARG ${name} passes a secret as a build argument, which the build history and provenance record.`,
          });
        }
      }
    }
  },
});


/**
 * A literal secret ENV that sets only this variable and that no later instruction reads is
 * removed, line and all: the value then comes at run time (a Kubernetes Secret, --env-file). It is
 * already in every image built so far, so the caveat asks for a rotation too.
 */
function removeEnvFix(model: DockerfileModel, step: InstructionStep, name: string, readLater: () => boolean): Fix | undefined {
  if ((step.instruction as Env).getProperties().length !== 1) return undefined;
  if (readLater()) return undefined;
  const start = lineStartOf(model.text, step.span.start);
  const newline = model.text.indexOf('\n', step.span.end);
  const end = newline < 0 ? model.text.length : newline + 1;
  if (model.text.slice(start, step.span.start).trim() !== '' || model.text.slice(step.span.end, end).trim() !== '') return undefined;
  return {
    description: `remove ENV ${name} from the image`,
    edits: [{ file: model.source.file.path, start, end, text: '' }],
    caveat:
      `The app no longer finds ${name} in the image: give it at run time (a Kubernetes Secret, as the k8s/secret-in-env fix does; docker run --env-file). ` +
      'Rotate the value too: it stays in every image built so far and in the git history.',
  };
}

/** A variable reference: $NAME or ${NAME (then :-default, }, …). */
const REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Where each variable is read inside an instruction (a comment between them does not count), by
 * name, in file order: one scan of the file. Searching the rest of the file for every secret ENV
 * was quadratic: 9,000 of them in a 0.9 MB file took 3 s.
 */
function referencesInSteps(text: string, steps: readonly { step: InstructionStep }[]): ReadonlyMap<string, readonly number[]> {
  const byName = new Map<string, number[]>();
  for (const match of text.matchAll(REFERENCE)) {
    if (!stepContaining(steps, match.index, match.index + match[0].length)) continue;
    const name = match[1]!;
    const offsets = byName.get(name);
    if (offsets) offsets.push(match.index);
    else byName.set(name, [match.index]);
  }
  return byName;
}

/** Whether `name` is read at or after offset `from` (undefined: nothing comes after). */
function readAfter(references: ReadonlyMap<string, readonly number[]>, name: string, from: number | undefined): boolean {
  const offsets = references.get(name);
  return from !== undefined && offsets !== undefined && offsets.at(-1)! >= from;
}

/** Whether one of the steps (in file order) holds [start, end) entirely, found by binary search. */
function stepContaining(steps: readonly { step: InstructionStep }[], start: number, end: number): boolean {
  let low = 0;
  let high = steps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (steps[middle]!.step.span.start <= start) low = middle + 1;
    else high = middle;
  }
  const candidate = steps[low - 1];
  return candidate !== undefined && candidate.step.span.end >= end;
}
