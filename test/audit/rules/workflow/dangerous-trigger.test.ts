import { describe, expect, it } from 'vitest';
import { dangerousTrigger } from '../../../../src/audit/rules/workflow/dangerous-trigger.js';
import { runRule } from '../../../helpers/audit.js';

const file = '.github/workflows/pr.yml';

describe('workflow/dangerous-trigger', () => {
  it('reports pull_request_target checking out the PR head as critical, at the ref', () => {
    const text = `on:
  pull_request_target:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm test
`;
    const findings = runRule(dangerousTrigger, { [file]: text });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'critical', location: { line: 9 } });
  });

  it('reports the trigger alone as low, for review', () => {
    const findings = runRule(dangerousTrigger, { [file]: 'on: [workflow_run]\njobs:\n  a: {runs-on: x, steps: [{run: echo}]}\n' });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('low');
  });

  it('accepts pull_request, which runs without secrets', () => {
    const text = 'on: pull_request\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n        with: {ref: "${{ github.event.pull_request.head.sha }}"}\n';
    expect(runRule(dangerousTrigger, { [file]: text })).toEqual([]);
  });
});
