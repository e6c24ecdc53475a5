// GitLab pipelines split over files (`include:`) are audited as one pipeline: the files they include
// are read wherever they are, as GitLab's "Use CI/CD configuration from other files" describes.
import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../../src/audit/parse.js';
import { noImageScan, scanCannotFail } from '../../../src/audit/rules/workflow/image-scan.js';
import { includedDocuments, localIncludes } from '../../../src/audit/support/gitlab-includes.js';
import { runRule } from '../../helpers/audit.js';

const pipelinesOf = (files: Record<string, string>) =>
  parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text }))).repo.gitlabPipelines.map((d) => d.file.path);

describe('GitLab include: local files', () => {
  it('reads the local forms (a string, a list, local: items) and leaves URLs, templates and other projects alone', () => {
    expect(localIncludes({ include: '/ci/build.yml' })).toEqual(['ci/build.yml']);
    expect(
      localIncludes({
        include: ['ci/a.yml', 'https://example.com/b.yml', { local: '/ci/c.yml', rules: [{ if: '$X' }] }, { template: 'Jobs/SAST.gitlab-ci.yml' }, { project: 'g/p', file: 'x.yml' }, { remote: 'https://x/y.yml' }, { local: '../up.yml' }],
      }),
    ).toEqual(['ci/a.yml', 'ci/c.yml']);
    expect(localIncludes({ include: { local: 'ci/d.yml' } })).toEqual(['ci/d.yml']);
    expect(localIncludes({ stages: ['build'] })).toEqual([]);
  });

  it('follows includes from file to file, and wildcards as GitLab documents them', () => {
    const files = {
      '.gitlab-ci.yml': 'include:\n  - local: /ci/build.yml\n  - ci/jobs/**.yml\nbuild:\n  script: [docker build -t app .]\n',
      'ci/build.yml': 'include: ci/nested/security.yml\nlint:\n  script: [echo lint]\n',
      'ci/nested/security.yml': 'scan:\n  script: [trivy image --exit-code 1 app]\n',
      'ci/jobs/a.yml': 'a:\n  script: [echo a]\n',
      'ci/jobs/deeper/b.yml': 'b:\n  script: [echo b]\n',
      'ci/unrelated.yml': 'c:\n  script: [echo c]\n',
      'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n',
    };
    expect(pipelinesOf(files).sort()).toEqual(['.gitlab-ci.yml', 'ci/build.yml', 'ci/jobs/a.yml', 'ci/jobs/deeper/b.yml', 'ci/nested/security.yml']);
    // The scan two includes away counts for the build in .gitlab-ci.yml (without the includes, that build was reported).
    expect(runRule(noImageScan, files)).toEqual([]);
  });

  it('finds what an included file does wrong, and reads no include without a pipeline to start from', () => {
    const files = {
      '.gitlab-ci.yml': 'include: /templates/scan.yml\n',
      'templates/scan.yml': 'scan:\n  script:\n    - trivy image app || true\n',
    };
    expect(runRule(scanCannotFail, files).map((f) => f.location.file)).toContain('templates/scan.yml');
    expect(pipelinesOf({ 'templates/scan.yml': files['templates/scan.yml'] })).toEqual([]);
  });

  it('reads each file once, however the includes loop', () => {
    const loop = { include: ['ci/a.yml'] };
    const documents = [
      { file: { path: '.gitlab-ci.yml' }, data: loop },
      { file: { path: 'ci/a.yml' }, data: { include: ['ci/b.yml', '.gitlab-ci.yml'] } },
      { file: { path: 'ci/b.yml' }, data: { include: 'ci/a.yml' } },
    ];
    expect(includedDocuments([documents[0]!], documents).documents.map((d) => d.file.path)).toEqual(['ci/a.yml', 'ci/b.yml']);
  });

  it('bounds the wildcards a hostile pipeline can run against every YAML path', () => {
    const documents = [
      { file: { path: '.gitlab-ci.yml' }, data: { include: Array.from({ length: 1000 }, (_, i) => `**/*a*a*a*a*a*${i}*.yml`) } },
      ...Array.from({ length: 20_000 }, (_, i) => ({ file: { path: `deep/${'a'.repeat(40)}/aaaaa${i}.yml` }, data: {} })),
    ];
    const started = performance.now();
    const { documents: found, unexpanded } = includedDocuments([documents[0]!], documents);
    expect(performance.now() - started).toBeLessThan(10_000);
    // Each wildcard not expanded is counted, for the audit's note.
    expect(unexpanded.length).toBeGreaterThanOrEqual(900);
    // Wildcards are matched until a hundred of them or the matching budget is spent; the rest are not read.
    expect(found.length).toBeGreaterThan(1000);
    expect(found.length).toBeLessThan(20_000);
  });
});
