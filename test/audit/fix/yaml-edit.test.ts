import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { YamlEditError, YamlEditor, indentationStep } from '../../../src/audit/fix/yaml-edit.js';

const deployment = `apiVersion: apps/v1
kind: Deployment # keep this comment
spec:
  template:
    spec:
      containers:
        - name: web   # the app
          image: "nginx:1.27"
          securityContext:
            allowPrivilegeEscalation: true
        - name: side
          image: busybox
          securityContext: {}
      volumes:
`;

/** Applies edits the way every front end does: last first, so offsets stay valid. */
function apply(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

describe('YamlEditor', () => {
  it('inserts missing keys at the mapping indentation and keeps comments, quotes and order', () => {
    const editor = new YamlEditor(deployment).set(['spec', 'template', 'spec', 'securityContext'], { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(editor.text).toBe(`${deployment}      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n`);
    expect(editor.text).toContain('kind: Deployment # keep this comment\n');
  });

  it('replaces a scalar in place, keeping its quote style', () => {
    const editor = new YamlEditor(deployment).set(['spec', 'template', 'spec', 'containers', 0, 'image'], 'nginx:1.28');
    expect(editor.text).toBe(deployment.replace('"nginx:1.27"', '"nginx:1.28"'));
  });

  it('merges an object into an existing block mapping, key by key', () => {
    const editor = new YamlEditor(deployment).set(['spec', 'template', 'spec', 'containers', 0, 'securityContext'], {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(editor.text).toContain(
      '          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop:\n                - ALL\n        - name: side\n',
    );
  });

  it('rewrites a flow mapping as a flow mapping', () => {
    const editor = new YamlEditor(deployment).set(['spec', 'template', 'spec', 'containers', 1, 'securityContext'], { runAsNonRoot: true });
    expect(editor.text).toContain('          securityContext: { runAsNonRoot: true }\n      volumes:\n');
  });

  it('fills a key that has no value', () => {
    const editor = new YamlEditor(deployment).set(['spec', 'template', 'spec', 'volumes'], [{ name: 'tmp', emptyDir: {} }]);
    expect(editor.text.endsWith('      volumes:\n        - name: tmp\n          emptyDir: {}\n')).toBe(true);
  });

  it('appends to a list once, in the list style of the file', () => {
    const text = 'caps:\n  drop:\n    - NET_RAW\nflow: [a]\n';
    const editor = new YamlEditor(text).appendUnique(['caps', 'drop'], 'ALL').appendUnique(['caps', 'drop'], 'ALL').appendUnique(['flow'], 'b');
    expect(editor.text).toBe('caps:\n  drop:\n    - NET_RAW\n    - ALL\nflow: [a, b]\n');
  });

  it('appends a mapping to a list in the list style and indentation of the file', () => {
    const block = 'spec:\n    volumes:\n        - name: data # kept\n          emptyDir: {}\n    other: 1\n';
    expect(new YamlEditor(block).append(['spec', 'volumes'], { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }).text).toBe(
      'spec:\n    volumes:\n        - name: data # kept\n          emptyDir: {}\n        - name: tmp\n          emptyDir:\n              sizeLimit: 64Mi\n    other: 1\n',
    );
    expect(new YamlEditor('volumes: [{name: a}]\n').append(['volumes'], { name: 'b' }).text).toBe('volumes: [ { name: a }, { name: b } ]\n');
    expect(new YamlEditor('spec: {}\n').append(['spec', 'volumes'], { name: 'b' }).text).toBe('spec: { volumes: [ { name: b } ] }\n');
    expect(() => new YamlEditor('volumes: 1\n').append(['volumes'], 'x')).toThrow(YamlEditError);
  });

  it('deletes a key with its whole value', () => {
    const text = 'steps:\n  - uses: x\n    continue-on-error: true\n    with:\n      a: 1\n';
    expect(new YamlEditor(text).delete(['steps', 0, 'continue-on-error']).text).toBe('steps:\n  - uses: x\n    with:\n      a: 1\n');
    expect(new YamlEditor(text).delete(['steps', 0, 'absent']).changed).toBe(false);
  });

  it('follows the file indentation step for new nested mappings', () => {
    expect(new YamlEditor('a:\n    b: 1\n').set(['a', 'c', 'd'], 2).text).toBe('a:\n    b: 1\n    c:\n        d: 2\n');
  });

  it('edits the chosen document of a multi-document file only', () => {
    const text = 'kind: A\n---\nkind: B\nspec: {}\n';
    expect(new YamlEditor(text, 1).set(['spec', 'x'], 1).text).toBe('kind: A\n---\nkind: B\nspec: { x: 1 }\n');
  });

  it('is idempotent: setting what is there changes nothing', () => {
    const once = new YamlEditor(deployment).set(['spec', 'template', 'spec', 'securityContext'], { runAsNonRoot: true }).text;
    expect(new YamlEditor(once).set(['spec', 'template', 'spec', 'securityContext'], { runAsNonRoot: true }).changed).toBe(false);
  });

  it('reports its change as edits per run of changed lines, leaving other lines byte-identical', () => {
    const editor = new YamlEditor(deployment)
      .set(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'], false)
      .set(['spec', 'template', 'spec', 'securityContext'], { runAsNonRoot: true });
    const edits = editor.edits('k8s/deployment.yaml');
    expect(edits).toHaveLength(2);
    expect(apply(deployment, edits)).toBe(editor.text);
    expect(parseDocument(editor.text).errors).toEqual([]);
  });

  it('gives one edit over the changed middle when a change is too large to diff line by line', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `    step ${i} || true`);
    const text = `head: 1\nrun: |\n${lines.join('\n')}\ntail: 2\n`;
    const changed = lines.map((line) => line.replace(' || true', ''));
    const started = performance.now();
    const editor = new YamlEditor(text).replaceScalarSource(['run'], `|\n${changed.join('\n')}\n`);
    const edits = editor.edits('ci.yml');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(edits).toHaveLength(1);
    expect(apply(text, edits)).toBe(editor.text);
    expect(text.slice(0, edits[0]!.start)).toBe('head: 1\nrun: |\n');
    // A small change is still one edit per run of changed lines.
    const two = new YamlEditor(text).replaceScalarSource(['run'], `|\n${lines.map((line, i) => (i === 5 || i === 2000 ? line.replace(' || true', '') : line)).join('\n')}\n`);
    expect(two.edits('ci.yml')).toHaveLength(2);
  });

  it('writes new lines with the \\r\\n ending of a file that uses it', () => {
    const text = 'spec:\r\n  template:\r\n    spec:\r\n      containers: []\r\n';
    const editor = new YamlEditor(text).set(['spec', 'template', 'spec', 'securityContext'], { seccompProfile: { type: 'RuntimeDefault' } });
    const fixed = apply(text, editor.edits('k8s/a.yaml'));
    expect(fixed).toBe(`${text}      securityContext:\r\n        seccompProfile:\r\n          type: RuntimeDefault\r\n`);
    expect(fixed.match(/(?<!\r)\n/g)).toBeNull();
  });

  it('refuses an edit that leaves a mapping with a repeated key, as yaml does, in one pass over 20,000 keys', () => {
    expect(() => new YamlEditor('a: 1\nb: 2\n').replaceScalarSource(['a'], '1\nb: 3')).toThrow(YamlEditError);
    expect(() => new YamlEditor('a: 1\na: 2\nb: x\n').set(['b'], 'y')).toThrow(YamlEditError);
    expect(new YamlEditor('a: {k: 1}\nb: {k: 2}\n').set(['b', 'k'], 3).text).toBe('a: {k: 1}\nb: {k: 3}\n');
    const jobs = Array.from({ length: 20_000 }, (_, i) => `job${i}:\n  script: [make]\n`).join('');
    const start = performance.now();
    const editor = new YamlEditor(jobs);
    // Each set parses the file again: 0.4 s here with the one-pass check, 4 s with yaml's own.
    for (let i = 0; i < 3; i++) editor.set([`job${i}`, 'stage'], 'test');
    expect(editor.text).toContain('job2:\n  script: [make]\n  stage: test\n');
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  it('refuses to walk through a scalar', () => {
    expect(() => new YamlEditor('a: 1\n').set(['a', 'b'], 2)).toThrow(YamlEditError);
  });

  it('puts a new key before a named one, with the comments above that key, when asked', () => {
    const workflow = 'on: push\n\n# the jobs\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n';
    const top = new YamlEditor(workflow).set(['permissions'], { contents: 'read' }, { before: ['jobs'] });
    expect(top.text).toBe('on: push\n\npermissions:\n  contents: read\n\n# the jobs\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n');
    const job = new YamlEditor(workflow).set(['jobs', 'build', 'permissions', 'packages'], 'write', { before: ['steps'] });
    expect(job.text).toContain('    runs-on: ubuntu-latest\n    permissions:\n      packages: write\n    steps:\n');
    // The first key of a sequence item has the dash on its line: the key is appended instead.
    const item = new YamlEditor(workflow).set(['jobs', 'build', 'steps', 0, 'env', 'A'], 'b', { before: ['run'] });
    expect(item.text).toBe(`${workflow}        env:\n          A: b\n`);
  });

  it('appends a comment at the end of a line, unless the line has one or the data would change', () => {
    const text = 'steps:\n  - {uses: a@1, with: {b: 2}}\n  - uses: c@1 # keep\n  - {uses: d@1,\n     with: {e: 3}}\n';
    const editor = new YamlEditor(text).appendLineComment(['steps', 0, 'uses'], 'v1.2.3').appendLineComment(['steps', 1, 'uses'], 'v9');
    expect(editor.text).toBe(text.replace('{b: 2}}\n', '{b: 2}} # v1.2.3\n'));
    // Inside a multi-line flow mapping a comment after an entry is still a comment.
    expect(new YamlEditor(text).appendLineComment(['steps', 2, 'uses'], 'v2').text).toBe(text.replace('{uses: d@1,\n', '{uses: d@1, # v2\n'));
    // In a block scalar the "comment" would be text of the value: refused, nothing changed.
    const block = 'run: |\n  echo hi\nnext: 1\n';
    const refused = new YamlEditor(block);
    expect(() => refused.appendLineComment(['run'], 'x')).toThrow(YamlEditError);
    expect(refused.text).toBe(block);
  });
});

describe('indentationStep', () => {
  // The regular expression it replaced, for texts whose only line terminator is \n (where the m
  // flag's ^ after a carriage return does not come in).
  const byRegExp = (text: string) => {
    const match = /^( *)\S[^\n]*:[ \t]*\n\1( +)[^\s-]/m.exec(text);
    return match ? Math.min(match[2]!.length, 8) : undefined;
  };

  it('is the step of the first key whose value is a nested mapping', () => {
    expect(indentationStep('a: 1\nlist:\n  - x\nmap:\n    key: v\n')).toBe(4);
    expect(indentationStep('a:\n\tb: 1\n')).toBeUndefined();
    expect(indentationStep('deep:\n' + ' '.repeat(12) + 'x: 1\n')).toBe(8);
  });

  it('finds what the regular expression found', () => {
    const text = fc.array(fc.constantFrom('a', ':', ' ', '  ', '\t', '\n', '-', 'k:', ' x'), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (value) => {
        expect(indentationStep(value)).toBe(byRegExp(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('is linear on a line of many colons and carriage returns (the regular expression was cubic)', () => {
    const text = `${':\r'.repeat(500_000)}\n  x\n`;
    const start = performance.now();
    expect(indentationStep(text)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

