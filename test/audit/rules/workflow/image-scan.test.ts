import { describe, expect, it } from 'vitest';
import { noImageScan, noSarifUpload, scanCannotFail, scanIncludesUnfixed } from '../../../../src/audit/rules/workflow/image-scan.js';
import { runRule } from '../../../helpers/audit.js';
import { expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';
import { GITLAB, RELEASE } from './_workflows.js';

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

  it('ignores a gating misconfiguration scan, which has no CVEs to leave unfixed', () => {
    const steps = trivy("          scan-type: config\n          exit-code: '1'\n") + '      - run: trivy config --exit-code 1 .\n';
    const gitlab = 'scan:\n  script:\n    - trivy config --exit-code 1 --severity HIGH .\n';
    expect(runRule(scanIncludesUnfixed, { [GH]: job(steps), '.gitlab-ci.yml': gitlab })).toEqual([]);
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

describe('workflow/no-sarif-upload fix', () => {
  const permissions = '    permissions:\n      contents: read # check out\n      packages: write\n';

  it('appends a SARIF pass and a pinned upload that may fail, and adds the two scopes to the job\'s own list', () => {
    const files = { [GH]: job(trivy("          exit-code: '1'\n"), permissions) };
    expect(expectCleanFix(noSarifUpload, files)).toBe(1);
    expect(fixedText(files, noSarifUpload, { include: 'all' })[GH]).toBe(
      job(
        trivy("          exit-code: '1'\n") +
          '      - name: Trivy report for code scanning (never fails)\n' +
          '        id: trivy-sarif\n' +
          '        if: always()\n' +
          `        uses: ${TRIVY} # v0.36.0\n` +
          '        with:\n' +
          '          version: v0.72.0\n' +
          '          image-ref: app:1\n' +
          '          format: sarif\n' +
          '          output: trivy-results.sarif\n' +
          '          limit-severities-for-sarif: true\n' +
          '          exit-code: "0"\n' +
          '      - name: Upload the Trivy report to code scanning\n' +
          "        if: always() && steps.trivy-sarif.outcome == 'success'\n" +
          '        continue-on-error: true\n' +
          '        uses: github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2\n' +
          '        with:\n' +
          '          sarif_file: trivy-results.sarif\n' +
          '          category: trivy-image\n',
        permissions + '      security-events: write\n      actions: read\n',
      ),
    );
    // It needs code scanning on the repository: a caveat, so plain --fix leaves it.
    expect(fixedText(files, noSarifUpload, { include: 'safe' })[GH]).toBe(files[GH]);
  });

  it('offers none to a job without its own permissions (a new block would drop its default scopes) or a scan it cannot repeat', () => {
    expect(runRule(noSarifUpload, { [GH]: job(trivy("          exit-code: '1'\n")) })[0]!.fix).toBeUndefined();
    const cli = `      - run: trivy image --exit-code 1 app:1\n`;
    expect(runRule(noSarifUpload, { [GH]: job(cli, permissions) })[0]!.fix).toBeUndefined();
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

describe('workflow/scan-cannot-fail fix', () => {
  it('makes the scan a person reads gate (exit-code and ignore-unfixed), not the SARIF pass', () => {
    const files = { '.github/workflows/release.yml': RELEASE };
    expect(expectCleanFix(scanCannotFail, files)).toBe(1);
    const fixed = fixedText(files, scanCannotFail, { include: 'all' })['.github/workflows/release.yml']!;
    expect(fixed).toContain('          severity: CRITICAL,HIGH\n          exit-code: "1"\n          ignore-unfixed: true\n      - name: Scan for code scanning\n');
    expect(fixed).toContain('with: {image-ref: "${{ env.IMAGE }}:${{ github.sha }}", format: sarif, output: trivy.sarif}\n');
    const [finding] = runRule(scanCannotFail, files);
    expect(finding!.fix!.caveat).toMatch(/the pipeline fails when the scan finds vulnerabilities/);
    // Only with --fix=all: a gate can turn today's pipeline red.
    expect(fixedText(files, scanCannotFail, { include: 'safe' })).toEqual(files);
  });

  it('removes continue-on-error from the job along with the gate, or it would still fail nothing', () => {
    const text = RELEASE.replace('  image:\n    needs: test\n', '  image:\n    needs: test\n    continue-on-error: true # flaky registry\n');
    const files = { '.github/workflows/release.yml': text };
    expect(expectCleanFix(scanCannotFail, files)).toBe(1);
    expect(fixedText(files, scanCannotFail, { include: 'all' })['.github/workflows/release.yml']).not.toContain('continue-on-error');
  });

  it('rewrites trivy in a run: | script: the exit code, || true and continue-on-error, each its own fix', () => {
    const text = job(`      - name: Scan
        continue-on-error: true
        run: |
          # the scan
          trivy --quiet image --severity HIGH,CRITICAL \\
            "$IMAGE" || true   # never blocks
          echo "scanned"
      - name: Gate
        continue-on-error: true
        run: trivy image --exit-code 1 --ignore-unfixed "$IMAGE"
`);
    const files = { [GH]: text };
    const findings = runRule(scanCannotFail, files);
    // The || true ends the continued trivy command: read as the shell reads it, it swallows the scan.
    expect(findings.map((f) => [f.location.line, f.fix?.description])).toEqual([
      [9, "remove the || true that swallows the scan's failure in job image"],
      [15, 'remove continue-on-error from the scan step in job image'],
    ]);
    expect(expectCleanFix(scanCannotFail, files)).toBe(2);
    const swallowed = text.replace('"$IMAGE" || true', '"$IMAGE"').replace('trivy image --exit-code 1 --ignore-unfixed "$IMAGE"', 'trivy image "$IMAGE" || exit 0');
    expect(expectCleanFix(scanCannotFail, { [GH]: swallowed })).toBe(2);
    const fixed = fixedText({ [GH]: swallowed }, scanCannotFail, { include: 'all' })[GH]!;
    expect(fixed).toContain('          # the scan\n          trivy --quiet image --exit-code 1 --ignore-unfixed --severity HIGH,CRITICAL \\\n            "$IMAGE"   # never blocks\n          echo "scanned"\n');
    expect(fixed).toContain('        run: trivy image "$IMAGE"\n');
    // The step made to gate loses its continue-on-error; the other scan does not gate, so its own stays.
    expect(fixed).toContain('      - name: Scan\n        run: |\n');
    expect(fixed).toContain('      - name: Gate\n        continue-on-error: true\n');
  });

  it('fixes a GitLab scan job: exit code, || true and allow_failure', () => {
    const files = { '.gitlab-ci.yml': GITLAB };
    expect(expectCleanFix(scanCannotFail, files)).toBe(3);
    const fixed = fixedText(files, scanCannotFail, { include: 'all' })['.gitlab-ci.yml']!;
    expect(fixed).toBe(
      GITLAB.replace('- trivy image --severity HIGH,CRITICAL "$IMAGE" || true', '- trivy image --exit-code 1 --ignore-unfixed --severity HIGH,CRITICAL "$IMAGE"').replace('  allow_failure: true\n', ''),
    );
  });
});

describe('workflow/scan-cannot-fail fix, GitLab block scripts', () => {
  it('rewrites the trivy line of a script: | block and keeps its continuation lines', () => {
    const text = `.scan-template:
  image: aquasec/trivy:0.69.3
scan:
  extends: .scan-template
  script: |
    # one pass, gating
    trivy image --severity HIGH,CRITICAL \\
      "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" || true
    trivy image --format json --output report.json "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" || true
`;
    const files = { '.gitlab-ci.yml': text };
    // Both commands swallow their failure, the first on its continuation line (read as one command,
    // as the shell does): the || true goes from both, and the first becomes the gate.
    expect(expectCleanFix(scanCannotFail, files)).toBe(2);
    expect(fixedText(files, scanCannotFail, { include: 'all' })['.gitlab-ci.yml']).toBe(
      text
        .replace('    trivy image --severity', '    trivy image --exit-code 1 --ignore-unfixed --severity')
        .replace('      "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" || true', '      "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"')
        .replace('--output report.json "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" || true', '--output report.json "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"'),
    );
  });
});

describe('workflow/scan-cannot-fail fix, the pass a person reads', () => {
  it('gates the table pass of a GitLab job, not the JSON report before it', () => {
    const text = 'scan:\n  script:\n    - trivy image --format json --output report.json app:1\n    - trivy image --severity HIGH,CRITICAL app:1\n';
    expect(expectCleanFix(scanCannotFail, { '.gitlab-ci.yml': text })).toBe(1);
    expect(fixedText({ '.gitlab-ci.yml': text }, scanCannotFail, { include: 'all' })['.gitlab-ci.yml']).toBe(
      text.replace('- trivy image --severity', '- trivy image --exit-code 1 --ignore-unfixed --severity'),
    );
  });
});

describe('workflow/scan-ignore-unfixed-unset fix', () => {
  it('adds ignore-unfixed to the trivy-action, a run script and a GitLab line, without a caveat', () => {
    const github = job(trivy("          exit-code: '1'\n") + '      - run: |\n          trivy image --exit-code 1 \\\n            app:1\n');
    const gitlab = 'scan:\n  script:\n    - trivy image --exit-code 1 app:1 # gate\n';
    const files = { [GH]: github, '.gitlab-ci.yml': gitlab };
    expect(expectCleanFix(scanIncludesUnfixed, files, { include: 'safe' })).toBe(3);
    const fixed = fixedText(files, scanIncludesUnfixed);
    expect(fixed[GH]).toBe(
      github.replace("          exit-code: '1'\n", "          exit-code: '1'\n          ignore-unfixed: true\n").replace('trivy image --exit-code 1 \\', 'trivy image --ignore-unfixed --exit-code 1 \\'),
    );
    expect(fixed['.gitlab-ci.yml']).toBe('scan:\n  script:\n    - trivy image --ignore-unfixed --exit-code 1 app:1 # gate\n');
  });
});

// Issue 9: a GitLab script that runs `trivy image \` over continuation lines and ends in `|| true`
// is a scan that cannot fail, like its one-line form.
describe('workflow/scan-cannot-fail reads continued lines as one command', () => {
  it('reports || true at the end of a multi-line trivy command', () => {
    const pipeline = `scan:
  stage: test
  script:
    - |
      trivy image \\
        --severity HIGH,CRITICAL \\
        --exit-code 1 $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA || true
`;
    const findings = runRule(scanCannotFail, { '.gitlab-ci.yml': pipeline });
    expect(findings.map((f) => [f.message, f.fix?.edits.length])).toEqual([["the scan command's failure is swallowed (|| true)", 1]]);
    expect(fixedText({ '.gitlab-ci.yml': pipeline }, scanCannotFail, { include: 'all' })['.gitlab-ci.yml']).toContain('--exit-code 1 $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA\n');
  });
});

// Issue 9: scripts read as the shell runs them (unbash), with GitHub's and GitLab's shell options.
describe('workflow/scan-cannot-fail reads scripts as the shell runs them', () => {
  const runStep = (script: string, shell = '') => `      - run: |\n${script.split('\n').map((line) => `          ${line}`).join('\n')}\n${shell ? `        shell: ${shell}\n` : ''}`;
  const messages = (files: Record<string, string>) => runRule(scanCannotFail, files).map((f) => f.message);

  it('a gating scan piped into tee fails nothing under GitHub\'s default bash -e; shell: bash or set -o pipefail keeps the failure', () => {
    const piped = 'trivy image --exit-code 1 app:1 | tee trivy.txt';
    const findings = runRule(scanCannotFail, { [GH]: job(runStep(piped)) });
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/piped into another command and the shell has no pipefail/)]);
    expect(findings[0]!.noFix).toMatch(/set -o pipefail/);
    expect(messages({ [GH]: job(runStep(piped, 'bash')) })).toEqual([]);
    expect(messages({ [GH]: job(runStep(`set -euo pipefail\n${piped}`)) })).toEqual([]);
    expect(messages({ [GH]: job(runStep(piped), '    defaults:\n      run:\n        shell: bash\n') })).toEqual([]);
  });

  it('a condition, a negation and an && list that is not the last statement lose the failure; a last && list and "; true" under set -e do not', () => {
    expect(messages({ [GH]: job(runStep('if trivy image --exit-code 1 app:1; then echo clean; fi')) })).toEqual([expect.stringMatching(/is a condition/)]);
    expect(messages({ [GH]: job(runStep('! trivy image --exit-code 1 app:1')) })).toEqual([expect.stringMatching(/negated/)]);
    expect(messages({ [GH]: job(runStep('trivy image --exit-code 1 app:1 && echo clean\necho next')) })).toEqual([expect.stringMatching(/&& list that is not the last/)]);
    expect(messages({ [GH]: job(runStep('echo scanning\ntrivy image --exit-code 1 app:1 && echo clean')) })).toEqual([]);
    // set -e ends the script at the failing scan, before `true` runs.
    expect(messages({ [GH]: job(runStep('trivy image --exit-code 1 app:1; true')) })).toEqual([]);
  });

  it('GitLab runs before_script and script as one set -eo pipefail session: an && list followed by another item is swallowed', () => {
    const pipeline = (items: string[]) => `scan:\n  script:\n${items.map((item) => `    - ${item}\n`).join('')}`;
    expect(messages({ '.gitlab-ci.yml': pipeline(['trivy image --exit-code 1 app:1 && echo clean', 'echo done']) })).toEqual([expect.stringMatching(/&& list that is not the last/)]);
    expect(messages({ '.gitlab-ci.yml': pipeline(['echo start', 'trivy image --exit-code 1 app:1 && echo clean']) })).toEqual([]);
    expect(messages({ '.gitlab-ci.yml': pipeline(['trivy image --exit-code 1 app:1 | tee trivy.txt']) })).toEqual([]);
  });

  it('an --exit-code inside an echo or a comment is not a gate; TRIVY_EXIT_CODE in the environment is', () => {
    expect(messages({ [GH]: job(runStep('echo "rerun with --exit-code 1"\ntrivy image app:1 # --exit-code 1')) })).toEqual([expect.stringMatching(/sets a non-zero exit code/)]);
    expect(messages({ [GH]: job(runStep('trivy image app:1').replace('      - run:', '      - env:\n          TRIVY_EXIT_CODE: 1\n        run:')) })).toEqual([]);
    expect(messages({ [GH]: job(runStep('export TRIVY_EXIT_CODE=1\ntrivy image app:1')) })).toEqual([]);
    expect(messages({ '.gitlab-ci.yml': 'scan:\n  variables:\n    TRIVY_EXIT_CODE: "1"\n  script:\n    - trivy image app:1\n' })).toEqual([]);
  });
});

describe('workflow commands are recognised as the shell runs them', () => {
  const runStep = (script: string) => `      - run: |\n${script.split('\n').map((line) => `          ${line}`).join('\n')}\n`;

  it('a build or a scan named in echo or a comment is neither; sudo and env wrappers are seen through', () => {
    expect(runRule(noImageScan, { [GH]: job(runStep('echo "run docker build -t app . to build"\n# docker build -t app .')) })).toEqual([]);
    expect(runRule(noImageScan, { [GH]: job(runStep('sudo -E docker build -t app:1 .')) })).toHaveLength(1);
    expect(runRule(noImageScan, { [GH]: job(runStep('env DOCKER_BUILDKIT=1 docker build -t app:1 .\necho "then trivy image app:1"')) })).toHaveLength(1);
    expect(runRule(noImageScan, { [GH]: job(runStep('docker build -t app:1 .\ntrivy image --exit-code 1 app:1')) })).toEqual([]);
  });
});
