import { describe, expect, it } from 'vitest';
import { noImageScan, noSarifUpload, scanCannotFail, scanIncludesUnfixed } from '../../../../src/audit/rules/workflow/image-scan.js';
import { runRule } from '../../../helpers/audit.js';

const GH = '.github/workflows/ci.yml';
const TRIVY = 'aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25';
const BUILD = '      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a\n';
const job = (steps: string, extra = '') => `on: push\npermissions: {}\njobs:\n  image:\n    runs-on: ubuntu-latest\n${extra}    steps:\n${steps}`;
const trivy = (inputs: string) => `      - uses: ${TRIVY}\n        with:\n          image-ref: app:1\n${inputs}`;

describe('workflow/no-image-scan', () => {
  it('reports each build when nothing in the repository scans', () => {
    const findings = runRule(noImageScan, {
      [GH]: job(BUILD),
      '.gitlab-ci.yml': 'build:\n  image: docker:28.3.3\n  script:\n    - docker build -t app .\n',
    });
    expect(findings.map((f) => [f.location.file, f.location.line])).toEqual([
      [GH, 7],
      ['.gitlab-ci.yml', 4],
    ]);
  });

  it('accepts a scan anywhere in the repository', () => {
    expect(runRule(noImageScan, { [GH]: job(BUILD), '.gitlab-ci.yml': 'scan:\n  script:\n    - trivy image --exit-code 1 app\n' })).toEqual([]);
    expect(runRule(noImageScan, { [GH]: job(BUILD + trivy("          exit-code: '1'\n")) })).toEqual([]);
  });
});

describe('workflow/scan-cannot-fail', () => {
  it('reports a trivy-action left at its default exit code', () => {
    const findings = runRule(scanCannotFail, { [GH]: job(trivy('          format: table\n')) });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.location.line).toBe(7);
  });

  it('accepts a SARIF pass at exit code 0 beside a gating pass', () => {
    const steps = trivy("          format: sarif\n          exit-code: '0'\n") + trivy("          exit-code: '1'\n");
    expect(runRule(scanCannotFail, { [GH]: job(steps) })).toEqual([]);
  });

  it('reports swallowed failures and continue-on-error', () => {
    const steps = `      - run: trivy image --exit-code 1 app:1 || true\n` + trivy("          exit-code: '1'\n") + '        continue-on-error: true\n';
    const findings = runRule(scanCannotFail, { [GH]: job(steps) });
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/swallowed/), expect.stringMatching(/continue-on-error/)]);
  });

  it('reports GitLab allow_failure and a missing --exit-code, and accepts a blocking job', () => {
    const findings = runRule(scanCannotFail, {
      '.gitlab-ci.yml': 'scan:\n  allow_failure: true\n  script:\n    - trivy image --severity HIGH,CRITICAL app\n',
    });
    expect(findings.map((f) => f.location.line)).toEqual([4, 2]);
    expect(runRule(scanCannotFail, { '.gitlab-ci.yml': 'scan:\n  script:\n    - trivy image --exit-code 1 app\n' })).toEqual([]);
  });
});

describe('workflow/scan-ignore-unfixed-unset', () => {
  it('reports a gating scan without ignore-unfixed, action and CLI', () => {
    const steps = trivy("          exit-code: '1'\n") + '      - run: trivy image --exit-code 1 app\n';
    expect(runRule(scanIncludesUnfixed, { [GH]: job(steps) }).map((f) => f.location.line)).toEqual([8, 11]);
  });

  it('accepts ignore-unfixed, and ignores non-gating passes', () => {
    const steps = trivy("          exit-code: '1'\n          ignore-unfixed: true\n") + trivy('          format: sarif\n');
    expect(runRule(scanIncludesUnfixed, { [GH]: job(steps) })).toEqual([]);
  });
});

describe('workflow/no-sarif-upload', () => {
  it('reports a scan whose results stay in the log', () => {
    expect(runRule(noSarifUpload, { [GH]: job(trivy("          exit-code: '1'\n")) })).toHaveLength(1);
  });

  it('accepts an upload-sarif step', () => {
    const steps = trivy("          exit-code: '1'\n") + '      - uses: github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e\n';
    expect(runRule(noSarifUpload, { [GH]: job(steps) })).toEqual([]);
  });
});

describe('SBOM generation is not a scan', () => {
  it('ignores trivy writing CycloneDX or SPDX', () => {
    const gitlab = 'sbom:\n  script:\n    - trivy image --input image.tar --format cyclonedx --output sbom.cdx.json\n';
    expect(runRule(scanCannotFail, { '.gitlab-ci.yml': gitlab })).toEqual([]);
    expect(runRule(noImageScan, { [GH]: job(BUILD), '.gitlab-ci.yml': gitlab })).toHaveLength(1);
  });

  it('does not report an explicit ignore-unfixed: false', () => {
    expect(runRule(scanIncludesUnfixed, { [GH]: job(trivy("          exit-code: '1'\n          ignore-unfixed: false\n")) })).toEqual([]);
  });
});
