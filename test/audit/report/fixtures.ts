// One report input used by the format tests: rules of every severity, findings in two files
// (one name with a space), a rule failure with no file, and notes.
import { REPOSITORY_LOCATION } from '../../../src/audit/engine.js';
import type { ReportInput } from '../../../src/audit/report/index.js';
import { type Finding, type Rule, type Severity, defineRule } from '../../../src/audit/types.js';

const rule = (id: string, area: Rule['area'], severity: Severity, refs: string[] = []): Rule =>
  defineRule({
    id,
    area,
    severity,
    title: `Title of ${id}`,
    why: `Why ${id} matters.`,
    detect: `What ${id} looks for.`,
    fix: `How to fix ${id}.`,
    refs,
    check: () => {},
  });

export const RULES = [
  rule('dockerfile/root-user', 'dockerfile', 'high', ['hadolint:DL3002', 'trivy:DS-0002']),
  rule('k8s/privileged', 'kubernetes', 'critical', ['pss:baseline:privileged']),
  rule('k8s/missing-probes', 'kubernetes', 'low'),
  rule('k8s/default-namespace', 'kubernetes', 'info'),
  rule('audit/parse-error', 'audit', 'medium'),
  rule('audit/rule-error', 'audit', 'high'),
];

const at = (file: string, line: number, column: number, endLine = line, endColumn = column + 3) => ({ file, line, column, endLine, endColumn });

export const FINDINGS: Finding[] = [
  { ruleId: 'dockerfile/root-user', severity: 'high', location: at('Dockerfile', 4, 1, 4, 9), message: 'The final stage runs as root.', refs: ['hadolint:DL3002'], fix: { description: 'add USER', edits: [{ file: 'Dockerfile', start: 52, end: 52, text: 'USER 65532:65532\n' }] } },
  { ruleId: 'audit/parse-error', severity: 'medium', location: at('k8s/my app.yaml', 2, 5), message: 'YAML does not parse: bad indentation', refs: [] },
  { ruleId: 'k8s/privileged', severity: 'critical', location: at('k8s/my app.yaml', 9, 7, 10, 2), message: 'container "a" runs privileged.', refs: ['pss:baseline:privileged'],
    fix: {
      description: 'drop privileged and deny by default',
      caveat: 'the container may need a capability',
      edits: [
        { file: 'k8s/my app.yaml', start: 120, end: 137, text: 'privileged: false' },
        { file: 'k8s/netpol.yaml', start: 0, end: 0, text: 'kind: NetworkPolicy\n' },
      ],
    } },
  { ruleId: 'k8s/missing-probes', severity: 'low', location: at('k8s/my app.yaml', 12, 3), message: 'no probes', refs: [] },
  { ruleId: 'audit/rule-error', severity: 'high', location: REPOSITORY_LOCATION, message: 'rule k8s/x failed and checked nothing (Error: boom)', refs: [] },
];

export function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    tool: { name: 'create-secure-container', version: '9.9.9', informationUri: 'https://www.npmjs.com/package/create-secure-container' },
    findings: FINDINGS,
    rules: RULES,
    notes: [
      { file: 'assets/logo.json', message: 'binary file; not audited' },
      { file: '.', message: 'stopped reading after 64 MiB; 3 more files were not audited' },
    ],
    suppressed: 2,
    filesAudited: 7,
    failOn: 'high',
    ...overrides,
  };
}
