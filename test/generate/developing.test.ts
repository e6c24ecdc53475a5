// DEVELOPING.md: build, run hardened with compose, and debug the shell-less image. Its commands are
// checked against the files generated beside it: the sed that makes a debug Dockerfile really
// swaps the final FROM (run here with the real sed), and kubectl debug targets the app's container.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/generate/plan.js';
import { buildView } from '../../src/generate/view.js';
import { PROFILES } from '../helpers/profiles.js';

describe.each(Object.entries(PROFILES))('DEVELOPING.md for %s', (_name, profile) => {
  const files = plan(profile);
  const view = buildView(profile);
  const text = files.find((file) => file.path === 'DEVELOPING.md')!.content;
  const dockerfile = files.find((file) => file.path === view.paths.dockerfile)!.content;

  it('renders completely and names compose.yaml, which the plan writes', () => {
    expect(text).not.toContain('{{');
    expect(text).toContain('docker compose up --build');
    expect(files.some((file) => file.path === 'compose.yaml')).toBe(true);
  });

  it('debugs in the cluster with an ephemeral container under the restricted profile, aimed at the app', () => {
    expect(text).toContain(`kubectl debug -n ${profile.namespace} deploy/${profile.name} -it --image=busybox:1.37 --target=${profile.name} --profile=restricted -- sh`);
  });

  it("builds a local debug image whose final stage is the runtime image's :debug-nonroot tag", () => {
    expect(view.debugImage).toBe(view.runtimeImage.replace(/:nonroot$/, ':debug-nonroot'));
    expect(view.debugImage).toMatch(/^gcr\.io\/distroless\/[a-z0-9-]+:debug-nonroot$/);
    const sed = /^sed '([^']+)' Dockerfile > Dockerfile\.debug$/m.exec(text)![1]!;
    const dir = mkdtempSync(path.join(tmpdir(), 'csc-developing-'));
    try {
      writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
      const debug = execFileSync('sed', [sed, path.join(dir, 'Dockerfile')], { encoding: 'utf8' });
      const froms = debug.split('\n').filter((line) => line.startsWith('FROM '));
      expect(froms.at(-1)).toBe(`FROM ${view.debugImage}`);
      expect(froms.slice(0, -1)).toEqual(dockerfile.split('\n').filter((line) => line.startsWith('FROM ')).slice(0, -1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
