import { describe, expect, it } from 'vitest';
import { excessivePermissions, missingPermissions } from '../../../../src/audit/rules/workflow/token-permissions.js';
import { runRule } from '../../../helpers/audit.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';
import { RELEASE } from './_workflows.js';

const file = '.github/workflows/ci.yml';

describe('workflow/missing-permissions', () => {
  it('reports a workflow where a job gets the default token', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n  b:\n    runs-on: x\n    permissions: {contents: read}\n    steps: [{run: echo}]\n';
    const findings = runRule(missingPermissions, { [file]: text });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/jobs? a declare/);
    expect(findings[0]!.location.line).toBe(1);
  });

  it('accepts top-level permissions, or every job declaring its own', () => {
    expect(runRule(missingPermissions, { [file]: 'on: push\npermissions: {}\njobs:\n  a: {runs-on: x, steps: [{run: echo}]}\n' })).toEqual([]);
    expect(runRule(missingPermissions, { [file]: 'on: push\njobs:\n  a: {runs-on: x, permissions: {}, steps: [{run: echo}]}\n' })).toEqual([]);
  });
});

describe('workflow/excessive-permissions', () => {
  it('reports write-all, and top-level write scopes that two or more jobs inherit', () => {
    const text =
      'on: push\npermissions:\n  contents: read\n  packages: write\njobs:\n  a:\n    runs-on: x\n    permissions: write-all\n    steps: [{run: echo}]\n' +
      '  b:\n    runs-on: x\n    steps: [{run: echo}]\n  c:\n    runs-on: x\n    steps: [{run: echo}]\n';
    const findings = runRule(excessivePermissions, { [file]: text });
    expect(findings.map((f) => [f.location.line, f.severity])).toEqual([
      [4, 'medium'],
      [8, 'high'],
    ]);
  });

  // Issue 9: in a single-job workflow the top-level grant is that job's grant.
  it('accepts a top-level write scope that only one job inherits', () => {
    const single = 'on: push\npermissions:\n  contents: read\n  packages: write\njobs:\n  publish:\n    runs-on: x\n    steps: [{run: echo}]\n';
    expect(runRule(excessivePermissions, { [file]: single })).toEqual([]);
    const oneInherits = `${single}  lint:\n    runs-on: x\n    permissions: {contents: read}\n    steps: [{run: echo}]\n`;
    expect(runRule(excessivePermissions, { [file]: oneInherits })).toEqual([]);
    expect(runRule(excessivePermissions, { [file]: single.replace('permissions:\n  contents: read\n  packages: write', 'permissions: write-all') })).toHaveLength(1);
  });

  it('accepts write scopes granted per job', () => {
    const text = 'on: push\npermissions: {contents: read}\njobs:\n  a:\n    runs-on: x\n    permissions: {id-token: write, packages: write}\n    steps: [{run: echo}]\n';
    expect(runRule(excessivePermissions, { [file]: text })).toEqual([]);
  });
});

describe('workflow/missing-permissions fix', () => {
  it('sets contents: read at the top and grants each job what its steps show, before its steps', () => {
    const files = { '.github/workflows/release.yml': RELEASE };
    expect(expectCleanFix(missingPermissions, files)).toBe(1);
    const fixed = fixedText(files, missingPermissions, { include: 'all' })['.github/workflows/release.yml']!;
    expect(fixed).toContain('  IMAGE: ghcr.io/acme/orders # the one image this repo ships\n\npermissions:\n  contents: read\n\njobs:\n');
    // ghcr.io login with the token, a SARIF upload and keyless signing; the test job needs nothing more.
    expect(fixed).toContain(
      '    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      id-token: write\n      packages: write\n      security-events: write\n    steps:\n      - {uses: "actions/checkout@v7.0.1"',
    );
    expect(fixed).toContain('    runs-on: ${{ matrix.os }}\n    strategy:\n');
    expect(fixed.match(/permissions:/g)).toHaveLength(3); // top, image, and provenance's own
    const [finding] = runRule(missingPermissions, files);
    expect(finding!.fix!.caveat).toMatch(/image: id-token: write \(keyless cosign sign\), packages: write \(docker\/login-action to ghcr\.io with the token\), security-events: write/);
  });

  it('grants gh and git push their scopes, and names actions whose needs are unknown', () => {
    const text = `on:
  issues:
    types: [opened]
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - env:
          GH_TOKEN: \${{ github.token }}
        run: gh issue edit "$NUMBER" --add-label triage
      - uses: acme/notify@8aad20d150bbac5944a9f9d289da16a4b0d87c1e
      - uses: actions/download-artifact@8aad20d150bbac5944a9f9d289da16a4b0d87c1e
        with:
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ github.token }}
`;
    const files = { [file]: text };
    expect(expectCleanFix(missingPermissions, files)).toBe(1);
    const [finding] = runRule(missingPermissions, files);
    expect(finding!.fix!.caveat).toMatch(/label: actions: read \(actions\/download-artifact from another run\), issues: write \(gh issue\)\..*not known: acme\/notify\./s);
    expect(fixedText(files, missingPermissions, { include: 'all' })[file]).toContain(
      '    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      actions: read\n      issues: write\n    steps:\n',
    );
  });

  it('offers no fix when a job\'s token use cannot be read, and says why', () => {
    const reusable = 'on: push\njobs:\n  call:\n    uses: acme/workflows/.github/workflows/deploy.yml@8aad20d150bbac5944a9f9d289da16a4b0d87c1e\n';
    const script = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/github-script@ed142fd0673e97e23eac54620cfb913e5ce36c25\n        with:\n          script: github.rest.issues.create({})\n';
    const api = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: gh api repos/acme/x/dispatches -f event_type=go\n';
    const reasons = [reusable, script, api].map((text) => {
      const [finding] = auditFiles({ [file]: text }, [missingPermissions]);
      expect(finding!.fix).toBeUndefined();
      return finding!.noFix;
    });
    expect(reasons).toEqual([
      'job call calls the reusable workflow acme/workflows/.github/workflows/deploy.yml@8aad20d150bbac5944a9f9d289da16a4b0d87c1e, whose token needs are not visible here',
      'actions/github-script in job a calls the API with the token from a script',
      '`gh api` in job a uses the token in ways not known here',
    ]);
  });
});
