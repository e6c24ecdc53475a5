import { describe, expect, it } from 'vitest';
import { unpinnedAction } from '../../../../src/audit/rules/workflow/unpinned-action.js';
import { parseRepo } from '../../../../src/audit/parse.js';
import { RULES } from '../../../../src/audit/rules/index.js';
import { applySuppressions } from '../../../../src/audit/suppress.js';
import { runRule } from '../../../helpers/audit.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';
import { CHECKOUT_SHA, CODEQL_SHA, RELEASE, TRIVY_SHA } from './_workflows.js';

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
    // An older major line the table does not hold: an upgrade, only with its caveat (--fix=all or a preview).
    const older = runRule(unpinnedAction, { '.github/workflows/ci.yml': workflow('actions/checkout@v4') })[0]!.fix!;
    expect(older.caveat).toMatch(/upgrades actions\/checkout from v4 to v7\.0\.1, a newer major release .* release notes/);
    // A ref newer than the table is never downgraded.
    expect(runRule(unpinnedAction, { '.github/workflows/ci.yml': workflow('actions/checkout@v9') })[0]!.fix).toBeUndefined();
  });
});

describe('workflow/unpinned-action fix', () => {
  const files = { '.github/workflows/release.yml': RELEASE };

  it('pins every action the table knows, keeping quotes, comments and flow style', () => {
    expect(expectCleanFix(unpinnedAction, files)).toBe(4);
    const fixed = fixedText(files, unpinnedAction, { include: 'all' })['.github/workflows/release.yml']!;
    expect(fixed).toContain(`      - uses: actions/checkout@${CHECKOUT_SHA} # v7.0.1 # the code under test\n`);
    // In a flow-style step the version goes at the end of the line.
    expect(fixed).toContain(`      - {uses: "actions/checkout@${CHECKOUT_SHA}", with: {fetch-depth: 1}} # v7.0.1\n`);
    expect(fixed).toContain(`        uses: aquasecurity/trivy-action@${TRIVY_SHA} # v0.36.0\n`);
    // A sub-path action is pinned to its repository's commit.
    expect(fixed).toContain(`      - uses: github/codeql-action/upload-sarif@${CODEQL_SHA} # v4.36.2\n`);
    // The SLSA generator is called by its release tag, as it requires: not reported, not pinned.
    expect(fixed).toContain('generator_container_slsa3.yml@v2.1.0\n');
  });

  it('says when a floating major becomes a fixed release, and applies exact releases without a caveat', () => {
    const findings = runRule(unpinnedAction, files);
    const floating = findings.find((f) => f.location.line === 19)!;
    expect(floating.fix!.caveat).toMatch(/"v7" followed every v7 release; the pin fixes it at v7\.0\.1/);
    expect(findings.find((f) => f.location.line === 44)!.fix!.caveat).toBeUndefined();
    const safe = fixedText(files, unpinnedAction, { include: 'safe' })['.github/workflows/release.yml']!;
    expect(safe).toContain('      - uses: actions/checkout@v7 # the code under test\n');
    expect(safe).toContain(`        uses: aquasecurity/trivy-action@${TRIVY_SHA} # v0.36.0\n`);
  });

  it('offers no pin it cannot verify, and the message says why', () => {
    const text = `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aquasecurity/trivy-action@master
      - uses: acme/deploy-action@v1
  provenance:
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2
`;
    const findings = auditFiles({ '.github/workflows/ci.yml': text }, [unpinnedAction]);
    expect(findings.map((f) => [f.location.line, f.fix === undefined, f.noFix ?? f.fix?.caveat])).toEqual([
      [11, true, 'the SLSA generator\'s reusable workflows must be called by a release tag (vX.Y.Z): they verify the ref they were called with; use a full release tag, not "v2"'],
      // Older line and branch: the newest verified release, never without its caveat.
      [7, false, 'the pin table knows actions/checkout only at v7.0.1, not v4: the fix upgrades actions/checkout from v4 to v7.0.1, a newer major release whose inputs and behaviour may differ. Read its release notes before merging.'],
      [8, false, '"master" is a branch: the fix pins aquasecurity/trivy-action to the release v0.36.0 (the one the package\'s table knows), which may differ from what the branch holds today.'],
      [9, true, 'the pin table shipped with create-secure-container has no verified commit for acme/deploy-action'],
    ]);
    // The upgrades are clean fixes (parse, no new finding, untouched lines byte-identical); --fix leaves them out.
    expect(expectCleanFix(unpinnedAction, { '.github/workflows/ci.yml': text })).toBe(2);
    expect(fixedText({ '.github/workflows/ci.yml': text }, unpinnedAction, { include: 'safe' })['.github/workflows/ci.yml']).toBe(text);
    expect(fixedText({ '.github/workflows/ci.yml': text }, unpinnedAction, { include: 'all' })['.github/workflows/ci.yml']).toContain(`      - uses: actions/checkout@${CHECKOUT_SHA} # v7.0.1\n`);
    // The reason is not in the message, which stays the same whether or not a fix exists.
    expect(findings[1]!.message).toBe('actions/checkout is used at "v4", a ref that can be moved; pin it to a commit SHA');
  });

  // Issue 9: a branch and a third-party tag are high; a version tag of GitHub's own actions is low.
  it('grades the severity by what can move the ref', () => {
    const severity = (uses: string) => runRule(unpinnedAction, { '.github/workflows/ci.yml': workflow(uses) })[0]?.severity;
    expect(severity('actions/checkout@v4')).toBe('low');
    expect(severity('github/codeql-action/upload-sarif@v3.28.1')).toBe('low');
    expect(severity('actions/checkout@main')).toBe('high');
    expect(severity('aquasecurity/trivy-action@0.28.0')).toBe('high');
    expect(severity('slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0')).toBeUndefined();
  });

  it('honours zizmor ignore comments for the matching audit; one without a reason is itself a finding', () => {
    const suppressed = (comment: string) => {
      const files = { '.github/workflows/ci.yml': workflow(`aquasecurity/trivy-action@0.28.0 ${comment}`) };
      const { repo } = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
      return applySuppressions(auditFiles(files), { repo, catalogue: RULES, config: [], today: '2026-12-04' });
    };
    const withReason = suppressed('# zizmor: ignore[unpinned-uses] pinned by the org policy instead');
    expect(withReason.findings.filter((f) => f.ruleId === 'workflow/unpinned-action')).toEqual([]);
    expect(withReason.suppressed.map((s) => s.finding.ruleId)).toContain('workflow/unpinned-action');
    const bare = suppressed('# zizmor: ignore[unpinned-uses]');
    expect(bare.findings.map((f) => [f.ruleId, f.message])).toContainEqual(['audit/suppression-without-reason', expect.stringMatching(/zizmor ignore comment silences workflow\/unpinned-action without a reason/)]);
    // An audit of another name leaves the finding alone.
    expect(suppressed('# zizmor: ignore[template-injection] not this one').findings.map((f) => f.ruleId)).toContain('workflow/unpinned-action');
  });
});
