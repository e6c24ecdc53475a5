import { defineRule } from '../../types.js';
import type { Invocation, Word } from './_shell.js';
import { type Span, commandRuns, dockerfileModels } from './_support.js';

interface ModeProblems {
  readonly worldWritable: boolean;
  readonly setid: boolean;
}

/** What a chmod mode grants: world write (without the sticky bit) and setuid/setgid. */
export function modeProblems(mode: string): ModeProblems {
  if (/^[0-7]{1,4}$/.test(mode)) {
    const bits = parseInt(mode, 8);
    return { worldWritable: (bits & 0o002) !== 0 && (bits & 0o1000) === 0, setid: (bits & 0o6000) !== 0 };
  }
  let worldWritable = false;
  let setid = false;
  for (const clause of mode.split(',')) {
    const who = /^[ugoa]*/.exec(clause)![0];
    let sticky = false;
    for (const [, op, perms] of clause.slice(who.length).matchAll(/([-+=])([rwxXst]*)/g)) {
      if (op === '-') continue;
      if (perms!.includes('t')) sticky = true;
      if (perms!.includes('w') && (who.includes('o') || who.includes('a'))) worldWritable = true;
      if (perms!.includes('s') && !/^o+$/.test(who)) setid = true;
    }
    if (sticky) worldWritable = false;
  }
  return { worldWritable, setid };
}

/** The mode word of chmod, mkdir -m, install -m. */
function modeWord(call: Invocation): Word | undefined {
  const args = call.args;
  if (call.name === 'chmod') return args.some((a) => a.value.startsWith('--reference')) ? undefined : args.find((a) => !a.value.startsWith('-'));
  if (call.name === 'mkdir' || call.name === 'install') {
    const k = args.findIndex((a) => a.value === '-m' || a.value === '--mode');
    if (k >= 0) return args[k + 1];
    const long = args.find((a) => a.value.startsWith('--mode='));
    if (long) return { ...long, value: long.value.slice('--mode='.length) };
    const short = args.find((a) => /^-m[0-7]+$/.test(a.value));
    if (short) return { ...short, value: short.value.slice(2) };
  }
  return undefined;
}

function describe(problems: ModeProblems): string {
  return [problems.setid && 'sets the setuid/setgid bit', problems.worldWritable && 'makes files writable by every user'].filter(Boolean).join(' and ');
}

export const unsafePermissions = defineRule({
  id: 'dockerfile/unsafe-permissions',
  area: 'dockerfile',
  severity: 'medium',
  title: 'World-writable or setuid file modes',
  why: 'A world-writable file in the image lets any process (or a compromised app) replace code or config; a setuid/setgid binary is a ready path back to root.',
  detect:
    'chmod, mkdir -m, install -m in a RUN or ONBUILD RUN, and COPY/ADD --chmod, with a mode that grants write to others (octal xx2/xx3/xx6/xx7, ' +
    'o+w, a+w) without the sticky bit, or sets setuid/setgid (4xxx, 2xxx, u+s, g+s, +s; high).',
  fix: 'Give ownership to the runtime user instead (COPY --chown=65532:65532, chmod 750/640), keep the root filesystem read-only at run time, and drop setuid bits.',
  refs: [],
  noFix: 'Which user or group needs access to the path is not in the file.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      const found = (span: Span, mode: string, what: string) => {
        const problems = modeProblems(mode);
        if (!problems.worldWritable && !problems.setid) return;
        report({
          location: model.locate(span),
          message: `${what} mode ${mode} ${describe(problems)}.`,
          ...(problems.setid && { severity: 'high' as const }),
        });
      };
      for (const stage of model.stages) {
        for (const step of stage.steps) {
          if (step.keyword !== 'COPY' && step.keyword !== 'ADD') continue;
          const flag = model.argumentsOf(step).flags.find((f) => f.name === 'chmod');
          if (flag?.value) found(flag.span, flag.value, `${step.keyword} --chmod`);
        }
        for (const run of commandRuns(stage)) {
          for (const call of run.invocations) {
            const word = modeWord(call);
            if (word) found({ start: word.start, end: word.end }, word.value, call.name);
          }
        }
      }
    }
  },
});
