// yaml reports every tag it does not know (GitLab's `!reference`, CloudFormation's `!Ref`) as a
// YAMLWarning, which is an Error, and V8 captures a stack for each one. Nothing reads those stacks:
// our parse errors carry a code and a position. 35,000 `!reference` tags in a 0.9 MB pipeline spent
// 0.6 s of a 3.4 s audit capturing them, and a fix's check parses the file again (issue 9).

/** Runs `work` with Error stack capture off, restoring the previous limit afterwards. */
export function withoutStackTraces<T>(work: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
