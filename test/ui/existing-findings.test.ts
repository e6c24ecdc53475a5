// Issue 10: before the questions, the wizard audits the Dockerfile and manifests the project already
// has and shows the top findings, so the person sees why the new files differ.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHOWN, existingFindings } from '../../src/ui/wizard/existing-findings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-existing-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('existingFindings', () => {
  it('leads with the most severe findings of the Dockerfile and manifests, counts the rest, and fits the width', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM node:latest\nMAINTAINER someone\nADD . /app\nUSER root\nCMD node server.js\n');
    await mkdir(path.join(dir, 'k8s'));
    await writeFile(
      path.join(dir, 'k8s/pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: true\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        privileged: true\n',
    );
    const lines = await existingFindings(dir, 'web', 80);
    expect(lines[0]).toMatch(/^What weakens the existing setup: \d+ findings \((\d+ critical, )?\d+ high.*\); the generated files avoid them\.$/);
    expect(lines[1]).toMatch(/^ {2}critical +k8s\/pod\.yaml:\d+ /);
    expect(lines.slice(1, 1 + SHOWN)).toHaveLength(SHOWN);
    expect(lines.at(-1)).toMatch(/^ {2}… and \d+ more: npx create-secure-container audit web$/);
    expect(lines.slice(1).every((line) => line.length <= 80)).toBe(true);
  });

  it('says nothing for a project with no Dockerfile or manifests yet', async () => {
    await writeFile(path.join(dir, 'package.json'), '{"name":"web"}\n');
    expect(await existingFindings(dir, 'web', 80)).toEqual([]);
  });

  it('never prints a control character from the repository', async () => {
    await mkdir(path.join(dir, 'k8s'));
    await writeFile(path.join(dir, 'k8s', 'evil\x1b[2J.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x\\u001b[2Jy"\nspec:\n  containers:\n    - name: web\n      image: web:1\n      securityContext:\n        privileged: true\n');
    const lines = await existingFindings(dir, 'web', 200);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('\n')).not.toMatch(/\x1b/);
  });
});
