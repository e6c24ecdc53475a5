import { describe, expect, it } from 'vitest';
import { scriptInjection, untrustedContext } from '../../../../src/audit/rules/workflow/script-injection.js';
import { runRule } from '../../../helpers/audit.js';

const file = '.github/workflows/ci.yml';
const step = (body: string) => `on: issues\njobs:\n  a:\n    runs-on: x\n    steps:\n${body}`;

describe('workflow/script-injection', () => {
  it('reports attacker-controlled contexts in run: and github-script', () => {
    const text = step(`      - run: echo "\${{ github.event.issue.title }}"
      - uses: actions/github-script@ed142fd0673e97e23eac54620cfb913e5ce36c25
        with:
          script: console.log("\${{ github.event.comment.body }}")
`);
    const findings = runRule(scriptInjection, { [file]: text });
    expect(findings.map((f) => [f.location.line, f.message.split(' ')[0]])).toEqual([
      [6, 'github.event.issue.title'],
      [9, 'github.event.comment.body'],
    ]);
  });

  it('knows array-indexed and branch-name contexts', () => {
    expect(untrustedContext('github.event.commits[0].message')).toBe('github.event.commits[0].message');
    expect(untrustedContext('github.event.pages.*.page_name')).toBe('github.event.pages.*.page_name');
    expect(untrustedContext('github.head_ref')).toBe('github.head_ref');
    expect(untrustedContext('github.event.pull_request.head.sha')).toBeUndefined();
    expect(untrustedContext('github.event.repository.name')).toBeUndefined();
  });

  it('accepts the same value passed through env', () => {
    const text = step(`      - env:
          TITLE: \${{ github.event.issue.title }}
        run: echo "$TITLE" \${{ github.sha }}
`);
    expect(runRule(scriptInjection, { [file]: text })).toEqual([]);
  });
});

describe('workflow/script-injection, precisely', () => {
  it('points at the line of a multi-line script that holds the expression', () => {
    const text = step(`      - run: |
          echo start
          echo "\${{ github.head_ref }}"
`);
    const [finding] = runRule(scriptInjection, { [file]: text });
    expect(finding!.location).toMatchObject({ line: 8, column: 17 });
  });

  it('reports inputs that an action runs as code', () => {
    const text = step(`      - uses: mikefarah/yq@ed142fd0673e97e23eac54620cfb913e5ce36c25
        with:
          cmd: yq '.title = "\${{ github.event.pull_request.title }}"' file.yml
`);
    expect(runRule(scriptInjection, { [file]: text })[0]!.message).toMatch(/mikefarah\/yq's cmd/);
  });
});
