// The Dockerfile fixes on examples/insecure-repo, the repository `audit --fix` is measured on. Most
// go through the fix harness unchanged; three change findings of other rules, and those changes are
// pinned here so that any other side effect fails the test:
// - root-user: the pod still forces runAsUser: 0, so coherence/user-mismatch now reports the
//   disagreement (k8s/run-as-user-root's fix then follows the new USER);
// - expose-ssh and base-image-latest: other findings name the EXPOSE list or the image, so their
//   messages change, and the proposed tag is reported by base-image-digest until a digest is pinned.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../../src/audit/rules/index.js';
import type { Finding, Rule } from '../../../../src/audit/types.js';
import { applyEdits, auditFiles, expectCleanFix } from '../../../helpers/fix-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../../../../examples/insecure-repo');
const files: Record<string, string> = {};
(function walk(dir: string) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else files[path.relative(ROOT, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
  }
})(ROOT);

const rule = (id: string): Rule => RULES.find((r) => r.id === id)!;
const key = (f: Finding) => `${f.ruleId}: ${f.message}`;

/** Findings that appear after one rule's fix and were not there before. */
function introducedBy(id: string): string[] {
  const before = auditFiles(files);
  const [finding] = before.filter((f) => f.ruleId === id && f.fix);
  const after = auditFiles(applyEdits(files, finding!.fix!.edits));
  const known = new Set(before.map(key));
  expect(after.filter((f) => f.ruleId === id && f.location.line === finding!.location.line)).toEqual([]);
  return after.filter((f) => !known.has(key(f))).map(key).sort();
}

describe('Dockerfile fixes on examples/insecure-repo', () => {
  for (const id of ['dockerfile/apt-install-recommends', 'dockerfile/package-install-interactive', 'dockerfile/package-cache', 'dockerfile/shell-form-entrypoint', 'dockerfile/copy-context-without-dockerignore', 'dockerfile/missing-pipefail']) {
    it(`${id}: clean`, () => {
      expect(expectCleanFix(rule(id), files)).toBe(1);
    });
  }

  it('dockerfile/root-user: only the user mismatch with the pod that forces root appears', () => {
    expect(introducedBy('dockerfile/root-user')).toEqual([
      'coherence/user-mismatch: container "orders-api" of Deployment "orders-api" runs as UID 0, but its image sets USER 10001 (Dockerfile); files the image gave to 10001 may not be writable.',
    ]);
  });

  it('dockerfile/expose-ssh: only the port list of coherence/port-mismatch changes', () => {
    expect(introducedBy('dockerfile/expose-ssh')).toEqual([
      `coherence/port-mismatch: container "orders-api" of Deployment "orders-api" declares 8080 (http), but its image's Dockerfile (Dockerfile) EXPOSEs 3000.`,
    ]);
  });

  it('dockerfile/base-image-latest: the image name in other messages changes, and the tag is not yet a digest', () => {
    expect(introducedBy('dockerfile/base-image-latest').map((line) => line.split(':')[0])).toEqual([
      'dockerfile/base-image-digest',
      'dockerfile/build-tools-in-final-image',
      'dockerfile/root-user',
    ]);
  });
});
