import { describe, expect, it } from 'vitest';
import { unpinnedAction } from '../../../../src/audit/rules/workflow/unpinned-action.js';
import { runRule } from '../../../helpers/audit.js';

const SHA = '3d3c42e5aac5ba805825da76410c181273ba90b1';
const workflow = (uses: string) => `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: ${uses}
`;

describe('workflow/unpinned-action', () => {
  it('reports tags and branches, at the uses: value', () => {
    const findings = runRule(unpinnedAction, { '.github/workflows/ci.yml': workflow('aquasecurity/trivy-action@master') });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'high', location: { file: '.github/workflows/ci.yml', line: 7, column: 15 } });
    expect(findings[0]!.message).toMatch(/"master"/);
  });

  it('accepts full commit SHAs and local actions', () => {
    expect(runRule(unpinnedAction, { '.github/workflows/ci.yml': workflow(`actions/checkout@${SHA} # v7.0.1`) })).toEqual([]);
    expect(runRule(unpinnedAction, { '.github/workflows/ci.yml': workflow('./.github/actions/setup') })).toEqual([]);
  });

  it('reports reusable workflows and docker images without a digest', () => {
    const text = `on: push
jobs:
  call:
    uses: acme/workflows/.github/workflows/build.yml@main
  run:
    runs-on: ubuntu-latest
    steps:
      - uses: docker://alpine:3.20
      - uses: docker://alpine@sha256:${'a'.repeat(64)}
`;
    const findings = runRule(unpinnedAction, { '.github/workflows/ci.yml': text });
    expect(findings.map((f) => [f.location.line, f.severity])).toEqual([
      [4, 'high'],
      [8, 'medium'],
    ]);
  });

  it('offers a pin for a known action at its release or major tag, and none for other refs', () => {
    const text = workflow('actions/checkout@v7');
    const [finding] = runRule(unpinnedAction, { '.github/workflows/ci.yml': text });
    const edit = finding!.fix!.edits[0]!;
    const fixed = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    expect(fixed).toContain(`- uses: actions/checkout@${SHA} # v7.0.1\n`);
    expect(runRule(unpinnedAction, { '.github/workflows/ci.yml': workflow('actions/checkout@v4') })[0]!.fix).toBeUndefined();
  });
});
