import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { scriptInjection, untrustedContext } from '../../../../src/audit/rules/workflow/script-injection.js';
import { runRule } from '../../../helpers/audit.js';
import { applyEdits, auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

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

describe('workflow/script-injection fix', () => {
  const workflow = `name: triage
on:
  issues:
    types: [opened]
  pull_request_target:

env:
  ISSUE_TITLE: used elsewhere # taken: the fix must not shadow it

jobs:
  label:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        label: [bug, docs]
    steps:
      - name: Label
        env:
          GH_TOKEN: \${{ github.token }}
        run: |
          # label by title
          title="\${{ github.event.issue.title }}"
          case "$title" in
            *\${{ matrix.label }}*) gh issue edit \${{ github.event.issue.number }} \\
                --add-label "\${{ matrix.label }}" ;;
          esac
          echo "\${{ github.event.issue.title }}_seen" > seen.txt
  greet:
    runs-on: ubuntu-latest
    steps:
      - run: echo Thanks for \${{ github.event.pull_request.title }} on '\${{ github.head_ref }}'
      - name: Quoted YAML
        run: "echo \\"\${{ github.event.pull_request.body }}\\" \${{ github.event.pull_request.body }}"
`;
  const files = { [file]: workflow };

  it('moves each untrusted expression into env:, quoted as the script had it, the rest byte for byte', () => {
    expect(expectCleanFix(scriptInjection, files)).toBe(6);
    const fixed = fixedText(files, scriptInjection, { include: 'all' })[file]!;
    expect(fixed).toContain(`      - name: Label
        env:
          GH_TOKEN: \${{ github.token }}
          ISSUE_TITLE_2: \${{ github.event.issue.title }}
        run: |
          # label by title
          title="$ISSUE_TITLE_2"
          case "$title" in
            *\${{ matrix.label }}*) gh issue edit \${{ github.event.issue.number }} \\
                --add-label "\${{ matrix.label }}" ;;
          esac
          echo "\${ISSUE_TITLE_2}_seen" > seen.txt
`);
    expect(fixed).toContain(`      - run: echo Thanks for "$PULL_REQUEST_TITLE" on ''"$HEAD_REF"''
        env:
          PULL_REQUEST_TITLE: \${{ github.event.pull_request.title }}
          HEAD_REF: \${{ github.head_ref }}
`);
    expect(fixed).toContain(`      - name: Quoted YAML\n        env:\n          PULL_REQUEST_BODY: \${{ github.event.pull_request.body }}\n        run: "echo \\"$PULL_REQUEST_BODY\\" \\"$PULL_REQUEST_BODY\\""\n`);
  });

  it('is safe where every expression stood in double quotes, and says so where one was unquoted', () => {
    const findings = runRule(scriptInjection, files);
    const caveats = findings.map((f) => [f.location.line, f.fix!.caveat === undefined]);
    expect(caveats).toEqual([
      [22, true],
      [27, true],
      [31, false],
      [31, false],
      [33, false],
      [33, false],
    ]);
    expect(findings[2]!.fix!.caveat).toMatch(/now "\$VAR", one word/);
  });

  it('reuses a variable the step already has for the same expression', () => {
    const text = step(`      - env:
          TITLE: \${{ github.event.issue.title }}
        run: |
          echo "$TITLE"
          echo "\${{ github.event.issue.title }}"
`);
    expect(expectCleanFix(scriptInjection, { [file]: text }, { include: 'safe' })).toBe(1);
    expect(fixedText({ [file]: text }, scriptInjection)[file]).toBe(text.replace('echo "${{ github.event.issue.title }}"', 'echo "$TITLE"'));
  });

  it('offers no fix where the replacement would not mean the same, and says why', () => {
    const cases = [
      step('      - shell: pwsh\n        run: Write-Output "${{ github.event.issue.title }}"\n'),
      'on: issues\njobs:\n  a:\n    runs-on: ${{ matrix.os }}\n    strategy: {matrix: {os: [ubuntu-latest, windows-latest]}}\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n',
      step('      - run: |\n          cat <<EOF\n          ${{ github.event.issue.title }}\n          EOF\n'),
      step('      - uses: actions/github-script@ed142fd0673e97e23eac54620cfb913e5ce36c25\n        with:\n          script: console.log("${{ github.event.comment.body }}")\n'),
    ];
    const reasons = cases.map((text) => {
      const [finding] = auditFiles({ [file]: text }, [scriptInjection]);
      expect(finding!.fix).toBeUndefined();
      return finding!.noFix;
    });
    expect(reasons).toEqual([
      'the step does not run in bash or sh',
      'the job may run on Windows, whose default shell is PowerShell',
      'the script has a heredoc, where quotes are written out literally',
      "actions/github-script's script is not a shell script",
    ]);
  });
});

describe('workflow/script-injection fix on literal blocks (edits made when read)', () => {
  const untrusted = ['github.event.issue.title', 'github.event.pull_request.body', 'github.head_ref', 'github.event.comment.body'];
  const expression = fc.constantFrom(...untrusted).map((context) => `\${{ ${context} }}`);
  const plain = fc.constantFrom('echo', 'printf %s', 'x=1;', '$HOME', '\\$', "it's", '#', '|', 'a\\', '"', "'", '{', '}', ' ', '  ');
  /** A script line mixing plain shell text with expressions, unquoted or inside single or double quotes. */
  const part = fc.oneof(
    plain,
    expression,
    expression.map((e) => `"${e}"`),
    expression.map((e) => `'${e}'`),
    fc.tuple(expression, plain).map(([e, p]) => `"${p}${e}x"`),
  );
  const line = fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' ').trimEnd());
  const script = fc.array(line, { minLength: 1, maxLength: 5 }).filter((lines) => lines.some((l) => l.includes('${{')) && lines.every((l) => !l.includes('<<') && l.trim() !== ''));
  const header = fc.constantFrom('|', '|-', '|+');

  /** The expected script: the original, each untrusted expression replaced by a reference to one variable, every other character kept. */
  function readsAsIntended(before: string, after: string): boolean {
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const reference = `(?:\\$[A-Z_0-9]+|\\$\\{[A-Z_0-9]+\\}|"\\$[A-Z_0-9]+"|'"\\$[A-Z_0-9]+"')`;
    const pattern = before
      .split(/\$\{\{ [a-z_.]+ \}\}/)
      .map(escape)
      .join(reference);
    return new RegExp(`^${pattern}$`).test(after);
  }

  it('offers a fix whose edits, made when read, leave the script reading exactly as before, each expression now a variable', () => {
    let offered = 0;
    fc.assert(
      fc.property(script, header, (lines, style) => {
        const body = lines.map((l) => `          ${l}`).join('\n');
        const text = `on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${style}\n${body}\n`;
        const findings = auditFiles({ [file]: text }, [scriptInjection]);
        const fix = findings.find((f) => f.fix)?.fix;
        if (!fix) return; // a script the quoting model refuses (an escaped $ before an expression): no fix, said with noFix
        offered++;
        expect(fix.edits.length, text).toBeGreaterThan(0);
        const after = applyEdits({ [file]: text }, fix.edits)[file]!;
        const parse = (source: string) => String((parseDocument(source).toJS() as { jobs: { a: { steps: { run: string }[] } } }).jobs.a.steps[0]!.run);
        expect(readsAsIntended(parse(text), parse(after)), `${text}\n---\n${after}`).toBe(true);
        expect(auditFiles({ [file]: after }, [scriptInjection]), after).toEqual([]);
      }),
      { numRuns: 150 },
    );
    expect(offered).toBeGreaterThan(100);
  });
});
