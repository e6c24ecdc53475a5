import { defineRule } from '../../types.js';
import { SHELLS, invocation, pipelines } from './_shell.js';
import { commandRuns, dockerfileModels } from './_support.js';

const DOWNLOADERS = new Set(['curl', 'wget']);
/** Programs that execute what they read: shells and script interpreters. */
const INTERPRETERS = new Set([...SHELLS, 'python', 'python2', 'python3', 'perl', 'ruby', 'node', 'php', 'source', '.', 'eval']);
const isInterpreter = (name: string) => INTERPRETERS.has(name) || /^python\d(\.\d+)?$/.test(name);
/** $(curl ...), `wget ...`, <(curl ...) inside an argument. */
const DOWNLOAD_SUBSTITUTION = /(\$\(|`|<\()\s*(curl|wget)\b/;

export const curlPipeShell = defineRule({
  id: 'dockerfile/curl-pipe-shell',
  area: 'dockerfile',
  severity: 'high',
  title: 'Downloaded script executed without verification',
  why: 'Piping a download into a shell runs whatever the server (or anyone in between) sends at build time, with no checksum or signature, and the next build may run something else.',
  detect:
    'A pipeline in a RUN or ONBUILD RUN (including here-document and `sh -c` scripts) where curl or wget feeds a shell or interpreter ' +
    '(sh, bash, zsh, python, perl, ruby, node, php), also under sudo or env; or a shell, interpreter, source or eval whose ' +
    'argument is $(curl ...), `curl ...` or <(curl ...).',
  fix: 'Download to a file, verify it against a pinned checksum (`echo "<sha256>  install.sh" | sha256sum -c -`) or signature, then run it; better, install a pinned release artifact or package.',
  refs: ['scorecard:Pinned-Dependencies'],
  noFix: 'The checksum or signature to verify against must come from the publisher; the audit never downloads anything to compute one.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const run of commandRuns(stage)) {
          for (const script of run.scripts) {
            for (const pipeline of pipelines(script.commands)) {
              const calls = pipeline.map((command) => invocation(command));
              const download = calls.findIndex((call) => call !== undefined && DOWNLOADERS.has(call.name));
              const runner = calls.findIndex((call, k) => k > download && call !== undefined && isInterpreter(call.name));
              if (download >= 0 && runner > download) {
                report({
                  location: model.locate({ start: pipeline[download]!.start, end: pipeline[runner]!.end }),
                  message: `${calls[download]!.name} output is piped into ${calls[runner]!.name} and executed without verification.`,
                });
              }
            }
            for (const command of script.commands) {
              const call = invocation(command);
              if (!call || !isInterpreter(call.name)) continue;
              const fetched = call.args.find((arg) => DOWNLOAD_SUBSTITUTION.test(arg.value));
              if (fetched) {
                report({
                  location: model.locate({ start: command.start, end: command.end }),
                  message: `${call.name} executes a script downloaded by ${DOWNLOAD_SUBSTITUTION.exec(fetched.value)![2]} without verification.`,
                });
              }
            }
          }
        }
      }
    }
  },
});
