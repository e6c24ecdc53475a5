import { defineRule } from '../../types.js';
import type { Invocation } from './_shell.js';
import { dockerfileModels } from './_support.js';

export const curlAndWget = defineRule({
  id: 'dockerfile/curl-and-wget',
  area: 'dockerfile',
  severity: 'info',
  title: 'Both curl and wget used',
  why: 'Two download tools mean two sets of TLS and redirect behaviour to get right, and two packages (and their CVEs) to keep.',
  detect: 'RUN commands in one Dockerfile invoke both curl and wget; the first use of whichever appears second is reported.',
  fix: 'Pick one tool (curl -fsSL, or wget -q) for every download.',
  refs: ['hadolint:DL4001', 'trivy:DS-0014'],
  noFix: 'Which of the two tools to keep depends on the scripts that call them.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      const first = new Map<string, Invocation>();
      for (const call of model.stages.flatMap((stage) => stage.runs.flatMap((run) => run.invocations))) {
        if ((call.name === 'curl' || call.name === 'wget') && !first.has(call.name)) first.set(call.name, call);
      }
      const curl = first.get('curl');
      const wget = first.get('wget');
      if (!curl || !wget) continue;
      const [earlier, later] = curl.nameWord.start < wget.nameWord.start ? [curl, wget] : [wget, curl];
      report({
        location: model.locate({ start: later.nameWord.start, end: later.nameWord.end }),
        // No line numbers in messages: a fix that adds a line above would make the same finding look new.
        message: `${later.name} is used here and ${earlier.name} earlier in the same Dockerfile; use one of them.`,
      });
    }
  },
});
